/**
 * Type modifiers: how op kinds compute output types while preserving the wrappers of their
 * first argument (nullability, tags, one list level). These are the type-level halves of the
 * reference's `model/modifiers/{nullable,taggable,mappable,combos}.ts`, with the same names,
 * plus the output-type rules of the op builders in `ops/opKinds.ts` (`…OpOutputType`).
 *
 * Naming: `X(type, fn)` applies `fn` under wrapper X and re-wraps the result; `XStrip(type)`
 * removes wrapper X; `skipX(type, fn)` applies `fn` under X without re-wrapping.
 */
import {
  findNamedTagInType as findTag,
  getTypeDimDepth,
  taggedValueTagType,
  taggedValueValueType,
} from './accessors.js';
import { list, maybe, nonNullable, nullableOneOrMany, taggedValue, typedDict, union } from './constructors.js';
import { isList, isListLike, isNullable, isTaggedValue, isTaggedValueLike, isTaggedValueUnion, isUnion, taggedMembers } from './guards.js';
import type { PropertyTypes, Type } from './model.js';
import { emptyProps, setProp } from './props.js';

export type TypeFn = (t: Type) => Type;

// ---------------------------------------------------------------------------------------------
// nullable.ts

/**
 * `none` → `none`; `Maybe<T>` → `Maybe<fn(T)>` (as `union(['none', fn(T)])`); other → `fn(t)`.
 * (reference `nullable`)
 */
export function nullable(t: Type, fn: TypeFn): Type {
  if (t === 'none') return 'none';
  if (isNullable(t)) return union(['none', fn(nonNullable(t))]);
  return fn(t);
}

/** `none` → `none`; `Maybe<T>` → `T`; other unchanged. (reference `nullableStrip`) */
export function nullableStrip(t: Type): Type {
  if (t === 'none') return 'none';
  return isNullable(t) ? nonNullable(t) : t;
}

/** Like `nullable` but the result is not made nullable again. (reference `skipNullable`) */
export function skipNullable(t: Type, fn: TypeFn): Type {
  if (t === 'none') return 'none';
  return isNullable(t) ? fn(nonNullable(t)) : fn(t);
}

// ---------------------------------------------------------------------------------------------
// taggable.ts

/**
 * `Tagged<g, V>` → `taggedValue(g, fn(V))`; a union of tagged values is handled member by member
 * (each result keeps its own tag); other → `fn(t)`. (reference `taggable`)
 */
export function taggable(t: Type, fn: TypeFn): Type {
  if (isTaggedValue(t)) return taggedValue(t.tag, fn(t.value));
  if (isTaggedValueUnion(t)) return union(taggedMembers(t).map((m) => taggedValue(m.tag, fn(m.value))));
  return fn(t);
}

/** Remove one level of tags (tagged value or union of tagged values). (reference `taggableStrip`) */
export function taggableStrip(t: Type): Type {
  return isTaggedValueLike(t) ? taggedValueValueType(t) : t;
}

/**
 * Apply `fn` to the value under the tags, passing the tag type as second argument; the result is
 * not re-tagged. (reference `skipTaggable`)
 */
export function skipTaggable(t: Type, fn: (value: Type, tag?: Type) => Type): Type {
  return isTaggedValueLike(t) ? fn(taggedValueValueType(t), taggedValueTagType(t)) : fn(t);
}

// ---------------------------------------------------------------------------------------------
// mappable.ts

/**
 * A list (any list kind) → `list(fn(element), minLength, maxLength)`; other → `fn(t)`.
 * Exactly one list level. (reference `mappable`)
 */
export function mappable(t: Type, fn: TypeFn): Type {
  if (isList(t)) return list(fn(t.objectType), t.minLength, t.maxLength);
  return fn(t);
}

/** A list → its element type; other unchanged. (reference `mappableStrip`) */
export function mappableStrip(t: Type): Type {
  return isList(t) ? t.objectType : t;
}

// ---------------------------------------------------------------------------------------------
// combos.ts

/** `nullable(t, u => taggable(u, v => nullable(v, fn)))`: the basic-op wrapper. (reference `nullableTaggable`) */
export function nullableTaggable(t: Type, fn: TypeFn): Type {
  // Neither `none`, nor a union, nor tagged: every wrapper passes `t` through unchanged.
  if (isBare(t)) return fn(t);
  return nullable(t, (u) => taggable(u, (v) => nullable(v, fn)));
}

