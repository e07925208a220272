/**
 * List ops at the op level: resolvers through their kinds (nulls, tags, mapping) and output
 * types from input types. End-to-end cases over parsed expressions are in list-eval.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { constNode, varNode, type Node } from '../../src/graph/node.js';
import { standardRegistry } from '../../src/ops/index.js';
import { findNamedTag, stripTags, Tagged } from '../../src/ops/values.js';

/** The (untagged) value of the named tag. */
const tagOf = (v: unknown, name: string): unknown => stripTags(findNamedTag(v, name));
import { list, maybe, taggedValue, typedDict, typesAreEqual, union, type Type } from '../../src/types/index.js';

const reg = standardRegistry();

function run(op: string, inputs: Record<string, unknown>, inputTypes: Record<string, Type> = {}): unknown {
  return reg.get(op).resolve(inputs, { inputTypes, data: null });
}

function val(op: string, inputs: Record<string, unknown>, inputTypes: Record<string, Type> = {}): unknown {
  return stripTags(run(op, inputs, inputTypes));
}

/** Output type for the given input types; `consts` makes an input a const node with that value. */
function typeOf(op: string, types: Record<string, Type>, consts: Record<string, unknown> = {}): Type {
  const nodes: Record<string, Node> = {};
  for (const k of Object.keys(types)) {
    nodes[k] = k in consts ? constNode(types[k] as Type, consts[k]) : varNode(types[k] as Type, k);
  }
  return reg.get(op).outputType(nodes);
}

function expectType(actual: Type, expected: Type): void {
  if (!typesAreEqual(actual, expected)) expect(actual).toEqual(expected);
}

const run1 = { run: 'r1' };
const run2 = { run: 'r2' };
const fnType = (out: Type): Type => ({ type: 'function', inputTypes: { row: 'any' }, outputType: out });

describe('list (array literal)', () => {
  it.each([
    [{}, []],
    [{ 0: 1, 1: null, 2: 'x' }, [1, null, 'x']],
    [{ 0: [1, 2], 1: [] }, [[1, 2], []]],
    [{ 0: NaN }, [NaN]],
  ])('%j → %j', (inputs, expected) => {
    expect(val('list', inputs)).toEqual(expected);
  });

  it('keeps element tags', () => {
    const out = run('list', { 0: new Tagged(run1, 1) }) as unknown[];
    expect(tagOf(out[0], 'run')).toBe('r1');
  });

  it('types: union of element types, exact length; [] has element type invalid', () => {
    expectType(typeOf('list', { 0: 'number', 1: 'none' }), list(union(['number', 'none']), 2, 2));
    expectType(typeOf('list', {}), list('invalid', 0, 0));
    expectType(typeOf('list', { 0: 'number', 1: 'number' }), list('number', 2, 2));
  });
});

describe('count', () => {
  it.each([
    [[1, 2, 3], 3],
    [[], 0],
    [null, null],
    [[null, null], 2],
    [[[1, 2], [3]], 2],
  ])('%j → %j', (arr, expected) => {
    expect(val('count', { arr })).toEqual(expected);
  });

  it('keeps the list tag on the count', () => {
    expect(tagOf(run('count', { arr: new Tagged(run1, [1]) }), 'run')).toBe('r1');
  });

  it('types: number, nullable with the receiver', () => {
    expectType(typeOf('count', { arr: list('any') }), 'number');
    expectType(typeOf('count', { arr: maybe(list('number')) }), maybe('number'));
  });
});

