/**
 * String kernels over `string` (offsets + UTF-8 bytes) and `dict` (indices + dictionary)
 * columns. Semantics (language.md §5.2, weave-js `string-*` resolvers):
 *
 * - a null receiver gives null for every op except `==`/`!=` (null is a value there);
 * - `==`/`!=`: string equality, never null;
 * - `< <= > >=`: JS string order (UTF-16 code units); null on either side → null;
 * - `contains(p)`: `new RegExp(p ?? '', 'g')` matches somewhere (regex test; null/'' → true;
 *   an invalid pattern throws);
 * - `startsWith(p)` / `endsWith(s)`: empty or null argument → true;
 * - `len`: number of code points;
 * - `lower` / `upper`: `toLowerCase` / `toUpperCase` (as the resolvers; see strings-map.ts);
 * - `isAlpha` / `isAlnum`: a non-empty string of ASCII letters (and digits);
 * - `isNumeric`: non-empty and `/^-?\d*(\.\d+)?$/` (ASCII digits).
 *
 * Byte-level ops (equality, prefix/suffix, length, ASCII ordering) never decode. Ops that need
 * a JS string (regex, case mapping) decode each distinct value once: on a dictionary column
 * they run once per dictionary entry and the per-row result is a lookup by index; on a plain
 * column rows are decoded once (the whole-column decode is cached on the column).
 */
import { allocBitmap } from './bitmap.js';
import {
  boolColumn,
  decodeStrings,
  dictColumn,
  numberColumn,

  stringsFrom,
  type BoolColumn,
  type DictColumn,
  type NumberColumn,
  type Selection,
  type StringColumn,
  type StringLikeColumn,
} from './column.js';
import { selectedValidity } from './selection.js';
import { codePointLength, decodeUtf8, encodeUtf8, hasLoneSurrogate } from './utf8.js';

/** Physical string storage behind a string-like column (the dictionary for `dict`). */
function storage(c: StringLikeColumn): StringColumn {
  return c.kind === 'dict' ? c.dictionary : c;
}

/**
 * Evaluates a per-distinct-value predicate. For `dict` columns `pred` runs once per dictionary
 * entry; for `string` columns once per (selected) row. `pred(data, start, end, entry)` gets the
 * UTF-8 range and the storage index (row or dictionary entry).
 */
function mapBool(
  c: StringLikeColumn,
  sel: Selection,
  pred: (data: Uint8Array, start: number, end: number, entry: number) => boolean,
): Uint8Array {
  const m = sel === null ? c.length : sel.length;
  const bits = allocBitmap(m);
  if (c.kind === 'dict') {
    const d = c.dictionary;
    const D = d.length;
    const lut = new Uint8Array(D);
    for (let e = 0; e < D; e++) lut[e] = pred(d.data, d.offsets[e], d.offsets[e + 1], e) ? 1 : 0;
    const idx = c.indices;
    const valid = c.validity;
    const off = c.bitOffset;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (valid !== null) {
        const j = off + i;
        if ((valid[j >>> 3] & (1 << (j & 7))) === 0) continue; // index of a null row may be garbage
      }
      if (lut[idx[i]] === 1) bits[k >>> 3] |= 1 << (k & 7);
    }
    return bits;
  }
  const { offsets, data, validity, bitOffset } = c;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (validity !== null) {
      const j = bitOffset + i;
      if ((validity[j >>> 3] & (1 << (j & 7))) === 0) continue;
    }
    if (pred(data, offsets[i], offsets[i + 1], i)) bits[k >>> 3] |= 1 << (k & 7);
  }
  return bits;
}

/** A predicate over JS strings, decoding each distinct value once. */
function mapBoolDecoded(c: StringLikeColumn, sel: Selection, pred: (s: string) => boolean): Uint8Array {
  const st = storage(c);
  const useCache = c.kind === 'dict' || sel === null || st.decoded !== null;
  const dec = useCache ? decodeStrings(st) : null;
  return mapBool(c, sel, (data, start, end, entry) => pred(dec !== null ? (dec[entry] as string) : decodeUtf8(data, start, end)));
}

function nullAwareBool(c: StringLikeColumn, sel: Selection, bits: Uint8Array): BoolColumn {
  const m = sel === null ? c.length : sel.length;
  return boolColumn(bits, m, { validity: selectedValidity(c, sel, m) });
}

// ---------------------------------------------------------------------------------------------
// equality and order

export type StrOperand = StringLikeColumn | string | null;

function isStrCol(x: StrOperand): x is StringLikeColumn {
  return x !== null && typeof x === 'object';
}

