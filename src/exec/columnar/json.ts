/**
 * JSON rows → columns. W&B history arrives as an array of JSON objects with sparse keys; this
 * builds one typed column per key in a single pass, without keeping per-row JS objects:
 *
 * - every key gets a column the first time it is seen (earlier rows are null for it);
 * - a column starts untyped and becomes `number`, `string` or `bool` from its first non-null
 *   value; a value of another type (or an object / array) turns it into `mixed`, which keeps
 *   the JS values;
 * - missing keys, `null` and `undefined` are nulls;
 * - numbers are stored as Int32 when every value is an int32 (and not −0), else Float64;
 *   strings are dictionary-encoded unless more than half the non-null values are distinct.
 *
 * How it is fast (docs/columnar.md, "Ingest"): a row with the same keys in the same order as
 * the previous one (the usual case: one hidden class) costs one `for…in` (V8 reads the fields
 * through the map's enum cache) and a pointer compare per key against the previous row's keys.
 * Such rows go through `fastRows`, a loop that takes only arrays and typed arrays (no object
 * whose hidden class could die in a GC and take the loop's optimized code with it) and writes a
 * number straight into its Int32Array (while every value is an int32) or Float64Array, a known string as its dictionary id (consecutive repeats skip the lookup) and a null
 * as a cleared validity bit (validity exists only once a column has a null). Anything else —
 * a new key order, a missing key, a new string, a first value, a kind change, booleans,
 * objects — stops the fast loop at that row, which `slowRow` finishes with the general rules;
 * the fast loop then resumes at the next row.
 */
import { boolColumn, dictColumn, mixedColumn, numberColumn, stringColumn, stringsFrom, type Column } from './column.js';
import { ColumnTable } from './table.js';
import { encodeStrings, hasLoneSurrogate } from './utf8.js';

const K_NONE = 0;
const K_NUMBER = 1;
const K_STRING = 2;
const K_BOOL = 3;
const K_MIXED = 4;

const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_U8 = new Uint8Array(0);

/**
 * The columns being built, as parallel arrays indexed by column id (struct of arrays: the fast
 * loop reads them as plain arrays). Every typed array has the table's length n; column c has
 * rows [0, lens[c]) decided.
 */
class Columns {
  readonly names: string[] = [];
  readonly kinds: number[] = [];
  readonly lens: number[] = [];
  readonly nullCounts: number[] = [];
  /** 1 while every number of the column is an int32 and not −0: stored in `ints`, else in `nums`. */
  readonly allInt: number[] = [];
  readonly ints: Int32Array[] = [];
  readonly nums: Float64Array[] = [];
  readonly codes: Int32Array[] = [];
  /** Boolean values, one bit per row. */
  readonly bits: Uint8Array[] = [];
  /** Validity bitmaps; `hasValid[c]` = 0 while every decided row is valid (no bitmap yet). */
  readonly valids: Uint8Array[] = [];
  readonly hasValid: number[] = [];
  readonly dicts: Map<string, number>[] = [];
  readonly distinct: string[][] = [];
  /** The last string of the column and its id (consecutive repeats skip the dictionary). */
  readonly lastStr: string[] = [];
  readonly lastId: number[] = [];
  readonly mixed: unknown[][] = [];

  constructor(readonly n: number) {}

  add(name: string): number {
    const c = this.names.length;
    this.names.push(name);
    this.kinds.push(K_NONE);
    this.lens.push(0);
    this.nullCounts.push(0);
    this.allInt.push(1);
    this.ints.push(EMPTY_I32);
    this.nums.push(EMPTY_F64);
    this.codes.push(EMPTY_I32);
    this.bits.push(EMPTY_U8);
    this.valids.push(EMPTY_U8);
    this.hasValid.push(0);
    this.dicts.push(new Map());
    this.distinct.push([]);
    this.lastStr.push('');
    this.lastId.push(-1);
    this.mixed.push([]);
    return c;
  }

  private validity(c: number): Uint8Array {
    if (this.hasValid[c] === 0) {
      this.valids[c] = new Uint8Array((this.n + 7) >>> 3).fill(0xff);
      this.hasValid[c] = 1;
    }
    return this.valids[c];
  }

