/**
 * `typedDictPropertyTypes` and `objectKeyType` over unions (which fold per key and skip repeated
 * property types) against the reference's merge written out naively.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dict,
  getProp,
  hasProp,
  isTypedDict,
  isUnion,
  list,
  maybe,
  nullableTaggableValue,
  objectKeyType,
  propsFromEntries,
  rawUnion,
  taggedValue,
  typedDict,
  typedDictPropertyTypes,
  typeOfValue,
  union,
  type Type,
} from '../../src/types/index.js';

/** The reference's typedDictPropertyTypes for a union: the merged map rebuilt per member. */
function naiveProps(members: readonly Type[]): Record<string, Type> {
  let prev: Record<string, Type> = Object.create(null);
  members.forEach((member, ndx) => {
    const cur = nullableTaggableValue(member);
    if (!isTypedDict(cur) && cur !== 'none') throw new TypeError('non-dict');
    const props = cur === 'none' ? Object.create(null) : cur.propertyTypes;
    const next: Record<string, Type> = Object.create(null);
    if (ndx === 0) {
      for (const k of Object.keys(props)) next[k] = props[k];
    } else {
      for (const k of Object.keys(prev)) next[k] = union([prev[k] as Type, getProp(props, k) ?? 'none']);
      for (const k of Object.keys(props)) if (!hasProp(prev, k)) next[k] = union([props[k], 'none']);
    }
    prev = next;
  });
  return prev;
}

const runTag = typedDict({ run: 'run' });
/** A few shared property types (the same objects recur, as in data-refined unions). */
const shared: Type[] = ['number', 'string', 'none', 'int', list('number'), typedDict({ lr: 'number' }), dict('number'), maybe('string'), taggedValue(runTag, 'number')];
const propType = fc.oneof(fc.constantFrom(...shared), fc.constantFrom<Type>('boolean', 'float').map((t) => union([t, 'none'])), fc.constant(null).map(() => typedDict({ lr: 'number' })));
const member = fc.oneof(
  { weight: 6, arbitrary: fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'loss', '__proto__', 'm1', 'm2'), propType), { maxLength: 5, selector: ([k]) => k }).map((es) => typedDict(propsFromEntries(es))) },
  { weight: 1, arbitrary: fc.constant<Type>('none') },
);
const members = fc.array(member, { minLength: 1, maxLength: 60 });

describe('typedDictPropertyTypes / objectKeyType over unions', () => {
  it('equal the naive per-member merge (keys, order, types)', () => {
    fc.assert(
      fc.property(members, (ms) => {
        const u = rawUnion(ms);
        // Both read through the wrappers first (none members go, the union is normalised).
        const payload = nullableTaggableValue(u);
        fc.pre(isUnion(payload));
        const fast = typedDictPropertyTypes(u);
        const naive = naiveProps((payload as { members: readonly Type[] }).members);
        expect(Object.keys(fast)).toEqual(Object.keys(naive));
        expect(JSON.stringify(fast)).toBe(JSON.stringify(naive));
        for (const k of [...Object.keys(naive), 'absent']) {
          expect(JSON.stringify(objectKeyType(u, k))).toBe(JSON.stringify(getProp(naive, k) ?? 'none'));
        }
      }),
      { numRuns: 300 },
    );
  });
  it('on the union type of sparse summaries', () => {
    const rows = Array.from({ length: 300 }, (_, i) => {
      const r: Record<string, unknown> = { _step: i };
      if (i % 7 !== 0) r.loss = i % 11 === 0 ? 'diverged' : i / 300;
      if (i % 3 === 0) r.opt = { lr: { value: 0.1 } };
      for (let k = 0; k < 6; k++) if ((i * (k + 3)) % 5 < 2) r[`m${k}`] = k;
      return r;
    });
    const t = typeOfValue(rows);
    const u = (t as { objectType: Type }).objectType;
    expect(isUnion(u)).toBe(true);
    const ms = (u as unknown as { members: readonly Type[] }).members;
    const naive = naiveProps(ms);
    expect(JSON.stringify(typedDictPropertyTypes(u))).toBe(JSON.stringify(naive));
    expect(JSON.stringify(typedDictPropertyTypes(maybe(u)))).toBe(JSON.stringify(naive));
    expect(JSON.stringify(objectKeyType(u, 'loss'))).toBe(JSON.stringify(getProp(naive, 'loss')));
  });
});
