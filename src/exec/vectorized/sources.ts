/**
 * Where columnar row lists come from: JS row arrays ingested once (cached per array: history
 * rows are remembered by the data layer) and `concat`s of per-run row lists (cached by parts).
 */
import { ColumnTable, concatTables, tableFromJsonRows } from '../columnar/index.js';
import { isPlainObject, Tagged, tagValue } from '../../ops/values.js';
import { flatTagged } from '../../ops/list-values.js';
import { heldTablePart, TableRowLists } from './table-sources.js';
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
  const { tag: listTag, value: inner } = splitTag(v);
  if (!Array.isArray(inner) || inner.length < threshold || (!ingestCache.has(inner) && !isRowList(inner))) return null;
  const table = ingest(inner);
  return new ColumnarRows(table, null, null, [], listTag, { parts: [inner], starts: Int32Array.of(0, inner.length) });
}

/** A value's outer tag (nested wrappers merged; undefined: none) and the untagged value under it. */
export function splitTag(v: unknown): { readonly tag: unknown; readonly value: unknown } {
  if (!(v instanceof Tagged)) return { tag: undefined, value: v };
  const flat = flatTagged(v);
  return { tag: flat.tag, value: flat.value };
}

/** Ops besides `concat` whose result is a row list held as columns: the table readers (table-sources.ts). */
export const ROW_SOURCE_OPS: ReadonlySet<string> = new Set(['table-rows', 'joinedtable-rows', 'partitionedtable-rows']);

/**
 * `concat` of a list of row lists as columns, or null when a part is neither a plain-object row
 * list nor a table row list made by a table resolver. A part's list tag goes over its rows'
 * element tags, as the row-wise `concat` pushes it onto each element.
 */
export function concatRowLists(items: unknown, threshold: number): ColumnarRows | null {
  const { tag: outer, value: list } = splitTag(items instanceof TableRowLists ? items.lists : items);
  if (!Array.isArray(list)) return null;
  const parts: (readonly unknown[])[] = [];
  const partTags: unknown[] = [];
  const tableParts: (ColumnarRows | null)[] = [];
  let total = 0;
  let anyTable = false;
  for (const item of list) {
    if (item == null) continue;
    const { tag, value } = splitTag(item);
    // A table's rows held as columns (table-sources.ts) stand in the concat cache as their key.
    const held = heldTablePart(value);
    const rows = held === null ? value : held.key;
    if (!Array.isArray(rows)) return null;
    const tp = held === null ? null : held.rows;
    if (tp === null && !ingestCache.has(rows) && !isRowList(rows)) return null;
    if (tp !== null) anyTable = true;
    parts.push(rows);
    partTags.push(tag);
    tableParts.push(tp);
    total += tp === null ? rows.length : tp.length;
  }
  if (total < threshold) return null;
  const starts = new Int32Array(parts.length + 1);
  for (let p = 0; p < parts.length; p++) starts[p + 1] = starts[p] + (tableParts[p]?.length ?? parts[p].length);
  if (!anyTable) {
    const tables = parts.map(ingest);
    const cached = concatCached(parts, tables, starts);
    const tagIds = partTags.some((t) => t !== undefined) ? cached.tagIds : null;
    return new ColumnarRows(cached.table, null, tagIds, partTags, outer, { parts, starts });
  }
  // Table rows (per-row tags) and/or plain rows: tag ids per (part, segment).
  const tables = parts.map((rows, p) => tableParts[p]?.table ?? ingest(rows));
  const cached = concatCached(parts, tables, starts);
  const tagValues: unknown[] = [];
  const tagIds = new Int32Array(total);
  for (let p = 0; p < parts.length; p++) {
    const tp = tableParts[p];
    const partTag = partTags[p];
    if (tp === null) {
      tagIds.fill(tagValues.length, starts[p], starts[p + 1]);
      tagValues.push(partTag);
      continue;
    }
    const base = tagValues.length;
    for (const t of tp.tagValues) tagValues.push(partTag === undefined ? t : tagValue(partTag, t));
    const ids = tp.tagIds as Int32Array;
    for (let i = 0; i < ids.length; i++) tagIds[starts[p] + i] = base + ids[i];
  }
  const row = (i: number): unknown => {
    let p = 0;
    while (starts[p + 1] <= i) p++;
    const partTag = partTags[p];
    const tp = tableParts[p];
    if (tp !== null) return tagValue(partTag, tp.rowAt(i - starts[p]));
    return tagValue(partTag, parts[p][i - starts[p]]);
  };
  return new ColumnarRows(cached.table, null, tagIds, tagValues, outer, { parts, starts, row });
}