  /** Rows [lens[c], r) of column c become null. */
  padTo(c: number, r: number): void {
    const from = this.lens[c];
    if (r <= from) return;
    this.nullCounts[c] += r - from;
    this.lens[c] = r;
    const kind = this.kinds[c];
    if (kind !== K_NONE && kind !== K_MIXED) clearBits(this.validity(c), from, r); // mixed slots are null already
  }

  private start(c: number, kind: number): void {
    const n = this.n;
    this.kinds[c] = kind;
    if (kind === K_MIXED) {
      this.mixed[c] = new Array<unknown>(n).fill(null);
      return;
    }
    if (this.lens[c] > 0) clearBits(this.validity(c), 0, this.lens[c]); // the rows so far were null
    if (kind === K_NUMBER) this.ints[c] = new Int32Array(n);
    else if (kind === K_STRING) this.codes[c] = new Int32Array(n);
    else this.bits[c] = new Uint8Array((n + 7) >>> 3);
  }

  private toMixed(c: number): void {
    const m = new Array<unknown>(this.n).fill(null);
    const valid = this.hasValid[c] === 1 ? this.valids[c] : null;
    const kind = this.kinds[c];
    const nums = this.allInt[c] === 1 ? this.ints[c] : this.nums[c];
    const codes = this.codes[c];
    const bits = this.bits[c];
    const distinct = this.distinct[c];
    for (let i = 0; i < this.lens[c]; i++) {
      if (valid !== null && (valid[i >>> 3] & (1 << (i & 7))) === 0) continue;
      if (kind === K_NUMBER) m[i] = nums[i];
      else if (kind === K_STRING) m[i] = distinct[codes[i]];
      else m[i] = (bits[i >>> 3] & (1 << (i & 7))) !== 0;
    }
    this.kinds[c] = K_MIXED;
    this.mixed[c] = m;
    this.ints[c] = EMPTY_I32;
    this.nums[c] = EMPTY_F64;
    this.codes[c] = EMPTY_I32;
    this.bits[c] = EMPTY_U8;
    this.valids[c] = EMPTY_U8;
    this.hasValid[c] = 0;
    this.dicts[c] = new Map();
    this.lastId[c] = -1;
  }

  /** The first number that is not an int32: the column's values move to Float64. */
  private toFloat(c: number): void {
    const ints = this.ints[c];
    const nums = new Float64Array(this.n);
    const len = this.lens[c];
    for (let i = 0; i < len; i++) nums[i] = ints[i];
    this.nums[c] = nums;
    this.ints[c] = EMPTY_I32;
    this.allInt[c] = 0;
  }

  private stringId(c: number, s: string): number {
    const map = this.dicts[c];
    let id = map.get(s);
    if (id === undefined) {
      id = this.distinct[c].length;
      map.set(s, id);
      this.distinct[c].push(s);
    }
    this.lastStr[c] = s;
    this.lastId[c] = id;
    return id;
  }

  /** Sets row r (≥ lens[c]) of column c to v: the general rules. */
  put(c: number, r: number, v: unknown): void {
    if (r > this.lens[c]) this.padTo(c, r);
    if (v == null) {
      this.nullCounts[c]++;
      const kind = this.kinds[c];
      if (kind !== K_NONE && kind !== K_MIXED) clearBits(this.validity(c), r, r + 1);
      this.lens[c] = r + 1;
      return;
    }
    const t = typeof v;
    const k = t === 'number' ? K_NUMBER : t === 'string' ? K_STRING : t === 'boolean' ? K_BOOL : K_MIXED;
    if (this.kinds[c] !== k) {
      if (this.kinds[c] === K_NONE) this.start(c, k);
      else if (this.kinds[c] !== K_MIXED) this.toMixed(c);
    }
    this.lens[c] = r + 1;
    if (this.kinds[c] === K_MIXED) {
      this.mixed[c][r] = v;
    } else if (k === K_NUMBER) {
      const x = v as number;
      if (this.allInt[c] === 1) {
        if ((x | 0) === x && !(x === 0 && 1 / x < 0)) {
          this.ints[c][r] = x;
          return;
        }
        this.toFloat(c);
      }
      this.nums[c][r] = x;
    } else if (k === K_STRING) {
      this.codes[c][r] = this.lastId[c] >= 0 && v === this.lastStr[c] ? this.lastId[c] : this.stringId(c, v as string);
    } else if (v === true) {
      this.bits[c][r >>> 3] |= 1 << (r & 7);
    }
  }

