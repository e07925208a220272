/** Small helpers of the local backend: JSON paths, workspace-relative paths, MIME types. Browser-safe. */

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends an object key to a JSON path: `$.a` + `b` → `$.a.b`, `$.a` + `x/y` → `$.a["x/y"]`. */
export function keyPath(path: string, key: string): string {
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function indexPath(path: string, i: number): string {
  return `${path}[${i}]`;
}

/**
 * Checks a workspace-relative file path (the `path` of a file entry or of a history file) and
 * returns it normalized (`./a//b` → `a/b`), or an explanation of why it is refused: absolute
 * paths, drive letters, backslashes, NUL bytes and any `..` that climbs out of the folder.
 */
export function normalizeRelativePath(p: string): { ok: true; path: string } | { ok: false; reason: string } {
  if (p.length === 0) return { ok: false, reason: 'the path is empty' };
  if (p.includes('\0')) return { ok: false, reason: 'the path contains a NUL byte' };
  if (p.includes('\\')) return { ok: false, reason: 'the path contains a backslash (use "/")' };
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) {
    return { ok: false, reason: `absolute path ${JSON.stringify(p)} is not allowed; paths are relative to the workspace folder` };
  }
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) {
        return { ok: false, reason: `path ${JSON.stringify(p)} escapes the workspace folder` };
      }
      out.pop();
      continue;
    }
    out.push(seg);
  }
  if (out.length === 0) return { ok: false, reason: `path ${JSON.stringify(p)} names the workspace folder itself` };
  return { ok: true, path: out.join('/') };
}

/**
 * Checks the name of an entry inside an artifact or run (`media/images/x.png`): relative,
 * `/`-separated, no `.`/`..`/empty segments.
 */
export function checkEntryName(name: string): string | null {
  if (name.length === 0) return 'the file name is empty';
  if (name.startsWith('/')) return 'file names are relative (no leading "/")';
  if (name.includes('\\')) return 'file names use "/" as separator';
  if (name.includes('\0')) return 'the file name contains a NUL byte';
  for (const seg of name.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') return `file name ${JSON.stringify(name)} has an empty, "." or ".." segment`;
  }
  return null;
}

const MIME: Record<string, string> = {
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  yaml: 'application/x-yaml',
  yml: 'application/x-yaml',
  npz: 'application/octet-stream',
  parquet: 'application/vnd.apache.parquet',
  wav: 'audio/wav',
  mp4: 'video/mp4',
};

export function mimeTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  return MIME[ext] ?? 'application/octet-stream';
}
