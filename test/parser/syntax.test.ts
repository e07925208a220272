import { describe, expect, it } from 'vitest';
import { parse, parseOrThrow, type Expression } from '../../src/parser/index.js';
import { sexpr, spanProblems, withoutSpans } from './helpers.js';

function ok(text: string): Expression {
  const r = parse(text);
  expect(r.diagnostics, `diagnostics for ${JSON.stringify(text)}`).toEqual([]);
  expect(r.ast).not.toBeNull();
  expect(spanProblems(text, r.ast!)).toEqual([]);
  return r.ast!;
}

const s = (text: string): string => sexpr(ok(text));

describe('number literals', () => {
  it.each([
    ['42', 42],
    ['3.14', 3.14],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['2.5e+2', 250],
    ['0x1F', 31],
    ['0X1f', 31],
    ['0b1', 1],
    ['0b101', 5],
    ['0o7', 7],
    ['0O17', 15],
    ['1.', 1],
    ['1.e3', 1000],
    ['0', 0],
    ['007', 7],
    ['1e999', Infinity],
    ['9007199254740993', 9007199254740992],
  ])('%s reads as %d', (text, value) => {
    const e = ok(text);
    expect(e).toMatchObject({ kind: 'Number', value, raw: text, span: { start: 0, end: text.length } });
  });

  it.each(['1_000', '10n', '0x1_F', '1_0.5'])('%s reads as NaN (the reference uses Number(text)), not as an error', (text) => {
    const e = ok(text);
    expect(e.kind).toBe('Number');
    expect((e as { value: number }).value).toBeNaN();
    expect((e as { raw: string }).raw).toBe(text);
  });

  it('has no negative literals: -5 is negation of 5', () => {
    expect(s('-5')).toBe('(- 5)');
  });

  it('42.name is a member of 42 (the reference prints 42.toString), 42.e3 stays a number', () => {
    expect(s('42.toString')).toBe('(.toString 42)');
    expect(s('3.14.floor')).toBe('(.floor 3.14)');
    expect(s('1e+21.isNone')).toBe('(.isNone 1e+21)');
    expect(s('42..toString')).toBe('(.toString 42.)');
    expect(s('42.e3')).toBe('42.e3');
    expect(s('42 .e3')).toBe('(.e3 42)');
  });
});

describe('string literals', () => {
  const value = (text: string): string => {
    const e = ok(text);
    expect(e.kind).toBe('String');
    return (e as { value: string }).value;
  };

  it('reads double- and single-quoted strings', () => {
    expect(value('"abc"')).toBe('abc');
    expect(value("'abc'")).toBe('abc');
    expect(value('""')).toBe('');
    expect(value('"W&B is 🚀"')).toBe('W&B is 🚀');
  });

  it('unescapes only \\" (the reference reading)', () => {
    expect(value('"a\\nb"')).toBe('a\\nb');
    expect(value('"a\\nb"')).toHaveLength(4);
    expect(value("'it\\'s'")).toBe("it\\'s");
    expect(value('"a\\"b"')).toBe('a"b');
    expect(value('"tab\\tsep"')).toBe('tab\\tsep');
    expect(value('"a\\\\b"')).toBe('a\\\\b');
    expect(value('"\\\\\\""')).toBe('\\\\"');
    // every \" is unescaped, even after another backslash in a single-quoted string
    expect(value("'\\\\\"'")).toBe('\\"');
    expect(value("'a\"b'")).toBe('a"b');
  });

  it('a backslash keeps the quote from ending the string', () => {
    expect(value('"say \\"hi\\""')).toBe('say "hi"');
    expect(value("'don\\'t'")).toBe("don\\'t");
  });
});

describe('keywords and identifiers', () => {
  it('reads true, false, null', () => {
    expect(ok('true')).toMatchObject({ kind: 'Boolean', value: true });
    expect(ok('false')).toMatchObject({ kind: 'Boolean', value: false });
    expect(ok('null')).toMatchObject({ kind: 'Null', span: { start: 0, end: 4 } });
  });

  it('reads identifiers, including $, _ and Unicode letters', () => {
    for (const name of ['runs', 'project', 'row', '_x', '$y', 'a1', 'héllo', 'π', '𝑥', 'Date', 'NaN', 'Infinity']) {
      expect(ok(name)).toMatchObject({ kind: 'Identifier', name, span: { start: 0, end: name.length } });
    }
  });
});

