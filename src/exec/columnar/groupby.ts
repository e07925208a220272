/**
 * Grouping and grouped aggregation.
 *
 * Bucketing follows the reference `groupby` (weave-js `opGroupby`): a row's bucket is the string
 * form of its key — `String(key)` for primitives (so `1` and `"1"` share a bucket, and `-0`
 * joins `0`), JSON for objects, `""` for null (so null shares a bucket with the empty string).
 * Buckets live in a JS object, so the output order is: buckets whose string is a canonical
 * array index (`"0"` … `"4294967294"`) in ascending numeric order, then every other bucket in
 * first-seen order. Each group's raw key is the key of its first row (null keys become `""`).
 *
 * How keys become buckets (no per-row strings on the fast paths):
 *
 * - integer number columns with a small range (Int32, or Float64 whose values are all integers
 *   — `numberStats`, cached per column): direct-indexed slots `key − min`; null and NaN get
 *   their own slots;
 * - other number columns: an open-addressing hash on the IEEE bits (−0 folded into 0);
 * - dictionary columns: the dictionary entries are bucketed once by content (entries may
 *   repeat), and a row's bucket is a lookup by its index;
 * - plain string columns: a hash of the UTF-8 bytes (bytes compared on collision);
 * - booleans: three fixed slots; `mixed` columns: `Map` on the reference's string form.
 *
 * `groupBy` returns group ids per row in output order. `groupAggregate` is the grouped-aggregate
 * rewrite of `groupby(k).map((g) => g["c"].agg)`: it accumulates straight into per-slot arrays
 * (one fused pass for a single sum/avg/count on a direct-indexed key) and never builds groups.
 * `groupRows` builds the list-of-rows form (offsets + permutation, a counting sort) for lambdas
 * that need the whole group; each group's rows are then a selection for the other kernels.
 */
import { allocBitmap } from './bitmap.js';
import {
  columnFromValues,
  decodeStrings,
  numberColumn,
  numberStats,
  toJS,
  type Column,
  type NumberColumn,
  type NumValues,
  type Selection,
} from './column.js';
import { StringInterner } from './concat.js';
import type { ReduceOp } from './reduce.js';
import { alignedValidity, gather } from './selection.js';
import { arrayIndexOfBytes, isArrayIndexString } from './utf8.js';

export type AggOp = ReduceOp;

export interface AggSpec {
  readonly op: AggOp;
  /** The values to aggregate; may be omitted for `count` (group size). */
  readonly col?: NumberColumn | null;
}

export interface Grouping {
  readonly numGroups: number;
  /** Group id (output order) of every selected row: `ids[k]` is the group of row `sel[k]`. */
  readonly ids: Int32Array;
  /** Base row index of each group's first row. */
  readonly firstRow: Uint32Array;
  /** Rows per group. */
  readonly sizes: Int32Array;
  /** The raw key of each group (its first row's key; null → ""). */
  readonly keys: Column;
}

export interface GroupAggregateResult {
  readonly numGroups: number;
  readonly keys: Column;
  /** One column per spec, one row per group. */
  readonly columns: Column[];
  readonly firstRow: Uint32Array;
  readonly sizes: Int32Array;
}

const MAX_DIRECT_RANGE = 1 << 24;

// ---------------------------------------------------------------------------------------------
// slots: a dense per-row bucket id in some internal order, plus per-slot metadata

interface Slots {
  /** Slot of each selected row. */
  slots: Int32Array;
  numSlots: number;
  /** First selected position of each slot (−1: slot unused). */
  firstK: Int32Array;
  /** Array-index value of the slot's bucket string, or −1. */
  indexValue: Float64Array;
  /** Slot ids are already in first-seen order (hash-assigned). */
  firstSeenOrdered: boolean;
  /** Slot of the null bucket if the key column can have nulls (−1 otherwise). */
  nullSlot: number;
}

/** Array-index value of a number's `String(x)`, or −1. */
function numberIndexValue(x: number): number {
  return x >= 0 && x <= 4294967294 && Math.floor(x) === x ? x : -1;
}

interface DirectPlan {
  min: number;
  range: number;
  nullSlot: number;
  nanSlot: number;
  numSlots: number;
}

function directPlan(col: NumberColumn, m: number): DirectPlan | null {
  const st = numberStats(col);
  if (!st.allInt) return null;
  const empty = st.min > st.max; // no valid non-NaN value
  if (!empty && (!Number.isFinite(st.min) || !Number.isFinite(st.max))) return null;
  const min = empty ? 0 : st.min;
  const range = empty ? 0 : st.max - st.min + 1;
  if (range > MAX_DIRECT_RANGE || range > Math.max(4 * m, 65536)) return null;
  return { min, range, nullSlot: range, nanSlot: range + 1, numSlots: range + 2 };
}

