/**
 * The column model of the columnar engine.
 *
 * A column is a plain object over typed arrays, read directly by the kernels:
 *
 * | kind     | buffers                                                       | JS value        |
 * |----------|---------------------------------------------------------------|-----------------|
 * | `number` | `values: Float64Array \| Int32Array` (row i = `values[i]`)    | number          |
 * | `bool`   | `values: Uint8Array` bitmap (row i = bit `bitOffset + i`)      | boolean         |
 * | `string` | `offsets: Int32Array` (row i = `data[offsets[i], offsets[i+1])`), `data: Uint8Array` UTF-8 | string |
 * | `dict`   | `indices: Int32Array` into `dictionary: StringColumn`          | string          |
 * | `mixed`  | `values: unknown[]` (JS values; fallback for unions/nested)    | as stored       |
 *
 * Every kind except `mixed` has `validity: Uint8Array | null` — an Arrow LSB bitmap where row i
 * is valid iff bit `bitOffset + i` is set; `null` means "no nulls" (the kernels' fast path).
 * `bitOffset` exists because a sliced Arrow vector shares its parent's bitmap; kernel outputs
 * always have `bitOffset = 0`. The value stored in a null slot is unspecified.
 *
 * Dates and timestamps are `number` columns of milliseconds since the epoch with
 * `logical = 'date' | 'timestamp'`.
 *
 * Columns are immutable once built (caches such as `stats` and `decoded` are filled lazily and
 * never change what the column means).
 */
import { allocBitmap, countSetBits, getBit } from './bitmap.js';
import { decodeUtf8, encodeStrings } from './utf8.js';

export type NumValues = Float64Array | Int32Array;
export type NumberLogical = 'number' | 'timestamp' | 'date';

/** Row indices into a column's row space, ascending unless a kernel says otherwise; null = all rows. */
export type Selection = Uint32Array | null;

/** Min/max over the valid non-NaN values, computed once per column on demand. */
export interface NumberStats {
  readonly min: number;
  readonly max: number;
  /** Every valid non-NaN value is an integer (−0 counts as an integer). */
  readonly allInt: boolean;
  readonly hasNaN: boolean;
  readonly validCount: number;
}

export interface NumberColumn {
  readonly kind: 'number';
  readonly length: number;
  readonly nullCount: number;
  readonly values: NumValues;
  readonly validity: Uint8Array | null;
  readonly bitOffset: number;
  readonly logical: NumberLogical;
  /** Lazily computed by `numberStats`. */
  stats: NumberStats | null;
}

export interface BoolColumn {
  readonly kind: 'bool';
  readonly length: number;
  readonly nullCount: number;
  /** Bit-packed values, row i = bit `bitOffset + i` (shares `bitOffset` with `validity`, as in Arrow). */
  readonly values: Uint8Array;
  readonly validity: Uint8Array | null;
  readonly bitOffset: number;
}

export interface StringColumn {
  readonly kind: 'string';
  readonly length: number;
  readonly nullCount: number;
  /** `length + 1` entries, absolute positions in `data`. */
  readonly offsets: Int32Array;
  readonly data: Uint8Array;
  readonly validity: Uint8Array | null;
  readonly bitOffset: number;
  /** Lazily decoded JS strings (see `decodeStrings`), so no row is decoded twice. */
  decoded: (string | null)[] | null;
}

export interface DictColumn {
  readonly kind: 'dict';
  readonly length: number;
  readonly nullCount: number;
  /** Row i's dictionary entry; unspecified for null rows. */
  readonly indices: Int32Array;
  /** The distinct values. Entries are never null (null entries are folded into row validity at ingest). */
  readonly dictionary: StringColumn;
  readonly validity: Uint8Array | null;
  readonly bitOffset: number;
}

export interface MixedColumn {
  readonly kind: 'mixed';
  readonly length: number;
  readonly nullCount: number;
  /** JS values; `null` and `undefined` are null. */
  readonly values: readonly unknown[];
}

export type Column = NumberColumn | BoolColumn | StringColumn | DictColumn | MixedColumn;
export type StringLikeColumn = StringColumn | DictColumn;
export type ColumnKind = Column['kind'];

// ---------------------------------------------------------------------------------------------
// constructors

