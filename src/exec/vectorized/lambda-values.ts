/**
 * What a lambda body evaluates to over a frame of rows (`LVal`), how such a value reads back
 * per row, and the operand coercions the body kernels apply to it.
 */
import { boolsFrom, dictFrom, gather, numbersFrom, reduce, selLength, toJS, type BoolColumn, type Column, type ColumnTable, type NumberColumn, type ReduceOp, type Selection } from '../columnar/index.js';
import { Tagged, tagValue, untag } from '../../ops/values.js';
import { unsupported } from './unsupported.js';
import type { ColumnarRows } from './values.js';

export // Lambda values: what a lambda body evaluates to over a frame of rows

type LVal =
  | { readonly k: 'scalar'; readonly v: unknown }
  /** A column read through `sel` (the frame's selection) or already compacted (sel null). `tagged`: carries the row tag. */
  | {
      readonly k: 'col';
      readonly col: Column;
      readonly sel: Selection;
      readonly tagged: boolean;
      /** The tag chain of base row i when it is not the row's own (a pick through a join side whose rows carry tags). */
      readonly chain?: (i: number) => unknown;
    }
  /** One side of a join row (`row["h"]` where `h` is an alias of the join the rows come from). */
  | { readonly k: 'side'; readonly side: 0 | 1 }
  | { readonly k: 'row' }
  /** A value that depends only on the row's tags (`row.run`, `row.run.name`): one exact value per tag id. */
  | { readonly k: 'pertag'; readonly values: readonly unknown[] }
  | { readonly k: 'dict'; readonly entries: readonly (readonly [string, LVal])[] }
  | { readonly k: 'list'; readonly items: readonly LVal[] };

export function scalar(v: unknown): LVal {
  if (v instanceof Tagged) return unsupported('tagged constant');
  // A constant list of plain values (`[1]` as sort keys) is a list of constants.
  if (Array.isArray(v)) return { k: 'list', items: v.map(scalar) };
  if (v !== null && typeof v === 'object') return unsupported('object constant');
  return { k: 'scalar', v: v === undefined ? null : v };
}


/** Row k (in the frame's selection order) of a lambda value, as the row-wise executor has it. */
export function reader(lv: LVal, rows: ColumnarRows): (k: number) => unknown {
  const chains = rowChains(rows);
  const sel = rows.sel;
  switch (lv.k) {
    case 'scalar':
      return () => lv.v;
    case 'col': {
      const vals = toJS(lv.col, lv.sel);
      if (!lv.tagged) return (k) => vals[k];
      const chainOf = lv.chain ?? chains;
      return (k) => tagValue(chainOf(sel === null ? k : sel[k]), vals[k]);
    }
    case 'dict': {
      const fs = lv.entries.map(([key, e]) => [key, reader(e, rows)] as const);
      return (k) => {
        const o: Record<string, unknown> = {};
        for (const [key, f] of fs) defineOwn(o, key, f(k));
        return o;
      };
    }
    case 'list': {
      const fs = lv.items.map((e) => reader(e, rows));
      return (k) => fs.map((f) => f(k));
    }
    case 'row':
      return (k) => {
        const i = sel === null ? k : sel[k];
        return tagValue(chains(i), untag(rows.rowAt(i)));
      };
    case 'side': {
      const join = rows.join;
      if (join === null) return unsupported('join side outside a join');
      const idx = join.idx[lv.side];
      const side = join.sides[lv.side];
      return (k) => {
        const i = sel === null ? k : sel[k];
        const j = idx[i];
        return tagValue(chains(i), j < 0 ? null : side.rowAt(j));
      };
    }
    case 'pertag': {
      const ids = rows.tagIds;
      const vals = lv.values;
      if (ids === null) return () => vals[0];
      return (k) => vals[ids[sel === null ? k : sel[k]]];
    }
  }
}

/** A per-tag value as a column (compacted to the selection), tags dropped; the value itself when its kinds are mixed. */
export function expandPerTag(lv: Extract<LVal, { k: 'pertag' }>, rows: ColumnarRows): LVal {
  const vals = lv.values.map(untag);
  const kinds = new Set(vals.filter((v) => v != null).map((v) => typeof v));
  if (kinds.size > 1 || (kinds.size === 1 && !kinds.has('boolean') && !kinds.has('number') && !kinds.has('string'))) return lv;
  const n = rows.length;
  const ids = rows.tagIds;
  const sel = rows.sel;
  const out = new Array<unknown>(n);
  for (let k = 0; k < n; k++) out[k] = vals[ids === null ? 0 : ids[sel === null ? k : sel[k]]];
  const col: Column = kinds.has('boolean')
    ? boolsFrom(out as (boolean | null)[])
    : kinds.has('number')
      ? numbersFrom(out as (number | null)[])
      : dictFrom(out as (string | null)[]);
  return { k: 'col', col, sel: null, tagged: false };
}

/** The tag chain of each tag id (one entry, the list tag, when rows carry no tag of their own). */
export function tagChains(rows: ColumnarRows): unknown[] {
  const listTag = rows.listTag;
  if (rows.tagIds === null) return [listTag];
  return rows.tagValues.map((t) => (t === undefined ? listTag : listTag === undefined ? t : tagValue(listTag, t)));
}