function slotsDirect(col: NumberColumn, sel: Selection, m: number, plan: DirectPlan): Slots {
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  const slots = new Int32Array(m);
  const firstK = new Int32Array(plan.numSlots).fill(-1);
  directSlotLoop(col.values, bm, sel, m, plan.min, plan.nullSlot, plan.nanSlot, slots, firstK);
  const indexValue = new Float64Array(plan.numSlots).fill(-1);
  for (let s = 0; s < plan.range; s++) indexValue[s] = numberIndexValue(s + plan.min);
  return { slots, numSlots: plan.numSlots, firstK, indexValue, firstSeenOrdered: false, nullSlot: plan.nullSlot };
}

function directSlotLoop(
  values: NumValues,
  bm: Uint8Array | null,
  sel: Selection,
  m: number,
  min: number,
  nullSlot: number,
  nanSlot: number,
  slots: Int32Array,
  firstK: Int32Array,
): void {
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    let s: number;
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) s = nullSlot;
    else {
      const x = values[i];
      s = x === x ? x - min : nanSlot;
    }
    slots[k] = s;
    if (firstK[s] === -1) firstK[s] = k;
  }
}

// scratch for reading IEEE bits
const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);

function slotsHashNumber(col: NumberColumn, sel: Selection, m: number): Slots {
  const { values } = col;
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  const slots = new Int32Array(m);
  let cap = 64;
  while (cap < m * 2 && cap < 1 << 30) cap <<= 1;
  cap = Math.min(cap, 1 << 22);
  let table = new Int32Array(cap).fill(-1);
  let keys = new Float64Array(64);
  let firstK = new Int32Array(64);
  let n = 0;
  let nullSlot = -1;
  let nanSlot = -1;
  const newSlot = (k: number): number => {
    if (n === keys.length) {
      const nk = new Float64Array(n * 2);
      nk.set(keys);
      keys = nk;
      const nf = new Int32Array(n * 2);
      nf.set(firstK);
      firstK = nf;
    }
    firstK[n] = k;
    return n++;
  };
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) {
      if (nullSlot === -1) nullSlot = newSlot(k);
      slots[k] = nullSlot;
      continue;
    }
    let x = values[i];
    if (x !== x) {
      if (nanSlot === -1) {
        nanSlot = newSlot(k);
        keys[nanSlot] = NaN;
      }
      slots[k] = nanSlot;
      continue;
    }
    if (x === 0) x = 0; // −0 → 0
    f64[0] = x;
    let h = Math.imul(i32[0] ^ Math.imul(i32[1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let mask = table.length - 1;
    let p = h & mask;
    let s: number;
    for (;;) {
      const id = table[p];
      if (id === -1) {
        s = newSlot(k);
        keys[s] = x;
        table[p] = s;
        if (n * 2 > table.length) {
          // grow and reinsert
          const t2 = new Int32Array(table.length * 2).fill(-1);
          mask = t2.length - 1;
          for (let q = 0; q < n; q++) {
            if (q === nullSlot || q === nanSlot) continue;
            f64[0] = keys[q];
            let h2 = Math.imul(i32[0] ^ Math.imul(i32[1], 0x9e3779b1), 0x85ebca6b);
            h2 ^= h2 >>> 15;
            let p2 = h2 & mask;
            while (t2[p2] !== -1) p2 = (p2 + 1) & mask;
            t2[p2] = q;
          }
          table = t2;
        }
        break;
      }
      if (keys[id] === x) {
        s = id;
        break;
      }
      p = (p + 1) & mask;
    }
    slots[k] = s;
  }
  const indexValue = new Float64Array(n).fill(-1);
  for (let s = 0; s < n; s++) if (s !== nullSlot && s !== nanSlot) indexValue[s] = numberIndexValue(keys[s]);
  return { slots, numSlots: n, firstK: firstK.subarray(0, n), indexValue, firstSeenOrdered: true, nullSlot };
}

/** Buckets of dictionary entries (deduped by content) plus the "" bucket used by null rows. */
interface DictBuckets {
  entryBucket: Int32Array;
  emptyBucket: number;
  numSlots: number;
  indexValue: Float64Array;
}

function dictBuckets(col: Extract<Column, { kind: 'dict' }>): DictBuckets {
  const d = col.dictionary;
  const D = d.length;
  const interner = new StringInterner();
  const entryBucket = new Int32Array(D);
  for (let e = 0; e < D; e++) entryBucket[e] = interner.intern(d.data, d.offsets[e], d.offsets[e + 1]);
  const emptyBucket = interner.intern(d.data, 0, 0);
  const numSlots = interner.size;
  const strings = interner.toColumn();
  const indexValue = new Float64Array(numSlots);
  for (let s = 0; s < numSlots; s++) indexValue[s] = arrayIndexOfBytes(strings.data, strings.offsets[s], strings.offsets[s + 1]);
  return { entryBucket, emptyBucket, numSlots, indexValue };
}

function slotsDict(col: Extract<Column, { kind: 'dict' }>, sel: Selection, m: number, b: DictBuckets): Slots {
  const slots = new Int32Array(m);
  const firstK = new Int32Array(b.numSlots).fill(-1);
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  dictSlotLoop(col.indices, bm, sel, m, b.entryBucket, b.emptyBucket, slots, firstK);
  return { slots, numSlots: b.numSlots, firstK, indexValue: b.indexValue, firstSeenOrdered: false, nullSlot: col.nullCount > 0 ? b.emptyBucket : -1 };
}

function dictSlotLoop(
  indices: Int32Array,
  bm: Uint8Array | null,
  sel: Selection,
  m: number,
  entryBucket: Int32Array,
  emptyBucket: number,
  slots: Int32Array,
  firstK: Int32Array,
): void {
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    const s = bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0 ? emptyBucket : entryBucket[indices[i]];
    slots[k] = s;
    if (firstK[s] === -1) firstK[s] = k;
  }
}

