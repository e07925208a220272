/**
 * List, dict and tag ops end to end: parse → check → evaluate, values and static types.
 */
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from '../../src/api.js';
import { list, maybe, taggedValue, typedDict, typesAreEqual, union, type Type } from '../../src/types/index.js';

function value(expr: string): unknown {
  const r = evaluate(expr);
  if (!r.ok) throw new Error(`${expr}: ${r.error.kind}: ${r.error.message}`);
  return r.value;
}

function errorKind(expr: string): string | null {
  const r = evaluate(expr);
  return r.ok ? null : r.error.kind;
}

function typeOf(expr: string): Type {
  const c = compile(expr);
  if (!c.node) throw new Error(`${expr}: ${c.diagnostics[0]?.message}`);
  return c.type;
}

function expectType(expr: string, expected: Type): void {
  const t = typeOf(expr);
  if (!typesAreEqual(t, expected)) expect(t).toEqual(expected);
}

describe('list literals and indexing', () => {
  it.each([
    ['[1, null, "x"]', [1, null, 'x']],
    ['[[1, 2], []]', [[1, 2], []]],
    ['[1, 2, 3][0]', 1],
    ['[1, 2, 3][-1]', null],
    ['[1, 2, 3][3]', null],
    ['[[1, 2], [3]][1][0]', 3],
    ['[[1, 2], [3]].count', 2],
    ['[].count', 0],
    ['[1, null, 3].dropna', [1, 3]],
    ['[[1, null], null, [null, 2]].dropna', [[1], null, [2]]],
    ['[1, 2, 3].limit(2)', [1, 2]],
    ['[1, 2, 3].offset(1)', [2, 3]],
    ['[[1], null, [2, 3]].concat', [1, 2, 3]],
    ['[[1, [2]], [], null].flatten', [1, 2, null]],
    ['[1, 2, 1, [1], [1]].unique', [1, 2, [1]]],
    ['["a", "b"].contains("b")', true],
    ['[1, null, 2].joinToStr("-")', '1--2'],
  ])('%s → %j', (expr, expected) => {
    expect(value(expr)).toEqual(expected);
  });

  it.each(['[][0]', '[].concat', '[1, 2].contains(null)', '{a: 1}[0]', '[1, 2]["a"]', '[1][null]'])('%s is a type error', (expr) => {
    expect(errorKind(expr)).toBe('type');
  });
});

describe('dicts and pick', () => {
  it.each([
    ['{a: 1, "b c": 2}', { a: 1, 'b c': 2 }],
    ['{a: {b: 2}}["a.b"]', 2],
    ['{"a.b": 1}["a.b"]', null],
    ['{"a.b": 1}["a\\.b"]', 1],
    ['{a: [{b: 1}, {b: 2}, {c: 3}]}["a.*.c"]', [null, null, 3]],
    ['{a: 1}["constructor"]', null],
    ['[{a: 1}, {b: 2}]["a"]', [1, null]],
    ['{a: 1}.merge({b: 2})', { a: 1, b: 2 }],
    ['{a: 1, b: "x"}.values', [1, 'x']],
  ])('%s → %j', (expr, expected) => {
    expect(value(expr)).toEqual(expected);
  });

  it('a key written twice is a type error', () => {
    expect(errorKind('{a: 1, a: 2}')).toBe('type');
  });

  it('types', () => {
    expectType('{a: 1}["b"]', 'none');
    expectType('[{a: 1}, {b: 2}]["a"]', list(maybe('number'), 2, 2));
    expectType('{a: {b: "x"}}["a.b"]', 'string');
    expectType('[{a: 42}, {a: "hello", b: false}]["a"]', list(union(['number', 'string']), 2, 2));
    expectType('[{a: 42}, {a: "hello", b: false}]["abc".slice(0, 1)]', list(maybe(union(['number', 'string', 'boolean'])), 2, 2));
    expect(value('[{a: 42}, {a: "hello", b: false}]["abc".slice(0, 1)]')).toEqual([42, 'hello']);
  });
});