function normalizeValidity(
  validity: Uint8Array | null | undefined,
  bitOffset: number,
  length: number,
  nullCount: number | undefined,
): { validity: Uint8Array | null; nullCount: number } {
  if (validity == null) return { validity: null, nullCount: 0 };
  const nc = nullCount === undefined || nullCount < 0 ? length - countSetBits(validity, bitOffset, length) : nullCount;
  return nc === 0 ? { validity: null, nullCount: 0 } : { validity, nullCount: nc };
}

export interface ValidityOptions {
  validity?: Uint8Array | null;
  bitOffset?: number;
  /** If omitted it is computed from the bitmap. */
  nullCount?: number;
}

export function numberColumn(
  values: NumValues,
  opts: ValidityOptions & { logical?: NumberLogical; length?: number } = {},
): NumberColumn {
  const length = opts.length ?? values.length;
  const bitOffset = opts.bitOffset ?? 0;
  const v = normalizeValidity(opts.validity, bitOffset, length, opts.nullCount);
  return {
    kind: 'number',
    length,
    nullCount: v.nullCount,
    values,
    validity: v.validity,
    bitOffset: v.validity === null ? 0 : bitOffset,
    logical: opts.logical ?? 'number',
    stats: null,
  };
}

export function boolColumn(values: Uint8Array, length: number, opts: ValidityOptions = {}): BoolColumn {
  const bitOffset = opts.bitOffset ?? 0;
  const v = normalizeValidity(opts.validity, bitOffset, length, opts.nullCount);
  return { kind: 'bool', length, nullCount: v.nullCount, values, validity: v.validity, bitOffset };
}

export function stringColumn(offsets: Int32Array, data: Uint8Array, opts: ValidityOptions & { length?: number } = {}): StringColumn {
  const length = opts.length ?? offsets.length - 1;
  const bitOffset = opts.bitOffset ?? 0;
  const v = normalizeValidity(opts.validity, bitOffset, length, opts.nullCount);
  return {
    kind: 'string',
    length,
    nullCount: v.nullCount,
    offsets,
    data,
    validity: v.validity,
    bitOffset: v.validity === null ? 0 : bitOffset,
    decoded: null,
  };
}

export function dictColumn(indices: Int32Array, dictionary: StringColumn, opts: ValidityOptions & { length?: number } = {}): DictColumn {
  const length = opts.length ?? indices.length;
  const bitOffset = opts.bitOffset ?? 0;
  const v = normalizeValidity(opts.validity, bitOffset, length, opts.nullCount);
  return {
    kind: 'dict',
    length,
    nullCount: v.nullCount,
    indices,
    dictionary,
    validity: v.validity,
    bitOffset: v.validity === null ? 0 : bitOffset,
  };
}

export function mixedColumn(values: readonly unknown[]): MixedColumn {
  let nc = 0;
  for (let i = 0; i < values.length; i++) if (values[i] == null) nc++;
  return { kind: 'mixed', length: values.length, nullCount: nc, values };
}

/** A number column from JS numbers (null/undefined = null). Int32 storage if every value fits. */
export function numbersFrom(values: ArrayLike<number | null | undefined>, logical: NumberLogical = 'number'): NumberColumn {
  const n = values.length;
  let validity: Uint8Array | null = null;
  let allInt32 = true;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x == null) {
      if (validity === null) validity = allocBitmap(n);
    } else if (allInt32 && ((x | 0) !== x || Object.is(x, -0))) allInt32 = false;
  }
  const out = allInt32 ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x != null) {
      out[i] = x;
      if (validity !== null) validity[i >>> 3] |= 1 << (i & 7);
    }
  }
  return numberColumn(out, { validity, logical });
}

/** A number column that always stores Float64 (for tests and kernel outputs). */
export function float64From(values: ArrayLike<number | null | undefined>): NumberColumn {
  const n = values.length;
  let validity: Uint8Array | null = null;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x == null) {
      if (validity === null) {
        validity = allocBitmap(n);
        for (let j = 0; j < i; j++) validity[j >>> 3] |= 1 << (j & 7);
      }
    } else {
      out[i] = x;
      if (validity !== null) validity[i >>> 3] |= 1 << (i & 7);
    }
  }
  return numberColumn(out, { validity });
}

