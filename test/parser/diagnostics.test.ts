import { describe, expect, it } from 'vitest';
import { formatDiagnostic, lineColumn, parse, ParseError, parseForEditor, parseOrThrow } from '../../src/parser/index.js';

interface Case {
  readonly text: string;
  readonly code: string;
  readonly message: string;
  /** `line:column` of the span start. */
  readonly at: string;
  readonly span: [number, number];
  /** A piece of the hint (what to write instead). */
  readonly hint?: string;
  readonly suggestions?: string[];
}

const CASES: Case[] = [
  // lexical
  { text: '1 # 2', code: 'unexpected-character', message: "unexpected character '#'", at: '1:3', span: [2, 3] },
  { text: 'x\u0000', code: 'unexpected-character', message: 'unexpected character U+0000', at: '1:2', span: [1, 2] },
  { text: 'x.a("abc', code: 'unterminated-string', message: `unterminated string: expected '"' to close the string`, at: '1:5', span: [4, 8], hint: 'on the line' },
  { text: "f('ab\n)", code: 'unterminated-string', message: `unterminated string: expected "'" to close the string`, at: '1:3', span: [2, 5] },
  { text: '1 /* never closed', code: 'unterminated-comment', message: "unterminated comment: expected '*/' to close '/*'", at: '1:3', span: [2, 4] },
  { text: 'x + 3px', code: 'invalid-number', message: "invalid number '3px'", at: '1:5', span: [4, 7] },
  // structure
  { text: 'x +', code: 'expected-expression', message: "expected an expression after '+'", at: '1:4', span: [3, 3] },
  { text: '(1 + )', code: 'expected-expression', message: "expected an expression after '+', found ')'", at: '1:6', span: [5, 6] },
  { text: '', code: 'expected-expression', message: 'expected an expression', at: '1:1', span: [0, 0] },
  { text: '  // nothing', code: 'expected-expression', message: 'expected an expression', at: '1:1', span: [0, 0] },
  { text: 'xs.map((row) =>', code: 'expected-expression', message: "expected an expression after '=>'", at: '1:16', span: [15, 15], hint: 'lambda body' },
  { text: 'f(1, (2', code: 'expected-closing', message: "expected ')' to close '(' opened at 1:6", at: '1:8', span: [7, 7] },
  { text: '[1, 2', code: 'expected-closing', message: "expected ']' to close '[' opened at 1:1", at: '1:6', span: [5, 5] },
  { text: '{a: 1', code: 'expected-closing', message: "expected '}' to close '{' opened at 1:1", at: '1:6', span: [5, 5] },
  { text: 'runs\n  .map((row) => row["a"]\n  .count', code: 'expected-closing', message: "expected ')' to close '(' opened at 2:7", at: '3:9', span: [38, 38] },
  { text: '(1]', code: 'expected-closing', message: "expected ')' to close '(' opened at 1:1, found ']'", at: '1:3', span: [2, 3] },
  { text: 'runs.count ]', code: 'unexpected-token', message: "unexpected ']'", at: '1:12', span: [11, 12], hint: 'no opening bracket' },
  { text: '(1 2)', code: 'unexpected-token', message: "unexpected '2'", at: '1:4', span: [3, 4], hint: 'operator' },
  { text: 'a b', code: 'unexpected-token', message: "unexpected 'b'", at: '1:3', span: [2, 3], hint: 'only one expression' },
  { text: 'x => 1 => 2', code: 'unexpected-token', message: "unexpected '=>'", at: '1:8', span: [7, 9], hint: '(row) =>' },
  { text: 'f(1 2)', code: 'expected-comma', message: "expected ',' between arguments", at: '1:5', span: [4, 4] },
  { text: '[1 2]', code: 'expected-comma', message: "expected ',' between array elements", at: '1:4', span: [3, 3] },
  { text: '{a: 1 b: 2}', code: 'expected-comma', message: "expected ',' between entries", at: '1:7', span: [6, 6] },
  { text: 'f(, 1)', code: 'expected-expression', message: "expected an argument before ','", at: '1:3', span: [2, 3] },
  { text: 'runs.', code: 'expected-name', message: "expected a name after '.'", at: '1:6', span: [5, 5], hint: 'x["key"]' },
  { text: 'runs.[0]', code: 'expected-name', message: "expected a name after '.', found '['", at: '1:6', span: [5, 6] },
  { text: '{, a: 1}', code: 'expected-key', message: "expected a key before ','", at: '1:2', span: [1, 2] },
  { text: '{a 1}', code: 'expected-colon', message: "expected ':' after the key 'a', found '1'", at: '1:4', span: [3, 4] },
  { text: '(1) => 2', code: 'expected-parameter', message: "expected a parameter name, found '1'", at: '1:2', span: [1, 2], hint: 'plain names' },
  { text: '(a b) => 2', code: 'expected-parameter', message: "expected ',' or ')' after a parameter, found 'b'", at: '1:4', span: [3, 4] },
  { text: '({a}) => a', code: 'expected-parameter', message: "expected a parameter name, found '{'", at: '1:2', span: [1, 2], hint: 'destructuring' },
  { text: '(a = 1) => a', code: 'expected-parameter', message: "expected ',' or ')' after a parameter, found '='", at: '1:4', span: [3, 4], hint: 'default' },
  { text: '(a, a) => a', code: 'duplicate-parameter', message: "duplicate parameter name 'a'", at: '1:5', span: [4, 5] },
  // unsupported constructs: the message names the construct, the hint says what to write
  { text: 'a ? b : c', code: 'unsupported-conditional', message: "the conditional operator '? :' is not supported", at: '1:3', span: [2, 3], hint: 'no conditional' },
  { text: 'x?.y', code: 'unsupported-optional-chaining', message: "optional chaining '?.' is not supported", at: '1:2', span: [1, 3], hint: "write '.'", suggestions: ['.'] },
  { text: '`loss ${x}`', code: 'unsupported-template-string', message: 'template strings are not supported', at: '1:1', span: [0, 11], hint: 'with `+`' },
  { text: 'a ?? b', code: 'unsupported-nullish', message: "the '??' operator is not supported", at: '1:3', span: [2, 4], hint: '`a.coalesce(b)`' },
  { text: '[100, 5][0] = 5', code: 'unsupported-assignment', message: "assignment '=' is not supported", at: '1:13', span: [12, 13], hint: '`==`', suggestions: ['=='] },
  { text: 'x += 1', code: 'unsupported-assignment', message: "assignment '+=' is not supported", at: '1:3', span: [2, 4] },
  { text: 'x++', code: 'unsupported-increment', message: "the increment operator '++' is not supported", at: '1:2', span: [1, 3], hint: '`x + 1`' },
  { text: '--3', code: 'unsupported-increment', message: "the decrement operator '--' is not supported", at: '1:1', span: [0, 2], hint: '-(-x)' },
  { text: '+2.5', code: 'unsupported-unary-plus', message: "unary '+' is not supported", at: '1:1', span: [0, 1], hint: "drop the '+'" },
  { text: 'a & b', code: 'unsupported-bitwise', message: "the bitwise operator '&' is not supported", at: '1:3', span: [2, 3], hint: '`and`', suggestions: ['and'] },
  { text: 'a | b', code: 'unsupported-bitwise', message: "the bitwise operator '|' is not supported", at: '1:3', span: [2, 3], suggestions: ['or'] },
  { text: 'a ^ b', code: 'unsupported-bitwise', message: "the bitwise operator '^' is not supported", at: '1:3', span: [2, 3], suggestions: ['**'] },
  { text: '~a', code: 'unsupported-bitwise', message: "the bitwise operator '~' is not supported", at: '1:1', span: [0, 1] },
  { text: 'a << 2', code: 'unsupported-bitwise', message: "the shift operator '<<' is not supported", at: '1:3', span: [2, 4] },
  { text: 'a >> 2', code: 'unsupported-bitwise', message: "the shift operator '>>' is not supported", at: '1:3', span: [2, 4] },
  { text: 'a >>> 2', code: 'unsupported-bitwise', message: "the shift operator '>>>' is not supported", at: '1:3', span: [2, 5] },
  { text: '"a" in x', code: 'unsupported-operator', message: "the 'in' operator is not supported", at: '1:5', span: [4, 6], hint: 'contains' },
  { text: 'x instanceof Y', code: 'unsupported-operator', message: "'instanceof' is not supported", at: '1:3', span: [2, 12] },
  { text: 'typeof 1', code: 'unsupported-operator', message: "'typeof' is not supported", at: '1:1', span: [0, 6] },
  { text: 'void 0', code: 'unsupported-operator', message: "'void' is not supported", at: '1:1', span: [0, 4], hint: '`null`' },
  { text: 'delete x.a', code: 'unsupported-operator', message: "'delete' is not supported", at: '1:1', span: [0, 6] },
  { text: 'new Date("2024")', code: 'unsupported-operator', message: "'new' is not supported", at: '1:1', span: [0, 3], hint: 'Date(' },
  { text: 'this.x', code: 'unsupported-this', message: "'this' is not supported", at: '1:1', span: [0, 4] },
  { text: 'undefined', code: 'unsupported-undefined', message: "'undefined' is not supported", at: '1:1', span: [0, 9], hint: '`null`', suggestions: ['null'] },
  { text: '1; 2', code: 'unsupported-statement', message: 'statements are not supported: only one expression is allowed', at: '1:2', span: [1, 2], hint: 'single expression' },
  { text: 'runs.count;', code: 'unsupported-statement', message: "';' is not supported", at: '1:11', span: [10, 11], hint: "remove the ';'" },
  { text: 'const x = 1', code: 'unsupported-statement', message: "declarations ('const') are not supported", at: '1:1', span: [0, 5] },
  { text: 'let x = 1', code: 'unsupported-statement', message: "declarations ('let') are not supported", at: '1:1', span: [0, 3] },
  { text: 'var x = 1', code: 'unsupported-statement', message: "declarations ('var') are not supported", at: '1:1', span: [0, 3] },
  { text: 'xs.map(function (row) { return row })', code: 'unsupported-statement', message: "'function' is not supported", at: '1:8', span: [7, 15], hint: '(row) => expression' },
  { text: 'return 1', code: 'unsupported-statement', message: "'return' is not supported", at: '1:1', span: [0, 6] },
  { text: 'if (a) b', code: 'unsupported-statement', message: "'if' statements are not supported", at: '1:1', span: [0, 2] },
  { text: 'xs.map((row) => { return row })', code: 'unsupported-block-body', message: 'a lambda body cannot be a statement block', at: '1:17', span: [16, 30], hint: '(row) => row' },
  { text: '(null % 5, [2][-1])', code: 'unsupported-sequence', message: "the comma operator '(a, b)' is not supported", at: '1:1', span: [0, 19], hint: '[a, b]' },
  { text: '[...xs, 1]', code: 'unsupported-spread', message: "spread '...' is not supported", at: '1:2', span: [1, 6] },
  { text: 'f(...xs)', code: 'unsupported-spread', message: "spread '...' is not supported", at: '1:3', span: [2, 7] },
  { text: '{...d, a: 1}', code: 'unsupported-spread', message: "spread '...' is not supported", at: '1:2', span: [1, 5] },
  { text: 'x.replace(/a+/g, "b")', code: 'unsupported-regex', message: 'regular expression literals are not supported', at: '1:11', span: [10, 15], hint: 'as a string' },
  { text: '[3.14, 7].map((row) => {row})', code: 'unsupported-shorthand', message: "object shorthand '{row}' is not supported", at: '1:25', span: [24, 27], hint: '{row: row}' },
  { text: '{[k]: 1}', code: 'unsupported-computed-key', message: 'computed keys `{[k]: v}` are not supported', at: '1:2', span: [1, 4] },
  { text: '{f() { return 1 }}', code: 'unsupported-method', message: 'methods in object literals are not supported', at: '1:2', span: [1, 2] },
  { text: '[1, , 2]', code: 'unsupported-array-hole', message: 'empty array elements (holes) are not supported', at: '1:5', span: [4, 5], hint: "extra ','" },
  { text: '(f)(1)', code: 'unsupported-call', message: 'only op names can be called', at: '1:4', span: [3, 6], hint: 'x.op(args)' },
];

