/**
 * Sorting and top-k.
 *
 * Order (language.md §5.4, weave-js `compareItems` + a stable `Array.prototype.sort`): per key,
 * null sorts first, then values by `<`; a `desc` key negates the comparison (so nulls come last);
 * ties keep the input order (stable). The reference comparator is not a total order for NaN
 * (NaN compares equal to everything) or for null against null; we define both:
 *
 * - null vs null is a tie;
 * - NaN sorts after every other number (before nulls when descending), NaN vs NaN is a tie;
 * - −0 and 0 tie;
 * - strings compare as JS strings (UTF-16 code units); booleans false < true;
 * - `mixed` keys use the reference comparator (`null` first, then `<` / `>`).
 *
 * Multi-key sorts are LSD: stable passes from the last key to the first. A number key is sorted
 * with a stable radix sort on the IEEE bits (16-bit digits, constant digits skipped); string
 * keys are ranked once per distinct value (dictionary entries, or interned plain strings) and
 * radix-sorted by rank. `limit` with a single number key runs a bounded heap (O(n log k)) instead
 * of a full sort.
 */
import {
  decodeStrings,
  type Column,
  type NumberColumn,
  type Selection,
} from './column.js';
import { StringInterner } from './concat.js';
import { alignedValidity } from './selection.js';

export interface SortKey {
  readonly col: Column;
  readonly desc?: boolean;
}

// ---------------------------------------------------------------------------------------------
// stable radix sort of a permutation by unsigned 32-bit digit words

/**
 * Stable LSD radix sort of `perm` by the unsigned key formed by `words` (most significant word
 * first, each aligned with `perm`). Returns the reordered permutation. Digits are 16 bits; a
 * pass whose digit is constant is skipped.
 */
function radixSort(perm: Uint32Array, words: Uint32Array[]): Uint32Array {
  // `perm` and `words` are owned by the caller's sort and reused as scratch
  const n = perm.length;
  if (n < 1024) return smallSort(perm, words);
  let src: Uint32Array = perm;
  let dst: Uint32Array = new Uint32Array(n);
  let ws: Uint32Array[] = words;
  let wd: Uint32Array[] = words.map(() => new Uint32Array(n));
  const count = new Int32Array(65536);
  const W = words.length;
  for (let w = W - 1; w >= 0; w--) {
    for (let shift = 0; shift <= 16; shift += 16) {
      count.fill(0);
      const key = ws[w];
      for (let i = 0; i < n; i++) count[(key[i] >>> shift) & 0xffff]++;
      let nonEmpty = 0;
      for (let d = 0; d < 65536 && nonEmpty < 2; d++) if (count[d] !== 0) nonEmpty++;
      if (nonEmpty < 2) continue;
      let sum = 0;
      for (let d = 0; d < 65536; d++) {
        const c = count[d];
        count[d] = sum;
        sum += c;
      }
      // only the words still needed by later (more significant) passes travel along
      for (let i = 0; i < n; i++) {
        const pos = count[(key[i] >>> shift) & 0xffff]++;
        dst[pos] = src[i];
        for (let q = 0; q <= w; q++) wd[q][pos] = ws[q][i];
      }
      const t = src;
      src = dst;
      dst = t;
      const tw = ws;
      ws = wd;
      wd = tw;
    }
  }
  return src;
}

/** Stable comparison sort on the words (small inputs, where 64K-bucket passes dominate). */
function smallSort(perm: Uint32Array, words: Uint32Array[]): Uint32Array {
  const n = perm.length;
  const pos = Array.from({ length: n }, (_, k) => k);
  const W = words.length;
  pos.sort((a, b) => {
    for (let q = 0; q < W; q++) {
      const x = words[q][a];
      const y = words[q][b];
      if (x !== y) return x < y ? -1 : 1;
    }
    return a - b;
  });
  const out = new Uint32Array(n);
  for (let k = 0; k < n; k++) out[k] = perm[pos[k]];
  return out;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** Class of a number key row: 0 null, 1 number, 2 NaN (ascending order). */
function numberKeyWords(col: NumberColumn, perm: Uint32Array, desc: boolean): Uint32Array[] {
  const n = perm.length;
  const cls = new Uint32Array(n);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const v = col.values;
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  const isInt = v instanceof Int32Array;
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    let c: number;
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) c = 0;
    else {
      const x = v[i];
      if (x !== x) c = 2;
      else {
        c = 1;
        if (isInt) {
          hi[k] = (x ^ 0x80000000) >>> 0;
        } else {
          f64[0] = x === 0 ? 0 : x; // −0 ties with 0
          const h = u32[1];
          const l = u32[0];
          if ((h & 0x80000000) !== 0) {
            hi[k] = ~h >>> 0;
            lo[k] = ~l >>> 0;
          } else {
            hi[k] = (h | 0x80000000) >>> 0;
            lo[k] = l;
          }
        }
      }
    }
    if (desc) {
      cls[k] = 2 - c;
      hi[k] = ~hi[k] >>> 0;
      lo[k] = ~lo[k] >>> 0;
    } else cls[k] = c;
  }
  return isInt ? [cls, hi] : [cls, hi, lo];
}