function slotsString(col: Extract<Column, { kind: 'string' }>, sel: Selection, m: number): Slots {
  const slots = new Int32Array(m);
  const interner = new StringInterner();
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  const { offsets, data } = col;
  let firstK = new Int32Array(16);
  let nullSlot = -1;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    const isNull = bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0;
    const before = interner.size;
    const s = isNull ? interner.intern(data, 0, 0) : interner.intern(data, offsets[i], offsets[i + 1]);
    if (isNull) nullSlot = s;
    if (interner.size !== before) {
      if (s >= firstK.length) {
        const f = new Int32Array(firstK.length * 2);
        f.set(firstK);
        firstK = f;
      }
      firstK[s] = k;
    }
    slots[k] = s;
  }
  const n = interner.size;
  const strings = interner.toColumn();
  const indexValue = new Float64Array(n);
  for (let s = 0; s < n; s++) indexValue[s] = arrayIndexOfBytes(strings.data, strings.offsets[s], strings.offsets[s + 1]);
  return { slots, numSlots: n, firstK: firstK.subarray(0, n), indexValue, firstSeenOrdered: true, nullSlot };
}

function slotsBool(col: Extract<Column, { kind: 'bool' }>, sel: Selection, m: number): Slots {
  const slots = new Int32Array(m);
  const firstK = new Int32Array(3).fill(-1);
  const { values, validity, bitOffset } = col;
  for (let k = 0; k < m; k++) {
    const j = bitOffset + (sel === null ? k : sel[k]);
    const s = validity !== null && (validity[j >>> 3] & (1 << (j & 7))) === 0 ? 2 : (values[j >>> 3] >>> (j & 7)) & 1;
    slots[k] = s;
    if (firstK[s] === -1) firstK[s] = k;
  }
  return { slots, numSlots: 3, firstK, indexValue: new Float64Array(3).fill(-1), firstSeenOrdered: false, nullSlot: 2 };
}

