/**
 * UTF-8 helpers for string columns (offsets + bytes). Kernels compare and hash bytes directly and
 * decode to JS strings only where a JS string operation is unavoidable.
 */

// ignoreBOM: a leading U+FEFF is part of the string (the default would drop it)
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/**
 * Decodes bytes `[start, end)`. Short pure-ASCII strings are assembled with `fromCharCode`
 * (several times faster than `TextDecoder` per call); everything else goes through
 * `TextDecoder`, which also defines the handling of invalid sequences (U+FFFD).
 */
export function decodeUtf8(data: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len === 0) return '';
  if (len <= 24) {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (data[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      let s = '';
      for (let i = start; i < end; i++) s += String.fromCharCode(data[i]);
      return s;
    }
  }
  return decoder.decode(data.subarray(start, end));
}

/** UTF-8 bytes of a JS string. */
export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export interface EncodedStrings {
  offsets: Int32Array;
  data: Uint8Array;
  validity: Uint8Array | null;
  nullCount: number;
}

/** Encodes a list of strings (null/undefined = null) as Arrow Utf8 buffers. */
export function encodeStrings(values: ArrayLike<string | null | undefined>): EncodedStrings {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let cap = 16;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s != null) cap += s.length;
  }
  let data = new Uint8Array(cap);
  let pos = 0;
  let validity: Uint8Array | null = null;
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s == null) {
      if (validity === null) {
        validity = new Uint8Array(((n + 63) >>> 6) << 3);
        for (let j = 0; j < i; j++) validity[j >>> 3] |= 1 << (j & 7);
      }
      nullCount++;
      offsets[i + 1] = pos;
      continue;
    }
    if (validity !== null) validity[i >>> 3] |= 1 << (i & 7);
    const L = s.length;
    // fast path: ASCII
    let k = 0;
    if (pos + L <= data.length) {
      for (; k < L; k++) {
        const c = s.charCodeAt(k);
        if (c >= 0x80) break;
        data[pos + k] = c;
      }
    }
    if (k === L) {
      pos += L;
    } else {
      const bytes = encoder.encode(s);
      if (pos + bytes.length > data.length) {
        const next = new Uint8Array(Math.max(data.length * 2, pos + bytes.length + 16));
        next.set(data.subarray(0, pos));
        data = next;
      }
      data.set(bytes, pos);
      pos += bytes.length;
    }
    offsets[i + 1] = pos;
  }
  return { offsets, data: data.subarray(0, pos), validity, nullCount };
}

/** Number of code points in bytes `[start, end)` (counts non-continuation bytes). */
export function codePointLength(data: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if ((data[i] & 0xc0) !== 0x80) n++;
  return n;
}

/** Byte equality of `data[start, end)` with `needle`. */
export function bytesEqual(data: Uint8Array, start: number, end: number, needle: Uint8Array): boolean {
  const L = needle.length;
  if (end - start !== L) return false;
  for (let k = 0; k < L; k++) if (data[start + k] !== needle[k]) return false;
  return true;
}

/** Equality of two byte ranges (possibly in different buffers). */
export function rangesEqual(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  const L = ae - as;
  if (be - bs !== L) return false;
  for (let k = 0; k < L; k++) if (a[as + k] !== b[bs + k]) return false;
  return true;
}

/** 32-bit FNV-1a style hash of a byte range (mixed at the end). */
export function hashBytes(data: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    h ^= data[i];
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/** True when `s` is a canonical array index ("0" … "4294967294"): JS objects order these keys first. */
export function isArrayIndexString(s: string): boolean {
  const L = s.length;
  if (L === 0 || L > 10) return false;
  const c0 = s.charCodeAt(0);
  if (c0 < 48 || c0 > 57) return false;
  if (c0 === 48) return L === 1;
  for (let i = 1; i < L; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return L < 10 || Number(s) <= 4294967294;
}

/** Same test on UTF-8 bytes; returns the index value or -1. */
export function arrayIndexOfBytes(data: Uint8Array, start: number, end: number): number {
  const L = end - start;
  if (L === 0 || L > 10) return -1;
  const c0 = data[start];
  if (c0 < 48 || c0 > 57) return -1;
  if (c0 === 48) return L === 1 ? 0 : -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = data[i];
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v <= 4294967294 ? v : -1;
}

/**
 * Appends UTF-8 rows to growing offsets + bytes buffers (the output side of the string
 * transform kernels). Row k is finished with `end(k)` (a null row is finished without bytes).
 */
export class Utf8Builder {
  readonly offsets: Int32Array;
  data: Uint8Array;
  pos = 0;

  constructor(rows: number, capacity: number) {
    this.offsets = new Int32Array(rows + 1);
    this.data = new Uint8Array(Math.max(16, capacity));
  }

  /** Room for `extra` more bytes. */
  reserve(extra: number): void {
    const need = this.pos + extra;
    if (need <= this.data.length) return;
    let cap = this.data.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.data.subarray(0, this.pos));
    this.data = next;
  }

  /** Appends bytes `[start, end)` of `src`. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const L = end - start;
    this.reserve(L);
    const d = this.data;
    let p = this.pos;
    if (L < 32) for (let i = start; i < end; i++) d[p++] = src[i];
    else {
      d.set(src.subarray(start, end), p);
      p += L;
    }
    this.pos = p;
  }

  /** Appends a JS string (lone surrogates become U+FFFD, as with `TextEncoder`). */
  string(s: string): void {
    const L = s.length;
    this.reserve(L * 3);
    const d = this.data;
    let p = this.pos;
    let k = 0;
    for (; k < L; k++) {
      const c = s.charCodeAt(k);
      if (c >= 0x80) break;
      d[p + k] = c;
    }
    if (k === L) {
      this.pos = p + L;
      return;
    }
    p += k;
    const r = encoder.encodeInto(k === 0 ? s : s.slice(k), d.subarray(p));
    this.pos = p + r.written;
  }

  /** Ends row `k` at the current position. */
  end(k: number): void {
    this.offsets[k + 1] = this.pos;
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    return this.data.subarray(0, this.pos);
  }
}

/** True when `s` holds an unpaired surrogate (a string a UTF-8 column cannot represent). */
export function hasLoneSurrogate(s: string): boolean {
  const L = s.length;
  for (let i = 0; i < L; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return true;
    const d = i + 1 < L ? s.charCodeAt(i + 1) : 0;
    if (d < 0xdc00 || d > 0xdfff) return true;
    i++;
  }
  return false;
}

/** True when bytes `[start, end)` are all ASCII. */
export function isAsciiRange(data: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (data[i] >= 0x80) return false;
  return true;
}
