/**
 * The `panelql` command line (commander@14): eval, type, print, gql, serve, repl (the
 * default), demo. Results go to stdout, diagnostics and progress to stderr.
 *
 * Exit status for one expression: 0 ok, 1 runtime error, 2 parse error, 3 type error;
 * 64 for a usage error (unknown option, bad `--project` …). With `--file`, every line gets a
 * JSON answer on stdout and the status is 0 when every line succeeded, 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { typeToString, type ErrorReport, type JsonValue } from '../index.js';
import type { Engine } from './engine.js';
import { EXIT, errorJson, exitCodeFor, formatReport } from './errors.js';
import { FORMATS, type Format } from './format.js';
import { openEngine, UsageError, type DataOptions } from './open.js';
import { OutputError, writeValue } from './output.js';
import { startProgress } from './progress.js';
import { colorsFor, makeStyle, type Style } from './style.js';

export const EXIT_USAGE = 64;

export interface CliIO {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; fd?: number };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
}

/** Options shared by every subcommand (declared on the program; accepted before or after the subcommand). */
export interface GlobalOptions {
  data?: string;
  project?: string;
  wandb?: boolean;
  format: Format;
  out?: string;
  color: boolean;
  progress: boolean;
  var?: string[];
  timeout?: string;
}

interface ExprCommandOptions {
  file?: string;
  multiline?: boolean;
}

export interface CliContext {
  readonly io: CliIO;
  readonly outStyle: Style;
  readonly errStyle: Style;
  readonly options: GlobalOptions;
  readonly data: DataOptions;
}

function context(io: CliIO, options: GlobalOptions): CliContext {
  return {
    io,
    options,
    outStyle: makeStyle(colorsFor(io.stdout, io.env, options.color)),
    errStyle: makeStyle(colorsFor(io.stderr, io.env, options.color)),
    data: {
      data: options.data,
      project: options.project,
      wandb: options.wandb,
      env: io.env,
      notice: (m) => io.stderr.write(m + '\n'),
    },
  };
}

/** Parses `name=value` pairs (`--var`); the value is JSON when it parses as JSON, else a string. */
export function parseVars(pairs: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var expects NAME=VALUE, got ${JSON.stringify(pair)}`);
    const name = pair.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === '__proto__') throw new UsageError(`--var: ${JSON.stringify(name)} is not a variable name`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      /* a plain string */
    }
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function timeoutOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout expects milliseconds > 0, got ${JSON.stringify(text)}`);
  return n;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The expression of a subcommand: its words joined by spaces, or stdin when none are given and stdin is not a terminal. */
async function expressionText(parts: readonly string[], io: CliIO, command: string): Promise<string> {
  if (parts.length > 0) return parts.join(' ');
  if (io.stdin.isTTY) throw new UsageError(`${command}: give an expression (panelql ${command} 'runs.count'), --file F, or pipe it on stdin`);
  return (await readAll(io.stdin)).replace(/\r?\n$/, '');
}

/** Non-empty lines of `--file F` (`-` reads stdin), with their 1-based line numbers. */
async function fileLines(file: string, io: CliIO): Promise<{ text: string; line: number }[]> {
  let content: string;
  try {
    content = file === '-' ? await readAll(io.stdin) : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const out: { text: string; line: number }[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    if (text.trim() !== '') out.push({ text, line: i + 1 });
  });
  return out;
}

function writeError(ctx: CliContext, text: string, error: ErrorReport): number {
  ctx.io.stderr.write(formatReport(text, error, ctx.errStyle) + '\n');
  return exitCodeFor(error.kind);
}

/** Data notes (`truncated` …) as warnings on stderr. */
function writeNotes(ctx: CliContext, notes: readonly { code: string; message: string }[] | undefined): void {
  for (const n of notes ?? []) ctx.io.stderr.write(`${ctx.errStyle.yellow('warning')}: ${n.message}\n`);
}

function jsonLine(ctx: CliContext, value: unknown): void {
  ctx.io.stdout.write(JSON.stringify(value) + '\n');
}

async function withEngine<T>(ctx: CliContext, f: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openEngine(ctx.data);
  try {
    return await f(engine);
  } finally {
    await engine.close();
  }
}

