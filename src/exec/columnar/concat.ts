/**
 * Concatenation of columns (multi-chunk Arrow vectors, per-run history chunks).
 *
 * Type unification follows the JSON ingester: numbers stay numbers (Int32 only if every part is
 * Int32), strings/dictionaries become one dictionary (or plain strings if no part is a
 * dictionary), booleans stay booleans, all-null parts adopt the other parts' kind, and anything
 * else falls back to a `mixed` column.
 */
import { allocBitmap, copyBits } from './bitmap.js';
import {
  boolColumn,
  dictColumn,
  mixedColumn,
  numberColumn,
  stringColumn,
  stringsFrom,
  toJS,
  type BoolColumn,
  type Column,
  type DictColumn,
  type NumberColumn,
  type StringColumn,
} from './column.js';
import { ColumnTable } from './table.js';
import { hashBytes, rangesEqual } from './utf8.js';

function isAllNull(c: Column): boolean {
  return c.length > 0 && c.nullCount === c.length;
}

/** Validity for the concatenation, or null when no part has nulls. */
function concatValidity(parts: readonly Column[], total: number): Uint8Array | null {
  let any = false;
  for (const p of parts) if (p.nullCount > 0) any = true;
  if (!any) return null;
  const out = allocBitmap(total);
  let pos = 0;
  for (const p of parts) {
    const n = p.length;
    if (p.kind === 'mixed') {
      for (let i = 0; i < n; i++) if (p.values[i] != null) out[(pos + i) >>> 3] |= 1 << ((pos + i) & 7);
    } else if (p.validity === null) {
      for (let i = 0; i < n; i++) out[(pos + i) >>> 3] |= 1 << ((pos + i) & 7);
    } else {
      copyBits(out, pos, p.validity, p.bitOffset, n);
    }
    pos += n;
  }
  return out;
}

export function concatColumns(parts: readonly Column[]): Column {
  if (parts.length === 1) return parts[0];
  let total = 0;
  for (const p of parts) total += p.length;
  // all-null parts adopt the kind of the others; if every part is all-null, keep a typed kind
  let typed = parts.filter((p) => p.length > 0 && !isAllNull(p));
  if (typed.length === 0) typed = parts.filter((p) => p.length > 0 && p.kind !== 'mixed');
  if (typed.length === 0) return mixedColumn(new Array<unknown>(total).fill(null));
  const kinds = new Set(typed.map((p) => (p.kind === 'dict' ? 'string' : p.kind)));
  if (kinds.size === 1) {
    const k = typed[0].kind;
    if (k === 'number') return concatNumbers(parts, total);
    if (k === 'bool') return concatBools(parts, total);
    if (k === 'string' || k === 'dict') return concatStrings(parts, total);
  }
  const values: unknown[] = [];
  for (const p of parts) for (const v of toJS(p)) values.push(v);
  return mixedColumn(values);
}

function concatNumbers(parts: readonly Column[], total: number): NumberColumn {
  let allInt = true;
  let logical: NumberColumn['logical'] | null = null;
  for (const p of parts) {
    if (p.kind !== 'number') continue;
    if (!(p.values instanceof Int32Array)) allInt = false;
    logical = logical === null || logical === p.logical ? p.logical : 'number';
  }
  const out = allInt ? new Int32Array(total) : new Float64Array(total);
  let pos = 0;
  for (const p of parts) {
    if (p.kind === 'number') out.set(p.values.subarray(0, p.length), pos);
    pos += p.length;
  }
  return numberColumn(out, { validity: concatValidity(parts, total), logical: logical ?? 'number' });
}

function concatBools(parts: readonly Column[], total: number): BoolColumn {
  const bits = allocBitmap(total);
  let pos = 0;
  for (const p of parts) {
    if (p.kind === 'bool') copyBits(bits, pos, p.values, p.bitOffset, p.length);
    pos += p.length;
  }
  return boolColumn(bits, total, { validity: concatValidity(parts, total) });
}

function concatStrings(parts: readonly Column[], total: number): StringColumn | DictColumn {
  const anyDict = parts.some((p) => p.kind === 'dict');
  if (!anyDict) {
    let bytes = 0;
    for (const p of parts) if (p.kind === 'string') bytes += p.offsets[p.length] - p.offsets[0];
    const data = new Uint8Array(bytes);
    const offsets = new Int32Array(total + 1);
    let pos = 0;
    let bpos = 0;
    for (const p of parts) {
      const n = p.length;
      if (p.kind === 'string') {
        const o0 = p.offsets[0];
        const o1 = p.offsets[n];
        data.set(p.data.subarray(o0, o1), bpos);
        for (let i = 1; i <= n; i++) offsets[pos + i] = bpos + (p.offsets[i] - o0);
        bpos += o1 - o0;
      } else {
        for (let i = 1; i <= n; i++) offsets[pos + i] = bpos;
      }
      pos += n;
    }
    return stringColumn(offsets, data, { validity: concatValidity(parts, total) });
  }
  // Dictionary output. Parts sharing one dictionary object keep their indices.
  const first = parts.find((p): p is DictColumn => p.kind === 'dict') as DictColumn;
  const shared = parts.every((p) => p.kind !== 'string' && (p.kind !== 'dict' || p.dictionary === first.dictionary));
  const indices = new Int32Array(total);
  if (shared) {
    let pos = 0;
    for (const p of parts) {
      if (p.kind === 'dict') indices.set(p.indices.subarray(0, p.length), pos);
      pos += p.length;
    }
    return dictColumn(indices, first.dictionary, { validity: concatValidity(parts, total) });
  }
  const interner = new StringInterner();
  let pos = 0;
  for (const p of parts) {
    const n = p.length;
    if (p.kind === 'dict') {
      const d = p.dictionary;
      const remap = new Int32Array(d.length);
      for (let e = 0; e < d.length; e++) remap[e] = interner.intern(d.data, d.offsets[e], d.offsets[e + 1]);
      const { indices: src } = p;
      for (let i = 0; i < n; i++) indices[pos + i] = remap[src[i]];
    } else if (p.kind === 'string') {
      const { offsets, data, validity, bitOffset } = p;
      for (let i = 0; i < n; i++) {
        if (validity !== null) {
          const j = bitOffset + i;
          if ((validity[j >>> 3] & (1 << (j & 7))) === 0) continue;
        }
        indices[pos + i] = interner.intern(data, offsets[i], offsets[i + 1]);
      }
    }
    pos += n;
  }
  return dictColumn(indices, interner.toColumn(), { validity: concatValidity(parts, total) });
}

