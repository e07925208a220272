/** `panelql serve`: the evaluation server on a worker pool, until SIGINT / SIGTERM. */
import { openEngine, UsageError } from '../cli/open.js';
import type { CliContext } from '../cli/program.js';
import { createServer, type ServerLimits } from './app.js';
import { WorkerPool } from './pool.js';
import { LocalRunner, type Runner } from './runner.js';

function intOption(opts: Record<string, string | boolean | undefined>, name: string, flag: string, min = 0): number | undefined {
  const v = opts[name];
  if (v === undefined || typeof v === 'boolean') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return n;
}

export async function serveCommand(ctx: CliContext, opts: Record<string, string | boolean | undefined>): Promise<number> {
  const port = intOption(opts, 'port', '--port') ?? 8080;
  if (port > 65535) throw new UsageError(`--port expects 0…65535, got ${port}`);
  const host = typeof opts.host === 'string' ? opts.host : '127.0.0.1';
  const apiKey = (typeof opts.apiKey === 'string' ? opts.apiKey : ctx.io.env.PANELQL_API_KEY) || null;
  const workers = intOption(opts, 'workers', '--workers');
  const memoryMb = intOption(opts, 'workerMemory', '--worker-memory', 16);
  const limits: Partial<ServerLimits> = {
    maxBodyBytes: intOption(opts, 'maxBody', '--max-body', 1),
    maxExprLength: intOption(opts, 'maxExprLength', '--max-expr-length', 1),
    maxExprDepth: intOption(opts, 'maxDepth', '--max-depth', 1),
    maxTimeMs: intOption(opts, 'maxTime', '--max-time', 1),
    maxResultBytes: intOption(opts, 'maxResult', '--max-result', 1),
    cacheTtlMs: intOption(opts, 'cacheTtl', '--cache-ttl'),
  };

  const engine = await openEngine(ctx.data);
  let runner: Runner;
  if (workers === 0) runner = new LocalRunner(engine);
  else {
    // The pool's workers open the same data (the demo exists by now: openEngine made it).
    runner = await WorkerPool.start({ data: { ...ctx.data, notice: undefined }, size: workers, memoryMb });
  }
  const app = await createServer({ runner, engine, apiKey, limits });
  const address = await app.listen({ port, host });
  ctx.io.stderr.write(`panelql server listening on ${address} (${engine.source}${apiKey ? ', API key required' : ''})\n`);

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  ctx.io.stderr.write('panelql server stopping\n');
  await app.close();
  await runner.close();
  if (workers !== 0) await engine.close();
  return 0;
}
