/**
 * Element-wise string transforms (string in, string out) over `string` and `dict` columns, with
 * the semantics of the `string-*` resolvers (src/ops/string.ts):
 *
 * - a null receiver row gives null; a null string argument counts as `""`;
 * - `lower` / `upper`: `toLowerCase` / `toUpperCase` (not the locale variants);
 * - `strip` / `lStrip` / `rStrip`: `trim` / `trimStart` / `trimEnd` (JS white space, Unicode
 *   included);
 * - `slice(begin, end)`: `String.prototype.slice` on UTF-16 positions, null bounds open;
 * - `replace(re, sub)`: `String.prototype.replace` with a global regular expression;
 * - `+` / `append` / `prepend`: concatenation (bytes are concatenated directly: the UTF-8 of
 *   `a + b` is the UTF-8 of `a` followed by that of `b` for well-formed strings);
 * - `number.toString`: `String(x)`.
 *
 * A dictionary column is transformed once per dictionary entry: the result is a new
 * dictionary with the same indices (entries may then repeat, which every kernel tolerates).
 * ASCII values are transformed on their bytes; others are decoded, transformed as JS strings
 * and encoded again. A UTF-8 column cannot hold an unpaired surrogate, which `slice` and
 * `replace` can create (cutting a surrogate pair): those kernels return `null` ("not
 * representable") and the caller evaluates row-wise instead.
 */
import { allocBitmap } from './bitmap.js';
import {
  dictColumn,
  stringColumn,
  type DictColumn,
  type NumberColumn,
  type Selection,
  type StringColumn,
  type StringLikeColumn,
} from './column.js';
import { selectedValidity } from './selection.js';
import { decodeUtf8, encodeUtf8, hasLoneSurrogate, isAsciiRange, Utf8Builder } from './utf8.js';

/** Writes the transform of bytes `[start, end)` to `out`; false when the result is not representable. */
export type Utf8Transform = (data: Uint8Array, start: number, end: number, out: Utf8Builder) => boolean;

function isValid(c: StringLikeColumn, i: number): boolean {
  const v = c.validity;
  if (v === null) return true;
  const j = c.bitOffset + i;
  return (v[j >>> 3] & (1 << (j & 7))) !== 0;
}

function byteSize(c: StringColumn): number {
  return c.length === 0 ? 0 : c.offsets[c.length] - c.offsets[0];
}

/** Indices of a dictionary column compacted to `sel` (the same array when `sel` is null). */
function dictIndices(a: DictColumn, sel: Selection): Int32Array {
  if (sel === null) return a.indices;
  const m = sel.length;
  const idx = new Int32Array(m);
  const src = a.indices;
  for (let k = 0; k < m; k++) idx[k] = src[sel[k]];
  return idx;
}

/** A dictionary column over `dict` with `a`'s rows (compacted to `sel`). */
function withDictionary(a: DictColumn, dict: StringColumn, sel: Selection): DictColumn {
  if (sel === null) return dictColumn(a.indices, dict, { validity: a.validity, bitOffset: a.bitOffset, nullCount: a.nullCount, length: a.length });
  const m = sel.length;
  return dictColumn(dictIndices(a, sel), dict, { validity: selectedValidity(a, sel, m), length: m });
}

/**
 * Applies a per-value transform: once per dictionary entry for `dict`, once per selected valid
 * row for `string`. Null rows stay null. Returns null when a result is not representable.
 */
export function mapUtf8(a: StringLikeColumn, sel: Selection, fn: Utf8Transform): StringLikeColumn | null {
  if (a.kind === 'dict') {
    const d = a.dictionary;
    const D = d.length;
    const b = new Utf8Builder(D, byteSize(d) + 16);
    const { offsets, data } = d;
    for (let e = 0; e < D; e++) {
      if (!fn(data, offsets[e], offsets[e + 1], b)) return null;
      b.end(e);
    }
    return withDictionary(a, stringColumn(b.offsets, b.finish()), sel);
  }
  const m = sel === null ? a.length : sel.length;
  const b = new Utf8Builder(m, byteSize(a) + 16);
  const { offsets, data, validity, bitOffset } = a;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (validity !== null) {
      const j = bitOffset + i;
      if ((validity[j >>> 3] & (1 << (j & 7))) === 0) {
        b.end(k);
        continue;
      }
    }
    if (!fn(data, offsets[i], offsets[i + 1], b)) return null;
    b.end(k);
  }
  return stringColumn(b.offsets, b.finish(), { validity: selectedValidity(a, sel, m), length: m });
}

