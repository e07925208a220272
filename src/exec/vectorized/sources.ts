/**
 * Where columnar row lists come from: JS row arrays ingested once (cached per array: history
 * rows are remembered by the data layer) and `concat`s of per-run row lists (cached by parts).
 */
import { concatTables, tableFromJsonRows, type ColumnTable } from '../columnar/index.js';
import { isPlainObject, Tagged, tagValue } from '../../ops/values.js';
import { ColumnarRows } from './values.js';

export const ingestCache = new WeakMap<readonly unknown[], ColumnTable>();

/** Is `v` a list the engine can hold as columns: plain-object rows (no element tags)? */
export function isRowList(v: unknown): v is readonly Record<string, unknown>[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (!isPlainObject(v[i])) return false;
  return true;
}

/** Concatenated tables (and the part id of every row), cached by the identity of their parts (the same runs' histories). */
interface ConcatEntry {
  readonly parts: readonly (readonly unknown[])[];
  readonly table: ColumnTable;
  readonly tagIds: Int32Array;
}
const concatCache = new WeakMap<readonly unknown[], ConcatEntry[]>();

export function concatCached(parts: readonly (readonly unknown[])[], tables: readonly ColumnTable[], starts: Int32Array): ConcatEntry {
  const key = parts.length > 0 ? parts[0] : EMPTY_KEY;
  let entries = concatCache.get(key);
  if (entries === undefined) concatCache.set(key, (entries = []));
  for (const e of entries) {
    if (e.parts.length === parts.length && e.parts.every((p, i) => p === parts[i])) return e;
  }
  const table = tables.length === 1 ? tables[0] : concatTables(tables, { tagName: null });
  const tagIds = new Int32Array(starts[parts.length]);
  for (let p = 0; p < parts.length; p++) tagIds.fill(p, starts[p], starts[p + 1]);
  const entry: ConcatEntry = { parts: [...parts], table, tagIds };
  if (entries.length >= 4) entries.shift();
  entries.push(entry);
  return entry;
}

export const EMPTY_KEY: readonly unknown[] = [];

export function ingest(rows: readonly unknown[]): ColumnTable {
  let t = ingestCache.get(rows);
  if (t === undefined) {
    t = tableFromJsonRows(rows);
    ingestCache.set(rows, t);
  }
  return t;
}

/** A columnar row list from a JS value (a row list, possibly tagged), or null. */
export function columnarFromValue(v: unknown, threshold = 0): ColumnarRows | null {
  let listTag: unknown = undefined;
  let inner = v;
  if (inner instanceof Tagged) {
    const flat = flatTagged(inner);
    listTag = flat.tag;
    inner = flat.value;
  }
  if (!Array.isArray(inner) || inner.length < threshold || (!ingestCache.has(inner) && !isRowList(inner))) return null;
  const table = ingest(inner);
  return new ColumnarRows(table, null, null, [], listTag, { parts: [inner], starts: Int32Array.of(0, inner.length) });
}

export function flatTagged(v: Tagged): Tagged {
  return v.value instanceof Tagged ? (tagValue(v.tag, v.value) as Tagged) : v;
}

/**
 * Ops besides `concat` whose result is a row list worth holding as columns: the op runs through
 * its row-wise resolver once and its result is taken as columns (table readers).
 */
export const ROW_SOURCE_OPS: ReadonlySet<string> = new Set(['table-rows', 'joinedtable-rows', 'partitionedtable-rows']);

/** The result of a row-source op as columns, or null when it is not a row list (it then stays a JS value). */
export function columnarFromSource(_opName: string, value: unknown, threshold: number): ColumnarRows | null {
  return columnarFromValue(value, threshold);
}
