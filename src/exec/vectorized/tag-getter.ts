/**
 * A tag getter over a columnar list (`….filter(…).run`): the row-wise resolver on one
 * representative element per tag present in the selection, spread back to the rows.
 */
import type { OutputNode } from '../../graph/node.js';
import type { OpDef } from '../../ops/opdef.js';
import { tagValue } from '../../ops/values.js';
import { inputTypesOf } from './graph-shape.js';
import type { ColumnarRows } from './values.js';

export function tagGetterOverRows(def: OpDef, node: OutputNode, rows: ColumnarRows, data: unknown): unknown {
  const n = rows.length;
  const sel = rows.sel;
  const ids = rows.tagIds;
  // Representative slot per tag id (index 0: rows without a tag), -1 until first seen.
  const slotOf = new Int32Array(rows.tagValues.length + 1).fill(-1);
  const reps: unknown[] = [];
  const rowSlot = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const t = ids === null ? -1 : ids[sel === null ? k : sel[k]];
    let s = slotOf[t + 1];
    if (s === -1) {
      s = reps.length;
      slotOf[t + 1] = s;
      reps.push(t === -1 ? {} : tagValue(rows.tagValues[t], {}));
    }
    rowSlot[k] = s;
  }
  const param = Object.keys(node.fromOp.inputs)[0];
  const res = def.resolve({ [param]: tagValue(rows.listTag, reps) }, { inputTypes: inputTypesOf(node), data: (data ?? null) as never });
  if (!Array.isArray(res) || res.length !== reps.length) return res;
  const out = new Array<unknown>(n);
  for (let k = 0; k < n; k++) out[k] = res[rowSlot[k]];
  return out;
}
