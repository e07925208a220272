/**
 * Accessors: look inside a type, through the wrappers (function → output, nullability, tags)
 * the reference looks through. Functions that the reference makes throw on a wrong shape throw
 * a `TypeError` here too; `try…` variants return `undefined` instead.
 */
import { deepEqual, isAssignableTo } from './assignability.js';
import { exactHash } from './dedup.js';
import { dict, list, maybe, nonNullable, taggedValue, typedDict, union } from './constructors.js';
import {
  isConstType,
  isDict,
  isFileType,
  isFunctionType,
  isList,
  isListLike,
  isTaggedValue,
  isTaggedValueLike,
  isTaggedValueUnion,
  isTypedDict,
  isUnion,
  taggedMembers,
} from './guards.js';
import type { MediaType, PropertyTypes, Type } from './model.js';
import { emptyProps, getProp, hasProp, mapProps, setProp } from './props.js';

const isOwnEnumerable = Object.prototype.propertyIsEnumerable;

/** A function type's output type; any other type unchanged (the reference's `nonFunction`). */
export function nonFunction(t: Type): Type {
  return isFunctionType(t) ? t.outputType : t;
}

/** The tag type of a tagged value, or the union of the tags of a union of tagged values. */
export function taggedValueTagType(t: Type): Type {
  if (isTaggedValue(t)) return t.tag;
  if (isUnion(t)) return union(t.members.map((m) => (isTaggedValue(m) ? m.tag : invalidShape('taggedValueTagType'))));
  return invalidShape('taggedValueTagType');
}

/** The value type of a tagged value, or the union of the values of a union of tagged values. */
export function taggedValueValueType(t: Type): Type {
  if (isTaggedValue(t)) return t.value;
  if (isUnion(t)) return union(t.members.map((m) => (isTaggedValue(m) ? m.value : invalidShape('taggedValueValueType'))));
  return invalidShape('taggedValueValueType');
}

function invalidShape(fn: string): never {
  throw new TypeError(`${fn}: expected a tagged value or a union of tagged values`);
}

/**
 * Strip one level of tags (the reference's `taggableValue`): a tagged value (or union of
 * tagged values) → its value type; then, if the result is a union of tagged values, strip those.
 */
export function taggableValue(t: Type): Type {
  let out = t;
  if (isTaggedValueLike(out)) out = taggedValueValueType(out);
  if (isTaggedValueUnion(out)) out = union(taggedMembers(out).map((m) => m.value));
  return out;
}

/**
 * The payload type under the wrappers, in the reference's order: function → output, remove
 * `none`, strip tags, remove `none` again, function → output
 * (`nonFunction(nonNullable(taggableValue(nonNullable(nonFunction(t)))))`).
 */
export function nullableTaggableValue(t: Type): Type {
  return nonFunction(nonNullable(taggableValue(nonNullable(nonFunction(t)))));
}

/**
 * Element type of a list, looking through functions, nullability and tags; for a union of
 * lists, the union of their element types. Throws if `t` is not list-like.
 */
export function listObjectType(t: Type): Type {
  const u = nullableTaggableValue(t);
  if (isUnion(u)) return union(u.members.map(listObjectType));
  if (isFunctionType(u)) return listObjectType(u.outputType);
  if (!isList(u)) throw new TypeError('listObjectType: incoming type is not a list');
  return u.objectType;
}

/**
 * Element type of a list, keeping the list's own tags on the element (the reference's
 * `listObjectTypePassTags`): `Tagged<t, List<E>>` → `Tagged<t, E>`.
 */
export function listObjectTypePassTags(t: Type): Type {
  return taggable(t, (untagged) => {
    const u = nullableTaggableValue(untagged);
    if (isUnion(u)) return union(u.members.map(listObjectTypePassTags));
    if (isFunctionType(u)) return listObjectTypePassTags(u.outputType);
    if (!isList(u)) throw new TypeError('listObjectType: incoming type is not a list');
    return u.objectType;
  });
}

function taggable(t: Type, fn: (v: Type) => Type): Type {
  if (isTaggedValue(t)) return taggedValue(t.tag, fn(t.value));
  if (isTaggedValueUnion(t)) return union(taggedMembers(t).map((m) => taggedValue(m.tag, fn(m.value))));
  return fn(t);
}

