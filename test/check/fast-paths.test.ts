/**
 * The checker's shortcuts give the same answers as the long way: twins are not built twice,
 * lambda frames are typed once per receiver type, the receiver is checked once per candidate.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { check } from '../../src/check/checker.js';
import type { Node } from '../../src/graph/node.js';
import { standardRegistry } from '../../src/ops/index.js';
import { OpRegistry } from '../../src/ops/registry.js';
import { parse } from '../../src/parser/index.js';
import { list, maybe, taggedValue, typedDict, toWeaveTypeJson, type Type } from '../../src/types/index.js';

const registry = standardRegistry();

describe('registry', () => {
  it('keeps every candidate, and drops later twins for dispatch only', () => {
    expect(registry.candidates('pick', 'brackets').map((d) => d.name)).toEqual(['pick', 'dict-pick']);
    expect(registry.dispatchCandidates('pick', 'brackets').map((d) => d.name)).toEqual(['pick']);
    // Ops that only share a display name stay.
    expect(registry.dispatchCandidates('+', 'binary').map((d) => d.name)).toEqual(['number-add', 'string-add']);
    expect(registry.dispatchCandidates('max', 'chain')).toEqual(registry.candidates('max', 'chain'));
    expect(registry.dispatchCandidates('nope', 'chain')).toEqual([]);
  });
  it('precomputes parameter names and the receiver type', () => {
    for (const def of registry.all()) {
      const names = Object.keys(def.inputTypes);
      expect(def.params).toEqual(names);
      expect(def.receiverType).toBe(names.length > 0 ? def.inputTypes[names[0]] : 'invalid');
    }
  });
});

describe('dispatch with twins', () => {
  it.each(['{a: 1}["a"]', '[{a: 1}]["a"]', '{a: {b: 2}}["a.b"]', 'null["a"]'])('%s picks with `pick`', (text) => {
    const c = compile(text);
    expect(c.diagnostics).toEqual([]);
    expect((c.node as Extract<Node, { nodeType: 'output' }>).fromOp.name).toBe('pick');
  });
});

describe('lambda frames', () => {
  const rowsType = list(typedDict({ loss: 'number', name: 'string' }));
  const exprs = [
    'rows.map((row) => row["loss"] + 1)',
    'rows.filter((row) => row["loss"] > 1).map((row) => row["name"])',
    'rows.groupby((row) => row["name"]).map((row) => row.groupkey)',
    'rows.sort((row) => [row["loss"]], ["asc"]).map((row, i) => i)',
  ];
  const typeOf = (text: string, rows: Type) => {
    const ast = parse(text).ast!;
    return toWeaveTypeJson(check(ast, { registry, variables: { rows }, source: text }).type);
  };
  it('types the same whether the receiver type was seen before or not', () => {
    for (const text of exprs) {
      // A fresh but equal receiver type each time (no memo hit) versus the same object (hits).
      const fresh = [0, 1, 2].map(() => typeOf(text, list(typedDict({ loss: 'number', name: 'string' }))));
      const same = [0, 1, 2].map(() => typeOf(text, rowsType));
      expect(same).toEqual(fresh);
      expect(same[0]).not.toBe('invalid');
    }
  });
  it('forgets old receiver types without changing answers', () => {
    // More distinct receiver types than the frame cache keeps, then the first ones again.
    const types = Array.from({ length: 150 }, (_, i) => list(typedDict({ [`k${i}`]: 'number', loss: 'string' })));
    const first = types.map((t) => typeOf('rows.map((row) => row["loss"])', t));
    const again = types.map((t) => typeOf('rows.map((row) => row["loss"])', t));
    expect(again).toEqual(first);
    expect(first[0]).toEqual({ type: 'list', objectType: 'string' });
  });
  it('frames tagged, nullable and nested receivers', () => {
    const tagged = taggedValue(typedDict({ run: 'run' }), list(maybe(typedDict({ loss: 'number' }))));
    for (let i = 0; i < 2; i++) {
      expect(typeOf('rows.map((row) => row["loss"])', tagged)).toEqual(typeOf('rows.map((row) => row["loss"])', taggedValue(typedDict({ run: 'run' }), list(maybe(typedDict({ loss: 'number' }))))));
    }
    const joinAll = '[[{a: 1, v: 10}], [{a: null, v: -3}, {a: 2, v: 10}]].joinAll((row) => row["a"], false)';
    const c = compile(joinAll);
    expect(c.diagnostics).toEqual([]);
    const d = compile(joinAll);
    expect(toWeaveTypeJson(d.type)).toEqual(toWeaveTypeJson(c.type));
  });
});

describe('input type records', () => {
  it('inherit nothing and keep every key as data, in order', () => {
    const reg = new OpRegistry();
    const seen: Record<string, unknown>[] = [];
    for (const kind of ['raw', 'basic', 'standard'] as const) {
      reg.register({
        name: `probe-${kind}`,
        kind,
        renderInfo: { type: 'function' },
        argTypes: { a: 'any', constructor: 'any', ['__proto__']: 'any' } as Record<string, Type>,
        returnType: (types) => {
          seen.push({
            keys: Object.keys(types).join(','),
            inherited: 'toString' in types || 'hasOwnProperty' in types,
            ctor: types.constructor,
            proto: Object.prototype.hasOwnProperty.call(types, '__proto__') ? types['__proto__'] : 'missing',
          });
          return 'boolean';
        },
      });
    }
    for (const kind of ['raw', 'basic', 'standard']) {
      const def = reg.get(`probe-${kind}`);
      const inputs = { a: { nodeType: 'const', type: 'number', val: 1 }, constructor: { nodeType: 'const', type: 'string', val: 's' } } as Record<string, Node>;
      Object.defineProperty(inputs, '__proto__', { value: { nodeType: 'const', type: 'boolean', val: true }, enumerable: true });
      expect(def.outputType(inputs)).toBe('boolean');
    }
    expect(seen).toEqual([0, 1, 2].map(() => ({ keys: 'a,constructor,__proto__', inherited: false, ctor: 'string', proto: 'boolean' })));
  });
});

describe('spans', () => {
  it('read like a Map: first span of a node wins, iteration in first-seen order, nothing else visible', () => {
    const rows = list(typedDict({ loss: 'number' }));
    const text = 'rows.count + rows.count';
    const r = check(parse(text).ast!, { registry, variables: { rows }, source: text });
    const entries = [...r.spans].map(([n, s]) => [n.nodeType, `${s.start}-${s.end}`]);
    // The root variable node is shared by both `rows`: it keeps its first span.
    expect(entries).toEqual([
      ['var', '0-4'],
      ['output', '0-10'],
      ['output', '13-23'],
      ['output', '0-23'],
    ]);
    expect(r.spans.size).toBe(4);
    expect(new Map(r.spans).size).toBe(4);
    expect(r.spans.get(r.node!)).toEqual({ start: 0, end: 23 });
    expect(JSON.stringify(r.spans)).toBe('{}');
    expect(Object.keys(r.spans)).toEqual([]);
    expect(Object.prototype.toString.call(r.spans)).toBe('[object Map]');
  });
});
