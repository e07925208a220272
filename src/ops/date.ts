/**
 * Date and timestamp ops (all hidden), in the reference's order.
 *
 * A `date` value is a JS `Date`; a `timestamp` value is a number of milliseconds since the epoch
 * (`number-toTimestamp` makes them). Calendar rounding is done in UTC (docs/semantics.md).
 */
import { list, listObjectType, maybe, nonNullable, rawUnion, type Type } from '../types/index.js';
import { startOfUtc, type RoundUnit } from './date-utc.js';
import type { OpDeclaration } from './opdef.js';
import { untag } from './values.js';

/** The reference declares these timestamps without a unit. */
const TIMESTAMP: Type = { type: 'timestamp' };
const maybeDateList: Type = list(maybe('date'));
const maybeTimestampList: Type = list(maybe(TIMESTAMP));

/** Milliseconds since the epoch of a date or timestamp value (NaN for anything else). */
export function timeOf(v: unknown): number {
  const u = untag(v);
  if (u instanceof Date) return u.getTime();
  if (typeof u === 'number') return u;
  if (typeof u === 'string') return Date.parse(u);
  return NaN;
}

const MS_PER_DAY = 86_400_000;
/** The units of `relativeStringAutoFormat`, largest first (a year is 365 days, a month 30). */
const RELATIVE_UNITS: readonly (readonly [string, number])[] = [
  ['years', 365 * MS_PER_DAY],
  ['months', 30 * MS_PER_DAY],
  ['days', MS_PER_DAY],
  ['hours', 3_600_000],
  ['minutes', 60_000],
  ['seconds', 1000],
  ['milliseconds', 1],
];

/**
 * `lhs - rhs` in the largest unit that makes it at least 1 in size: `"1 day"`, `"-21 hours"`,
 * years and months with one decimal unless it rounds to a whole number (`"1.1 years"`).
 */
export function relativeString(diffMs: number): string {
  for (const [unit, size] of RELATIVE_UNITS) {
    const diff = diffMs / size;
    if (Math.abs(diff) < 1) continue;
    const label = Math.abs(diff) === 1 ? unit.slice(0, -1) : unit;
    const tenths = (unit === 'years' || unit === 'months') && Math.round(diff) !== Math.round(diff * 10) / 10;
    return `${tenths ? diff.toFixed(1) : diff.toFixed()} ${label}`;
  }
  return 'less than 1 ms';
}

/** The latest (or earliest) of the non-null dates/timestamps of a list; null when there is none. */
function extremeTime(values: readonly unknown[], later: boolean): unknown {
  let best: unknown = null;
  let bestTime = NaN;
  for (const v of values) {
    if (v == null) continue;
    const t = timeOf(v);
    if (best === null || (later ? t > bestTime : t < bestTime)) {
      best = v;
      bestTime = t;
    }
  }
  return best;
}

/** `dates-max` / `dates-min` keep the element type of their list: date or timestamp. */
const dateOrTimestamp = (types: Record<string, Type>): Type =>
  nonNullable(listObjectType(types.dates)) === 'date' ? maybe('date') : maybe(TIMESTAMP);

function dateRound(unit: RoundUnit): OpDeclaration {
  return {
    name: `date_round-${unit}`,
    kind: 'standard',
    hidden: true,
    argTypes: { date: 'date' },
    returnType: 'date',
    resolver: ({ date }) => {
      // A number here is read as Unix seconds, as the reference does.
      const d = typeof date === 'number' ? new Date(date * 1000) : new Date(timeOf(date));
      return Number.isNaN(d.getTime()) ? null : startOfUtc(d, unit);
    },
    description: `The start of the ${unit} (UTC) that contains a date`,
    argDescriptions: { date: 'The date' },
    returnValueDescription: `The date rounded down to the start of its ${unit}`,
  };
}

