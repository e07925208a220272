/** The wrapper shortcuts (`nullableTaggable`, `mappableNullableTaggable` on bare types) agree with their definitions. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  list,
  mappable,
  mappableNullableTaggable,
  nullable,
  nullableTaggable,
  taggable,
  toWeaveTypeJson,
  typeToString,
  type Type,
} from '../../src/types/index.js';
import { typeArb } from '../types/arbitrary.js';

const refNT = (t: Type, fn: (x: Type) => Type): Type => nullable(t, (u) => taggable(u, (v) => nullable(v, fn)));
const refMNT = (t: Type, fn: (x: Type) => Type): Type => refNT(t, (u) => mappable(u, (v) => refNT(v, fn)));

const fns: [string, (t: Type) => Type][] = [
  ['const', () => 'number'],
  ['list', (t) => list(t)],
  ['echo', (t) => t],
  ['print', (t) => (typeToString(t).length % 2 ? 'string' : 'none')],
];

describe('modifier shortcuts', () => {
  it('agree with the composed definitions', () => {
    fc.assert(
      fc.property(typeArb, fc.constantFrom(...fns), (t, [, fn]) => {
        const run = (f: () => Type) => {
          try {
            return toWeaveTypeJson(f());
          } catch (e) {
            return `throws ${(e as Error).message}`;
          }
        };
        expect(run(() => nullableTaggable(t, fn))).toEqual(run(() => refNT(t, fn)));
        expect(run(() => mappableNullableTaggable(t, fn))).toEqual(run(() => refMNT(t, fn)));
      }),
      { numRuns: 3000 },
    );
  });
});
