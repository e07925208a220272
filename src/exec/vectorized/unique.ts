/**
 * `unique` over a column: the row-wise op keeps the first element not deep-equal
 * (`deepEqualValues`) to an earlier one, and an element is its value tagged with its row's tag
 * chain, so two elements are the same when their tags are deep-equal and their values are.
 * Tags are reduced to classes once (per distinct tag value, deep equality); values to ids by
 * `groupBy`, whose buckets (`String(x)` of a number: −0 joins 0, NaN joins NaN) are exactly
 * deep equality on one kind of value, once nulls get their own id (they share the `""`
 * bucket of strings there). The first (class, id) pair of each kind is kept.
 */
import { groupBy, toJS, type Column, type Selection } from '../columnar/index.js';
import { deepEqualValues } from '../../ops/list-values.js';
import { unsupported } from './unsupported.js';

/** Beyond this many distinct tag values the pairwise deep comparison is not worth it: fall back. */
const MAX_TAG_CLASSES = 512;

/**
 * The class of each tag id: equal classes for deep-equal tags, 0 for "no tag" (null or
 * undefined: such an element is its bare value).
 */
export function tagClasses(tags: readonly unknown[]): { classes: Int32Array; count: number } {
  const classes = new Int32Array(tags.length);
  const reps: unknown[] = [];
  const byIdentity = new Map<unknown, number>();
  for (let t = 0; t < tags.length; t++) {
    const tag = tags[t];
    if (tag == null) continue;
    let c = byIdentity.get(tag);
    if (c === undefined) {
      const r = reps.findIndex((rep) => deepEqualValues(rep, tag));
      if (r >= 0) c = r + 1;
      else {
        if (reps.length >= MAX_TAG_CLASSES) return unsupported('unique over too many distinct tags');
        reps.push(tag);
        c = reps.length;
      }
      byIdentity.set(tag, c);
    }
    classes[t] = c;
  }
  return { classes, count: reps.length + 1 };
}

/**
 * Positions (in `sel` order) of the first element of each distinct (tag class, value) pair.
 * `cls[k]`: the tag class of position k (null: all one class).
 */
export function uniquePositions(col: Column, sel: Selection, cls: Int32Array | null, numClasses: number): Uint32Array {
  const n = sel === null ? col.length : sel.length;
  if (col.kind === 'mixed') return uniqueMixed(toJS(col, sel), cls);
  const g = groupBy(col, sel);
  const ids = g.ids;
  const nullId = g.numGroups;
  const bm = col.validity;
  if (bm !== null) {
    const off = col.bitOffset;
    for (let k = 0; k < n; k++) {
      const b = (sel === null ? k : sel[k]) + off;
      if (((bm[b >>> 3] >>> (b & 7)) & 1) === 0) ids[k] = nullId;
    }
  }
  const width = nullId + 1;
  const out = new Uint32Array(n);
  let c = 0;
  if (cls === null || numClasses === 1) {
    const seen = new Uint8Array(width);
    for (let k = 0; k < n; k++) {
      const id = ids[k];
      if (seen[id] === 0) {
        seen[id] = 1;
        out[c++] = k;
      }
    }
  } else if (width * numClasses <= Math.max(4 * n, 1 << 16)) {
    const seen = new Uint8Array(width * numClasses);
    for (let k = 0; k < n; k++) {
      const key = cls[k] * width + ids[k];
      if (seen[key] === 0) {
        seen[key] = 1;
        out[c++] = k;
      }
    }
  } else {
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      const key = cls[k] * width + ids[k];
      if (!seen.has(key)) {
        seen.add(key);
        out[c++] = k;
      }
    }
  }
  return out.subarray(0, c);
}

/**
 * A mixed column of primitives and dates: `Set` membership is SameValueZero, deep equality on
 * primitives; dates are equal by time (an invalid date, NaN time, equals nothing).
 */
function uniqueMixed(vals: readonly unknown[], cls: Int32Array | null): Uint32Array {
  const out = new Uint32Array(vals.length);
  const seen = new Map<number, Set<unknown>>();
  const seenTimes = new Map<number, Set<number>>();
  let c = 0;
  for (let k = 0; k < vals.length; k++) {
    const v = vals[k];
    const cl = cls === null ? 0 : cls[k];
    if (v instanceof Date) {
      const t = v.getTime();
      let times = seenTimes.get(cl);
      if (times === undefined) seenTimes.set(cl, (times = new Set()));
      if (t !== t || !times.has(t)) {
        times.add(t);
        out[c++] = k;
      }
      continue;
    }
    // Lists, dicts and tagged values compare structurally: not this path.
    if (v !== null && typeof v === 'object') return unsupported('unique over objects');
    let set = seen.get(cl);
    if (set === undefined) seen.set(cl, (set = new Set()));
    if (!set.has(v)) {
      set.add(v);
      out[c++] = k;
    }
  }
  return out.subarray(0, c);
}
