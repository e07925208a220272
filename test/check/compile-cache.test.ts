/** The cache of checked expressions behind `compile` / `evaluate` changes no result and keeps its bound. */
import { afterEach, describe, expect, it } from 'vitest';
import { clearCompileCache, compile, evaluate, typeToString, type Variable } from '../../src/index.js';
import { CompileCache } from '../../src/check/compile-cache.js';
import { createRegistry, standardRegistry } from '../../src/ops/index.js';
import { withTypeOracle } from '../../src/ops/domain/oracle.js';
import { list, maybe, typedDict, type Type } from '../../src/types/index.js';

const rowType = (): Type => typedDict({ _step: 'number', epoch: 'number', loss: maybe('number'), run: 'string' });
const rows = Array.from({ length: 300 }, (_, i) => ({ _step: i, epoch: i % 7, loss: i % 11 === 0 ? null : (i * 37) % 101 / 100, run: `r${i % 3}` }));
const EXPRS = [
  'history.filter((row) => row["loss"] < 0.5).groupby((row) => row["epoch"]).map((row) => row["loss"].avg)',
  'history.map((row) => {s: row["_step"], r: row["run"]}).limit(3)',
  'history["loss"].max',
  '[1, 2, 3].avg',
  'history.filter((row) => row["loss"] <',
  'history.nosuchop',
];

afterEach(() => clearCompileCache());

describe('compile cache', () => {
  it('gives the same results with and without it, on both engines', () => {
    const variables = { history: { type: list(rowType()), value: rows } };
    for (const engine of ['vectorized', 'rowwise'] as const) {
      for (const text of EXPRS) {
        clearCompileCache();
        const fresh = evaluate(text, { variables, engine });
        const cached1 = evaluate(text, { variables, engine });
        const cached2 = evaluate(text, { variables: { history: { type: list(rowType()), value: rows } }, engine });
        expect(cached1).toEqual(fresh);
        expect(cached2).toEqual(fresh);
      }
    }
  });

  it('returns the checked expression it holds for the same text and types (identical or equal objects)', () => {
    const a = compile(EXPRS[0], { variables: { history: { type: list(rowType()) } } });
    const b = compile(EXPRS[0], { variables: { history: { type: list(rowType()) } } });
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('does not mix up variable values: the graph holds no value', () => {
    const one = evaluate('x + 1', { variables: { x: { type: 'number', value: 1 } } });
    const two = evaluate('x + 1', { variables: { x: { type: 'number', value: 2 } } });
    expect(one).toMatchObject({ ok: true, value: 2 });
    expect(two).toMatchObject({ ok: true, value: 3 });
    const small = evaluate('history.count', { variables: { history: { type: list(rowType()), value: rows.slice(0, 5) } } });
    const big = evaluate('history.count', { variables: { history: { type: list(rowType()), value: rows } } });
    expect(small).toMatchObject({ ok: true, value: 5 });
    expect(big).toMatchObject({ ok: true, value: 300 });
  });

  it('does not mix up variable types, names or key order', () => {
    const asNumber = compile('x', { variables: { x: { type: 'number' } } });
    const asString = compile('x', { variables: { x: { type: 'string' } } });
    expect(asNumber.type).toBe('number');
    expect(asString.type).toBe('string');
    const missing = compile('x', { variables: { y: { type: 'number' } } });
    expect(missing.node).toBeNull();
    const ab = compile('d', { variables: { d: { type: typedDict({ a: 'number', b: 'string' }) } } });
    const ba = compile('d', { variables: { d: { type: typedDict({ b: 'string', a: 'number' }) } } });
    expect(typeToString(ab.type)).not.toBe(typeToString(ba.type));
    expect(ba).not.toBe(ab);
    const dictA: Record<string, Variable> = { a: { type: 'number' }, b: { type: 'string' } };
    const swapped: Record<string, Variable> = { a: { type: 'string' }, b: { type: 'number' } };
    expect(compile('a', { variables: dictA }).type).toBe('number');
    expect(compile('a', { variables: swapped }).type).toBe('string');
    // Many type sets for one text: every one answered right.
    for (const t of ['number', 'string', 'boolean', 'number', 'string', 'boolean'] as const) {
      expect(compile('x', { variables: { x: { type: t } } }).type).toBe(t);
    }
  });

  it('sees ops registered after a check (registry revision) and other registries', () => {
    const registry = createRegistry();
    const before = compile('myop(1)', { registry });
    expect(before.node).toBeNull();
    registry.register({ name: 'myop', kind: 'basic', renderInfo: { type: 'function' }, argTypes: { a: 'number' }, returnType: 'string', resolver: () => 'x' });
    const after = compile('myop(1)', { registry });
    expect(after.node).not.toBeNull();
    expect(after.type).toBe('string');
    expect(compile('myop(1)').node).toBeNull();
    const std = compile('[1, 2].avg', { registry: standardRegistry() });
    const own = compile('[1, 2].avg', { registry });
    expect(own).not.toBe(std);
    expect(own.type).toEqual(std.type);
  });

  it('is bypassed while a data oracle is active', () => {
    const outside = compile('[1, 2].avg');
    const inside = withTypeOracle({ refine: () => undefined }, () => compile('[1, 2].avg'));
    expect(inside).not.toBe(outside);
    expect(inside.type).toEqual(outside.type);
  });
});

describe('CompileCache', () => {
  const registry = standardRegistry();
  it('keeps at most `limit` entries, evicting the least recently used', () => {
    const cache = new CompileCache<string>(3);
    for (const t of ['a', 'b', 'c']) cache.set(t, registry, [], [], t.toUpperCase());
    expect(cache.get('a', registry, [], [])).toBe('A'); // a is now the most recent
    cache.set('d', registry, [], [], 'D');
    expect(cache.size).toBe(3);
    expect(cache.get('b', registry, [], [])).toBeUndefined();
    expect(cache.get('a', registry, [], [])).toBe('A');
    for (let i = 0; i < 100; i++) cache.set(`t${i}`, registry, ['x'], [i % 2 === 0 ? 'number' : 'string'], String(i));
    expect(cache.size).toBe(3);
  });

  it('holds a few type sets per text and matches types structurally, in order', () => {
    const cache = new CompileCache<number>(16);
    const t1 = typedDict({ a: 'number', b: maybe('string') });
    cache.set('x', registry, ['x'], [t1], 1);
    cache.set('x', registry, ['x'], ['number'], 2);
    expect(cache.get('x', registry, ['x'], [typedDict({ a: 'number', b: maybe('string') })])).toBe(1);
    expect(cache.get('x', registry, ['x'], [typedDict({ b: maybe('string'), a: 'number' })])).toBeUndefined();
    expect(cache.get('x', registry, ['x'], ['number'])).toBe(2);
    expect(cache.get('x', registry, ['y'], ['number'])).toBeUndefined();
    expect(cache.get('x', registry, ['x'], ['string'])).toBeUndefined();
  });

  it('does not cache when its limit is 0 or the text is very long', () => {
    const off = new CompileCache<number>(0);
    off.set('x', registry, [], [], 1);
    expect(off.get('x', registry, [], [])).toBeUndefined();
    const cache = new CompileCache<number>(4);
    const long = 'x'.repeat(10_000);
    cache.set(long, registry, [], [], 1);
    expect(cache.get(long, registry, [], [])).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
