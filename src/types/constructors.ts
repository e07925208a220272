/**
 * Type constructors. Each returns fresh, frozen plain data; none of them mutates its inputs.
 * `union`, `maybe`, `taggedValue` and `nonNullable` reproduce the reference's normalisations
 * (`model/helpers.ts`) exactly — see the doc comment on each.
 */
import { dedup } from './dedup.js';
import { isNullable, isTaggedValue, isUnion } from './guards.js';
import type {
  ConstType,
  DictType,
  FileType,
  FunctionType,
  ListType,
  MediaType,
  PropertyTypes,
  TaggedValueType,
  TimestampType,
  Type,
  TypedDictType,
  UnionType,
} from './model.js';
import { copyProps } from './props.js';

/** `List<objectType>`; length bounds are only present when given (like the reference). */
export function list(objectType: Type, minLength?: number, maxLength?: number): ListType {
  const t: { type: 'list'; objectType: Type; minLength?: number; maxLength?: number } = { type: 'list', objectType };
  if (minLength != null) t.minLength = minLength;
  if (maxLength != null) t.maxLength = maxLength;
  return Object.freeze(t);
}

/** A list of exactly `length` elements (the reference's `listWithLength`). */
export function listWithLength(length: number, objectType: Type): ListType {
  return list(objectType, length, length);
}

/** `Dict<objectType>`: string keys, values of one type. */
export function dict(objectType: Type): DictType {
  return Object.freeze({ type: 'dict', objectType });
}

/**
 * A dict with known keys. `propertyTypes` is copied into a null-prototype map, so any string
 * (including `__proto__`) is a legitimate property name. An empty `notRequiredKeys` is kept.
 */
export function typedDict(propertyTypes: PropertyTypes, notRequiredKeys?: readonly string[]): TypedDictType {
  const t: { type: 'typedDict'; propertyTypes: PropertyTypes; notRequiredKeys?: readonly string[] } = {
    type: 'typedDict',
    propertyTypes: Object.freeze(copyProps(propertyTypes)),
  };
  if (notRequiredKeys != null) t.notRequiredKeys = Object.freeze([...notRequiredKeys]);
  return Object.freeze(t);
}

/**
 * `typedDict` for a freshly built null-prototype map that the caller hands over (no copy).
 * Internal fast path for `typeOfValue` and friends.
 */
export function typedDictFromOwnedProps(propertyTypes: { [key: string]: Type }): TypedDictType {
  return Object.freeze({ type: 'typedDict', propertyTypes: Object.freeze(propertyTypes) });
}

/** A lambda type: named inputs (copied, order kept) and output. */
export function functionType(inputTypes: PropertyTypes, outputType: Type): FunctionType {
  return Object.freeze({ type: 'function', inputTypes: Object.freeze(copyProps(inputTypes)), outputType });
}

/** `{type: 'timestamp', unit: 'ms'}`. */
export function timestamp(): TimestampType {
  return Object.freeze({ type: 'timestamp', unit: 'ms' });
}

/** A file type; `extension` and `wbObjectType` are only present when given. */
export function fileType(extension?: string, wbObjectType?: MediaType | 'none'): FileType {
  const t: { type: 'file'; extension?: string; wbObjectType?: MediaType | 'none' } = { type: 'file' };
  if (extension != null) t.extension = extension;
  if (wbObjectType != null) t.wbObjectType = wbObjectType;
  return Object.freeze(t);
}

/** A type with exactly one value. */
export function constType(valType: Type, val: unknown): ConstType {
  return Object.freeze({ type: 'const', valType, val });
}

/** Raw `{type:'union', members}` without any normalisation (use `union` normally). */
export function rawUnion(members: readonly Type[]): UnionType {
  return Object.freeze({ type: 'union', members: Object.freeze([...members]) });
}

/** Raw `{type:'tagged', tag, value}` without normalisation (use `taggedValue` normally). */
export function rawTagged(tag: Type, value: Type): TaggedValueType {
  return Object.freeze({ type: 'tagged', tag, value });
}