describe('index', () => {
  it.each([
    [[1, 2, 3], 0, 1],
    [[1, 2, 3], 2, 3],
    [[1, 2, 3], 3, null],
    [[1, 2, 3], -1, null],
    [[1, 2, 3], 1.5, null],
    [[1, 2, 3], NaN, null],
    [[], 0, null],
    [null, 0, null],
    [[[1, 2], [3]], 1, [3]],
    [[null, 2], 0, null],
  ])('%j[%j] → %j', (arr, index, expected) => {
    expect(val('index', { arr, index })).toEqual(expected);
  });

  it('keeps the element tag, and the list tag on top', () => {
    const out = run('index', { arr: new Tagged(run1, [new Tagged({ step: 1 }, 5)]), index: 0 });
    expect(tagOf(out, 'step')).toBe(1);
    expect(tagOf(out, 'run')).toBe('r1');
  });

  it('types: the element type; invalid for []', () => {
    expectType(typeOf('index', { arr: list('number', 3, 3), index: 'number' }), 'number');
    expectType(typeOf('index', { arr: list('invalid', 0, 0), index: 'number' }), 'invalid');
    expectType(
      typeOf('index', { arr: taggedValue(typedDict(run1 as never), list('number')), index: 'number' }),
      taggedValue(typedDict(run1 as never), 'number'),
    );
  });
});

describe('limit / offset', () => {
  it.each([
    ['limit', [1, 2, 3], 2, [1, 2]],
    ['limit', [1, 2, 3], 5, [1, 2, 3]],
    ['limit', [null, 10, 2], -1, [null, 10]],
    ['limit', [1], 0, []],
    ['limit', null, 1, null],
    ['offset', [1, 2, 3], 1, [2, 3]],
    ['offset', [1, 2, 3], 5, []],
    ['offset', [], 0, []],
    ['offset', null, 1, null],
  ])('%s(%j, %j) → %j', (op, arr, n, expected) => {
    expect(val(op, { arr, [op]: n })).toEqual(expected);
  });

  it('a constant limit becomes the upper length bound', () => {
    expectType(typeOf('limit', { arr: list('number', 3, 3), limit: 'number' }, { limit: 2 }), list('number', 3, 2));
    expectType(typeOf('limit', { arr: list('number', 3, 3), limit: 'number' }), list('number', 3, 3));
    expectType(typeOf('offset', { arr: list('number', 3, 3), offset: 'number' }), list('number', 3, 3));
  });
});

describe('dropna', () => {
  it.each([
    [[1, null, 2], [1, 2]],
    [[], []],
    [[null, null], []],
    [null, null],
    [[NaN, null], [NaN]],
    [[[1, null], null, [null, 2]], [[1], null, [2]]],
    [[{ a: null }, null], [{ a: null }]],
  ])('%j → %j', (arr, expected) => {
    expect(val('dropna', { arr })).toEqual(expected);
  });

  it('drops tagged nulls and keeps the tags of the others', () => {
    const out = run('dropna', { arr: [new Tagged(run1, null), new Tagged(run2, 3)] }) as unknown[];
    expect(out).toHaveLength(1);
    expect(tagOf(out[0], 'run')).toBe('r2');
  });

  it('types: none members removed, lower bound 0', () => {
    expectType(typeOf('dropna', { arr: list(maybe('number'), 3, 3) }), list('number', 0, 3));
    expectType(typeOf('dropna', { arr: list('none', 2, 2) }), list('none', 0, 2));
    expectType(
      typeOf('dropna', { arr: list(list(maybe('number'), 2, 2), 2, 2) }),
      list(list('number', 0, 2), 2, 2),
    );
    const tag = typedDict({ run: 'run' });
    expectType(typeOf('dropna', { arr: list(taggedValue(tag, maybe('string'))) }), list(taggedValue(tag, 'string'), 0));
  });

  it('is invalid on lists of mixed depth', () => {
    expect(() => typeOf('dropna', { arr: list(union([list('number'), 'number'])) })).toThrow();
  });
});

