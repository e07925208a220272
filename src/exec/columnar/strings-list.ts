/**
 * String kernels whose per-value work needs a JS string and whose result is not a string column:
 * list results (`split`, `partition`, `findAll`: one fresh JS array per row) and number results
 * computed by a function of the string (`levenshtein`, `parseNumberWithSeparator`), and
 * predicates needing a JS string (`in`, a prefix given per row).
 *
 * The per-value function comes from the caller (the op's own semantics, so the kernels cannot
 * drift from the resolvers); these helpers only decide how often it runs:
 *
 * - on a `dict` column once per dictionary entry, then gathered by the row's index (a list
 *   result is copied per row: the row-wise executor builds a new array for every row, and a
 *   consumer that mutates or identity-compares one row's list must not see another's);
 * - on a `string` column once per selected valid row, reading the column's cached decode when
 *   there is one (or when the whole column is read anyway);
 * - for two operands that are both dictionary columns, once per distinct pair of entries when
 *   the pairs are few.
 *
 * A null receiver row gives null (the standard ops never call the resolver on it).
 */
import { allocBitmap } from './bitmap.js';
import { boolColumn, decodeStrings, numberColumn, type BoolColumn, type NumberColumn, type Selection, type StringColumn, type StringLikeColumn } from './column.js';
import { selectedValidity } from './selection.js';
import { decodeUtf8 } from './utf8.js';

function valid(c: StringLikeColumn, i: number): boolean {
  const v = c.validity;
  if (v === null) return true;
  const j = c.bitOffset + i;
  return (v[j >>> 3] & (1 << (j & 7))) !== 0;
}

/**
 * Row i's string of a plain string column, or null; `dec` is the cached decode when it is worth
 * using (decoding a whole column to read a small selection of it would cost more than the rows).
 */
function plainDecoder(c: StringColumn, sel: Selection): (i: number) => string | null {
  const dec = sel === null || c.decoded !== null ? decodeStrings(c) : null;
  if (dec !== null) return (i) => dec[i];
  const { offsets, data } = c;
  return (i) => (valid(c, i) ? decodeUtf8(data, offsets[i], offsets[i + 1]) : null);
}

/** A copy of a per-value list for one row (nested lists are not produced by these ops). */
function freshList(v: readonly unknown[]): unknown[] {
  return v.slice();
}

/**
 * `f` of every selected row's string, as one JS value per row (null rows give null). `f`'s
 * result for a dictionary entry is reused for every row of that entry, copied when it is an array.
 */
export function valuesPerString(a: StringLikeColumn, sel: Selection, f: (s: string) => unknown): unknown[] {
  const m = sel === null ? a.length : sel.length;
  const out = new Array<unknown>(m);
  if (a.kind === 'dict') {
    const dec = decodeStrings(a.dictionary);
    const D = dec.length;
    const per = new Array<unknown>(D);
    const done = new Uint8Array(D);
    const idx = a.indices;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (!valid(a, i)) {
        out[k] = null;
        continue;
      }
      const e = idx[i];
      // computed on first use: entries no selected row refers to cost nothing
      if (done[e] === 0) {
        per[e] = f(dec[e] as string);
        done[e] = 1;
        out[k] = per[e];
        continue;
      }
      const v = per[e];
      out[k] = Array.isArray(v) ? freshList(v) : v;
    }
    return out;
  }
  const at = plainDecoder(a, sel);
  for (let k = 0; k < m; k++) {
    const s = at(sel === null ? k : sel[k]);
    out[k] = s === null ? null : f(s);
  }
  return out;
}

/** A number column from per-row results (null → null row). */
function numbersOut(vals: Float64Array, nullBits: Uint8Array | null, nulls: number, m: number, int: boolean): NumberColumn {
  const values = int ? Int32Array.from(vals) : vals;
  if (nulls === 0) return numberColumn(values, { length: m });
  // nullBits marks the null rows; validity is its complement
  const validity = allocBitmap(m);
  for (let k = 0; k < m; k++) if ((nullBits![k >>> 3] & (1 << (k & 7))) === 0) validity[k >>> 3] |= 1 << (k & 7);
  return numberColumn(values, { validity, nullCount: nulls, length: m });
}

/**
 * `f` of every selected row's string as a number column (null rows and null results give
 * null). `int`: every result is known to fit an Int32 (stored so, half the bytes).
 */
