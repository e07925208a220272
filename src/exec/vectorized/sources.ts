/**
 * Where columnar row lists come from: JS row arrays ingested once (cached per array: history
 * rows are remembered by the data layer) and `concat`s of per-run row lists (cached by parts).
 */
import { cachedTableFromRowMajor, ColumnTable, concatTables, mixedColumn, tableFromJsonRows, type Column } from '../columnar/index.js';
import { TableValue } from '../../ops/domain/values.js';
import { foreignRef, wbTypeMap } from '../../ops/domain/wbtypes.js';
import { isPlainObject, Tagged, tagValue, untag } from '../../ops/values.js';
import { flatTagged } from '../../ops/list-values.js';
import { ColumnarRows, type RowOrigin } from './values.js';

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
function splitTag(v: unknown): { readonly tag: unknown; readonly value: unknown } {
  if (!(v instanceof Tagged)) return { tag: undefined, value: v };
  const flat = flatTagged(v);
  return { tag: flat.tag, value: flat.value };
}

/**
 * Ops besides `concat` whose result is a row list worth holding as columns: the op runs through
 * its row-wise resolver once and its result is taken as columns (table readers).
 */
export const ROW_SOURCE_OPS: ReadonlySet<string> = new Set(['table-rows', 'joinedtable-rows', 'partitionedtable-rows']);

/**
 * The result of a row-source op as columns, or null when it is not a row list (it then stays a
 * JS value). `table-rows` / `partitionedtable-rows` results — each row tagged with its table —
 * become columns built from the tables' cells (`tableRowsColumnar`); a list of such row lists
 * (`runs.summary["t"].table.rows`) stays a JS list whose inner lists are remembered as columns
 * for a later `concat` (`concatRowLists`). `joinedtable-rows` stays row-wise: its cells are the
 * two sides' row objects (no typed column to gain) and every row carries its own join-key tag.
 */
export function columnarFromSource(opName: string, value: unknown, threshold: number): ColumnarRows | null {
  if (opName === 'table-rows' || opName === 'partitionedtable-rows') {
    const { tag: listTag, value: inner } = splitTag(value);
    if (!Array.isArray(inner)) return null;
    if (inner.length > 0 && !Array.isArray(untag(inner[0])) && untag(inner[0]) != null) {
      const rows = tableRowsColumnar(inner);
      if (rows === null || inner.length < threshold) return null;
      return listTag === undefined ? rows : new ColumnarRows(rows.table, null, rows.tagIds, rows.tagValues, listTag, rows.origin);
    }
    // A list of row lists (one per table): remembered for `concat`.
    for (const item of inner) {
      const list = untag(item);
      if (Array.isArray(list)) tableRowsColumnar(list);
    }
    return null;
  }
  return columnarFromValue(value, threshold);
}

// ------------------------------------------------------------------ table rows

/** Row lists made by the table resolvers, as columns (cached per list: the resolver's result). */
const tableRowsCache = new WeakMap<readonly unknown[], ColumnarRows | null>();

/**
 * A row list made by `table-rows` / `partitionedtable-rows` as columns, or null when it is not
 * one. Such a list is made of segments: consecutive rows of one table, every row in the table's
 * order, each tagged `{table}` over the same tag chain (the table's own tags). The columns are
 * built from the tables' cells (one pass per column, no row object read; cached per table), the
 * per-row tag is a tag id per segment, and materialized rows are the resolver's own rows.
 * Columns whose cells the resolver replaced (foreign keys / indexes: the peer table's rows) are
 * taken from the rows instead, exactly.
 */
export function tableRowsColumnar(rows: readonly unknown[]): ColumnarRows | null {
  const hit = tableRowsCache.get(rows);
  if (hit !== undefined) return hit;
  const r = buildTableRows(rows);
  tableRowsCache.set(rows, r);
  return r;
}

interface Segment {
  readonly table: TableValue;
  readonly start: number;
  /** The element tag of the segment's rows (`{table}` over the table's tags). */
  readonly tag: unknown;
}

/** The `{table}` record of a table row's element tag, or null. */
function tableRecordOf(tag: unknown): TableValue | null {
  const rec = tag instanceof Tagged ? tag.value : tag;
  if (!isPlainObject(rec)) return null;
  const t = Object.prototype.hasOwnProperty.call(rec, 'table') ? rec.table : undefined;
  return t instanceof TableValue ? t : null;
}