describe('concat', () => {
  it.each([
    [[[1], [2, 3]], [1, 2, 3]],
    [[[], []], []],
    [[[1], null, [2]], [1, 2]],
    [[], []],
    [null, null],
    [[[null], [[1]]], [null, [1]]],
  ])('%j → %j', (arr, expected) => {
    expect(val('concat', { arr })).toEqual(expected);
  });

  it('pushes each inner list tag onto its elements', () => {
    const out = run('concat', { arr: [new Tagged(run1, [1, 2]), new Tagged(run2, [3])] }) as unknown[];
    expect(out.map((v) => tagOf(v, 'run'))).toEqual(['r1', 'r1', 'r2']);
    expect(stripTags(out)).toEqual([1, 2, 3]);
  });

  it('types', () => {
    expectType(typeOf('concat', { arr: list(list('number', 2, 2), 3, 3) }), list('number', 2, 2));
    expectType(typeOf('concat', { arr: list(union([list('number'), list('string')])) }), list(union(['number', 'string'])));
    const tag = typedDict({ run: 'run' });
    expectType(typeOf('concat', { arr: list(taggedValue(tag, list('number'))) }), list(taggedValue(tag, 'number')));
    expectType(typeOf('concat', { arr: list(maybe(list('number'))) }), list('number'));
  });
});

describe('flatten', () => {
  it.each([
    [[[1, [2, [3]]], []], [1, 2, 3]],
    [[[], null], [null]],
    [[1, 2], [1, 2]],
    [[], []],
  ])('%j → %j', (arr, expected) => {
    expect(val('flatten', { arr })).toEqual(expected);
  });

  it('merges the tags of every level onto the leaves', () => {
    const out = run('flatten', { arr: [new Tagged(run1, [new Tagged({ step: 2 }, [7])])] }) as unknown[];
    expect(tagOf(out[0], 'run')).toBe('r1');
    expect(tagOf(out[0], 'step')).toBe(2);
  });

  it('types', () => {
    expectType(typeOf('flatten', { arr: list(list(list('number'))) }), list('number'));
  });
});

describe('unique', () => {
  it.each([
    [[1, 2, 1, 3, 2], [1, 2, 3]],
    [[NaN, NaN, 0, -0], [NaN, 0]],
    [[{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1 }], [{ a: 1, b: 2 }, { a: 1 }]],
    [[[1, 2], [1, 2], [2, 1]], [[1, 2], [2, 1]]],
    [[null, null, 1], [null, 1]],
    [[], []],
    [null, null],
  ])('%j → %j', (arr, expected) => {
    expect(val('unique', { arr })).toEqual(expected);
  });

  it('differently tagged equal values are different', () => {
    expect((run('unique', { arr: [new Tagged(run1, 1), new Tagged(run2, 1), new Tagged(run1, 1)] }) as unknown[]).length).toBe(2);
  });
});

describe('contains', () => {
  it.each([
    [[1, 2, 3], 2, true],
    [[1, 2, 3], 4, false],
    [['a', 'b'], 'a', true],
    [[true], false, false],
    [[NaN], NaN, false],
    [[], 1, false],
    [null, 1, null],
  ])('%j contains %j → %j', (arr, element, expected) => {
    expect(val('contains', { arr, element })).toBe(expected);
  });

  it('compares untagged elements', () => {
    expect(val('contains', { arr: [new Tagged(run1, 'x')], element: new Tagged(run2, 'x') })).toBe(true);
  });
});

describe('joinToStr', () => {
  it.each([
    [['a', 'b'], '-', 'a-b'],
    [[1, null, 2], ',', '1,,2'],
    [[], ',', ''],
    [[[1, 2], 3], ';', '1,2;3'],
    [null, ',', null],
  ])('%j.joinToStr(%j) → %j', (arr, sep, expected) => {
    expect(val('joinToStr', { arr, sep })).toBe(expected);
  });

  it('joins untagged values', () => {
    expect(val('joinToStr', { arr: [new Tagged(run1, 'x'), 'y'], sep: '+' })).toBe('x+y');
  });
});