export function numbersPerString(a: StringLikeColumn, sel: Selection, f: (s: string) => number | null, int = false): NumberColumn {
  const m = sel === null ? a.length : sel.length;
  const vals = new Float64Array(m);
  let nullBits: Uint8Array | null = null;
  let nulls = 0;
  const setNull = (k: number): void => {
    if (nullBits === null) nullBits = allocBitmap(m);
    nullBits[k >>> 3] |= 1 << (k & 7);
    nulls++;
  };
  if (a.kind === 'dict') {
    const dec = decodeStrings(a.dictionary);
    const D = dec.length;
    const lut = new Float64Array(D);
    // 0 = not computed yet, 1 = a number, 2 = null
    const state = new Uint8Array(D);
    const idx = a.indices;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (!valid(a, i)) {
        setNull(k);
        continue;
      }
      const e = idx[i];
      if (state[e] === 0) {
        const r = f(dec[e] as string);
        if (r === null) state[e] = 2;
        else {
          lut[e] = r;
          state[e] = 1;
        }
      }
      if (state[e] === 2) setNull(k);
      else vals[k] = lut[e];
    }
    return numbersOut(vals, nullBits, nulls, m, int);
  }
  const at = plainDecoder(a, sel);
  for (let k = 0; k < m; k++) {
    const s = at(sel === null ? k : sel[k]);
    const r = s === null ? null : f(s);
    if (r === null) setNull(k);
    else vals[k] = r;
  }
  return numbersOut(vals, nullBits, nulls, m, int);
}

/** A string operand of a two-string kernel: a column read through the kernel's selection, or a constant. */
export type StrArg = StringLikeColumn | string | null;

function isCol(x: StrArg): x is StringLikeColumn {
  return x !== null && typeof x === 'object';
}

/** Most distinct dictionary-entry pairs cached for two dictionary operands. */
const PAIR_LIMIT = 1 << 16;

/**
 * `f(x, y)` per row, where either operand is a column (read through `sel`) or a constant; a null
 * row of a column passes null to `f` (which decides what null means: the receiver's null is
 * the caller's to handle). `m` is the output length. A single dictionary column operand is
 * evaluated once per entry; two dictionary columns once per distinct pair when the pairs are few.
 */
export function numbersPerStringPair(x: StrArg, y: StrArg, sel: Selection, m: number, f: (x: string | null, y: string | null) => number | null, int = false): NumberColumn {
  if (isCol(x) && !isCol(y)) return numbersPerNullable(x, sel, (s) => f(s, y), int);
  if (!isCol(x) && isCol(y)) return numbersPerNullable(y, sel, (s) => f(x, s), int);
  if (!isCol(x) || !isCol(y)) throw new Error('numbersPerStringPair: no column operand');
  const vals = new Float64Array(m);
  let nullBits: Uint8Array | null = null;
  let nulls = 0;
  const put = (k: number, r: number | null): void => {
    if (r !== null) {
      vals[k] = r;
      return;
    }
    if (nullBits === null) nullBits = allocBitmap(m);
    nullBits[k >>> 3] |= 1 << (k & 7);
    nulls++;
  };
  if (x.kind === 'dict' && y.kind === 'dict' && x.dictionary.length * y.dictionary.length <= Math.min(PAIR_LIMIT, m)) {
    const dx = decodeStrings(x.dictionary);
    const dy = decodeStrings(y.dictionary);
    const Dy = dy.length;
    const pairs = dx.length * Dy;
    const lut = new Float64Array(pairs);
    const state = new Uint8Array(pairs);
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      const vx = valid(x, i);
      const vy = valid(y, i);
      if (!vx || !vy) {
        put(k, f(vx ? dx[x.indices[i]] : null, vy ? dy[y.indices[i]] : null));
        continue;
      }
      const p = x.indices[i] * Dy + y.indices[i];
      if (state[p] === 0) {
        const r = f(dx[x.indices[i]], dy[y.indices[i]]);
        if (r === null) state[p] = 2;
        else {
          lut[p] = r;
          state[p] = 1;
        }
      }
      put(k, state[p] === 2 ? null : lut[p]);
    }
    return numbersOut(vals, nullBits, nulls, m, int);
  }
  const ax = rowReader(x, sel);
  const ay = rowReader(y, sel);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    put(k, f(ax(i), ay(i)));
  }
  return numbersOut(vals, nullBits, nulls, m, int);
}

