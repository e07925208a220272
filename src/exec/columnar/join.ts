/**
 * Hash join with the reference's output order (weave-js `opJoin`).
 *
 * Keys are compared by their string form, as in `groupby` (`String(x)`, JSON for objects,
 * `""` for null — so null keys join null keys and empty strings). The output is grouped by join
 * key: keys in the order `inner`: left keys that also occur on the right, in left first-seen
 * order; `leftOuter`: all left keys; `rightOuter`: all right keys (right first-seen order);
 * both: left keys then new right keys. For each key, every left row × every right row (rows in
 * selection order), with −1 standing for the null side of an outer row.
 *
 * The hash table is built on the smaller side; the larger side only probes (inserting new keys
 * only when that side is outer, since unmatched rows still need to be grouped by key). Fast
 * paths: number ⋈ number hashes IEEE bits; string/dict ⋈ string/dict hashes UTF-8 bytes (a
 * dictionary side is hashed once per entry, not per row); other combinations fall back to the
 * reference string form per row.
 */
import {
  decodeStrings,
  numberColumn,
  valueAt,
  type Column,
  type NumberColumn,
  type Selection,
  type StringLikeColumn,
} from './column.js';
import { StringInterner } from './concat.js';
import { bucketString } from './groupby.js';
import { alignedValidity } from './selection.js';

export interface JoinOptions {
  readonly leftSel?: Selection;
  readonly rightSel?: Selection;
  readonly leftOuter?: boolean;
  readonly rightOuter?: boolean;
}

export interface JoinResult {
  /** Base row index on the left of each output row, −1 for a right-only row. */
  readonly left: Int32Array;
  /** Base row index on the right, −1 for a left-only row. */
  readonly right: Int32Array;
  /** Join key of each output row, as an index into `keys`. */
  readonly keyIndex: Int32Array;
  /** Distinct join keys (string form) in output order. */
  readonly keys: string[];
}

/** A key interner shared by both sides: `probe` returns an id or −1, `intern` inserts. */
interface KeySpace {
  /** Key ids for the selected rows of one side; `insert` false → unknown keys get −1. */
  ids(col: Column, sel: Selection, insert: boolean): Int32Array;
  /** String form of key id. */
  keyString(id: number): string;
}

// ------------------------------------------------------------------ numbers

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

class NumberKeySpace implements KeySpace {
  private table = new Int32Array(1024).fill(-1);
  private keys = new Float64Array(256);
  size = 0;
  private nullId = -1;
  private nanId = -1;

  private hashOf(x: number): number {
    f64[0] = x;
    let h = Math.imul(i32[0] ^ Math.imul(i32[1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h;
  }

  private add(x: number): number {
    const id = this.size++;
    if (id === this.keys.length) {
      const k = new Float64Array(id * 2);
      k.set(this.keys);
      this.keys = k;
    }
    this.keys[id] = x;
    return id;
  }

  private find(x: number, insert: boolean): number {
    if (x !== x) {
      if (this.nanId === -1 && insert) this.nanId = this.add(NaN);
      return this.nanId;
    }
    if (x === 0) x = 0;
    let mask = this.table.length - 1;
    let p = this.hashOf(x) & mask;
    for (;;) {
      const id = this.table[p];
      if (id === -1) break;
      if (this.keys[id] === x) return id;
      p = (p + 1) & mask;
    }
    if (!insert) return -1;
    const id = this.add(x);
    this.table[p] = id;
    if (this.size * 2 > this.table.length) {
      const t = new Int32Array(this.table.length * 2).fill(-1);
      mask = t.length - 1;
      for (let q = 0; q < this.size; q++) {
        const k = this.keys[q];
        if (q === this.nullId || k !== k) continue;
        let r = this.hashOf(k) & mask;
        while (t[r] !== -1) r = (r + 1) & mask;
        t[r] = q;
      }
      this.table = t;
    }
    return id;
  }

  ids(col: Column, sel: Selection, insert: boolean): Int32Array {
    const c = col as NumberColumn;
    const m = sel === null ? c.length : sel.length;
    const out = new Int32Array(m);
    const bm = alignedValidity(c.validity, c.bitOffset, c.length);
    const v = c.values;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) {
        if (this.nullId === -1 && insert) this.nullId = this.add(0);
        out[k] = this.nullId;
      } else out[k] = this.find(v[i], insert);
    }
    return out;
  }

  keyString(id: number): string {
    return id === this.nullId ? '' : String(this.keys[id]);
  }
}

// ------------------------------------------------------------------ strings

const EMPTY = new Uint8Array(0);

class StringKeySpace implements KeySpace {
  private interner = new StringInterner();
  private decoded: (string | null)[] | null = null;

  private id(data: Uint8Array, s: number, e: number, insert: boolean): number {
    return insert ? this.interner.intern(data, s, e) : this.interner.find(data, s, e);
  }

