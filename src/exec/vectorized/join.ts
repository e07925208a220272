/**
 * `join` over columnar rows: the keys by hashing (`hashJoin`: the row-wise op's key order and
 * pair order), the result held as the two sides plus a row index per side and output row
 * (`JoinInfo`), each output row tagged `{joinKey}` as the row-wise `join` tags it (tag id = key
 * index). Picks through a joined row (`row["h"]["loss"]`) gather the side's column into the
 * join's row space; whole rows are built only when a result needs them.
 */
import type { Node, OutputNode } from '../../graph/node.js';
import {
  allocBitmap,
  boolColumn,
  ColumnTable,
  dictColumn,
  gather,
  gatherNumbersOuter,
  hashJoin,
  mixedColumn,
  stringColumn,
  type Column,
} from '../columnar/index.js';
import { Tagged, tagValue } from '../../ops/values.js';
import { expandPerTag, nullNumbers, rowChains, type LVal } from './lambda-values.js';
import { unsupported } from './unsupported.js';
import { ColumnarRows, type JoinInfo } from './values.js';

/** The rows a join's key function sees: the elements without the list's tag (the op is raw). */
export function keyFrame(rows: ColumnarRows): ColumnarRows {
  if (rows.listTag === undefined) return rows;
  return new ColumnarRows(rows.table, rows.sel, rows.tagIds, rows.tagValues, undefined, rows.origin, rows.join);
}

/** A key function's value over a side as a column in that side's base space (sel) or compacted. */
function keyColumn(lv: LVal, rows: ColumnarRows): { col: Column; sel: Uint32Array | null } {
  const v = lv.k === 'pertag' ? expandPerTag(lv, rows) : lv;
  if (v.k !== 'col') return unsupported('join key is not a column');
  const kind = v.col.kind;
  // A mixed column keys like the row-wise op (`String(v)`, null as "") while it holds no objects (tags, dicts, lists).
  if (v.col.kind === 'mixed' && v.col.values.some((x) => x !== null && typeof x === 'object')) return unsupported(`join key of kind ${kind}`);
  return { col: v.col, sel: v.sel };
}

/** Join output indices in a side's compact space mapped to its base rows. */
function toBase(idx: Int32Array, keySel: Uint32Array | null, rowsSel: Uint32Array | null): Int32Array {
  if (keySel !== null || rowsSel === null) return idx;
  for (let k = 0; k < idx.length; k++) if (idx[k] >= 0) idx[k] = rowsSel[idx[k]];
  return idx;
}

export function joinRows(
  left: ColumnarRows,
  right: ColumnarRows,
  leftKey: LVal,
  rightKey: LVal,
  aliases: readonly [string, string],
  leftOuter: boolean,
  rightOuter: boolean,
): ColumnarRows {
  const lk = keyColumn(leftKey, left);
  const rk = keyColumn(rightKey, right);
  const res = hashJoin(lk.col, rk.col, { leftSel: lk.sel, rightSel: rk.sel, leftOuter, rightOuter });
  const li = toBase(res.left, lk.sel, left.sel);
  const ri = toBase(res.right, rk.sel, right.sel);
  const tagValues = res.keys.map((joinKey) => ({ joinKey }));
  const join: JoinInfo = { aliases, sides: [left, right], idx: [li, ri], cache: new Map() };
  return new ColumnarRows(new ColumnTable(li.length, []), null, res.keyIndex, tagValues, undefined, null, join);
}

/** Which side an alias names (the second wins when both aliases are equal, as a dict literal's last key does); -1: neither. */
function sideOf(join: JoinInfo, key: string): 0 | 1 | -1 {
  return key === join.aliases[1] ? 1 : key === join.aliases[0] ? 0 : -1;
}

/** Does a side's row carry element tags (run tags, table row tags, a join's key tag)? */
function sideTagged(side: ColumnarRows): boolean {
  return side.tagIds !== null || side.join !== null || (side.origin !== null && side.origin.row !== undefined);
}

/**
 * A pick inside a lambda over join rows: `row[alias]` is a side, `row[alias][key]` the side's
 * column gathered into the join's row space. Null when `n` is not such a pick.
 */