/**
 * Interns UTF-8 byte strings into a growing distinct list (open addressing on a byte hash,
 * comparing bytes on collision). Used to merge dictionaries and to build dictionaries from
 * plain strings without decoding them.
 */
export class StringInterner {
  private table = new Int32Array(64).fill(-1);
  private hashes = new Int32Array(16);
  private offsets = new Int32Array(17);
  private data = new Uint8Array(256);
  size = 0;

  /** Id of the byte string, or −1 if it was never interned. */
  find(src: Uint8Array, start: number, end: number): number {
    const h = hashBytes(src, start, end);
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.table[slot];
      if (id === -1) return -1;
      if (this.hashes[id] === h && rangesEqual(this.data, this.offsets[id], this.offsets[id + 1], src, start, end)) return id;
      slot = (slot + 1) & mask;
    }
  }

  intern(src: Uint8Array, start: number, end: number): number {
    const h = hashBytes(src, start, end);
    const mask = this.table.length - 1;
    let slot = h & mask;
    for (;;) {
      const id = this.table[slot];
      if (id === -1) break;
      if (this.hashes[id] === h && rangesEqual(this.data, this.offsets[id], this.offsets[id + 1], src, start, end)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.hashes.length) {
      const hs = new Int32Array(this.hashes.length * 2);
      hs.set(this.hashes);
      this.hashes = hs;
      const os = new Int32Array(this.hashes.length + 1);
      os.set(this.offsets);
      this.offsets = os;
    }
    const len = end - start;
    const at = this.offsets[id];
    if (at + len > this.data.length) {
      const d = new Uint8Array(Math.max(this.data.length * 2, at + len));
      d.set(this.data.subarray(0, at));
      this.data = d;
    }
    this.data.set(src.subarray(start, end), at);
    this.offsets[id + 1] = at + len;
    this.hashes[id] = h;
    this.table[slot] = id;
    if (this.size * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = this.hashes[id] & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = id;
    }
    this.table = table;
  }

  toColumn(): StringColumn {
    return stringColumn(this.offsets.slice(0, this.size + 1), this.data.slice(0, this.offsets[this.size]));
  }
}

export interface ConcatTablesOptions {
  /** Name of the run-tag column added to the result (default `"run"`); null = no tag column. */
  readonly tagName?: string | null;
  /**
   * Tag value of each input table (e.g. run names): the tag column is then a dictionary column
   * over these values with one index per row. Without it the tag is the Int32 input index.
   */
  readonly tagValues?: readonly string[];
}

/**
 * `runs.history.concat`: concatenates per-run tables. Columns are the union of the inputs'
 * columns (first-seen order); a column missing from an input is null for its rows; column kinds
 * unify as in `concatColumns`. The run each row came from travels as a tag column: a dictionary
 * column of `tagValues` (indices only — no per-row strings) or the Int32 input index.
 */
export function concatTables(tables: readonly ColumnTable[], opts: ConcatTablesOptions = {}): ColumnTable {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const t of tables) for (const n of t.names) if (!seen.has(n)) (seen.add(n), names.push(n));
  let total = 0;
  for (const t of tables) total += t.length;
  const entries: [string, () => Column][] = names.map((name) => [
    name,
    () => concatColumns(tables.map((t) => t.column(name) ?? mixedColumn(new Array<unknown>(t.length).fill(null)))),
  ]);
  const tagName = opts.tagName === undefined ? 'run' : opts.tagName;
  if (tagName !== null) {
    const runIdx = new Int32Array(total);
    let pos = 0;
    tables.forEach((t, r) => {
      runIdx.fill(r, pos, pos + t.length);
      pos += t.length;
    });
    const tv = opts.tagValues;
    if (tv !== undefined) {
      if (tv.length !== tables.length) throw new Error(`concatTables: ${tv.length} tag values for ${tables.length} tables`);
      entries.push([tagName, () => dictColumn(runIdx, stringsFrom(tv))]);
    } else entries.push([tagName, () => numberColumn(runIdx)]);
  }
  return new ColumnTable(total, entries);
}

/** Keeps the interner's hidden class alive across GCs (see the note on map anchors in join.ts). */
const STRING_INTERNER_ANCHOR: StringInterner = new StringInterner();
void STRING_INTERNER_ANCHOR;