export async function evalCommand(ctx: CliContext, parts: readonly string[], opts: ExprCommandOptions): Promise<number> {
  const variables = parseVars(ctx.options.var);
  const timeoutMs = timeoutOption(ctx.options.timeout);
  const lines = opts.file !== undefined ? await fileLines(opts.file, ctx.io) : null;
  const texts = lines ? lines.map((l) => l.text) : [await expressionText(parts, ctx.io, 'eval')];
  return withEngine(ctx, async (engine) => {
    // Ctrl-C keeps its default meaning here (end the process at once, even mid-evaluation).
    const progress = startProgress('evaluating', { stream: ctx.io.stderr as NodeJS.WriteStream, enabled: ctx.options.progress && ctx.io.stderr.isTTY === true && !ctx.io.env.CI });
    let results;
    try {
      results = await engine.evaluate(texts, { variables, timeoutMs, onProgress: (p) => progress.update(p) });
    } finally {
      progress.stop();
    }
    if (lines) {
      let status: number = EXIT.ok;
      results.forEach((r, i) => {
        const notes = r.diagnostics && r.diagnostics.length > 0 ? { diagnostics: r.diagnostics } : {};
        if (r.ok) jsonLine(ctx, { value: r.value, ...notes });
        else {
          status = EXIT.runtime;
          jsonLine(ctx, { error: errorJson(r.error, lines[i].line - 1), ...notes });
        }
      });
      return status;
    }
    const r = results[0];
    writeNotes(ctx, r.diagnostics);
    if (!r.ok) return writeError(ctx, texts[0], r.error);
    return await emit(ctx, r.value);
  });
}

async function emit(ctx: CliContext, value: JsonValue): Promise<number> {
  try {
    const note = await writeValue(value, { format: ctx.options.format, out: ctx.options.out, style: ctx.outStyle, stdout: ctx.io.stdout });
    if (note) ctx.io.stderr.write(ctx.errStyle.dim(note) + '\n');
    return EXIT.ok;
  } catch (e) {
    if (e instanceof OutputError) throw new UsageError(e.message);
    throw e;
  }
}

export async function typeCommand(ctx: CliContext, parts: readonly string[], opts: ExprCommandOptions): Promise<number> {
  const variables = parseVars(ctx.options.var);
  const lines = opts.file !== undefined ? await fileLines(opts.file, ctx.io) : null;
  const texts = lines ? lines.map((l) => l.text) : [await expressionText(parts, ctx.io, 'type')];
  return withEngine(ctx, async (engine) => {
    if (lines) {
      let status: number = EXIT.ok;
      const types = await engine.typesOfWithData(texts, { variables });
      for (let i = 0; i < texts.length; i++) {
        const r = types[i];
        if (r.ok) jsonLine(ctx, { type: r.json });
        else {
          status = EXIT.runtime;
          jsonLine(ctx, { error: errorJson(r.error, lines[i].line - 1) });
        }
      }
      return status;
    }
    const r = await engine.typeOfWithData(texts[0], { variables });
    if (!r.ok) return writeError(ctx, texts[0], r.error);
    const f = ctx.options.format;
    ctx.io.stdout.write((f === 'json' || f === 'jsonl' ? JSON.stringify(r.json) : typeToString(r.type)) + '\n');
    return EXIT.ok;
  });
}

export async function printCommand(ctx: CliContext, parts: readonly string[], opts: ExprCommandOptions): Promise<number> {
  const lines = opts.file !== undefined ? await fileLines(opts.file, ctx.io) : null;
  const texts = lines ? lines.map((l) => l.text) : [await expressionText(parts, ctx.io, 'print')];
  return withEngine(ctx, async (engine) => {
    if (lines) {
      let status: number = EXIT.ok;
      texts.forEach((text, i) => {
        const r = engine.print(text, opts.multiline === true);
        if (r.ok) jsonLine(ctx, { text: r.text });
        else {
          status = EXIT.runtime;
          jsonLine(ctx, { error: errorJson(r.error, lines[i].line - 1) });
        }
      });
      return status;
    }
    const r = engine.print(texts[0], opts.multiline === true);
    if (!r.ok) return writeError(ctx, texts[0], r.error);
    const f = ctx.options.format;
    ctx.io.stdout.write((f === 'json' || f === 'jsonl' ? JSON.stringify(r.text) : r.text) + '\n');
    return EXIT.ok;
  });
}

export async function gqlCommand(ctx: CliContext, parts: readonly string[], opts: ExprCommandOptions): Promise<number> {
  const texts = opts.file !== undefined ? (await fileLines(opts.file, ctx.io)).map((l) => l.text) : [await expressionText(parts, ctx.io, 'gql')];
  return withEngine(ctx, async (engine) => {
    const r = engine.gql(texts);
    if (!r.ok) return writeError(ctx, texts.length === 1 ? texts[0] : '', r.error);
    const f = ctx.options.format;
    if (f === 'json' || f === 'jsonl') jsonLine(ctx, { query: r.query, ...(r.note ? { note: r.note } : {}) });
    else if (r.query !== null) ctx.io.stdout.write(r.query + '\n');
    else ctx.io.stderr.write(ctx.errStyle.dim(r.note ?? 'no query') + '\n');
    return EXIT.ok;
  });
}

