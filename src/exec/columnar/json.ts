/**
 * JSON rows → columns. W&B history arrives as an array of JSON objects with sparse keys; this
 * builds one typed column per key in a single pass, without keeping per-row JS objects:
 *
 * - every key gets a builder the first time it is seen (earlier rows are null for it);
 * - a builder starts untyped and becomes `number`, `string` or `bool` from its first non-null
 *   value; a value of another type (or an object / array) turns it into `mixed`, which keeps
 *   the JS values;
 * - missing keys, `null` and `undefined` are nulls;
 * - numbers are stored as Int32 when every value is an int32 (and not −0), else Float64;
 *   strings are dictionary-encoded unless more than half the non-null values are distinct.
 *
 * Rows with the same key order as the previous row (the usual case) skip the key → builder
 * lookup.
 */
import { allocBitmap } from './bitmap.js';
import {
  boolColumn,
  dictColumn,
  mixedColumn,
  numberColumn,
  stringColumn,
  stringsFrom,
  type Column,
} from './column.js';
import { ColumnTable } from './table.js';
import { encodeStrings } from './utf8.js';

const K_NONE = 0;
const K_NUMBER = 1;
const K_STRING = 2;
const K_BOOL = 3;
const K_MIXED = 4;

class ColumnBuilder {
  kind = K_NONE;
  length = 0;
  nullCount = 0;
  cap: number;
  /** Number storage: Int32 while every value is an int32 (and not −0), then Float64. */
  ints: Int32Array | null = null;
  nums: Float64Array = new Float64Array(0);
  valid: Uint8Array = new Uint8Array(0);
  codes: Int32Array = new Int32Array(0);
  dictMap: Map<string, number> | null = null;
  distinct: string[] = [];
  bools: Uint8Array = new Uint8Array(0);
  mixed: unknown[] | null = null;

  constructor(capacity: number) {
    this.cap = Math.max(16, capacity);
  }

  /** Rows [length, r) become null. */
  padTo(r: number): void {
    if (r <= this.length) return;
    if (this.kind === K_MIXED) {
      const m = this.mixed as unknown[];
      for (let i = this.length; i < r; i++) m.push(null);
    }
    this.nullCount += r - this.length;
    this.length = r;
  }

  private ensure(r: number): void {
    if (r < this.cap) return;
    let cap = this.cap;
    while (cap <= r) cap *= 2;
    this.cap = cap;
    if (this.kind === K_NUMBER) {
      if (this.ints !== null) {
        const a = new Int32Array(cap);
        a.set(this.ints);
        this.ints = a;
      } else {
        const a = new Float64Array(cap);
        a.set(this.nums);
        this.nums = a;
      }
    } else if (this.kind === K_STRING) {
      const a = new Int32Array(cap);
      a.set(this.codes);
      this.codes = a;
    } else if (this.kind === K_BOOL) {
      const a = new Uint8Array(cap);
      a.set(this.bools);
      this.bools = a;
    }
    if (this.kind !== K_MIXED && this.kind !== K_NONE) {
      const v = new Uint8Array((cap + 7) >>> 3);
      v.set(this.valid);
      this.valid = v;
    }
  }

  private start(kind: number): void {
    this.kind = kind;
    if (kind === K_MIXED) {
      this.mixed = new Array<unknown>(this.length).fill(null);
      return;
    }
    this.valid = new Uint8Array((this.cap + 7) >>> 3);
    if (kind === K_NUMBER) this.ints = new Int32Array(this.cap);
    else if (kind === K_STRING) {
      this.codes = new Int32Array(this.cap);
      this.dictMap = new Map();
    } else this.bools = new Uint8Array(this.cap);
  }

  private toMixed(): void {
    const m = new Array<unknown>(this.length);
    for (let i = 0; i < this.length; i++) {
      if ((this.valid[i >>> 3] & (1 << (i & 7))) === 0) m[i] = null;
      else if (this.kind === K_NUMBER) m[i] = this.ints !== null ? this.ints[i] : this.nums[i];
      else if (this.kind === K_STRING) m[i] = this.distinct[this.codes[i]];
      else m[i] = this.bools[i] === 1;
    }
    this.kind = K_MIXED;
    this.mixed = m;
    this.ints = null;
    this.nums = new Float64Array(0);
    this.codes = new Int32Array(0);
    this.bools = new Uint8Array(0);
    this.valid = new Uint8Array(0);
    this.dictMap = null;
  }