  /** Column c's strings (null where invalid) as plain JS values. */
  private exactStrings(c: number, validity: Uint8Array | null): (string | null)[] {
    const codes = this.codes[c];
    const distinct = this.distinct[c];
    const out = new Array<string | null>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = validity !== null && (validity[i >>> 3] & (1 << (i & 7))) === 0 ? null : distinct[codes[i]];
    return out;
  }

  finish(c: number): Column {
    const n = this.n;
    this.padTo(c, n);
    const nullCount = this.nullCounts[c];
    const validity = nullCount === 0 || this.hasValid[c] === 0 ? null : this.valids[c];
    if (validity !== null && (n & 7) !== 0) validity[validity.length - 1] &= (1 << (n & 7)) - 1;
    switch (this.kinds[c]) {
      case K_NONE:
        return mixedColumn(new Array<unknown>(n).fill(null));
      case K_MIXED:
        return mixedColumn(this.mixed[c]);
      case K_NUMBER:
        return numberColumn(this.allInt[c] === 1 ? this.ints[c] : this.nums[c], { validity, nullCount });
      case K_STRING: {
        const codes = this.codes[c];
        const distinct = this.distinct[c];
        // UTF-8 cannot hold a lone surrogate: such a column keeps its exact JS strings
        if (distinct.some(hasLoneSurrogate)) return mixedColumn(this.exactStrings(c, validity));
        if (distinct.length * 2 <= n - nullCount) return dictColumn(codes, stringsFrom(distinct), { validity, nullCount });
        const strings = new Array<string | null>(n);
        for (let i = 0; i < n; i++) strings[i] = validity !== null && (validity[i >>> 3] & (1 << (i & 7))) === 0 ? null : distinct[codes[i]];
        const e = encodeStrings(strings);
        return stringColumn(e.offsets, e.data, { validity: e.validity, nullCount: e.nullCount });
      }
      default:
        return boolColumn(this.bits[c], n, { validity, nullCount });
    }
  }
}

/**
 * A long-lived instance keeps the hidden class of `Columns` alive: V8 holds the maps of
 * short-lived objects weakly, and code specialized on a map that died in a GC is thrown away.
 */
const KEEP_MAP = new Columns(0);
void KEEP_MAP;

/** The column builders, for ingests from other sources (JSON texts: json-text.ts). */
export { Columns as JsonColumnBuilder };

/** Clears bits [from, to) of a bitmap. */
function clearBits(bits: Uint8Array, from: number, to: number): void {
  let i = from;
  while (i < to && (i & 7) !== 0) {
    bits[i >>> 3] &= ~(1 << (i & 7));
    i++;
  }
  if (to - i >= 8) {
    const end = to & ~7;
    bits.fill(0, i >>> 3, end >>> 3);
    i = end;
  }
  for (; i < to; i++) bits[i >>> 3] &= ~(1 << (i & 7));
}

/**
 * Rows from `from` while they have the previous row's keys (`keys`, column ids `slots`, −1 for
 * a skipped key) and every value takes the fast path; returns the first row it did not finish
 * (rows.length when done). Row r may be left part-written: the columns written have lens = r+1.
 */
function fastRows(
  rows: readonly unknown[],
  from: number,
  keys: string[],
  slots: number[],
  kinds: number[],
  lens: number[],
  nullCounts: number[],
  allInt: number[],
  ints: Int32Array[],
  nums: Float64Array[],
  codes: Int32Array[],
  bits: Uint8Array[],
  valids: Uint8Array[],
  hasValid: number[],
  dicts: Map<string, number>[],
  distinct: string[][],
  lastStr: string[],
  lastId: number[],
  mixed: unknown[][],
): number {
  const n = rows.length;
  const width = keys.length;
  for (let r = from; r < n; r++) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    const obj = row as Record<string, unknown>;
    let p = 0;
    for (const k in obj) {
      if (p >= width || keys[p] !== k) return r;
      const c = slots[p++];
      if (c < 0) continue;
      if (lens[c] !== r) return r;
      const v = obj[k];
      const kind = kinds[c];
      if (kind === K_MIXED) {
        mixed[c][r] = v === undefined ? null : v;
      } else if (typeof v === 'number') {
        if (kind !== K_NUMBER) return r;
        if (allInt[c] === 0) nums[c][r] = v;
        else if ((v | 0) === v && !(v === 0 && 1 / v < 0)) ints[c][r] = v;
        else return r;
      } else if (typeof v === 'string') {
        if (kind !== K_STRING) return r;
        if (v === lastStr[c] && lastId[c] >= 0) codes[c][r] = lastId[c];
        else {
          let id = dicts[c].get(v);
          if (id === undefined) {
            id = distinct[c].length;
            dicts[c].set(v, id);
            distinct[c].push(v);
          }
          codes[c][r] = id;
          lastStr[c] = v;
          lastId[c] = id;
        }
      } else if (typeof v === 'boolean') {
        if (kind !== K_BOOL) return r;
        if (v) bits[c][r >>> 3] |= 1 << (r & 7);
      } else if (v === null && hasValid[c] === 1) {
        valids[c][r >>> 3] &= ~(1 << (r & 7));
        nullCounts[c]++;
      } else return r;
      lens[c] = r + 1;
    }
    if (p !== width) return r;
  }
  return n;
}