describe('map', () => {
  const mapType = fnType('any');
  it.each([
    [[1, 2, 3], (row: unknown) => (row as number) * 2, [2, 4, 6]],
    [[1, 2], (_row: unknown, i: number) => i, [0, 1]],
    [[], (row: unknown) => row, []],
    [null, (row: unknown) => row, null],
    [[null, 1], (row: unknown) => row == null, [true, false]],
    [[[1, 2], [3]], (row: unknown) => (row as unknown[]).length, [2, 1]],
  ])('%j → %j', (arr, fn, expected) => {
    expect(val('map', { arr, mapFn: fn }, { mapFn: mapType })).toEqual(expected);
  });

  it('rows carry the list tag; results keep their tags', () => {
    const out = run('map', { arr: new Tagged(run1, [1, new Tagged({ step: 3 }, 2)]), mapFn: (row: unknown) => row }) as Tagged;
    const items = out.value as unknown[];
    expect(items.map((v) => tagOf(v, 'run'))).toEqual(['r1', 'r1']);
    expect(tagOf(items[1], 'step')).toBe(3);
  });

  it('types: the function output, the receiver length bounds (refined when the list is known)', () => {
    const t = typeOf('map', { arr: list('number', 3, 3), mapFn: fnType('string') });
    expectType(t, list('string', 3, 3));
  });

  it('map((row) => row) is the identity', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(null), fc.string())), (arr) => {
        expect(val('map', { arr, mapFn: (row: unknown) => row })).toEqual(arr);
      }),
    );
  });
});

describe('filter', () => {
  it.each([
    [[1, 2, 3, 4], (row: unknown) => (row as number) % 2 === 0, [2, 4]],
    [[1, 2], () => null, []],
    [[1, 2], () => true, [1, 2]],
    [[], () => true, []],
    [null, () => true, null],
    [[null, 1], (row: unknown) => row == null, [null]],
    [[NaN, 1], (row: unknown) => Number.isNaN(row), [NaN]],
  ])('%j → %j', (arr, fn, expected) => {
    expect(val('filter', { arr, filterFn: fn })).toEqual(expected);
  });

  it('kept elements keep their tags; predicates see the list tag and tagged results count', () => {
    const arr = new Tagged(run2, [new Tagged(run1, 1), 2]);
    const seen: unknown[] = [];
    const out = run('filter', {
      arr,
      filterFn: (row: unknown) => {
        seen.push(tagOf(row, 'run'));
        return new Tagged({}, stripTags(row) === 1);
      },
    }) as Tagged;
    expect(seen).toEqual(['r1', 'r2']);
    const items = out.value as unknown[];
    expect(items).toHaveLength(1);
    expect(tagOf(items[0], 'run')).toBe('r1');
  });

  it('never adds elements and keeps their order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 5 }), (arr, k) => {
        const out = val('filter', { arr, filterFn: (row: unknown) => (row as number) % k === 0 }) as number[];
        expect(out.length).toBeLessThanOrEqual(arr.length);
        expect(out).toEqual(arr.filter((x) => x % k === 0));
      }),
    );
  });
});

describe('sort', () => {
  const by = (row: unknown) => [row];
  it.each([
    [[3, 1, 2], by, ['asc'], [1, 2, 3]],
    [[3, 1, 2], by, ['desc'], [3, 2, 1]],
    [[2, null, 1], by, ['asc'], [null, 1, 2]],
    [['b', 'a', 'c'], by, ['asc'], ['a', 'b', 'c']],
    [[], by, ['asc'], []],
    [null, by, ['asc'], null],
    [[[2, 1], [1, 2], [1, 1]], (row: unknown) => [row], ['asc'], [[1, 1], [1, 2], [2, 1]]],
  ])('%j → %j', (arr, fn, columnDirs, expected) => {
    expect(val('sort', { arr, compFn: fn, columnDirs })).toEqual(expected);
  });

  it('sorts by several keys with per-key directions', () => {
    const rows = [
      { a: 1, b: 1 },
      { a: 2, b: 1 },
      { a: 1, b: 2 },
    ];
    const out = val('sort', { arr: rows, compFn: (r: any) => [r.a, r.b], columnDirs: ['asc', 'desc'] });
    expect(out).toEqual([{ a: 1, b: 2 }, { a: 1, b: 1 }, { a: 2, b: 1 }]);
  });

  it('keeps element tags', () => {
    const out = run('sort', { arr: [new Tagged(run1, 2), new Tagged(run2, 1)], compFn: by, columnDirs: ['asc'] }) as unknown[];
    expect(out.map((v) => tagOf(v, 'run'))).toEqual(['r2', 'r1']);
  });

  it('is a stable permutation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 })), fc.boolean(), (keys, asc) => {
        const rows = keys.map((k, id) => ({ k, id }));
        const out = val('sort', { arr: rows, compFn: (r: any) => [r.k], columnDirs: [asc ? 'asc' : 'desc'] }) as {
          k: number;
          id: number;
        }[];
        expect([...out].sort((x, y) => x.id - y.id)).toEqual(rows);
        for (let i = 1; i < out.length; i++) {
          const [p, c] = [out[i - 1]!, out[i]!];
          expect(asc ? p.k <= c.k : p.k >= c.k).toBe(true);
          if (p.k === c.k) expect(p.id).toBeLessThan(c.id);
        }
      }),
    );
  });
});