export function boolsFrom(values: ArrayLike<boolean | null | undefined>): BoolColumn {
  const n = values.length;
  const bits = allocBitmap(n);
  let validity: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x == null) {
      if (validity === null) {
        validity = allocBitmap(n);
        for (let j = 0; j < i; j++) validity[j >>> 3] |= 1 << (j & 7);
      }
    } else {
      if (x) bits[i >>> 3] |= 1 << (i & 7);
      if (validity !== null) validity[i >>> 3] |= 1 << (i & 7);
    }
  }
  return boolColumn(bits, n, { validity });
}

export function stringsFrom(values: ArrayLike<string | null | undefined>): StringColumn {
  const e = encodeStrings(values);
  return stringColumn(e.offsets, e.data, { validity: e.validity, nullCount: e.nullCount });
}

/** Dictionary-encodes strings (first-seen dictionary order). */
export function dictFrom(values: ArrayLike<string | null | undefined>): DictColumn {
  const n = values.length;
  const indices = new Int32Array(n);
  const map = new Map<string, number>();
  const distinct: string[] = [];
  let validity: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (s == null) {
      if (validity === null) {
        validity = allocBitmap(n);
        for (let j = 0; j < i; j++) validity[j >>> 3] |= 1 << (j & 7);
      }
      continue;
    }
    if (validity !== null) validity[i >>> 3] |= 1 << (i & 7);
    let id = map.get(s);
    if (id === undefined) {
      id = distinct.length;
      map.set(s, id);
      distinct.push(s);
    }
    indices[i] = id;
  }
  return dictColumn(indices, stringsFrom(distinct), { validity });
}

/**
 * A column from arbitrary JS values, inferring the kind the way the JSON ingester does:
 * all numbers → number, all strings → dict (low cardinality) or string, all booleans → bool,
 * anything else (or a mix) → mixed. Nulls/undefined are null in every kind.
 */
export function columnFromValues(values: readonly unknown[]): Column {
  let kind: 'none' | 'number' | 'string' | 'bool' | 'mixed' = 'none';
  for (let i = 0; i < values.length && kind !== 'mixed'; i++) {
    const v = values[i];
    if (v == null) continue;
    const t = typeof v;
    const k = t === 'number' ? 'number' : t === 'string' ? 'string' : t === 'boolean' ? 'bool' : 'mixed';
    if (kind === 'none') kind = k;
    else if (kind !== k) kind = 'mixed';
  }
  switch (kind) {
    case 'number':
      return numbersFrom(values as ArrayLike<number | null>);
    case 'string': {
      const d = dictFrom(values as ArrayLike<string | null>);
      return d.dictionary.length * 2 <= d.length - d.nullCount ? d : stringsFrom(values as ArrayLike<string | null>);
    }
    case 'bool':
      return boolsFrom(values as ArrayLike<boolean | null>);
    default:
      return mixedColumn(values.map((v) => (v === undefined ? null : v)));
  }
}

// ---------------------------------------------------------------------------------------------
// row access (slow path; kernels never use these per row)

export function isNullAt(col: Column, i: number): boolean {
  if (col.kind === 'mixed') return col.values[i] == null;
  if (col.validity === null) return false;
  return !getBit(col.validity, col.bitOffset + i);
}

export function stringAt(col: StringColumn, i: number): string | null {
  if (col.validity !== null && !getBit(col.validity, col.bitOffset + i)) return null;
  if (col.decoded !== null) return col.decoded[i];
  return decodeUtf8(col.data, col.offsets[i], col.offsets[i + 1]);
}

/** All rows of a string column as JS strings, decoded once and cached on the column. */
export function decodeStrings(col: StringColumn): (string | null)[] {
  if (col.decoded !== null) return col.decoded;
  const n = col.length;
  const out = new Array<string | null>(n);
  const { offsets, data, validity, bitOffset } = col;
  for (let i = 0; i < n; i++) {
    if (validity !== null) {
      const j = bitOffset + i;
      if ((validity[j >>> 3] & (1 << (j & 7))) === 0) {
        out[i] = null;
        continue;
      }
    }
    out[i] = decodeUtf8(data, offsets[i], offsets[i + 1]);
  }
  col.decoded = out;
  return out;
}

