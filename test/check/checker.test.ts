import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compile, print } from '../../src/index.js';
import type { Node } from '../../src/graph/node.js';
import { typesAreEqual } from '../../src/types/index.js';

function opOf(text: string): string {
  const c = compile(text);
  expect(c.diagnostics).toEqual([]);
  return (c.node as Extract<Node, { nodeType: 'output' }>).fromOp.name;
}

function errorOf(text: string) {
  const c = compile(text);
  expect(c.node).toBeNull();
  return c.diagnostics[0];
}

describe('dispatch by display name, form and first argument type', () => {
  it.each([
    ['1 + 2', 'number-add'],
    ['"a" + "b"', 'string-add'],
    ['"a" + null', 'string-add'],
    ['null + null', 'number-add'],
    ['1 - 2', 'number-sub'],
    ['-1', 'number-negate'],
    ['!true', 'boolean-not'],
    ['1 == 2', 'number-equal'],
    ['"a" == "b"', 'string-equal'],
    ['true and false', 'and'],
    ['true && false', 'and'],
    ['true || false', 'or'],
    ['[1, 2].count', 'count'],
    ['[1, 2].count()', 'count'],
    ['[1, 2][0]', 'index'],
    ['{a: 1}["a"]', 'pick'],
    ['[{a: 1}]["a"]', 'pick'],
    ['abs(-1)', 'number-abs'],
    ['[1, 2].avg', 'numbers-avg'],
  ])('%s → %s', (text, op) => {
    expect(opOf(text)).toBe(op);
  });
});

describe('mapping, nulls and tags in types', () => {
  it('maps a standard op over one list level, keeping nulls', () => {
    const c = compile('[1, null, 3] + 1');
    expect(c.type).toEqual({ type: 'list', objectType: { type: 'union', members: ['none', 'number'] }, minLength: 3, maxLength: 3 });
  });
  it('refuses two list levels for a standard op', () => {
    expect(errorOf('[[1, 2], [3]] + 1').kind).toBe('type');
  });
  it('types lambda parameters from the element, whatever their name', () => {
    const a = compile('[1, 2].map((x) => x + 1)');
    const b = compile('[1, 2].map((row) => row + 1)');
    expect(a.diagnostics).toEqual([]);
    expect(typesAreEqual(a.type, b.type)).toBe(true);
  });
  it('binds the second parameter of map to the index', () => {
    const c = compile('["a", "b"].map((s, i) => i + 1)');
    expect(c.diagnostics).toEqual([]);
  });
});

describe('diagnostics', () => {
  it('names an unknown variable, with its span', () => {
    const d = errorOf('1 + foo');
    expect(d.code).toBe('unknown-variable');
    expect(d.span).toEqual({ start: 4, end: 7 });
  });
  it('says an argument has the wrong type, expected vs got', () => {
    const d = errorOf('1 + "a"');
    expect(d.message).toMatch(/expects/);
    expect(d.span.start).toBe(4);
  });
  it('suggests a close op name', () => {
    const d = errorOf('"abc".uper');
    expect(d.code).toBe('unknown-op');
    expect(d.suggestions).toContain('upper');
    expect(d.message).toMatch(/did you mean `\.upper`/);
  });
  it('points out the call form: index is written with brackets', () => {
    const d = errorOf('[1, 2].index(0)');
    expect(d.code).toBe('wrong-form');
    expect(d.hint).toMatch(/x\[i\]/);
  });
  it('points out the call form: abs is a function', () => {
    expect(errorOf('(1).abs').code).toBe('wrong-form');
  });
  it('points out that add is the operator +', () => {
    const d = errorOf('(1).add(2)');
    expect(d.code).toBe('wrong-form');
    expect(d.suggestions).toEqual(['+']);
  });
  it('refuses extra arguments', () => {
    expect(errorOf('"a".upper(1)').code).toBe('too-many-arguments');
  });
  it('says a required argument is missing', () => {
    expect(errorOf('[0, 2, 1].map()').code).toBe('missing-argument');
  });
  it('hints at concat for a list of lists', () => {
    const d = errorOf('[[1, 2], [3]].avg');
    expect(d.hint ?? '').toMatch(/concat/);
  });
});

describe('printing a checked graph re-checks to the same type', () => {
  const leaf = fc.constantFrom('1', '2.5', 'null', '"a"', '"b c"', 'true', '[1, 2, null]', '["x", "y"]', '{a: 1, b: "s"}');
  const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '**', '<', '==', '!=', 'and', 'or'), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
      fc.tuple(fc.constantFrom('-', '!'), tie('e')).map(([op, a]) => `${op}(${a})`),
      fc.tuple(tie('e'), fc.constantFrom('.count', '.avg', '.sum', '.len', '.upper', '.isNone', '.toString', '[0]', '["a"]', '.map((row) => row)', '.filter((row) => true)')).map(([a, s]) => `(${a})${s}`),
    ),
  })).e;

  it('for random expressions', () => {
    fc.assert(
      fc.property(expr, (text) => {
        const c = compile(text);
        if (!c.node) return;
        const printed = print(c.node);
        const again = compile(printed);
        expect(again.diagnostics).toEqual([]);
        expect(typesAreEqual(again.type, c.type)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