/** The reference's bucket string for a JS key value. */
export function bucketString(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function slotsMixed(col: Extract<Column, { kind: 'mixed' }>, sel: Selection, m: number): Slots {
  const slots = new Int32Array(m);
  const map = new Map<string, number>();
  const firstK: number[] = [];
  const indexValue: number[] = [];
  let nullSlot = -1;
  for (let k = 0; k < m; k++) {
    const v = col.values[sel === null ? k : sel[k]];
    const b = bucketString(v);
    let s = map.get(b);
    if (s === undefined) {
      s = firstK.length;
      map.set(b, s);
      firstK.push(k);
      indexValue.push(isArrayIndexString(b) ? Number(b) : -1);
    }
    if (v == null) nullSlot = s;
    slots[k] = s;
  }
  return { slots, numSlots: firstK.length, firstK: Int32Array.from(firstK), indexValue: Float64Array.from(indexValue), firstSeenOrdered: true, nullSlot };
}

function computeSlots(key: Column, sel: Selection): Slots {
  const m = sel === null ? key.length : sel.length;
  switch (key.kind) {
    case 'number': {
      const plan = directPlan(key, m);
      return plan !== null ? slotsDirect(key, sel, m, plan) : slotsHashNumber(key, sel, m);
    }
    case 'dict':
      return slotsDict(key, sel, m, dictBuckets(key));
    case 'string':
      return slotsString(key, sel, m);
    case 'bool':
      return slotsBool(key, sel, m);
    case 'mixed':
      return slotsMixed(key, sel, m);
  }
}

// ---------------------------------------------------------------------------------------------
// output order

interface Order {
  /** Slot of each group, in output order. */
  groupSlot: Int32Array;
  /** Group of each slot (−1 unused). */
  slotGroup: Int32Array;
}

/** Array-index buckets ascending, then the rest by first occurrence. */
function outputOrder(numSlots: number, firstK: Int32Array, indexValue: Float64Array, firstSeenOrdered: boolean): Order {
  const idx: number[] = [];
  const rest: number[] = [];
  for (let s = 0; s < numSlots; s++) {
    if (firstK[s] === -1) continue;
    if (indexValue[s] >= 0) idx.push(s);
    else rest.push(s);
  }
  idx.sort((a, b) => indexValue[a] - indexValue[b]);
  if (!firstSeenOrdered) rest.sort((a, b) => firstK[a] - firstK[b]);
  const G = idx.length + rest.length;
  const groupSlot = new Int32Array(G);
  const slotGroup = new Int32Array(numSlots).fill(-1);
  let g = 0;
  for (const s of idx) {
    groupSlot[g] = s;
    slotGroup[s] = g++;
  }
  for (const s of rest) {
    groupSlot[g] = s;
    slotGroup[s] = g++;
  }
  return { groupSlot, slotGroup };
}

/** Raw keys for the groups: the first row's key, with null keys reported as "". */
function groupKeys(key: Column, firstRow: Uint32Array, hasNullGroup: boolean): Column {
  const g = gather(key, firstRow);
  if (!hasNullGroup) return g;
  return columnFromValues(toJS(g).map((v) => (v == null ? '' : v)));
}

function firstRows(firstK: Int32Array, groupSlot: Int32Array, sel: Selection): Uint32Array {
  const G = groupSlot.length;
  const out = new Uint32Array(G);
  for (let g = 0; g < G; g++) {
    const k = firstK[groupSlot[g]];
    out[g] = sel === null ? k : sel[k];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// public: groupBy / groupRows

export function groupBy(key: Column, sel: Selection = null): Grouping {
  const sl = computeSlots(key, sel);
  const ord = outputOrder(sl.numSlots, sl.firstK, sl.indexValue, sl.firstSeenOrdered);
  const G = ord.groupSlot.length;
  const ids = sl.slots; // rewritten in place to group ids
  const sizes = new Int32Array(G);
  const slotGroup = ord.slotGroup;
  for (let k = 0; k < ids.length; k++) {
    const g = slotGroup[ids[k]];
    ids[k] = g;
    sizes[g]++;
  }
  const firstRow = firstRows(sl.firstK, ord.groupSlot, sel);
  const hasNull = sl.nullSlot >= 0 && ord.slotGroup[sl.nullSlot] >= 0;
  return { numGroups: G, ids, firstRow, sizes, keys: groupKeys(key, firstRow, hasNull) };
}

export interface GroupRows {
  /** `numGroups + 1` offsets into `rows`. */
  readonly offsets: Int32Array;
  /** Base row indices, grouped; within a group in selection order. */
  readonly rows: Uint32Array;
}

/**
 * The list-of-rows form of a grouping (counting sort by group id). Group `g`'s rows are
 * `rows.subarray(offsets[g], offsets[g + 1])` — a selection the other kernels accept.
 */
export function groupRows(grouping: Grouping, sel: Selection = null): GroupRows {
  const G = grouping.numGroups;
  const offsets = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) offsets[g + 1] = offsets[g] + grouping.sizes[g];
  const cursor = offsets.slice(0, G);
  const ids = grouping.ids;
  const rows = new Uint32Array(ids.length);
  for (let k = 0; k < ids.length; k++) rows[cursor[ids[k]]++] = sel === null ? k : sel[k];
  return { offsets, rows };
}

/** Selection of the rows of group `g`. */
export function groupSelection(gr: GroupRows, g: number): Uint32Array {
  return gr.rows.subarray(gr.offsets[g], gr.offsets[g + 1]);
}

// ---------------------------------------------------------------------------------------------
// accumulation kernels over (slot per selected row)

function accSumCount(slots: Int32Array, v: NumValues, bm: Uint8Array | null, sel: Selection, sum: Float64Array, cnt: Float64Array): void {
  const m = slots.length;
  if (clusteredNumber(slots, null, m)) {
    accSumCountRuns(slots, v, bm, sel, sum, cnt);
    return;
  }
  if (sel === null) {
    if (bm === null) {
      for (let i = 0; i < m; i++) {
        const s = slots[i];
        sum[s] += v[i];
        cnt[s]++;
      }
    } else {
      for (let i = 0; i < m; i++) {
        if ((bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
        const s = slots[i];
        sum[s] += v[i];
        cnt[s]++;
      }
    }
    return;
  }
  for (let k = 0; k < m; k++) {
    const i = sel[k];
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
    const s = slots[k];
    sum[s] += v[i];
    cnt[s]++;
  }
}

/** `accSumCount` for slots that come in runs: the partial sum stays in a register within a run. */
function accSumCountRuns(slots: Int32Array, v: NumValues, bm: Uint8Array | null, sel: Selection, sum: Float64Array, cnt: Float64Array): void {
  const m = slots.length;
  let cur = -1;
  let as = 0;
  let ac = 0;
  for (let k = 0; k < m; k++) {
    const s = slots[k];
    if (s !== cur) {
      if (cur >= 0) {
        sum[cur] = as;
        cnt[cur] = ac;
      }
      cur = s;
      as = sum[s];
      ac = cnt[s];
    }
    const i = sel === null ? k : sel[k];
    if (bm === null || (bm[i >>> 3] & (1 << (i & 7))) !== 0) {
      as += v[i];
      ac++;
    }
  }
  if (cur >= 0) {
    sum[cur] = as;
    cnt[cur] = ac;
  }
}

function accSqDev(slots: Int32Array, v: NumValues, bm: Uint8Array | null, sel: Selection, mean: Float64Array, out: Float64Array): void {
  const m = slots.length;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
    const s = slots[k];
    const d = v[i] - mean[s];
    out[s] += d * d;
  }
}

/**
 * First strict extremum per slot ignoring null/NaN; `pos` gets the position within the
 * slot's row list (counting nulls), i.e. the grouped argmin/argmax.
 */
function accExtremum(slots: Int32Array, S: number, v: NumValues, bm: Uint8Array | null, sel: Selection, wantMax: boolean, best: Float64Array, pos: Int32Array): void {
  const m = slots.length;
  const seen = new Int32Array(S);
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    const s = slots[k];
    const p = seen[s]++;
    if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
    const x = v[i];
    const b = best[s];
    if (wantMax ? x > b : x < b) {
      best[s] = x;
      pos[s] = p;
    } else if (b !== b && x === x) {
      best[s] = x;
      pos[s] = p;
    }
  }
}

/** Per-slot results of one aggregate, in slot space. */
function aggregateSlots(slots: Int32Array, S: number, sizes: Int32Array, spec: AggSpec, sel: Selection): { values: Float64Array; nulls: Uint8Array | null } {
  const out = new Float64Array(S);
  if (spec.op === 'count') {
    for (let s = 0; s < S; s++) out[s] = sizes[s];
    return { values: out, nulls: null };
  }
  const col = spec.col;
  if (col == null) throw new Error(`aggregate ${spec.op} needs a column`);
  const bm = alignedValidity(col.validity, col.bitOffset, col.length);
  const v = col.values;
  switch (spec.op) {
    case 'sum':
    case 'avg':
    case 'stddev': {
      const sum = new Float64Array(S).fill(-0);
      const cnt = new Float64Array(S);
      accSumCount(slots, v, bm, sel, sum, cnt);
      if (spec.op === 'sum') {
        for (let s = 0; s < S; s++) out[s] = cnt[s] === 0 ? 0 : sum[s];
        return { values: out, nulls: null };
      }
      for (let s = 0; s < S; s++) out[s] = cnt[s] === 0 ? NaN : sum[s] / cnt[s];
      if (spec.op === 'avg') return { values: out, nulls: null };
      const sq = new Float64Array(S).fill(-0);
      accSqDev(slots, v, bm, sel, out, sq);
      for (let s = 0; s < S; s++) out[s] = cnt[s] === 0 ? NaN : Math.sqrt(sq[s] / cnt[s]);
      return { values: out, nulls: null };
    }
    case 'min':
    case 'max':
    case 'argmin':
    case 'argmax': {
      const wantMax = spec.op === 'max' || spec.op === 'argmax';
      const best = new Float64Array(S).fill(NaN);
      const pos = new Int32Array(S).fill(-1);
      accExtremum(slots, S, v, bm, sel, wantMax, best, pos);
      if (spec.op === 'argmin' || spec.op === 'argmax') {
        for (let s = 0; s < S; s++) out[s] = pos[s];
        return { values: out, nulls: null };
      }
      let nulls: Uint8Array | null = null;
      for (let s = 0; s < S; s++) {
        if (pos[s] === -1) {
          if (nulls === null) nulls = new Uint8Array(S);
          nulls[s] = 1;
        } else out[s] = best[s];
      }
      return { values: out, nulls };
    }
  }
  throw new Error(`unknown aggregate ${String(spec.op)}`);
}

/** Permutes slot-space results into group order as a number column. */
function permuteToGroups(res: { values: Float64Array; nulls: Uint8Array | null }, groupSlot: Int32Array, asInt: boolean): NumberColumn {
  const G = groupSlot.length;
  const vals = asInt ? new Int32Array(G) : new Float64Array(G);
  let validity: Uint8Array | null = null;
  for (let g = 0; g < G; g++) {
    const s = groupSlot[g];
    vals[g] = res.values[s];
    if (res.nulls !== null && res.nulls[s] === 1) {
      if (validity === null) {
        validity = allocBitmap(G);
        for (let q = 0; q < g; q++) validity[q >>> 3] |= 1 << (q & 7);
      }
    } else if (validity !== null) validity[g >>> 3] |= 1 << (g & 7);
  }
  return numberColumn(vals, { validity });
}

/** One aggregate over an existing grouping (group order). */
export function aggregate(grouping: Grouping, spec: AggSpec, sel: Selection = null): NumberColumn {
  const G = grouping.numGroups;
  const ident = new Int32Array(G);
  for (let g = 0; g < G; g++) ident[g] = g;
  const res = aggregateSlots(grouping.ids, G, grouping.sizes, spec, sel);
  return permuteToGroups(res, ident, spec.op === 'count' || spec.op === 'argmin' || spec.op === 'argmax');
}

// ---------------------------------------------------------------------------------------------
// fused single-pass sum/count for direct-indexed keys (the `filter → groupby → avg` hot path)

// Hot kernels take only typed arrays and numbers: a short-lived object argument (a plan record
// that dies after the query) can lose its map at the next GC, which deoptimizes the kernel and
// sends the following call through the interpreter.
function fusedDirectNumber(
  kv: NumValues,
  kbm: Uint8Array | null,
  min: number,
  nullSlot: number,
  nanSlot: number,
  v: NumValues | null,
  vbm: Uint8Array | null,
  sel: Selection,
  m: number,
  size: Int32Array,
  firstK: Int32Array,
  sum: Float64Array,
  cnt: Float64Array,
): void {
  if (kbm === null && clusteredNumber(kv, sel, m)) {
    fusedRunsNumber(kv, min, nanSlot, v, vbm, sel, m, size, firstK, sum, cnt);
    return;
  }
  if (kbm === null && sel !== null && v !== null) {
    // the common case: non-null integer key, selection from a filter
    for (let k = 0; k < m; k++) {
      const i = sel[k];
      const x = kv[i];
      const s = x === x ? x - min : nanSlot;
      if (size[s]++ === 0) firstK[s] = k;
      if (vbm === null || (vbm[i >>> 3] & (1 << (i & 7))) !== 0) {
        sum[s] += v[i];
        cnt[s]++;
      }
    }
    return;
  }
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    let s: number;
    if (kbm !== null && (kbm[i >>> 3] & (1 << (i & 7))) === 0) s = nullSlot;
    else {
      const x = kv[i];
      s = x === x ? x - min : nanSlot;
    }
    if (size[s]++ === 0) firstK[s] = k;
    if (v !== null && (vbm === null || (vbm[i >>> 3] & (1 << (i & 7))) !== 0)) {
      sum[s] += v[i];
      cnt[s]++;
    }
  }
}

function fusedDict(
  idx: Int32Array,
  kbm: Uint8Array | null,
  entryBucket: Int32Array,
  emptyBucket: number,
  v: NumValues | null,
  vbm: Uint8Array | null,
  sel: Selection,
  m: number,
  size: Int32Array,
  firstK: Int32Array,
  sum: Float64Array,
  cnt: Float64Array,
): void {
  if (kbm === null && clusteredDict(idx, sel, m)) {
    fusedRunsDict(idx, entryBucket, v, vbm, sel, m, size, firstK, sum, cnt);
    return;
  }
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    const s = kbm !== null && (kbm[i >>> 3] & (1 << (i & 7))) === 0 ? emptyBucket : entryBucket[idx[i]];
    if (size[s]++ === 0) firstK[s] = k;
    if (v !== null && (vbm === null || (vbm[i >>> 3] & (1 << (i & 7))) !== 0)) {
      sum[s] += v[i];
      cnt[s]++;
    }
  }
}