/** A generated reader for one row shape and the current kinds of its columns (see `shapeReader`). */
type ShapeReader = (
  rows: readonly unknown[],
  from: number,
  slots: readonly number[],
  lens: number[],
  nullCounts: number[],
  ints: Int32Array[],
  nums: Float64Array[],
  codes: Int32Array[],
  bits: Uint8Array[],
  valids: Uint8Array[],
  dicts: Map<string, number>[],
  distinct: string[][],
  lastStr: string[],
  lastId: number[],
  mixed: unknown[][],
) => number;

/**
 * Readers generated per row shape (the key list) and the kinds its columns have now: the loop a
 * schema-aware hand-written ingest would be. Each key is a named property load (`o["loss"]`),
 * which V8 specializes on the rows' hidden class (reading a double field unboxed, where
 * `for…in` reads fields by index); each column's kind, storage (Int32 / Float64) and whether it
 * has a validity bitmap yet are baked in, and its arrays, dictionary cursor and null count are
 * locals. A row must have exactly as many `for…in` keys as the shape and a defined value for
 * each (so it has exactly the shape's keys); a row that does not, or a value the column's kind
 * does not take (a null before the column has a bitmap, a non-int32 in an Int32 column, a kind
 * change), ends the reader at that row (columns before the value hold the row, the others do
 * not) and the general path takes over, as after `fastRows`. Shapes with a key that
 * `Object.prototype` has (`constructor`, `__proto__` …) are not generated (a missing key would
 * read the inherited value); neither is anything where code generation is not allowed (a
 * Content-Security-Policy without 'unsafe-eval'): `fastRows` then does the work.
 *
 * The generated text holds no data: keys reach the reader as an array (`o[k3]`, `k3` bound once
 * per shape, so each reader's keyed loads see one name and V8 turns them into field loads), and
 * the text is made of the spec's kind letters and a serial number only (a distinct text per
 * shape keeps one shape's type feedback from mixing with another's). Each ingest compiles at
 * most `COMPILES_PER_INGEST` new shapes: sparse rows (run summaries: almost every row another
 * key set) would otherwise compile a reader per row.
 */
const readers = new Map<string, ShapeReader | null>();
const COMPILES_PER_INGEST = 4;
let shapeSerial = 0;
let codegen = true;

/** Turns generated readers on or off (tests run both paths); returns the previous setting. */
export function setJsonIngestCodegen(on: boolean): boolean {
  const before = codegen;
  codegen = on;
  return before;
}

