/**
 * Differential test of groups held as offsets + permutation: `groupby` alone, `count`, `filter`
 * over groups, `map` after such a filter, group keys and aggregates (strict: no fallback), and
 * bodies reading the group lists themselves (exact per group, counted as fallbacks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBoth, type Row } from './helpers.js';

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 2000 : 150;

const num = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const row: fc.Arbitrary<Row> = fc.record({
  a: num,
  b: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(7)),
  s: fc.oneof(fc.constantFrom('x', 'y', '', '1', '0'), fc.constant(null)),
  m: fc.constant(null),
});
const runsArb = fc.array(fc.array(row, { maxLength: 12 }), { minLength: 1, maxLength: 3 });
const source = fc.constantFrom('runsHist.concat', 'hist', 'hist.filter((row) => row["a"] > -2)', 'runsHist.concat.sort((row) => [row["a"]], ["desc"])');
const key = fc.constantFrom('row["b"]', 'row["s"]', 'row["a"]', 'row["a"] * 2');
const strictTail = fc.constantFrom(
  '',
  '.count',
  '.filter((g) => g.count > 1)',
  '.filter((g) => g["a"].avg > 0).map((g) => {k: g.groupkey, n: g.count})',
  '.filter((g) => g.count == 1 or g.groupkey.isNone)',
  '.filter((g) => g["a"].max >= 1).count',
  '.map((g) => g.groupkey)',
  '.map((g) => g["a"].argmin)',
  '.map((g) => {k: g.groupkey, v: g["a"].sum / g.count})',
);

describe('groups as lists (offsets + permutation)', () => {
  it(`random groupings (${RUNS} cases, strict)`, () => {
    fc.assert(
      fc.property(runsArb, source, key, strictTail, (runs, src, k, tail) => {
        const text = `${src}.groupby((row) => ${k})${tail}`;
        const r = runBoth(text, runs, true);
        expect(r.vectorized, text).toEqual(r.rowwise);
        expect(r.stats.fallbacks).toBe(0);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 13 },
    );
  });

  it('bodies reading group lists: exact, counted as fallbacks', () => {
    const runs: Row[][] = [
      [
        { a: 1, b: 1, s: 'x', m: null },
        { a: NaN, b: 2, s: null, m: null },
        { a: null, b: 1, s: 'y', m: null },
      ],
      [{ a: -0, b: 2, s: 'x', m: null }],
    ];
    for (const text of [
      'runsHist.concat.groupby((row) => row["b"]).map((g) => g.sort((r) => [r["a"]], ["desc"]).limit(1))',
      'hist.groupby((row) => row["s"]).filter((g) => g.map((r) => r["a"]).count > 1)',
      'runsHist.concat.groupby((row) => row["b"]).map((g) => g["a"])',
    ]) {
      const r = runBoth(text, runs, false);
      expect(r.vectorized, text).toEqual(r.rowwise);
      expect(r.stats.fallbacks, text).toBeGreaterThan(0);
    }
  });

  it('reductions of a map result run on its column', () => {
    const runs: Row[][] = [[{ a: 1, b: 1, s: 'x', m: null }, { a: null, b: 2, s: null, m: null }], [{ a: 3, b: 2, s: 'x', m: null }]];
    for (const text of ['runsHist.concat.map((row) => row["a"] * 2).avg', 'hist.map((row) => row["a"] + row["b"]).max', 'hist.map((row) => row["a"]).count']) {
      const r = runBoth(text, runs, true);
      expect(r.vectorized, text).toEqual(r.rowwise);
      expect(r.stats.fallbacks).toBe(0);
    }
  });
});
