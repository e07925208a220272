/**
 * Node-only entry of the local backend: opens a workspace from a file or folder and reads the
 * files it references, refusing anything that resolves outside the workspace folder (including
 * through symlinks).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createLocalBackend, type LocalBackend, type LocalBackendOptions } from './backend.js';
import { normalizeRelativePath } from './paths.js';
import { WorkspaceError, type FileSource } from './store.js';

/** Raised when a file reference resolves outside the workspace folder. */
export class PathEscapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathEscapeError';
  }
}

/** A FileSource over a folder; every read resolves symlinks and must stay inside the folder. */
export function folderFileSource(root: string): FileSource {
  const absRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  const resolveInside = async (rel: string): Promise<string> => {
    const n = normalizeRelativePath(rel);
    if (!n.ok) throw new PathEscapeError(`refused ${JSON.stringify(rel)}: ${n.reason}`);
    const rootReal = await (realRoot ??= realpath(absRoot));
    const real = await realpath(path.join(rootReal, ...n.path.split('/')));
    const relToRoot = path.relative(rootReal, real);
    if (relToRoot === '' || relToRoot.startsWith('..') || path.isAbsolute(relToRoot)) {
      throw new PathEscapeError(`refused ${JSON.stringify(rel)}: it resolves outside the workspace folder ${absRoot}`);
    }
    return real;
  };
  return {
    root: absRoot,
    async read(rel: string, signal?: AbortSignal): Promise<Uint8Array> {
      const file = await resolveInside(rel);
      return new Uint8Array(await readFile(file, { signal }));
    },
    async size(rel: string): Promise<number> {
      return (await stat(await resolveInside(rel))).size;
    },
  };
}

export interface OpenWorkspaceOptions extends Omit<LocalBackendOptions, 'files' | 'source'> {
  /** Folder that `path` references are relative to, when the workspace is given as JSON. */
  root?: string;
}

/**
 * Opens a workspace and returns its local backend.
 * - a folder: reads `<folder>/workspace.json`, files relative to the folder;
 * - a `.json` file path: files relative to the file's folder;
 * - JSON text (starts with `{`) or a parsed object: files relative to `opts.root` (if given).
 * Throws WorkspaceError (with JSON paths) for malformed workspaces.
 */
export async function openWorkspace(pathOrJson: string | object, opts: OpenWorkspaceOptions = {}): Promise<LocalBackend> {
  const { root, ...rest } = opts;
  if (typeof pathOrJson !== 'string' || pathOrJson.trimStart().startsWith('{')) {
    const files = root ? folderFileSource(root) : null;
    return createLocalBackend(pathOrJson, { ...rest, files, name: rest.name ?? 'local' });
  }
  let file = path.resolve(pathOrJson);
  let info;
  try {
    info = await stat(file);
  } catch (e) {
    throw new WorkspaceError([{ path: '$', message: `cannot open workspace ${file}: ${(e as Error).message}` }]);
  }
  if (info.isDirectory()) file = path.join(file, 'workspace.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new WorkspaceError([{ path: '$', message: `cannot read ${file}: ${(e as Error).message}` }]);
  }
  const folder = root ? path.resolve(root) : path.dirname(file);
  return createLocalBackend(text, {
    ...rest,
    files: folderFileSource(folder),
    source: file,
    name: rest.name ?? `local:${folder}`,
  });
}
