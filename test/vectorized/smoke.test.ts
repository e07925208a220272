import { describe, expect, it } from 'vitest';
import { runBoth, type Row } from './helpers.js';

const runs: Row[][] = [
  [
    { a: 1, b: 2, s: 'x', m: 1 },
    { a: null, b: 3, s: 'y', m: 'q' },
    { a: NaN, b: 2, s: null, m: null },
  ],
  [
    { a: 0.25, b: 1, s: 'x', m: 2 },
    { a: -0, b: 3, s: 'z', m: 3 },
  ],
];

const exprs = [
  'runsHist.concat["a"].avg',
  'runsHist.concat["a"].sum',
  'runsHist.concat["a"].min',
  'runsHist.concat["a"].argmax',
  'runsHist.concat.count',
  'runsHist.concat.filter((row) => row["a"] < 0.5)',
  'runsHist.concat.filter((row) => row["a"] < 0.5 or row["s"] == "x")["b"].sum',
  'runsHist.concat.map((row) => {x: row["a"] * 2 + row["b"], y: !(row["b"] > 2), z: row["a"].isNone})',
  'runsHist.concat.filter((row) => row["b"] > 1).groupby((row) => row["b"]).map((row) => row["a"].avg)',
  'runsHist.concat.groupby((row) => row["s"]).map((row) => {k: row.groupkey, n: row.count, v: row["a"].max})',
  'runsHist.concat.sort((row) => [row["b"]], ["desc"]).limit(3)',
  'hist.filter((row) => row["a"] >= 0)["a"].stddev',
  'hist.groupby((row) => row["b"]).map((row) => {k: row.groupkey, v: row["a"].sum})',
];

describe('vectorized smoke', () => {
  for (const e of exprs) {
    it(e, () => {
      const r = runBoth(e, runs, true);
      expect(r.vectorized).toEqual(r.rowwise);
      expect(r.stats.fallbacks).toBe(0);
      expect(r.stats.vectorized).toBeGreaterThan(0);
    });
  }
});
