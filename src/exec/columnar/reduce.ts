/**
 * Null-aware reductions over number columns (the `numbers-*` dim-down ops), with an optional
 * selection. Semantics are those of the reference resolvers (weave-js `numbers-*`, built on
 * lodash), defined precisely:
 *
 * - nulls are ignored everywhere except `count`, which is the number of rows (nulls included);
 * - `sum`: left-to-right sequential sum of the non-null values starting from the first value
 *   (so `sum([-0]) = -0`); 0 when there is none. NaN and ±Infinity propagate by IEEE rules.
 * - `avg`: `sum / (number of non-null values)`; NaN when there is none.
 * - `min` / `max`: the first strictly smallest / largest non-null value, **ignoring NaN**
 *   (lodash `_.min/_.max` skip NaN); null when there is no non-null, non-NaN value.
 * - `stddev`: population standard deviation, two-pass exactly as the reference:
 *   `mean = sum / n; sqrt(sum((v - mean) * (v - mean)) / n)`; NaN when there is none. A NaN
 *   value makes it NaN.
 * - `argmin` / `argmax`: the index, in the (selected) list *including nulls*, of the first
 *   strictly smallest / largest non-null, non-NaN value; −1 when there is none.
 *
 * Kernels test validity a byte at a time (0xff → 8 valid rows, 0x00 → skip 8) and keep a single
 * sequential accumulator so results are bit-identical to the row-by-row reference.
 */
import type { Column, NumberColumn, NumValues, Selection } from './column.js';
import { alignedValidity } from './selection.js';

export type ReduceOp = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'stddev' | 'argmin' | 'argmax';

// secondary outputs of the sum kernels (avoids allocating a tuple per call)
let lastCount = 0;

function sumDense(v: NumValues, n: number): number {
  let s = -0;
  for (let i = 0; i < n; i++) s += v[i];
  lastCount = n;
  return s;
}

function sumMasked(v: NumValues, bm: Uint8Array, n: number): number {
  let s = -0;
  let c = 0;
  const full = n >>> 3;
  for (let b = 0; b < full; b++) {
    const byte = bm[b];
    if (byte === 0) continue;
    const base = b << 3;
    if (byte === 0xff) {
      s += v[base];
      s += v[base + 1];
      s += v[base + 2];
      s += v[base + 3];
      s += v[base + 4];
      s += v[base + 5];
      s += v[base + 6];
      s += v[base + 7];
      c += 8;
    } else {
      for (let t = 0; t < 8; t++) {
        if ((byte & (1 << t)) !== 0) {
          s += v[base + t];
          c++;
        }
      }
    }
  }
  for (let i = full << 3; i < n; i++) {
    if ((bm[i >>> 3] & (1 << (i & 7))) !== 0) {
      s += v[i];
      c++;
    }
  }
  lastCount = c;
  return s;
}

function sumSel(v: NumValues, bm: Uint8Array | null, sel: Uint32Array): number {
  let s = -0;
  const m = sel.length;
  if (bm === null) {
    for (let k = 0; k < m; k++) s += v[sel[k]];
    lastCount = m;
    return s;
  }
  let c = 0;
  for (let k = 0; k < m; k++) {
    const i = sel[k];
    if ((bm[i >>> 3] & (1 << (i & 7))) !== 0) {
      s += v[i];
      c++;
    }
  }
  lastCount = c;
  return s;
}

/** Sequential sum and valid count; returns the raw accumulator (−0 when empty). */
function sumRaw(col: NumberColumn, sel: Selection): number {
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  if (sel !== null) return sumSel(col.values, bm, sel);
  if (bm === null) return sumDense(col.values, col.length);
  return sumMasked(col.values, bm, col.length);
}

export function sum(col: NumberColumn, sel: Selection = null): number {
  const s = sumRaw(col, sel);
  return lastCount === 0 ? 0 : s;
}

