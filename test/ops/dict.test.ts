/** Dict ops at the op level: the literal, pick paths (values and types), values, keytypes, merge. */
import { describe, expect, it } from 'vitest';
import { constNode, varNode, type Node } from '../../src/graph/node.js';
import { splitPickPath } from '../../src/ops/dict-path.js';
import { standardRegistry } from '../../src/ops/index.js';
import { findNamedTag, stripTags, Tagged } from '../../src/ops/values.js';
import { dict, list, maybe, taggedValue, typedDict, typesAreEqual, union, type Type } from '../../src/types/index.js';

const reg = standardRegistry();
const run = (op: string, inputs: Record<string, unknown>, inputTypes: Record<string, Type> = {}) =>
  reg.get(op).resolve(inputs, { inputTypes, data: null });
const val = (op: string, inputs: Record<string, unknown>, inputTypes: Record<string, Type> = {}) =>
  stripTags(run(op, inputs, inputTypes));
const tagOf = (v: unknown, name: string): unknown => stripTags(findNamedTag(v, name));

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

describe('dict (dict literal)', () => {
  it('builds a dict in key order, values keep their tags', () => {
    const out = run('dict', { b: 1, a: new Tagged({ run: 'r' }, 2) }) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['b', 'a']);
    expect(tagOf(out.a, 'run')).toBe('r');
    expect(stripTags(out)).toEqual({ b: 1, a: 2 });
  });

  it('a `__proto__` key is an ordinary key', () => {
    const inputs: Record<string, unknown> = {};
    Object.defineProperty(inputs, '__proto__', { value: 1, enumerable: true });
    const out = run('dict', inputs) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });

  it('types: a typedDict of the value types', () => {
    expectType(typeOf('dict', { a: 'number', b: 'none' }), typedDict({ a: 'number', b: 'none' }));
    expectType(typeOf('dict', {}), typedDict({}));
  });
});

describe('pick paths', () => {
  it.each([
    ['a', ['a']],
    ['a.b', ['a', 'b']],
    ['a\\.b', ['a.b']],
    ['a\\.b.c', ['a.b', 'c']],
    ['', ['']],
    ['a.', ['a', '']],
    ['a\\b', ['a\\b']],
    ['*.x', ['*', 'x']],
  ])('%j splits into %j', (key, parts) => {
    expect(splitPickPath(key)).toEqual(parts);
  });
});

describe('pick', () => {
  const obj = { a: 1, b: 'two', 'a.b': 3, n: { b: 4 }, 'x y': 5, l: [{ b: 1 }, { b: 2 }, { c: 3 }] };
  it.each([
    [obj, 'a', 1],
    [obj, 'n', { b: 4 }],
    [obj, 'n.b', 4],
    [obj, 'a.b', null],
    [obj, 'a\\.b', 3],
    [obj, 'x y', 5],
    [obj, 'missing', null],
    [obj, 'n.missing.deeper', null],
    [obj, 'l.*.b', [1, 2, null]],
    [obj, 'l.*', obj.l],
    [obj, 'l.1.b', 2],
    [{ a: { x: { v: 1 }, y: { v: 2 } } }, 'a.*.v', { x: 1, y: 2 }],
    [{ a: { x: 1 } }, 'a.*', { x: null }],
    [{ a: null }, 'a.b', null],
    [{}, 'constructor', null],
    [{}, 'toString', null],
    [{ a: 'abc' }, 'a.length', null],
    [null, 'a', null],
    [{ a: NaN }, 'a', NaN],
  ])('%j[%j] → %j', (o, key, expected) => {
    expect(val('pick', { obj: o, key })).toEqual(expected);
  });

  it('maps over a list of dicts, keeping nulls and element tags', () => {
    const out = run('pick', { obj: [{ a: 1 }, null, new Tagged({ run: 'r' }, { a: 2 })], key: 'a' }) as unknown[];
    expect(stripTags(out)).toEqual([1, null, 2]);
    expect(tagOf(out[2], 'run')).toBe('r');
  });

  it('a null key gives null', () => {
    expect(val('pick', { obj: { a: 1 }, key: null })).toBeNull();
  });

  it('tags of nested values are kept on the result', () => {
    const out = run('pick', { obj: { a: new Tagged({ step: 1 }, { b: 2 }) }, key: 'a.b' });
    expect(tagOf(out, 'step')).toBe(1);
  });

  const d = typedDict({ a: 'number', n: typedDict({ b: 'string' }), l: list(typedDict({ b: 'number' }), 2, 2) });
  it.each([
    ['a', 'number'],
    ['n.b', 'string'],
    ['missing', 'none'],
    ['a.b', 'none'],
    ['l.*.b', list('number', 2, 2)],
    ['l.*', list(typedDict({ b: 'number' }), 2, 2)],
    ['*', typedDict({ a: 'none', n: 'none', l: 'none' })],
  ] as [string, Type][])('types: %j → %j', (key, expected) => {
    expectType(typeOf('pick', { obj: d, key: 'string' }, { key }), expected);
  });

  it('types: a computed key gives any value, or null', () => {
    expectType(typeOf('pick', { obj: typedDict({ a: 'number', b: 'string' }), key: 'string' }), maybe(union(['number', 'string'])));
    expectType(typeOf('pick', { obj: dict('number'), key: 'string' }), maybe('number'));
  });

  it('types: maps over lists; a union of dicts merges keys', () => {
    expectType(
      typeOf('pick', { obj: list(typedDict({ a: 'number' }), 2, 2), key: 'string' }, { key: 'a' }),
      list('number', 2, 2),
    );
    const u = list(union([typedDict({ a: 'number' }), typedDict({ b: 'string' })]));
    expectType(typeOf('pick', { obj: u, key: 'string' }, { key: 'a' }), list(union(['number', 'none'])));
  });

  it('types: tags of the dict are kept', () => {
    const tag = typedDict({ run: 'run' });
    expectType(typeOf('pick', { obj: taggedValue(tag, typedDict({ a: 'number' })), key: 'string' }, { key: 'a' }), taggedValue(tag, 'number'));
  });

  it('dict-pick is the same op, hidden', () => {
    expect(val('dict-pick', { obj: { a: { b: 1 } }, key: 'a.b' })).toBe(1);
    expect(reg.get('dict-pick').hidden).toBe(true);
  });
});