/** Rank of each distinct string in JS order (ties share a rank). */
function rankStrings(strings: readonly string[]): Uint32Array {
  const order = strings.map((_, i) => i);
  order.sort((a, b) => (strings[a] < strings[b] ? -1 : strings[a] > strings[b] ? 1 : 0));
  const rank = new Uint32Array(strings.length);
  let r = 0;
  for (let q = 0; q < order.length; q++) {
    if (q > 0 && strings[order[q]] !== strings[order[q - 1]]) r++;
    rank[order[q]] = r;
  }
  return rank;
}

/** Words for a key given per-row rank (valid rows) and validity (class 0 = null, 1 = value). */
function rankedWords(perm: Uint32Array, isValid: (i: number) => boolean, rankOf: (i: number) => number, desc: boolean): Uint32Array[] {
  const n = perm.length;
  const cls = new Uint32Array(n);
  const r = new Uint32Array(n);
  for (let k = 0; k < n; k++) {
    const i = perm[k];
    const valid = isValid(i);
    const c = valid ? 1 : 0;
    const x = valid ? rankOf(i) : 0;
    cls[k] = desc ? 1 - c : c;
    r[k] = desc ? ~x >>> 0 : x;
  }
  return [cls, r];
}

function validFn(validity: Uint8Array | null, bitOffset: number): (i: number) => boolean {
  if (validity === null) return () => true;
  return (i) => {
    const j = bitOffset + i;
    return (validity[j >>> 3] & (1 << (j & 7))) !== 0;
  };
}

