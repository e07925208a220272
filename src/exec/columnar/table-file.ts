/**
 * W&B Table files → columns. A table file holds `{columns: [...], data: [[...], ...]}` (row-major
 * cells); this builds one column per table column in **one pass over `data` per column**,
 * without creating a JS object per row:
 *
 * - the first non-null cell decides the kind: `number`, `string` (dictionary-encoded unless more
 *   than half the non-null values are distinct, as JSON-row ingest does) or `bool`; a cell of
 *   another kind, or an object / array cell (media references, nested dicts, lists), makes the
 *   column `mixed`, which keeps the exact JS values;
 * - `null` and `undefined` cells (and cells past the end of a short row) are nulls;
 * - numbers are stored as Int32 when every value is an int32 (and not −0), else Float64 (NaN
 *   and ±∞ are values);
 * - a column that is null in every row is an all-null `mixed` column (as JSON-row ingest).
 *
 * Columns are built lazily (on the first kernel that reads them) and tables are cached per
 * `data` array, so a table read by several queries is converted once.
 */
import { dictColumn, mixedColumn, numberColumn, boolColumn, stringColumn, stringsFrom, type Column } from './column.js';
import { ColumnTable } from './table.js';
import { encodeStrings, hasLoneSurrogate } from './utf8.js';

/** Row-major rows (`data[r][j]`), or with `j = -1` one column's cells (`data[r]`). */
type Rows = readonly unknown[];

function cell(data: Rows, r: number, j: number): unknown {
  const row = data[r];
  if (j < 0) return row;
  return row == null ? undefined : (row as readonly unknown[])[j];
}

/** The column of cell `j` of every row (`j = -1`: `data` is the column's cells). */
export function columnFromRowMajor(data: Rows, j: number): Column {
  const n = data.length;
  let r = 0;
  let first: unknown = null;
  for (; r < n; r++) {
    first = cell(data, r, j);
    if (first != null) break;
  }
  if (r === n) return mixedColumn(new Array<unknown>(n).fill(null));
  const t = typeof first;
  const col =
    t === 'number' ? numbersFromRows(data, j, r) : t === 'string' ? stringsFromRows(data, j, r) : t === 'boolean' ? boolsFromRows(data, j, r) : null;
  return col ?? mixedFromRows(data, j);
}

/** The column of a column-major array of cells (`cells[r]` is row r). */
export function columnFromCells(cells: readonly unknown[]): Column {
  return columnFromRowMajor(cells as Rows, -1);
}

function mixedFromRows(data: Rows, j: number): Column {
  const n = data.length;
  const out = new Array<unknown>(n);
  for (let r = 0; r < n; r++) {
    const v = cell(data, r, j);
    out[r] = v === undefined ? null : v;
  }
  return mixedColumn(out);
}

/** Numbers from row `start` (the first non-null); null when a non-number cell appears. */
function numbersFromRows(data: Rows, j: number, start: number): Column | null {
  const n = data.length;
  const values = new Float64Array(n);
  let validity = start > 0 ? leadingNulls(n, start) : null;
  let nulls = start;
  let ints = true;
  for (let r = start; r < n; r++) {
    const v = cell(data, r, j);
    if (typeof v === 'number') {
      values[r] = v;
      if (ints && ((v | 0) !== v || (v === 0 && 1 / v < 0))) ints = false;
    } else if (v == null) {
      if (validity === null) validity = leadingNulls(n, 0);
      validity[r >>> 3] &= ~(1 << (r & 7));
      nulls++;
    } else return null;
  }
  if (validity !== null) clearTail(validity, n);
  if (ints) {
    const i32 = new Int32Array(n);
    for (let r = 0; r < n; r++) i32[r] = values[r];
    return numberColumn(i32, { validity, nullCount: nulls });
  }
  return numberColumn(values, { validity, nullCount: nulls });
}

/** A validity bitmap of n rows whose first `start` rows are null and the rest valid (so far). */
function leadingNulls(n: number, start: number): Uint8Array {
  const validity = new Uint8Array((n + 7) >>> 3).fill(0xff);
  for (let r = 0; r < start; r++) validity[r >>> 3] &= ~(1 << (r & 7));
  return validity;
}