describe('arrays and dicts', () => {
  it('reads arrays', () => {
    expect(s('[]')).toBe('[]');
    expect(s('[1, 2, 3]')).toBe('[1 2 3]');
    expect(s('[1,2,3,]')).toBe('[1 2 3]');
    expect(s('[[1, 2], [3]]')).toBe('[[1 2] [3]]');
    expect(s('[true, null, "x", row]')).toBe('[true null "x" row]');
  });

  it('reads dicts with name, string, number and keyword keys', () => {
    expect(s('{}')).toBe('{}');
    expect(s('{a: 1, "b c": 2, 3: 4}')).toBe('{a: 1, "b c": 2, "3": 4}');
    expect(s('{ "foo": "bar", "baz": 42, "qux": true }')).toBe('{foo: "bar", baz: 42, qux: true}');
    expect(s("{'k': 1, 1e3: 2, 0x1F: 3}")).toBe('{k: 1, "1e3": 2, "0x1F": 3}');
    expect(s('{true: 1, null: 2, and: 3, in: 4, return: 5}')).toBe('{true: 1, null: 2, and: 3, in: 4, return: 5}');
    expect(s('{a: 1,}')).toBe('{a: 1}');
    expect(s('{a: {b: [1]}}')).toBe('{a: {b: [1]}}');
    expect(s('{"a\\"b": 1}')).toBe('{"a\\"b": 1}');
  });

  it('keeps repeated keys (the checker decides)', () => {
    expect(s('{a: 1, a: 2}')).toBe('{a: 1, a: 2}');
  });

  it('records key spans', () => {
    const e = ok('{ "k": 1, n: 2 }');
    expect(e).toMatchObject({ kind: 'Object', entries: [{ key: 'k', keySpan: { start: 2, end: 5 } }, { key: 'n', keySpan: { start: 10, end: 11 } }] });
  });
});

describe('member access, calls, subscripts', () => {
  it('reads .name and .name(args)', () => {
    expect(s('runs.count')).toBe('(.count runs)');
    expect(s('runs.count()')).toBe('(.count() runs)');
    expect(s('x.slice(1, 2)')).toBe('(.slice() x 1 2)');
    expect(s('x.slice(1, 2,)')).toBe('(.slice() x 1 2)');
    expect(s('runs.summary["loss"].avg')).toBe('(.avg ([] (.summary runs) "loss"))');
    expect(s('runs.history.concat.groupby((row) => row["epoch"])')).toBe('(.groupby() (.concat (.history runs)) (=> (row) ([] row "epoch")))');
  });

  it('records called and the name span', () => {
    expect(ok('x.count()')).toMatchObject({ kind: 'Member', name: 'count', called: true, args: [], nameSpan: { start: 2, end: 7 }, span: { start: 0, end: 9 } });
    expect(ok('x.count')).toMatchObject({ kind: 'Member', called: false, args: [], span: { start: 0, end: 7 } });
  });

  it('accepts keywords as op names after a dot', () => {
    expect(s('x.in')).toBe('(.in x)');
    expect(s('x.and(y)')).toBe('(.and() x y)');
    expect(s('x.true')).toBe('(.true x)');
  });

  it('reads function-form calls, including Date and Link', () => {
    expect(s('f()')).toBe('(f())');
    expect(s('project("acme", "mnist")')).toBe('(project() "acme" "mnist")');
    expect(s('Date("2022-01-01T00:00:00Z")')).toBe('(Date() "2022-01-01T00:00:00Z")');
    expect(s('Link("https://wandb.ai", "W&B")')).toBe('(Link() "https://wandb.ai" "W&B")');
    expect(ok('sin(0)')).toMatchObject({ kind: 'Call', callee: 'sin', calleeSpan: { start: 0, end: 3 }, span: { start: 0, end: 6 } });
  });

  it('reads subscripts', () => {
    expect(s('x[0]')).toBe('([] x 0)');
    expect(s('x["a"]["b"]')).toBe('([] ([] x "a") "b")');
    expect(s('[1, 2][0]')).toBe('([] [1 2] 0)');
    expect(s('{a: 1}["a"]')).toBe('([] {a: 1} "a")');
    expect(s('x[1 + 2]')).toBe('([] x (+ 1 2))');
  });

  it('reads chains on literals and parenthesised receivers', () => {
    expect(s('"abc".len')).toBe('(.len "abc")');
    expect(s('(3).toString')).toBe('(.toString 3)');
    expect(s('(1 + 2).toString')).toBe('(.toString (+ 1 2))');
    expect(s('null.toTimestamp')).toBe('(.toTimestamp null)');
    expect(s('[1, 2].sum')).toBe('(.sum [1 2])');
    expect(s('f(1).x')).toBe('(.x (f() 1))');
  });
});

describe('operators', () => {
  it('reads unary - and !', () => {
    expect(s('-x')).toBe('(- x)');
    expect(s('!x')).toBe('(! x)');
    expect(s('!!x')).toBe('(! (! x))');
    expect(s('- -x')).toBe('(- (- x))');
    expect(s('-!x')).toBe('(- (! x))');
  });

  it('reads every binary operator', () => {
    for (const op of ['+', '-', '*', '/', '%', '**', '<', '<=', '>', '>=', '==', '!=', 'and', 'or']) {
      expect(s(`a ${op} b`)).toBe(`(${op} a b)`);
    }
  });

  it('normalises &&, ||, ===, !==', () => {
    expect(s('a && b')).toBe('(and a b)');
    expect(s('a || b')).toBe('(or a b)');
    expect(s('a === b')).toBe('(== a b)');
    expect(s('a !== b')).toBe('(!= a b)');
  });

  it('records the operator span', () => {
    expect(ok('a  &&  b')).toMatchObject({ kind: 'Binary', operator: 'and', operatorSpan: { start: 3, end: 5 }, span: { start: 0, end: 8 } });
  });
});

