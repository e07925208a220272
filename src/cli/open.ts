/**
 * Opening the engine the command line asks for: `--data PATH` (a workspace file or folder;
 * default the bundled demo, generated under `examples/demo/` when missing), `--wandb`
 * (remote W&B with `WANDB_API_KEY` / `WANDB_BASE_URL`), `--project ENTITY/NAME`.
 */
import { Engine, parseProjectRef, type ProjectRef } from './engine.js';

export interface DataOptions {
  readonly data?: string;
  readonly project?: string;
  readonly wandb?: boolean;
  /** Where informational messages go (e.g. "generating the demo workspace…"). */
  readonly notice?: (message: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

export class UsageError extends Error {}

export function projectOption(text: string | undefined): ProjectRef | null {
  if (text === undefined) return null;
  const ref = parseProjectRef(text);
  if (!ref) throw new UsageError(`--project expects ENTITY/NAME, got ${JSON.stringify(text)}`);
  return ref;
}

/** The engine for the given options. */
export async function openEngine(options: DataOptions = {}): Promise<Engine> {
  const project = projectOption(options.project);
  return new Engine({ project });
}