/** Per base row, the tag chain a lambda's row parameter carries (list tag over element tag). */
export function rowChains(rows: ColumnarRows): (i: number) => unknown {
  const listTag = rows.listTag;
  if (rows.tagIds === null) return () => listTag;
  const per = rows.tagValues.map((t) => (t === undefined ? listTag : listTag === undefined ? t : tagValue(listTag, t)));
  const ids = rows.tagIds;
  return (i) => per[ids[i]];
}

export interface Operand {
  readonly s: boolean;
  readonly v?: unknown;
  readonly col?: Column;
  readonly sel: Selection;
}

export function numOperand(lv: LVal, len: number): Operand {
  if (lv.k === 'scalar') {
    if (lv.v !== null && typeof lv.v !== 'number') return unsupported('non-number scalar');
    return { s: true, v: lv.v, sel: null };
  }
  if (lv.k !== 'col') return unsupported('non-column operand');
  if (lv.col.kind === 'number') return { s: false, col: lv.col, sel: lv.sel };
  if (isAllNull(lv.col, lv.sel, len)) return { s: false, col: nullNumbers(len), sel: null };
  return unsupported(`number op on a ${lv.col.kind} column`);
}

export function boolOperand(lv: LVal, len: number): Operand {
  if (lv.k === 'scalar') {
    if (lv.v !== null && typeof lv.v !== 'boolean') return unsupported('non-boolean scalar');
    return { s: true, v: lv.v, sel: null };
  }
  if (lv.k !== 'col') return unsupported('non-column operand');
  if (lv.col.kind === 'bool') return { s: false, col: lv.col, sel: lv.sel };
  if (isAllNull(lv.col, lv.sel, len)) return { s: false, col: boolsFrom(new Array<null>(len).fill(null)), sel: null };
  return unsupported(`boolean op on a ${lv.col.kind} column`);
}

export function strOperand(lv: LVal, len: number): Operand {
  if (lv.k === 'scalar') {
    if (lv.v !== null && typeof lv.v !== 'string') return unsupported('non-string scalar');
    return { s: true, v: lv.v, sel: null };
  }
  if (lv.k !== 'col') return unsupported('non-column operand');
  if (lv.col.kind === 'string' || lv.col.kind === 'dict') return { s: false, col: lv.col, sel: lv.sel };
  if (isAllNull(lv.col, lv.sel, len)) return { s: false, col: dictFrom(new Array<null>(len).fill(null)), sel: null };
  return unsupported(`string op on a ${lv.col.kind} column`);
}

/** Both operands in one index space (a compacted column with a base one: gather the base one). */
export function sameSpace(x: Operand, y: Operand): [Operand, Operand] {
  if (x.s || y.s || x.sel === y.sel) {
    // A scalar-null boolean operand needs a column when the other side is a column: handled by the kernels.
    return [x, y];
  }
  const gx = x.sel === null ? x : { s: false, col: gather(x.col as Column, x.sel), sel: null };
  const gy = y.sel === null ? y : { s: false, col: gather(y.col as Column, y.sel), sel: null };
  return [gx, gy];
}

export function isAllNull(col: Column, sel: Selection, len: number): boolean {
  if (col.kind === 'mixed') {
    const vals = toJS(col, sel);
    return vals.every((v) => v == null);
  }
  if (col.nullCount === col.length) return true;
  void len;
  return false;
}

export function nullNumbers(n: number): NumberColumn {
  return numbersFrom(new Array<null>(n).fill(null));
}

/** A picked column: the table's, or an all-null one (compacted, `len` rows) for a missing key. */
export function pickColumn(table: ColumnTable, key: string, len: number, _sel: Selection): Column {
  return table.column(key) ?? nullNumbers(len);
}

/** The column as numbers (an all-null column of another kind → null, meaning "all null"). */
export function asNumbers(col: Column, sel: Selection): NumberColumn | null {
  if (col.kind === 'number') return col;
  if (isAllNull(col, sel, 0)) return null;
  return unsupported(`reduce over a ${col.kind} column`);
}

export function reduceNulls(op: ReduceOp, n: number): number | null {
  return reduce(op, nullNumbers(n));
}

export function isNullColumn(col: Exclude<Column, { kind: 'mixed' }>, sel: Selection): BoolColumn {
  const n = selLength(sel, col.length);
  const bits = new Uint8Array((n + 7) >>> 3);
  const v = col.validity;
  if (v !== null) {
    const off = col.bitOffset;
    for (let k = 0; k < n; k++) {
      const i = (sel === null ? k : sel[k]) + off;
      if (((v[i >>> 3] >>> (i & 7)) & 1) === 0) bits[k >>> 3] |= 1 << (k & 7);
    }
  }
  return { kind: 'bool', values: bits, bitOffset: 0, length: n, validity: null, nullCount: 0 } as BoolColumn;
}

/** Whether the selected rows hold a NaN, and else how many nulls. */
export function nullsAndNaN(col: NumberColumn, sel: Selection): { readonly nulls: number; readonly nan: boolean } {
  const vals = col.values;
  const n = selLength(sel, col.length);
  let nulls = 0;
  const v = col.validity;
  for (let k = 0; k < n; k++) {
    const i = sel === null ? k : sel[k];
    if (v !== null) {
      const b = i + col.bitOffset;
      if (((v[b >>> 3] >>> (b & 7)) & 1) === 0) {
        nulls++;
        continue;
      }
    }
    const x = vals[i];
    if (x !== x) return { nulls, nan: true };
  }
  return { nulls, nan: false };
}

export function defineOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
