import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict } from '../../src/types/index.js';
import { evaluate } from '../../src/api.js';
import { arg, call, none, num, numList, str, strList, tagged, typeOf, value } from './number-harness.js';

const s = (x: string | null) => (x == null ? none : str(x));
const tagT = typedDict({ t: 'string' });

describe('string-add, append, prepend', () => {
  it.each([
    ['string-add', 'foo', 'bar', 'foobar'],
    ['string-add', '', '', ''],
    ['string-add', 'a', null, 'a'],
    ['string-add', '🚀', 'e\u0301', '🚀e\u0301'],
    ['string-append', 'foo', 'bar', 'foobar'],
    ['string-append', 'foo', null, 'foo'],
    ['string-prepend', 'foo', 'bar', 'barfoo'],
    ['string-prepend', 'foo', null, 'foo'],
  ] as const)('%s(%j, %j) = %j', (op, a, b, expected) => {
    expect(value(op, s(a), s(b))).toBe(expected);
  });

  it('a null receiver gives null; the type is string whatever the right side', () => {
    expect(call('string-add', none, str('bar'))).toMatchObject({ type: 'none', value: null });
    expect(typeOf('string-add', str('a'), none)).toBe('string');
    expect(call('string-add', strList(['a', null]), str('!'))).toMatchObject({
      type: list(maybe('string'), 2, 2),
      value: ['a!', null],
    });
  });

  it('concatenation is JavaScript + and len adds up in code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(value('string-add', str(a), str(b))).toBe(a + b);
        expect(value('string-len', str(a + b))).toBe(
          (value('string-len', str(a)) as number) + (value('string-len', str(b)) as number),
        );
      }),
    );
  });
});

describe('string-len, lower, upper, strip', () => {
  it.each([
    ['', 0],
    ['foobar', 6],
    ['W&B is 🚀🦄🔥', 10],
    ['e\u0301', 2],
    ['tab\\tsep', 8],
  ])('len(%j) = %s', (x, n) => {
    expect(value('string-len', str(x))).toBe(n);
  });

  it('case mapping and trimming', () => {
    expect(value('string-lower', str('Weights & Biases 🚀'))).toBe('weights & biases 🚀');
    expect(value('string-upper', str('Weights & Biases 🚀'))).toBe('WEIGHTS & BIASES 🚀');
    expect(value('string-upper', str('straße'))).toBe('STRASSE');
    expect(value('string-lower', str('İ'))).toBe('i̇');
    expect(value('string-strip', str('  pad me  '))).toBe('pad me');
    expect(value('string-lStrip', str('  pad me  '))).toBe('pad me  ');
    expect(value('string-rStrip', str('\t pad me \n'))).toBe('\t pad me');
    expect(value('string-strip', str(''))).toBe('');
  });

  it('upper does not change the length of ASCII text', () => {
    fc.assert(
      fc.property(fc.string(), (x) => {
        expect(value('string-len', str(value('string-upper', str(x)) as string))).toBe(x.length);
      }),
    );
  });

  it('maps over lists, keeps tags', () => {
    expect(value('string-len', strList(['ab', null, '🚀']))).toEqual([2, null, 1]);
    expect(call('string-upper', tagged(str('ab'))).raw).toEqual(new Tagged({ t: 'x' }, 'AB'));
    expect(typeOf('string-upper', tagged(str('ab')))).toEqual(taggedValue(tagT, 'string'));
    expect(typeOf('string-len', num(1))).toBe('invalid');
  });
});

describe('string-split, partition', () => {
  it.each([
    ['foo bar baz', ' ', ['foo', 'bar', 'baz']],
    ['', ',', ['']],
    ['abc', null, ['a', 'b', 'c']],
    ['abc', '', ['a', 'b', 'c']],
    ['a.b', '.', ['a', 'b']],
  ] as const)('split(%j, %j)', (x, sep, expected) => {
    expect(value('string-split', str(x), s(sep))).toEqual(expected);
  });

  it.each([
    ['foobarbazbar', 'bar', ['foo', 'bar', 'bazbar']],
    ['abc', '.', ['abc', '.', '']],
    ['  ', 'abc', ['  ', 'abc', '']],
    ['abc', null, ['a', null, 'bc']],
    ['', '', [null, '', '']],
    ['a-b-c', '-', ['a', '-', 'b-c']],
  ] as const)('partition(%j, %j)', (x, sep, expected) => {
    expect(value('string-partition', str(x), s(sep))).toEqual(expected);
  });

  it('have type list<string>', () => {
    expect(typeOf('string-split', str('a'), str(','))).toEqual(list('string'));
    expect(typeOf('string-partition', strList(['a']), str(','))).toEqual(list(list('string'), 1, 1));
  });
});

