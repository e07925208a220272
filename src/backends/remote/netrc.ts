/** Reads the W&B API key from a netrc file, as the W&B SDK does (`machine <host> login user password <key>`). */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Tokens of a netrc file (whitespace-separated; `#` comments to end of line). */
function tokens(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .join('\n')
    .split(/\s+/)
    .filter((t) => t !== '');
}

/** The `password` of the entry for `host` (or of `default`) in netrc text, or null. */
export function netrcPassword(text: string, host: string): string | null {
  const t = tokens(text);
  let fallback: string | null = null;
  for (let i = 0; i < t.length; i++) {
    const isMachine = t[i] === 'machine' && t[i + 1] === host;
    const isDefault = t[i] === 'default';
    if (!isMachine && !isDefault) continue;
    for (let j = i + (isMachine ? 2 : 1); j < t.length && t[j] !== 'machine' && t[j] !== 'default'; j += 2) {
      if (t[j] === 'password') {
        if (isMachine) return t[j + 1] ?? null;
        fallback ??= t[j + 1] ?? null;
      }
      if (t[j] === 'macdef') break;
    }
  }
  return fallback;
}

/** Looks in `$NETRC` or `~/.netrc` (`~/_netrc` on Windows) for the API host's key. */
export function apiKeyFromNetrc(host: string, env: Record<string, string | undefined>): { key: string; file: string } | null {
  const candidates = env.NETRC ? [env.NETRC] : [join(homedir(), '.netrc'), join(homedir(), '_netrc')];
  for (const file of candidates) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const key = netrcPassword(text, host);
    if (key) return { key, file };
  }
  return null;
}
