import { describe, expect, it } from 'vitest';
import { Tagged } from '../../src/ops/values.js';
import { coalesceShape } from '../../src/ops/none.js';
import { list, maybe, taggedValue, typedDict, union, type Type } from '../../src/types/index.js';
import { evaluate } from '../../src/api.js';
import { arg, call, none, num, numList, str, tagged, typeOf, value, type Arg } from './number-harness.js';

/** Union members compared as a set (the reference's order is not significant). */
function sameType(a: Type, b: Type): boolean {
  if (typeof a === 'object' && typeof b === 'object' && a.type === 'union' && b.type === 'union') {
    return (
      a.members.length === b.members.length &&
      a.members.every((m) => b.members.some((n) => sameType(m, n))) &&
      b.members.every((m) => a.members.some((n) => sameType(m, n)))
    );
  }
  if (typeof a === 'object' && typeof b === 'object' && a.type === 'list' && b.type === 'list') {
    return sameType(a.objectType, b.objectType) && a.minLength === b.minLength && a.maxLength === b.maxLength;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

describe('isNone', () => {
  it.each([
    [none, true],
    [num(0), false],
    [str(''), false],
    [numList([]), false],
    [numList([null]), false],
    [arg(maybe('number'), null), true],
    [tagged(arg(maybe('number'), null)), true],
    [tagged(num(1)), false],
  ] as [Arg, boolean][])('%j → %s', (a, expected) => {
    expect(call('isNone', a)).toMatchObject({ type: 'boolean', value: expected });
  });
});

describe('none-coalesce: the 81 type combinations of the reference (genericOps tests)', () => {
  const CSNumber = num(1);
  const NSNumberC = arg(maybe('number'), 1);
  const NSNumberN = arg(maybe('number'), null);
  const CLCNumber = arg(list('number'), [1, 2, 3, 4]);
  const CLNNumber = arg(list(maybe('number')), [1, null, 3, null]);
  const NLCNumberC = arg(maybe(list('number')), [1, 2, 3, 4]);
  const NLCNumberN = arg(maybe(list('number')), null);
  const NLNNumberC = arg(maybe(list(maybe('number'))), [1, null, 3, null]);
  const NLNNumberN = arg(maybe(list(maybe('number'))), null);

  const CSString = str('a');
  const NSStringC = arg(maybe('string'), 'a');
  const NSStringN = arg(maybe('string'), null);
  const CLCString = arg(list('string'), ['a', 'b', 'c', 'd']);
  const CLNString = arg(list(maybe('string')), ['a', 'b', null, null]);
  const NLCStringC = arg(maybe(list('string')), ['a', 'b', 'c', 'd']);
  const NLCStringN = arg(maybe(list('string')), null);
  const NLNStringC = arg(maybe(list(maybe('string'))), ['a', 'b', null, null]);
  const NLNStringN = arg(maybe(list(maybe('string'))), null);

  const rhsAll = [CSString, NSStringC, NSStringN, CLCString, CLNString, NLCStringC, NLCStringN, NLNStringC, NLNStringN];

  const check = (lhs: Arg, rhs: Arg, type: Type, val: unknown) => {
    const r = call('none-coalesce', lhs, rhs);
    expect(sameType(r.type, type), `${JSON.stringify(r.type)} vs ${JSON.stringify(type)}`).toBe(true);
    expect(r.value).toEqual(val);
  };

  it('classifies the six shapes', () => {
    expect([CSNumber, NSNumberC, CLCNumber, CLNNumber, NLCNumberC, NLNNumberC].map((a) => coalesceShape(a.type))).toEqual([
      'CS',
      'NS',
      'CLC',
      'CLN',
      'NLC',
      'NLN',
    ]);
    expect(coalesceShape('none')).toBe('NS');
  });

  it('lhs CS: unchanged', () => {
    for (const rhs of rhsAll) check(CSNumber, rhs, 'number', 1);
  });

  it('lhs NS: union of the non-null lhs and the rhs', () => {
    for (const rhs of rhsAll) check(NSNumberC, rhs, union(['number', rhs.type]), 1);
    for (const rhs of rhsAll) check(NSNumberN, rhs, union(['number', rhs.type]), rhs.value);
  });

  it('lhs CLC: unchanged', () => {
    for (const rhs of rhsAll) check(CLCNumber, rhs, list('number'), [1, 2, 3, 4]);
  });

  it('lhs CLN: elements filled', () => {
    check(CLNNumber, CSString, list(union(['number', 'string'])), [1, 'a', 3, 'a']);
    check(CLNNumber, NSStringC, list(union(['number', 'none', 'string'])), [1, 'a', 3, 'a']);
    check(CLNNumber, NSStringN, list(union(['number', 'none', 'string'])), [1, null, 3, null]);
    check(CLNNumber, CLCString, list(union(['number', 'string'])), [1, 'b', 3, 'd']);
    check(CLNNumber, CLNString, list(union(['number', 'none', 'string'])), [1, 'b', 3, null]);
    check(CLNNumber, NLCStringC, union([list(maybe('number')), list(union(['number', 'string']))]), [1, 'b', 3, 'd']);
    check(CLNNumber, NLCStringN, union([list(maybe('number')), list(union(['number', 'string']))]), [1, null, 3, null]);
    check(CLNNumber, NLNStringC, union([list(maybe('number')), list(union(['number', 'none', 'string']))]), [1, 'b', 3, null]);
    check(CLNNumber, NLNStringN, union([list(maybe('number')), list(union(['number', 'none', 'string']))]), [1, null, 3, null]);
  });

  it('lhs NLC: union of the non-null lhs and the rhs', () => {
    for (const rhs of rhsAll) check(NLCNumberC, rhs, union([list('number'), rhs.type]), [1, 2, 3, 4]);
    for (const rhs of rhsAll) check(NLCNumberN, rhs, union([list('number'), rhs.type]), rhs.value);
  });

  it('lhs NLN, present', () => {
    check(NLNNumberC, CSString, union(['string', list(union(['number', 'string']))]), [1, 'a', 3, 'a']);
    check(NLNNumberC, NSStringC, union(['none', 'string', list(union(['number', 'none', 'string']))]), [1, 'a', 3, 'a']);
    check(NLNNumberC, NSStringN, union(['none', 'string', list(union(['number', 'none', 'string']))]), [1, null, 3, null]);
    check(NLNNumberC, CLCString, union([list('string'), list(union(['number', 'string']))]), [1, 'b', 3, 'd']);
    check(
      NLNNumberC,
      CLNString,
      union([list(union(['none', 'string'])), list(union(['number', 'none', 'string']))]),
      [1, 'b', 3, null],
    );
    check(NLNNumberC, NLCStringC, union(['none', list('string'), list(union(['none', 'number', 'string']))]), [1, 'b', 3, 'd']);
    check(NLNNumberC, NLCStringN, union(['none', list('string'), list(union(['none', 'number', 'string']))]), [1, null, 3, null]);
    check(
      NLNNumberC,
      NLNStringC,
      union(['none', list(union(['none', 'string'])), list(union(['number', 'none', 'string']))]),
      [1, 'b', 3, null],
    );
    check(
      NLNNumberC,
      NLNStringN,
      union(['none', list(union(['none', 'string'])), list(union(['number', 'none', 'string']))]),
      [1, null, 3, null],
    );
  });

  it('lhs NLN, null', () => {
    check(NLNNumberN, CSString, union(['string', list(union(['number', 'string']))]), 'a');
    check(NLNNumberN, NSStringC, union(['none', 'string', list(union(['number', 'none', 'string']))]), 'a');
    check(NLNNumberN, NSStringN, union(['none', 'string', list(union(['number', 'none', 'string']))]), null);
    check(NLNNumberN, CLCString, union([list('string'), list(union(['number', 'string']))]), ['a', 'b', 'c', 'd']);
    check(
      NLNNumberN,
      CLNString,
      union([list(union(['none', 'string'])), list(union(['number', 'none', 'string']))]),
      ['a', 'b', null, null],
    );
    check(NLNNumberN, NLCStringC, union(['none', list('string'), list(union(['none', 'number', 'string']))]), ['a', 'b', 'c', 'd']);
    check(NLNNumberN, NLCStringN, union(['none', list('string'), list(union(['none', 'number', 'string']))]), null);
    check(
      NLNNumberN,
      NLNStringC,
      union(['none', list(union(['none', 'string'])), list(union(['number', 'none', 'string']))]),
      ['a', 'b', null, null],
    );
    check(
      NLNNumberN,
      NLNStringN,
      union(['none', list(union(['none', 'string'])), list(union(['number', 'none', 'string']))]),
      null,
    );
  });
});

describe('none-coalesce: values, tags and lengths', () => {
  it('keeps list lengths of an unchanged lhs and does not extend the lhs', () => {
    expect(call('none-coalesce', numList([1, 2]), num(0)).type).toEqual(list('number', 2, 2));
    expect(value('none-coalesce', numList([null, null]), numList([7]))).toEqual([7, null]);
    expect(value('none-coalesce', numList([1]), numList([7, 8, 9]))).toEqual([1]);
  });

  it('null on both sides is null', () => {
    expect(call('none-coalesce', none, none)).toMatchObject({ type: 'none', value: null });
  });

  it('keeps the tags of the side a value came from, and fills tagged null elements', () => {
    const tagT = typedDict({ t: 'string' });
    const r = call('none-coalesce', tagged(arg(maybe('number'), null), 'l'), tagged(num(5), 'r'));
    expect(r.raw).toEqual(new Tagged({ t: 'r' }, 5));
    expect(sameType(r.type, union([taggedValue(tagT, 'number')]))).toBe(true);
    const l = call('none-coalesce', tagged(num(1), 'l'), num(5));
    expect(l.raw).toEqual(new Tagged({ t: 'l' }, 1));
    expect(l.type).toEqual(taggedValue(tagT, 'number'));
    const elems = arg(list(taggedValue(tagT, maybe('number'))), [new Tagged({ t: 'a' }, null), new Tagged({ t: 'b' }, 2)]);
    expect(value('none-coalesce', elems, num(0))).toEqual([0, 2]);
  });

  it('is not mapped: a single rhs fills every null element', () => {
    expect(value('none-coalesce', arg(list(maybe('string')), [null, 'x']), str('-'))).toEqual(['-', 'x']);
  });
});

describe('if', () => {
  it('chooses by the condition; null chooses else; the type is the union', () => {
    expect(call('if', arg('boolean', true), num(1), str('b'))).toMatchObject({ value: 1, type: 'number' });
    expect(call('if', arg(maybe('boolean'), null), num(1), str('b'))).toMatchObject({ value: 'b', type: 'string' });
    expect(value('if', arg('boolean', false), num(1), str('b'))).toBe('b');
    expect(value('if', none, num(1), num(2))).toBe(2);
    expect(value('if', tagged(arg('boolean', false)), num(1), num(2))).toBe(2);
    expect(typeOf('if', num(1), num(1), num(2))).toBe('invalid');
  });
});

describe('isNone, coalesce and if end to end (parse → check → evaluate)', () => {
  it.each([
    ['null.isNone', true],
    ['(2).isNone', false],
    ['[null].isNone', false],
    ['[1, null, 3].coalesce(0)', [1, 0, 3]],
    ['[null, null].coalesce([7])', [7, null]],
    ['[0, 10][3].coalesce(1e3)', 1000],
    ['"x".coalesce(1)', 'x'],
    ['true.if(1, "a")', 1],
    ['(1 < 2).if(1, "a")', 1],
    ['null.if(1, 2)', 2],
  ])('%s', (text, expected) => {
    const r = evaluate(text);
    expect(r.ok && r.value).toEqual(expected);
  });

  it('types as the reference: [1, null, 3].coalesce(0) is List<number>', () => {
    const r = evaluate('[1,null,3].coalesce(0)');
    expect(r.ok && r.type).toEqual(list('number'));
  });

  it('if: a computed condition types as the union of both sides, a constant one as its side', () => {
    const computed = evaluate('(1 < 2).if(1, "a")');
    expect(computed.ok && computed.type).toEqual(union(['number', 'string']));
    const constant = evaluate('false.if(1, "a")');
    expect(constant.ok && constant.type).toBe('string');
  });
});