describe('string-startsWith, endsWith, isAlpha, isNumeric, isAlnum', () => {
  it.each([
    ['string-startsWith', 'foobarbaz', 'foo', true],
    ['string-startsWith', 'foobarbaz', 'bar', false],
    ['string-startsWith', '', null, true],
    ['string-startsWith', '🤡barbaz', '🤡', true],
    ['string-startsWith', 'x', '', true],
    ['string-endsWith', 'barbaz🤡', '🤡', true],
    ['string-endsWith', 'foo🤡baz', '🤡', false],
    ['string-endsWith', 'foo', null, true],
  ] as const)('%s(%j, %j) = %s', (op, x, p, expected) => {
    expect(value(op, str(x), s(p))).toBe(expected);
  });

  it.each([
    ['abcABCxyzXYZ', true, false, true],
    ['', false, false, false],
    ['hunter42', false, false, true],
    ['a b c', false, false, false],
    ['42', false, true, true],
    ['-3.14', false, true, false],
    ['.5', false, true, false],
    ['-', false, true, false],
    ['5.', false, false, false],
    ['42e10', false, false, true],
    ['héllo', false, false, false],
    ['٣', false, false, false],
  ] as const)('%j: isAlpha %s, isNumeric %s, isAlnum %s', (x, alpha, numeric, alnum) => {
    expect(value('string-isAlpha', str(x))).toBe(alpha);
    expect(value('string-isNumeric', str(x))).toBe(numeric);
    expect(value('string-isAlnum', str(x))).toBe(alnum);
  });
});

describe('string-slice', () => {
  it.each([
    ['weights and biases', 0, null, 'weights and biases'],
    ['weights and biases', 0, 0, ''],
    ['weights and biases', 8, 11, 'and'],
    ['weights and biases', -6, null, 'biases'],
    ['wandb', null, 0, ''],
    ['wandb', null, 2, 'wa'],
    ['aaa', 1, 3, 'aa'],
    ['🚀x', 5, 4, ''],
    ['🚀x', 0, 1, '\ud83d'],
    ['abc', NaN, 2, 'ab'],
  ] as const)('slice(%j, %s, %s) = %j', (x, b, e, expected) => {
    expect(value('string-slice', str(x), b == null ? none : num(b), e == null ? none : num(e))).toBe(expected);
  });

  it('maps over a list of strings', () => {
    expect(value('string-slice', strList(['abc', null]), num(1), none)).toEqual(['bc', null]);
  });
});

describe('regular expressions: replace, findAll, contains', () => {
  it.each([
    ['a.b.c', '.', '-', '-----'],
    ['a.b.c', '\\.', '-', 'a-b-c'],
    ['a.b.c', 'b', 'a', 'a.a.c'],
    ['abc', '', '-', '-a-b-c-'],
    ['abc', null, null, 'abc'],
    ['abc', 'b', '[$&]', 'a[b]c'],
    ['2024-01-02', '(\\d+)-(\\d+)', '$2/$1', '01/2024-02'],
    ['🚀', '', '-', '-\ud83d-\ude80-'],
  ] as const)('replace(%j, %j, %j) = %j', (x, sub, rep, expected) => {
    expect(value('string-replace', str(x), s(sub), s(rep))).toBe(expected);
  });

  it('findAll and contains', () => {
    expect(value('string-findAll', str('a1b22c333'), str('\\d+'))).toEqual(['1', '22', '333']);
    expect(value('string-findAll', str('abc'), str('z'))).toEqual([]);
    expect(value('string-findAll', str('ab'), none)).toEqual(['', '', '']);
    expect(value('string-contains', str('Weights & Biases'), str('B.a'))).toBe(true);
    expect(value('string-contains', str('abc'), str('^b'))).toBe(false);
    expect(value('string-contains', str(''), none)).toBe(true);
    expect(typeOf('string-findAll', str('a'), str('a'))).toEqual(list('string'));
  });

  it('an invalid pattern is an error naming the pattern, not a crash', () => {
    expect(() => value('string-replace', str('abc'), str('('), str(''))).toThrow(/"\(" is not a valid regular expression: Unterminated group/);
    expect(() => value('string-findAll', str('abc'), str('['))).toThrow(/not a valid regular expression/);
    expect(() => value('string-contains', str('abc'), str('*'))).toThrow(/not a valid regular expression/);
    // A null receiver never compiles the pattern.
    expect(value('string-contains', none, str('('))).toBe(null);
  });
});