// ---------------------------------------------------------------------------------------------
// case

function caseMap(upper: boolean): Utf8Transform {
  const lo = upper ? 0x61 : 0x41;
  const hi = upper ? 0x7a : 0x5a;
  const delta = upper ? -0x20 : 0x20;
  return (data, start, end, out) => {
    // one pass over ASCII bytes; the first non-ASCII byte drops what was written and decodes
    out.reserve(end - start);
    const d = out.data;
    let p = out.pos;
    let i = start;
    for (; i < end; i++) {
      const c = data[i];
      if (c >= 0x80) break;
      d[p++] = c >= lo && c <= hi ? c + delta : c;
    }
    if (i === end) {
      out.pos = p;
      return true;
    }
    const s = decodeUtf8(data, start, end);
    out.string(upper ? s.toUpperCase() : s.toLowerCase());
    return true;
  };
}

const LOWER = caseMap(false);
const UPPER = caseMap(true);

/** `lower`: `toLowerCase` per value. */
export function strToLower(a: StringLikeColumn, sel: Selection = null): StringLikeColumn {
  return mapUtf8(a, sel, LOWER) as StringLikeColumn;
}

/** `upper`: `toUpperCase` per value. */
export function strToUpper(a: StringLikeColumn, sel: Selection = null): StringLikeColumn {
  return mapUtf8(a, sel, UPPER) as StringLikeColumn;
}

// ---------------------------------------------------------------------------------------------
// trim

export type TrimMode = 'both' | 'start' | 'end';

/** JS white space or line terminator among ASCII bytes: TAB LF VT FF CR SPACE. */
function isAsciiSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function trimmer(mode: TrimMode): Utf8Transform {
  const lead = mode !== 'end';
  const trail = mode !== 'start';
  return (data, start, end, out) => {
    let i = start;
    let j = end;
    let decode = false;
    if (lead) {
      while (i < j && isAsciiSpace(data[i])) i++;
      if (i < j && data[i] >= 0x80) decode = true; // a non-ASCII character may be white space
    }
    if (trail && !decode) {
      while (j > i && isAsciiSpace(data[j - 1])) j--;
      if (j > i && data[j - 1] >= 0x80) decode = true;
    }
    if (!decode) {
      out.bytes(data, i, j);
      return true;
    }
    const s = decodeUtf8(data, start, end);
    out.string(mode === 'both' ? s.trim() : mode === 'start' ? s.trimStart() : s.trimEnd());
    return true;
  };
}

const TRIM: Record<TrimMode, Utf8Transform> = { both: trimmer('both'), start: trimmer('start'), end: trimmer('end') };

/** `strip` / `lStrip` / `rStrip`. */
export function strTrim(a: StringLikeColumn, mode: TrimMode, sel: Selection = null): StringLikeColumn {
  return mapUtf8(a, sel, TRIM[mode]) as StringLikeColumn;
}

// ---------------------------------------------------------------------------------------------
// slice

/** `String.prototype.slice` position: integer part (NaN → 0), negative from the end, clamped to [0, len]. */
function slicePos(x: number, len: number): number {
  const t = x !== x ? 0 : Math.trunc(x);
  return t < 0 ? Math.max(len + t, 0) : Math.min(t, len);
}

/** `str.slice(begin ?? 0, end ?? undefined)`, as the `slice` op reads its bounds. */
export function sliceBounds(len: number, begin: number | null, end: number | null): [number, number] {
  const b = begin === null ? 0 : slicePos(begin, len);
  const e = end === null ? len : slicePos(end, len);
  return [b, e];
}