// Keys that come in runs (history is step-ordered, so epoch and run are clustered) are
// accumulated in locals and flushed when the key changes: the running sum stays in a register
// instead of a store→load round trip through `sum[s]` on every row (measured ~30% faster on
// clustered keys, ~3× slower on unclustered ones — hence the sample). The per-slot partial is
// carried over exactly, so sums stay sequential.
const CLUSTER_SAMPLE = 2048;

function clusteredNumber(kv: NumValues, sel: Selection, m: number): boolean {
  const L = Math.min(m, CLUSTER_SAMPLE);
  if (L < 64) return false;
  let changes = 0;
  let prev = kv[sel === null ? 0 : sel[0]];
  for (let k = 1; k < L; k++) {
    const x = kv[sel === null ? k : sel[k]];
    if (x !== prev) changes++;
    prev = x;
  }
  return changes * 8 <= L;
}

function clusteredDict(idx: Int32Array, sel: Selection, m: number): boolean {
  return clusteredNumber(idx, sel, m);
}

function fusedRunsNumber(
  kv: NumValues,
  min: number,
  nanSlot: number,
  v: NumValues | null,
  vbm: Uint8Array | null,
  sel: Selection,
  m: number,
  size: Int32Array,
  firstK: Int32Array,
  sum: Float64Array,
  cnt: Float64Array,
): void {
  let cur = -1;
  let as = 0;
  let ac = 0;
  let an = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    const x = kv[i];
    const s = x === x ? x - min : nanSlot;
    if (s !== cur) {
      if (cur >= 0) {
        sum[cur] = as;
        cnt[cur] = ac;
        size[cur] = an;
      }
      cur = s;
      as = sum[s];
      ac = cnt[s];
      an = size[s];
      if (an === 0) firstK[s] = k;
    }
    an++;
    if (v !== null && (vbm === null || (vbm[i >>> 3] & (1 << (i & 7))) !== 0)) {
      as += v[i];
      ac++;
    }
  }
  if (cur >= 0) {
    sum[cur] = as;
    cnt[cur] = ac;
    size[cur] = an;
  }
}