/** UTF-8 byte range of row `i` of a string-like column: sets `rs`/`re`, returns the buffer. */
let rs = 0;
let re = 0;
function rowBytes(c: StringLikeColumn, i: number): Uint8Array {
  if (c.kind === 'dict') {
    const e = c.indices[i];
    rs = c.dictionary.offsets[e];
    re = c.dictionary.offsets[e + 1];
    return c.dictionary.data;
  }
  rs = c.offsets[i];
  re = c.offsets[i + 1];
  return c.data;
}

/** −1 / 0 / 1 in JS string order. Bytes decide directly unless the first difference is non-ASCII. */
function compareRanges(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const la = ae - as;
  const lb = be - bs;
  const L = la < lb ? la : lb;
  for (let k = 0; k < L; k++) {
    const x = a[as + k];
    const y = b[bs + k];
    if (x !== y) {
      if (x < 0x80 && y < 0x80) return x < y ? -1 : 1;
      // UTF-8 order is code point order; JS compares UTF-16 code units — decide on strings
      const sa = decodeUtf8(a, as, ae);
      const sb = decodeUtf8(b, bs, be);
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

function rowIsValid(c: StringLikeColumn, i: number): boolean {
  if (c.validity === null) return true;
  const j = c.bitOffset + i;
  return (c.validity[j >>> 3] & (1 << (j & 7))) !== 0;
}

/** `a == b` / `a != b` (null is a value; never null). */
export function strEquals(a: StringLikeColumn, b: StrOperand, sel: Selection = null, negate = false): BoolColumn {
  const m = sel === null ? a.length : sel.length;
  let bits: Uint8Array;
  if (!isStrCol(b)) {
    if (b === null) {
      bits = allocBitmap(m);
      for (let k = 0; k < m; k++) if (!rowIsValid(a, sel === null ? k : sel[k])) bits[k >>> 3] |= 1 << (k & 7);
    } else {
      const needle = encodeUtf8(b);
      const L = needle.length;
      bits = mapBool(a, sel, (data, s, e) => {
        if (e - s !== L) return false;
        for (let t = 0; t < L; t++) if (data[s + t] !== needle[t]) return false;
        return true;
      });
    }
  } else {
    if (sel === null && b.length !== a.length) throw new Error('length mismatch');
    bits = allocBitmap(m);
    const sameDict = a.kind === 'dict' && b.kind === 'dict' && a.dictionary === b.dictionary;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      const va = rowIsValid(a, i);
      const vb = rowIsValid(b, i);
      let eq: boolean;
      if (!va || !vb) eq = !va && !vb;
      else if (sameDict) eq = (a as DictColumn).indices[i] === (b as DictColumn).indices[i];
      else {
        const da = rowBytes(a, i);
        const as = rs;
        const ae = re;
        const db = rowBytes(b, i);
        eq = compareRanges(da, as, ae, db, rs, re) === 0;
      }
      if (eq) bits[k >>> 3] |= 1 << (k & 7);
    }
  }
  if (negate) {
    const bytes = (m + 7) >>> 3;
    for (let k = 0; k < bytes; k++) bits[k] = ~bits[k] & 0xff;
    if ((m & 7) !== 0) bits[bytes - 1] &= (1 << (m & 7)) - 1;
  }
  return boolColumn(bits, m);
}

export type StrOrderOp = 'lt' | 'le' | 'gt' | 'ge';

function orderHolds(op: StrOrderOp, cmp: number): boolean {
  return op === 'lt' ? cmp < 0 : op === 'le' ? cmp <= 0 : op === 'gt' ? cmp > 0 : cmp >= 0;
}

/** `a < b` etc. in JS string order; null on either side → null. */
export function strCompare(op: StrOrderOp, a: StringLikeColumn, b: StrOperand, sel: Selection = null): BoolColumn {
  const m = sel === null ? a.length : sel.length;
  if (b === null) return boolColumn(allocBitmap(m), m, { validity: allocBitmap(m), nullCount: m });
  if (!isStrCol(b)) {
    const needle = encodeUtf8(b);
    const bits = mapBool(a, sel, (data, s, e) => orderHolds(op, compareRanges(data, s, e, needle, 0, needle.length)));
    return nullAwareBool(a, sel, bits);
  }
  const bits = allocBitmap(m);
  const valid = allocBitmap(m);
  let nulls = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (!rowIsValid(a, i) || !rowIsValid(b, i)) {
      nulls++;
      continue;
    }
    valid[k >>> 3] |= 1 << (k & 7);
    const da = rowBytes(a, i);
    const as = rs;
    const ae = re;
    const db = rowBytes(b, i);
    if (orderHolds(op, compareRanges(da, as, ae, db, rs, re))) bits[k >>> 3] |= 1 << (k & 7);
  }
  return boolColumn(bits, m, { validity: nulls === 0 ? null : valid, nullCount: nulls });
}

/**
 * Fused filter for `row[c] == s` (or `!=` with `negate`): base row indices where it is true.
 * For a dictionary column the needle is located in the dictionary once and rows are matched by
 * index.
 */
export function selectStrEquals(a: StringLikeColumn, s: string | null, sel: Selection = null, negate = false): Uint32Array {
  const m = sel === null ? a.length : sel.length;
  const out = new Uint32Array(m);
  let c = 0;
  if (a.kind === 'dict' && s !== null) {
    const d = a.dictionary;
    const needle = encodeUtf8(s);
    const lut = new Uint8Array(d.length);
    for (let e = 0; e < d.length; e++) {
      const st = d.offsets[e];
      const en = d.offsets[e + 1];
      let eq = en - st === needle.length;
      for (let t = 0; eq && t < needle.length; t++) if (d.data[st + t] !== needle[t]) eq = false;
      lut[e] = eq !== negate ? 1 : 0;
    }
    const nullHit = negate; // null != "x" is true
    const { indices, validity, bitOffset } = a;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      let hit: boolean;
      if (validity !== null && (validity[(bitOffset + i) >>> 3] & (1 << ((bitOffset + i) & 7))) === 0) hit = nullHit;
      else hit = lut[indices[i]] === 1;
      if (hit) out[c++] = i;
    }
    return out.subarray(0, c);
  }
  const pred = strEquals(a, s, sel, negate);
  const bits = pred.values;
  for (let k = 0; k < m; k++) if ((bits[k >>> 3] & (1 << (k & 7))) !== 0) out[c++] = sel === null ? k : sel[k];
  return out.subarray(0, c);
}