/** Number of non-null values. */
export function countValid(col: Column, sel: Selection = null): number {
  const m = sel === null ? col.length : sel.length;
  if (col.nullCount === 0) return m;
  if (col.kind === 'mixed') {
    let c = 0;
    for (let k = 0; k < m; k++) if (col.values[sel === null ? k : sel[k]] != null) c++;
    return c;
  }
  const { validity, bitOffset } = col;
  if (validity === null) return m;
  let c = 0;
  for (let k = 0; k < m; k++) {
    const j = bitOffset + (sel === null ? k : sel[k]);
    c += (validity[j >>> 3] >>> (j & 7)) & 1;
  }
  return c;
}

/** `count`: the number of (selected) rows, nulls included. */
export function count(col: Column, sel: Selection = null): number {
  return sel === null ? col.length : sel.length;
}

export function avg(col: NumberColumn, sel: Selection = null): number {
  const s = sumRaw(col, sel);
  const c = lastCount;
  return c === 0 ? NaN : s / c;
}

/** Sum of squared deviations from `mean` over the valid values, sequentially. */
function sumSqDev(col: NumberColumn, sel: Selection, mean: number): number {
  const v = col.values;
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  let s = -0;
  if (sel === null) {
    const n = col.length;
    if (bm === null) {
      for (let i = 0; i < n; i++) {
        const d = v[i] - mean;
        s += d * d;
      }
    } else {
      const full = n >>> 3;
      for (let b = 0; b < full; b++) {
        const byte = bm[b];
        if (byte === 0) continue;
        const base = b << 3;
        if (byte === 0xff) {
          for (let i = base; i < base + 8; i++) {
            const d = v[i] - mean;
            s += d * d;
          }
        } else {
          for (let t = 0; t < 8; t++) {
            if ((byte & (1 << t)) !== 0) {
              const d = v[base + t] - mean;
              s += d * d;
            }
          }
        }
      }
      for (let i = full << 3; i < n; i++) {
        if ((bm[i >>> 3] & (1 << (i & 7))) !== 0) {
          const d = v[i] - mean;
          s += d * d;
        }
      }
    }
  } else {
    const m = sel.length;
    for (let k = 0; k < m; k++) {
      const i = sel[k];
      if (bm === null || (bm[i >>> 3] & (1 << (i & 7))) !== 0) {
        const d = v[i] - mean;
        s += d * d;
      }
    }
  }
  return s;
}

export function stddev(col: NumberColumn, sel: Selection = null): number {
  const s = sumRaw(col, sel);
  const c = lastCount;
  if (c === 0) return NaN;
  const mean = s / c;
  return Math.sqrt(sumSqDev(col, sel, mean) / c);
}

// ---- min / max / argmin / argmax ------------------------------------------------------------
// Phase 1 finds the first valid non-NaN value; phase 2 is a tight strict-comparison loop
// (a NaN candidate never wins a strict comparison, so it needs no test).

let lastPos = -1;

function extremum(col: NumberColumn, sel: Selection, wantMax: boolean): number {
  const v = col.values;
  const n = sel === null ? col.length : sel.length;
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  let k = 0;
  let best = NaN;
  let pos = -1;
  for (; k < n; k++) {
    const i = sel === null ? k : sel[k];
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
    const x = v[i];
    if (x === x) {
      best = x;
      pos = k;
      k++;
      break;
    }
  }
  if (pos === -1) {
    lastPos = -1;
    return NaN;
  }
  if (sel === null && bm === null) {
    if (wantMax) {
      for (; k < n; k++) {
        const x = v[k];
        if (x > best) {
          best = x;
          pos = k;
        }
      }
    } else {
      for (; k < n; k++) {
        const x = v[k];
        if (x < best) {
          best = x;
          pos = k;
        }
      }
    }
  } else if (sel === null) {
    const r = wantMax ? maxMasked(v, bm as Uint8Array, k, n, best, pos) : minMasked(v, bm as Uint8Array, k, n, best, pos);
    best = r;
    pos = lastPos;
  } else {
    for (; k < n; k++) {
      const i = sel[k];
      if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
      const x = v[i];
      if (wantMax ? x > best : x < best) {
        best = x;
        pos = k;
      }
    }
  }
  lastPos = pos;
  return best;
}

