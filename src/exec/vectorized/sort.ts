/**
 * `sort((row) => [keys], dirs)` (and `.limit(k)` after it) over columnar rows.
 *
 * When every key is a total order under the row-wise comparator (`compareItems`: numbers with
 * no NaN and at most one null, strings with at most one null) the radix / top-k kernel gives the
 * row-wise order. So does a last key sorted `desc` with any number of nulls: V8's TimSort only
 * ever asks "is x before y?" (comparator < 0), and in descending order the comparator answers
 * no for a null x and yes for a null y — the strict weak order "nulls last, tied" — so TimSort
 * is then an exact stable sort, which the kernel is too. (Ascending, it answers yes for a null
 * x even against a null y: not irreflexive, so the nulls' order is the algorithm's.) Otherwise (NaN, several nulls, constant or computed keys) the row-wise
 * comparator is not a total order, and only the row-wise algorithm reproduces its answer: V8's
 * `Array.prototype.sort` (TimSort) is deterministic given the comparator's answers, so running
 * the same algorithm (`timsort.ts`: V8's TimSort decision for decision) over the positions (same
 * length, same initial order), asking questions answered exactly as the row-wise comparator
 * answers them from the key columns, yields the identical permutation.
 */
import { composeSelection, gather, sortIndices, toJS, type Column, type SortKey } from '../columnar/index.js';
import { compareItems } from '../../ops/list-values.js';
import { stripTags } from '../../ops/values.js';
import { nullsAndNaN, reader, type LVal } from './lambda-values.js';
import { timSortKeys, type TimSortKey } from './timsort.js';
import { unsupported } from './unsupported.js';
import type { ColumnarRows } from './values.js';

export function identity(n: number): Uint32Array {
  const s = new Uint32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

/** The sorted rows (first `limit` of them when given); `dirs` are the stripped directions. */
export function sortRows(rows: ColumnarRows, keysVal: LVal, dirs: readonly unknown[], limit: number | undefined): ColumnarRows {
  if (keysVal.k !== 'list') return unsupported('sort keys are not a list');
  if (limit !== undefined && limit < 0) return unsupported('negative limit');
  return kernelSort(rows, keysVal.items, dirs, limit) ?? exactSort(rows, keysVal.items, dirs, limit);
}

/** The radix / top-k kernel, when every key is a total order; null otherwise. */
function kernelSort(rows: ColumnarRows, items: readonly LVal[], dirs: readonly unknown[], limit: number | undefined): ColumnarRows | null {
  if (items.length < dirs.length) return null;
  const cols: { col: Column; sel: Uint32Array | null; desc: boolean }[] = [];
  let space: 'base' | 'compact' | null = null;
  for (let i = 0; i < dirs.length; i++) {
    const it = items[i];
    if (it.k !== 'col') return null;
    const col = it.col;
    const desc = dirs[i] !== 'asc';
    // Several nulls tie only in a last descending key (module comment).
    const nullsTie = desc && i === dirs.length - 1;
    if (col.kind === 'number') {
      const { nulls, nan } = nullsAndNaN(col, it.sel);
      if (nan || (nulls > 1 && !nullsTie)) return null;
    } else if (col.kind === 'string' || col.kind === 'dict') {
      if (col.nullCount > 1 && !nullsTie) return null;
    } else return null;
    cols.push({ col, sel: it.sel, desc });
    const s = it.sel === null ? 'compact' : 'base';
    space = space === null || space === s ? s : 'compact';
  }
  if (cols.length === 0) {
    const base = rows.sel ?? identity(rows.table.length);
    return rows.withSel(limit === undefined ? base : base.subarray(0, Math.min(limit, base.length)));
  }
  const keys: SortKey[] = cols.map((c) => ({ col: space === 'compact' && c.sel !== null ? gather(c.col, c.sel) : c.col, desc: c.desc }));
  const k = limit === undefined ? undefined : Math.min(limit, rows.length);
  if (space === 'base') return rows.withSel(sortIndices(keys, rows.sel, k));
  return rows.withSel(composeSelection(rows.sel, sortIndices(keys, null, k)));
}

/** The row-wise sort's permutation, reproduced (see the module comment). */
function exactSort(rows: ColumnarRows, items: readonly LVal[], dirs: readonly unknown[], limit: number | undefined): ColumnarRows {
  const n = rows.length;
  const keys: TimSortKey[] = [];
  for (let i = 0; i < dirs.length; i++) {
    const it: LVal | undefined = items[i];
    const mult = dirs[i] === 'asc' ? 1 : -1;
    if (it === undefined || (it.k === 'scalar' && it.v == null)) {
      keys.push({ t: 'null', mult });
      break; // every comparison stops here
    }
    if (it.k === 'scalar') continue; // a constant non-null key always ties with itself
    keys.push(exactKey(it, rows, n, mult));
  }
  const perm = identity(n);
  timSortKeys(perm, keys);
  const end = limit === undefined ? n : Math.min(limit, n);
  const sel = rows.sel;
  if (sel === null) return rows.withSel(end === n ? perm : perm.slice(0, end));
  const out = new Uint32Array(end);
  for (let k = 0; k < end; k++) out[k] = sel[perm[k]];
  return rows.withSel(out);
}

/** One key's values in the rows' order (position k = k-th row of the selection). */
function exactKey(it: LVal, rows: ColumnarRows, n: number, mult: number): TimSortKey {
  if (it.k === 'col' && it.col.kind === 'number') {
    const col = it.col;
    const v = new Float64Array(n);
    const nul = new Uint8Array(n);
    const vals = col.values;
    const bm = col.validity;
    const off = col.bitOffset;
    const sel = it.sel;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : sel[k];
      if (bm !== null) {
        const b = i + off;
        if (((bm[b >>> 3] >>> (b & 7)) & 1) === 0) {
          nul[k] = 1;
          continue;
        }
      }
      v[k] = vals[i];
    }
    return { t: 'num', v, nul, mult };
  }
  if (it.k === 'col' && it.col.kind !== 'mixed') return jsKey(toJS(it.col, it.sel), mult);
  // Anything else: the exact per-row values, tags stripped as the row-wise sort strips them.
  const read = reader(it, rows);
  const v = new Array<unknown>(n);
  for (let k = 0; k < n; k++) v[k] = stripTags(read(k));
  return jsKey(v, mult);
}

function jsKey(v: readonly unknown[], mult: number): TimSortKey {
  return { t: 'cmp', cmp: (a, b) => compareItems(v[a], v[b]), mult };
}
