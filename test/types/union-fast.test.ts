/**
 * The fast union de-duplication (src/types/dedup.ts) against a naive reference implementation
 * of the whole reference `union`: same members, same order, same objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constType,
  deepEqual,
  dict,
  fileType,
  functionType,
  isAssignableTo,
  isTaggedValue,
  isUnion,
  list,
  maybe,
  nonNullable,
  propsFromEntries,
  rawTagged,
  rawUnion,
  taggedValue,
  timestamp,
  typedDict,
  typeOfValue,
  union,
  type TaggedValueType,
  type Type,
} from '../../src/types/index.js';
import { dedupMembers, dedupNaive } from '../../src/types/dedup.js';
import { lawTypeArb, typeArb } from './arbitrary.js';

/** The reference's union, written out naively (quadratic de-duplication). */
function naiveUnion(members: readonly Type[]): Type {
  if (members.length === 0) return 'invalid';
  const all: Type[] = [];
  for (const m of members) {
    if (isUnion(m)) all.push(...m.members);
    else if (isTaggedValue(m) && isUnion(m.value)) for (const v of m.value.members) all.push(taggedValue(m.tag, v));
    else all.push(m);
  }
  const uniq: Type[] = [];
  for (const m of all) {
    if (!uniq.some((u) => deepEqual(m, u) || (isAssignableTo(m, u) && isAssignableTo(u, m)))) uniq.push(m);
  }
  const untagged: Type[] = [];
  const byTag = new Map<string, TaggedValueType[]>();
  for (const m of uniq) {
    if (isTaggedValue(m)) {
      const k = JSON.stringify(m.tag);
      const g = byTag.get(k);
      if (g) g.push(m);
      else byTag.set(k, [m]);
    } else {
      untagged.push(m);
    }
  }
  const merged = [...byTag.values()].map((g) => (g.length === 1 ? (g[0] as Type) : rawTagged((g[0] as TaggedValueType).tag, naiveUnion(g.map((x) => x.value)))));
  const full = [...untagged, ...merged];
  return full.length === 1 ? (full[0] as Type) : rawUnion(full);
}

const runTag = typedDict({ run: 'run' });
const projectTag = typedDict({ project: 'project' });

/**
 * Types that collide a lot: few keys, int/float/number, `{}` vs `Dict`, notRequiredKeys,
 * list bounds 0 vs absent, file extensions and media, the same few tags, consts, functions,
 * nested unions — so that equivalent-but-different members are common.
 */
const collidingArb: fc.Arbitrary<Type> = fc.letrec<{ t: Type }>((tie) => {
  const t = tie('t');
  const key = fc.constantFrom('a', 'b', '__proto__');
  const props = fc.uniqueArray(fc.tuple(key, t), { maxLength: 2, selector: ([k]) => k }).map((es) => propsFromEntries(es));
  return {
    t: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<Type>('number', 'int', 'float', 'string', 'none', 'any', 'invalid', 'run'),
      fc.constantFrom<Type>(timestamp(), { type: 'timestamp' }, { type: 'image-file' }, { type: 'table', columnTypes: {} }),
      fc.record({ ext: fc.constantFrom(undefined, 'png', ''), wb: fc.constantFrom(undefined, 'none' as const, { type: 'image-file' as const }) }).map(({ ext, wb }) => fileType(ext, wb)),
      fc.record({ o: t, min: fc.constantFrom(undefined, 0, 1), max: fc.constantFrom(undefined, 2) }).map(({ o, min, max }) => list(o, min, max)),
      t.map((o) => ({ type: 'ArrowWeaveList', objectType: o }) as Type),
      t.map(dict),
      fc.tuple(props, fc.constantFrom(undefined, [], ['a'], ['b', 'a'])).map(([p, nrk]) => typedDict(p, nrk)),
      fc.array(t, { maxLength: 3 }).map(rawUnion),
      fc.array(t, { minLength: 1, maxLength: 3 }).map(union),
      fc.tuple(fc.constantFrom<Type>(runTag, projectTag, taggedValue(projectTag, runTag)), t).map(([tag, v]) => taggedValue(tag, v)),
      fc.tuple(fc.constantFrom<Type>(runTag, projectTag), t).map(([tag, v]) => rawTagged(tag, v)),
      fc.tuple(t, fc.constantFrom<unknown>(1, null, Number.NaN, 'x', [1])).map(([vt, v]) => constType(vt, v)),
      t.map((o) => functionType({ row: 'number' }, o)),
      t.map(maybe),
    ),
  };
}).t;

