/** Spawning the real `panelql` command (bin/panelql.js) and talking to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = fileURLToPath(new URL('../../bin/panelql.js', import.meta.url));

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string;
  readonly env?: Record<string, string | undefined>;
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

/** A clean environment: no colours unless asked, no CI, a private history file. */
export function testEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, PANELQL_HISTORY: '', CI: '1' };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function start(args: readonly string[], options: RunOptions = {}): ChildProcess {
  return spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    env: testEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess, timeoutMs = 60_000): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `panelql ARGS` to completion. */
export function run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const child = start(args, options);
  const done = collect(child, options.timeoutMs);
  child.stdin?.end(options.input ?? '');
  return done;
}

/** Resolves when `stream` has printed text matching `pattern`. */
export function waitFor(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const s = child[stream]!;
    const timer = setTimeout(() => {
      s.off('data', onData);
      reject(new Error(`no ${pattern} on ${stream} after ${timeoutMs} ms; saw: ${seen}`));
    }, timeoutMs);
    const onData = (d: Buffer | string): void => {
      seen += d.toString();
      const m = seen.match(pattern);
      if (m) {
        clearTimeout(timer);
        s.off('data', onData);
        resolve(m);
      }
    };
    s.on('data', onData);
  });
}

/** Warm the bundle cache once so tests measure the CLI, not the first build. */
let warmed: Promise<RunResult> | null = null;
export function warm(): Promise<RunResult> {
  return (warmed ??= run(['--version']));
}
