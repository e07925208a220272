/**
 * Step 3 of `union` (drop a member that is deep-equal to, or mutually assignable with, an
 * earlier kept member) in near-linear time, with exactly the naive algorithm's outcome:
 *
 *     kept = []; for m of members: if (!kept.some((u) => deepEqual(m, u) || (m → u && u → m))) kept.push(m)
 *
 * Two observations make it cheap without changing any answer:
 *
 * 1. **Signatures** (below) put every member in a bucket; only members in compatible buckets can
 *    be deep-equal or mutually assignable, so only those are compared.
 *
 * 2. **Exact duplicates** in a large bucket are found through a `deepEqual`-compatible 32-bit
 *    hash (`exactHash`) and confirmed with `deepEqual` before the bucket is scanned; a
 *    collision costs a comparison, never a wrong answer.
 *
 * **Signatures.** `signature(t)` is a short token path (hashed per prefix) such that two types that are
 *    deep-equal or mutually assignable always have *compatible* signatures: equal, or one of
 *    them is *open* (`t` could be equivalent to anything whose path extends its prefix) and a
 *    prefix of the other. So only members with compatible signatures need the full comparison.
 *    Examples: `number`, `int` and `float` → `S:number`; a typedDict → `D` + its key set
 *    (typedDicts with different key sets are never mutually assignable) + its properties'
 *    signatures when all are closed; `Dict<T>` and a
 *    typedDict with `notRequiredKeys` → open at `D`; `List<E>` → `L:list` + E's path;
 *    `Tagged<t, V>` → `T` + V's path; unions, functions and unknown shapes → open at the root
 *    (compared with everything). The soundness argument for each rule is in the comments of
 *    `signatureOf`, against the rules of `isAssignableTo`. Hash collisions only merge buckets.
 *
 * The comparisons themselves are the naive ones (`deepEqual`, `isAssignableTo` both ways);
 * since they are pure, skipping pairs that cannot match leaves the outcome unchanged.
 */
import { deepEqual, isAssignableTo } from './assignability.js';
import { LIST_KINDS, MEDIA_KINDS, SIMPLE_TYPE_NAMES, type Type } from './model.js';

const SIMPLE: ReadonlySet<string> = new Set(SIMPLE_TYPE_NAMES);
const LIST_KIND: ReadonlySet<string> = new Set(LIST_KINDS);
/** Kinds assignable exactly to the same kind (attributes not compared): see `complexAssignable`. */
const SAME_KIND: ReadonlySet<string> = new Set<string>([...MEDIA_KINDS, 'dir', 'localdir', 'ndarray', 'timestamp']);
/** Kinds a tagged value / const may wrap for its signature to extend the inner one. */
const NOT_PLAIN: ReadonlySet<unknown> = new Set(['tagged', 'union', 'const', 'function']);

// ---------------------------------------------------------------- hashing (32-bit, no strings built)

function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x01000193);
  return (h ^ (h >>> 15)) | 0;
}

/** FNV-1a over the UTF-16 code units. */
function strHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

const F64 = new Float64Array(1);
const I32 = new Int32Array(F64.buffer);

/**
 * A hash compatible with `deepEqual`: deep-equal values hash alike (object key order and
 * `undefined` properties ignored, `NaN` = `NaN`, `0` = `-0`). Collisions are resolved by
 * `deepEqual` itself.
 */
export function exactHash(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return strHash(v);
    case 'number':
      if (v === 0) return 0x2f;
      if (Number.isNaN(v)) return 0x3f;
      F64[0] = v;
      return mix(I32[0] as number, I32[1] as number);
    case 'boolean':
      return v ? 0x11 : 0x13;
    case 'object': {
      if (v === null) return 0x17;
      if (Array.isArray(v)) {
        let h = 0x1d;
        for (let i = 0; i < v.length; i++) h = mix(h, exactHash(v[i]));
        return h;
      }
      const o = v as Record<string, unknown>;
      let sum = 0;
      for (const k of Object.keys(o)) {
        const x = o[k];
        if (x !== undefined) sum = (sum + mix(strHash(k), exactHash(x))) | 0;
      }
      return mix(0x25, sum);
    }
    default:
      return 0x29;
  }
}

// ---------------------------------------------------------------- signatures

/** Token codes (any distinct numbers; collisions between signatures only cost comparisons). */
const T_SIMPLE = 0x51;
const T_TAGGED = 0x53;
const T_CONST = 0x55;
const T_DICT = 0x57;
const T_FILE = 0x59;
const T_LIST = 0x5b;
const T_KIND = 0x5d;
const T_PROPS = 0x5f;
const ROOT = 0x61;

const SIMPLE_TOKEN = new Map<string, number>(SIMPLE_TYPE_NAMES.map((n) => [n, mix(T_SIMPLE, strHash(n === 'int' || n === 'float' ? 'number' : n))]));

/** Whether the last `signatureOf` call ended closed. */
let closed = true;