function shapeReader(keys: readonly string[], spec: string, budget: { compiles: number }): ShapeReader | null {
  if (!codegen || keys.length === 0 || keys.length > 64) return null;
  const id = `${spec}\u0001${keys.join('\u0000')}`;
  const hit = readers.get(id);
  if (hit !== undefined) return hit;
  if (budget.compiles <= 0) return null;
  budget.compiles--;
  let fn: ShapeReader | null = null;
  if (!keys.some((k) => k in Object.prototype)) {
    const m = keys.length;
    const live = [...spec].map((ch, j) => (ch === 's' ? -1 : j)).filter((j) => j >= 0);
    const decl: string[] = [];
    const back: string[] = [];
    const keyDecl = keys.map((_, j) => `const k${j} = keys[${j}];`).join(' ');
    for (const j of live) {
      const ch = spec[j];
      decl.push(`const c${j} = slots[${j}];`);
      if (ch === 'i' || ch === 'I') decl.push(`const a${j} = ints[c${j}];`);
      else if (ch === 'f' || ch === 'F') decl.push(`const a${j} = nums[c${j}];`);
      else if (ch === 't' || ch === 'T') decl.push(`const a${j} = codes[c${j}]; const d${j} = dicts[c${j}]; const x${j} = distinct[c${j}]; let ls${j} = lastId[c${j}] >= 0 ? lastStr[c${j}] : null; let li${j} = lastId[c${j}];`);
      else if (ch === 'b' || ch === 'B') decl.push(`const a${j} = bits[c${j}];`);
      else decl.push(`const a${j} = mixed[c${j}];`);
      if (ch === 'I' || ch === 'F' || ch === 'T' || ch === 'B') decl.push(`const v${j} = valids[c${j}]; let n${j} = 0;`);
      if (ch === 'I' || ch === 'F' || ch === 'T' || ch === 'B') back.push(`nullCounts[c${j}] += n${j};`);
      if (ch === 't' || ch === 'T') back.push(`if (ls${j} !== null) { lastStr[c${j}] = ls${j}; lastId[c${j}] = li${j}; }`);
    }
    // exit(j): columns before key j hold row r, the others do not
    const exit = (j: number): string => `{ ${live.map((i) => `lens[c${i}] = ${i < j ? 'r + 1' : 'r'};`).join(' ')} ${back.join(' ')} return r; }`;
    const body = keys.map((_, j) => {
      const ch = spec[j];
      const load = `v = o[k${j}];`;
      const nul = ch === 'I' || ch === 'F' || ch === 'T' || ch === 'B' ? `else if (v === null) { v${j}[r >>> 3] &= ~(1 << (r & 7)); n${j}++; } ` : '';
      switch (ch) {
        case 's':
          return `${load} if (v === undefined) ${exit(j)}`;
        case 'i':
        case 'I':
          return `${load} if (typeof v === 'number' && (v | 0) === v && (v !== 0 || 1 / v > 0)) a${j}[r] = v; ${nul}else ${exit(j)}`;
        case 'f':
        case 'F':
          return `${load} if (typeof v === 'number') a${j}[r] = v; ${nul}else ${exit(j)}`;
        case 't':
        case 'T':
          return `${load} if (typeof v === 'string') { if (v !== ls${j}) { let id = d${j}.get(v); if (id === undefined) { id = x${j}.length; d${j}.set(v, id); x${j}.push(v); } ls${j} = v; li${j} = id; } a${j}[r] = li${j}; } ${nul}else ${exit(j)}`;
        case 'b':
        case 'B':
          return `${load} if (typeof v === 'boolean') { if (v) a${j}[r >>> 3] |= 1 << (r & 7); } ${nul}else ${exit(j)}`;
        default:
          return `${load} if (v === undefined) ${exit(j)} a${j}[r] = v;`;
      }
    });
    const src = `/* shape ${++shapeSerial} */ return function bind(keys) { ${keyDecl} return function shapeReader(rows, from, slots, lens, nullCounts, ints, nums, codes, bits, valids, dicts, distinct, lastStr, lastId, mixed) {
  const n = rows.length;
  ${decl.join('\n  ')}
  let r = from;
  for (; r < n; r++) {
    const o = rows[r];
    if (o === null || typeof o !== 'object' || Array.isArray(o)) ${exit(0)}
    let count = 0;
    for (const k in o) count++;
    if (count !== ${m}) ${exit(0)}
    let v;
    ${body.join('\n    ')}
  }
  ${exit(m)}
}; };`;
    try {
      fn = (new Function(src)() as (keys: readonly string[]) => ShapeReader)([...keys]);
    } catch {
      codegen = false;
      return null;
    }
  }
  if (readers.size >= 256) readers.clear();
  readers.set(id, fn);
  return fn;
}

/**
 * The generated-reader spec of the shape's columns (one letter per key: `s` skipped key;
 * `i`/`f` Int32/Float64 numbers, `t` strings, `b` booleans, `m` mixed; upper case when the
 * column has a validity bitmap), or null when a column is not at row `r` or has no kind yet.
 */
