import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { list, maybe, taggedValue, typedDict, type Type } from '../../src/types/index.js';
import { Tagged } from '../../src/ops/values.js';
import { formatBytes, rangeStep, rangeTo, toTimestampMs } from '../../src/ops/number-misc.js';
import { sumNumbers } from '../../src/ops/number-aggregate.js';
import { evaluate } from '../../src/api.js';
import { arg, call, none, num, numList, str, tagged, typeOf, value } from './number-harness.js';

const tagT = typedDict({ t: 'string' });
const maybeNum: Type = maybe('number');

describe('number arithmetic (+ - * / // % **, pow)', () => {
  const cases: [string, number, number | null, unknown][] = [
    ['number-add', 1, 2, 3],
    ['number-add', 0.1, 0.2, 0.30000000000000004],
    ['number-add', Infinity, -Infinity, NaN],
    ['number-add', -0, -0, -0],
    ['number-add', 1, null, null],
    ['number-sub', 5, 7, -2],
    ['number-sub', 1, null, null],
    ['number-mult', 3, -0, -0],
    ['number-mult', Infinity, 0, NaN],
    ['number-div', 1, 0, Infinity],
    ['number-div', -1, 0, -Infinity],
    ['number-div', 0, 0, NaN],
    ['number-div', 1, -0, -Infinity],
    ['number-floorDiv', 7, 2, 3],
    ['number-floorDiv', -7, 2, -4],
    ['number-floorDiv', 1, 0, Infinity],
    ['number-modulo', -7, 3, -1],
    ['number-modulo', 7, -3, 1],
    ['number-modulo', 5, 0, NaN],
    ['number-modulo', 5.5, 2, 1.5],
    ['number-powBinary', 2, 10, 1024],
    ['number-powBinary', -8, 1 / 3, NaN],
    ['number-powBinary', 0, 0, 1],
    ['number-powBinary', NaN, 0, 1],
    ['number-powBinary', 2, null, null],
    ['number-pow', 2, 0.5, Math.SQRT2],
    ['number-pow', 2, null, null],
  ];
  it.each(cases)('%s(%s, %s) = %s', (op, a, b, expected) => {
    expect(value(op, num(a), b == null ? none : num(b))).toEqual(expected);
  });

  it('a null receiver gives null and type none', () => {
    expect(call('number-add', none, num(1))).toEqual({ type: 'none', value: null, raw: null });
  });

  it('the type follows the right operand: number, maybe, none', () => {
    expect(typeOf('number-add', num(1), num(2))).toBe('number');
    expect(typeOf('number-add', num(1), none)).toBe('none');
    expect(typeOf('number-mult', num(1), arg(maybeNum, 3))).toEqual(maybeNum);
    expect(typeOf('number-add', num(1), tagged(num(2)))).toBe('number');
  });

  it('maps over a list receiver, keeping null elements and lengths', () => {
    const r = call('number-add', numList([1, null, 3]), num(1));
    expect(r.value).toEqual([2, null, 4]);
    expect(r.type).toEqual(list(maybeNum, 3, 3));
    expect(call('number-add', numList([1, 2]), none).type).toEqual(list('none', 2, 2));
  });

  it('keeps the tags of a tagged receiver and of tagged elements', () => {
    const r = call('number-mult', tagged(num(4), 'a'), num(2));
    expect(r.type).toEqual(taggedValue(tagT, 'number'));
    expect(r.raw).toEqual(new Tagged({ t: 'a' }, 8));
    const elems = arg(list(taggedValue(tagT, 'number')), [new Tagged({ t: 'a' }, 1), new Tagged({ t: 'b' }, 2)]);
    const m = call('number-sub', elems, num(1));
    expect(m.raw).toEqual([new Tagged({ t: 'a' }, 0), new Tagged({ t: 'b' }, 1)]);
    expect(m.type).toEqual(list(taggedValue(tagT, 'number')));
  });

  it('a tagged right operand is used untagged', () => {
    expect(value('number-add', num(1), tagged(num(2)))).toBe(3);
  });

  it('rejects a list of lists and non-number operands', () => {
    expect(typeOf('number-add', arg(list(list('number')), [[1]]), num(1))).toBe('invalid');
    expect(typeOf('number-add', num(1), str('a'))).toBe('invalid');
    expect(typeOf('number-add', num(1), numList([1]))).toBe('invalid');
  });

  it('is JavaScript arithmetic on finite doubles', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        expect(value('number-add', num(a), num(b))).toBe(a + b);
        expect(value('number-sub', num(a), num(b))).toBe(a - b);
        expect(value('number-mult', num(a), num(b))).toBe(a * b);
        expect(value('number-div', num(a), num(b))).toBe(a / b);
        expect(value('number-modulo', num(a), num(b))).toBe(a % b);
      }),
    );
  });
});

