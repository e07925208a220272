/**
 * Differential test: random columnar data × random expressions over the ops the vectorized
 * engine claims → the vectorized result (tags included) equals the row-wise one, with no
 * fallback (strict mode). `PANELQL_LONG=1` runs many more cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorizedPlain, newStats } from '../../src/exec/vectorized/index.js';
import { stripTags } from '../../src/ops/values.js';
import { compileExpr, registry, runBoth, ser, variables, type Row } from './helpers.js';

/** The plain form (tags stripped, built from columns) = `stripTags` of the row-wise result. */
function plainBoth(text: string, runs: Row[][]): { rowwise: unknown; plain: unknown; fallbacks: number } {
  const vars = variables(runs);
  const node = compileExpr(text, vars);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) values[k] = v.value;
  const outcome = (f: () => unknown): unknown => {
    try {
      return ser(f());
    } catch (e) {
      return { $error: e instanceof Error ? e.message : String(e) };
    }
  };
  const stats = newStats();
  return {
    rowwise: outcome(() => stripTags(executeNode(node, { registry, variables: values }))),
    plain: outcome(() => executeVectorizedPlain(node, { registry, variables: values, threshold: 0, stats })),
    fallbacks: stats.fallbacks,
  };
}

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 3000 : 150;

const num = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 3, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const str = fc.oneof(fc.constantFrom('x', 'y', 'z', '', '1', '0'), fc.constant(null));
const row: fc.Arbitrary<Row> = fc.record({
  a: num,
  b: fc.integer({ min: 0, max: 4 }),
  s: str,
  m: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('p', 'q'), fc.constant(null)),
});
const runsArb = fc.array(fc.array(row, { minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 3 });

const numAtom = fc.constantFrom('row["a"]', 'row["b"]', '2', '0', '-1', '0.5', 'row["missing"]');
const numExpr: fc.Arbitrary<string> = fc.letrec<{ n: string }>((tie) => ({
  n: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numAtom,
    fc.tuple(tie('n'), fc.constantFrom('+', '-', '*', '/', '%', '**'), tie('n')).map(([x, o, y]) => `(${x} ${o} ${y})`),
    tie("n").map((x) => `(-(${x}))`),
  ),
})).n;
const boolExpr: fc.Arbitrary<string> = fc.letrec<{ b: string }>((tie) => ({
  b: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(numExpr, fc.constantFrom('<', '<=', '>', '>=', '==', '!='), numExpr).map(([x, o, y]) => `(${x} ${o} ${y})`),
    fc.tuple(fc.constantFrom('==', '!='), fc.constantFrom('"x"', '"y"', '""')).map(([o, s]) => `(row["s"] ${o} ${s})`),
    fc.constantFrom('row["a"].isNone', 'row["s"].isNone', 'true', 'false', 'row["s"].startsWith("x")', 'row["s"].endsWith("")', '(row["s"].len > 0)'),
    tie('b').map((x) => `(!${x})`),
    fc.tuple(tie('b'), fc.constantFrom('and', 'or'), tie('b')).map(([x, o, y]) => `(${x} ${o} ${y})`),
  ),
})).b;
const source = fc.constantFrom('runsHist.concat', 'hist');
const agg = fc.constantFrom('sum', 'avg', 'min', 'max', 'stddev', 'argmin', 'argmax', 'count');
const numAgg = fc.constantFrom('sum', 'avg', 'min', 'max', 'stddev', 'argmin', 'argmax');
const maybeFilter = fc.option(boolExpr, { nil: undefined }).map((b) => (b === undefined ? '' : `.filter((row) => ${b})`));