// ---------------------------------------------------------------------------------------------
// predicates and transforms

const regexCache = new Map<string, RegExp>();
function regexFor(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(pattern); // throws on an invalid pattern, like the reference
    if (regexCache.size > 256) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** True when a pattern has no regular-expression syntax (it then matches itself literally). */
export function isLiteralPattern(pattern: string): boolean {
  return !/[\\^$.|?*+()[\]{}]/.test(pattern);
}

/**
 * `contains(pattern)`: regex test (the reference's global-regex `match` / `search` finds a match
 * iff the non-global regex tests true). A pattern without regex syntax is searched for as bytes
 * (UTF-8 substring search is exact for well-formed strings); an invalid pattern throws.
 */
export function strContains(a: StringLikeColumn, pattern: string | null, sel: Selection = null): BoolColumn {
  const p = pattern ?? '';
  if (isLiteralPattern(p) && !hasLoneSurrogate(p)) {
    const needle = encodeUtf8(p);
    const L = needle.length;
    if (L === 0) return nullAwareBool(a, sel, allTrue(sel === null ? a.length : sel.length));
    const first = needle[0];
    return nullAwareBool(
      a,
      sel,
      mapBool(a, sel, (data, s, e) => {
        const last = e - L;
        outer: for (let i = s; i <= last; i++) {
          if (data[i] !== first) continue;
          for (let t = 1; t < L; t++) if (data[i + t] !== needle[t]) continue outer;
          return true;
        }
        return false;
      }),
    );
  }
  const re = regexFor(p);
  return nullAwareBool(a, sel, mapBoolDecoded(a, sel, (s) => re.test(s)));
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `isAlpha`: non-empty, ASCII letters only (`/^[a-z]+$/i`: case folding never maps a non-ASCII character into a-z there). */
export function strIsAlpha(a: StringLikeColumn, sel: Selection = null): BoolColumn {
  return nullAwareBool(
    a,
    sel,
    mapBool(a, sel, (data, s, e) => {
      if (e === s) return false;
      for (let i = s; i < e; i++) if (!isLetter(data[i])) return false;
      return true;
    }),
  );
}

/** `isAlnum`: non-empty, ASCII letters and digits only. */
export function strIsAlnum(a: StringLikeColumn, sel: Selection = null): BoolColumn {
  return nullAwareBool(
    a,
    sel,
    mapBool(a, sel, (data, s, e) => {
      if (e === s) return false;
      for (let i = s; i < e; i++) {
        const c = data[i];
        if (!isLetter(c) && !isDigit(c)) return false;
      }
      return true;
    }),
  );
}

/** `isNumeric`: non-empty and `-?[0-9]*(\.[0-9]+)?` (so "-" and ".5" are numeric, "1." and "1e3" are not). */
export function strIsNumeric(a: StringLikeColumn, sel: Selection = null): BoolColumn {
  return nullAwareBool(
    a,
    sel,
    mapBool(a, sel, (data, s, e) => {
      if (e === s) return false;
      let i = s;
      if (data[i] === 0x2d) i++;
      while (i < e && isDigit(data[i])) i++;
      if (i === e) return true;
      if (data[i] !== 0x2e) return false;
      i++;
      if (i === e) return false;
      while (i < e && isDigit(data[i])) i++;
      return i === e;
    }),
  );
}

export function strStartsWith(a: StringLikeColumn, prefix: string | null, sel: Selection = null): BoolColumn {
  if (prefix === null || prefix === '') return nullAwareBool(a, sel, allTrue(sel === null ? a.length : sel.length));
  const p = encodeUtf8(prefix);
  const L = p.length;
  const bits = mapBool(a, sel, (data, s, e) => {
    if (e - s < L) return false;
    for (let t = 0; t < L; t++) if (data[s + t] !== p[t]) return false;
    return true;
  });
  return nullAwareBool(a, sel, bits);
}

export function strEndsWith(a: StringLikeColumn, suffix: string | null, sel: Selection = null): BoolColumn {
  if (suffix === null || suffix === '') return nullAwareBool(a, sel, allTrue(sel === null ? a.length : sel.length));
  const p = encodeUtf8(suffix);
  const L = p.length;
  const bits = mapBool(a, sel, (data, s, e) => {
    if (e - s < L) return false;
    const b = e - L;
    for (let t = 0; t < L; t++) if (data[b + t] !== p[t]) return false;
    return true;
  });
  return nullAwareBool(a, sel, bits);
}

function allTrue(m: number): Uint8Array {
  const bits = allocBitmap(m);
  for (let k = 0; k < m; k++) bits[k >>> 3] |= 1 << (k & 7);
  return bits;
}

/** `len`: code points (null → null). */
export function strLen(a: StringLikeColumn, sel: Selection = null): NumberColumn {
  const m = sel === null ? a.length : sel.length;
  const out = new Int32Array(m);
  if (a.kind === 'dict') {
    const d = a.dictionary;
    const lens = new Int32Array(d.length);
    for (let e = 0; e < d.length; e++) lens[e] = codePointLength(d.data, d.offsets[e], d.offsets[e + 1]);
    const idx = a.indices;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (rowIsValid(a, i)) out[k] = lens[idx[i]];
    }
  } else {
    const { offsets, data } = a;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      // A null row may have no bytes behind it (an all-null column carries no offsets).
      if (rowIsValid(a, i)) out[k] = codePointLength(data, offsets[i], offsets[i + 1]);
    }
  }
  return numberColumn(out, { validity: selectedValidity(a, sel, m) });
}