describe('number comparison and equality', () => {
  const cases: [string, number | null, number | null, unknown][] = [
    ['number-less', 1, 2, true],
    ['number-less', 2, 2, false],
    ['number-lessEqual', 2, 2, true],
    ['number-greater', 3, 2, true],
    ['number-greaterEqual', NaN, NaN, false],
    ['number-less', -0, 0, false],
    ['number-less', 1, null, null],
    ['number-greater', -Infinity, -1e308, false],
    ['number-equal', 1, 1, true],
    ['number-equal', NaN, NaN, false],
    ['number-equal', 0, -0, true],
    ['number-equal', null, null, true],
    ['number-equal', 1, null, false],
    ['number-equal', null, 1, false],
    ['number-notEqual', null, null, false],
    ['number-notEqual', NaN, NaN, true],
    ['number-notEqual', 1, 2, true],
  ];
  it.each(cases)('%s(%s, %s) = %s', (op, a, b, expected) => {
    expect(value(op, a == null ? none : num(a), b == null ? none : num(b))).toEqual(expected);
  });

  it('comparison types: boolean, maybe when the rhs is, none for a null rhs', () => {
    expect(typeOf('number-less', num(1), num(2))).toBe('boolean');
    expect(typeOf('number-less', num(1), none)).toBe('none');
    expect(typeOf('number-less', num(1), arg(maybeNum, null))).toEqual(maybe('boolean'));
  });

  it('equality compares nulls element-wise over a list, and types a none lhs as none', () => {
    expect(value('number-equal', numList([null, 0, 1]), num(0))).toEqual([false, true, false]);
    expect(value('number-equal', numList([null, 0, 1]), none)).toEqual([true, false, false]);
    expect(call('number-equal', none, none)).toMatchObject({ type: 'none', value: true });
    expect(typeOf('number-equal', numList([1, 2]), num(1))).toEqual(list('boolean', 2, 2));
  });

  it('keeps the tags of tagged elements on equality results', () => {
    const r = call('number-equal', tagged(num(3), 'k'), num(3));
    expect(r.raw).toEqual(new Tagged({ t: 'k' }, true));
  });
});

describe('unary number ops', () => {
  it.each([
    ['number-negate', 5, -5],
    ['number-negate', 0, -0],
    ['number-negate', -Infinity, Infinity],
    ['number-abs', -2.5, 2.5],
    ['number-abs', -0, 0],
    ['number-sin', 0, 0],
    ['number-cos', 0, 1],
    ['number-floor', 3.7, 3],
    ['number-floor', -3.2, -4],
    ['number-floor', Infinity, Infinity],
    ['number-roundtenth', 1.25, 1.3],
    ['number-roundHundredth', 1.005, 1],
    ['number-roundHundredth', 2.675, 2.68],
    ['number-roundthousand', 1500, 2000],
    ['number-roundthousand', -1500, -1000],
  ] as const)('%s(%s) = %s', (op, x, expected) => {
    expect(value(op, num(x))).toBe(expected);
  });

  it('map, pass nulls and keep tags', () => {
    expect(value('number-negate', numList([1, null, -2]))).toEqual([-1, null, 2]);
    expect(call('number-floor', tagged(num(3.14))).raw).toEqual(new Tagged({ t: 'x' }, 3));
    expect(value('number-floor', arg(list(taggedValue(tagT, maybeNum)), [new Tagged({ t: 'x' }, 1.2), new Tagged({ t: 'y' }, null)]))).toEqual([
      1,
      null,
    ]);
    expect(call('number-abs', none)).toMatchObject({ type: 'none', value: null });
  });

  it('toFixed returns a number and checks its digits', () => {
    expect(value('number-toFixed', num(1.23456), num(2))).toBe(1.23);
    expect(value('number-toFixed', num(5), num(0))).toBe(5);
    expect(value('number-toFixed', num(1e308), num(3))).toBe(1e308);
    expect(value('number-toFixed', num(1.5), num(NaN))).toBe(2);
    expect(() => value('number-toFixed', num(1), num(101))).toThrow(/0 to 100 digits/);
  });

  it('toString is JavaScript String', () => {
    for (const [x, s] of [
      [1.5, '1.5'],
      [1e21, '1e+21'],
      [0.1 + 0.2, '0.30000000000000004'],
      [-0, '0'],
      [NaN, 'NaN'],
      [-Infinity, '-Infinity'],
      [123456789, '123456789'],
    ] as const) {
      expect(value('number-toString', num(x))).toBe(s);
    }
    expect(typeOf('number-toString', numList([1]))).toEqual(list('string', 1, 1));
  });

  it('toByteString writes decimal units with two decimals', () => {
    expect(formatBytes(0)).toBe('0.00B');
    expect(formatBytes(512)).toBe('512.00B');
    expect(formatBytes(1500)).toBe('1.50KB');
    expect(formatBytes(1005)).toBe('1.01KB');
    expect(formatBytes(999_999)).toBe('1000.00KB');
    expect(formatBytes(2.5e9)).toBe('2.50GB');
    expect(formatBytes(0.5)).toBe('0.50');
    expect(formatBytes(-5)).toBe('-5.00');
    expect(formatBytes(Infinity)).toBe('Infinity');
    expect(value('number-toByteString', num(2048))).toBe('2.05KB');
  });
});

