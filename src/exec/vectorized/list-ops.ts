/**
 * List ops over lazily held lists that would otherwise materialize the whole list and run
 * row-wise: `[i]` (`index`), `dropna`, `unique`, `flatten`, `limit` / `offset` over picked
 * values, `map` results and held groups, `sort` over held groups, `map` / `filter` / `sort`
 * over picked values and `map` results and mapped ops on them (`rows["a"] * 2`:
 * value-lambdas.ts), and a pick of a whole join side.
 * Each reproduces the row-wise resolver under its op kind exactly (values, nulls, NaN, tags,
 * order) and builds only what the result holds: one element for `[i]`, a selection for the
 * others.
 */
import type { Node } from '../../graph/node.js';
import { valueAt, type Column } from '../columnar/index.js';
import { stripTags, tagValue, untag } from '../../ops/values.js';
import { asLambda } from './graph-shape.js';
import { GroupedRows, sortGroups, type GroupEnv } from './group-map.js';
import { joinPick, keyFrame } from './join.js';
import { reader, tagChains, type LVal } from './lambda-values.js';
import { positionRange, selectMapped, selectRows } from './list-select.js';
import { MappedValues } from './mapped.js';
import { tagClasses, uniquePositions } from './unique.js';
import { unsupported } from './unsupported.js';
import { valuesLambdaOp, valuesMappedOp } from './value-lambdas.js';
import { ColumnarRows, ColumnarValues } from './values.js';

/** `listOpKernel`'s answer when the op / receiver pair is not one of its own (the engine goes on). */
export const NOT_LISTED: unique symbol = Symbol('not a list-op kernel');

type Lazy = ColumnarRows | ColumnarValues | MappedValues | GroupedRows;

function isLazy(v: unknown): v is Lazy {
  return v instanceof ColumnarRows || v instanceof ColumnarValues || v instanceof MappedValues || v instanceof GroupedRows;
}

/** The op on a lazily held receiver; `NOT_LISTED` when this module has no kernel for the pair. */
export function listOpKernel(env: GroupEnv, name: string, recv: unknown, inputs: Readonly<Record<string, Node>>): unknown {
  if (!isLazy(recv)) return NOT_LISTED;
  switch (name) {
    case 'index':
      return indexOf(recv, untag(env.value(inputs.index)));
    case 'dropna':
      return recv instanceof GroupedRows ? NOT_LISTED : dropna(recv);
    case 'unique':
      return recv instanceof ColumnarValues || recv instanceof MappedValues ? unique(recv) : NOT_LISTED;
    case 'limit':
    case 'offset': {
      if (recv instanceof ColumnarRows) return NOT_LISTED;
      const n = untag(env.value(name === 'limit' ? inputs.limit : inputs.offset));
      if (typeof n !== 'number' || !Number.isInteger(n)) return unsupported('non-integer count');
      return slice(recv, name === 'limit' ? 0 : n, name === 'limit' ? n : undefined);
    }
    case 'map':
    case 'filter':
      return recv instanceof ColumnarValues || recv instanceof MappedValues ? valuesLambdaOp(env, name, recv, inputs) : NOT_LISTED;
    case 'sort': {
      if (recv instanceof ColumnarValues || recv instanceof MappedValues) return valuesLambdaOp(env, name, recv, inputs);
      if (!(recv instanceof GroupedRows)) return NOT_LISTED;
      const dirs = stripTags(env.value(inputs.columnDirs)) ?? [];
      if (!Array.isArray(dirs)) return unsupported('sort directions');
      return sortGroups(env, recv, asLambda(inputs.compFn), dirs);
    }
    case 'pick':
    case 'dict-pick': {
      const side = pickSide(env, recv, inputs.key);
      if (side !== NOT_LISTED || !(recv instanceof ColumnarValues || recv instanceof MappedValues)) return side;
      return valuesMappedOp(env, name, recv, inputs) ?? NOT_LISTED;
    }
    case 'flatten':
      return recv instanceof ColumnarValues || recv instanceof MappedValues ? flatten(recv) : NOT_LISTED;
    default: {
      if (!(recv instanceof ColumnarValues || recv instanceof MappedValues)) return NOT_LISTED;
      return valuesMappedOp(env, name, recv, inputs) ?? NOT_LISTED;
    }
  }
}