  /** Stores a number at row `r` (capacity already ensured), leaving Int32 mode on the first non-int32. */
  putNumber(r: number, x: number): void {
    const ints = this.ints;
    if (ints !== null) {
      if ((x | 0) === x && !(x === 0 && 1 / x < 0)) {
        ints[r] = x;
        return;
      }
      const nums = new Float64Array(this.cap);
      for (let i = 0; i < this.length; i++) nums[i] = ints[i];
      this.nums = nums;
      this.ints = null;
    }
    this.nums[r] = x;
  }

  /** Appends the value of row `r` (rows arrive in increasing order). */
  append(r: number, v: unknown): void {
    if (r > this.length) this.padTo(r);
    if (v == null) {
      this.nullCount++;
      if (this.kind === K_MIXED) (this.mixed as unknown[]).push(null);
      this.length = r + 1;
      return;
    }
    // fast path: a number into a number column
    if (typeof v === 'number' && this.kind === K_NUMBER) {
      if (r >= this.cap) this.ensure(r);
      this.valid[r >>> 3] |= 1 << (r & 7);
      this.putNumber(r, v);
      this.length = r + 1;
      return;
    }
    const t = typeof v;
    const k = t === 'number' ? K_NUMBER : t === 'string' ? K_STRING : t === 'boolean' ? K_BOOL : K_MIXED;
    if (this.kind !== k) {
      if (this.kind === K_NONE) this.start(k);
      else if (this.kind !== K_MIXED) this.toMixed();
    }
    if (this.kind === K_MIXED) {
      (this.mixed as unknown[]).push(v);
      this.length = r + 1;
      return;
    }
    if (r >= this.cap) this.ensure(r);
    this.valid[r >>> 3] |= 1 << (r & 7);
    if (k === K_NUMBER) {
      this.putNumber(r, v as number);
    } else if (k === K_STRING) {
      const map = this.dictMap as Map<string, number>;
      let id = map.get(v as string);
      if (id === undefined) {
        id = this.distinct.length;
        map.set(v as string, id);
        this.distinct.push(v as string);
      }
      this.codes[r] = id;
    } else {
      this.bools[r] = v === true ? 1 : 0;
    }
    this.length = r + 1;
  }

  finish(n: number): Column {
    this.padTo(n);
    const validity = this.nullCount === 0 ? null : this.valid.length >= ((n + 7) >>> 3) ? this.valid : grow(this.valid, n);
    switch (this.kind) {
      case K_NONE:
        return mixedColumn(new Array<unknown>(n).fill(null));
      case K_MIXED:
        return mixedColumn(this.mixed as unknown[]);
      case K_NUMBER: {
        if (this.ints !== null) {
          const ints = this.ints.length === n ? this.ints : this.ints.length > n ? this.ints.slice(0, n) : growI32(this.ints, n);
          return numberColumn(ints, { validity, nullCount: this.nullCount });
        }
        const values = this.nums.length === n ? this.nums : this.nums.length > n ? this.nums.slice(0, n) : growF64(this.nums, n);
        return numberColumn(values, { validity, nullCount: this.nullCount });
      }
      case K_STRING: {
        const nonNull = n - this.nullCount;
        const codes = this.codes.length >= n ? this.codes.subarray(0, n) : growI32(this.codes, n);
        if (this.distinct.length * 2 <= nonNull) {
          return dictColumn(codes.length === this.codes.length ? codes : codes.slice(), stringsFrom(this.distinct), { validity, nullCount: this.nullCount });
        }
        const strings = new Array<string | null>(n);
        for (let i = 0; i < n; i++) strings[i] = validity !== null && (validity[i >>> 3] & (1 << (i & 7))) === 0 ? null : this.distinct[codes[i]];
        const e = encodeStrings(strings);
        return stringColumn(e.offsets, e.data, { validity: e.validity, nullCount: e.nullCount });
      }
      default: {
        const bits = allocBitmap(n);
        const b = this.bools;
        const lim = Math.min(n, b.length);
        for (let i = 0; i < lim; i++) if (b[i] === 1) bits[i >>> 3] |= 1 << (i & 7);
        return boolColumn(bits, n, { validity, nullCount: this.nullCount });
      }
    }
  }
}