describe('groupby', () => {
  const groups = (arr: unknown, fn: (row: unknown) => unknown, keyType: Type = 'any') =>
    run('groupby', { arr, groupByFn: fn }, { groupByFn: fnType(keyType) }) as unknown[] | null;
  const keys = (out: unknown[] | null) => out!.map((g) => stripTags(tagOf(g, 'groupKey')));

  it.each([
    [[1, 2, 1], (r: unknown) => r, [[1, 1], [2]], [1, 2]],
    [['b', 'a', 'b'], (r: unknown) => r, [['b', 'b'], ['a']], ['b', 'a']],
    [['x', 10, 2, 'y', 2], (r: unknown) => r, [[2, 2], [10], ['x'], ['y']], [2, 10, 'x', 'y']],
    [[null, 0.5, null, 1e10], (r: unknown) => r, [[null, null], [0.5], [1e10]], ['', 0.5, 1e10]],
    [[1, '1'], (r: unknown) => r, [[1, '1']], [1]],
    [[-1, 1], (r: unknown) => r, [[1], [-1]], [1, -1]],
    [[], (r: unknown) => r, [], []],
    [[5, 5], () => true, [[5, 5]], [true]],
  ])('%j → %j', (arr, fn, expected, expectedKeys) => {
    const out = groups(arr, fn);
    expect(stripTags(out)).toEqual(expected);
    expect(keys(out)).toEqual(expectedKeys);
  });

  it('a null receiver gives null', () => {
    expect(groups(null, (r) => r)).toBeNull();
  });

  it('NaN and Infinity keys', () => {
    const out = groups([0, Infinity, 1, null], (r) => (r == null ? null : (r as number) % 2));
    expect(keys(out)).toEqual([0, 1, NaN, '']);
  });

  it('dict keys with the same entries in another order share a group when the key is typed', () => {
    const keyType = typedDict({ k: 'string', n: 'number' });
    const out = groups([{ k: 'a', n: 1 }, { n: 1, k: 'a' }], (r) => ({ ...(r as object) }), keyType);
    expect(out).toHaveLength(1);
  });

  it('rows keep their tags; a tagged key keeps its tags above groupKey', () => {
    const out = groups([new Tagged(run1, 'x')], (r) => r);
    const group = out![0] as Tagged;
    expect(tagOf(group, 'run')).toBe('r1');
    expect(tagOf(group, 'groupKey')).toBe('x');
    expect(tagOf((group.value as unknown[])[0], 'run')).toBe('r1');
  });

  it('partitions its input', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b', null))), (arr) => {
        const out = stripTags(groups(arr, (r) => r)) as unknown[][];
        const flat = out.flat();
        expect(flat).toHaveLength(arr.length);
        const sortKey = (v: unknown) => JSON.stringify(v);
        expect(flat.map(sortKey).sort()).toEqual(arr.map(sortKey).sort());
      }),
    );
  });

  it('types: groups tagged with the key type', () => {
    const t = typeOf('groupby', { arr: list('number'), groupByFn: fnType('boolean') });
    expectType(t, list(taggedValue(typedDict({ groupKey: 'boolean' }), list('number'))));
  });
});