function buildTableRows(rows: readonly unknown[]): ColumnarRows | null {
  const n = rows.length;
  const segments: Segment[] = [];
  let cur: TableValue | null = null;
  let curOuter: unknown = undefined;
  let q = 0;
  let limit = 0;
  for (let k = 0; k < n; k++) {
    const e = rows[k];
    if (!(e instanceof Tagged) || !isPlainObject(e.value)) return null;
    const tag = e.tag;
    const outer = tag instanceof Tagged ? tag.tag : undefined;
    const table = tableRecordOf(tag);
    if (table === null) return null;
    if (table !== cur || outer !== curOuter || q === limit) {
      if (cur !== null && q !== limit) return null;
      cur = table;
      curOuter = outer;
      q = 0;
      limit = table.rows.length;
      if (limit === 0) return null;
      segments.push({ table, start: k, tag });
    }
    q++;
  }
  if (cur !== null && q !== limit) return null;
  const starts = new Int32Array(segments.length + 1);
  segments.forEach((s, p) => (starts[p] = s.start));
  starts[segments.length] = n;
  const tables = segments.map((s, p) => segmentTable(s.table, rows, starts[p]));
  const table = tables.length === 1 ? tables[0] : tables.length === 0 ? new ColumnTable(0, []) : concatTables(tables, { tagName: null });
  const tagIds = new Int32Array(n);
  for (let p = 0; p < segments.length; p++) tagIds.fill(p, starts[p], starts[p + 1]);
  const origin: RowOrigin = { parts: [rows], starts: Int32Array.of(0, n), row: (i) => rows[i] };
  return new ColumnarRows(table, null, tagIds, segments.map((s) => s.tag), undefined, origin);
}

/** The columns of one table's rows (rows[start …] are its resolved rows). */
function segmentTable(table: TableValue, rows: readonly unknown[], start: number): ColumnTable {
  const base = cachedTableFromRowMajor(table.columnNames, table.rows);
  const types = wbTypeMap(table.columnTypes);
  if (types === null || table.file === null) return base;
  const replaced: Record<string, () => Column> = {};
  let any = false;
  for (const c of table.columnNames) {
    const ref = foreignRef(Object.prototype.hasOwnProperty.call(types, c) ? types[c] : types[`${c}.0`]);
    if (ref === null) continue;
    any = true;
    const n = table.rows.length;
    replaced[c] = () => {
      const vals = new Array<unknown>(n);
      for (let q = 0; q < n; q++) vals[q] = (untag(rows[start + q]) as Record<string, unknown>)[c];
      return mixedColumn(vals);
    };
  }
  return any ? base.with(replaced) : base;
}

/**
 * `concat` of a list of row lists as columns, or null when a part is neither a plain-object row
 * list nor a table row list made by a table resolver. A part's list tag goes over its rows'
 * element tags, as the row-wise `concat` pushes it onto each element.
 */
export function concatRowLists(items: unknown, threshold: number): ColumnarRows | null {
  const { tag: outer, value: list } = splitTag(items);
  if (!Array.isArray(list)) return null;
  const parts: (readonly unknown[])[] = [];
  const partTags: unknown[] = [];
  const tableParts: (ColumnarRows | null)[] = [];
  let total = 0;
  let anyTable = false;
  for (const item of list) {
    if (item == null) continue;
    const { tag, value: rows } = splitTag(item);
    if (!Array.isArray(rows)) return null;
    let tp: ColumnarRows | null = null;
    if (!ingestCache.has(rows) && !isRowList(rows)) {
      tp = tableRowsCache.get(rows) ?? null;
      if (tp === null) return null;
      anyTable = true;
    }
    parts.push(rows);
    partTags.push(tag);
    tableParts.push(tp);
    total += rows.length;
  }
  if (total < threshold) return null;
  const starts = new Int32Array(parts.length + 1);
  for (let p = 0; p < parts.length; p++) starts[p + 1] = starts[p] + parts[p].length;
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
    const e = parts[p][i - starts[p]];
    const partTag = partTags[p];
    if (tableParts[p] !== null) return partTag === undefined ? e : tagValue(partTag, e);
    return tagValue(partTag, e);
  };
  return new ColumnarRows(cached.table, null, tagIds, tagValues, outer, { parts, starts, row });
}