function grow(bits: Uint8Array, n: number): Uint8Array {
  const out = allocBitmap(n);
  out.set(bits.subarray(0, Math.min(bits.length, out.length)));
  return out;
}
function growF64(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  out.set(a);
  return out;
}
function growI32(a: Int32Array, n: number): Int32Array {
  const out = new Int32Array(n);
  out.set(a);
  return out;
}

export interface JsonIngestOptions {
  /** Only build these keys (others are skipped); default: every key seen. */
  readonly keys?: readonly string[];
}

/** Builds a table from JSON rows (objects); non-object rows count as rows with every key null. */
export function tableFromJsonRows(rows: readonly unknown[], opts: JsonIngestOptions = {}): ColumnTable {
  const n = rows.length;
  const only = opts.keys ? new Set(opts.keys) : null;
  const builders = new Map<string, ColumnBuilder | null>();
  // exact capacity: no regrowth garbage (whose external-memory pressure triggers full GCs that
  // must trace the caller's row objects)
  const initialCap = n;
  // the previous row's key sequence and builders, to skip Map lookups for same-shaped rows
  let shapeKeys: string[] = [];
  let shapeBuilders: (ColumnBuilder | null)[] = [];
  if (only !== null && only.size <= 8) {
    // pruned ingest: read just the requested keys (no key enumeration)
    const keys = [...only];
    const bs = keys.map(() => new ColumnBuilder(initialCap));
    for (let r = 0; r < n; r++) {
      const row = rows[r];
      if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
      const obj = row as Record<string, unknown>;
      for (let q = 0; q < keys.length; q++) {
        const k = keys[q];
        if (Object.prototype.hasOwnProperty.call(obj, k)) bs[q].append(r, obj[k]);
      }
    }
    return new ColumnTable(
      n,
      keys.map((k, q) => [k, bs[q].finish(n)] as [string, Column]),
    );
  }
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    const obj = row as Record<string, unknown>;
    let p = 0;
    let sameShape = true;
    for (const k in obj) {
      let b: ColumnBuilder | null | undefined;
      if (sameShape && p < shapeKeys.length && shapeKeys[p] === k) b = shapeBuilders[p];
      else {
        if (sameShape) {
          sameShape = false;
          shapeKeys = shapeKeys.slice(0, p);
          shapeBuilders = shapeBuilders.slice(0, p);
        }
        b = builders.get(k);
        if (b === undefined) {
          b = only !== null && !only.has(k) ? null : new ColumnBuilder(initialCap);
          builders.set(k, b);
        }
        shapeKeys.push(k);
        shapeBuilders.push(b);
      }
      p++;
      if (b === null) continue;
      const v = obj[k];
      // inline fast path: a number into a number column (no call, no boxing of the value)
      if (typeof v === 'number' && b.kind === K_NUMBER && r === b.length && r < b.cap) {
        b.valid[r >>> 3] |= 1 << (r & 7);
        b.putNumber(r, v);
        b.length = r + 1;
      } else b.append(r, v);
    }
    if (sameShape && p < shapeKeys.length) {
      shapeKeys = shapeKeys.slice(0, p);
      shapeBuilders = shapeBuilders.slice(0, p);
    }
  }
  const entries: [string, Column][] = [];
  if (only !== null) {
    for (const k of only) {
      const b = builders.get(k);
      entries.push([k, b ? b.finish(n) : mixedColumn(new Array<unknown>(n).fill(null))]);
    }
  } else {
    for (const [k, b] of builders) if (b !== null) entries.push([k, b.finish(n)]);
  }
  return new ColumnTable(n, entries);
}