  ids(col: Column, sel: Selection, insert: boolean): Int32Array {
    const c = col as StringLikeColumn;
    const m = sel === null ? c.length : sel.length;
    const out = new Int32Array(m);
    const bm = alignedValidity(c.validity, c.bitOffset, c.length);
    if (c.kind === 'dict') {
      const d = c.dictionary;
      const entry = new Int32Array(d.length);
      for (let e = 0; e < d.length; e++) entry[e] = this.id(d.data, d.offsets[e], d.offsets[e + 1], insert);
      let nullId = -2;
      const idx = c.indices;
      for (let k = 0; k < m; k++) {
        const i = sel === null ? k : sel[k];
        if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) {
          if (nullId === -2) nullId = this.id(EMPTY, 0, 0, insert);
          out[k] = nullId;
        } else out[k] = entry[idx[i]];
      }
      return out;
    }
    const { offsets, data } = c;
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) out[k] = this.id(EMPTY, 0, 0, insert);
      else out[k] = this.id(data, offsets[i], offsets[i + 1], insert);
    }
    return out;
  }

  keyString(id: number): string {
    if (this.decoded === null || id >= this.decoded.length) this.decoded = decodeStrings(this.interner.toColumn());
    return this.decoded[id] ?? '';
  }
}

// ------------------------------------------------------------------ generic (reference string form)

class GenericKeySpace implements KeySpace {
  private map = new Map<string, number>();
  private strings: string[] = [];

  ids(col: Column, sel: Selection, insert: boolean): Int32Array {
    const m = sel === null ? col.length : sel.length;
    const out = new Int32Array(m);
    const vals = rowValues(col, sel);
    for (let k = 0; k < m; k++) {
      const s = bucketString(vals[k]);
      let id = this.map.get(s);
      if (id === undefined) {
        if (!insert) {
          out[k] = -1;
          continue;
        }
        id = this.strings.length;
        this.map.set(s, id);
        this.strings.push(s);
      }
      out[k] = id;
    }
    return out;
  }

  keyString(id: number): string {
    return this.strings[id];
  }
}

/**
 * Map anchors. V8 keeps the hidden class of a fully initialized instance alive only through
 * weak transitions and live instances; when every instance of a per-query object dies, the next
 * full GC can collect its map, and optimized kernels that saw that map deoptimize on the next
 * query (we measured 5–6× slower join runs from repeated deopt/re-OSR cycles). One long-lived
 * instance per class keeps the maps, and with them the optimized code, stable.
 */
const MAP_ANCHORS: readonly object[] = [new NumberKeySpace(), new StringKeySpace(), new GenericKeySpace(), bucketRowsAnchor()];
void MAP_ANCHORS;

function bucketRowsAnchor(): object {
  return bucketRows(new Int32Array(0), null, 0);
}

function rowValues(col: Column, sel: Selection): unknown[] {
  const m = sel === null ? col.length : sel.length;
  const out = new Array<unknown>(m);
  for (let k = 0; k < m; k++) out[k] = valueAt(col, sel === null ? k : sel[k]);
  return out;
}

function keySpaceFor(a: Column, b: Column): KeySpace {
  const strLike = (c: Column): boolean => c.kind === 'string' || c.kind === 'dict';
  if (a.kind === 'number' && b.kind === 'number') return new NumberKeySpace();
  if (strLike(a) && strLike(b)) return new StringKeySpace();
  return new GenericKeySpace();
}

// ------------------------------------------------------------------ join

/** Rows of each key id, in selection order (counting sort). */
function bucketRows(ids: Int32Array, sel: Selection, K: number): { off: Int32Array; rows: Int32Array; first: Int32Array } {
  const off = new Int32Array(K + 1);
  const first = new Int32Array(K).fill(-1);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    if (id < 0) continue;
    if (first[id] === -1) first[id] = k;
    off[id + 1]++;
  }
  for (let q = 0; q < K; q++) off[q + 1] += off[q];
  const cur = off.slice(0, K);
  const rows = new Int32Array(off[K]);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    if (id < 0) continue;
    rows[cur[id]++] = sel === null ? k : sel[k];
  }
  return { off, rows, first };
}

// The loops below take only typed arrays and numbers (see "map anchors" above).

function maxPlusOne(ids: Int32Array): number {
  let K = 0;
  for (let k = 0; k < ids.length; k++) if (ids[k] >= K) K = ids[k] + 1;
  return K;
}

