/**
 * Timestamps as W&B writes them: ISO-8601, usually without a zone (`2019-03-01T02:44:20`), which
 * means UTC. We accept an optional `Z`/`±hh:mm` offset and always answer in W&B's form (UTC, no
 * suffix; milliseconds kept when present). Browser-safe.
 */

export interface Timestamp {
  /** `YYYY-MM-DDTHH:MM:SS[.sss]`, UTC, no zone suffix. */
  iso: string;
  /** Milliseconds since the Unix epoch. */
  ms: number;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function parseTimestamp(text: string): Timestamp | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const millis = frac ? Math.floor(Number(frac.padEnd(3, '0').slice(0, 3))) : 0;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Reject dates that Date.UTC silently rolled over (2023-02-30).
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    ms -= sign * offMin * 60_000;
  }
  return { iso: formatTimestamp(ms), ms };
}

export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2023-01-01T00:00:00.000Z
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}
