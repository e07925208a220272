/**
 * Assignability and structural equality.
 *
 * `isAssignableTo` follows the reference's `isAssignableTo` (`model/helpers.ts`) rule for rule;
 * see docs/types.md for the rules written out.
 */
import {
  isComplexType,
  isList,
  isSimpleTypeShape,
  isTaggedValue,
  isTaggedValueLike,
  isTaggedValueUnion,
  isUnion,
} from './guards.js';
import {
  LIST_KINDS,
  MEDIA_KINDS,
  type ComplexType,
  type ConstType,
  type PropertyTypes,
  type TaggedValueType,
  type Type,
  type UnionType,
} from './model.js';
import { getProp, hasProp } from './props.js';

const LIST_KIND_SET: ReadonlySet<string> = new Set(LIST_KINDS);
/** Kinds for which "same kind ⇒ assignable" (attributes such as table columns are not checked). */
const SAME_KIND_ASSIGNABLE: ReadonlySet<string> = new Set([
  ...MEDIA_KINDS,
  'dir',
  'localdir',
  'ndarray',
  'timestamp',
]);

/**
 * Can a tagged value whose tag chain is `tagType` be used where tag `toTag` is expected?
 * True when some tag anywhere in the chain (or in some member of a union of tagged tags)
 * assigns to `toTag` (the reference's `tagAssignable`).
 */
export function tagAssignable(tagType: Type, toTag: Type): boolean {
  if (isTaggedValue(tagType)) {
    return isAssignableTo(tagType.value, toTag) || tagAssignable(tagType.tag, toTag);
  }
  if (isTaggedValueUnion(tagType)) {
    return tagType.members.some((m) => tagAssignable(m, toTag));
  }
  return isAssignableTo(tagType, toTag);
}

/** Can a value of type `type` be passed where `toType` is expected? */
export function isAssignableTo(type: Type, toType: Type): boolean {
  // Everything (even invalid) is assignable to any.
  if (toType === 'any') return true;
  // The rules below, in the reference's order, with each shape read once.
  if (typeof type === 'string') {
    if (typeof toType === 'string') return simpleAssignable(type, toType);
    return isUnion(toType) && someMemberAccepts(type, toType.members);
  }
  if (!isComplexType(type)) return oddAssignable(type, toType);
  const kind = type.type;
  if (kind === 'tagged' && isAssignableTo(type.value, toType)) return true;
  if (kind === 'union') {
    // Every member must fit; an empty union fits nothing.
    const members = type.members;
    if (members.length === 0) return false;
    for (let i = 0; i < members.length; i++) if (!isAssignableTo(members[i] as Type, toType)) return false;
    return true;
  }
  const toKind = isComplexType(toType) ? toType.type : undefined;
  if (toKind === 'union') return someMemberAccepts(type, (toType as UnionType).members);
  if (kind === 'tagged') {
    // Tagged → tagged: values assign, and some tag in our chain assigns to theirs.
    if (toKind === 'tagged') {
      const to = toType as TaggedValueType;
      if (isAssignableTo(type.value, to.value)) {
        if (isTaggedValueLike(to.tag)) return isAssignableTo(to.tag, type.tag);
        return tagAssignable(type.tag, to.tag);
      }
    }
    return false;
  }
  if (kind === 'const') {
    if (toKind === 'const') {
      const to = toType as ConstType;
      return isAssignableTo(type.valType, to.valType) && deepEqual(type.val, to.val);
    }
    return isAssignableTo(type.valType, toType);
  }
  if (kind === 'function' && toKind !== 'function') {
    if (isAssignableTo(type.outputType, toType)) return true;
  }
  if (isSimpleTypeShape(toType)) return false;
  return complexAssignable(type, toType);
}

/** Simple to simple: equal names, plus the reference's number hacks (int/float ↔ number, int → float). */
function simpleAssignable(type: string, toType: string): boolean {
  if (type === toType) return true;
  if ((type === 'int' || type === 'float') && toType === 'number') return true;
  if (type === 'number' && (toType === 'int' || toType === 'float')) return true;
  return type === 'int' && toType === 'float';
}

function someMemberAccepts(type: Type, members: readonly Type[]): boolean {
  for (let i = 0; i < members.length; i++) if (isAssignableTo(type, members[i] as Type)) return true;
  return false;
}

/** A value that is no type at all (not a string, not an object): the rules as they fall out. */
function oddAssignable(type: Type, toType: Type): boolean {
  if (isUnion(toType)) return someMemberAccepts(type, toType.members);
  if (isSimpleTypeShape(toType)) return false;
  return complexAssignable(type as ComplexType, toType);
}