/** Key ids in output order. */
function joinKeyOrder(K: number, Loff: Int32Array, Roff: Int32Array, Lfirst: Int32Array, Rfirst: Int32Array, leftOuter: boolean, rightOuter: boolean): Int32Array {
  const order: number[] = [];
  if (leftOuter || !rightOuter) {
    for (let id = 0; id < K; id++) {
      const inL = Loff[id + 1] > Loff[id];
      const inR = Roff[id + 1] > Roff[id];
      if (inL && (leftOuter || inR)) order.push(id);
    }
    order.sort((a, b) => Lfirst[a] - Lfirst[b]);
    if (rightOuter) {
      const extra: number[] = [];
      for (let id = 0; id < K; id++) if (Loff[id + 1] === Loff[id] && Roff[id + 1] > Roff[id]) extra.push(id);
      extra.sort((a, b) => Rfirst[a] - Rfirst[b]);
      for (const id of extra) order.push(id);
    }
  } else {
    for (let id = 0; id < K; id++) if (Roff[id + 1] > Roff[id]) order.push(id);
    order.sort((a, b) => Rfirst[a] - Rfirst[b]);
  }
  return Int32Array.from(order);
}

function joinSize(order: Int32Array, Loff: Int32Array, Roff: Int32Array): number {
  let total = 0;
  for (let q = 0; q < order.length; q++) {
    const id = order[q];
    const a = Loff[id + 1] - Loff[id];
    const b = Roff[id + 1] - Roff[id];
    total += (a > 0 ? a : 1) * (b > 0 ? b : 1);
  }
  return total;
}

function emitJoin(order: Int32Array, Loff: Int32Array, Lrows: Int32Array, Roff: Int32Array, Rrows: Int32Array, left: Int32Array, right: Int32Array, keyIndex: Int32Array): void {
  let p = 0;
  for (let q = 0; q < order.length; q++) {
    const id = order[q];
    const l0 = Loff[id];
    const l1 = Loff[id + 1];
    const r0 = Roff[id];
    const r1 = Roff[id + 1];
    if (l1 === l0) {
      for (let r = r0; r < r1; r++) {
        left[p] = -1;
        right[p] = Rrows[r];
        keyIndex[p++] = q;
      }
    } else if (r1 === r0) {
      for (let l = l0; l < l1; l++) {
        left[p] = Lrows[l];
        right[p] = -1;
        keyIndex[p++] = q;
      }
    } else if (r1 - r0 === 1) {
      const rr = Rrows[r0];
      for (let l = l0; l < l1; l++) {
        left[p] = Lrows[l];
        right[p] = rr;
        keyIndex[p++] = q;
      }
    } else {
      for (let l = l0; l < l1; l++) {
        const lr = Lrows[l];
        for (let r = r0; r < r1; r++) {
          left[p] = lr;
          right[p] = Rrows[r];
          keyIndex[p++] = q;
        }
      }
    }
  }
}

export function hashJoin(leftKey: Column, rightKey: Column, opts: JoinOptions = {}): JoinResult {
  const leftSel = opts.leftSel ?? null;
  const rightSel = opts.rightSel ?? null;
  const leftOuter = opts.leftOuter === true;
  const rightOuter = opts.rightOuter === true;
  const space = keySpaceFor(leftKey, rightKey);
  const nl = leftSel === null ? leftKey.length : leftSel.length;
  const nr = rightSel === null ? rightKey.length : rightSel.length;
  // build on the smaller side; the other side inserts only if it is outer
  let lids: Int32Array;
  let rids: Int32Array;
  if (nl <= nr) {
    lids = space.ids(leftKey, leftSel, true);
    rids = space.ids(rightKey, rightSel, rightOuter);
  } else {
    rids = space.ids(rightKey, rightSel, true);
    lids = space.ids(leftKey, leftSel, leftOuter);
  }
  const K = Math.max(maxPlusOne(lids), maxPlusOne(rids));
  const L = bucketRows(lids, leftSel, K);
  const R = bucketRows(rids, rightSel, K);
  const order = joinKeyOrder(K, L.off, R.off, L.first, R.first, leftOuter, rightOuter);
  const total = joinSize(order, L.off, R.off);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const keyIndex = new Int32Array(total);
  emitJoin(order, L.off, L.rows, R.off, R.rows, left, right, keyIndex);
  const keys: string[] = new Array<string>(order.length);
  for (let q = 0; q < order.length; q++) keys[q] = space.keyString(order[q]);
  return { left, right, keyIndex, keys };
}

/**
 * Join output indices as a selection over one side (valid when that side has no −1 entries,
 * e.g. the left side of an inner or left-outer join): gather columns through it.
 */
export function joinSide(indices: Int32Array): Uint32Array {
  const out = new Uint32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const x = indices[k];
    if (x < 0) throw new Error('joinSide: outer rows have no row on this side; use gatherOuter');
    out[k] = x;
  }
  return out;
}

/** Gathers a number column through join indices; −1 rows become null. */
export function gatherNumbersOuter(col: NumberColumn, indices: Int32Array): NumberColumn {
  const m = indices.length;
  const out = new Float64Array(m);
  const valid = new Uint8Array(((m + 63) >>> 6) << 3);
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  for (let k = 0; k < m; k++) {
    const i = indices[k];
    if (i < 0) continue;
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
    out[k] = col.values[i];
    valid[k >>> 3] |= 1 << (k & 7);
  }
  return numberColumn(out, { validity: valid });
}
