/**
 * Unary number kernels (numbers-map.ts) and date / timestamp kernels (dates.ts) against the
 * op resolvers' own formulas (src/ops/number-misc.ts, src/ops/date.ts), on every physical
 * variant of a number column, with and without a selection.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMs,
  dateRound,
  dateTimes,
  dateToSeconds,
  float64From,
  mapNumbers,
  mixedColumn,
  numbersToStringsWith,
  timesEqual,
  toFixedDigits,
  toFixedNumbers,
  toJS,
  toTimestamps,
  type DateUnit,
  type NumberColumn,
  type NumMapOp,
} from '../../src/exec/columnar/index.js';
import { startOfUtc } from '../../src/ops/date-utc.js';
import { formatBytes, toTimestampMs } from '../../src/ops/number-misc.js';
import { applySel, describeMismatch, numberVariants, same, type Num } from './helpers.js';

function check(label: string, got: unknown[], want: unknown[]): void {
  if (!same(got, want)) throw new Error(`${label}: ${describeMismatch(got, want)}`);
}

const x = fc.oneof(
  { weight: 3, arbitrary: fc.double({ min: -1e4, max: 1e4 }) },
  { weight: 2, arbitrary: fc.constantFrom(0.5, -0.5, 1.5, 2.5, -2.5, 0.05, 0.045, 1.005, 1500, -2500, -0, NaN, Infinity, -Infinity, 1.7e9, 1.7e12, 1.7e15, 1.7e18, 3.2e19, 1e21) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const listSel = fc.integer({ min: 0, max: 40 }).chain((n) =>
  fc.record({ v: fc.array(x, { minLength: n, maxLength: n }), keep: fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n })) }),
);
const selOf = (keep: boolean[] | null): Uint32Array | null => (keep === null ? null : Uint32Array.from(keep.flatMap((k, i) => (k ? [i] : []))));

const REF: Record<NumMapOp, (v: number) => number> = {
  floor: Math.floor,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  negate: (v) => v * -1,
  roundThousand: (v) => Math.round(v / 1000) * 1000,
  roundHundredth: (v) => Math.round(v * 100) / 100,
  roundTenth: (v) => Math.round(v * 10) / 10,
};

describe('number map kernels', () => {
  it('property: every op, variant and selection = the resolver formula', () => {
    fc.assert(
      fc.property(listSel, fc.integer({ min: 0, max: 20 }), ({ v, keep }, d) => {
        const sel = selOf(keep);
        const V = applySel(v, sel);
        const mapNN = <T>(f: (y: number) => T): (T | null)[] => V.map((y) => (y === null ? null : f(y)));
        for (const { name, col } of numberVariants(v)) {
          for (const op of Object.keys(REF) as NumMapOp[]) check(`${op} ${name}`, toJS(mapNumbers(op, col, sel)), mapNN(REF[op]));
          check(`toFixed ${name}`, toJS(toFixedNumbers(col, d, sel)), mapNN((y) => Number(y.toFixed(d))));
          check(`toTimestamp ${name}`, toJS(toTimestamps(col, sel)), mapNN(toTimestampMs));
          check(`toByteString ${name}`, toJS(numbersToStringsWith(col, sel, formatBytes)), mapNN(formatBytes));
        }
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('toFixed digits as JavaScript reads them', () => {
    expect(toFixedDigits(2.9)).toBe(2);
    expect(toFixedDigits(NaN)).toBe(0);
    expect(toFixedDigits(null)).toBe(0);
    expect(toFixedDigits(-1)).toBeNull();
    expect(toFixedDigits(101)).toBeNull();
    expect(toTimestamps(float64From([1.7e9, 3.2e19, NaN])).logical).toBe('timestamp');
  });
});

const UNITS: DateUnit[] = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute'];
const time = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -4e12, max: 4e12 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 8.64e15, -8.64e15, -62135596800000, -62198755200000, NaN, 8.64e15 + 1) },
);

/** The resolver of `date_round-<unit>`, as src/ops/date.ts writes it. */
function refRound(v: unknown, unit: DateUnit): Date | null {
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date((v as Date).getTime());
  return Number.isNaN(d.getTime()) ? null : startOfUtc(d, unit);
}
const ser = (v: unknown): unknown => (v instanceof Date ? `D${v.getTime()}` : Object.is(v, -0) ? '-0' : v);

describe('date kernels', () => {
  it('property: rounding, toNumber, addms, equal = the resolvers', () => {
    fc.assert(
      fc.property(fc.array(fc.option(time), { maxLength: 30 }), fc.double({ min: -1e6, max: 1e6 }), (ts, delta) => {
        const dates = ts.map((t) => (t === null ? null : new Date(t)));
        const times = dateTimes(dates) as NumberColumn;
        const secs = ts.map((t) => (t === null ? null : t / 1e6));
        const nums = float64From(secs);
        for (const unit of UNITS) {
          expect(toJS(dateRound(unit, times, false)).map(ser), unit).toEqual(dates.map((d) => ser(d === null ? null : refRound(d, unit))));
          expect(toJS(dateRound(unit, nums, true)).map(ser), `${unit} of seconds`).toEqual(secs.map((v) => ser(v === null ? null : refRound(v, unit))));
        }
        const timeOf = (d: Date): number => d.getTime();
        expect(toJS(dateToSeconds(times)).map(ser)).toEqual(dates.map((d) => (d === null || Number.isNaN(timeOf(d)) ? null : ser(Math.floor(timeOf(d) / 1000)))));
        const tsCol = float64From(ts.map((t) => (t === null || Number.isNaN(t) ? null : t)));
        const refAdd = (t: Num, r: Num): Num => {
          if (t === null || r === null) return null;
          const y = Math.trunc(t + r);
          return Number.isFinite(y) ? y : null;
        };
        expect(toJS(addMs(tsCol, delta)).map(ser)).toEqual(toJS(tsCol).map((t) => ser(refAdd(t as Num, delta))));
        expect(toJS(addMs(tsCol, null))).toEqual(toJS(tsCol).map(() => null));
        expect(toJS(addMs(tsCol, tsCol)).map(ser)).toEqual(toJS(tsCol).map((t) => ser(refAdd(t as Num, t as Num))));
        const shifted = dateTimes([...dates.slice(1), null]) as NumberColumn;
        const other = [...dates.slice(1), null];
        expect(toJS(timesEqual(times, shifted))).toEqual(dates.map((d, i) => (d === null ? null : other[i] != null && d.getTime() === (other[i] as Date).getTime())));
      }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('dateTimes refuses anything but dates and nulls; a selection compacts', () => {
    expect(dateTimes([new Date(0), 5])).toBeNull();
    const t = dateTimes([new Date(86_400_000 * 3.5), null, new Date(0)]) as NumberColumn;
    const sel = Uint32Array.from([2, 0]);
    expect(toJS(dateRound('day', t, false, sel)).map(ser)).toEqual(['D0', `D${86_400_000 * 3}`]);
    expect(mixedColumn([]).length).toBe(0);
  });
});