/** Not `none`, not a union, not a tagged value: `nullable` and `taggable` just apply `fn`. */
function isBare(t: Type): boolean {
  if (typeof t === 'string') return t !== 'none';
  return typeof t === 'object' && t !== null && t.type !== 'union' && t.type !== 'tagged';
}

/** Remove nullability, tags, nullability (reference `nullableTaggableStrip`). */
export function nullableTaggableStrip(t: Type): Type {
  return nullableStrip(taggableStrip(nullableStrip(t)));
}

/** Like `nullableTaggable` but the result is not made nullable (reference `skipNullableTaggable`). */
export function skipNullableTaggable(t: Type, fn: TypeFn): Type {
  return skipNullable(t, (u) => taggable(u, (v) => skipNullable(v, fn)));
}

/** Keeps nullability, passes the tag to `fn` instead of re-tagging (reference `nullableSkipTaggable`). */
export function nullableSkipTaggable(t: Type, fn: (value: Type, tag?: Type) => Type): Type {
  return nullable(t, (u) => skipTaggable(u, (v, tag) => nullable(v, (w) => fn(w, tag))));
}

/** `nullable(t, u => mappable(u, v => nullable(v, fn)))` (reference `mappableNullable`). */
export function mappableNullable(t: Type, fn: TypeFn): Type {
  return nullable(t, (u) => mappable(u, (v) => nullable(v, fn)));
}

/** `taggable(t, u => mappable(u, v => taggable(v, fn)))` (reference `mappableTaggable`). */
export function mappableTaggable(t: Type, fn: TypeFn): Type {
  return taggable(t, (u) => mappable(u, (v) => taggable(v, fn)));
}

/**
 * The standard-op wrapper: nullable + taggable around one optional list level, and nullable +
 * taggable again around the elements (reference `mappableNullableTaggable`).
 */
export function mappableNullableTaggable(t: Type, fn: TypeFn): Type {
  if (isBare(t)) return isList(t) ? list(nullableTaggable(t.objectType, fn), t.minLength, t.maxLength) : fn(t);
  return nullableTaggable(t, (u) => mappable(u, (v) => nullableTaggable(v, fn)));
}

/** Strip nullable/tags, one list level, nullable/tags (reference `mappableNullableTaggableStrip`). */
export function mappableNullableTaggableStrip(t: Type): Type {
  return nullableTaggableStrip(mappableStrip(nullableTaggableStrip(t)));
}

/** `skipTaggable(t, u => mappable(u, v => skipTaggable(v, fn)))` (reference `mappableSkipTaggable`). */
export function mappableSkipTaggable(t: Type, fn: TypeFn): Type {
  return skipTaggable(t, (u) => mappable(u, (v) => skipTaggable(v, fn)));
}

/** `nullableSkipTaggable(t, u => mappable(u, v => nullableSkipTaggable(v, fn)))` (reference `mappableNullableSkipTaggable`). */
export function mappableNullableSkipTaggable(t: Type, fn: TypeFn): Type {
  return nullableSkipTaggable(t, (u) => mappable(u, (v) => nullableSkipTaggable(v, fn)));
}

// ---------------------------------------------------------------------------------------------
// mntTypeApply / mntTypeStrip (configurable standard ops)

/**
 * Configuration of `mntTypeApply` (reference `TypeProcessingConfig`):
 * - `dims`: apply at this many list levels from the bottom (0 = the innermost non-list values);
 * - `tags`: when true, `fn` sees the values *with* their tags (tag-consuming ops); otherwise
 *   tags are peeled off and re-applied around the result;
 * - `nones`: when true, `none` members are passed to `fn`; otherwise they stay `none`.
 */
export interface TypeProcessingConfig {
  readonly dims?: number;
  readonly tags?: boolean;
  readonly nones?: boolean;
}

/**
 * Map `fn` through every list level (or down to `dims` levels from the bottom), every union
 * member and every tag (reference `mntTypeApply`). Returns `'invalid'` when `t` has fewer
 * than `dims` list levels.
 */
export function mntTypeApply(t: Type, fn: TypeFn, config?: TypeProcessingConfig): Type {
  const dims = config?.dims ?? 0;
  let depth: number | null = null;
  if (dims > 0) {
    const have = getTypeDimDepth(t);
    if (have < dims) return 'invalid';
    depth = have - dims;
  }
  return applyAt({ fn, tags: config?.tags ?? false, nones: config?.nones ?? false, none: null }, t, depth, null);
}