/** The JS value of row `i`: number | string | boolean | null (or the stored value for `mixed`). */
export function valueAt(col: Column, i: number): unknown {
  switch (col.kind) {
    case 'number':
      if (col.validity !== null && !getBit(col.validity, col.bitOffset + i)) return null;
      return col.values[i];
    case 'bool':
      if (col.validity !== null && !getBit(col.validity, col.bitOffset + i)) return null;
      return getBit(col.values, col.bitOffset + i);
    case 'string':
      return stringAt(col, i);
    case 'dict':
      if (col.validity !== null && !getBit(col.validity, col.bitOffset + i)) return null;
      return stringAt(col.dictionary, col.indices[i]);
    case 'mixed': {
      const v = col.values[i];
      return v === undefined ? null : v;
    }
  }
}

/**
 * Converts rows to JS values (the result boundary). With a selection, returns the selected rows
 * in selection order. `timestamp`/`date` columns come back as millisecond numbers.
 */
export function toJS(col: Column, sel: Selection = null): unknown[] {
  const m = sel === null ? col.length : sel.length;
  const out = new Array<unknown>(m);
  switch (col.kind) {
    case 'number': {
      const { values, validity, bitOffset } = col;
      if (validity === null) {
        if (sel === null) for (let k = 0; k < m; k++) out[k] = values[k];
        else for (let k = 0; k < m; k++) out[k] = values[sel[k]];
      } else {
        for (let k = 0; k < m; k++) {
          const i = sel === null ? k : sel[k];
          const j = bitOffset + i;
          out[k] = (validity[j >>> 3] & (1 << (j & 7))) !== 0 ? values[i] : null;
        }
      }
      return out;
    }
    case 'bool': {
      const { values, validity, bitOffset } = col;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k];
        const j = bitOffset + i;
        out[k] = validity !== null && (validity[j >>> 3] & (1 << (j & 7))) === 0 ? null : (values[j >>> 3] & (1 << (j & 7))) !== 0;
      }
      return out;
    }
    case 'string': {
      if (col.decoded !== null || sel === null) {
        const d = decodeStrings(col);
        for (let k = 0; k < m; k++) out[k] = d[sel === null ? k : sel[k]];
      } else {
        for (let k = 0; k < m; k++) out[k] = stringAt(col, sel[k]);
      }
      return out;
    }
    case 'dict': {
      const dict = decodeStrings(col.dictionary);
      const { indices, validity, bitOffset } = col;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k];
        const j = bitOffset + i;
        out[k] = validity !== null && (validity[j >>> 3] & (1 << (j & 7))) === 0 ? null : dict[indices[i]];
      }
      return out;
    }
    case 'mixed': {
      const { values } = col;
      for (let k = 0; k < m; k++) {
        const v = values[sel === null ? k : sel[k]];
        out[k] = v === undefined ? null : v;
      }
      return out;
    }
  }
}

/** Number of rows addressed by `sel` in a column of `n` rows. */
export function selLength(sel: Selection, n: number): number {
  return sel === null ? n : sel.length;
}

/** `[0, 1, …, n-1]`. */
export function identitySelection(n: number): Uint32Array {
  const s = new Uint32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

/**
 * Composes selections: `inner` indexes the rows picked by `outer` (e.g. positions produced by a
 * kernel that ran on compacted data); the result indexes the base rows.
 */
export function composeSelection(outer: Selection, inner: Uint32Array): Uint32Array {
  if (outer === null) return inner;
  const out = new Uint32Array(inner.length);
  for (let k = 0; k < inner.length; k++) out[k] = outer[inner[k]];
  return out;
}

/**
 * Min/max/integrality of a number column (valid, non-NaN values), cached on the column. Used
 * to pick direct-indexed grouping for small integer key ranges.
 */
export function numberStats(col: NumberColumn): NumberStats {
  if (col.stats !== null) return col.stats;
  const { values, validity, bitOffset, length: n } = col;
  let min = Infinity;
  let max = -Infinity;
  let allInt = true;
  let hasNaN = false;
  let validCount = 0;
  for (let i = 0; i < n; i++) {
    if (validity !== null) {
      const j = bitOffset + i;
      if ((validity[j >>> 3] & (1 << (j & 7))) === 0) continue;
    }
    const v = values[i];
    validCount++;
    if (v !== v) {
      hasNaN = true;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (allInt && Math.floor(v) !== v) allInt = false;
  }
  col.stats = { min, max, allInt, hasNaN, validCount };
  return col.stats;
}
