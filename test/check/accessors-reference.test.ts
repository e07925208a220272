/** `objectKeyType` (one key looked up without building every merged key) agrees with `typedDictPropertyTypes`. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  getProp,
  maybe,
  objectKeyType,
  propsFromEntries,
  rawTagged,
  rawUnion,
  typedDict,
  typedDictPropertyTypes,
  type Type,
} from '../../src/types/index.js';
import { lawTypeArb, propertyName, typeArb } from '../types/arbitrary.js';

const ref = (t: Type, key: string): Type => getProp(typedDictPropertyTypes(t), key) ?? 'none';
const outcome = (f: () => Type) => {
  try {
    return JSON.stringify(f());
  } catch (e) {
    return `throws ${(e as Error).message}`;
  }
};

const keys = fc.constantFrom('a', 'b', 'loss', '__proto__', 'constructor', 'toString', 'x y');
const dictArb = fc
  .uniqueArray(fc.tuple(fc.oneof(keys, propertyName), fc.oneof(lawTypeArb, typeArb)), { maxLength: 4, selector: ([k]) => k })
  .map((es) => typedDict(propsFromEntries(es)));
const memberArb: fc.Arbitrary<Type> = fc.oneof(
  dictArb,
  dictArb.map(maybe),
  dictArb.map((d) => rawTagged(typedDict({ run: 'run' }), d)),
  fc.constant<Type>('none'),
  fc.constant<Type>('number'),
);

describe('objectKeyType', () => {
  it('agrees on unions of dicts (and throws alike on non-dicts)', () => {
    fc.assert(
      fc.property(fc.array(memberArb, { maxLength: 5 }), fc.oneof(keys, propertyName), (members, key) => {
        for (const t of [rawUnion(members), maybe(rawUnion(members)), rawTagged(typedDict({ g: 'string' }), rawUnion(members))]) {
          expect(outcome(() => objectKeyType(t, key))).toBe(outcome(() => ref(t, key)));
        }
      }),
      { numRuns: 3000 },
    );
  });
  it('agrees on single dicts and anything else', () => {
    fc.assert(
      fc.property(fc.oneof(memberArb, typeArb), fc.oneof(keys, propertyName), (t, key) => {
        expect(outcome(() => objectKeyType(t, key))).toBe(outcome(() => ref(t, key)));
      }),
      { numRuns: 2000 },
    );
  });
});
