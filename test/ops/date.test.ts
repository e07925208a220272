import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { relativeString } from '../../src/ops/date.js';
import { startOfUtc } from '../../src/ops/date-utc.js';
import { list, maybe } from '../../src/types/index.js';
import { evaluate } from '../../src/api.js';
import { arg, call, date, none, num, tagged, typeOf, value } from './number-harness.js';

const DAY = 86_400_000;
const ts = (ms: number | null) => arg({ type: 'timestamp' }, ms);
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

describe('date_round-*', () => {
  const d = '2024-05-15T13:47:21.123Z';
  it.each([
    ['year', '2024-01-01T00:00:00.000Z'],
    ['quarter', '2024-04-01T00:00:00.000Z'],
    ['month', '2024-05-01T00:00:00.000Z'],
    ['week', '2024-05-12T00:00:00.000Z'],
    ['day', '2024-05-15T00:00:00.000Z'],
    ['hour', '2024-05-15T13:00:00.000Z'],
    ['minute', '2024-05-15T13:47:00.000Z'],
  ])('%s', (unit, expected) => {
    expect(iso(value(`date_round-${unit}`, date(d)))).toBe(expected);
    expect(typeOf(`date_round-${unit}`, date(d))).toBe('date');
  });

  it('weeks start on Sunday; a Sunday is its own week start', () => {
    expect(iso(value('date_round-week', date('2024-05-12T00:00:00Z')))).toBe('2024-05-12T00:00:00.000Z');
    expect(iso(value('date_round-week', date('2024-05-11T23:59:59Z')))).toBe('2024-05-05T00:00:00.000Z');
    expect(iso(value('date_round-week', date('2024-01-02T00:00:00Z')))).toBe('2023-12-31T00:00:00.000Z');
  });

  it('are UTC, before 1970 too, and idempotent', () => {
    expect(iso(value('date_round-month', date('1969-07-20T20:17:40Z')))).toBe('1969-07-01T00:00:00.000Z');
    const units = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute'] as const;
    fc.assert(
      fc.property(fc.integer({ min: -2e12, max: 4e12 }), fc.constantFrom(...units), (ms, unit) => {
        const once = startOfUtc(new Date(ms), unit);
        expect(once.getTime()).toBeLessThanOrEqual(ms);
        expect(startOfUtc(once, unit).getTime()).toBe(once.getTime());
        if (unit === 'day') expect(once.getTime() % DAY === 0).toBe(true);
      }),
    );
  });

  it('map, pass null, read a number as Unix seconds', () => {
    const rounded = value('date_round-day', arg(list(maybe('date')), [new Date('2020-02-02T05:00:00Z'), null])) as unknown[];
    expect(rounded.map(iso)).toEqual(['2020-02-02T00:00:00.000Z', null]);
    expect(value('date_round-day', none)).toBe(null);
    expect(iso(value('date_round-hour', arg('date', 3_600 * 5 + 30)))).toBe('1970-01-01T05:00:00.000Z');
  });
});

describe('date-toNumber, dates-equal, date-sub', () => {
  it('toNumber is whole Unix seconds', () => {
    expect(value('date-toNumber', date('2022-01-01T00:00:00Z'))).toBe(1640995200);
    expect(value('date-toNumber', date('1969-12-31T23:59:59.500Z'))).toBe(-1);
    expect(typeOf('date-toNumber', date('2022-01-01T00:00:00Z'))).toBe('number');
  });

  it('equal compares instants', () => {
    expect(value('dates-equal', date('2022-01-01T00:00:00Z'), date('2022-01-01T01:00:00+01:00'))).toBe(true);
    expect(value('dates-equal', date('2022-01-01T00:00:00Z'), date('2022-01-01T00:00:00.001Z'))).toBe(false);
    expect(value('dates-equal', none, date('2022-01-01T00:00:00Z'))).toBe(null);
  });

  it('sub: position-wise differences in ms', () => {
    const a = arg(list(list('date')), [[new Date(5000), new Date(10)]]);
    const b = arg(list('date'), [new Date(1000), new Date(20)]);
    expect(call('date-sub', a, b)).toMatchObject({ value: [[4000, -10]], type: list(list('number')) });
    const single = arg(list('date'), [new Date(5000)]);
    expect(value('date-sub', single, b)).toEqual([[4000, 4980]]);
  });
});

