/**
 * Differential test of the join path: random left rows (plain and run-tagged) × a random right
 * table (duplicate, missing and null keys; number, string and mixed-kind keys) × inner / outer
 * joins, consumed by count, map (nested picks through the joined row, whole sides), filter,
 * sort + limit and groupby + aggregate map → vectorized (tags included) = row-wise, strict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, newStats } from '../../src/exec/vectorized/index.js';
import { Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict, union, type Type } from '../../src/types/index.js';
import { compileExpr, registry, rowType, serOutcome, type Row } from './helpers.js';

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 2000 : 150;

const num = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -2, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const str = fc.oneof(fc.constantFrom('x', 'y', '', '1', '2'), fc.constant(null));
const leftRow: fc.Arbitrary<Row> = fc.record({ a: num, b: fc.integer({ min: 0, max: 4 }), s: str, m: fc.constant(null) });
const rightRow: fc.Arbitrary<Row> = fc.record({ k: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null)), lr: num, t: str });
const data = fc.tuple(
  fc.array(fc.array(leftRow, { maxLength: 10 }), { minLength: 1, maxLength: 3 }),
  fc.array(rightRow, { maxLength: 6 }),
);

const tblType: Type = typedDict({ k: maybe('number'), lr: maybe('number'), t: maybe('string') });

function run(text: string, runs: Row[][], tbl: Row[]) {
  const vars = {
    hist: { type: list(rowType), value: runs.flat() },
    runsHist: {
      type: list(taggedValue(typedDict({ runName: 'string' }), list(rowType))),
      value: runs.map((rows, i) => new Tagged({ runName: `r${i}` }, rows)),
    },
    tbl: { type: list(tblType), value: tbl },
  };
  void union;
  const node = compileExpr(text, vars);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) values[k] = v.value;
  const stats = newStats();
  return {
    rowwise: serOutcome(() => executeNode(node, { registry, variables: values })),
    vectorized: serOutcome(() => executeVectorized(node, { registry, variables: values, strict: true, threshold: 0, stats })),
    stats,
  };
}

const left = fc.constantFrom('hist', 'runsHist.concat', 'hist.filter((row) => row["a"] < 2)', 'runsHist.concat.sort((row) => [row["a"]], ["desc"])');
const keys = fc.constantFrom(
  ['(row) => row["b"]', '(row) => row["k"]'],
  ['(row) => row["s"]', '(row) => row["t"]'],
  ['(row) => row["a"]', '(row) => row["lr"]'],
  ['(row) => row["b"]', '(row) => row["t"]'],
  ['(row) => row["a"] * 2', '(row) => row["k"] + 1'],
);
const flags = fc.constantFrom('false, false', 'true, false', 'false, true', 'true, true');
const consumer = fc.constantFrom(
  '',
  '.count',
  '.map((row) => row["h"]["a"])',
  '.map((row) => row["r"]["lr"] * 2 + row["h"]["a"])',
  '.map((row) => {x: row["h"]["s"], y: row["r"], z: row["h"], w: row["r"]["t"]})',
  '.filter((row) => row["r"]["lr"] > 0)',
  '.filter((row) => row["h"]["a"] >= 0 and !row["r"]["t"].isNone).map((row) => row["r"]["k"])',
  '.groupby((row) => row["r"]["lr"]).map((row) => row["h"]["a"].avg)',
  '.groupby((row) => row["h"]["b"]).map((row) => {k: row.groupkey, n: row.count, v: row["r"]["lr"].sum, w: row["h"]["a"].max})',
  '.sort((row) => [row["r"]["lr"], row["h"]["a"]], ["desc", "asc"]).limit(5)',
  '.map((row) => row["nope"])',
);

describe('vectorized join = row-wise join', () => {
  it(`random joins (${RUNS} cases, strict)`, () => {
    fc.assert(
      fc.property(data, left, keys, flags, consumer, ([runs, tbl], l, [k1, k2], f, c) => {
        const text = `${l}.join(tbl, ${k1}, ${k2}, "h", "r", ${f})${c}`;
        const r = run(text, runs, tbl);
        expect(r.vectorized, text).toEqual(r.rowwise);
        expect(r.stats.fallbacks).toBe(0);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 5 },
    );
  });

  it('empty and single-row sides, equal aliases', () => {
    for (const [runs, tbl] of [
      [[[]], [{ k: 1, lr: 1, t: 'x' }]],
      [[[{ a: 1, b: 1, s: 'x', m: null }]], []],
      [[[{ a: 1, b: 1, s: 'x', m: null }]], [{ k: 1, lr: 2, t: null }]],
    ] as [Row[][], Row[]][]) {
      for (const text of [
        'hist.join(tbl, (row) => row["b"], (row) => row["k"], "h", "r", true, true)',
        'hist.join(tbl, (row) => row["b"], (row) => row["k"], "x", "x", true, false).map((row) => row["x"])',
        'runsHist.concat.join(tbl, (row) => row["b"], (row) => row["k"], "h", "r", false, true).map((row) => row["h"]["a"])',
      ]) {
        const r = run(text, runs, tbl);
        expect(r.vectorized, text).toEqual(r.rowwise);
        expect(r.stats.fallbacks).toBe(0);
      }
    }
  });
});