// Masked scans from row `k`: whole bytes of 8 valid rows run without bit tests; returns the
// extremum and leaves its position in `lastPos`.
function minMasked(v: NumValues, bm: Uint8Array, k: number, n: number, best: number, pos: number): number {
  while (k < n && (k & 7) !== 0) {
    if ((bm[k >>> 3] & (1 << (k & 7))) !== 0 && v[k] < best) {
      best = v[k];
      pos = k;
    }
    k++;
  }
  const full = n >>> 3;
  for (let b = k >>> 3; b < full; b++) {
    const byte = bm[b];
    const base = b << 3;
    if (byte === 0xff) {
      for (let i = base; i < base + 8; i++) {
        const x = v[i];
        if (x < best) {
          best = x;
          pos = i;
        }
      }
    } else if (byte !== 0) {
      for (let t = 0; t < 8; t++) {
        const x = v[base + t];
        if ((byte & (1 << t)) !== 0 && x < best) {
          best = x;
          pos = base + t;
        }
      }
    }
  }
  for (let i = Math.max(k, full << 3); i < n; i++) {
    if ((bm[i >>> 3] & (1 << (i & 7))) !== 0 && v[i] < best) {
      best = v[i];
      pos = i;
    }
  }
  lastPos = pos;
  return best;
}

function maxMasked(v: NumValues, bm: Uint8Array, k: number, n: number, best: number, pos: number): number {
  while (k < n && (k & 7) !== 0) {
    if ((bm[k >>> 3] & (1 << (k & 7))) !== 0 && v[k] > best) {
      best = v[k];
      pos = k;
    }
    k++;
  }
  const full = n >>> 3;
  for (let b = k >>> 3; b < full; b++) {
    const byte = bm[b];
    const base = b << 3;
    if (byte === 0xff) {
      for (let i = base; i < base + 8; i++) {
        const x = v[i];
        if (x > best) {
          best = x;
          pos = i;
        }
      }
    } else if (byte !== 0) {
      for (let t = 0; t < 8; t++) {
        const x = v[base + t];
        if ((byte & (1 << t)) !== 0 && x > best) {
          best = x;
          pos = base + t;
        }
      }
    }
  }
  for (let i = Math.max(k, full << 3); i < n; i++) {
    if ((bm[i >>> 3] & (1 << (i & 7))) !== 0 && v[i] > best) {
      best = v[i];
      pos = i;
    }
  }
  lastPos = pos;
  return best;
}

export function min(col: NumberColumn, sel: Selection = null): number | null {
  const r = extremum(col, sel, false);
  return lastPos === -1 ? null : r;
}

export function max(col: NumberColumn, sel: Selection = null): number | null {
  const r = extremum(col, sel, true);
  return lastPos === -1 ? null : r;
}

export function argmin(col: NumberColumn, sel: Selection = null): number {
  extremum(col, sel, false);
  return lastPos;
}

export function argmax(col: NumberColumn, sel: Selection = null): number {
  extremum(col, sel, true);
  return lastPos;
}

/** Dispatch by op name (for executors). */
export function reduce(op: ReduceOp, col: NumberColumn, sel: Selection = null): number | null {
  switch (op) {
    case 'sum':
      return sum(col, sel);
    case 'avg':
      return avg(col, sel);
    case 'min':
      return min(col, sel);
    case 'max':
      return max(col, sel);
    case 'count':
      return count(col, sel);
    case 'stddev':
      return stddev(col, sel);
    case 'argmin':
      return argmin(col, sel);
    case 'argmax':
      return argmax(col, sel);
  }
}
