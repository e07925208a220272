/**
 * `isAssignableTo` is written for speed (each shape read once, loops instead of callbacks); this
 * checks it against a plain transcription of the reference's rules on random types, on related
 * pairs (a type and its wrappings) and on the op registry's declared parameter types.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardRegistry } from '../../src/ops/index.js';
import {
  deepEqual,
  getProp,
  isAssignableTo,
  isComplexType,
  isConstType,
  isFunctionType,
  isList,
  isSimpleTypeShape,
  isTaggedValue,
  isTaggedValueLike,
  isTaggedValueUnion,
  isUnion,
  list,
  maybe,
  nullableOneOrMany,
  rawTagged,
  rawUnion,
  typedDict,
  LIST_KINDS,
  SIMPLE_TYPE_NAMES,
  MEDIA_KINDS,
  type ComplexType,
  type Type,
} from '../../src/types/index.js';
import { typeArb } from '../types/arbitrary.js';

const LIST_KIND_SET: ReadonlySet<string> = new Set(LIST_KINDS);
const SAME_KIND: ReadonlySet<string> = new Set([...MEDIA_KINDS, 'dir', 'localdir', 'ndarray', 'timestamp']);

function refTagAssignable(tagType: Type, toTag: Type): boolean {
  if (isTaggedValue(tagType)) return ref(tagType.value, toTag) || refTagAssignable(tagType.tag, toTag);
  if (isTaggedValueUnion(tagType)) return tagType.members.some((m) => refTagAssignable(m, toTag));
  return ref(tagType, toTag);
}

function ref(type: Type, toType: Type): boolean {
  if (toType === 'any') return true;
  if (isTaggedValue(type) && ref(type.value, toType)) return true;
  if (isUnion(type)) return type.members.length > 0 && type.members.every((m) => ref(m, toType));
  if (isUnion(toType)) return toType.members.some((m) => ref(type, m));
  if (isTaggedValue(type)) {
    if (isTaggedValue(toType) && ref(type.value, toType.value)) {
      if (isTaggedValueLike(toType.tag)) return ref(toType.tag, type.tag);
      return refTagAssignable(type.tag, toType.tag);
    }
    return false;
  }
  if (isConstType(type)) {
    if (isConstType(toType)) return ref(type.valType, toType.valType) && deepEqual(type.val, toType.val);
    return ref(type.valType, toType);
  }
  if (isFunctionType(type) && !isFunctionType(toType) && ref(type.outputType, toType)) return true;
  if (isSimpleTypeShape(type)) {
    if (!isSimpleTypeShape(toType)) return false;
    if ((type === 'int' || type === 'float') && toType === 'number') return true;
    if (type === 'number' && (toType === 'int' || toType === 'float')) return true;
    if (type === 'int' && toType === 'float') return true;
    return type === toType;
  }
  if (isSimpleTypeShape(toType)) return false;
  return refComplex(type, toType);
}

function fits(t: { minLength?: number; maxLength?: number }, to: { minLength?: number; maxLength?: number }): boolean {
  if (to.maxLength != null && (t.maxLength == null || t.maxLength > to.maxLength)) return false;
  if (to.minLength != null && (t.minLength ?? 0) < to.minLength) return false;
  return true;
}

function refComplex(type: ComplexType, toType: ComplexType): boolean {
  switch (toType.type) {
    case 'dict':
      if (type.type === 'dict') return ref(type.objectType, toType.objectType);
      if (type.type === 'typedDict') return Object.keys(type.propertyTypes).every((k) => ref(type.propertyTypes[k] as Type, toType.objectType));
      return false;
    case 'typedDict':
      if (type.type === 'dict') return Object.keys(toType.propertyTypes).every((k) => ref(type.objectType, toType.propertyTypes[k] as Type));
      if (type.type === 'typedDict') {
        return Object.keys(toType.propertyTypes).every((k) => {
          const from = getProp(type.propertyTypes, k);
          if (from === undefined) return toType.notRequiredKeys?.includes(k) ?? false;
          return ref(from, toType.propertyTypes[k] as Type);
        });
      }
      return false;
    case 'list':
      return isList(type) && fits(type, toType) && ref(type.objectType, toType.objectType);
    case 'file':
      if (type.type !== 'file') return false;
      if (toType.wbObjectType != null && !ref(type.wbObjectType ?? 'none', toType.wbObjectType)) return false;
      return !(toType.extension != null && type.extension !== toType.extension);
    case 'function':
      return type.type === 'function' && ref(type.outputType, toType.outputType);
    default:
      break;
  }
  if (type.type !== toType.type) return false;
  if (SAME_KIND.has(toType.type)) return true;
  if (LIST_KIND_SET.has(toType.type) && isList(type) && isList(toType)) return fits(type, toType) && ref(type.objectType, toType.objectType);
  return false;
}

/** A type with some wrapping around it, so that related pairs (often assignable) come up. */
const wrapped = (t: Type): fc.Arbitrary<Type> =>
  fc.constantFrom<(x: Type) => Type>(
    (x) => x,
    maybe,
    (x) => list(x),
    (x) => list(maybe(x), 1, 3),
    nullableOneOrMany,
    (x) => rawTagged(typedDict({ run: 'run' }), x),
    (x) => rawUnion([x, 'number']),
    (x) => typedDict({ a: x, b: 'string' }),
    (x) => ({ type: 'tagged', tag: { type: 'typedDict', propertyTypes: { t: x } }, value: x }) as Type,
  ).map((f) => f(t));

const pairArb: fc.Arbitrary<[Type, Type]> = fc.oneof(
  fc.tuple(typeArb, typeArb),
  typeArb.chain((t) => fc.tuple(wrapped(t), wrapped(t))),
);

describe('isAssignableTo agrees with the reference rules', () => {
  it('on every pair of simple types, bare and wrapped', () => {
    for (const a of SIMPLE_TYPE_NAMES) {
      for (const b of SIMPLE_TYPE_NAMES) {
        for (const [x, y] of [[a, b], [a, maybe(b)], [maybe(a), maybe(b)], [list(a), nullableOneOrMany(b)]] as [Type, Type][]) {
          expect(isAssignableTo(x, y)).toBe(ref(x, y));
        }
      }
    }
  });

  it('on random pairs and related pairs', () => {
    fc.assert(
      fc.property(pairArb, ([a, b]) => {
        expect(isAssignableTo(a, b)).toBe(ref(a, b));
        expect(isAssignableTo(b, a)).toBe(ref(b, a));
      }),
      { numRuns: 4000 },
    );
  });

  it("on every op's declared parameter types, against random and declared types", () => {
    const declared = standardRegistry().all().flatMap((d) => Object.values(d.inputTypes));
    for (const a of declared.slice(0, 60)) for (const b of declared) expect(isAssignableTo(a, b)).toBe(ref(a, b));
    fc.assert(
      fc.property(typeArb, fc.constantFrom(...declared), (t, d) => {
        expect(isAssignableTo(t, d)).toBe(ref(t, d));
        expect(isAssignableTo(d, t)).toBe(ref(d, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('on values that are not types (as the rules fall out)', () => {
    const odd = [null, undefined, 5] as unknown as Type[];
    for (const a of odd) {
      for (const b of ['any', 'none', maybe('number'), rawUnion([]), list('number')] as Type[]) {
        let got: unknown;
        let want: unknown;
        try { got = isAssignableTo(a, b); } catch (e) { got = (e as Error).constructor; }
        try { want = ref(a, b); } catch (e) { want = (e as Error).constructor; }
        expect(got).toBe(want);
      }
    }
    expect(isComplexType(null as unknown as Type)).toBe(false);
  });
});