describe('typedDict-values', () => {
  it.each([
    [{ a: 1, b: 'x' }, [1, 'x']],
    [{}, []],
    [null, null],
    [[{ a: 1 }, null, { b: 2 }], [[1], null, [2]]],
  ])('%j → %j', (obj, expected) => {
    expect(val('typedDict-values', { obj })).toEqual(expected);
  });

  it('types', () => {
    expectType(typeOf('typedDict-values', { obj: typedDict({ a: 'number', b: 'string' }) }), list(union(['number', 'string'])));
    expectType(typeOf('typedDict-values', { obj: typedDict({}) }), list('invalid'));
  });
});

describe('object-keytypes', () => {
  it('lists keys with their types', () => {
    const t = typedDict({ a: 'number', b: 'string' });
    expect(val('object-keytypes', { obj: { a: 1, b: 'x' } }, { obj: t })).toEqual([
      { key: 'a', type: 'number' },
      { key: 'b', type: 'string' },
    ]);
    expectType(typeOf('object-keytypes', { obj: t }), list(typedDict({ key: 'string', type: 'type' })));
  });
});

describe('merge', () => {
  it.each([
    [{ a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    [{ a: 1, b: 1 }, { b: 2 }, { a: 1, b: 2 }],
    [{ 'a.b': 1, a: { b: 2 } }, { 'a.b': null }, { 'a.b': null, a: { b: 2 } }],
    [{}, {}, {}],
  ])('%j.merge(%j) → %j', (lhs, rhs, expected) => {
    expect(val('merge', { lhs, rhs })).toEqual(expected);
  });

  it('a tagged dict passes its tag on to its values', () => {
    const out = run('merge', { lhs: new Tagged({ run: 'r' }, { a: 1 }), rhs: { b: 2 } }) as Record<string, unknown>;
    expect(tagOf(out.a, 'run')).toBe('r');
    expect(tagOf(out.b, 'run')).toBeNull();
  });

  it('types: the keys of both, tags moved onto the values', () => {
    const tag = typedDict({ run: 'run' });
    expectType(
      typeOf('merge', { lhs: taggedValue(tag, typedDict({ a: 'number' })), rhs: typedDict({ a: 'string', b: 'none' }) }),
      typedDict({ a: 'string', b: 'none' }),
    );
    expectType(
      typeOf('merge', { lhs: taggedValue(tag, typedDict({ a: 'number' })), rhs: typedDict({ b: 'none' }) }),
      typedDict({ a: taggedValue(tag, 'number'), b: 'none' }),
    );
  });
});
