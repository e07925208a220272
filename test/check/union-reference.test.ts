/** `union` and `maybe` (written to allocate less) build exactly what the reference rules build. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deepEqual,
  isAssignableTo,
  isNullable,
  isTaggedValue,
  isUnion,
  maybe,
  rawTagged,
  rawUnion,
  taggedValue,
  typedDict,
  union,
  type TaggedValueType,
  type Type,
} from '../../src/types/index.js';
import { lawTypeArb, typeArb } from '../types/arbitrary.js';

function refUnion(members: readonly Type[]): Type {
  if (members.length === 0) return 'invalid';
  const all: Type[] = [];
  for (const m of members) {
    if (isUnion(m)) all.push(...m.members);
    else if (isTaggedValue(m) && isUnion(m.value)) for (const v of m.value.members) all.push(taggedValue(m.tag, v));
    else all.push(m);
  }
  const uniq: Type[] = [];
  for (const m of all) if (!uniq.some((u) => deepEqual(m, u) || (isAssignableTo(m, u) && isAssignableTo(u, m)))) uniq.push(m);
  const untagged: Type[] = [];
  const byTag = new Map<string, TaggedValueType[]>();
  for (const m of uniq) {
    if (isTaggedValue(m)) {
      const key = JSON.stringify(m.tag);
      const group = byTag.get(key);
      if (group) group.push(m);
      else byTag.set(key, [m]);
    } else untagged.push(m);
  }
  const merged: Type[] = [];
  for (const group of byTag.values()) {
    const first = group[0] as TaggedValueType;
    merged.push(group.length === 1 ? first : rawTagged(first.tag, refUnion(group.map((g) => g.value))));
  }
  const full = [...untagged, ...merged];
  return full.length === 1 ? (full[0] as Type) : rawUnion(full);
}

const refMaybe = (t: Type): Type => (isNullable(t) ? t : isUnion(t) ? rawUnion(['none', ...t.members]) : rawUnion(['none', t]));

const same = (a: Type, b: Type) => {
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(Object.isFrozen(a)).toBe(Object.isFrozen(b));
};

describe('union and maybe', () => {
  const tagged = lawTypeArb.map((v) => rawTagged(typedDict({ g: 'number' }), v));
  const member = fc.oneof(typeArb, lawTypeArb, tagged, tagged.map((t) => rawTagged((t as TaggedValueType).tag, rawUnion(['none', 'string']))));
  it('union agrees with the reference on random member lists', () => {
    fc.assert(fc.property(fc.array(member, { maxLength: 5 }), (ms) => same(union(ms), refUnion(ms))), { numRuns: 3000 });
  });
  it('maybe agrees with the reference', () => {
    fc.assert(fc.property(member, (t) => same(maybe(t), refMaybe(t))), { numRuns: 2000 });
  });
  it('a single plain member is itself', () => {
    const t = typedDict({ a: 'number' });
    expect(union([t])).toBe(t);
    expect(union(['number'])).toBe('number');
  });
});
