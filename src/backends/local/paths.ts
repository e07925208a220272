/** Small helpers shared by the local backend: JSON paths, workspace-relative paths, ids. Browser-safe. */

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

const textEncoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return textEncoder.encode(s);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of bytes (browser-safe, no Buffer). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63] + '=' : '==';
  }
  return out;
}

/** Decodes standard or URL-safe base64; returns null on invalid input. */
export function unbase64(s: string): Uint8Array | null {
  const clean = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of clean) {
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

export function base64Text(s: string): string {
  return base64(utf8(s));
}

export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function unhex(s: string): Uint8Array | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(s)) return null;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** 64-bit FNV-1a of a string, as 16 hex digits. Deterministic ids and digests, not security. */
export function fnv64(s: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (const b of utf8(s)) {
    h ^= BigInt(b);
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
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
