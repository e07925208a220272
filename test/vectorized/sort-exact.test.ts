/**
 * Differential test of the exact sort path: sort keys with NaN, many nulls, ±∞, −0, constant and
 * computed keys (where the row-wise comparator is not a total order) → the vectorized order and
 * tags equal the row-wise ones, with no fallback (strict).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBoth, type Row } from './helpers.js';

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 2000 : 120;

const num = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5) },
  { weight: 3, arbitrary: fc.constant(null) },
);
const row: fc.Arbitrary<Row> = fc.record({
  a: num,
  b: fc.integer({ min: 0, max: 3 }),
  s: fc.oneof(fc.constantFrom('x', 'y', ''), fc.constant(null)),
  m: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('p', 'q'), fc.constant(null)),
});
// Sizes around V8's TimSort thresholds (runs of 32+, galloping) as well as tiny lists.
const runsArb = fc.array(fc.array(row, { minLength: 0, maxLength: 40 }), { minLength: 1, maxLength: 3 });

const key = fc.constantFrom('row["a"]', 'row["b"]', 'row["s"]', 'row["a"] * 2', '(row["a"] + row["b"])', 'null', '1', 'row["missing"]', 'row["m"]', 'row.isNone');
const dir = fc.constantFrom('"asc"', '"desc"');
const expr = fc
  .tuple(
    fc.constantFrom('runsHist.concat', 'hist', 'hist.filter((row) => row["b"] > 0)'),
    fc.array(fc.tuple(key, dir), { minLength: 1, maxLength: 3 }),
    fc.integer({ min: 0, max: 2 }),
    fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
  )
  .map(([src, ks, extraDirs, lim]) => {
    const keys = ks.map(([k]) => k).join(', ');
    const dirs = [...ks.map(([, d]) => d), ...Array.from({ length: extraDirs }, () => '"asc"')].join(', ');
    return `${src}.sort((row) => [${keys}], [${dirs}])${lim === undefined ? '' : `.limit(${lim})`}`;
  });

describe('vectorized sort = row-wise sort (exact with NaN and nulls)', () => {
  it(`random keys (${RUNS} cases, strict)`, () => {
    fc.assert(
      fc.property(runsArb, expr, (runs, text) => {
        const r = runBoth(text, runs, !text.includes('row["m"]') && !text.includes('row.isNone'));
        expect(r.vectorized, text).toEqual(r.rowwise);
        if (!text.includes('row["m"]') && !text.includes('row.isNone')) expect(r.stats.fallbacks).toBe(0);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 3 },
    );
  });

  it('a long list full of NaN and nulls (TimSort merges and galloping)', () => {
    const rows: Row[] = [];
    let seed = 7;
    for (let i = 0; i < 3000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      const r = (seed >>> 8) % 10;
      rows.push({ a: r < 3 ? null : r < 5 ? NaN : r < 6 ? -0 : (seed >>> 12) % 50, b: i % 7, s: r < 4 ? null : 'x', m: null });
    }
    for (const text of [
      'hist.sort((row) => [row["a"]], ["desc"]).limit(10)',
      'hist.sort((row) => [row["a"]], ["asc"])',
      'hist.sort((row) => [row["s"], row["a"]], ["asc", "desc"])',
      'runsHist.concat.sort((row) => [row["a"], row["b"]], ["desc", "asc"]).limit(100)',
    ]) {
      const r = runBoth(text, [rows.slice(0, 1000), rows.slice(1000)], true);
      expect(r.vectorized, text).toEqual(r.rowwise);
      expect(r.stats.fallbacks).toBe(0);
    }
  });

  it('a last descending key with many nulls (the top-k kernel) equals TimSort, also in sorted blocks that gallop', () => {
    const rows: Row[] = [];
    let seed = 11;
    for (let i = 0; i < 4000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0;
      const r = (seed >>> 8) % 10;
      // The first half in ascending blocks (long runs, galloping), the second random.
      const a = r < 4 ? null : i < 2000 ? Math.floor(i / 40) : (seed >>> 12) % 30;
      rows.push({ a, b: i % 5, s: r < 3 ? null : r < 6 ? 'x' : 'y', m: null });
    }
    for (const text of [
      'hist.sort((row) => [row["a"]], ["desc"]).limit(10)',
      'hist.sort((row) => [row["a"]], ["desc"])',
      'hist.sort((row) => [row["b"], row["a"]], ["asc", "desc"]).limit(300)',
      'hist.sort((row) => [row["s"]], ["desc"])',
      'runsHist.concat.sort((row) => [row["a"]], ["desc"]).limit(50)',
    ]) {
      const r = runBoth(text, [rows.slice(0, 1500), rows.slice(1500)], true);
      expect(r.vectorized, text).toEqual(r.rowwise);
      expect(r.stats.fallbacks).toBe(0);
    }
  });
});