const expr: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(source, maybeFilter, fc.constantFrom('a', 'b', 'missing'), agg).map(([s, f, c, g]) => `${s}${f}["${c}"].${g}`),
  fc.tuple(source, maybeFilter).map(([s, f]) => `${s}${f}`),
  fc.tuple(source, maybeFilter).map(([s, f]) => `${s}${f}.count`),
  fc.tuple(source, maybeFilter, numExpr, boolExpr).map(([s, f, n, b]) => `${s}${f}.map((row) => {x: ${n}, y: ${b}, z: row["s"]})`),
  fc.tuple(source, maybeFilter, numExpr).map(([s, f, n]) => `${s}${f}.map((row) => ${n})`),
  fc.tuple(source, maybeFilter, fc.constantFrom('"asc"', '"desc"'), fc.integer({ min: 0, max: 6 })).map(
    ([s, f, d, k]) => `${s}${f}.sort((row) => [row["b"]], [${d}]).limit(${k})`,
  ),
  fc.tuple(source, maybeFilter, fc.constantFrom('b', 's', 'a'), numAgg).map(
    ([s, f, k, g]) => `${s}${f}.groupby((row) => row["${k}"]).map((row) => row["a"].${g})`,
  ),
  fc.tuple(source, maybeFilter, fc.constantFrom('b', 's'), numAgg, numAgg).map(
    ([s, f, k, g1, g2]) => `${s}${f}.groupby((row) => row["${k}"]).map((row) => {k: row.groupkey, n: row.count, v: row["a"].${g1}, w: row["b"].${g2}})`,
  ),
  fc.tuple(source, maybeFilter, fc.constantFrom('b', 's'), numAgg, numAgg, fc.constantFrom('+', '-', '*', '/')).map(
    ([s, f, k, g1, g2, o]) => `${s}${f}.groupby((row) => row["${k}"]).map((row) => {k: row.groupkey, d: (row["a"].${g1} ${o} row["b"].${g2}) * 2, c: row.count + 1})`,
  ),
  fc.tuple(source, maybeFilter, fc.integer({ min: -2, max: 5 })).map(([s, f, k]) => `${s}${f}.limit(${Math.max(0, k)})["a"].sum`),
);

/** Expressions with ops that have no kernel (per-op or per-row fallback). */
const FALLBACK_EXPRS = [
  'runsHist.concat.map((row) => row["s"] + "!")',
  'runsHist.concat.map((row) => {x: row["s"] + "!", y: (row["s"] + "!") == "x!", z: row["a"] + 1})',
  'runsHist.concat.filter((row) => (row["s"] + "!") == "x!")',
  'runsHist.concat.filter((row) => row["s"].len > 0)["a"].sum',
  'runsHist.concat.map((row) => row["m"])',
  'hist["m"].count',
  'hist.map((row) => row["m"])',
  'runsHist.concat.sort((row) => [row["a"]], ["asc"])',
  'runsHist.concat.sort((row) => [row["s"], row["b"]], ["asc", "desc"])',
  'runsHist.concat.map((row) => row["s"].upper)',
  'runsHist.concat.groupby((row) => row["b"]).map((row) => row["a"].avg * 2)',
  'runsHist.concat.groupby((row) => row["b"]).map((row) => row.count)',
  'runsHist.concat.filter((row) => row["a"] > 0).map((row, i) => i)',
];

describe('vectorized = row-wise (differential)', () => {
  it(`random data × random expressions (${RUNS} cases, strict)`, () => {
    fc.assert(
      fc.property(runsArb, expr, (runs, text) => {
        const r = runBoth(text, runs, true);
        expect(r.vectorized, text).toEqual(r.rowwise);
        expect(r.stats.fallbacks).toBe(0);
        const p = plainBoth(text, runs);
        expect(p.plain, `${text} (plain)`).toEqual(p.rowwise);
        expect(p.fallbacks).toBe(0);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 7 },
    );
  });

  it('non-strict: ops without kernels fall back and still agree', () => {
    fc.assert(
      fc.property(runsArb, fc.constantFrom(...FALLBACK_EXPRS), (runs, text) => {
        const r = runBoth(text, runs, false);
        expect(r.vectorized, text).toEqual(r.rowwise);
        const p = plainBoth(text, runs);
        expect(p.plain, `${text} (plain)`).toEqual(p.rowwise);
      }),
      { numRuns: LONG ? 1000 : 80, seed: 11 },
    );
  });
});