describe('concat law', () => {
  it('the length of concat is the sum of the lengths', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.array(fc.integer()), { nil: null })), (lists) => {
        const out = val('concat', { arr: lists }) as unknown[];
        expect(out.length).toBe(lists.reduce((n, l) => n + (l?.length ?? 0), 0));
      }),
    );
  });
});

describe('join', () => {
  const keyFn = (r: unknown) => (r as { k: unknown }).k;
  const join = (arr1: unknown, arr2: unknown, leftOuter: boolean, rightOuter: boolean) =>
    run(
      'join',
      { arr1, arr2, join1Fn: keyFn, join2Fn: keyFn, alias1: 'l', alias2: 'r', leftOuter, rightOuter },
      { join1Fn: fnType('any'), join2Fn: fnType('any') },
    ) as unknown[];
  const left = [{ k: 1, a: 'x' }, { k: 2, a: 'y' }, { k: 1, a: 'z' }];
  const right = [{ k: 2, b: 'p' }, { k: 3, b: 'q' }];

  it('inner join: matching pairs in left order', () => {
    expect(stripTags(join(left, right, false, false))).toEqual([{ l: { k: 2, a: 'y' }, r: { k: 2, b: 'p' } }]);
  });

  it('left outer: every left row, null partners', () => {
    expect(stripTags(join(left, right, true, false))).toEqual([
      { l: { k: 1, a: 'x' }, r: null },
      { l: { k: 1, a: 'z' }, r: null },
      { l: { k: 2, a: 'y' }, r: { k: 2, b: 'p' } },
    ]);
  });

  it('right outer and full outer', () => {
    expect(stripTags(join(left, right, false, true))).toEqual([
      { l: { k: 2, a: 'y' }, r: { k: 2, b: 'p' } },
      { l: null, r: { k: 3, b: 'q' } },
    ]);
    expect((join(left, right, true, true) as unknown[]).length).toBe(4);
  });

  it('tags rows with the join key string; null lists are empty', () => {
    const out = join(left, right, false, false);
    expect(tagOf(out[0], 'joinKey')).toBe('2');
    expect(join(null, right, false, false)).toEqual([]);
  });

  it('duplicate keys give the cross product', () => {
    expect(join([{ k: 1 }, { k: 1 }], [{ k: 1 }, { k: 1 }], false, false)).toHaveLength(4);
  });

  it('the same alias twice keeps the second list', () => {
    const out = run(
      'join',
      { arr1: [{ k: 1, a: 1 }], arr2: [{ k: 1, b: 2 }], join1Fn: keyFn, join2Fn: keyFn, alias1: 'a', alias2: 'a', leftOuter: false, rightOuter: false },
      { join1Fn: fnType('any'), join2Fn: fnType('any') },
    );
    expect(stripTags(out)).toEqual([{ a: { k: 1, b: 2 } }]);
  });
});

