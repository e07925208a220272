/**
 * Shape predicates: what kind of type is this? They look at the outermost shape only, exactly
 * like the reference's `isList`, `isUnion`, … in `model/helpers.ts`; the `…Like` variants look
 * through tags (and, for lists, functions and unions) as the reference's do.
 */
import {
  LIST_KINDS,
  MEDIA_KINDS,
  TABLE_KINDS,
  type ComplexType,
  type ConstType,
  type DictType,
  type FileType,
  type FunctionType,
  type ListLikeType,
  type ListType,
  type MediaType,
  type SimpleTypeName,
  type TableType,
  type TaggedValueType,
  type TimestampType,
  type Type,
  type TypedDictType,
  type UnionType,
} from './model.js';

const LIST_KIND_SET: ReadonlySet<string> = new Set(LIST_KINDS);
const MEDIA_KIND_SET: ReadonlySet<string> = new Set(MEDIA_KINDS);
const TABLE_KIND_SET: ReadonlySet<string> = new Set(TABLE_KINDS);

/** A simple type is a plain string (`'number'`, `'run'`, …). */
export function isSimpleTypeShape(t: Type): t is SimpleTypeName {
  return typeof t === 'string';
}

/** Any object-shaped type. */
export function isComplexType(t: Type): t is ComplexType {
  return typeof t === 'object' && t !== null;
}

/** A list or one of the Python list implementations (the reference's `isList`). */
export function isList(t: Type): t is ListType | ListLikeType {
  return isComplexType(t) && LIST_KIND_SET.has(t.type);
}

export function isUnion(t: Type): t is UnionType {
  return isComplexType(t) && t.type === 'union';
}

export function isTaggedValue(t: Type): t is TaggedValueType {
  return isComplexType(t) && t.type === 'tagged';
}

export function isTypedDict(t: Type): t is TypedDictType {
  return isComplexType(t) && t.type === 'typedDict';
}

export function isDict(t: Type): t is DictType {
  return isComplexType(t) && t.type === 'dict';
}

export function isFunctionType(t: Type): t is FunctionType {
  return isComplexType(t) && t.type === 'function';
}

export function isFileType(t: Type): t is FileType {
  return isComplexType(t) && t.type === 'file';
}

export function isConstType(t: Type): t is ConstType {
  return isComplexType(t) && t.type === 'const';
}

export function isTimestampType(t: Type): t is TimestampType {
  return isComplexType(t) && t.type === 'timestamp';
}

/** `table`, `joined-table`, `partitioned-table` or `incremental-table`. */
export function isTableType(t: Type): t is TableType {
  return isComplexType(t) && TABLE_KIND_SET.has(t.type);
}

/** One of the W&B media kinds (images, video, …, trace trees, tables). */
export function isMediaType(t: Type): t is MediaType {
  return isComplexType(t) && MEDIA_KIND_SET.has(t.type);
}

/** A union whose members are all tagged values (the reference's `isTaggedValueUnion`). */
export function isTaggedValueUnion(t: Type): t is UnionType {
  return isUnion(t) && t.members.every(isTaggedValue);
}

/** The members of a union of tagged values (call only after `isTaggedValueUnion`). */
export function taggedMembers(t: UnionType): readonly TaggedValueType[] {
  return t.members as readonly TaggedValueType[];
}

/** A tagged value, or a union of tagged values. */
export function isTaggedValueLike(t: Type): t is TaggedValueType | UnionType {
  return isTaggedValue(t) || isTaggedValueUnion(t);
}

/**
 * A typedDict, possibly behind tags, or a union of such (the reference's `isTypedDictLike`).
 * Note: `none` members make a union not dict-like, exactly as in the reference.
 */
export function isTypedDictLike(t: Type): boolean {
  return (
    isTypedDict(t) ||
    (isTaggedValue(t) && isTypedDictLike(t.value)) ||
    (isUnion(t) && t.members.every(isTypedDictLike))
  );
}

/**
 * A list; a tagged list; a function returning something list-like; or a union all of whose
 * members are lists or tagged lists (the reference's `isListLike`; nullable unions are *not*
 * list-like).
 */
export function isListLike(t: Type): boolean {
  return (
    isList(t) ||
    (isTaggedValue(t) && isList(t.value)) ||
    (isFunctionType(t) && isListLike(t.outputType)) ||
    (isUnion(t) && t.members.every((m) => isList(m) || (isTaggedValue(m) && isList(m.value))))
  );
}

/** A union with a direct `'none'` member (tags are not looked through, as in the reference). */
export function isNullable(t: Type): boolean {
  return isUnion(t) && t.members.includes('none');
}