/** `slice(begin, end)` on UTF-16 positions; null when a result would cut a surrogate pair. */
export function strSlice(a: StringLikeColumn, begin: number | null, end: number | null, sel: Selection = null): StringLikeColumn | null {
  return mapUtf8(a, sel, (data, start, stop, out) => {
    if (isAsciiRange(data, start, stop)) {
      const [b, e] = sliceBounds(stop - start, begin, end);
      if (e > b) out.bytes(data, start + b, start + e);
      return true;
    }
    const s = decodeUtf8(data, start, stop);
    const [b, e] = sliceBounds(s.length, begin, end);
    const r = e > b ? s.slice(b, e) : '';
    if (hasLoneSurrogate(r)) return false;
    out.string(r);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// replace

/**
 * `replace(re, replacement)` with a global regular expression (every match replaced; `$&`,
 * `$1` … expand). Null when a result holds an unpaired surrogate.
 */
export function strReplace(a: StringLikeColumn, re: RegExp, replacement: string, sel: Selection = null): StringLikeColumn | null {
  return mapUtf8(a, sel, (data, start, end, out) => {
    const r = decodeUtf8(data, start, end).replace(re, replacement);
    if (hasLoneSurrogate(r)) return false;
    out.string(r);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// concatenation

/** `prefix + value + suffix` per value (append, prepend, `col + "x"`). */
export function strAffix(a: StringLikeColumn, prefix: string, suffix: string, sel: Selection = null): StringLikeColumn {
  const pre = encodeUtf8(prefix);
  const suf = encodeUtf8(suffix);
  const P = pre.length;
  const S = suf.length;
  return mapUtf8(a, sel, (data, start, end, out) => {
    if (P > 0) out.bytes(pre, 0, P);
    out.bytes(data, start, end);
    if (S > 0) out.bytes(suf, 0, S);
    return true;
  }) as StringLikeColumn;
}

/** A string operand: a column (read through the kernel's selection) or a constant. */
export type StrValue = StringLikeColumn | string | null;

function isColumn(x: StrValue): x is StringLikeColumn {
  return x !== null && typeof x === 'object';
}

/**
 * `x + y` per row where the side named by `receiver` gives null when it is null and the other
 * side counts as `""` when null (the `+`, `append` and `prepend` ops). Operands are columns read
 * through `sel` or constants; `m` is the output length.
 */
export function strConcat(x: StrValue, y: StrValue, receiver: 'left' | 'right', sel: Selection, m: number): StringLikeColumn {
  const recv = receiver === 'left' ? x : y;
  if (recv === null) return allNullStrings(m);
  if (!isColumn(x) && !isColumn(y)) throw new Error('strConcat: no column operand');
  if (!isColumn(x)) {
    const c = y as StringLikeColumn;
    if (receiver === 'right') return strAffix(c, x ?? '', '', sel);
    return concatConstColumn(x as string, c, true, sel, m);
  }
  if (!isColumn(y)) {
    if (receiver === 'left') return strAffix(x, '', y ?? '', sel);
    return concatConstColumn(y as string, x, false, sel, m);
  }
  // two columns: row by row
  const b = new Utf8Builder(m, 16 + (x.kind === 'dict' ? 0 : byteSize(x)) + (y.kind === 'dict' ? 0 : byteSize(y)));
  const rc = receiver === 'left' ? x : y;
  let validity: Uint8Array | null = null;
  let nulls = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (!isValid(rc, i)) {
      if (validity === null) {
        validity = allocBitmap(m);
        for (let t = 0; t < k; t++) validity[t >>> 3] |= 1 << (t & 7);
      }
      nulls++;
      b.end(k);
      continue;
    }
    if (validity !== null) validity[k >>> 3] |= 1 << (k & 7);
    appendRow(b, x, i);
    appendRow(b, y, i);
    b.end(k);
  }
  return stringColumn(b.offsets, b.finish(), { validity, nullCount: nulls, length: m });
}

/** Appends row `i` of a column (nothing for a null row). */
function appendRow(b: Utf8Builder, c: StringLikeColumn, i: number): void {
  if (!isValid(c, i)) return;
  if (c.kind === 'dict') {
    const d = c.dictionary;
    const e = c.indices[i];
    b.bytes(d.data, d.offsets[e], d.offsets[e + 1]);
  } else b.bytes(c.data, c.offsets[i], c.offsets[i + 1]);
}

/**
 * A non-null constant joined to a column that is not the receiver: every row is valid (a null
 * column row counts as `""`). `constFirst`: constant + column, else column + constant.
 */
function concatConstColumn(s: string, c: StringLikeColumn, constFirst: boolean, sel: Selection, m: number): StringLikeColumn {
  const prefix = constFirst ? s : '';
  const suffix = constFirst ? '' : s;
  const mapped = strAffix(c, prefix, suffix, sel);
  if (c.nullCount === 0) return mapped;
  if (mapped.kind === 'dict') {
    // one more dictionary entry (the constant alone) for the null rows
    const d = mapped.dictionary;
    const D = d.length;
    const b = new Utf8Builder(D + 1, byteSize(d) + s.length * 3 + 16);
    for (let e = 0; e < D; e++) {
      b.bytes(d.data, d.offsets[e], d.offsets[e + 1]);
      b.end(e);
    }
    b.string(s);
    b.end(D);
    const idx = c.kind === 'dict' && mapped.indices === c.indices ? mapped.indices.slice(0, m) : mapped.indices;
    const v = mapped.validity;
    if (v !== null) {
      const off = mapped.bitOffset;
      for (let k = 0; k < m; k++) {
        const j = off + k;
        if ((v[j >>> 3] & (1 << (j & 7))) === 0) idx[k] = D;
      }
    }
    return dictColumn(idx, stringColumn(b.offsets, b.finish()), { length: m });
  }
  // plain strings: rebuild with the constant in the null rows
  const b = new Utf8Builder(m, byteSize(mapped) + 16);
  const cb = encodeUtf8(s);
  const { offsets, data, validity, bitOffset } = mapped;
  for (let k = 0; k < m; k++) {
    const j = bitOffset + k;
    if (validity !== null && (validity[j >>> 3] & (1 << (j & 7))) === 0) b.bytes(cb, 0, cb.length);
    else b.bytes(data, offsets[k], offsets[k + 1]);
    b.end(k);
  }
  return stringColumn(b.offsets, b.finish(), { length: m });
}

/** `m` null strings. */
export function allNullStrings(m: number): DictColumn {
  return dictColumn(new Int32Array(m), stringColumn(new Int32Array(1), new Uint8Array(0)), { validity: allocBitmap(m), nullCount: m, length: m });
}

// ---------------------------------------------------------------------------------------------
// numbers → strings

/** `number.toString`: `String(x)` per valid row. */
export function numberToStrings(a: NumberColumn, sel: Selection = null): StringColumn {
  return numbersToStringsWith(a, sel, String);
}

/** Applies `fn` to each valid number (the result a string; null from `fn` gives a null row). */
export function numbersToStringsWith(a: NumberColumn, sel: Selection, fn: (x: number) => string | null): StringColumn {
  const m = sel === null ? a.length : sel.length;
  const b = new Utf8Builder(m, m * 4 + 16);
  const { values, validity, bitOffset } = a;
  let outValid: Uint8Array | null = null;
  let nulls = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    let r: string | null = null;
    const j = bitOffset + i;
    if (validity === null || (validity[j >>> 3] & (1 << (j & 7))) !== 0) r = fn(values[i]);
    if (r === null) {
      if (outValid === null) {
        outValid = allocBitmap(m);
        for (let t = 0; t < k; t++) outValid[t >>> 3] |= 1 << (t & 7);
      }
      nulls++;
    } else {
      if (outValid !== null) outValid[k >>> 3] |= 1 << (k & 7);
      b.string(r);
    }
    b.end(k);
  }
  return stringColumn(b.offsets, b.finish(), { validity: outValid, nullCount: nulls, length: m });
}