function fusedRunsDict(
  idx: Int32Array,
  entryBucket: Int32Array,
  v: NumValues | null,
  vbm: Uint8Array | null,
  sel: Selection,
  m: number,
  size: Int32Array,
  firstK: Int32Array,
  sum: Float64Array,
  cnt: Float64Array,
): void {
  let cur = -1;
  let as = 0;
  let ac = 0;
  let an = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    const s = entryBucket[idx[i]];
    if (s !== cur) {
      if (cur >= 0) {
        sum[cur] = as;
        cnt[cur] = ac;
        size[cur] = an;
      }
      cur = s;
      as = sum[s];
      ac = cnt[s];
      an = size[s];
      if (an === 0) firstK[s] = k;
    }
    an++;
    if (v !== null && (vbm === null || (vbm[i >>> 3] & (1 << (i & 7))) !== 0)) {
      as += v[i];
      ac++;
    }
  }
  if (cur >= 0) {
    sum[cur] = as;
    cnt[cur] = ac;
    size[cur] = an;
  }
}

function finishSumCount(op: AggOp, sum: Float64Array, cnt: Float64Array, size: Int32Array, groupSlot: Int32Array): NumberColumn {
  const G = groupSlot.length;
  if (op === 'count') {
    const out = new Int32Array(G);
    for (let g = 0; g < G; g++) out[g] = size[groupSlot[g]];
    return numberColumn(out);
  }
  const out = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const s = groupSlot[g];
    const c = cnt[s];
    out[g] = op === 'sum' ? (c === 0 ? 0 : sum[s]) : c === 0 ? NaN : sum[s] / c;
  }
  return numberColumn(out);
}