/** `listObjectType`, or `undefined` when `t` is not list-like. */
export function tryListObjectType(t: Type): Type | undefined {
  try {
    return listObjectType(t);
  } catch {
    return undefined;
  }
}

/** Upper length bound (max over union members; unknown if any member's is). Throws on non-lists. */
export function listMaxLength(t: Type): number | undefined {
  const u = nullableTaggableValue(t);
  if (isUnion(u)) {
    const ms = u.members.map(listMaxLength);
    return ms.some((m) => m == null) ? undefined : Math.max(...(ms as number[]));
  }
  if (!isList(u)) throw new TypeError('listMaxLength: incoming type is not a list');
  return u.maxLength;
}

/** Lower length bound (min over union members; unknown if any member's is). Throws on non-lists. */
export function listMinLength(t: Type): number | undefined {
  const u = nullableTaggableValue(t);
  if (isUnion(u)) {
    const ms = u.members.map(listMinLength);
    return ms.some((m) => m == null) ? undefined : Math.min(...(ms as number[]));
  }
  if (!isList(u)) throw new TypeError('listMinLength: incoming type is not a list');
  return u.minLength;
}

/** The exact length when min and max bounds are known and equal. */
export function listLength(t: Type): number | undefined {
  const max = listMaxLength(t);
  const min = listMinLength(t);
  return max != null && max === min ? max : undefined;
}

/**
 * Property types of a dict-like type (through function/nullable/tags). For a union of
 * typedDicts the keys are merged: a key present in every member gets the union of its types,
 * a key missing from some member (or a `none` member) becomes nullable — the reference's
 * `typedDictPropertyTypes`. Throws if some member is neither a typedDict nor `none`. The
 * result is a fresh null-prototype map.
 */
export function typedDictPropertyTypes(t: Type): { [key: string]: Type } {
  const u = nullableTaggableValue(t);
  if (isUnion(u)) {
    // The reference rebuilds the merged map per member; updating one map in place gives the same
    // keys in the same order (known keys keep their place, new ones are appended in the member's
    // order) and the same unions, folded per key with `foldUnion`.
    const out: { [key: string]: Type } = emptyProps();
    const folds = new Map<string, Fold>();
    u.members.forEach((member, ndx) => {
      const cur = nullableTaggableValue(member);
      if (!isTypedDict(cur) && cur !== 'none') {
        throw new TypeError('typedDictPropertyTypes: incoming union type contains non-dict');
      }
      const props = cur === 'none' ? emptyProps() : cur.propertyTypes;
      if (ndx === 0) {
        for (const k of Object.keys(props)) setProp(out, k, props[k] as Type);
        return;
      }
      for (const k of Object.keys(out)) {
        let f = folds.get(k);
        if (f === undefined) folds.set(k, (f = newFold(out[k] as Type)));
        foldUnion(f, getProp(props, k) ?? 'none');
        out[k] = f.value;
      }
      for (const k of Object.keys(props)) {
        if (hasProp(out, k)) continue;
        const f = newFold(union([props[k] as Type, 'none']));
        folds.set(k, f);
        setProp(out, k, f.value);
      }
    });
    return out;
  }
  if (!isTypedDict(u)) throw new TypeError('typedDictPropertyTypes: expected a typed dict');
  return mapProps(u.propertyTypes, (v) => v);
}

/** The type of `obj[key]` for a dict-like type: the property's type, or `'none'` if absent. */
export function objectKeyType(t: Type, key: string): Type {
  const u = nullableTaggableValue(t);
  // A single typedDict: read the key directly (typedDictPropertyTypes would copy the map's own
  // enumerable keys first).
  if (isTypedDict(u)) {
    const props = u.propertyTypes;
    return (isOwnEnumerable.call(props, key) ? props[key] : undefined) ?? 'none';
  }
  // A union: `typedDictPropertyTypes`'s merge, followed for this one key only (and remembered per
  // union object and key: types are immutable, and checking one pick asks several times).
  if (isUnion(u)) {
    let byKey = keyTypeCache.get(u);
    if (byKey === undefined) keyTypeCache.set(u, (byKey = new Map()));
    let known = byKey.get(key);
    if (known === undefined) byKey.set(key, (known = unionKeyType(u.members, key) ?? 'none'));
    return known;
  }
  return getProp(typedDictPropertyTypes(t), key) ?? 'none';
}