/** `mntTypeApply`'s walk; `none` remembers `fn('none')` (computed at most once per call). */
interface ApplyWalk {
  readonly fn: TypeFn;
  readonly tags: boolean;
  readonly nones: boolean;
  none: Type | null;
}

function applyAt(walk: ApplyWalk, type: Type, listDepth: number | null, ancestorTag: Type | null): Type {
  if (isTaggedValue(type)) {
    if (walk.tags) return applyAt(walk, type.value, listDepth, taggedValue(ancestorTag, type.tag));
    return taggedValue(taggedValue(ancestorTag, type.tag), applyAt(walk, type.value, listDepth, null));
  }
  if (isList(type) && (listDepth == null || listDepth > 0)) {
    return list(applyAt(walk, type.objectType, listDepth != null ? listDepth - 1 : null, ancestorTag), type.minLength, type.maxLength);
  }
  if (isUnion(type)) return union(type.members.map((m) => applyAt(walk, m, listDepth, ancestorTag)));
  let out: Type = type;
  let tag = ancestorTag;
  if (walk.nones || type !== 'none') {
    if (walk.tags) {
      out = taggedValue(tag, out);
      tag = null;
    }
    if (out === 'none') {
      if (walk.none == null) walk.none = walk.fn(out);
      out = walk.none;
    } else {
      out = walk.fn(out);
    }
  }
  return taggedValue(tag, out);
}

/**
 * The element type a configurable op's resolver sees: list levels (down to `dims`), and unless
 * `tags`, tags, removed; `none` members dropped unless `nones` (reference `mntTypeStrip`).
 */
export function mntTypeStrip(t: Type, config?: TypeProcessingConfig): Type {
  const dims = config?.dims ?? 0;
  let depth: number | null = null;
  if (dims > 0) {
    const have = getTypeDimDepth(t);
    if (have < dims) return 'invalid';
    depth = have - dims;
  }
  const tags = config?.tags ?? false;
  const nones = config?.nones ?? false;
  const go = (type: Type, listDepth: number | null): Type => {
    if (isTaggedValue(type)) {
      const res = go(type.value, listDepth);
      return tags ? taggedValue(type.tag, res) : res;
    }
    if (isList(type) && (listDepth == null || listDepth > 0)) {
      return go(type.objectType, listDepth != null ? listDepth - 1 : null);
    }
    if (isUnion(type)) {
      const members = type.members
        .filter((m) => nones || (m !== 'none' && !(isTaggedValue(m) && m.value === 'none')))
        .map((m) => go(m, listDepth));
      return members.length > 0 ? union(members) : 'none';
    }
    return type;
  };
  return go(t, depth);
}

// ---------------------------------------------------------------------------------------------
// Op kinds (ops/opKinds.ts): declared first-argument types and output-type rules.
//
// `inputTypes` is the op's ordered argument map (first key = the receiver); `returnType`
// receives the same map with the receiver's type unwrapped.

/** An op's output-type function over its (unwrapped) argument types. */
export type ReturnTypeFn = (inputTypes: PropertyTypes) => Type;

function withReceiver(inputTypes: PropertyTypes, receiver: Type): PropertyTypes {
  const keys = Object.keys(inputTypes);
  const out = emptyProps();
  keys.forEach((k, i) => setProp(out, k, i === 0 ? receiver : (inputTypes[k] as Type)));
  return out;
}

function receiverType(inputTypes: PropertyTypes): Type {
  const first = Object.keys(inputTypes)[0];
  if (first === undefined) throw new TypeError('op output type: the op has no arguments');
  return inputTypes[first] as Type;
}

/** Declared receiver type of basic / dim-down ops: `Maybe<T>`. */
export function basicOpArgType(t: Type): Type {
  return maybe(t);
}

/** Declared receiver type of standard-like ops and lhs of `==`/`!=`: `Maybe<List<Maybe<T>> | Maybe<T>>`. */
export function standardOpArgType(t: Type): Type {
  return nullableOneOrMany(t);
}

