/**
 * A subset of a lazily held list (`map` result, picked column) in list order: the lambda value
 * restricted to some positions, so `dropna`, `unique`, `limit`, `offset` and `[i]` keep
 * results as columns instead of materializing the whole list.
 */
import { composeSelection, gather, sliceSelection, type Selection } from '../columnar/index.js';
import type { LVal } from './lambda-values.js';
import type { ColumnarRows } from './values.js';

/** `pos`: positions in `rows`' list order; the rows keep their tags. */
export function selectRows(rows: ColumnarRows, pos: Uint32Array): ColumnarRows {
  return rows.withSel(composeSelection(rows.sel, pos));
}

/** A lambda value over `rows` and the same rows, both restricted to `pos`. */
export function selectMapped(lv: LVal, rows: ColumnarRows, pos: Uint32Array): { lv: LVal; rows: ColumnarRows } {
  const sub = selectRows(rows, pos);
  return { lv: selectLVal(lv, rows, pos, sub.sel), rows: sub };
}

/**
 * `lv` restricted to `pos`, as a value over the restricted rows (selection `newSel`):
 * base-space columns take the new selection, compacted ones are gathered (the two spaces an
 * `LVal` column may live in).
 */
function selectLVal(lv: LVal, rows: ColumnarRows, pos: Uint32Array, newSel: Selection): LVal {
  switch (lv.k) {
    case 'col': {
      if (lv.sel === rows.sel) return { ...lv, sel: newSel };
      const at = lv.sel === null ? pos : composeSelection(lv.sel, pos);
      return { ...lv, col: gather(lv.col, at), sel: null };
    }
    case 'dict':
      return { k: 'dict', entries: lv.entries.map(([key, e]) => [key, selectLVal(e, rows, pos, newSel)] as const) };
    case 'list':
      return { k: 'list', items: lv.items.map((e) => selectLVal(e, rows, pos, newSel)) };
    default:
      // Scalars, rows, join sides and per-tag values are read through the rows' selection.
      return lv;
  }
}

/** Positions `start … end-1` of a list of `len` (bounds already clamped as `slice` clamps them). */
export function positionRange(len: number, start: number, end: number): Uint32Array {
  return sliceSelection(null, len, start, end);
}