const keyTypeCache = new WeakMap<object, Map<string, Type>>();

/** `typedDictPropertyTypes(union)[key]`, computed for `key` alone (same unions, same order). */
function unionKeyType(members: readonly Type[], key: string): Type | undefined {
  let fold: Fold | undefined;
  for (let ndx = 0; ndx < members.length; ndx++) {
    const cur = nullableTaggableValue(members[ndx] as Type);
    if (!isTypedDict(cur) && cur !== 'none') {
      throw new TypeError('typedDictPropertyTypes: incoming union type contains non-dict');
    }
    const props = cur === 'none' ? undefined : cur.propertyTypes;
    const own = props !== undefined && isOwnEnumerable.call(props, key);
    if (ndx === 0) {
      if (own) fold = newFold((props as PropertyTypes)[key] as Type);
    } else if (fold !== undefined) {
      foldUnion(fold, props !== undefined ? (getProp(props, key) ?? 'none') : 'none');
    } else if (own) {
      fold = newFold(union([(props as PropertyTypes)[key] as Type, 'none']));
    }
  }
  return fold?.value;
}

/**
 * A running `value = union([value, next])` over many members (the reference's key merge). A
 * `next` that left the value unchanged (the same members, as the same objects) is remembered,
 * and the same object again is skipped without calling `union`: union is a pure function of
 * its members, so it would leave the value unchanged again. With thousands of members and a
 * handful of distinct property types this is linear.
 */
interface Fold {
  value: Type;
  /** Types (by identity) that left `value` unchanged … */
  readonly absorbed: Set<Type>;
  /** … and the object ones by `exactHash`, for deep-equal copies (same answer: `union` sees only structure). */
  readonly byHash: Map<number, Type[]>;
}

function newFold(value: Type): Fold {
  return { value, absorbed: new Set(), byHash: new Map() };
}

function foldUnion(f: Fold, next: Type): void {
  if (f.absorbed.has(next)) return;
  let hash = 0;
  if (typeof next === 'object') {
    hash = exactHash(next);
    const same = f.byHash.get(hash);
    if (same !== undefined && same.some((x) => deepEqual(next, x))) return;
  }
  const r = union([f.value, next]);
  if (sameMembers(r, f.value)) {
    f.absorbed.add(next);
    if (typeof next === 'object') {
      const same = f.byHash.get(hash);
      if (same === undefined) f.byHash.set(hash, [next]);
      else same.push(next);
    }
  } else {
    f.absorbed.clear();
    f.byHash.clear();
  }
  f.value = r;
}

/** `a` and `b` are the same type object, or unions of the same member objects in the same order. */
function sameMembers(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (!isUnion(a) || !isUnion(b) || a.members.length !== b.members.length) return false;
  for (let i = 0; i < a.members.length; i++) if (a.members[i] !== b.members[i]) return false;
  return true;
}

/** The members of a union, or `[t]` for any other type. */
export function unionMembers(t: Type): readonly Type[] {
  return isUnion(t) ? t.members : [t];
}

/** A const type's value type; any other type unchanged. */
export function constValueType(t: Type): Type {
  return isConstType(t) ? t.valType : t;
}

/** Replace const types by their value types everywhere inside `t` (lists, dicts, unions, tags, functions). */
export function stripConst(t: Type): Type {
  if (typeof t === 'string') return t;
  switch (t.type) {
    case 'const':
      return stripConst(t.valType);
    case 'list':
      return list(stripConst(t.objectType), t.minLength, t.maxLength);
    case 'dict':
      return dict(stripConst(t.objectType));
    case 'typedDict':
      return typedDict(mapProps(t.propertyTypes, stripConst), t.notRequiredKeys);
    case 'union':
      return union(t.members.map(stripConst));
    case 'tagged':
      return taggedValue(stripConst(t.tag), stripConst(t.value));
    case 'function':
      return { type: 'function', inputTypes: mapProps(t.inputTypes, stripConst), outputType: stripConst(t.outputType) };
    default:
      return t;
  }
}

