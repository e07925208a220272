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
 * `Array.prototype.sort` (TimSort) is deterministic given the comparator's answers, so sorting a
 * plain array of positions (same length, same initial order) with a comparator that answers
 * exactly as the row-wise one does, reading the key columns, yields the identical permutation.
 * (A plain Array: `TypedArray.prototype.sort` uses another algorithm.)
 */
import { composeSelection, gather, sortIndices, toJS, type Column, type SortKey } from '../columnar/index.js';
import { compareItems } from '../../ops/list-values.js';
import { stripTags } from '../../ops/values.js';
import { nullsAndNaN, reader, type LVal } from './lambda-values.js';
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

type ExactKey =
  /** A constant null key (or a missing one): the row-wise comparator answers −1 at it. */
  | { readonly t: 'null'; readonly mult: number }
  | { readonly t: 'num'; readonly v: Float64Array; readonly nul: Uint8Array; readonly mult: number }
  | { readonly t: 'js'; readonly v: readonly unknown[]; readonly mult: number };

/** The row-wise sort's permutation, reproduced (see the module comment). */
function exactSort(rows: ColumnarRows, items: readonly LVal[], dirs: readonly unknown[], limit: number | undefined): ColumnarRows {
  const n = rows.length;
  const keys: ExactKey[] = [];
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
  const perm = new Array<number>(n);
  for (let k = 0; k < n; k++) perm[k] = k;
  const K = keys.length;
  const k0 = keys[0];
  if (K === 1 && k0.t === 'num') {
    // The common single number key, same answers without the per-key loop.
    const v = k0.v;
    const nul = k0.nul;
    const m = k0.mult;
    perm.sort((a, b) => (nul[a] === 1 ? -m : nul[b] === 1 ? m : v[a] < v[b] ? -m : v[a] > v[b] ? m : 0));
  } else if (K > 0) {
    perm.sort((a, b) => {
      for (let q = 0; q < K; q++) {
        const key = keys[q];
        let c: number;
        if (key.t === 'num') {
          const v = key.v;
          const nul = key.nul;
          if (nul[a] === 1) c = -1;
          else if (nul[b] === 1) c = 1;
          else {
            const x = v[a];
            const y = v[b];
            c = x < y ? -1 : x > y ? 1 : 0;
          }
          if (c !== 0) return c * key.mult;
        } else if (key.t === 'js') {
          c = compareItems(key.v[a], key.v[b]);
          if (c !== 0) return c * key.mult;
        } else return -key.mult;
      }
      return 0;
    });
  }
  const end = limit === undefined ? n : Math.min(limit, n);
  const out = new Uint32Array(end);
  const sel = rows.sel;
  for (let k = 0; k < end; k++) out[k] = sel === null ? perm[k] : sel[perm[k]];
  return rows.withSel(out);
}

/** One key's values in the rows' order (position k = k-th row of the selection). */
function exactKey(it: LVal, rows: ColumnarRows, n: number, mult: number): ExactKey {
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
  if (it.k === 'col' && it.col.kind !== 'mixed') return { t: 'js', v: toJS(it.col, it.sel), mult };
  // Anything else: the exact per-row values, tags stripped as the row-wise sort strips them.
  const read = reader(it, rows);
  const v = new Array<unknown>(n);
  for (let k = 0; k < n; k++) v[k] = stripTags(read(k));
  return { t: 'js', v, mult };
}