function mapStrings(a: StringLikeColumn, sel: Selection, f: (s: string) => string): StringLikeColumn {
  const m = sel === null ? a.length : sel.length;
  if (a.kind === 'dict') {
    // transform the dictionary only; rows keep their indices (entries may now repeat, which
    // every kernel tolerates — grouping and joins dedupe dictionary entries by content)
    const dec = decodeStrings(a.dictionary);
    const dict = stringsFrom(dec.map((s) => (s === null ? null : f(s))));
    if (sel === null) return dictColumn(a.indices, dict, { validity: a.validity, bitOffset: a.bitOffset, nullCount: a.nullCount, length: a.length });
    const idx = new Int32Array(m);
    for (let k = 0; k < m; k++) idx[k] = a.indices[sel[k]];
    return dictColumn(idx, dict, { validity: selectedValidity(a, sel, m) });
  }
  const useCache = sel === null || a.decoded !== null;
  const dec = useCache ? decodeStrings(a) : null;
  const out = new Array<string | null>(m);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (!rowIsValid(a, i)) {
      out[k] = null;
      continue;
    }
    const s = dec !== null ? (dec[i] as string) : decodeUtf8(a.data, a.offsets[i], a.offsets[i + 1]);
    out[k] = f(s);
  }
  const res = stringsFrom(out);
  res.decoded = out;
  return res;
}

export function strLower(a: StringLikeColumn, sel: Selection = null): StringLikeColumn {
  return mapStrings(a, sel, (s) => s.toLowerCase());
}

export function strUpper(a: StringLikeColumn, sel: Selection = null): StringLikeColumn {
  return mapStrings(a, sel, (s) => s.toUpperCase());
}