describe('string-levenshtein, parseNumberWithSeparator, in', () => {
  it.each([
    ['aaa', 'wandb', 4],
    ['', '🚀x', 3],
    ['kitten', 'sitting', 3],
    ['same', 'same', 0],
    ['abc', null, 3],
  ] as const)('levenshtein(%j, %j) = %s', (a, b, d) => {
    expect(value('string-levenshtein', str(a), s(b))).toBe(d);
  });

  it('levenshtein of a null first string is null', () => {
    expect(call('string-levenshtein', none, str('aaa'))).toMatchObject({ type: 'none', value: null });
  });

  it('levenshtein is symmetric and bounded by the longer length', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const d = value('string-levenshtein', str(a), str(b)) as number;
        expect(value('string-levenshtein', str(b), str(a))).toBe(d);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d === 0).toBe(a === b);
      }),
    );
  });

  it.each([
    ['1,234.5', ',', '.', 1234.5],
    ['1.234,5', '.', ',', 1234.5],
    ['12 abc', null, null, 12],
    ['abc', null, null, null],
    ['0', null, null, null],
    ['', ',', '.', null],
    ['1,2,3', null, ',', 1.2],
  ] as const)('parseNumberWithSeparator(%j, %j, %j) = %s', (x, t, d, expected) => {
    expect(value('string-parseNumberWithSeparator', str(x), s(t), s(d))).toBe(expected);
  });

  it('parseNumberWithSeparator keeps the reference type Maybe<string>', () => {
    expect(typeOf('string-parseNumberWithSeparator', str('1'), none, none)).toEqual(maybe('string'));
  });

  it('string-in', () => {
    expect(value('string-in', str('bar'), strList(['foo', 'bar']))).toBe(true);
    expect(value('string-in', str('ba'), strList(['foo', 'bar']))).toBe(false);
    // A plain string on the right does not type-check; the resolver would search it as text.
    expect(typeOf('string-in', str('bar'), arg('string', 'foobarbaz'))).toBe('invalid');
    expect(value('string-in', str('a'), none)).toBe(false);
    expect(typeOf('string-in', str('a'), none)).toBe('none');
    expect(typeOf('string-in', str('a'), strList(['a']))).toBe('boolean');
  });
});

describe('string equality', () => {
  it.each([
    ['string-equal', '', '', true],
    ['string-equal', 'foo', 'bar', false],
    ['string-equal', null, null, true],
    ['string-equal', 'a', null, false],
    ['string-equal', 'é', 'e\u0301', false],
    ['string-notEqual', 'foo', '', true],
    ['string-notEqual', null, null, false],
  ] as const)('%s(%j, %j) = %s', (op, a, b, expected) => {
    expect(value(op, s(a), s(b))).toBe(expected);
  });

  it('maps over a list receiver', () => {
    expect(value('string-equal', strList(['a', null, 'b']), str('a'))).toEqual([true, false, false]);
    expect(value('string-notEqual', numList([1]), str('a'))).toBe(undefined);
  });
});

describe('string ops end to end (parse → check → evaluate)', () => {
  const ok = (text: string) => {
    const r = evaluate(text);
    if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
    return r.value;
  };
  it.each([
    ['"a" + "b"', 'ab'],
    ['"a" + null', 'a'],
    ['null + "a"', null],
    ['"W&B is 🚀🦄🔥".len', 10],
    ['"a\\nb".len', 4],
    ['"abc".slice(1)', 'bc'],
    ['"abc".slice(null, 2)', 'ab'],
    ['"a.b.c".replace(".", "-")', '-----'],
    ['"a1b22".findAll("\\d+")', ['1', '22']],
    ['"a1b22".findAll("\\\\d+")', []],
    ['"Weights".contains("^W")', true],
    ['"abc".partition(".")', ['abc', '.', '']],
    ['"a,b".split(",")', ['a', 'b']],
    ['["x", null, "yz"].len', [1, null, 2]],
    ['["a", "b"] == "a"', [true, false]],
    ['levenshtein("kitten", "sitting")', 3],
    ['"  pad  ".strip', 'pad'],
    ['"-".isNumeric', true],
    ['"straße".upper', 'STRASSE'],
    ['"1.234,5".parseNumberWithSeparator(".", ",")', 1234.5],
    ['"b".in(["a", "b"])', true],
  ])('%s', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it('an invalid pattern is a runtime error naming the op and the pattern', () => {
    const r = evaluate('"abc".replace("(", "x")');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('runtime');
      expect(r.error.message).toBe('string-replace: "(" is not a valid regular expression: Unterminated group');
    }
  });

  it.each(['"a".levenshtein("b")', '"a" < "b"', '"a".len(1)', '(1).upper'])('%s is a type error', (text) => {
    const r = evaluate(text);
    expect(!r.ok && r.error.kind).toBe('type');
  });
});

describe('string helpers', () => {
  it('codePointLength is the length of the code point sequence', async () => {
    const { codePointLength } = await import('../../src/ops/string.js');
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\ud83d', '\ude80', '🚀', 'e\u0301'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }), (x) => {
        expect(codePointLength(x)).toBe([...x].length);
      }),
    );
  });

  it('a shared pattern gives the same answer for every element', () => {
    expect(value('string-contains', strList(['ab', 'ab', 'xb', 'x']), str('b'))).toEqual([true, true, true, false]);
    expect(value('string-findAll', strList(['ab', 'abb']), str('b'))).toEqual([['b'], ['b', 'b']]);
  });
});
