/**
 * Opening the engine the command line asks for: `--data PATH` (a workspace file or folder;
 * default the bundled demo, generated under `examples/demo/` when missing), `--wandb`
 * (remote W&B with `WANDB_API_KEY` / `WANDB_BASE_URL`), `--project ENTITY/NAME` (default: the
 * first project of the workspace; with `--wandb`, `WANDB_ENTITY`/`WANDB_PROJECT`).
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { connectWandb, openWorkspace, WorkspaceError, type Backend, type LocalBackend } from '../backends/index.js';
import { generateDemoWorkspace } from '../../scripts/demo/generate.js';
import { Engine, parseProjectRef, type ProjectRef } from './engine.js';
import { projectRoot } from './paths.js';

export interface DataOptions {
  readonly data?: string;
  readonly project?: string;
  readonly wandb?: boolean;
  /** Where informational messages go (e.g. "generating the demo workspace…"). */
  readonly notice?: (message: string) => void;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export class UsageError extends Error {}

/** A data source that cannot be opened (missing file, malformed workspace, no W&B key …). */
export class DataError extends Error {}

export function projectOption(text: string | undefined): ProjectRef | null {
  if (text === undefined) return null;
  const ref = parseProjectRef(text);
  if (!ref) throw new UsageError(`--project expects ENTITY/NAME, got ${JSON.stringify(text)}`);
  return ref;
}

/** The demo workspace folder (examples/demo under the project root). */
export const DEMO_DIR = path.join(projectRoot, 'examples', 'demo');

/**
 * Generates the demo workspace into `dir` unless it is there (or `force`). Written to a
 * temporary sibling folder and renamed into place, so concurrent first runs never see half a
 * workspace. Returns whether it generated.
 */
export async function ensureDemo(dir: string = DEMO_DIR, options: { force?: boolean; notice?: (m: string) => void } = {}): Promise<boolean> {
  const done = existsSync(path.join(dir, 'workspace.json'));
  if (done && !options.force) return false;
  options.notice?.(`generating the demo workspace in ${path.relative(process.cwd(), dir) || dir} …`);
  mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    await generateDemoWorkspace(tmp);
    if (options.force && existsSync(dir)) {
      const old = `${dir}.old-${process.pid}-${Date.now()}`;
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      try {
        renameSync(tmp, dir);
      } catch (e) {
        // Another process generated it first (same seed, same bytes): keep theirs.
        if (!existsSync(path.join(dir, 'workspace.json'))) throw e;
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

function firstProject(backend: LocalBackend): ProjectRef | null {
  for (const e of backend.store.entities) {
    const p = e.projects[0];
    if (p) return { entity: e.name, name: p.name };
  }
  return null;
}

/** The engine for the given options. */
export async function openEngine(options: DataOptions = {}): Promise<Engine> {
  const env = options.env ?? process.env;
  const explicit = projectOption(options.project);
  if (options.wandb) {
    if (options.data !== undefined) throw new UsageError('--wandb and --data are alternatives: give one');
    let backend: Backend;
    try {
      backend = connectWandb({ env: { ...env } });
    } catch (e) {
      throw new DataError(`cannot connect to W&B: ${(e as Error).message}`);
    }
    const fromEnv = env.WANDB_ENTITY && env.WANDB_PROJECT ? { entity: env.WANDB_ENTITY, name: env.WANDB_PROJECT } : null;
    return new Engine({ backend, source: backend.name, project: explicit ?? fromEnv, generation: `${backend.name}#${Date.now()}` });
  }
  let dataPath = options.data;
  if (dataPath === undefined) {
    await ensureDemo(DEMO_DIR, { notice: options.notice });
    dataPath = DEMO_DIR;
  }
  let backend: LocalBackend;
  try {
    backend = await openWorkspace(dataPath);
  } catch (e) {
    if (e instanceof WorkspaceError) throw new DataError(e.message);
    throw new DataError(`cannot open ${dataPath}: ${(e as Error).message}`);
  }
  const project = explicit ?? firstProject(backend);
  return new Engine({ backend, source: backend.name, project, generation: `${backend.name}#${fingerprint(dataPath)}` });
}

/** Changes when the workspace file changes (size and modification time). */
function fingerprint(dataPath: string): string {
  try {
    let p = path.resolve(dataPath);
    if (statSync(p).isDirectory()) p = path.join(p, 'workspace.json');
    const s = statSync(p);
    return `${s.size}-${Math.round(s.mtimeMs)}`;
  } catch {
    return String(Date.now());
  }
}