/** The element at list position `at` (the row-wise `index`: only integer positions inside the list). */
function indexOf(recv: Lazy, at: unknown): unknown {
  const len = recv instanceof GroupedRows ? recv.order.length : recv instanceof ColumnarRows ? recv.length : recv.rows.length;
  const listTag = recv instanceof GroupedRows ? recv.groups.rows.listTag : recv instanceof ColumnarRows ? recv.listTag : recv.rows.listTag;
  if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at >= len) return tagValue(listTag, null);
  if (recv instanceof GroupedRows) return recv.groupAt(at);
  if (recv instanceof MappedValues) {
    const one = selectMapped(recv.lv, recv.rows, Uint32Array.of(at));
    return tagValue(listTag, reader(one.lv, one.rows)(0));
  }
  const rows = recv instanceof ColumnarRows ? recv : recv.rows;
  const i = rows.sel === null ? at : rows.sel[at];
  const elem = recv instanceof ColumnarRows ? recv.rowAt(i) : tagValue(rows.rowTag(i), valueAt(recv.col, i));
  return tagValue(listTag, elem);
}

/**
 * The row-wise `dropna` (standard-tag-consuming, one list level) keeps the elements whose
 * untagged value is not null — NaN stays, a tagged null goes — when the elements are not
 * lists themselves (then it works one level down: left to the row-wise op).
 */
function dropna(recv: ColumnarRows | ColumnarValues | MappedValues): unknown {
  // Rows are dicts, never null.
  if (recv instanceof ColumnarRows) return recv;
  if (recv instanceof ColumnarValues) {
    const keep = validPositions(recv.col, recv.sel, recv.rows.length);
    return keep === null ? recv : new ColumnarValues(recv.col, selectRows(recv.rows, keep));
  }
  const keep = lvalValid(recv.lv, recv.rows);
  if (keep === null) return recv;
  const sub = selectMapped(recv.lv, recv.rows, keep);
  return new MappedValues(sub.lv, sub.rows);
}

/** Positions whose value is not null (untagged), or null when all are kept. */
function validPositions(col: Column, sel: Uint32Array | null, n: number): Uint32Array | null {
  if (col.kind !== 'mixed' && col.nullCount === 0) return null;
  const out = new Uint32Array(n);
  let c = 0;
  if (col.kind === 'mixed') {
    const vals = col.values;
    for (let k = 0; k < n; k++) {
      const v = untag(vals[sel === null ? k : sel[k]]);
      if (Array.isArray(v)) return unsupported('dropna over a list of lists');
      if (v != null) out[c++] = k;
    }
  } else {
    const bm = col.validity;
    const off = col.bitOffset;
    for (let k = 0; k < n; k++) {
      const b = (sel === null ? k : sel[k]) + off;
      if (bm === null || ((bm[b >>> 3] >>> (b & 7)) & 1) === 1) out[c++] = k;
    }
  }
  return c === n ? null : out.subarray(0, c);
}

/** `validPositions` for a `map` result's value. */
function lvalValid(lv: LVal, rows: ColumnarRows): Uint32Array | null {
  const n = rows.length;
  switch (lv.k) {
    case 'col':
      return validPositions(lv.col, lv.sel, n);
    case 'scalar':
      return lv.v == null ? new Uint32Array(0) : null;
    case 'dict':
    case 'row':
      return null;
    case 'list':
      return unsupported('dropna over a list of lists');
    case 'side': {
      const idx = rows.join?.idx[lv.side];
      if (idx === undefined) return unsupported('join side outside a join');
      return positionsWhere(rows, (i) => idx[i] >= 0);
    }
    case 'pertag': {
      const vals = lv.values.map(untag);
      if (vals.some(Array.isArray)) return unsupported('dropna over a list of lists');
      const ids = rows.tagIds;
      return positionsWhere(rows, (i) => vals[ids === null ? 0 : ids[i]] != null);
    }
  }
}

function positionsWhere(rows: ColumnarRows, keep: (baseRow: number) => boolean): Uint32Array | null {
  const n = rows.length;
  const sel = rows.sel;
  const out = new Uint32Array(n);
  let c = 0;
  for (let k = 0; k < n; k++) if (keep(sel === null ? k : sel[k])) out[c++] = k;
  return c === n ? null : out.subarray(0, c);
}