/**
 * The reference's `union(members)`:
 * 1. no members → `'invalid'`;
 * 2. flatten one level of nested unions, and distribute a tagged value whose value is a union
 *    into tagged members (`Tagged<t, A|B>` → `Tagged<t,A>`, `Tagged<t,B>`);
 * 3. drop members that are deep-equal to, or mutually assignable with, an earlier member
 *    (first occurrence wins — so `int` and `number` collapse to whichever came first);
 * 4. tagged members with identical tags (same JSON) are merged into one tagged member whose
 *    value is the union of their values; untagged members come first, then merged tagged ones;
 * 5. a single remaining member is returned as is.
 */
export function union(members: readonly Type[]): Type {
  if (members.length === 0) return 'invalid';
  if (members.length === 1) {
    // Nothing to flatten, distribute, de-duplicate or merge.
    const only = members[0] as Type;
    if (!isUnion(only) && !(isTaggedValue(only) && isUnion(only.value))) return only;
    // A plain union built here is already its own normal form (see `plainUnions`).
    if (isUnion(only) && plainUnions.has(only)) return only;
  }
  // Members picked, in order, out of a recent large plain union (`dropna` filtering a data-refined
  // union, …) are their own normal form too.
  if (members.length >= PLAIN_AT && isSubsequenceOfRecentPlain(members)) return plainIfSo(rawUnion(members), true);
  const all: Type[] = [];
  for (const m of members) {
    if (isUnion(m)) {
      for (const x of m.members) all.push(x);
    } else if (isTaggedValue(m) && isUnion(m.value)) {
      for (const v of m.value.members) all.push(taggedValue(m.tag, v));
    } else {
      all.push(m);
    }
  }
  // Step 3, in near-linear time with the naive loop's exact outcome (see dedup.ts).
  const uniq = dedup(all);
  const untagged: Type[] = [];
  let byTag: Map<string, TaggedValueType[]> | null = null;
  for (const m of uniq) {
    if (isTaggedValue(m)) {
      const key = JSON.stringify(m.tag);
      byTag ??= new Map();
      const group = byTag.get(key);
      if (group) group.push(m);
      else byTag.set(key, [m]);
    } else {
      untagged.push(m);
    }
  }
  if (byTag === null) return untagged.length === 1 ? (untagged[0] as Type) : plainIfSo(rawUnion(untagged), true);
  const merged: Type[] = [];
  let mergedAny = false;
  for (const group of byTag.values()) {
    const first = group[0] as TaggedValueType;
    if (group.length === 1) {
      merged.push(first);
    } else {
      mergedAny = true;
      merged.push(rawTagged(first.tag, union(group.map((g) => g.value))));
    }
  }
  const full = [...untagged, ...merged];
  if (full.length === 1) return full[0] as Type;
  return plainIfSo(rawUnion(full), !mergedAny);
}

/**
 * Unions returned by `union` with at least two members, pairwise not equivalent, contain no union and no
 * tagged union, and whose tagged members all have different tags (no merge happened). For such
 * a union, `union` of any subsequence of its members is that subsequence unchanged: nothing to
 * flatten or distribute, no member is dropped (equivalence is symmetric, and each member was
 * kept against all earlier ones), no tags merge, and untagged members already come first. So
 * `nonNullable` and `union([u])` can answer without de-duplicating again.
 */
const plainUnions = new WeakSet<UnionType>();
const PLAIN_AT = 9;

function plainIfSo(u: UnionType, noMerge: boolean): UnionType {
  // Only large unions are worth remembering (small ones are re-normalised in no time); an
  // empty union — from flattening empty raw unions — never qualifies (`union([])` is `invalid`).
  if (!noMerge || u.members.length < PLAIN_AT) return u;
  for (const m of u.members) {
    if (isUnion(m) || (isTaggedValue(m) && isUnion(m.value))) return u;
  }
  plainUnions.add(u);
  recentPlain[recentNext] = new WeakRef(u);
  recentNext = (recentNext + 1) % recentPlain.length;
  return u;
}