describe('lambdas', () => {
  it.each([
    ['[1, 2, 3].map((row) => row * 2)', [2, 4, 6]],
    ['[10, 20].map((row, index) => index)', [0, 1]],
    ['[1, 2, 3, 4].filter((row) => row > 2)', [3, 4]],
    ['[1, null, 3].filter((row) => row > 1)', [3]],
    ['[2, null, 1].sort((row) => [row], ["asc"])', [null, 1, 2]],
    ['[2, null, 1].sort((row) => [row], ["desc"])', [2, 1, null]],
    ['[{a: 2, b: 1}, {a: 1, b: 1}, {a: 1, b: 2}].sort((row) => [row["a"], row["b"]], ["asc", "desc"])', [
      { a: 1, b: 2 },
      { a: 1, b: 1 },
      { a: 2, b: 1 },
    ]],
    ['[1, 2, 3].groupby((row) => row % 2)', [[2], [1, 3]]],
    ['["b", "a", "b", 10, 2].groupby((row) => row)', [[2], [10], ['b', 'b'], ['a']]],
    ['[null, 1, null].groupby((row) => row).map((row) => row.groupkey)', [1, '']],
    ['[{k: "x", v: 1}, {k: "y", v: 2}, {k: "x", v: 3}].groupby((row) => row["k"]).map((row) => ({key: row.groupkey, total: row["v"].sum}))', [
      { key: 'x', total: 4 },
      { key: 'y', total: 2 },
    ]],
    ['[{a: 1, b: 2}, {b: 2, a: 1}].groupby((row) => ({a: row["a"], b: row["b"]})).count', 1],
    ['[7, 31, 1].map((el) => el + 1)', [8, 32, 2]],
  ])('%s → %j', (expr, expected) => {
    expect(value(expr)).toEqual(expected);
  });

  it('map((row) => row) is the identity; filter keeps tagged rows', () => {
    expect(value('[1, null, "x"].map((row) => row)')).toEqual([1, null, 'x']);
    expect(value('[1, 2, 3].groupby((row) => row > 1).filter((row) => row.count > 1).map((row) => row.groupkey)')).toEqual([true]);
  });

  it('types are refined per element, as the reference refines them', () => {
    expectType('[1, null].map((row) => row + 1)', list(union(['none', 'number']), 2, 2));
    expectType('[null, "a"].map((row) => row)', list('string', 2, 2));
    expectType('[1].filter((row) => row > 5).map((row) => row * 2)', list('none', 1, 1));
    expectType('[1, 2].groupby((row) => row > 1)', list(taggedValue(typedDict({ groupKey: 'boolean' }), list('number'))));
  });
});

describe('tags across ops', () => {
  it('concat pushes group tags onto the rows; later ops keep them', () => {
    expect(value('[1, 2, 3].groupby((row) => row % 2).concat.map((row) => row.groupkey)')).toEqual([0, 1, 1]);
    expect(value('[1, 2, 3].groupby((row) => row % 2).concat.groupkey')).toEqual([0, 1, 1]);
  });

  it('element tags survive concat, filter and sort; dim-down ops drop them', () => {
    const tagged = '[[10, 20], [30]].map((row) => row.createIndexCheckpointTag).concat';
    expect(value(`${tagged}.indexCheckpoint`)).toEqual([0, 1, 0]);
    expect(value(`${tagged}.filter((row) => row > 10).indexCheckpoint`)).toEqual([1, 0]);
    expect(value(`${tagged}.sort((row) => [row], ["desc"]).indexCheckpoint`)).toEqual([0, 1, 0]);
  });

  it('a group tag falls back from the elements to the list', () => {
    expect(value('[1, 2, 2].groupby((row) => row).map((row) => row.count.groupkey)')).toEqual([1, 2]);
  });
});

describe('join and joinAll', () => {
  it('join rows are {alias1, alias2}, tagged with the key', () => {
    expect(value('[{k: 1, a: "x"}].join([{k: 1, b: "y"}, {k: 2, b: "z"}], (row) => row["k"], (row) => row["k"], "l", "r", false, true)')).toEqual([
      { l: { k: 1, a: 'x' }, r: { k: 1, b: 'y' } },
      { l: null, r: { k: 2, b: 'z' } },
    ]);
  });

  it('joinAll merges columns; joinObj reads the key', () => {
    const expr = '[[{a: 1, v: 10}, {a: 2, v: 20}], [{a: 1, v: 11}]].joinAll((row) => row["a"], true)';
    expect(value(expr)).toEqual([
      { a: [1, 1], v: [10, 11] },
      { a: [2, null], v: [20, null] },
    ]);
    expect(value(`${expr}.joinObj`)).toEqual([1, 2]);
  });

  it('join types', () => {
    const t = typeOf('[{a: 2, v: 0.5}].join([{a: 1, k: "x"}], (row) => row["a"], (row) => row["k"], "x", "y", false, true)');
    const expected = list(
      taggedValue(
        typedDict({ joinKey: 'string', joinObj: maybe(union(['number', 'string'])) }),
        typedDict({ x: maybe(typedDict({ a: 'number', v: 'number' })), y: maybe(typedDict({ a: 'number', k: 'string' })) }),
      ),
    );
    if (!typesAreEqual(t, expected)) expect(t).toEqual(expected);
  });
});
