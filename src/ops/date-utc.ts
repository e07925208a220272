/**
 * Calendar arithmetic in UTC with date-fns.
 *
 * date-fns works on a Date's *local* fields. Its v4 `in` option lets the caller choose the Date
 * class it computes with; `UtcDate` is a Date whose local fields are the UTC ones, so
 * `startOfMonth(d, {in: inUtc})` is the start of d's month in UTC whatever the machine's time
 * zone. (Only the accessors date-fns' start-of-unit functions use are needed, but all the
 * field accessors are mapped so that no local-time read can slip in.)
 */
import {
  startOfDay,
  startOfHour,
  startOfMinute,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
} from 'date-fns';

class UtcDate extends Date {
  override getFullYear(): number {
    return this.getUTCFullYear();
  }
  override getMonth(): number {
    return this.getUTCMonth();
  }
  override getDate(): number {
    return this.getUTCDate();
  }
  override getDay(): number {
    return this.getUTCDay();
  }
  override getHours(): number {
    return this.getUTCHours();
  }
  override getMinutes(): number {
    return this.getUTCMinutes();
  }
  override getSeconds(): number {
    return this.getUTCSeconds();
  }
  override getMilliseconds(): number {
    return this.getUTCMilliseconds();
  }
  override getTimezoneOffset(): number {
    return 0;
  }
  override setFullYear(year: number, month?: number, date?: number): number {
    return this.setUTCFullYear(year, month ?? this.getUTCMonth(), date ?? this.getUTCDate());
  }
  override setMonth(month: number, date?: number): number {
    return this.setUTCMonth(month, date ?? this.getUTCDate());
  }
  override setDate(date: number): number {
    return this.setUTCDate(date);
  }
  override setHours(hours: number, min?: number, sec?: number, ms?: number): number {
    return this.setUTCHours(
      hours,
      min ?? this.getUTCMinutes(),
      sec ?? this.getUTCSeconds(),
      ms ?? this.getUTCMilliseconds(),
    );
  }
  override setMinutes(min: number, sec?: number, ms?: number): number {
    return this.setUTCMinutes(min, sec ?? this.getUTCSeconds(), ms ?? this.getUTCMilliseconds());
  }
  override setSeconds(sec: number, ms?: number): number {
    return this.setUTCSeconds(sec, ms ?? this.getUTCMilliseconds());
  }
  override setMilliseconds(ms: number): number {
    return this.setUTCMilliseconds(ms);
  }
}

const inUtc = (value: Date | number | string): UtcDate => new UtcDate(value instanceof Date ? value.getTime() : value);

export type RoundUnit = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute';

/**
 * The start of the UTC calendar unit containing `date`. Weeks start on Sunday (the reference's
 * moment default locale).
 */
export function startOfUtc(date: Date, unit: RoundUnit): Date {
  const opts = { in: inUtc };
  let out: Date;
  switch (unit) {
    case 'year':
      out = startOfYear(date, opts);
      break;
    case 'quarter':
      out = startOfQuarter(date, opts);
      break;
    case 'month':
      out = startOfMonth(date, opts);
      break;
    case 'week':
      out = startOfWeek(date, { ...opts, weekStartsOn: 0 });
      break;
    case 'day':
      out = startOfDay(date, opts);
      break;
    case 'hour':
      out = startOfHour(date, opts);
      break;
    case 'minute':
      out = startOfMinute(date, opts);
      break;
  }
  return new Date(out.getTime());
}