/** The last few large plain unions built (weakly held), and per union its member positions. */
const recentPlain: (WeakRef<UnionType> | undefined)[] = new Array(8).fill(undefined);
let recentNext = 0;
const memberPositions = new WeakMap<UnionType, Map<Type, number>>();

/** Are `members` distinct members of one recent plain union, in its order? */
function isSubsequenceOfRecentPlain(members: readonly Type[]): boolean {
  const first = members[0] as Type;
  for (const ref of recentPlain) {
    const u = ref?.deref();
    if (u === undefined || u.members.length < members.length) continue;
    let pos = memberPositions.get(u);
    if (pos === undefined) {
      pos = new Map();
      u.members.forEach((m, i) => (pos as Map<Type, number>).set(m, i));
      memberPositions.set(u, pos);
    }
    if (!pos.has(first)) continue;
    let last = -1;
    let ok = true;
    for (let i = 0; i < members.length && ok; i++) {
      const at = pos.get(members[i] as Type);
      ok = at !== undefined && at > last;
      if (ok) last = at as number;
    }
    if (ok) return true;
  }
  return false;
}

/**
 * `Maybe<t>`: `t` itself if it already has a direct `none` member, otherwise a union with
 * `'none'` prepended (no other normalisation, like the reference's `maybe`).
 */
export function maybe(t: Type): Type {
  if (isNullable(t)) return t;
  if (isUnion(t)) return rawUnion(['none', ...t.members]);
  return Object.freeze({ type: 'union' as const, members: Object.freeze<Type[]>(['none', t]) });
}

/** `List<T> | T` (the reference's `oneOrMany`, built without normalisation). */
export function oneOrMany(objectType: Type): Type {
  return rawUnion([list(objectType), objectType]);
}

/** `Maybe<List<Maybe<T>> | Maybe<T>>`: the declared first argument of standard ops. */
export function nullableOneOrMany(objectType: Type): Type {
  return maybe(oneOrMany(maybe(objectType)));
}

/**
 * Remove direct `none` members of a union (re-normalised with `union`, so a union of only
 * `none` becomes `'invalid'`). Non-unions are returned unchanged — in particular `'none'`
 * itself and tagged nones are kept, as in the reference.
 */
export function nonNullable(t: Type): Type {
  if (!isUnion(t)) return t;
  // Types are immutable, so the answer is cached per union object: checking one expression asks
  // for the payload of the same (possibly huge, data-refined) union many times.
  const known = nonNullableCache.get(t);
  if (known !== undefined) return known;
  const rest = t.members.filter((m) => m !== 'none');
  let out: Type;
  if (plainUnions.has(t)) {
    // A subsequence of a plain union is its own normal form (see `plainUnions`).
    if (rest.length === t.members.length) out = t;
    else if (rest.length <= 1) out = rest.length === 0 ? 'invalid' : (rest[0] as Type);
    else if (rest.length < PLAIN_AT) out = rawUnion(rest);
    else plainUnions.add((out = rawUnion(rest)));
  } else {
    out = union(rest);
  }
  nonNullableCache.set(t, out);
  return out;
}

const nonNullableCache = new WeakMap<UnionType, Type>();

/**
 * The reference's `taggedValue(tag, value)`:
 * - no tag (`null`/`undefined`) → `value`;
 * - union `value` → union of `taggedValue(tag, member)` (tags distribute over unions);
 * - tagged `value` → its tag moves into the tag side: `Tagged<Tagged<tag, value.tag>, value.value>`;
 * - otherwise `{type:'tagged', tag, value}`.
 */
export function taggedValue(tag: Type | null | undefined, value: Type): Type {
  if (tag == null) return value;
  if (isUnion(value)) return union(value.members.map((m) => taggedValue(tag, m)));
  if (isTaggedValue(value)) return taggedValue(taggedValue(tag, value.tag), value.value);
  return rawTagged(tag, value);
}