/** The reference comparator (null first, then `<`/`>`), used for `mixed` keys. */
export function compareValues(a: unknown, b: unknown): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Stable reorder of `perm` by one key. */
function sortByKey(perm: Uint32Array, key: SortKey): Uint32Array {
  const col = key.col;
  const desc = key.desc === true;
  switch (col.kind) {
    case 'number':
      return radixSort(perm, numberKeyWords(col, perm, desc));
    case 'dict': {
      const d = col.dictionary;
      const ranks = rankStrings(decodeStrings(d).map((s) => s ?? ''));
      const idx = col.indices;
      return radixSort(perm, rankedWords(perm, validFn(col.validity, col.bitOffset), (i) => ranks[idx[i]], desc));
    }
    case 'string': {
      const interner = new StringInterner();
      const ids = new Uint32Array(col.length);
      const isValid = validFn(col.validity, col.bitOffset);
      for (let k = 0; k < perm.length; k++) {
        const i = perm[k];
        if (isValid(i)) ids[i] = interner.intern(col.data, col.offsets[i], col.offsets[i + 1]);
      }
      const distinct = decodeStrings(interner.toColumn()).map((s) => s ?? '');
      const ranks = rankStrings(distinct);
      return radixSort(perm, rankedWords(perm, isValid, (i) => ranks[ids[i]], desc));
    }
    case 'bool': {
      const { values, bitOffset } = col;
      return radixSort(
        perm,
        rankedWords(perm, validFn(col.validity, bitOffset), (i) => (values[(bitOffset + i) >>> 3] >>> ((bitOffset + i) & 7)) & 1, desc),
      );
    }
    case 'mixed': {
      const vals = col.values;
      const arr = Array.from(perm);
      const sign = desc ? -1 : 1;
      arr.sort((a, b) => sign * compareValues(vals[a], vals[b]));
      return Uint32Array.from(arr);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// top-k for a single number key

/** Sort key of a row as (class, value) in ascending direction; `desc` flips both. */
function topkNumber(col: NumberColumn, sel: Selection, desc: boolean, k: number): Uint32Array {
  const v = col.values;
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  const m = sel === null ? col.length : sel.length;
  // heap of the k best rows so far; root = the worst kept row
  const heapRow = new Uint32Array(k);
  const heapCls = new Int32Array(k);
  const heapVal = new Float64Array(k);
  const heapPos = new Uint32Array(k);
  let size = 0;
  // "a is worse than b" in output order: later class, then later value, then later position
  const worse = (ca: number, va: number, pa: number, cb: number, vb: number, pb: number): boolean => {
    if (ca !== cb) return ca > cb;
    if (ca === 1 && va !== vb) return va > vb;
    return pa > pb;
  };
  const siftDown = (q: number): void => {
    for (;;) {
      const l = 2 * q + 1;
      if (l >= size) return;
      let w = l;
      const r = l + 1;
      if (r < size && worse(heapCls[r], heapVal[r], heapPos[r], heapCls[l], heapVal[l], heapPos[l])) w = r;
      if (!worse(heapCls[w], heapVal[w], heapPos[w], heapCls[q], heapVal[q], heapPos[q])) return;
      swap(q, w);
      q = w;
    }
  };
  const siftUp = (q: number): void => {
    while (q > 0) {
      const p = (q - 1) >> 1;
      if (!worse(heapCls[q], heapVal[q], heapPos[q], heapCls[p], heapVal[p], heapPos[p])) return;
      swap(q, p);
      q = p;
    }
  };
  const swap = (a: number, b: number): void => {
    let t = heapRow[a];
    heapRow[a] = heapRow[b];
    heapRow[b] = t;
    t = heapCls[a];
    heapCls[a] = heapCls[b];
    heapCls[b] = t;
    const tv = heapVal[a];
    heapVal[a] = heapVal[b];
    heapVal[b] = tv;
    t = heapPos[a];
    heapPos[a] = heapPos[b];
    heapPos[b] = t;
  };
  let rootCls = 3;
  let rootVal = 0;
  for (let p = 0; p < m; p++) {
    const i = sel === null ? p : sel[p];
    let c: number;
    let x = 0;
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) c = 0;
    else {
      x = v[i];
      if (x !== x) {
        c = 2;
        x = 0;
      } else {
        c = 1;
        if (x === 0) x = 0;
      }
    }
    if (desc) {
      c = 2 - c;
      x = -x;
    }
    if (size < k) {
      heapRow[size] = i;
      heapCls[size] = c;
      heapVal[size] = x;
      heapPos[size] = p;
      size++;
      siftUp(size - 1);
      rootCls = heapCls[0];
      rootVal = heapVal[0];
    } else if (c < rootCls || (c === rootCls && c === 1 && x < rootVal)) {
      // better than the worst kept row (rows arrive in position order, so ties lose)
      heapRow[0] = i;
      heapCls[0] = c;
      heapVal[0] = x;
      heapPos[0] = p;
      siftDown(0);
      rootCls = heapCls[0];
      rootVal = heapVal[0];
    }
  }
  const order = Array.from({ length: size }, (_, q) => q);
  order.sort((a, b) => (worse(heapCls[a], heapVal[a], heapPos[a], heapCls[b], heapVal[b], heapPos[b]) ? 1 : -1));
  return Uint32Array.from(order, (q) => heapRow[q]);
}

// ---------------------------------------------------------------------------------------------
// public

/**
 * Row indices (base space) of the selected rows in sorted order. With `limit`, only the first
 * `limit` rows of that order (a heap for a single number key, else a full sort then a slice).
 */
export function sortIndices(keys: readonly SortKey[], sel: Selection = null, limit?: number): Uint32Array {
  const n = keys.length > 0 ? keys[0].col.length : 0;
  const m = sel === null ? n : sel.length;
  const k = limit === undefined ? m : Math.max(0, Math.min(Math.floor(limit), m));
  if (k === 0) return new Uint32Array(0);
  if (keys.length === 1 && keys[0].col.kind === 'number' && k < m && k <= 4096 && k * 8 < m) {
    return topkNumber(keys[0].col, sel, keys[0].desc === true, k);
  }
  let perm: Uint32Array;
  if (sel === null) {
    perm = new Uint32Array(m);
    for (let i = 0; i < m; i++) perm[i] = i;
  } else perm = sel.slice();
  for (let q = keys.length - 1; q >= 0; q--) perm = sortByKey(perm, keys[q]);
  return k < m ? perm.slice(0, k) : perm;
}