describe('one diagnostic per kind', () => {
  it.each(CASES)('$code: $text', (c) => {
    const r = parse(c.text);
    expect(r.ast).toBeNull();
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0];
    expect(d.kind).toBe('parse');
    expect(d.code).toBe(c.code);
    expect(d.message).toBe(c.message);
    expect(d.span).toEqual({ start: c.span[0], end: c.span[1] });
    const { line, column } = lineColumn(c.text, d.span.start);
    expect(`${line}:${column}`).toBe(c.at);
    if (c.hint !== undefined) expect(d.hint).toContain(c.hint);
    if (c.suggestions !== undefined) expect(d.suggestions).toEqual(c.suggestions);
    // the editor sees the same first diagnostic
    expect(parseForEditor(c.text).diagnostics[0]).toEqual(d);
  });

  it('every unsupported construct has a hint', () => {
    for (const c of CASES.filter((x) => x.code.startsWith('unsupported-'))) {
      expect(parse(c.text).diagnostics[0].hint, c.text).toBeTruthy();
    }
  });

  it('too-long: more than 64 KiB (UTF-8)', () => {
    const text = `"${'a'.repeat(70_000)}"`;
    const d = parse(text).diagnostics[0];
    expect(d).toMatchObject({ code: 'too-long', span: { start: 0, end: text.length } });
    expect(d.message).toBe('expression too long (70002 bytes; the limit is 65536)');
    // bytes, not characters
    const wide = `"${'é'.repeat(33_000)}"`;
    expect(wide.length).toBeLessThan(65_536);
    expect(parse(wide).diagnostics[0].code).toBe('too-long');
    expect(parse(`"${'a'.repeat(65_534)}"`).diagnostics).toEqual([]);
  });

  it('too-deep: more than 256 levels', () => {
    const text = `${'['.repeat(257)}1${']'.repeat(257)}`;
    const d = parse(text).diagnostics[0];
    expect(d).toMatchObject({ code: 'too-deep', message: 'expression nested too deeply (more than 256 levels)', span: { start: 257, end: 258 } });
  });

  it('too-many-errors: at most 100 diagnostics', () => {
    const text = Array.from({ length: 150 }, () => '#').join(' ');
    const r = parseForEditor(text);
    expect(r.diagnostics).toHaveLength(101);
    expect(r.diagnostics[100]).toMatchObject({ code: 'too-many-errors', message: 'too many errors; only the first 100 are reported', span: { start: 198, end: 199 } });
    expect(parse(text).diagnostics[0].code).toBe('unexpected-character');
  });

  it('strict mode reports the first error by position, whatever stage found it', () => {
    expect(parse('a & # b').diagnostics[0].code).toBe('unsupported-bitwise');
    expect(parse('# a & b').diagnostics[0].code).toBe('unexpected-character');
    expect(parse('[1 + , 2 ++]').diagnostics[0].code).toBe('expected-expression');
  });
});

describe('ParseError and formatting', () => {
  it('parseOrThrow throws a ParseError with the diagnostic', () => {
    let caught: unknown;
    try {
      parseOrThrow('runs.map((row) => row +)');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParseError);
    expect(caught).toBeInstanceOf(Error);
    const err = caught as ParseError;
    expect(err.diagnostic.code).toBe('expected-expression');
    expect(err.message).toBe("1:24: expected an expression after '+', found ')'");
  });

  it('formats with a caret under the span', () => {
    const text = 'runs.map((row) => row +)';
    expect(formatDiagnostic(text, parse(text).diagnostics[0])).toBe(
      "1:24: expected an expression after '+', found ')'\n  runs.map((row) => row +)\n                         ^",
    );
  });
});

describe('messages', () => {
  it('stay on one line and short, whatever the token', () => {
    const d = parse('1 `a\nb`').diagnostics[0];
    expect(d.message).toBe("unexpected '`a⏎b`'");
    expect(parse(`1 "${'x'.repeat(100)}"`).diagnostics[0].message).toBe(`unexpected '"${'x'.repeat(22)}…'`);
  });
});