function stringsFromRows(data: Rows, j: number, start: number): Column | null {
  const n = data.length;
  const codes = new Int32Array(n);
  const ids = new Map<string, number>();
  const distinct: string[] = [];
  let validity = start > 0 ? leadingNulls(n, start) : null;
  let nulls = start;
  for (let r = start; r < n; r++) {
    const v = cell(data, r, j);
    if (typeof v === 'string') {
      let id = ids.get(v);
      if (id === undefined) {
        id = distinct.length;
        ids.set(v, id);
        distinct.push(v);
      }
      codes[r] = id;
    } else if (v == null) {
      if (validity === null) validity = leadingNulls(n, 0);
      validity[r >>> 3] &= ~(1 << (r & 7));
      nulls++;
    } else return null;
  }
  if (validity !== null) clearTail(validity, n);
  if (distinct.some(hasLoneSurrogate)) return null; // UTF-8 cannot hold it: the exact (mixed) column
  if (distinct.length * 2 <= n - nulls) return dictColumn(codes, stringsFrom(distinct), { validity, nullCount: nulls });
  const strings = new Array<string | null>(n);
  for (let r = 0; r < n; r++) strings[r] = validity !== null && (validity[r >>> 3] & (1 << (r & 7))) === 0 ? null : distinct[codes[r]];
  const e = encodeStrings(strings);
  return stringColumn(e.offsets, e.data, { validity: e.validity, nullCount: e.nullCount });
}

function boolsFromRows(data: Rows, j: number, start: number): Column | null {
  const n = data.length;
  const bits = new Uint8Array((n + 7) >>> 3);
  let validity = start > 0 ? leadingNulls(n, start) : null;
  let nulls = start;
  for (let r = start; r < n; r++) {
    const v = cell(data, r, j);
    if (typeof v === 'boolean') {
      if (v) bits[r >>> 3] |= 1 << (r & 7);
    } else if (v == null) {
      if (validity === null) validity = leadingNulls(n, 0);
      validity[r >>> 3] &= ~(1 << (r & 7));
      nulls++;
    } else return null;
  }
  if (validity !== null) clearTail(validity, n);
  return boolColumn(bits, n, { validity, nullCount: nulls });
}

/** Clears the bits past row n of the last validity byte (kernels test whole bytes). */
function clearTail(validity: Uint8Array, n: number): void {
  if ((n & 7) !== 0) validity[validity.length - 1] &= (1 << (n & 7)) - 1;
}

/**
 * A table from a W&B table's column names and row-major cells. Columns are built when first
 * read. A repeated column name keeps its last cell (as a row object built from the cells would).
 */
export function tableFromRowMajor(columns: readonly string[], data: readonly (readonly unknown[])[]): ColumnTable {
  const index = new Map<string, number>();
  columns.forEach((c, j) => index.set(c, j));
  return new ColumnTable(
    data.length,
    [...index].map(([c, j]) => [c, () => columnFromRowMajor(data, j)] as const),
  );
}

/** A table from column names and column-major cells (`cells[j][r]`: column j, row r). */
export function tableFromColumnMajor(columns: readonly string[], cells: readonly (readonly unknown[])[]): ColumnTable {
  const n = cells.length > 0 ? cells[0].length : 0;
  const index = new Map<string, number>();
  columns.forEach((c, j) => index.set(c, j));
  return new ColumnTable(
    n,
    [...index].map(([c, j]) => [c, () => columnFromCells(cells[j])] as const),
  );
}

const rowMajorCache = new WeakMap<readonly (readonly unknown[])[], { columns: readonly string[]; table: ColumnTable }>();

/** `tableFromRowMajor`, cached per `data` array (a table file is parsed once and read by many queries). */
export function cachedTableFromRowMajor(columns: readonly string[], data: readonly (readonly unknown[])[]): ColumnTable {
  const hit = rowMajorCache.get(data);
  if (hit !== undefined && (hit.columns === columns || sameNames(hit.columns, columns))) return hit.table;
  const table = tableFromRowMajor(columns, data);
  rowMajorCache.set(data, { columns, table });
  return table;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
