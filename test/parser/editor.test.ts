import { describe, expect, it } from 'vitest';
import { parse, parseForEditor, type Expression } from '../../src/parser/index.js';
import { sexpr, spanProblems, withoutSpans } from './helpers.js';

function editor(text: string): { ast: Expression; codes: string[] } {
  const r = parseForEditor(text);
  expect(r.ast).not.toBeNull();
  expect(spanProblems(text, r.ast!)).toEqual([]);
  for (const d of r.diagnostics) {
    expect(d.span.start).toBeGreaterThanOrEqual(0);
    expect(d.span.end).toBeLessThanOrEqual(text.length);
  }
  return { ast: r.ast!, codes: r.diagnostics.map((d) => d.code) };
}

describe('editor mode: partial input', () => {
  it('a hanging dot gives a member with an empty name', () => {
    const { ast, codes } = editor('runs.');
    expect(ast).toEqual({
      kind: 'Member',
      receiver: { kind: 'Identifier', name: 'runs', span: { start: 0, end: 4 } },
      name: '',
      nameSpan: { start: 5, end: 5 },
      called: false,
      args: [],
      span: { start: 0, end: 5 },
    });
    expect(codes).toEqual(['expected-name']);
    expect(sexpr(editor('runs.summary["loss"].').ast)).toBe('(. ([] (.summary runs) "loss"))');
  });

  it('an open subscript gives a Subscript with a Missing key', () => {
    const { ast, codes } = editor('runs.summary[');
    expect(ast).toMatchObject({ kind: 'Subscript', key: { kind: 'Missing', span: { start: 13, end: 13 } }, span: { start: 0, end: 13 } });
    expect(codes).toEqual(['expected-expression']);
  });

  it('an open string key reads to the end of the line', () => {
    const { ast, codes } = editor('runs.summary["lo');
    expect(sexpr(ast)).toBe('([] (.summary runs) "lo")');
    expect(codes).toEqual(['unterminated-string', 'expected-closing']);
  });

  it('a hanging operator gives a Binary with a Missing right side', () => {
    const { ast, codes } = editor('x +');
    expect(ast).toMatchObject({ kind: 'Binary', operator: '+', right: { kind: 'Missing', span: { start: 3, end: 3 } }, span: { start: 0, end: 3 } });
    expect(codes).toEqual(['expected-expression']);
    expect(sexpr(editor('a and !').ast)).toBe('(and a (! ?))');
    expect(sexpr(editor('1 * -').ast)).toBe('(* 1 (- ?))');
  });

  it('an unclosed string is a string literal up to the end of the line', () => {
    expect(editor('"abc').ast).toMatchObject({ kind: 'String', value: 'abc', span: { start: 0, end: 4 } });
    expect(sexpr(editor('f("abc\n, 2)').ast)).toBe('(f() "abc" 2)');
  });

  it('unclosed brackets are closed implicitly', () => {
    expect(sexpr(editor('f(1, (2').ast)).toBe('(f() 1 2)');
    expect(sexpr(editor('[1, [2, 3').ast)).toBe('[1 [2 3]]');
    expect(sexpr(editor('{a: 1, b: {c: 2').ast)).toBe('{a: 1, b: {c: 2}}');
    expect(sexpr(editor('runs.map((row) => row.summary["loss"').ast)).toBe('(.map() runs (=> (row) ([] (.summary row) "loss")))');
    expect(sexpr(editor('runs.map((row) =>').ast)).toBe('(.map() runs (=> (row) ?))');
    expect(sexpr(editor('runs.map((row) => row.').ast)).toBe('(.map() runs (=> (row) (. row)))');
    expect(sexpr(editor('runs.filter(').ast)).toBe('(.filter() runs)');
  });

  it('junk before a closing bracket is skipped', () => {
    const { ast, codes } = editor('f(1 ] 2, 3).count');
    expect(sexpr(ast)).toBe('(.count (f() 1))');
    expect(codes).toEqual(['unexpected-token']);
  });

  it('recovers from several errors and reports each', () => {
    const { ast, codes } = editor('f(1 2, x +, [3');
    expect(sexpr(ast)).toBe('(f() 1 2 (+ x ?) [3])');
    expect(codes).toEqual(['expected-comma', 'expected-expression', 'expected-closing']);
  });

  it('keeps the tree for valid input identical to strict mode', () => {
    for (const text of ['runs.summary["loss"].avg', '(row) => {a: row}', '-2 ** 2', 'f(1, [2], {a: 3})']) {
      expect(parseForEditor(text)).toEqual(parse(text));
    }
  });

  it('reports only the first error of a cascade at one place', () => {
    expect(editor('f((((').codes).toEqual(['expected-expression']);
    expect(editor('runs.summary[').codes).toEqual(['expected-expression']);
  });
});