/** Lists of members with repeats (the same object, and structurally equal copies). */
function membersOf(arb: fc.Arbitrary<Type>, maxLength: number): fc.Arbitrary<Type[]> {
  return fc
    .tuple(fc.array(arb, { minLength: 1, maxLength }), fc.array(fc.nat(), { maxLength }), fc.boolean())
    .map(([base, picks, copy]) => {
      const out = [...base];
      for (const p of picks) {
        const t = base[p % base.length] as Type;
        out.splice(p % (out.length + 1), 0, copy && typeof t === 'object' ? (structuredClone(t) as Type) : t);
      }
      return out;
    });
}

const sameObjects = (a: readonly Type[], b: readonly Type[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const opts = { numRuns: 400 };

describe('fast union de-duplication equals the naive one', () => {
  it('on colliding types (kept members are the same objects, in the same order)', () => {
    fc.assert(
      fc.property(membersOf(collidingArb, 24), (ms) => sameObjects(dedupMembers(ms), dedupNaive(ms))),
      opts,
    );
  });
  it('on arbitrary wire-shaped types (const, functions, tables, odd tags)', () => {
    fc.assert(
      fc.property(membersOf(typeArb, 16), (ms) => sameObjects(dedupMembers(ms), dedupNaive(ms))),
      { numRuns: 200 },
    );
  });
  it('on normalised types', () => {
    fc.assert(
      fc.property(membersOf(lawTypeArb, 20), (ms) => sameObjects(dedupMembers(ms), dedupNaive(ms))),
      opts,
    );
  });
  it('union(ms) equals the naive reference union (flattening, tag merging, order)', () => {
    fc.assert(
      fc.property(membersOf(collidingArb, 24), (ms) => {
        const fast = union(ms);
        const naive = naiveUnion(ms);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(naive));
        expect(fast).toEqual(naive);
      }),
      opts,
    );
  });
  it('on the types of sparse JSON records', () => {
    const record = fc.dictionary(
      fc.constantFrom('loss', 'acc', 'step', 'opt', 'm1', 'm2'),
      fc.oneof(fc.double(), fc.constant('diverged'), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }), fc.constant({ lr: 1 })),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 40 }), (rows) => {
        const ms = rows.map((r) => typeOfValue(r));
        expect(sameObjects(dedupMembers(ms), dedupNaive(ms))).toBe(true);
        expect(JSON.stringify(union(ms))).toBe(JSON.stringify(naiveUnion(ms)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('shortcuts for unions built by union (a subsequence is its own normal form)', () => {
  /** Colliding members among distinct typedDicts and tagged values, so that unions are large (the shortcuts start at 9 members). */
  const padded = (arb: fc.Arbitrary<Type>) =>
    fc.tuple(membersOf(arb, 16), fc.array(fc.nat(30), { minLength: 8, maxLength: 12 })).map(([ms, at]) => {
      const out = [...ms];
      at.forEach((p, i) => out.splice(p % (out.length + 1), 0, i % 3 === 2 ? taggedValue(typedDict({ [`t${i}`]: 'run' }), 'number') : typedDict({ [`p${i}`]: 'string' })));
      return out;
    });
  const subsequence = fc.tuple(padded(collidingArb), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }));
  it('nonNullable(union(ms)) equals the naive union of the members without none', () => {
    fc.assert(
      fc.property(padded(fc.oneof(collidingArb, fc.constant<Type>('none'))), (ms) => {
        const u = union(ms);
        const expected = isUnion(u) ? naiveUnion(u.members.filter((m) => m !== 'none')) : u;
        expect(JSON.stringify(nonNullable(u))).toBe(JSON.stringify(expected));
        expect(JSON.stringify(nonNullable(u))).toBe(JSON.stringify(expected)); // cached answer
      }),
      opts,
    );
  });
  it('union([u]) and union of a subsequence of u equal the naive answers', () => {
    fc.assert(
      fc.property(subsequence, ([ms, keep]) => {
        const u = union(ms);
        expect(JSON.stringify(union([u]))).toBe(JSON.stringify(naiveUnion([u])));
        if (!isUnion(u)) return;
        const sub = u.members.filter((_, i) => keep[i % keep.length]);
        expect(JSON.stringify(union(sub))).toBe(JSON.stringify(naiveUnion(sub)));
        // Out of order, repeated, or mixed with other members: no shortcut applies.
        const reordered = [...sub].reverse();
        expect(JSON.stringify(union(reordered))).toBe(JSON.stringify(naiveUnion(reordered)));
        const repeated = [...sub, ...sub.slice(0, 2)];
        expect(JSON.stringify(union(repeated))).toBe(JSON.stringify(naiveUnion(repeated)));
        const mixed: Type[] = [...sub.slice(0, 5), 'int', typedDict({}), ...sub.slice(5)];
        expect(JSON.stringify(union(mixed))).toBe(JSON.stringify(naiveUnion(mixed)));
        expect(JSON.stringify(nonNullable(rawUnion(['none', ...sub])))).toBe(JSON.stringify(naiveUnion(sub.filter((m) => m !== 'none'))));
      }),
      opts,
    );
  });
});

describe('fast union de-duplication: examples', () => {
  const cases: [string, Type[]][] = [
    ['int/float/number collapse to the first', ['string', 'int', 'number', 'float', 'string', 'number', 'int', 'boolean', 'none', 'none']],
    ['{} and Dict<T> (non-transitive)', [dict('number'), typedDict({}), dict('none'), typedDict({ a: 'number' }), typedDict({ b: 'number' }), dict('string'), typedDict({}), typedDict({ a: 'int' }), typedDict({ a: 'string' })]],
    [
      'notRequiredKeys make different key sets equivalent',
      [typedDict({ a: 'number', b: 'string' }, ['b']), typedDict({ a: 'number' }), typedDict({ a: 'int' }), typedDict({ a: 'number', b: 'string' }), typedDict({ b: 'string' }), typedDict({}, []), typedDict({ a: 'number' }, []), typedDict({ c: 'none' }), typedDict({ a: 'float' })],
    ],
    ['list bounds: 0 and absent minimum are equivalent', [list('number', 0), list('number'), list('int'), list('number', 1), list('number', 1, 2), list('number', undefined, 2), list('float', 0, 2), list('number'), list(dict('number')), list(typedDict({}))]],
    ['tagged members', [taggedValue(runTag, 'number'), 'number', taggedValue(projectTag, 'int'), taggedValue(runTag, 'int'), taggedValue(taggedValue(projectTag, runTag), 'number'), taggedValue(runTag, typedDict({ a: 'number' })), taggedValue(projectTag, dict('number')), 'int', taggedValue(runTag, 'string')]],
    ['any, unions and functions compare with everything', ['any', 'number', rawUnion(['number', 'any']), functionType({}, 'number'), 'int', functionType({ x: 'string' }, 'string'), 'string', 'any', typedDict({})]],
    ['files: absent wbObjectType and none', [fileType('png'), fileType('png', 'none'), fileType(), fileType(''), fileType('png', { type: 'image-file' }), fileType(undefined, 'none'), fileType('json'), fileType(), fileType('png')]],
    [
      'typedDicts whose properties are unions, dicts or lists of unions',
      [typedDict({ a: rawUnion(['number']) }), typedDict({ a: 'number' }), typedDict({ a: dict('number') }), typedDict({ a: typedDict({}) }), typedDict({ a: typedDict({ b: 'int' }) }), typedDict({ a: dict('int') }), typedDict({ a: rawUnion(['int', 'number']) }), typedDict({ a: 'int' }), typedDict({ a: list(rawUnion(['string'])) }), typedDict({ a: list('string') }), typedDict({ b: 'int', a: 'float' }), typedDict({ a: 'number', b: 'number' })],
    ],
    ['consts', [constType('number', 1), constType('int', 1), constType('number', Number.NaN), constType('number', null), constType('number', Number.NaN), 'number', constType('string', 'x'), constType('number', 1), constType(typedDict({}), {})]],
  ];
  it.each(cases)('%s', (_name, ms) => {
    expect(sameObjects(dedupMembers(ms), dedupNaive(ms))).toBe(true);
    expect(JSON.stringify(union(ms))).toBe(JSON.stringify(naiveUnion(ms)));
  });
  it('a union of many distinct typedDicts keeps every one, in order', () => {
    const ms = Array.from({ length: 2000 }, (_, i) => typedDict({ [`k${i}`]: 'number', loss: i % 2 ? 'number' : 'string' }));
    const u = union(ms);
    expect(isUnion(u) && sameObjects(u.members, ms)).toBe(true);
  });
  it('a union of many equal typedDicts keeps the first', () => {
    const ms = Array.from({ length: 2000 }, () => typedDict({ loss: 'number', step: 'int' }));
    expect(union(ms)).toBe(ms[0]);
  });
});