/**
 * `groupby(key).map((g) => [g[c1].op1, g[c2].op2, …])` as a grouped aggregation: one output row
 * per group (output order as `groupBy`), one column per spec. Every spec column is read through
 * `sel`, like the key.
 */
export function groupAggregate(key: Column, specs: readonly AggSpec[], sel: Selection = null): GroupAggregateResult {
  const m = sel === null ? key.length : sel.length;
  const single = specs.length === 1 && (specs[0].op === 'sum' || specs[0].op === 'avg' || specs[0].op === 'count') ? specs[0] : null;
  if (single !== null && (key.kind === 'number' || key.kind === 'dict')) {
    const plan = key.kind === 'number' ? directPlan(key, m) : null;
    const buckets = key.kind === 'dict' ? dictBuckets(key) : null;
    if (plan !== null || buckets !== null) {
      const S = plan !== null ? plan.numSlots : (buckets as DictBuckets).numSlots;
      const size = new Int32Array(S);
      const firstK = new Int32Array(S).fill(-1);
      const sum = new Float64Array(S).fill(-0);
      const cnt = new Float64Array(S);
      const vcol = single.op === 'count' ? null : single.col;
      if (single.op !== 'count' && vcol == null) throw new Error(`aggregate ${single.op} needs a column`);
      const v = vcol == null ? null : vcol.values;
      const vbm = vcol == null ? null : alignedValidity(vcol.validity, vcol.bitOffset, vcol.length);
      const kbm = alignedValidity(key.validity, key.bitOffset, key.length);
      let indexValue: Float64Array;
      let nullSlot: number;
      if (plan !== null) {
        fusedDirectNumber((key as NumberColumn).values, kbm, plan.min, plan.nullSlot, plan.nanSlot, v, vbm, sel, m, size, firstK, sum, cnt);
        indexValue = new Float64Array(S).fill(-1);
        for (let s = 0; s < plan.range; s++) indexValue[s] = numberIndexValue(s + plan.min);
        nullSlot = plan.nullSlot;
      } else {
        const b = buckets as DictBuckets;
        fusedDict((key as Extract<Column, { kind: 'dict' }>).indices, kbm, b.entryBucket, b.emptyBucket, v, vbm, sel, m, size, firstK, sum, cnt);
        indexValue = b.indexValue;
        nullSlot = key.nullCount > 0 ? b.emptyBucket : -1;
      }
      const ord = outputOrder(S, firstK, indexValue, false);
      const firstRow = firstRows(firstK, ord.groupSlot, sel);
      const sizes = new Int32Array(ord.groupSlot.length);
      for (let g = 0; g < sizes.length; g++) sizes[g] = size[ord.groupSlot[g]];
      const hasNull = nullSlot >= 0 && ord.slotGroup[nullSlot] >= 0;
      return {
        numGroups: ord.groupSlot.length,
        keys: groupKeys(key, firstRow, hasNull),
        columns: [finishSumCount(single.op, sum, cnt, size, ord.groupSlot)],
        firstRow,
        sizes,
      };
    }
  }
  const sl = computeSlots(key, sel);
  const S = sl.numSlots;
  const size = new Int32Array(S);
  for (let k = 0; k < sl.slots.length; k++) size[sl.slots[k]]++;
  const ord = outputOrder(S, sl.firstK, sl.indexValue, sl.firstSeenOrdered);
  const columns = specs.map((spec) =>
    permuteToGroups(aggregateSlots(sl.slots, S, size, spec, sel), ord.groupSlot, spec.op === 'count' || spec.op === 'argmin' || spec.op === 'argmax'),
  );
  const firstRow = firstRows(sl.firstK, ord.groupSlot, sel);
  const sizes = new Int32Array(ord.groupSlot.length);
  for (let g = 0; g < sizes.length; g++) sizes[g] = size[ord.groupSlot[g]];
  const hasNull = sl.nullSlot >= 0 && ord.slotGroup[sl.nullSlot] >= 0;
  return { numGroups: ord.groupSlot.length, keys: groupKeys(key, firstRow, hasNull), columns, firstRow, sizes };
}