export interface CommandHandlers {
  repl(ctx: CliContext): Promise<number>;
  serve(ctx: CliContext, opts: Record<string, string | boolean | undefined>): Promise<number>;
  demo?(ctx: CliContext, opts: { out?: string; force?: boolean }): Promise<number>;
}

/** Builds the commander program; `run` receives each action's exit status. */
export function buildProgram(io: CliIO, handlers: CommandHandlers, setStatus: (n: number) => void): Command {
  const program = new Command('panelql');
  program
    .description('Evaluate W&B Query Panel expressions (runs.summary["loss"].avg …) from the command line, a REPL or an HTTP server.')
    .version('0.1.0', '-V, --version')
    .option('--data <path>', 'workspace file or folder (default: the bundled demo, generated under examples/demo/ when missing)')
    .option('--project <entity/name>', 'bind `project` and `runs` to this project, as a panel would')
    .option('--wandb', 'read data from W&B (WANDB_API_KEY, WANDB_BASE_URL)')
    .addOption(new Option('--format <format>', 'result format').choices(FORMATS).default('table'))
    .option('--out <file>', 'write the result to FILE (required for --format arrow on a terminal)')
    .option('--var <name=value>', 'bind a variable (value as JSON, else a string); repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .option('--timeout <ms>', 'cancel an evaluation after this many milliseconds')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--no-progress', 'no progress bar on stderr')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });

  const ctxOf = (cmd: Command): CliContext => context(io, cmd.optsWithGlobals<GlobalOptions>());
  const exprCommand = (name: string, description: string, f: (ctx: CliContext, parts: string[], opts: ExprCommandOptions) => Promise<number>): Command =>
    program
      .command(name)
      .description(description)
      .argument('[expr...]', 'the expression (words are joined with spaces; use -- before an expression starting with -)')
      .option('--file <file>', 'one expression per non-empty line of FILE (- for stdin); one JSON line per expression')
      .action(async (parts: string[], opts: ExprCommandOptions, cmd: Command) => setStatus(await f(ctxOf(cmd), parts, opts)));

  exprCommand('eval', 'evaluate an expression and print its value', evalCommand);
  exprCommand('type', 'print the type of an expression', typeCommand);
  exprCommand('print', 'print an expression in canonical form', printCommand).option('--multiline', 'one chained call per line');
  exprCommand('gql', 'print the GraphQL query an expression would send', gqlCommand);

  program
    .command('repl', { isDefault: true })
    .description('interactive prompt (the default command)')
    .action(async (_opts: unknown, cmd: Command) => setStatus(await handlers.repl(ctxOf(cmd))));

  program
    .command('serve')
    .description('HTTP evaluation server: POST /v1/eval, POST /__weave/execute, GET /v1/ops, GET /healthz')
    .option('--port <n>', 'port (0: any free port)', '8080')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--api-key <key>', 'require Authorization: Bearer KEY (default: PANELQL_API_KEY)')
    .option('--max-body <bytes>', 'largest request body (default 1048576; 413 beyond)')
    .option('--max-expr-length <chars>', 'longest expression (default 10000; 422 beyond)')
    .option('--max-depth <n>', 'deepest nesting of an expression (default 100; 422 beyond)')
    .option('--max-time <ms>', 'longest evaluation of one request (default 10000; 504 beyond)')
    .option('--max-result <bytes>', 'largest response (default 16777216; 413 beyond)')
    .option('--cache-ttl <ms>', 'how long identical requests are answered from the cache (default 5000; 0: off)')
    .option('--workers <n>', 'evaluation worker threads (default: CPUs, at most 4; 0: on the HTTP thread)')
    .option('--worker-memory <MiB>', 'heap limit of each worker thread (default 1024)')
    .action(async (opts: Record<string, string | boolean | undefined>, cmd: Command) => setStatus(await handlers.serve(ctxOf(cmd), opts)));

  const demo = handlers.demo;
  if (demo) program
    .command('demo')
    .description('generate the demo workspace (examples/demo/) and print where it is')
    .argument('[dir]', 'folder to generate into (default examples/demo)')
    .option('--force', 'regenerate even when it exists')
    .action(async (dir: string | undefined, opts: { force?: boolean }, cmd: Command) => setStatus(await demo(ctxOf(cmd), { out: dir, force: opts.force })));

  return program;
}

/** Runs the CLI; resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIO, handlers: CommandHandlers): Promise<number> {
  let status: number = EXIT.ok;
  const program = buildProgram(io, handlers, (n) => (status = n));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT_USAGE;
    }
    const style = makeStyle(colorsFor(io.stderr, io.env));
    if (e instanceof UsageError) {
      io.stderr.write(`${style.red('error')}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`${style.red('error')}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.runtime;
  }
}