describe('dates-min / dates-max / timestamp-max', () => {
  const dates = arg(list(maybe('date')), [new Date('2021-01-01Z'), null, new Date('2023-01-01Z'), new Date('2022-01-01Z')]);
  it('skip nulls, keep the element type', () => {
    expect(iso(value('dates-max', dates))).toBe('2023-01-01T00:00:00.000Z');
    expect(iso(value('dates-min', dates))).toBe('2021-01-01T00:00:00.000Z');
    expect(typeOf('dates-max', dates)).toEqual(maybe('date'));
    const stamps = arg(list(maybe({ type: 'timestamp' })), [5, null, 9, 1]);
    expect(value('dates-max', stamps)).toBe(9);
    expect(value('dates-min', stamps)).toBe(1);
    expect(value('timestamp-max', stamps)).toBe(9);
    expect(typeOf('dates-min', stamps)).toEqual(maybe({ type: 'timestamp' }));
    expect(typeOf('timestamp-max', stamps)).toEqual(maybe({ type: 'timestamp' }));
  });

  it('are null for a list without dates', () => {
    expect(value('dates-max', arg(list(maybe('date')), []))).toBe(null);
    expect(value('dates-min', arg(list(maybe('date')), [null]))).toBe(null);
    expect(value('timestamp-max', arg(list({ type: 'timestamp' }), []))).toBe(null);
  });

  it('reject numbers', () => {
    expect(typeOf('dates-max', arg(list('number'), [1]))).toBe('invalid');
  });
});

describe('timestamps: relativeStringAutoFormat, addms', () => {
  it.each([
    [DAY, '1 day'],
    [-DAY, '-1 day'],
    [400 * DAY, '1.1 years'],
    [-400 * DAY, '-1.1 years'],
    [305 * DAY, '10.2 months'],
    [0, 'less than 1 ms'],
    [20.5 * 60_000, '21 minutes'],
    [-20.5 * 3_600_000, '-21 hours'],
    [730 * DAY, '2 years'],
    [1.5 * DAY, '2 days'],
    [999, '999 milliseconds'],
    [1, '1 millisecond'],
    [0.5, 'less than 1 ms'],
  ])('%s ms → %j', (diff, expected) => {
    expect(relativeString(diff)).toBe(expected);
  });

  it('as an op', () => {
    expect(value('timestamp-relativeStringAutoFormat', ts(2 * DAY), ts(0))).toBe('2 days');
    expect(value('timestamp-relativeStringAutoFormat', ts(2 * DAY), ts(null))).toBe(null);
    expect(value('timestamp-relativeStringAutoFormat', ts(null), ts(0))).toBe(null);
    expect(typeOf('timestamp-relativeStringAutoFormat', ts(1), ts(0))).toBe('string');
    expect(value('timestamp-relativeStringAutoFormat', arg({ type: 'timestamp', unit: 'ms' }, DAY), ts(0))).toBe('1 day');
  });

  it('addms moves a timestamp, in whole milliseconds', () => {
    expect(call('datetime-addms', ts(1000), num(500))).toMatchObject({ value: 1500, type: { type: 'timestamp' } });
    expect(value('datetime-addms', ts(1000), num(1.5))).toBe(1001);
    expect(value('datetime-addms', ts(1000), num(-1.5))).toBe(998);
    expect(value('datetime-addms', tagged(ts(1000)), num(1))).toBe(1001);
    expect(value('datetime-addms', ts(null), num(1))).toBe(null);
  });

  it('now is a number of ms', () => {
    const before = Date.now();
    const now = value('datetime-now') as number;
    expect(now).toBeGreaterThanOrEqual(before);
  });
});

describe('date ops end to end (parse → check → evaluate)', () => {
  const d = 'Date("2024-05-15T13:47:21Z")';
  it.each([
    [`${d}.year`, { $date: '2024-01-01T00:00:00.000Z' }],
    [`${d}.week`, { $date: '2024-05-12T00:00:00.000Z' }],
    [`${d}.toNumber`, 1715780841],
    [`[${d}, Date("2023-01-01T00:00:00Z")].max`, { $date: '2024-05-15T13:47:21.000Z' }],
    [`[${d}, Date("2023-01-01T00:00:00Z")].min`, { $date: '2023-01-01T00:00:00.000Z' }],
    [`${d}.equal(Date("2024-05-15T14:47:21+01:00"))`, true],
    ['(1700000000).toTimestamp.addms(1000)', 1700000001000],
    ['(1700000000).toTimestamp.relativeStringAutoFormat((1600000000).toTimestamp)', '3.2 years'],
    [`[${d}] - [Date("2024-05-14T13:47:21Z")]`, [[86400000]]],
  ])('%s', (text, expected) => {
    const r = evaluate(text);
    expect(r.ok && r.value).toEqual(expected);
  });

  it('dates have no ordering or arithmetic operators', () => {
    for (const text of [`${d} < ${d}`, `${d} + 1`, `${d} - ${d}`]) {
      const r = evaluate(text);
      expect(!r.ok && r.error.kind).toBe('type');
    }
  });
});
