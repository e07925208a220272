/** Canonical printing reads back: parentheses wherever the parser's operator precedence needs them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, print } from '../../src/index.js';
import { printGraph } from '../../src/check/print.js';
import { standardRegistry } from '../../src/ops/index.js';
import { typesAreEqual } from '../../src/types/index.js';

const registry = standardRegistry();
const printed = (text: string, reference = false) => {
  const c = compile(text);
  expect(c.diagnostics).toEqual([]);
  return printGraph(c.node!, registry, { reference });
};

describe('parentheses around binary operands', () => {
  it.each([
    ['((null) != (true)) + (1)', '(null != true) + 1', 'null != true + 1'],
    ['(null == "a") + 1', '(null == "a") + 1', 'null == "a" + 1'],
    ['("a" == "b") and true', '"a" == "b" and true', '"a" == "b" and true'],
    ['(1 + 2) * 3', '(1 + 2) * 3', '(1 + 2) * 3'],
    ['1 + 2 * 3', '1 + 2 * 3', '1 + 2 * 3'],
    ['(2 ** 3) ** 2', '(2 ** 3) ** 2', '(2 ** 3) ** 2'],
    ['{a: "x" + "y"}["a"]', '{a: "x" + "y"}["a"]', '{a: "x" + "y"}["a"]'],
  ])('%s → %s (reference: %s)', (text, canonical, reference) => {
    expect(printed(text)).toBe(canonical);
    expect(printed(text, true)).toBe(reference);
  });

  it.each(['!(((1)+(1))**(null))', '-((1 + 2) ** 2)', '!(("a)" == "(") and true)'])('a unary operand that starts with a parenthesis but is not wrapped by it: %s', (text) => {
    const c = compile(text);
    const again = compile(print(c.node!));
    expect(again.diagnostics).toEqual([]);
    expect(typesAreEqual(again.type, c.type)).toBe(true);
    expect(print(again.node!)).toBe(print(c.node!));
  });

  it('random operator trees read back to the same type', () => {
    const leaf = fc.constantFrom('1', '2.5', 'null', '"a"', 'true', '[1, null]', '{a: 1}');
    const ops = ['+', '-', '*', '/', '%', '**', '<', '<=', '==', '!=', 'and', 'or'];
    const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.tuple(tie('e'), fc.constantFrom(...ops), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
        fc.tuple(fc.constantFrom('-', '!'), tie('e')).map(([op, a]) => `${op}(${a})`),
      ),
    })).e;
    fc.assert(
      fc.property(expr, (text) => {
        const c = compile(text);
        if (!c.node) return;
        const again = compile(print(c.node));
        expect(again.diagnostics).toEqual([]);
        expect(typesAreEqual(again.type, c.type)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
