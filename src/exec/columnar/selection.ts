/**
 * Selection vectors and materialization.
 *
 * A selection is a `Uint32Array` of row indices into a column's row space (or `null` = all
 * rows). Every kernel takes an optional selection that applies to all of its column inputs and
 * produces outputs *compacted* to the selection (output row k ↔ input row `sel[k]`). `filter`
 * produces a new selection without copying any column; `gather` materializes a column at the
 * result boundary or when an executor wants to combine a compacted intermediate with a base
 * column.
 */
import { allocBitmap, gatherValidity, sliceBits } from './bitmap.js';
import {
  boolColumn,
  dictColumn,
  mixedColumn,
  numberColumn,
  stringColumn,
  type BoolColumn,
  type Column,
  type Selection,
} from './column.js';

/** The validity of a column's selected rows, in output order (null: all valid). */
export function selectedValidity(c: { readonly validity: Uint8Array | null; readonly bitOffset: number }, sel: Selection, m: number): Uint8Array | null {
  if (c.validity === null) return null;
  return sel === null ? alignedValidity(c.validity, c.bitOffset, m) : gatherValidity(c.validity, c.bitOffset, sel);
}

/** Offset-0 view of a column's validity bitmap (copies only when the bit offset is not byte aligned). */
export function alignedValidity(validity: Uint8Array | null, bitOffset: number, n: number): Uint8Array | null {
  if (validity === null) return null;
  if ((bitOffset & 7) === 0) return bitOffset === 0 ? validity : validity.subarray(bitOffset >>> 3);
  return sliceBits(validity, bitOffset, n);
}

/**
 * Rows where a predicate is `true` (null and false drop). `pred` is in the selection's
 * compacted space (length = `sel.length`, or the base length when `sel` is null); the result
 * holds base row indices, ascending.
 */
export function selectTrue(pred: BoolColumn, sel: Selection = null): Uint32Array {
  const m = pred.length;
  const vals = alignedValidity(pred.values, pred.bitOffset, m) as Uint8Array;
  const valid = alignedValidity(pred.validity, pred.bitOffset, m);
  const out = new Uint32Array(m);
  let c = 0;
  const full = m >>> 3;
  for (let b = 0; b < full; b++) {
    let byte = vals[b];
    if (valid !== null) byte &= valid[b];
    if (byte === 0) continue;
    const base = b << 3;
    if (byte === 0xff) {
      for (let t = 0; t < 8; t++) out[c++] = base + t;
    } else {
      while (byte !== 0) {
        const t = 31 - Math.clz32(byte & -byte);
        out[c++] = base + t;
        byte &= byte - 1;
      }
    }
  }
  for (let k = full << 3; k < m; k++) {
    const ok = (vals[k >>> 3] & (1 << (k & 7))) !== 0 && (valid === null || (valid[k >>> 3] & (1 << (k & 7))) !== 0);
    if (ok) out[c++] = k;
  }
  const res = out.subarray(0, c);
  if (sel === null) return res;
  for (let k = 0; k < c; k++) res[k] = sel[res[k]];
  return res;
}

/** Rows whose value is not null (e.g. `dropna`), as base indices. */
export function selectValid(col: Column, sel: Selection = null): Uint32Array {
  const m = sel === null ? col.length : sel.length;
  const out = new Uint32Array(m);
  let c = 0;
  if (col.kind === 'mixed') {
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (col.values[i] != null) out[c++] = i;
    }
    return out.subarray(0, c);
  }
  const { validity, bitOffset } = col;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (validity !== null) {
      const j = bitOffset + i;
      if ((validity[j >>> 3] & (1 << (j & 7))) === 0) continue;
    }
    out[c++] = i;
  }
  return out.subarray(0, c);
}

/** `limit(n)` / `offset(n)` on a selection (the rows themselves are not copied). */
export function sliceSelection(sel: Selection, length: number, start: number, end: number): Uint32Array {
  const s = Math.max(0, Math.min(start, length));
  const e = Math.max(s, Math.min(end, length));
  if (sel !== null) return sel.subarray(s, e);
  const out = new Uint32Array(e - s);
  for (let k = 0; k < out.length; k++) out[k] = s + k;
  return out;
}

/** Materializes the selected rows as a new column (offset-0 bitmaps). */
export function gather(col: Column, sel: Selection): Column {
  if (sel === null) return col;
  const m = sel.length;
  switch (col.kind) {
    case 'number': {
      const src = col.values;
      const out = src instanceof Int32Array ? new Int32Array(m) : new Float64Array(m);
      for (let k = 0; k < m; k++) out[k] = src[sel[k]];
      return numberColumn(out, { validity: gatherValidity(col.validity, col.bitOffset, sel), logical: col.logical });
    }
    case 'bool': {
      const bits = allocBitmap(m);
      const { values, bitOffset } = col;
      for (let k = 0; k < m; k++) {
        const j = bitOffset + sel[k];
        if ((values[j >>> 3] & (1 << (j & 7))) !== 0) bits[k >>> 3] |= 1 << (k & 7);
      }
      return boolColumn(bits, m, { validity: gatherValidity(col.validity, col.bitOffset, sel) });
    }
    case 'string': {
      const { offsets, data } = col;
      const outOff = new Int32Array(m + 1);
      let bytes = 0;
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        bytes += offsets[i + 1] - offsets[i];
        outOff[k + 1] = bytes;
      }
      const outData = new Uint8Array(bytes);
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        const a = offsets[i];
        const b = offsets[i + 1];
        if (b - a < 16) {
          let p = outOff[k];
          for (let t = a; t < b; t++) outData[p++] = data[t];
        } else outData.set(data.subarray(a, b), outOff[k]);
      }
      const out = stringColumn(outOff, outData, { validity: gatherValidity(col.validity, col.bitOffset, sel) });
      if (col.decoded !== null) {
        const d = col.decoded;
        const dec = new Array<string | null>(m);
        for (let k = 0; k < m; k++) dec[k] = d[sel[k]];
        out.decoded = dec;
      }
      return out;
    }
    case 'dict': {
      const src = col.indices;
      const idx = new Int32Array(m);
      for (let k = 0; k < m; k++) idx[k] = src[sel[k]];
      return dictColumn(idx, col.dictionary, { validity: gatherValidity(col.validity, col.bitOffset, sel) });
    }
    case 'mixed': {
      const out = new Array<unknown>(m);
      for (let k = 0; k < m; k++) out[k] = col.values[sel[k]];
      return mixedColumn(out);
    }
  }
}