describe('joinAll', () => {
  const keyFn = (r: unknown) => (r as { a: unknown }).a;
  const arrsType = list(list(typedDict({ a: maybe('number'), v: 'number' })));
  const joinAll = (arrs: unknown, outer: boolean) =>
    run('joinAll', { arrs, joinFn: keyFn, outer }, { arrs: arrsType, joinFn: fnType('any') }) as unknown[];

  it('inner: keys present in every list; columns collect one entry per list', () => {
    const out = joinAll(
      [
        [{ a: 1, v: 10 }, { a: 2, v: 20 }],
        [{ a: 1, v: 11 }],
      ],
      false,
    );
    expect(stripTags(out)).toEqual([{ a: [1, 1], v: [10, 11] }]);
    expect(tagOf(out[0], 'joinKey')).toBe('1');
    expect(tagOf(out[0], 'joinObj')).toBe(1);
  });

  it('outer: missing rows are nulls; null keys never join', () => {
    const out = joinAll(
      [
        [{ a: 1, v: 10 }, { a: null, v: 0 }],
        [{ a: 2, v: 21 }],
      ],
      true,
    );
    expect(stripTags(out)).toEqual([
      { a: [1, null], v: [10, null] },
      { a: [null, 2], v: [null, 21] },
    ]);
  });

  it('types: tags of the inner lists and rows move onto the column cells', () => {
    const tag = (k: string) => typedDict({ [k]: 'string' });
    const arrs = maybe(
      taggedValue(
        tag('outerTag'),
        list(maybe(taggedValue(tag('innerTag'), list(maybe(taggedValue(tag('rowTag'), typedDict({ a: 'number', b: 'string' }))))))),
      ),
    );
    const key = taggedValue(tag('keyTag'), typedDict({ k: 'string' }));
    const cell = (t: Type) => list(taggedValue(taggedValue(tag('innerTag'), tag('rowTag')), t));
    const expected = maybe(
      taggedValue(
        tag('outerTag'),
        list(taggedValue(typedDict({ joinKey: 'string', joinObj: key }), typedDict({ a: cell('number'), b: cell('string') }))),
      ),
    );
    expectType(typeOf('joinAll', { arrs, joinFn: fnType(key), outer: 'boolean' }), expected);
  });

  it('nested dict columns are whole values', () => {
    const out = joinAll(
      [
        [{ a: 0, v: { c: 'x' } }, { a: 1, v: null }],
        [{ a: 0, v: null }, { a: 2, v: null }],
      ],
      false,
    );
    expect(stripTags(out)).toEqual([{ a: [0, 0], v: [{ c: 'x' }, null] }]);
  });

  it('null inner lists are skipped', () => {
    expect(stripTags(joinAll([[{ a: 1, v: 1 }], null], false))).toEqual([{ a: [1], v: [1] }]);
  });
});

describe('mapEach', () => {
  const times10 = (row: unknown) => (stripTags(row) as number) * 10;
  it.each([
    [[[1, 2], [3]], [[10, 20], [30]]],
    [5, 50],
    [[1, null], [10, null]],
    [null, null],
    [[], []],
  ])('%j → %j', (obj, expected) => {
    expect(val('mapEach', { obj, mapFn: times10 })).toEqual(expected);
  });

  it('the function sees the tags of the value and of the lists above it', () => {
    const seen: unknown[] = [];
    run('mapEach', {
      obj: new Tagged(run1, [new Tagged({ step: 1 }, 2)]),
      mapFn: (row: unknown) => {
        seen.push([tagOf(row, 'run'), tagOf(row, 'step')]);
        return row;
      },
    });
    expect(seen).toEqual([['r1', 1]]);
  });
});

describe('mapcount, unnest, randomlyDownsample, createIndexCheckpointTag', () => {
  it('mapcount counts inner lists', () => {
    expect(val('mapcount', { arr: [[1, 2], [], new Tagged(run1, [1])] })).toEqual([2, 0, 1]);
  });

  it('unnest zips list columns', () => {
    const arrType = list(typedDict({ id: 'number', xs: list('number'), ys: list('string') }));
    const out = val('unnest', { arr: [{ id: 1, xs: [1, 2], ys: ['a', 'b'] }] }, { arr: arrType });
    expect(out).toEqual([
      { id: 1, xs: 1, ys: 'a' },
      { id: 1, xs: 2, ys: 'b' },
    ]);
  });

  it('randomlyDownsample keeps n elements in order, reproducibly', () => {
    const arr = Array.from({ length: 20 }, (_, i) => i);
    const a = val('randomlyDownsample', { arr, n: 5 }) as number[];
    expect(a).toHaveLength(5);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(val('randomlyDownsample', { arr, n: 5 })).toEqual(a);
    expect(val('randomlyDownsample', { arr, n: 50 })).toEqual(arr);
    expect(() => run('randomlyDownsample', { arr, n: -1 })).toThrow();
  });

  it('createIndexCheckpointTag tags positions, read back by the getter', () => {
    const tagged = run('list-createIndexCheckpointTag', { arr: ['a', 'b'] });
    expect(stripTags(run('tag-indexCheckpoint', { obj: tagged }))).toEqual([0, 1]);
  });
});