describe('number-toTimestamp', () => {
  it.each([
    [86400, 86400000],
    [1700000000.5, 1700000000500],
    [-5, -5000],
    [0, 0],
    [1640995200000, 1640995200000],
    [1e15, 1e12],
    [1640995200000000000, 1640995200000],
    [31_535_999_999, 31_535_999_999_000],
    [31_536_000_000, 31_536_000_000],
    [4e19, null],
    [NaN, null],
  ])('(%s).toTimestamp = %s', (x, expected) => {
    expect(toTimestampMs(x)).toBe(expected);
    expect(value('number-toTimestamp', num(x))).toBe(expected);
  });

  it('has type timestamp (ms)', () => {
    expect(typeOf('number-toTimestamp', num(1))).toEqual({ type: 'timestamp', unit: 'ms' });
  });
});

describe('numbers-* reductions', () => {
  const cases: [string, (number | null)[], unknown][] = [
    ['numbers-sum', [1, 2, 3], 6],
    ['numbers-sum', [], 0],
    ['numbers-sum', [null, null], 0],
    ['numbers-sum', [1, null, 2], 3],
    ['numbers-sum', [Infinity, -Infinity], NaN],
    ['numbers-avg', [1, 2], 1.5],
    ['numbers-avg', [], NaN],
    ['numbers-avg', [null, 4], 4],
    ['numbers-min', [3, null, -1], -1],
    ['numbers-min', [], null],
    ['numbers-min', [NaN, 2], 2],
    ['numbers-min', [NaN], null],
    ['numbers-max', [3, null, 7], 7],
    ['numbers-max', [null], null],
    ['numbers-max', [-Infinity], -Infinity],
    ['numbers-argmax', [3, 1, 3, 1], 0],
    ['numbers-argmax', [null, -2], 1],
    ['numbers-argmax', [NaN, 1], 1],
    ['numbers-argmax', [Infinity, 1], 0],
    ['numbers-argmax', [], -1],
    ['numbers-argmax', [null], -1],
    ['numbers-argmin', [3, 1, 3, 1], 1],
    ['numbers-argmin', [1e10, null], 0],
    ['numbers-argmin', [0, -0], 0],
    ['numbers-stddev', [1, 10], 4.5],
    ['numbers-stddev', [-2], 0],
    ['numbers-stddev', [], NaN],
    ['numbers-stddev', [1e308, 1e308], Infinity],
    ['numbers-stddev', [NaN, 1], NaN],
    ['numbers-stddev', [2, 4, 4, 4, 5, 5, 7, 9], 2],
  ];
  it.each(cases)('%s(%j) = %s', (op, xs, expected) => {
    expect(value(op, numList(xs))).toEqual(expected);
  });

  it('take the whole list (no mapping), drop element tags, pass a null list', () => {
    const elems = arg(list(taggedValue(tagT, 'number')), [new Tagged({ t: 'a' }, 1), new Tagged({ t: 'b' }, 2)]);
    expect(call('numbers-sum', elems).raw).toBe(3);
    expect(call('numbers-sum', elems).type).toBe('number');
    expect(call('numbers-max', arg(maybe(list('number')), null))).toMatchObject({ type: maybe('number'), value: null });
    const taggedList = arg(taggedValue(tagT, list('number')), new Tagged({ t: 'l' }, [1, 2]));
    expect(call('numbers-avg', taggedList).raw).toEqual(new Tagged({ t: 'l' }, 1.5));
    expect(typeOf('numbers-avg', arg(list(list('number')), [[1]]))).toBe('invalid');
    expect(typeOf('numbers-sum', num(1))).toBe('invalid');
  });

  it('sum is the sequential left-to-right sum and avg divides by the count of numbers', () => {
    const xs = fc.array(fc.option(fc.double({ noNaN: true }), { nil: null }), { maxLength: 30 });
    fc.assert(
      fc.property(xs, (values) => {
        const present = values.filter((v): v is number => v != null);
        let seq = 0;
        present.forEach((v, i) => (seq = i === 0 ? v : seq + v));
        expect(value('numbers-sum', numList(values))).toBe(present.length === 0 ? 0 : seq);
        expect(sumNumbers(values)).toBe(present.length === 0 ? 0 : seq);
        const avg = value('numbers-avg', numList(values));
        if (present.length === 0) expect(avg).toBeNaN();
        else expect(avg).toBe(seq / present.length);
      }),
    );
  });

  it('argmax points at an element equal to max', () => {
    const xs = fc.array(fc.option(fc.integer({ min: -50, max: 50 }), { nil: null }), { maxLength: 20 });
    fc.assert(
      fc.property(xs, (values) => {
        const i = value('numbers-argmax', numList(values)) as number;
        const max = value('numbers-max', numList(values));
        if (max == null) expect(i).toBe(-1);
        else {
          expect(values[i]).toBe(max);
          expect(values.indexOf(max as number)).toBe(i);
        }
      }),
    );
  });
});