describe('lambdas', () => {
  it('reads the three forms', () => {
    expect(s('(row) => row')).toBe('(=> (row) row)');
    expect(s('(row, index) => index')).toBe('(=> (row index) index)');
    expect(s('row => row + 1')).toBe('(=> (row) (+ row 1))');
    expect(s('() => 1')).toBe('(=> () 1)');
    expect(s('(a,) => a')).toBe('(=> (a) a)');
  });

  it('reads a dict body without parentheses (the reference prints map bodies that way)', () => {
    expect(s('(row) => {a: 1}')).toBe('(=> (row) {a: 1})');
    expect(s('(row) => ({a: row})')).toBe('(=> (row) {a: row})');
    expect(s('(row) => {}')).toBe('(=> (row) {})');
    expect(s('xs.map((row) => {key: row.groupkey, n: row.count})')).toBe('(.map() xs (=> (row) {key: (.groupkey row), n: (.count row)}))');
  });

  it('the body extends as far as possible', () => {
    expect(s('(a) => a + 1 * 2')).toBe('(=> (a) (+ a (* 1 2)))');
    expect(s('a => b => a + b')).toBe('(=> (a) (=> (b) (+ a b)))');
    expect(s('f((row) => row, 1)')).toBe('(f() (=> (row) row) 1)');
  });

  it('records parameter spans and the lambda span', () => {
    expect(ok('(row, i) => i')).toMatchObject({
      kind: 'Lambda',
      params: [{ name: 'row', span: { start: 1, end: 4 } }, { name: 'i', span: { start: 6, end: 7 } }],
      span: { start: 0, end: 13 },
    });
    expect(ok('r => (r)')).toMatchObject({ kind: 'Lambda', span: { start: 0, end: 8 } });
  });
});

describe('parentheses, comments and whitespace', () => {
  it('parentheses leave no node; the parent covers them', () => {
    const e = ok('(a + b) * c');
    expect(sexpr(e)).toBe('(* (+ a b) c)');
    expect(e.span).toEqual({ start: 0, end: 11 });
    expect((e as { left: Expression }).left.span).toEqual({ start: 1, end: 6 });
    expect(ok('((x))')).toMatchObject({ kind: 'Identifier', span: { start: 2, end: 3 } });
    expect(ok('-(a)')).toMatchObject({ kind: 'Unary', span: { start: 0, end: 4 } });
    expect(ok('(x).y')).toMatchObject({ kind: 'Member', span: { start: 0, end: 5 } });
  });

  it('skips comments anywhere, including inside a binary expression', () => {
    expect(s('1 + /* two */ 2')).toBe('(+ 1 2)');
    expect(s('1 + 2 // comment')).toBe('(+ 1 2)');
    expect(s('// a comment\nruns.count')).toBe('(.count runs)');
    expect(s('runs /* x */ . /* y */ count')).toBe('(.count runs)');
    // `//` starts a comment, as in the reference (floor division cannot be written)
    expect(s('7 // 2')).toBe('7');
  });

  it('ignores whitespace and newlines, including Unicode spaces', () => {
    expect(s('\n  runs\n    .map((row) => row)\n    .count\n')).toBe('(.count (.map() runs (=> (row) row)))');
    expect(s('\u00a01\u2003+\u20282\t')).toBe('(+ 1 2)');
  });

  it('uses UTF-16 offsets', () => {
    expect(ok('"🚀" + x')).toMatchObject({ kind: 'Binary', operatorSpan: { start: 5, end: 6 }, right: { span: { start: 7, end: 8 } } });
  });
});

describe('parseOrThrow', () => {
  it('returns the tree', () => {
    expect(withoutSpans(parseOrThrow('1 + 2'))).toEqual(withoutSpans(parse('1 + 2').ast));
  });
});

describe('Unicode identifiers', () => {
  it('every BMP identifier-start character lexes as a name', () => {
    const bad: string[] = [];
    for (let c = 128; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (!/\p{ID_Start}/u.test(ch)) continue;
      const r = parse(ch);
      if (r.ast?.kind !== 'Identifier') bad.push(`U+${c.toString(16)}`);
    }
    expect(bad).toEqual([]);
  });

  it('astral identifier characters lex as names', () => {
    for (const name of ['𝑥', '𐐀bc', 'a𝑥', '𠀀']) expect(parse(name).ast).toMatchObject({ kind: 'Identifier', name });
  });
});