/**
 * Chains `t`'s signature tokens onto `h` (pushing every prefix onto `prefixes` when given) and
 * returns the final hash; sets `closed` to whether the signature is closed (exact) or open after
 * the tokens written.
 */
function signatureOf(t: unknown, h: number, prefixes: number[] | null): number {
  closed = false;
  if (typeof t === 'string') {
    // Simple → simple: equal names, or int/float/number among themselves. A simple type is never
    // mutually assignable with a complex non-union type (complex → simple needs a tagged, const
    // or function wrapper, and simple → those is false).
    const s = SIMPLE_TOKEN.get(t);
    if (s === undefined) return h;
    h = mix(h, s);
    if (prefixes !== null) prefixes.push(h);
    closed = true;
    return h;
  }
  if (typeof t !== 'object' || t === null) return h;
  const kind = (t as { type?: unknown }).type;
  if (typeof kind !== 'string') return h;
  switch (kind) {
    case 'union':
    case 'function':
      // A union can be equivalent to almost anything; a function to its output's equivalents.
      return h;
    case 'tagged': {
      // Tagged<t, V> with a plain V (V → any tagged type is false): X → tagged Y needs
      // X.value → Y.value, and an untagged plain type never accepts a tagged one, so an
      // equivalent is a tagged type with an equivalent value.
      const v = (t as { value?: unknown }).value;
      if (!isPlain(v)) return h;
      h = mix(h, T_TAGGED);
      if (prefixes !== null) prefixes.push(h);
      return signatureOf(v, h, prefixes);
    }
    case 'const': {
      // Const → const needs the value types to assign; nothing plain or tagged-plain assigns to a const.
      // Equivalent consts have deep-equal values, so the value's hash is part of the path.
      const v = (t as { valType?: unknown }).valType;
      if (!isPlain(v)) return h;
      h = mix(h, mix(T_CONST, exactHash((t as { val?: unknown }).val)));
      if (prefixes !== null) prefixes.push(h);
      return signatureOf(v, h, prefixes);
    }
    case 'typedDict': {
      // typedDict ↔ typedDict without notRequiredKeys needs equal key sets and equivalent
      // properties; dicts (and typedDicts whose missing keys may be excused) are open within
      // the dict family. The key set is one token (order-independent); when every property's
      // signature is closed, the (key, property signature) pairs are another.
      h = mix(h, T_DICT);
      if (prefixes !== null) prefixes.push(h);
      const nrk = (t as { notRequiredKeys?: unknown }).notRequiredKeys;
      if (nrk != null && !(Array.isArray(nrk) && nrk.length === 0)) return h;
      const props = (t as { propertyTypes?: unknown }).propertyTypes;
      if (typeof props !== 'object' || props === null) return h;
      let keys = 0;
      let pairs = 0;
      let allClosed = true;
      for (const k of Object.keys(props)) {
        const p = (props as Record<string, unknown>)[k];
        if (p === undefined) continue;
        const kh = strHash(k);
        keys = (keys + mix(kh, 0x71)) | 0;
        if (allClosed) {
          if (typeof p === 'string') {
            // (The common case, inlined: a simple property.)
            const ph = SIMPLE_TOKEN.get(p);
            if (ph !== undefined) pairs = (pairs + mix(kh, mix(ROOT, ph))) | 0;
            else allClosed = false;
          } else {
            const ph = signatureOf(p, ROOT, null);
            if (closed) pairs = (pairs + mix(kh, ph)) | 0;
            else allClosed = false;
          }
        }
      }
      h = mix(h, keys);
      if (prefixes !== null) prefixes.push(h);
      if (!allClosed) {
        closed = false;
        return h;
      }
      h = mix(h, mix(T_PROPS, pairs));
      if (prefixes !== null) prefixes.push(h);
      closed = true;
      return h;
    }
    case 'dict':
      h = mix(h, T_DICT);
      if (prefixes !== null) prefixes.push(h);
      return h;
    case 'file': {
      // file ↔ file: equal extensions (or both absent); only files accept files.
      h = mix(h, T_FILE);
      if (prefixes !== null) prefixes.push(h);
      const ext = (t as { extension?: unknown }).extension;
      h = mix(h, ext == null ? 0x73 : typeof ext === 'string' ? strHash(ext) : 0x75);
      if (prefixes !== null) prefixes.push(h);
      closed = true;
      return h;
    }
    default:
      if (LIST_KIND.has(kind)) {
        // A list kind is only assignable to itself or `list`, and `list` to no other kind;
        // equivalent lists have equivalent elements (length bounds are not part of the path).
        h = mix(h, mix(T_LIST, strHash(kind)));
        if (prefixes !== null) prefixes.push(h);
        return signatureOf((t as { objectType?: unknown }).objectType, h, prefixes);
      }
      if (SAME_KIND.has(kind)) {
        h = mix(h, mix(T_KIND, strHash(kind)));
        if (prefixes !== null) prefixes.push(h);
        closed = true;
      }
      return h;
  }
}

function isPlain(v: unknown): boolean {
  if (typeof v === 'string') return true;
  if (typeof v !== 'object' || v === null) return false;
  const kind = (v as { type?: unknown }).type;
  return typeof kind === 'string' && !NOT_PLAIN.has(kind);
}

