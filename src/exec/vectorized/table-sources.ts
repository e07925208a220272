/**
 * W&B tables as columnar row lists, straight from the `TableValue`s: `table-rows` and
 * `partitionedtable-rows` are not run through their resolvers (one tagged JS row per table row);
 * the engine evaluates their input (the tables, with their tags: few values) and gets here
 * columns built from the tables' cells (`cachedTableFromRowMajor`: one pass per column, cached
 * per table's `data` array), one tag id per table, and rows built only when one is read, by the
 * resolver's own per-row builder (`tableRowBuilder`), so every materialized row, tag and
 * foreign-key cell is exactly the resolver's.
 */
// The op modules import each other through the registry: load them through it, not from table.ts up.
import '../../ops/index.js';
import { cachedTableFromRowMajor, ColumnTable, concatTables, mixedColumn, type Column } from '../columnar/index.js';
import { PENDING, type WandbData } from '../../ops/domain/access.js';
import { mapSkipTags, partitionParts, partsOfFile, tableRowBuilder, withNamedTagValue, type TablePart } from '../../ops/domain/table.js';
import { JoinedTableValue, PartitionedTableValue, TableValue } from '../../ops/domain/values.js';
import { Tagged, untag } from '../../ops/values.js';
import { joinRows } from './join.js';
import type { LVal } from './lambda-values.js';
import { Unsupported } from './unsupported.js';
import { ColumnarRows, LazyList, partOf } from './values.js';

/** Returned when the rows are not held here: the op's resolver must run (it decides, errors included). */
export const NOT_HELD: unique symbol = Symbol('panelql.vectorized.notHeld');

/**
 * The row lists of a list of tables (`runs.summary["t"].table.rows`): one held row list per
 * table (null where the resolver gives null), untagged like the resolver's list. A `concat`
 * joins the held lists as columns (`concatRowLists`); any other consumer gets the exact lists.
 */
export class TableRowLists extends LazyList {
  constructor(readonly lists: readonly (ColumnarRows | null)[]) {
    super();
  }

  get rowCount(): number {
    let n = 0;
    for (const l of this.lists) if (l != null) n += l.length;
    return n;
  }

  toRowwise(): unknown {
    return this.lists.map((l) => (l == null ? null : l.toRowwise()));
  }

  toPlain(): unknown {
    return this.lists.map((l) => (l == null ? null : l.toPlain()));
  }
}

/**
 * The result of `table-rows` / `partitionedtable-rows` / `joinedtable-rows` on `inputs` (the
 * op's evaluated inputs, in order): a `ColumnarRows` for one table, a `TableRowLists` for a list
 * of tables, null where the resolver answers null (no table; something still pending), the
 * exact JS rows below `threshold`; or `NOT_HELD` (no W&B data, cells that are not row arrays, a
 * join key the join kernel does not take): the resolver then runs as before.
 */
export function tableRowsFromInput(opName: string, inputs: readonly unknown[], data: Readonly<Record<string, unknown>> | null | undefined, threshold: number): unknown {
  const wandb = data?.['wandb'];
  if (wandb == null) return NOT_HELD;
  const d = wandb as WandbData;
  if (opName === 'joinedtable-rows') return joinedRowsFromInput(inputs, d, threshold);
  if (opName !== 'table-rows' && opName !== 'partitionedtable-rows') return NOT_HELD;
  let pending = false;
  let irregular = false;
  const out = mapSkipTags(inputs[0], (v, withTags) => {
    let parts: TablePart[] | typeof PENDING;
    if (opName === 'table-rows') {
      if (!(v instanceof TableValue)) return null;
      const build = tableRowBuilder(v, withTags, d);
      parts = build === PENDING ? PENDING : [{ table: v, withTags, build }];
    } else {
      if (!(v instanceof PartitionedTableValue)) return null;
      parts = partitionParts(v, d);
    }
    if (parts === PENDING) {
      pending = true;
      return null;
    }
    if (!parts.every((p) => rowArrays(p.table.rows))) irregular = true;
    return heldRows(parts);
  });
  if (irregular) return NOT_HELD;
  if (pending) return null;
  if (out instanceof ColumnarRows) return out.length < threshold ? out.toRowwise() : out;
  if (Array.isArray(out)) {
    const lists = new TableRowLists(out as (ColumnarRows | null)[]);
    return lists.rowCount < threshold ? lists.toRowwise() : lists;
  }
  return out;
}

/**
 * `joinedtable-rows`: both sides held as table rows and joined by the engine's join kernel on
 * their key columns (the resolver's key function reads the cell, null when missing, as a pick
 * does), so the rows are `{"0": left row, "1": right row}` tagged `{joinKey}`, built when read.
 */