function indexedSlots(bs: Int32Array, keyRows: Uint32Array, slots: Int32Array, firstK: Int32Array, size: Int32Array): void {
  for (let k = 0; k < keyRows.length; k++) {
    const s = bs[keyRows[k]];
    slots[k] = s;
    if (size[s]++ === 0) firstK[s] = k;
  }
}

/**
 * Grouped aggregation where output row k takes its key from row `keyRows[k]` of `key` and its
 * values from row `valueRows[k]` of the spec columns — e.g. after a join, grouping by a column
 * of the right table (`keyRows = joinSide(j.right)`) and aggregating a column of the left
 * (`valueRows = joinSide(j.left)`), without gathering either. Buckets of the key column are
 * computed once per key row; first-seen order is over the output rows.
 */
export function groupAggregateIndexed(key: Column, keyRows: Uint32Array, specs: readonly AggSpec[], valueRows: Uint32Array): GroupAggregateResult {
  if (valueRows.length !== keyRows.length) throw new Error('groupAggregateIndexed: keyRows and valueRows differ in length');
  const base = computeSlots(key, null);
  const S = base.numSlots;
  const m = keyRows.length;
  const slots = new Int32Array(m);
  const firstK = new Int32Array(S).fill(-1);
  const size = new Int32Array(S);
  indexedSlots(base.slots, keyRows, slots, firstK, size);
  const ord = outputOrder(S, firstK, base.indexValue, false);
  const columns = specs.map((spec) =>
    permuteToGroups(aggregateSlots(slots, S, size, spec, valueRows), ord.groupSlot, spec.op === 'count' || spec.op === 'argmin' || spec.op === 'argmax'),
  );
  const G = ord.groupSlot.length;
  const firstRow = new Uint32Array(G);
  const sizes = new Int32Array(G);
  for (let g = 0; g < G; g++) {
    firstRow[g] = keyRows[firstK[ord.groupSlot[g]]];
    sizes[g] = size[ord.groupSlot[g]];
  }
  const hasNull = base.nullSlot >= 0 && ord.slotGroup[base.nullSlot] >= 0;
  return { numGroups: G, keys: groupKeys(key, firstRow, hasNull), columns, firstRow, sizes };
}

/** Decoded bucket strings are occasionally useful to callers (e.g. join keys, `groupkey` on strings). */
export function groupKeyStrings(grouping: Grouping): string[] {
  const keys = grouping.keys;
  if (keys.kind === 'string') return decodeStrings(keys).map((s) => s ?? '');
  return toJS(keys).map(bucketString);
}
