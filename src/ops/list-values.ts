/**
 * Value helpers shared by the list ops: list tags pushed onto rows, the sort comparison, the
 * string keys of groupby/join buckets, JS object key order, deep equality.
 */
import { isTypedDict, type Type } from '../types/index.js';
import { escapeDots, pathValue, splitPickPath } from './dict-path.js';
import { defineKey, isPlainObject, stripTags, Tagged, tagValue, untag } from './values.js';

/** `v` with directly nested `Tagged` wrappers collapsed into one (tags on the tag side). */
export function flatTagged(v: Tagged): Tagged {
  return v.value instanceof Tagged ? (tagValue(v.tag, v.value) as Tagged) : v;
}

/**
 * The rows a lambda sees: the elements of the list, each carrying the list's own tag (so that
 * `row.run` inside `runs.summary.map(…)` still finds a tag the list had).
 */
export function rowsWithListTag(raw: unknown): unknown[] {
  if (raw instanceof Tagged) {
    const flat = flatTagged(raw);
    const items = flat.value;
    return Array.isArray(items) ? items.map((item) => tagValue(flat.tag, item)) : [];
  }
  return Array.isArray(raw) ? raw : [];
}

/** The sort comparison: lists compare element-wise, a null left side is always lower. */
export function compareItems(a: unknown, b: unknown): number {
  if (Array.isArray(a)) {
    const other = Array.isArray(b) ? b : [];
    for (let i = 0; i < a.length; i++) {
      const res = compareItems(a[i], other[i]);
      if (res !== 0) return res;
    }
    return 0;
  }
  if (a == null) return -1;
  if (b == null) return 1;
  // The reference compares with JS `<`/`>` whatever the operand types are.
  const x = a as number;
  const y = b as number;
  if (x < y) return -1;
  if (x > y) return 1;
  return 0;
}

/**
 * The bucket key of a group/join key value: objects (and lists) by the JSON of their untagged
 * value, null as "", anything else by `String`. (So `1` and `"1"` share a bucket, as in the
 * reference.)
 */
export function groupKeyString(key: unknown): string {
  const v = untag(key);
  if (v !== null && typeof v === 'object') return JSON.stringify(stripTags(v)) ?? '';
  if (v == null) return '';
  return String(v);
}

/**
 * The key the reference buckets by when the key function returns a dict: the dict is rebuilt
 * from the key type's properties (in the type's order, missing keys as null, recursively), so
 * two dicts with the same entries in a different order fall in the same bucket.
 */
export function safeKey(value: unknown, type: Type): unknown {
  if (!isTypedDict(type)) return value;
  const out: Record<string, unknown> = {};
  for (const prop of Object.keys(type.propertyTypes)) {
    const picked = value == null ? null : pathValue(untag(value), splitPickPath(escapeDots(prop)));
    defineKey(out, prop, safeKey(picked, type.propertyTypes[prop] as Type));
  }
  return out;
}

/** Is `k` a canonical array index ("0", "1", … but not "01" or "-1")? JS objects list these first. */
export function isArrayIndexKey(k: string): boolean {
  if (k.length === 0 || k.length > 10) return false;
  const n = Number(k);
  return Number.isInteger(n) && n >= 0 && n < 4294967295 && String(n) === k;
}

/**
 * The keys of a Map in the order a JS object would list them: array-index keys ascending,
 * then the others in insertion order. (The reference keeps groupby buckets in an object.)
 */
export function objectKeyOrder<V>(map: ReadonlyMap<string, V>): string[] {
  const indices: string[] = [];
  const others: string[] = [];
  for (const k of map.keys()) (isArrayIndexKey(k) ? indices : others).push(k);
  indices.sort((a, b) => Number(a) - Number(b));
  return [...indices, ...others];
}

/**
 * Deep equality as lodash's `isEqual` sees the reference's values: NaN equals NaN, 0 equals -0,
 * dates by time, plain objects by their key sets, tagged values by tag and value.
 */
export function deepEqualValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Tagged || b instanceof Tagged) {
    return a instanceof Tagged && b instanceof Tagged && deepEqualValues(a.tag, b.tag) && deepEqualValues(a.value, b.value);
  }
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqualValues(a[i], b[i])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqualValues(a[k], b[k])) return false;
  }
  return true;
}

/** lodash `zip`: positions up to the longest list; arguments that are not lists are skipped. */
export function zipLists(lists: readonly unknown[]): unknown[][] {
  const arrays = lists.filter((l): l is unknown[] => Array.isArray(l));
  const length = arrays.reduce((m, a) => Math.max(m, a.length), 0);
  const out: unknown[][] = [];
  for (let i = 0; i < length; i++) out.push(arrays.map((a) => a[i]));
  return out;
}

/** A small deterministic PRNG (mulberry32): `randomlyDownsample` is reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