/** Prefix hashes of the last `signature` call: PREFIXES[j] = the hash of the first j tokens. */
const PREFIXES: number[] = [];

/** Fills PREFIXES with `t`'s signature prefixes; returns whether the signature is closed. */
function signature(t: Type): boolean {
  PREFIXES.length = 0;
  PREFIXES.push(ROOT);
  signatureOf(t, ROOT, PREFIXES);
  return closed;
}

function push<T>(map: Map<number, T[]>, key: number, x: T): void {
  const a = map.get(key);
  if (a) a.push(x);
  else map.set(key, [x]);
}

const equivalent = (m: Type, u: Type): boolean => deepEqual(m, u) || (isAssignableTo(m, u) && isAssignableTo(u, m));

/** The naive step 3 (quadratic): kept for small inputs, where it is fastest. */
export function dedupNaive(all: readonly Type[]): Type[] {
  const uniq: Type[] = [];
  for (const m of all) if (!uniq.some((u) => equivalent(m, u))) uniq.push(m);
  return uniq;
}

/** Up to this many members `dedup` uses the naive loop (same answer, less overhead). */
const SMALL = 8;

/** Step 3 of `union`: the naive loop for a few members, `dedupMembers` beyond. */
export function dedup(all: readonly Type[]): Type[] {
  return all.length <= SMALL ? dedupNaive(all) : dedupMembers(all);
}

/** Kept members with one closed signature; indexed by exact hash once there are many. */
interface Bucket {
  readonly members: Type[];
  byHash: Map<number, Type[]> | null;
}

/** Beyond this many members a bucket gets an exact-hash index (exact duplicates in O(1)). */
const INDEX_AT = 8;

/**
 * Step 3 of `union`: the naive algorithm's kept members, in order (see the module comment).
 * Each member is compared only with the kept members whose signatures are compatible with its
 * own: open ones at a prefix of its path, and — closed — the ones with its exact path, or —
 * open — every one whose path extends its own.
 */
export function dedupMembers(all: readonly Type[]): Type[] {
  const kept: Type[] = [];
  /** Closed signature → the kept members with exactly that signature. */
  const closedAt = new Map<number, Bucket>();
  /** Prefix → kept members whose signature is open exactly there. */
  const openAt = new Map<number, Type[]>();
  /** Prefix → kept members whose signature extends it (built once an open member arrives). */
  let under: Map<number, Type[]> | null = null;

  for (let a = 0; a < all.length; a++) {
    const m = all[a] as Type;
    const isClosed = signature(m);
    const n = PREFIXES.length;
    const full = PREFIXES[n - 1] as number;
    let drop = false;
    // Open kept members whose prefix is a prefix of m's path.
    if (openAt.size > 0) for (let j = 0; j < n && !drop; j++) drop = anyEquivalent(m, openAt.get(PREFIXES[j] as number));
    if (!drop) {
      if (isClosed) {
        const bucket = closedAt.get(full);
        if (bucket !== undefined) drop = inBucket(m, bucket);
      } else {
        // m is open: everything kept whose path extends m's.
        if (under === null) {
          const prefixes = PREFIXES.slice();
          under = buildUnder(kept);
          PREFIXES.length = 0;
          PREFIXES.push(...prefixes);
        }
        drop = anyEquivalent(m, under.get(full));
      }
    }
    if (drop) continue;
    kept.push(m);
    if (isClosed) {
      const bucket = closedAt.get(full);
      if (bucket === undefined) closedAt.set(full, { members: [m], byHash: null });
      else {
        bucket.members.push(m);
        if (bucket.byHash !== null) push(bucket.byHash, exactHash(m), m);
      }
    } else {
      push(openAt, full, m);
    }
    if (under !== null) for (let j = 0; j < n; j++) push(under, PREFIXES[j] as number, m);
  }
  return kept;
}

function anyEquivalent(m: Type, candidates: readonly Type[] | undefined): boolean {
  if (candidates === undefined) return false;
  for (let i = 0; i < candidates.length; i++) if (equivalent(m, candidates[i] as Type)) return true;
  return false;
}

/** Is `m` equivalent to a member of the bucket? Exact duplicates are found by hash first. */
function inBucket(m: Type, bucket: Bucket): boolean {
  const { members } = bucket;
  if (members.length >= INDEX_AT) {
    if (bucket.byHash === null) {
      bucket.byHash = new Map();
      for (const x of members) push(bucket.byHash, exactHash(x), x);
    }
    const same = bucket.byHash.get(exactHash(m));
    if (same !== undefined) for (const x of same) if (x === m || deepEqual(m, x)) return true;
  }
  return anyEquivalent(m, members);
}

function buildUnder(kept: readonly Type[]): Map<number, Type[]> {
  const under = new Map<number, Type[]>();
  for (const x of kept) {
    signature(x);
    for (const p of PREFIXES) push(under, p, x);
  }
  return under;
}
