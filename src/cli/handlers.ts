/** The long-running subcommands: repl, serve, demo. */
import { startRepl, defaultHistoryFile } from './repl.js';
import { openEngine } from './open.js';
import { parseVars, type CommandHandlers } from './program.js';
import { isFormat } from './format.js';
import { workerEvaluator } from './evaluator.js';

export const handlers: CommandHandlers = {
  async repl(ctx) {
    const engine = await openEngine(ctx.data);
    const evaluator = workerEvaluator(engine, ctx.data);
    try {
      const timeout = ctx.options.timeout === undefined ? undefined : Number(ctx.options.timeout);
      return await startRepl({
        engine,
        evaluator,
        input: ctx.io.stdin,
        output: ctx.io.stdout,
        errorOutput: ctx.io.stderr,
        format: isFormat(ctx.options.format) ? ctx.options.format : 'table',
        out: ctx.options.out,
        outStyle: ctx.outStyle,
        errStyle: ctx.errStyle,
        historyFile: defaultHistoryFile(ctx.io.env),
        progress: ctx.options.progress,
        timeoutMs: timeout !== undefined && Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
        variables: parseVars(ctx.options.var),
      });
    } finally {
      await evaluator.close();
      await engine.close();
    }
  },
  async demo(ctx, opts) {
    const { demoCommand } = await import('./demo.js');
    return demoCommand(ctx, opts);
  },
  async serve(ctx, opts) {
    const { serveCommand } = await import('../server/command.js');
    return serveCommand(ctx, opts);
  },
};
