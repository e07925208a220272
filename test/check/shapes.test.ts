/** The shape pre-test never rules out an assignable pair (and does rule out the obvious ones). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptedHeads, headsMeet, typeHeads } from '../../src/check/shapes.js';
import { standardRegistry } from '../../src/ops/index.js';
import {
  constType,
  functionType,
  isAssignableTo,
  list,
  maybe,
  nullableOneOrMany,
  rawTagged,
  rawUnion,
  SIMPLE_TYPE_NAMES,
  typedDict,
  type Type,
} from '../../src/types/index.js';
import { typeArb } from '../types/arbitrary.js';

const declared = standardRegistry().all().flatMap((d) => Object.values(d.inputTypes));

/** Sound: assignable ⇒ the heads meet (a null head set means "no pre-test"). */
const sound = (t: Type, d: Type) => {
  if (!isAssignableTo(t, d)) return;
  const heads = typeHeads(t);
  if (heads === null) return;
  expect(headsMeet(heads, acceptedHeads(d)), `${JSON.stringify(t)} → ${JSON.stringify(d)}`).toBe(true);
};

/** Types related to `t`, so that assignable pairs come up often. */
const around = (t: Type): Type[] => [
  t,
  maybe(t),
  list(t),
  list(maybe(t), 1, 2),
  nullableOneOrMany(t),
  rawTagged(typedDict({ run: 'run' }), t),
  rawUnion([t, 'none']),
  constType(t, 1),
  functionType({ x: 'any' }, t),
  { type: 'ArrowWeaveList', objectType: t } as Type,
  typedDict({ a: t }),
];

describe('shape pre-test', () => {
  it('is sound on every simple pair, bare and wrapped', () => {
    for (const a of SIMPLE_TYPE_NAMES) for (const b of SIMPLE_TYPE_NAMES) for (const x of around(a)) for (const y of around(b)) sound(x, y);
  });
  it('is sound on random types against op parameters and random types', () => {
    fc.assert(
      fc.property(typeArb, fc.constantFrom(...declared), typeArb, (t, d, u) => {
        for (const x of around(t)) {
          sound(x, d);
          sound(x, u);
          for (const y of around(t)) sound(x, y);
        }
        sound(d, t);
      }),
      { numRuns: 1500 },
    );
  });
  it('rules out what cannot fit', () => {
    const numberOps = acceptedHeads(nullableOneOrMany('number'));
    expect(headsMeet(typeHeads('number')!, numberOps)).toBe(true);
    expect(headsMeet(typeHeads('int')!, numberOps)).toBe(true);
    expect(headsMeet(typeHeads('string')!, numberOps)).toBe(false);
    expect(headsMeet(typeHeads(list('number'))!, numberOps)).toBe(true);
    expect(headsMeet(typeHeads(list('string'))!, numberOps)).toBe(false);
    expect(headsMeet(typeHeads(rawTagged(typedDict({ g: 'number' }), list(typedDict({ a: 'number' }))))!, numberOps)).toBe(false);
    expect(headsMeet(typeHeads('string')!, acceptedHeads(maybe(list('any'))))).toBe(false);
    expect(headsMeet(typeHeads(list(list('run')))!, acceptedHeads(maybe(list('any'))))).toBe(true);
    expect(acceptedHeads(rawUnion(['none', 'any']))).toBe('all');
  });
});