function joinedRowsFromInput(inputs: readonly unknown[], d: WandbData, threshold: number): unknown {
  const [input, leftOuter, rightOuter] = inputs;
  const jt = untag(input);
  // A list of joined tables is not a declared input: the resolver handles whatever it is.
  if (Array.isArray(jt)) return NOT_HELD;
  if (!(jt instanceof JoinedTableValue)) return null;
  const { table1, table2, joinKey } = jt.spec;
  const left = partsOfFile(jt.file.sibling(table1), d);
  const right = partsOfFile(jt.file.sibling(table2), d);
  if (left === PENDING || right === PENDING) return null;
  const sides = [left ?? [], right ?? []];
  if (!sides.every((parts) => parts.every((p) => rowArrays(p.table.rows)))) return NOT_HELD;
  const [l, r] = sides.map(heldRows);
  const key = (rows: ColumnarRows, k: string): LVal | null => {
    const col = rows.table.column(k);
    // A missing column reads as null, unless the name is an Object.prototype property (the row object then has one).
    if (col === undefined) return k in EMPTY ? null : { k: 'col', col: mixedColumn(new Array<unknown>(rows.length).fill(null)), sel: null, tagged: false };
    return { k: 'col', col, sel: null, tagged: false };
  };
  const lk = key(l, joinKey[0]);
  const rk = key(r, joinKey[1]);
  if (lk === null || rk === null) return NOT_HELD;
  let rows: ColumnarRows;
  try {
    rows = joinRows(l, r, lk, rk, ['0', '1'], untag(leftOuter) === true, untag(rightOuter) === true);
  } catch (e) {
    if (e instanceof Unsupported) return NOT_HELD;
    throw e;
  }
  return rows.length < threshold ? rows.toRowwise() : rows;
}

const EMPTY = {};

/** `data` arrays known to hold only arrays (a null or non-array row makes the resolver throw: it must). */
const checkedRows = new WeakSet<readonly unknown[]>();

function rowArrays(rows: readonly unknown[]): boolean {
  if (checkedRows.has(rows)) return true;
  for (let q = 0; q < rows.length; q++) if (!Array.isArray(rows[q])) return false;
  checkedRows.add(rows);
  return true;
}

/** The `concat` cache key of every held table row list (see `heldTablePart`). */
const partKeys = new WeakMap<ColumnarRows, readonly unknown[]>();

/**
 * The cache key standing for a held table row list in `concat`'s cache of concatenated
 * columns, or null when `v` is not one: the table's `data` array when the columns are exactly
 * the cells' (cached per `data` too), else a key of its own.
 */
export function heldTablePart(v: unknown): { readonly rows: ColumnarRows; readonly key: readonly unknown[] } | null {
  if (!(v instanceof ColumnarRows)) return null;
  const key = partKeys.get(v);
  return key === undefined ? null : { rows: v, key };
}

/** The rows of tables one after the other: columns from the cells, one tag id per table, rows built when read. */
function heldRows(parts: readonly TablePart[]): ColumnarRows {
  const starts = new Int32Array(parts.length + 1);
  for (let p = 0; p < parts.length; p++) starts[p + 1] = starts[p] + parts[p].table.rows.length;
  const n = starts[parts.length];
  const tables = parts.map(partColumns);
  const table = tables.length === 1 ? tables[0] : concatTables(tables, { tagName: null });
  const tagIds = new Int32Array(n);
  for (let p = 1; p < parts.length; p++) tagIds.fill(p, starts[p], starts[p + 1]);
  // The element tag the resolver puts on every row of the table (`{table}` after its tags).
  const tagValues = parts.map((p) => (withNamedTagValue('table', p.withTags, ROW) as Tagged).tag);
  const row =
    parts.length === 1
      ? parts[0].build.row
      : (i: number): unknown => {
          const p = partOf(starts, i);
          return parts[p].build.row(i - starts[p]);
        };
  const plain = parts.length === 1 && parts[0].build.foreign.size === 0;
  const key: readonly unknown[] = plain ? parts[0].table.rows : [];
  const rows = new ColumnarRows(table, null, tagIds, tagValues, undefined, { parts: [key], starts: Int32Array.of(0, n), row });
  partKeys.set(rows, key);
  return rows;
}

const ROW = {};

/**
 * One table's columns. Foreign-key / foreign-index columns hold the peer rows the resolver puts
 * there, computed per column when first read; the others are the cells' columns (shared with
 * every query reading the same `data`).
 */
function partColumns(part: TablePart): ColumnTable {
  const { table, build } = part;
  const base = cachedTableFromRowMajor(table.columnNames, table.rows);
  if (build.foreign.size === 0) return base;
  const n = table.rows.length;
  // A repeated column name keeps its last cell, as the resolver's row object does.
  const last = new Map<string, number>();
  table.columnNames.forEach((c, j) => last.set(c, j));
  const foreignColumn = (j: number) => (): Column => {
    const vals = new Array<unknown>(n);
    for (let q = 0; q < n; q++) vals[q] = build.cell(q, j);
    return mixedColumn(vals);
  };
  return new ColumnTable(
    n,
    base.names.map((c) => [c, build.foreign.has(c) ? foreignColumn(last.get(c) as number) : () => base.get(c)] as const),
  );
}