function complexAssignable(type: ComplexType, toType: ComplexType): boolean {
  switch (toType.type) {
    case 'dict': {
      if (type.type === 'dict') return isAssignableTo(type.objectType, toType.objectType);
      if (type.type === 'typedDict') {
        const props = type.propertyTypes;
        const keys = Object.keys(props);
        for (let i = 0; i < keys.length; i++) {
          if (!isAssignableTo(props[keys[i] as string] as Type, toType.objectType)) return false;
        }
        return true;
      }
      return false;
    }
    case 'typedDict': {
      const toProps = toType.propertyTypes;
      const keys = Object.keys(toProps);
      if (type.type === 'dict') {
        for (let i = 0; i < keys.length; i++) {
          if (!isAssignableTo(type.objectType, toProps[keys[i] as string] as Type)) return false;
        }
        return true;
      }
      if (type.type === 'typedDict') {
        // Every key of the target must exist with an assignable type; extra keys are fine.
        // Keys listed in the target's notRequiredKeys may be missing (newer reference versions).
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i] as string;
          const from = getProp(type.propertyTypes, k);
          if (from === undefined) {
            if (!(toType.notRequiredKeys?.includes(k) ?? false)) return false;
          } else if (!isAssignableTo(from, toProps[k] as Type)) {
            return false;
          }
        }
        return true;
      }
      return false;
    }
    case 'list':
      // Any list implementation may be used where the list interface is expected.
      if (!isList(type)) return false;
      return listFits(type, toType) && isAssignableTo(type.objectType, toType.objectType);
    case 'file':
      if (type.type !== 'file') return false;
      if (toType.wbObjectType != null && !isAssignableTo(type.wbObjectType ?? 'none', toType.wbObjectType)) {
        return false;
      }
      if (toType.extension != null && type.extension !== toType.extension) return false;
      return true;
    case 'function':
      // Only output types are compared.
      return type.type === 'function' && isAssignableTo(type.outputType, toType.outputType);
    default:
      break;
  }
  if (type.type !== toType.type) return false;
  if (SAME_KIND_ASSIGNABLE.has(toType.type)) return true;
  if (LIST_KIND_SET.has(toType.type) && isList(type) && isList(toType)) {
    // Python list implementations: same kind, element types assign.
    return listFits(type, toType) && isAssignableTo(type.objectType, toType.objectType);
  }
  return false;
}

function listFits(
  type: { readonly minLength?: number; readonly maxLength?: number },
  toType: { readonly minLength?: number; readonly maxLength?: number },
): boolean {
  if (toType.maxLength != null && (type.maxLength == null || type.maxLength > toType.maxLength)) return false;
  if (toType.minLength != null && (type.minLength ?? 0) < toType.minLength) return false;
  return true;
}

/** Deep equality of plain JSON-like data; a property holding `undefined` counts as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Same defined keys, deep-equal values (one pass over each key list, no intermediate arrays).
  const ak = Object.keys(ao);
  let defined = 0;
  for (let i = 0; i < ak.length; i++) {
    const k = ak[i] as string;
    const x = ao[k];
    if (x === undefined) continue;
    defined++;
    if (!hasProp(bo, k) || !deepEqual(x, bo[k])) return false;
  }
  const bk = Object.keys(bo);
  for (let i = 0; i < bk.length; i++) if (bo[bk[i] as string] !== undefined) defined--;
  return defined === 0;
}

const TYPE_FIELDS: ReadonlySet<string> = new Set(['objectType', 'tag', 'value', 'outputType', 'valType', 'wbObjectType']);
const TYPE_MAP_FIELDS: ReadonlySet<string> = new Set(['propertyTypes', 'inputTypes', 'columnTypes']);

function propsEqual(a: PropertyTypes, b: PropertyTypes): boolean {
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every((k) => {
    const other = getProp(b, k);
    return other !== undefined && typesAreEqual(a[k] as Type, other);
  });
}

function sameSet(a: readonly Type[], b: readonly Type[]): boolean {
  return a.every((x) => b.some((y) => typesAreEqual(x, y))) && b.every((y) => a.some((x) => typesAreEqual(x, y)));
}

/**
 * Structural equality of two types. Union members compare as sets, property maps ignore key
 * order, `notRequiredKeys` compares as a set (absent = empty), and optional fields that are
 * `undefined` count as absent. `{type:'timestamp'}` and `{type:'timestamp', unit:'ms'}` are
 * different (they are different JSON), although each is assignable to the other.
 */
export function typesAreEqual(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (!isComplexType(a) || !isComplexType(b)) return false;
  if (a.type !== b.type) return false;
  if (isUnion(a) && isUnion(b)) return sameSet(a.members, b.members);
  const ao = a as unknown as Record<string, unknown>;
  const bo = b as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    const x = ao[k];
    const y = bo[k];
    if (k === 'notRequiredKeys') {
      const xs = new Set((x as readonly string[] | undefined) ?? []);
      const ys = new Set((y as readonly string[] | undefined) ?? []);
      if (xs.size !== ys.size || [...xs].some((s) => !ys.has(s))) return false;
      continue;
    }
    if (x === undefined || y === undefined) {
      if (x !== y) return false;
      continue;
    }
    if (TYPE_FIELDS.has(k)) {
      if (!typesAreEqual(x as Type, y as Type)) return false;
    } else if (TYPE_MAP_FIELDS.has(k)) {
      if (!propsEqual(x as PropertyTypes, y as PropertyTypes)) return false;
    } else if (!deepEqual(x, y)) {
      return false;
    }
  }
  return true;
}