/** Remove tags everywhere inside lists, dicts and unions (the reference's `withoutTags`). */
export function withoutTags(t: Type): Type {
  if (isTaggedValue(t)) return withoutTags(t.value);
  if (isUnion(t)) return union(t.members.map(withoutTags));
  if (isList(t) && t.type === 'list') return list(withoutTags(t.objectType), t.minLength, t.maxLength);
  if (isDict(t)) return dict(withoutTags(t.objectType));
  if (isTypedDict(t)) return typedDict(mapProps(t.propertyTypes, withoutTags));
  return t;
}

/**
 * Remove `none` from unions recursively under tags, dropping every member assignable to `none`
 * (the reference's `nonNullableDeep`).
 */
export function nonNullableDeep(t: Type): Type {
  if (isTaggedValue(t)) return taggedValue(t.tag, nonNullableDeep(t.value));
  if (isUnion(t)) {
    return union(t.members.map(nonNullableDeep).filter((m) => !isAssignableTo(m, 'none')));
  }
  return t;
}

/**
 * How many list levels `t` has, looking through tags and unions (ignoring none members).
 * Throws when union members disagree (the reference's `getTypeDimDepth`).
 */
export function getTypeDimDepth(t: Type): number {
  if (isTaggedValue(t)) return getTypeDimDepth(t.value);
  if (isUnion(t)) {
    const dims = [...new Set(t.members.filter((m) => !isAssignableTo(m, 'none')).map(getTypeDimDepth))];
    if (dims.length === 0) return 0;
    if (dims.length !== 1) throw new TypeError('Type has ambiguous number of dimensions');
    return dims[0] as number;
  }
  if (isList(t)) return getTypeDimDepth(t.objectType) + 1;
  return 0;
}

/** Number of list levels through nullable/tag wrappers (the reference's `nDims`). */
export function nDims(t: Type): number {
  const u = nullableTaggableValue(t);
  return isListLike(u) ? 1 + nDims(listObjectType(u)) : 0;
}

/** The media type stored in a file type (through nullable/tags); throws for non-files. */
export function fileWbObjectType(t: Type): MediaType | 'none' | undefined {
  const u = nullableTaggableValue(t);
  if (!isFileType(u)) throw new TypeError('fileWbObjectType: incoming type is not a file');
  return u.wbObjectType;
}

/**
 * The type of tag `tagName` in the tag chain of `t` (the reference's `findNamedTagInType`):
 * the first tag in the chain assignable to `{[tagName]: Maybe<tagType>}` yields that
 * property's type (keeping the outer tags of a tagged tag); unions are searched per member;
 * `'none'` when not found.
 */
export function findNamedTagInType(t: Type, tagName: string, tagType: Type): Type {
  if (isTaggedValue(t)) {
    if (isAssignableTo(t.tag, tagPattern(tagName, tagType))) {
      const found = objectKeyType(t.tag, tagName);
      return isTaggedValue(t.tag) ? taggedValue(t.tag.tag, found) : found;
    }
    return findNamedTagInType(t.tag, tagName, tagType);
  }
  if (isTaggedValueUnion(t)) return union(t.members.map((m) => findNamedTagInType(m, tagName, tagType)));
  return 'none';
}

/** `{[tagName]: Maybe<tagType>}`, built once per tag name and tag type (types are immutable). */
function tagPattern(tagName: string, tagType: Type): Type {
  let byType = tagPatterns.get(tagName);
  if (!byType) tagPatterns.set(tagName, (byType = { names: new Map(), objects: new WeakMap() }));
  const isObject = typeof tagType === 'object' && tagType !== null;
  const known = isObject ? byType.objects.get(tagType) : byType.names.get(tagType as string);
  if (known) return known;
  const pattern = typedDict(propsOf(tagName, maybe(tagType)));
  if (isObject) byType.objects.set(tagType, pattern);
  else byType.names.set(tagType as string, pattern);
  return pattern;
}

const tagPatterns = new Map<string, { names: Map<string, Type>; objects: WeakMap<object, Type> }>();

function propsOf(key: string, value: Type): { [key: string]: Type } {
  const p = emptyProps();
  setProp(p, key, value);
  return p;
}