export function joinPick(rows: ColumnarRows, a: readonly LVal[], key: string): LVal | null {
  const join = rows.join;
  if (join === null) return null;
  if (a[0].k === 'row') {
    const s = sideOf(join, key);
    if (s === -1) return { k: 'col', col: nullNumbers(rows.table.length), sel: rows.sel, tagged: true };
    return { k: 'side', side: s };
  }
  if (a[0].k !== 'side') return null;
  const s = a[0].side;
  const side = join.sides[s];
  if (side.join !== null) return unsupported('pick through a nested join');
  const col = sideColumn(join, s, key);
  if (!sideTagged(side)) return { k: 'col', col, sel: rows.sel, tagged: true };
  // The side's row tags join the chain: `tagValue(joinTag, sideRowTag)` (null side: the join tag alone).
  const chains = rowChains(rows);
  const idx = join.idx[s];
  const chain = (i: number): unknown => {
    const j = idx[i];
    if (j < 0) return chains(i);
    const r = side.rowAt(j);
    return r instanceof Tagged ? tagValue(chains(i), r.tag) : chains(i);
  };
  return { k: 'col', col, sel: rows.sel, tagged: true, chain };
}

/** `row[alias][key]` as a column over the join rows (null where that side is null), cached. */
export function sideColumn(join: JoinInfo, s: 0 | 1, key: string): Column {
  const ck = `${s}\u0000${key}`;
  const hit = join.cache.get(ck);
  if (hit !== undefined) return hit;
  const idx = join.idx[s];
  const src = join.sides[s].table.column(key);
  const col = src === undefined ? nullNumbers(idx.length) : gatherOuter(src, idx);
  join.cache.set(ck, col);
  return col;
}

/** Gathers a column through join indices; −1 rows become null. */
export function gatherOuter(col: Column, idx: Int32Array): Column {
  let outer = false;
  for (let k = 0; k < idx.length; k++) {
    if (idx[k] < 0) {
      outer = true;
      break;
    }
  }
  if (!outer) return gather(col, new Uint32Array(idx.buffer, idx.byteOffset, idx.length));
  if (col.kind === 'number') return gatherNumbersOuter(col, idx);
  const safe = new Uint32Array(idx.length);
  for (let k = 0; k < idx.length; k++) safe[k] = idx[k] < 0 ? 0 : idx[k];
  const g = gather(col, safe);
  if (g.kind === 'mixed') return mixedColumn(g.values.map((v, k) => (idx[k] < 0 ? null : v)));
  const m = idx.length;
  const valid = allocBitmap(m);
  const bm = g.validity;
  const off = g.bitOffset;
  for (let k = 0; k < m; k++) {
    if (idx[k] < 0) continue;
    if (bm !== null && ((bm[(k + off) >>> 3] >>> ((k + off) & 7)) & 1) === 0) continue;
    valid[k >>> 3] |= 1 << (k & 7);
  }
  switch (g.kind) {
    case 'bool':
      return boolColumn(g.values, m, { validity: valid, bitOffset: 0 });
    case 'string':
      return stringColumn(g.offsets, g.data, { validity: valid });
    case 'dict':
      return dictColumn(g.indices, g.dictionary, { validity: valid });
    default:
      return unsupported('gather');
  }
}

/** The column of a (possibly nested) pick of a group's rows: `row["c"]` or `row[alias]["c"]` over join rows. */
export function pickPathColumn(rows: ColumnarRows, n: Node, param: string, constKey: (k: Node) => string): Column | null {
  if (n.nodeType !== 'output' || (n.fromOp.name !== 'pick' && n.fromOp.name !== 'dict-pick')) return null;
  const [obj, keyNode] = [n.fromOp.inputs.obj ?? Object.values(n.fromOp.inputs)[0], n.fromOp.inputs.key];
  if (keyNode === undefined || keyNode.nodeType !== 'const') return null;
  const join = rows.join;
  if (join === null || !isPickOfParam(obj, param)) return null;
  const s = sideOf(join, constKey((obj as OutputNode).fromOp.inputs.key));
  if (s === -1 || join.sides[s].join !== null) return null;
  return sideColumn(join, s, constKey(keyNode));
}

function isPickOfParam(n: Node, param: string): boolean {
  if (n.nodeType !== 'output' || (n.fromOp.name !== 'pick' && n.fromOp.name !== 'dict-pick')) return false;
  const obj = Object.values(n.fromOp.inputs)[0];
  return obj.nodeType === 'var' && obj.varName === param && n.fromOp.inputs.key?.nodeType === 'const';
}