export const dateOps: OpDeclaration[] = [
  {
    name: 'date-sub',
    kind: 'standard',
    hidden: true,
    renderInfo: { type: 'binary', repr: '-' },
    argTypes: { lhs: list('date'), rhs: list('date') },
    returnType: list('number'),
    resolver: ({ lhs, rhs }) => {
      const right = (rhs ?? []) as unknown[];
      const diff = (a: unknown, b: unknown) => (a == null || b == null ? null : timeOf(a) - timeOf(b));
      // A list of dates: position-wise differences. A single date (the kind mapped a list of
      // lists of dates down to it): its difference to each date of the right list.
      if (Array.isArray(lhs)) return lhs.map((d, i) => (i < right.length ? diff(d, right[i]) : null));
      return right.map((d) => diff(lhs, d));
    },
    description: 'The differences, in milliseconds, between two lists of dates, position by position',
    argDescriptions: { lhs: 'The dates to subtract from', rhs: 'The dates to subtract' },
    returnValueDescription: 'The differences in milliseconds',
  },
  {
    name: 'timestamp-relativeStringAutoFormat',
    kind: 'standard',
    hidden: true,
    argTypes: { lhs: TIMESTAMP, rhs: TIMESTAMP },
    returnType: 'string',
    resolver: ({ lhs, rhs }) => (rhs == null ? null : relativeString(timeOf(lhs) - timeOf(rhs))),
    description: 'How far apart two timestamps are, in words ("3 days", "-21 hours", "1.1 years")',
    argDescriptions: { lhs: 'The first timestamp', rhs: 'The timestamp to measure from' },
    returnValueDescription: 'The first minus the second, in the largest unit that fits',
  },
  {
    name: 'datetime-addms',
    kind: 'standard',
    hidden: true,
    argTypes: { lhs: TIMESTAMP, rhs: 'number' },
    returnType: TIMESTAMP,
    resolver: ({ lhs, rhs }) => {
      if (rhs == null) return null;
      const t = Math.trunc(timeOf(lhs) + (rhs as number));
      return Number.isFinite(t) ? t : null;
    },
    description: 'Moves a timestamp by a number of milliseconds',
    argDescriptions: { lhs: 'The timestamp', rhs: 'Milliseconds to add (negative to go back)' },
    returnValueDescription: 'The moved timestamp (milliseconds since the epoch)',
  },
  {
    name: 'date-toNumber',
    kind: 'standard',
    hidden: true,
    argTypes: { date: 'date' },
    returnType: 'number',
    resolver: ({ date }) => {
      const t = timeOf(date);
      return Number.isNaN(t) ? null : Math.floor(t / 1000);
    },
    description: 'A date as Unix time: whole seconds since 1970-01-01 UTC',
    argDescriptions: { date: 'The date' },
    returnValueDescription: 'The number of seconds since the epoch, rounded down',
  },
  {
    name: 'dates-max',
    kind: 'basic-dim-down',
    hidden: true,
    argTypes: { dates: rawUnion([maybeDateList, maybeTimestampList]) },
    returnType: dateOrTimestamp,
    resolver: ({ dates }) => extremeTime(dates as unknown[], true),
    description: 'The latest date (or timestamp) of a list',
    argDescriptions: { dates: 'The dates; nulls are skipped' },
    returnValueDescription: 'The latest one, or null if the list has none',
  },
  {
    name: 'timestamp-max',
    kind: 'basic-dim-down',
    hidden: true,
    argTypes: { timestamps: rawUnion([maybeTimestampList]) },
    returnType: maybe(TIMESTAMP),
    resolver: ({ timestamps }) => extremeTime(timestamps as unknown[], true),
    description: 'The latest timestamp of a list',
    argDescriptions: { timestamps: 'The timestamps; nulls are skipped' },
    returnValueDescription: 'The latest one, or null if the list has none',
  },
  {
    name: 'dates-min',
    kind: 'basic-dim-down',
    hidden: true,
    argTypes: { dates: rawUnion([maybeDateList, maybeTimestampList]) },
    returnType: dateOrTimestamp,
    resolver: ({ dates }) => extremeTime(dates as unknown[], false),
    description: 'The earliest date (or timestamp) of a list',
    argDescriptions: { dates: 'The dates; nulls are skipped' },
    returnValueDescription: 'The earliest one, or null if the list has none',
  },
  {
    name: 'dates-equal',
    kind: 'standard',
    hidden: true,
    argTypes: { lhs: 'date', rhs: 'date' },
    returnType: 'boolean',
    resolver: ({ lhs, rhs }) => rhs != null && timeOf(lhs) === timeOf(rhs),
    description: 'Tells whether two dates are the same instant',
    argDescriptions: { lhs: 'The first date', rhs: 'The second date' },
    returnValueDescription: 'True when both dates have the same time value',
  },
  dateRound('year'),
  dateRound('quarter'),
  dateRound('month'),
  dateRound('week'),
  dateRound('day'),
  dateRound('hour'),
  dateRound('minute'),
  {
    name: 'datetime-now',
    kind: 'raw',
    hidden: true,
    argTypes: {},
    returnType: 'number',
    resolver: () => Date.now(),
    description: 'The current time in milliseconds since the epoch',
    argDescriptions: {},
    returnValueDescription: 'The current time',
  },
];