describe('number generators and bins', () => {
  it('(n).range counts from 0 like lodash', () => {
    expect(rangeTo(5)).toEqual([0, 1, 2, 3, 4]);
    expect(rangeTo(0)).toEqual([]);
    expect(rangeTo(2.5)).toEqual([0, 1, 2]);
    expect(rangeTo(-3)).toEqual([0, -1, -2]);
    expect(rangeTo(NaN)).toEqual([]);
    expect(() => rangeTo(Infinity)).toThrow(/at most/);
    expect(call('root_number-range', num(3))).toMatchObject({ type: list('number'), value: [0, 1, 2] });
    expect(value('root_number-range', numList([2, null]))).toEqual([[0, 1], null]);
  });

  it('range(start, stop, step)', () => {
    expect(rangeStep(0, 5, 2)).toEqual([0, 2, 4]);
    expect(rangeStep(5, 0, 1)).toEqual([]);
    expect(rangeStep(0, 1, 0.25)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(rangeStep(0, 3, NaN)).toEqual([0]);
    expect(() => rangeStep(0, 3, 0)).toThrow(/step must be positive/);
    expect(() => rangeStep(0, 3, -1)).toThrow(/step must be positive/);
    expect(() => rangeStep(0, Infinity, 1)).toThrow(/at most/);
    expect(call('range', num(1), num(4), num(1))).toMatchObject({ type: list('number'), value: [1, 2, 3] });
    expect(value('range', tagged(num(0)), num(2), num(1))).toEqual([0, 1]);
  });

  it('gauss draws n samples', () => {
    const xs = value('gauss', num(10), num(0), num(4)) as number[];
    expect(xs).toEqual([10, 10, 10, 10]);
    const ys = value('gauss', num(0), num(1), num(1000)) as number[];
    expect(ys).toHaveLength(1000);
    const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
    expect(Math.abs(mean)).toBeLessThan(0.3);
    expect(value('gauss', num(0), num(1), num(0))).toEqual([]);
  });

  it('binsfixed, binsequal and bin', () => {
    const fn = value('root_number-binsfixed', num(10)) as (row: unknown, i: number) => unknown;
    expect(fn(23, 0)).toEqual({ start: 20, stop: 30 });
    expect(fn(-1, 0)).toEqual({ start: -10, stop: 0 });
    expect(fn(null, 0)).toEqual({ start: null, stop: null });
    const bin = call('number-bin', num(7), arg(typeOf('root_number-binsfixed', num(5)), fn));
    expect(bin.value).toEqual({ start: 0, stop: 10 });
    expect(bin.type).toEqual(typedDict({ start: 'number', stop: 'number' }));
    const eq = value('numbers-binsequal', numList([0, null, 100]), num(4)) as (row: unknown, i: number) => unknown;
    expect(eq(30, 0)).toEqual({ start: 25, stop: 50 });
  });

  it('throwError fails with a message', () => {
    expect(() => value('throwError', num(1))).toThrow(/on purpose/);
    expect(value('throwError', none)).toBe(null);
  });
});

describe('number ops end to end (parse → check → evaluate)', () => {
  const ok = (text: string) => {
    const r = evaluate(text);
    if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
    return r.value;
  };
  it.each([
    ['1 + 2 * 3', 7],
    ['-2 ** 2', 4],
    ['2 ** 3 ** 2', 512],
    ['-7 % 3', -1],
    ['1 / 0', { $float: 'Infinity' }],
    ['0 / 0', { $float: 'NaN' }],
    ['-0', 0],
    ['1 + null', null],
    ['null + null', null],
    ['null == null', true],
    ['(0 / 0) == (0 / 0)', false],
    ['1 < null', null],
    ['[1, null, 3] + 1', [2, null, 4]],
    ['[1, 2, 3] > 1', [false, true, true]],
    ['abs(-2.5)', 2.5],
    ['pow(2, 10)', 1024],
    ['sin(0) + cos(0)', 1],
    ['(3.7).floor', 3],
    ['(3.14159).toFixed(2)', 3.14],
    ['(1e21).toString', '1e+21'],
    ['(86400).toTimestamp', 86400000],
    ['[1, null, 3].sum', 4],
    ['[1, null, 3].avg', 2],
    ['[1, 10].stddev', 4.5],
    ['[3, 1, 3].argmax', 0],
    ['[null, -2].filter((row) => row == null).argmax', -1],
    ['[[1, 2], [3]].concat.max', 3],
    ['(5).range', [0, 1, 2, 3, 4]],
    ['range(0, 10, 3)', [0, 3, 6, 9]],
    ['gauss(1, 0, 2)', [1, 1]],
    ['(23).bin(binsfixed(10))', { start: 20, stop: 30 }],
    ['(2048).toByteString', '2.05KB'],
  ])('%s', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });

  it.each([
    ['range(5)', 'type'],
    ['(3).abs', 'type'],
    ['1 + "a"', 'type'],
    ['[[1]] + 1', 'type'],
    ['[].sum', 'type'],
    ['(1).throwError', 'runtime'],
    ['range(0, 3, 0)', 'runtime'],
    ['(1).toFixed(101)', 'runtime'],
  ])('%s fails (%s)', (text, kind) => {
    const r = evaluate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe(kind);
  });

  it('runtime errors name the op', () => {
    const r = evaluate('range(0, 3, 0)');
    expect(!r.ok && r.error.message).toMatch(/^range: /);
  });
});

describe('doc pages of the primitive ops', () => {
  it('match the pages of the official reference that list each op', async () => {
    const { readReference } = await import('./reference-catalog.js');
    const { standardRegistry } = await import('../../src/ops/index.js');
    const listed = new Map<string, Set<string>>();
    for (const e of readReference()) {
      if (!listed.has(e.op)) listed.set(e.op, new Set());
      listed.get(e.op)!.add(e.page);
    }
    const families = /^(numbers?-|string-|boolean-|and$|or$|isNone$|none-|if$|cond$|date|timestamp-|datetime-|root_number-|range$|gauss$|throwError$)/;
    const mine = standardRegistry()
      .all()
      .filter((d) => families.test(d.name));
    expect(mine.length).toBeGreaterThan(80);
    for (const def of mine) {
      const pages = [...(listed.get(def.name) ?? [])].sort();
      expect([...(def.declaration.docPages ?? [])].sort(), def.name).toEqual(pages);
      if (!def.hidden) {
        expect(def.description, def.name).not.toBe('');
        expect(def.returnValueDescription, def.name).not.toBe('');
        for (const arg of Object.keys(def.inputTypes)) expect(def.argDescriptions[arg], `${def.name} ${arg}`).toBeTruthy();
      }
    }
  });
});