/** Like `numbersPerString`, but null rows are passed to `f` too (once, for all of them). */
function numbersPerNullable(a: StringLikeColumn, sel: Selection, f: (s: string | null) => number | null, int: boolean): NumberColumn {
  const m = sel === null ? a.length : sel.length;
  const col = numbersPerString(a, sel, f, int);
  if (col.nullCount === 0 || a.nullCount === 0) return col;
  const atNull = f(null);
  if (atNull === null) return col;
  // the null rows get f(null); rows where f itself gave null stay null
  // Float64: `col` may be stored as Int32 while `f(null)` need not be an integer
  const values = Float64Array.from(col.values);
  const srcValid = selectedValidity(a, sel, m);
  const validity = allocBitmap(m);
  let nulls = 0;
  for (let k = 0; k < m; k++) {
    const isNullRow = srcValid !== null && (srcValid[k >>> 3] & (1 << (k & 7))) === 0;
    const colValid = col.validity === null || (col.validity[(col.bitOffset + k) >>> 3] & (1 << ((col.bitOffset + k) & 7))) !== 0;
    if (isNullRow) {
      values[k] = atNull;
      validity[k >>> 3] |= 1 << (k & 7);
    } else if (colValid) validity[k >>> 3] |= 1 << (k & 7);
    else nulls++;
  }
  return numberColumn(values, { validity, nullCount: nulls, length: m });
}

/** Row i of a string-like column as a JS string (null for a null row). */
function rowReader(c: StringLikeColumn, sel: Selection): (i: number) => string | null {
  if (c.kind === 'string') return plainDecoder(c, sel);
  const dec = decodeStrings(c.dictionary);
  const idx = c.indices;
  return (i) => (valid(c, i) ? dec[idx[i]] : null);
}

/**
 * `f(x, y)` per row as JS values (the operands as in `numbersPerStringPair`; a single dictionary
 * column operand is evaluated once per entry, a list result copied per row).
 */
export function valuesPerStringPair(x: StrArg, y: StrArg, sel: Selection, m: number, f: (x: string | null, y: string | null) => unknown): unknown[] {
  if (isCol(x) !== isCol(y)) {
    const col = (isCol(x) ? x : y) as StringLikeColumn;
    const g = isCol(x) ? (s: string | null) => f(s, y as string | null) : (s: string | null) => f(x as string | null, s);
    const out = valuesPerString(col, sel, g);
    if (col.nullCount > 0) {
      const atNull = g(null);
      const v = selectedValidity(col, sel, m);
      if (v !== null) for (let k = 0; k < m; k++) if ((v[k >>> 3] & (1 << (k & 7))) === 0) out[k] = Array.isArray(atNull) ? atNull.slice() : atNull;
    }
    return out;
  }
  if (!isCol(x) || !isCol(y)) throw new Error('valuesPerStringPair: no column operand');
  const ax = rowReader(x, sel);
  const ay = rowReader(y, sel);
  const out = new Array<unknown>(m);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    out[k] = f(ax(i), ay(i));
  }
  return out;
}

/** `pred` of every selected row's string as a boolean column (null rows give null); once per dictionary entry. */
export function boolsPerString(a: StringLikeColumn, sel: Selection, pred: (s: string) => boolean): BoolColumn {
  const m = sel === null ? a.length : sel.length;
  const bits = allocBitmap(m);
  if (a.kind === 'dict') {
    const dec = decodeStrings(a.dictionary);
    // 0 = not computed yet, 1 = false, 2 = true
    const state = new Uint8Array(dec.length);
    const idx = a.indices;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (!valid(a, i)) continue;
      const e = idx[i];
      if (state[e] === 0) state[e] = pred(dec[e] as string) ? 2 : 1;
      if (state[e] === 2) bits[k >>> 3] |= 1 << (k & 7);
    }
  } else {
    const at = plainDecoder(a, sel);
    for (let k = 0; k < m; k++) {
      const s = at(sel === null ? k : sel[k]);
      if (s !== null && pred(s)) bits[k >>> 3] |= 1 << (k & 7);
    }
  }
  return boolColumn(bits, m, { validity: selectedValidity(a, sel, m) });
}
