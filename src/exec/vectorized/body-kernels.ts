/**
 * Kernels for the ops inside a lambda body: each takes the op's evaluated arguments (lambda
 * values over the frame's rows) and returns the op's lambda value, or signals `Unsupported`
 * (the engine then runs the op's row-wise resolver per row).
 *
 * This module holds the structural kernels (pick, dict/list, arithmetic, comparisons, boolean
 * logic, `isNone`) and dispatches the rest by op name to the
 * family modules: `body-kernels-strings.ts`, `body-kernels-numbers.ts`, `body-kernels-dates.ts`.
 */
import type { Node, OutputNode } from '../../graph/node.js';
import { and as kAnd, arith, boolsFrom, compare, not as kNot, or as kOr, toJS, type BoolColumn, type NumberColumn } from '../columnar/index.js';
import { untag } from '../../ops/values.js';
import { boolOperand, expandPerTag, isNullColumn, numOperand, pickColumn, sameSpace, scalar, type LVal } from './lambda-values.js';
import { ARITH, CMP } from './op-tables.js';
import { unsupported } from './unsupported.js';
import { STRING_KERNELS, type FamilyKernel } from './body-kernels-strings.js';
import { NUMBER_KERNELS } from './body-kernels-numbers.js';
import { DATE_KERNELS } from './body-kernels-dates.js';
import type { ColumnarRows } from './values.js';

/** What a body kernel may ask of the engine evaluating the lambda. */
export interface BodyFrame {
  /** The rows the lambda runs over. */
  readonly rows: ColumnarRows;
  /** False when the lambda's result is read only for its values (filter predicates, sort keys). */
  readonly tagsMatter: boolean;
  /** Ops reading only the row's tags, run once per tag (null when `n` is not such an op). */
  perTag(n: OutputNode, a: readonly LVal[]): LVal | null;
  /** A constant plain key (the `key` input of a pick). */
  constKey(n: Node): string;
  /** The op's own row-wise resolver on constant inputs. */
  resolveScalar(n: OutputNode, vals: unknown[]): unknown;
}

export function bodyKernel(n: OutputNode, a: readonly LVal[], frame: BodyFrame): LVal {
const rows = frame.rows;
  a = [...a];
  const name = n.fromOp.name;
  const ins = n.fromOp.inputs;
  const sel = rows.sel;
  const len = rows.length;
  if (name !== 'dict' && name !== 'list') {
    const perTag = frame.perTag(n, a);
    if (perTag !== null) return perTag;
  }
  // Where only the values matter (filter predicates, sort keys), a per-tag value feeding a
  // kernel is expanded to an untagged column.
  if (!frame.tagsMatter && a.some((lv) => lv.k === 'pertag')) a = a.map((lv) => (lv.k === 'pertag' ? expandPerTag(lv, rows) : lv));
  if (name === 'pick' || name === 'dict-pick') {
    if (a[0].k !== 'row') return unsupported('pick of a non-row');
    const key = frame.constKey(ins.key);
    return { k: 'col', col: pickColumn(rows.table, key, len, sel), sel: rows.table.has(key) ? sel : null, tagged: true };
  }
  if (name === 'dict') return { k: 'dict', entries: Object.keys(ins).map((key, i) => [key, a[i]] as const) };
  if (name === 'list') return { k: 'list', items: a };
  const tagged = a[0].k === 'col' && a[0].tagged;
  if (ARITH[name] !== undefined || CMP[name] !== undefined) {
    const [x, y] = sameSpace(numOperand(a[0], len), numOperand(a[1], len));
    if (x.s && y.s) return scalar(frame.resolveScalar(n, [x.v, y.v]));
    const xs = x.s ? (x.v as number | null) : (x.col as NumberColumn);
    const ys = y.s ? (y.v as number | null) : (y.col as NumberColumn);
    const s = x.s ? y.sel : x.sel;
    const col = ARITH[name] !== undefined ? arith(ARITH[name], xs, ys, s) : compare(CMP[name], xs, ys, s);
    return { k: 'col', col, sel: null, tagged };
  }
  if (name === 'number-negate') {
    const x = numOperand(a[0], len);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v]));
    return { k: 'col', col: arith('mul', x.col as NumberColumn, -1, x.sel), sel: null, tagged };
  }
  if (name === 'and' || name === 'or') {
    const [x, y] = sameSpace(boolOperand(a[0], len), boolOperand(a[1], len));
    if (x.s && y.s) return scalar(frame.resolveScalar(n, [x.v, y.v]));
    const xs = x.s ? (x.v as boolean | null) : (x.col as BoolColumn);
    const ys = y.s ? (y.v as boolean | null) : (y.col as BoolColumn);
    const s = x.s ? y.sel : x.sel;
    return { k: 'col', col: name === 'and' ? kAnd(xs, ys, s) : kOr(xs, ys, s), sel: null, tagged };
  }
  if (name === 'boolean-not' || name === 'not') {
    const x = boolOperand(a[0], len);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v]));
    return { k: 'col', col: kNot(x.col as BoolColumn, x.sel), sel: null, tagged };
  }
  if (name === 'isNone') {
    const x = a[0];
    if (x.k === 'scalar') return scalar(untag(x.v) == null);
    if (x.k !== 'col') return unsupported('isNone of a non-column');
    if (x.col.kind === 'mixed') return { k: 'col', col: boolsFrom(toJS(x.col, x.sel).map((v) => untag(v) == null)), sel: null, tagged: false };
    return { k: 'col', col: isNullColumn(x.col, x.sel), sel: null, tagged: false };
  }
  const family = FAMILY_KERNELS[name];
  if (family !== undefined) return family(n, a, frame);
  return unsupported(`no lambda kernel for ${name}`);
}

/** The per-family kernels (strings, number functions, dates), by op name. */
const FAMILY_KERNELS: Readonly<Record<string, FamilyKernel>> = { ...STRING_KERNELS, ...NUMBER_KERNELS, ...DATE_KERNELS };