/** Output type of a basic or basic-dim-down op: `nullableTaggable` over the receiver (no mapping). */
export function basicOpOutputType(inputTypes: PropertyTypes, returnType: ReturnTypeFn): Type {
  return nullableTaggable(receiverType(inputTypes), (t) => returnType(withReceiver(inputTypes, t)));
}

/** Output type of a standard op: `mappableNullableTaggable` over the receiver (one list level mapped). */
export function standardOpOutputType(inputTypes: PropertyTypes, returnType: ReturnTypeFn): Type {
  return mappableNullableTaggable(receiverType(inputTypes), (t) => returnType(withReceiver(inputTypes, t)));
}

/**
 * Output type of a tagging standard op: like a standard op, and each result is tagged with a
 * typedDict of all (unwrapped) argument types: `Tagged<{run: Run, …}, R>`.
 */
export function taggingOpOutputType(inputTypes: PropertyTypes, returnType: ReturnTypeFn): Type {
  return standardOpOutputType(inputTypes, (types) => taggedValue(typedDict(types), returnType(types)));
}

/** Output type of a configurable standard op (`mntTypeApply` with `config`). */
export function configurableOpOutputType(
  inputTypes: PropertyTypes,
  returnType: ReturnTypeFn,
  config?: TypeProcessingConfig,
): Type {
  return mntTypeApply(receiverType(inputTypes), (t) => returnType(withReceiver(inputTypes, t)), config);
}

/** Output type of a tag-consuming op: maps all list levels; `returnType` sees tagged values. */
export function tagConsumingOpOutputType(inputTypes: PropertyTypes, returnType: ReturnTypeFn): Type {
  return configurableOpOutputType(inputTypes, returnType, { tags: true });
}

/** Output type of `==` / `!=`: `mappableNullableTaggable(lhs, () => 'boolean')`. */
export function equalOpOutputType(lhs: Type): Type {
  return mappableNullableTaggable(lhs, () => 'boolean');
}

/**
 * Output type of a tag getter (`makeTagGetterOp`): looks for tag `tagName` per list element;
 * if no element has it, falls back to the whole value's tag chain; `'none'` if absent.
 */
export function tagGetterOutputType(objType: Type, tagName: string, tagType: Type): Type {
  return nullable(objType, (nonNull) => {
    let outerTag: Type | null = null;
    let obj = nonNull;
    if (isTaggedValueLike(nonNull)) {
      outerTag = taggedValueTagType(nonNull);
      obj = taggedValueValueType(nonNull);
    }
    if (isListLike(obj)) {
      const items = mappableNullable(obj, (t) => {
        const res = findTag(t, tagName, tagType);
        return res !== 'none' && outerTag != null ? taggedValue(outerTag, res) : res;
      });
      if (isList(items) && items.objectType !== 'none') return items;
    }
    return findTag(nonNull, tagName, tagType);
  });
}

// ---------------------------------------------------------------------------------------------
// Named tags (model/helpers.ts)

/**
 * Add a named tag `{[tagName]: tag}` to `value`, chaining linearly as tagging ops do: if `tag`
 * is itself tagged, its tags go further up the tag chain (reference `withNamedTag`).
 */
export function withNamedTag(tagName: string, tag: Type, value: Type): Type {
  if (isTaggedValueLike(tag)) {
    return taggedValue(taggedValueTagType(tag), taggedValue(namedTag(tagName, taggedValueValueType(tag)), value));
  }
  return taggedValue(namedTag(tagName, tag), value);
}

/** `{[tagName]: t}`. */
function namedTag(tagName: string, t: Type): Type {
  const p = emptyProps();
  setProp(p, tagName, t);
  return typedDict(p);
}

/** Tag with `{groupKey: keyType}` (groupby). */
export function withGroupTag(base: Type, keyType: Type): Type {
  return withNamedTag('groupKey', keyType, base);
}

/** Tag with `{joinKey: string, joinObj: keyType}` (join). */
export function withJoinTag(base: Type, keyType: Type): Type {
  return taggedValue(typedDict({ joinKey: 'string', joinObj: keyType }), base);
}

/** Tag with `{table: tableType}` (table rows). */
export function withTableRowTag(base: Type, tableType: Type): Type {
  return withNamedTag('table', tableType, base);
}

/** Tag with `{file: fileType}` (file-table). */
export function withFileTag(base: Type, fileType: Type): Type {
  return taggedValue(typedDict({ file: fileType }), base);
}