describe('editor mode: unsupported constructs', () => {
  it('uses the replacement the hint names when there is one', () => {
    expect(sexpr(editor('a = 1').ast)).toBe('(== a 1)');
    expect(sexpr(editor('+x').ast)).toBe('x');
    expect(sexpr(editor('undefined').ast)).toBe('null');
    expect(sexpr(editor('x?.y').ast)).toBe('(.y x)');
    expect(sexpr(editor('xs.map((row) => {row})').ast)).toBe('(.map() xs (=> (row) {row: row}))');
  });

  it('otherwise leaves a Missing node over the construct', () => {
    const cases: [string, string, [number, number]][] = [
      ['a ? b : c', '?', [0, 9]],
      ['`t`', '?', [0, 3]],
      ['a ?? b', '?', [0, 6]],
      ['x++', '?', [0, 3]],
      ['typeof x', '?', [0, 8]],
      ['(a, b)', '?', [0, 6]],
      ['a & b', '?', [0, 5]],
      ['/re/', '?', [0, 4]],
      ['this', '?', [0, 4]],
      ['const x = 1', '?', [0, 11]],
    ];
    for (const [text, expected, [start, end]] of cases) {
      const { ast } = editor(text);
      expect(sexpr(ast), text).toBe(expected);
      expect(ast.span, text).toEqual({ start, end });
    }
    expect(sexpr(editor('1 + (a ? b : c) * 2').ast)).toBe('(+ 1 (* ? 2))');
    expect(sexpr(editor('[1, ...xs, 2]').ast)).toBe('[1 ? 2]');
  });

  it('a statement-block lambda body keeps the lambda', () => {
    const { ast, codes } = editor('xs.map((row) => { return row["a"] }).count');
    expect(sexpr(ast)).toBe('(.count (.map() xs (=> (row) {})))');
    expect(codes).toEqual(['unsupported-block-body']);
  });

  it('a regex literal swallows its body, including characters that do not lex', () => {
    const { ast, codes } = editor('x.replace(/#"[a-z]+/gi, "")');
    expect(sexpr(ast)).toBe('(.replace() x ? "")');
    expect(codes).toEqual(['unsupported-regex']);
  });
});

describe('editor mode: limits', () => {
  it('too-long input gives a Missing over all of it', () => {
    const text = 'x'.repeat(70_000);
    const r = parseForEditor(text);
    expect(r.ast).toEqual({ kind: 'Missing', span: { start: 0, end: 70_000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-long']);
  });

  it('too-deep input gives a pruned tree and one diagnostic', () => {
    const text = `${'- '.repeat(300)}1`;
    const r = parseForEditor(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    let e = r.ast!;
    let depth = 0;
    while (e.kind === 'Unary') {
      e = e.operand;
      depth++;
    }
    expect(depth).toBe(257); // nodes at levels 0…256 are kept; the one at level 257 is cut
    expect(e.kind).toBe('Missing');
    expect(withoutSpans(e)).toEqual({ kind: 'Missing' });
  });
});
