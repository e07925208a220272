/**
 * Date and timestamp kernels, with the semantics of src/ops/date.ts.
 *
 * Representations:
 *
 * - a **timestamp** is a number of milliseconds since the epoch, so a timestamp column is a
 *   `number` column (`logical: 'timestamp'` when a kernel made it; JSON ingest gives plain
 *   `number` columns, which are read the same way);
 * - a **date** value is a JS `Date`. JSON ingest keeps `Date` values in a `mixed` column, and
 *   the kernels that return dates (`date_round-*`) build a `mixed` column of `Date` objects too,
 *   because that is the value the row-wise executor produces (a `number` column would read back
 *   as numbers). Kernels that read dates first extract the times into a Float64 column
 *   (`dateTimes`), once per input column.
 *
 * Calendar rounding is in UTC (docs/semantics.md), weeks start on Sunday; it uses the same
 * `setUTC*` steps as date-fns' start-of-unit functions over a UTC `Date`, on one scratch `Date`,
 * so edge cases (years 0–99, dates near the ±8.64e15 ms limit, which round to an Invalid Date)
 * come out the same.
 */
import { allocBitmap } from './bitmap.js';
import { boolColumn, mixedColumn, numberColumn, type BoolColumn, type MixedColumn, type NumberColumn, type Selection } from './column.js';
import { selectedValidity } from './selection.js';

export type DateUnit = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute';

function validAt(c: NumberColumn, i: number): boolean {
  const v = c.validity;
  if (v === null) return true;
  const j = c.bitOffset + i;
  return (v[j >>> 3] & (1 << (j & 7))) !== 0;
}

/**
 * The times (ms, `getTime()`, NaN for an Invalid Date) of a column of `Date` values and nulls,
 * as a `date` number column in the same row space; null when a value is neither (a tagged
 * value, a number, a string …), so the caller evaluates row-wise.
 */
export function dateTimes(values: readonly unknown[]): NumberColumn | null {
  const n = values.length;
  const out = new Float64Array(n);
  let validity: Uint8Array | null = null;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v == null) {
      if (validity === null) {
        validity = allocBitmap(n);
        for (let t = 0; t < i; t++) validity[t >>> 3] |= 1 << (t & 7);
      }
      nulls++;
      continue;
    }
    if (!(v instanceof Date)) return null;
    out[i] = v.getTime();
    if (validity !== null) validity[i >>> 3] |= 1 << (i & 7);
  }
  return numberColumn(out, { validity, nullCount: nulls, logical: 'date' });
}

/** ECMAScript TimeClip: NaN outside ±8.64e15 or non-finite, else the integer part (−0 → +0). */
export function timeClip(t: number): number {
  if (!(Math.abs(t) <= 8.64e15)) return NaN;
  return Math.trunc(t) + 0;
}

const scratch = new Date(0);

/** The start of the UTC `unit` containing time `t` (a valid time); NaN when that falls outside the Date range. */
export function startOfUnitUtc(t: number, unit: DateUnit): number {
  const d = scratch;
  d.setTime(t);
  switch (unit) {
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear(), 0, 1);
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'quarter': {
      const month = d.getUTCMonth();
      d.setUTCMonth(month - (month % 3), 1);
      d.setUTCHours(0, 0, 0, 0);
      break;
    }
    case 'month':
      d.setUTCDate(1);
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'week': {
      const day = d.getUTCDay();
      d.setUTCDate(d.getUTCDate() - day);
      d.setUTCHours(0, 0, 0, 0);
      break;
    }
    case 'day':
      d.setUTCHours(0, 0, 0, 0);
      break;
    case 'hour':
      d.setUTCMinutes(0, 0, 0);
      break;
    case 'minute':
      d.setUTCSeconds(0, 0);
      break;
  }
  return d.getTime();
}

/**
 * `date_round-<unit>` per row: a `mixed` column of `Date`s (the start of the unit) and nulls.
 * `times` holds date times (ms), or, with `seconds`, plain numbers read as Unix seconds (as the
 * op reads a number). A time that is not a valid date gives null; a valid one whose start of
 * unit is out of range gives an Invalid Date, as the resolver does.
 */
export function dateRound(unit: DateUnit, times: NumberColumn, seconds: boolean, sel: Selection = null): MixedColumn {
  const m = sel === null ? times.length : sel.length;
  const out = new Array<Date | null>(m);
  const vals = times.values;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (!validAt(times, i)) {
      out[k] = null;
      continue;
    }
    const t = seconds ? timeClip(vals[i] * 1000) : vals[i];
    out[k] = t !== t ? null : new Date(startOfUnitUtc(t, unit));
  }
  return mixedColumn(out);
}

/** `date.toNumber`: whole Unix seconds (`Math.floor(t / 1000)`), NaN → null. */
export function dateToSeconds(times: NumberColumn, sel: Selection = null): NumberColumn {
  const m = sel === null ? times.length : sel.length;
  const out = new Float64Array(m);
  const vals = times.values;
  let validity: Uint8Array | null = null;
  let nulls = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    const t = vals[i];
    if (!validAt(times, i) || t !== t) {
      if (validity === null) {
        validity = allocBitmap(m);
        for (let s = 0; s < k; s++) validity[s >>> 3] |= 1 << (s & 7);
      }
      nulls++;
      continue;
    }
    out[k] = Math.floor(t / 1000);
    if (validity !== null) validity[k >>> 3] |= 1 << (k & 7);
  }
  return numberColumn(out, { validity, nullCount: nulls, length: m });
}

/** A number operand of a date kernel: a column read through the kernel's selection, or a constant. */
export type TimeOperand = NumberColumn | number | null;

/**
 * `timestamp.addms(ms)`: `Math.trunc(t + ms)`, null when either side is null or the sum is not
 * finite. A `timestamp` column.
 */
export function addMs(ts: NumberColumn, ms: TimeOperand, sel: Selection = null): NumberColumn {
  const m = sel === null ? ts.length : sel.length;
  const out = new Float64Array(m);
  const validity = allocBitmap(m);
  let nulls = 0;
  const a = ts.values;
  const col = ms !== null && typeof ms === 'object' ? ms : null;
  const c = typeof ms === 'number' ? ms : 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (ms === null || !validAt(ts, i) || (col !== null && !validAt(col, i))) {
      nulls++;
      continue;
    }
    const t = Math.trunc(a[i] + (col !== null ? col.values[i] : c));
    if (t === Infinity || t === -Infinity || t !== t) {
      nulls++;
      continue;
    }
    out[k] = t;
    validity[k >>> 3] |= 1 << (k & 7);
  }
  return numberColumn(out, { validity: nulls === 0 ? null : validity, nullCount: nulls, length: m, logical: 'timestamp' });
}

/**
 * `lhs.equal(rhs)` on times: null where `lhs` is null, false where `rhs` is null, else
 * `timeOf(lhs) === timeOf(rhs)` (so Invalid Dates equal nothing).
 */
export function timesEqual(lhs: NumberColumn, rhs: NumberColumn, sel: Selection = null): BoolColumn {
  const m = sel === null ? lhs.length : sel.length;
  const bits = allocBitmap(m);
  const a = lhs.values;
  const b = rhs.values;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (validAt(rhs, i) && a[i] === b[i]) bits[k >>> 3] |= 1 << (k & 7);
  }
  return boolColumn(bits, m, { validity: selectedValidity(lhs, sel, m) });
}