/** The row-wise `unique` (deep equality, tags included, first occurrence kept) over one column. */
function unique(recv: ColumnarValues | MappedValues): unknown {
  const rows = recv.rows;
  let col: Column;
  let sel: Uint32Array | null;
  // The tag each element carries, per tag id: a picked value its row's; a mapped value the lambda row's chain.
  let tags: readonly unknown[] | null;
  if (recv instanceof ColumnarValues) {
    col = recv.col;
    sel = recv.sel;
    tags = rows.tagIds === null ? null : rows.tagValues;
  } else {
    const lv = recv.lv;
    if (lv.k !== 'col' || lv.chain !== undefined) return unsupported('unique over a computed value');
    col = lv.col;
    sel = lv.sel;
    tags = !lv.tagged ? null : rows.tagIds === null ? [rows.listTag] : rows.tagValues.map((t) => (t === undefined ? rows.listTag : rows.listTag === undefined ? t : tagValue(rows.listTag, t)));
  }
  let cls: Int32Array | null = null;
  let count = 1;
  if (tags !== null) {
    const tc = tagClasses(tags);
    count = tc.count;
    const ids = rows.tagIds;
    const n = rows.length;
    cls = new Int32Array(n);
    for (let k = 0; k < n; k++) cls[k] = tc.classes[ids === null ? 0 : ids[rows.sel === null ? k : rows.sel[k]]];
  }
  const keep = uniquePositions(col, sel, cls, count);
  if (keep.length === rows.length) return recv;
  if (recv instanceof ColumnarValues) return new ColumnarValues(recv.col, selectRows(rows, keep));
  const sub = selectMapped(recv.lv, rows, keep);
  return new MappedValues(sub.lv, sub.rows);
}

/**
 * `flatten` of a list of scalars: the list's tag moves onto each element (over the element's
 * own tags, as the row-wise op merges them), the list itself is untagged. Held as a `map`
 * result whose column carries that chain.
 */
function flatten(recv: ColumnarValues | MappedValues): unknown {
  const rows = recv.rows;
  const lv: LVal = recv instanceof ColumnarValues ? { k: 'col', col: recv.col, sel: recv.sel, tagged: rows.tagIds !== null } : recv.lv;
  if (lv.k !== 'col') return unsupported('flatten of a computed value');
  // Lists flatten further, tagged values merge their tags differently: only plain scalars here.
  if (lv.col.kind === 'mixed' && lv.col.values.some((v) => v !== null && typeof v === 'object')) return unsupported('flatten of nested values');
  const listTag = rows.listTag;
  const merge = (t: unknown): unknown => (t == null ? listTag : listTag != null ? tagValue(listTag, t) : t);
  let chain: (i: number) => unknown;
  if (!lv.tagged) chain = () => listTag;
  else if (lv.chain !== undefined) {
    const own = lv.chain;
    chain = (i) => merge(own(i));
  } else {
    // Per tag id, once: a picked value carries its row's tag, a mapped one the lambda row's chain.
    const ids = rows.tagIds;
    const per = (recv instanceof ColumnarValues ? (ids === null ? [undefined] : rows.tagValues) : tagChains(rows)).map(merge);
    chain = ids === null ? () => per[0] : (i) => per[ids[i]];
  }
  return new MappedValues({ ...lv, tagged: true, chain }, keyFrame(rows));
}

/** `limit` / `offset` (`Array.prototype.slice` with integer bounds) over picked values, a `map` result or held groups. */
function slice(recv: ColumnarValues | MappedValues | GroupedRows, start: number, end: number | undefined): unknown {
  const len = recv instanceof GroupedRows ? recv.order.length : recv.rows.length;
  const s = clamp(start, len);
  const e = end === undefined ? len : clamp(end, len);
  if (recv instanceof GroupedRows) return new GroupedRows(recv.groups, recv.order.slice(s, Math.max(s, e)));
  if (recv instanceof ColumnarValues) return new ColumnarValues(recv.col, selectRows(recv.rows, positionRange(len, s, Math.max(s, e))));
  const sub = selectMapped(recv.lv, recv.rows, positionRange(len, s, Math.max(s, e)));
  return new MappedValues(sub.lv, sub.rows);
}

function clamp(n: number, len: number): number {
  return n < 0 ? Math.max(0, len + n) : Math.min(n, len);
}

/**
 * `rows[alias]` over join rows (each side row tagged with its join key, as the row-wise pick of
 * each joined dict) and `rows[alias][key]` after it: the lambda values the join picks already
 * have, held as `map` results.
 */
function pickSide(env: GroupEnv, recv: Lazy, keyNode: Node): unknown {
  if (recv instanceof ColumnarRows && recv.join !== null) {
    // The elements of a join's list carry no list tag; a list tag would sit on the list only.
    if (recv.listTag !== undefined) return unsupported('tagged join rows');
    const lv = joinPick(recv, [{ k: 'row' }], env.constKey(keyNode));
    return lv === null ? unsupported('join pick') : new MappedValues(lv, recv);
  }
  if (recv instanceof MappedValues && recv.lv.k === 'side') {
    if (recv.rows.listTag !== undefined) return unsupported('tagged join rows');
    const lv = joinPick(recv.rows, [recv.lv], env.constKey(keyNode));
    return lv === null ? unsupported('join pick') : new MappedValues(lv, recv.rows);
  }
  return NOT_LISTED;
}