function readerSpec(cols: Columns, slots: readonly number[], r: number): string | null {
  let spec = '';
  for (const c of slots) {
    if (c < 0) {
      spec += 's';
      continue;
    }
    if (cols.lens[c] !== r) return null;
    const kind = cols.kinds[c];
    const v = cols.hasValid[c] === 1;
    let ch: string;
    if (kind === K_NUMBER) ch = cols.allInt[c] === 1 ? 'i' : 'f';
    else if (kind === K_STRING) ch = 't';
    else if (kind === K_BOOL) ch = 'b';
    else if (kind === K_MIXED) ch = 'm';
    else return null;
    spec += v && ch !== 'm' ? ch.toUpperCase() : ch;
  }
  return spec;
}

/** The general path for row r: every key not yet written; the row's keys become the shape. */
function slowRow(cols: Columns, ids: Map<string, number>, only: ReadonlySet<string> | null, keys: string[], slots: number[], obj: Record<string, unknown>, r: number): void {
  keys.length = 0;
  slots.length = 0;
  for (const k in obj) {
    let c = ids.get(k);
    if (c === undefined) {
      c = only !== null && !only.has(k) ? -1 : cols.add(k);
      ids.set(k, c);
    }
    keys.push(k);
    slots.push(c);
    if (c < 0 || cols.lens[c] > r) continue;
    cols.put(c, r, obj[k]);
  }
}

export interface JsonIngestOptions {
  /** Only build these keys (others are skipped); default: every key seen. */
  readonly keys?: readonly string[];
}

/** Builds a table from JSON rows (objects); non-object rows count as rows with every key null. */
export function tableFromJsonRows(rows: readonly unknown[], opts: JsonIngestOptions = {}): ColumnTable {
  const n = rows.length;
  const only = opts.keys ? new Set(opts.keys) : null;
  if (only !== null && only.size <= 8) return prunedIngest(rows, [...only]);
  const cols = new Columns(n);
  const ids = new Map<string, number>();
  const keys: string[] = [];
  const slots: number[] = [];
  const budget = { compiles: COMPILES_PER_INGEST };
  let r = 0;
  while (r < n) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      r++;
      continue;
    }
    const spec = r === 0 ? null : readerSpec(cols, slots, r);
    const reader = spec === null ? null : shapeReader(keys, spec, budget);
    const from = r;
    if (reader !== null) {
      r = reader(rows, r, slots, cols.lens, cols.nullCounts, cols.ints, cols.nums, cols.codes, cols.bits, cols.valids, cols.dicts, cols.distinct, cols.lastStr, cols.lastId, cols.mixed);
    }
    // the generic fast loop takes over where no reader applies or one stopped at once (e.g. a
    // row with the same keys in another order)
    if (reader === null || r === from) {
      r = fastRows(rows, r, keys, slots, cols.kinds, cols.lens, cols.nullCounts, cols.allInt, cols.ints, cols.nums, cols.codes, cols.bits, cols.valids, cols.hasValid, cols.dicts, cols.distinct, cols.lastStr, cols.lastId, cols.mixed);
    }
    if (r >= n) break;
    const stop = rows[r];
    if (stop === null || typeof stop !== 'object' || Array.isArray(stop)) continue; // skipped at the top
    slowRow(cols, ids, only, keys, slots, stop as Record<string, unknown>, r);
    r++;
  }
  const entries: [string, Column][] = [];
  if (only !== null) {
    for (const k of only) {
      const c = ids.get(k);
      entries.push([k, c !== undefined && c >= 0 ? cols.finish(c) : mixedColumn(new Array<unknown>(n).fill(null))]);
    }
  } else {
    for (let c = 0; c < cols.names.length; c++) entries.push([cols.names[c], cols.finish(c)]);
  }
  return new ColumnTable(n, entries);
}

/** Pruned ingest: reads just the requested keys (own properties; no key enumeration). */
function prunedIngest(rows: readonly unknown[], keys: readonly string[]): ColumnTable {
  const n = rows.length;
  const cols = new Columns(n);
  for (const k of keys) cols.add(k);
  const hasOwn = Object.prototype.hasOwnProperty;
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    const obj = row as Record<string, unknown>;
    for (let q = 0; q < keys.length; q++) {
      const k = keys[q];
      if (hasOwn.call(obj, k)) cols.put(q, r, obj[k]);
    }
  }
  return new ColumnTable(
    n,
    keys.map((k, q) => [k, cols.finish(q)] as [string, Column]),
  );
}
