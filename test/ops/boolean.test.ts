import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict, union } from '../../src/types/index.js';
import { evaluate } from '../../src/api.js';
import { arg, bool, call, none, num, str, tagged, typeOf, value } from './number-harness.js';

const b = (x: boolean | null) => (x == null ? none : bool(x));
const boolList = (xs: (boolean | null)[]) => arg(list(xs.includes(null) ? maybe('boolean') : 'boolean', xs.length, xs.length), xs);

describe('and / or', () => {
  const table: [boolean | null, boolean | null, unknown, unknown][] = [
    [true, true, true, true],
    [true, false, false, true],
    [false, true, false, true],
    [false, false, false, false],
    [false, null, null, null],
    [true, null, null, null],
    [null, true, null, null],
    [null, false, null, null],
    [null, null, null, null],
  ];
  it.each(table)('%s and/or %s = %s / %s', (l, r, and, or) => {
    expect(value('and', b(l), b(r))).toBe(and);
    expect(value('or', b(l), b(r))).toBe(or);
  });

  it('are && and || on booleans', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.boolean(), (x, y) => {
        expect(value('and', bool(x), bool(y))).toBe(x && y);
        expect(value('or', bool(x), bool(y))).toBe(x || y);
      }),
    );
  });

  it('types follow the right side', () => {
    expect(typeOf('and', bool(true), bool(true))).toBe('boolean');
    expect(typeOf('and', bool(true), none)).toBe('none');
    expect(typeOf('or', bool(true), arg(maybe('boolean'), null))).toEqual(maybe('boolean'));
    expect(typeOf('or', none, bool(true))).toBe('none');
    expect(typeOf('and', num(1), bool(true))).toBe('invalid');
    expect(typeOf('and', bool(true), num(1))).toBe('invalid');
  });

  it('map over a list on the left and keep tags', () => {
    expect(value('and', boolList([true, null, false]), bool(true))).toEqual([true, null, false]);
    expect(call('or', tagged(bool(false)), bool(true)).raw).toEqual(new Tagged({ t: 'x' }, true));
  });
});

describe('boolean-not', () => {
  it('negates, passes null, maps', () => {
    expect(value('boolean-not', bool(true))).toBe(false);
    expect(value('boolean-not', bool(false))).toBe(true);
    expect(call('boolean-not', none)).toMatchObject({ type: 'none', value: null });
    expect(value('boolean-not', boolList([true, null]))).toEqual([false, null]);
    expect(typeOf('boolean-not', tagged(bool(true)))).toEqual(taggedValue(typedDict({ t: 'string' }), 'boolean'));
  });
});

describe('boolean-equal / notEqual', () => {
  it.each([
    [true, true, true],
    [true, false, false],
    [null, null, true],
    [false, null, false],
  ] as const)('%s == %s is %s', (l, r, eq) => {
    expect(value('boolean-equal', b(l), b(r))).toBe(eq);
    expect(value('boolean-notEqual', b(l), b(r))).toBe(!eq);
  });
});

describe('cond', () => {
  const dictArg = (props: Record<string, unknown>, types: Record<string, Parameters<typeof arg>[0]>) =>
    arg(typedDict(types), props);

  it('returns the result of the first true case', () => {
    const cases = dictArg({ a: false, b: true, c: true }, { a: 'boolean', b: 'boolean', c: 'boolean' });
    const results = dictArg({ a: 1, b: 'two', c: 3 }, { a: 'number', b: 'string', c: 'number' });
    const r = call('cond', cases, results);
    expect(r.value).toBe('two');
    expect(r.type).toEqual(maybe(union(['number', 'string'])));
  });

  it('null when no case is true (null counts as false)', () => {
    const cases = dictArg({ a: null, b: false }, { a: maybe('boolean'), b: 'boolean' });
    const results = dictArg({ a: 1, b: 2 }, { a: 'number', b: 'number' });
    expect(value('cond', cases, results)).toBe(null);
  });

  it('is weaveIf when written as {whenTrue: c, whenFalse: !c}', () => {
    for (const c of [true, false]) {
      const cases = dictArg({ whenTrue: c, whenFalse: !c }, { whenTrue: 'boolean', whenFalse: 'boolean' });
      const results = dictArg({ whenTrue: 'a', whenFalse: 2 }, { whenTrue: 'string', whenFalse: 'number' });
      expect(value('cond', cases, results)).toBe(c ? 'a' : 2);
    }
  });

  it('rejects non-boolean cases', () => {
    expect(typeOf('cond', dictArg({ a: 'x' }, { a: 'string' }), dictArg({ a: 1 }, { a: 'number' }))).toBe('invalid');
    expect(typeOf('cond', str('x'), dictArg({ a: 1 }, { a: 'number' }))).toBe('invalid');
  });
});

describe('boolean ops end to end (parse → check → evaluate)', () => {
  it.each([
    ['true and false', false],
    ['true && true', true],
    ['false or true', true],
    ['false || null', null],
    ['false and null', null],
    ['!true', false],
    ['!null', null],
    ['![true, null]', [false, null]],
    ['1 < 2 == 2 < 3', true],
    ['true != null', true],
    ['(1 < 2) and (2 < 1)', false],
    ['{a: false, b: true}.cond({a: 1, b: 2})', 2],
  ])('%s', (text, expected) => {
    const r = evaluate(text);
    expect(r.ok && r.value).toEqual(expected);
  });

  it.each(['1 and true', 'true and 1', '!1', '1 < 2 < 3'])('%s is a type error', (text) => {
    const r = evaluate(text);
    expect(!r.ok && r.error.kind).toBe('type');
  });
});
