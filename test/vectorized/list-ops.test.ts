/**
 * List ops on lazily held lists (list-ops.ts, value-lambdas.ts): `[i]`, `dropna`, `unique`,
 * `flatten`, `limit` / `offset` of picked values, map results and groups, `map` / `filter` /
 * `sort` and mapped ops (`rows["a"] * 2`) over values, `sort` / `[i]` over held groups, picks
 * of whole join sides.
 * Fixed examples and a differential property: vectorized (tags included, and the plain form)
 * = row-wise, in strict mode (no fallback).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, executeVectorizedPlain, newStats } from '../../src/exec/vectorized/index.js';
import { stripTags, Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict, type Type } from '../../src/types/index.js';
import { compileExpr, registry, rowType, serOutcome, type Row } from './helpers.js';

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 3000 : 200;

const tblType: Type = typedDict({ k: maybe('number'), lr: maybe('number'), t: maybe('string') });
const runTag: Type = typedDict({ runName: 'string' });

/**
 * `hist` (untagged rows), `runsHist` (per-run lists, distinct tags), `twinHist` (the same lists
 * tagged with deep-equal but distinct tag objects: `unique` must treat them as one tag) and `tbl`.
 */
function vars(runs: Row[][], tbl: Row[]) {
  return {
    hist: { type: list(rowType), value: runs.flat() },
    runsHist: { type: list(taggedValue(runTag, list(rowType))), value: runs.map((rows, i) => new Tagged({ runName: `r${i}` }, rows)) },
    twinHist: { type: list(taggedValue(runTag, list(rowType))), value: runs.map((rows) => new Tagged({ runName: 'twin' }, rows)) },
    tbl: { type: list(tblType), value: tbl },
  };
}

interface Outcome {
  rowwise: unknown;
  vectorized: unknown;
  plainRowwise: unknown;
  plain: unknown;
  fallbacks: number;
}

function both(text: string, runs: Row[][], tbl: Row[] = [], strict = true): Outcome {
  const v = vars(runs, tbl);
  const node = compileExpr(text, v);
  const values: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) values[k] = x.value;
  const stats = newStats();
  return {
    rowwise: serOutcome(() => executeNode(node, { registry, variables: values })),
    vectorized: serOutcome(() => executeVectorized(node, { registry, variables: values, strict, threshold: 0, stats })),
    plainRowwise: serOutcome(() => stripTags(executeNode(node, { registry, variables: values }))),
    plain: serOutcome(() => executeVectorizedPlain(node, { registry, variables: values, strict, threshold: 0, stats })),
    fallbacks: stats.fallbacks,
  };
}

function expectSame(text: string, runs: Row[][], tbl: Row[] = [], strict = true): void {
  const r = both(text, runs, tbl, strict);
  expect(r.vectorized, text).toEqual(r.rowwise);
  expect(r.plain, `${text} (plain)`).toEqual(r.plainRowwise);
  if (strict) expect(r.fallbacks, text).toBe(0);
}

const RUNS_FIXED: Row[][] = [
  [
    { a: 1, b: 2, s: 'x', m: 1 },
    { a: null, b: 3, s: null, m: 'p' },
    { a: NaN, b: 1, s: '', m: null },
    { a: -0, b: 2, s: 'x', m: '1' },
  ],
  [],
  [
    { a: 1, b: 2, s: 'x', m: 1 },
    { a: 0, b: 0, s: 'y', m: 1 },
    { a: Infinity, b: 4, s: null, m: 'p' },
    { a: NaN, b: 1, s: '', m: null },
  ],
];
const ONE_ROW: Row[][] = [[{ a: null, b: 1, s: null, m: null }]];
const EMPTY: Row[][] = [[]];
const TBL: Row[] = [
  { k: 2, lr: 0.1, t: 'a' },
  { k: 2, lr: null, t: null },
  { k: 4, lr: NaN, t: 'b' },
  { k: null, lr: 1, t: 'c' },
];
const SOURCES = [
  'runsHist.concat',
  'hist',
  'runsHist.concat.filter((row) => row["b"] > 0).sort((row) => [row["a"]], ["desc"])',
  // A tagged list: one group's rows (list tag = the group's key tags over {groupKey}).
  'runsHist.concat.groupby((row) => row["b"] > 1)[0]',
  // Run tags that are distinct objects but deep-equal (what `unique` compares).
  'twinHist.concat',
];

const INDEX = [
  '[0]',
  '[1]',
  '[-1]',
  '[5]',
  '[100]',
  '[0.5]',
  '["a"][2]',
  '["a"][-1]',
  '["s"][1]',
  '["m"][3]',
  '["missing"][0]',
  '.map((row) => row["a"] * 2)[1]',
  '.map((row) => {x: row["a"], y: row["s"], n: row["b"] + 1})[2]',
  '.map((row) => [row["a"], row["s"]])[0]',
  '.filter((row) => row["a"] > 0)[0]',
  '.limit(3)[2]',
];
const DROPNA = [
  '.dropna',
  '.dropna.count',
  '["a"].dropna',
  '["a"].dropna.count',
  '["s"].dropna',
  '["m"].dropna',
  '["missing"].dropna',
  '.map((row) => row["a"]).dropna',
  '.map((row) => row["a"] + 1).dropna.sum',
  '.map((row) => row["s"]).dropna.count',
  '.map((row) => row["a"] / row["b"]).dropna',
  '.map((row) => {a: row["a"]}).dropna',
  '.map((row) => null).dropna',
  '.map((row) => 3).dropna',
  '["a"].dropna[0]',
];
const UNIQUE = [
  '["a"].unique',
  '["b"].unique',
  '["s"].unique',
  '["m"].unique',
  '["missing"].unique',
  '["a"].unique.count',
  '.map((row) => row["a"]).unique',
  '.map((row) => row["s"]).unique.count',
  '.map((row) => row["a"] % 2).unique',
  '.map((row) => row["b"] > 1).unique',
  '["a"].dropna.unique',
  '["s"].unique[1]',
];
const FLATTEN = ['["a"].flatten', '["s"].flatten', '["m"].flatten.count', '["missing"].flatten', '.map((row) => row["a"] - 1).flatten', '.map((row) => row["a"] > 0).flatten', '["a"].flatten.sum', '["a"].dropna.flatten'];
const VALUE_LAMBDAS = [
  '["a"].map((x) => x * 2)',
  '["a"].filter((x) => x > 0)',
  '["a"].sort((x) => [x], ["desc"])',
  '["s"].filter((x) => x == "x")',
  '["s"].sort((x) => [x], ["asc"])',
  '["missing"].map((x) => x.isNone)',
  '.map((row) => row["a"]).map((x) => x + 1).map((y) => y * 2)',
  '.map((row) => {a: row["a"], s: row["s"]}).filter((x) => x["a"] > 0)',
  '.map((row) => {a: row["a"], s: row["s"]}).map((x) => x["s"])',
  '["a"].dropna.filter((x) => x < 1).sort((x) => [x], ["asc"]).limit(3)',
  '.map((row) => row["a"] - row["b"]).sort((x) => [x], ["asc"])[0]',
  '["a"].filter((x) => x > 0).map((x) => x * 10).unique',
];
const MAPPED_OPS = [
  '["a"] * 2',
  '["s"].lower',
  '["a"] > 0',
  '["s"] == "x"',
  '["b"] != 1',
  '["a"].dropna * 3',
  '.map((row) => {a: row["a"]})["a"]',
  '.map((row) => {a: row["a"], b: {c: row["s"]}})["b"]["c"]',
];
const SLICES = ['.map((row) => row["a"]).limit(2)', '.map((row) => row["a"]).offset(2)', '.map((row) => {s: row["s"]}).offset(1).limit(2)', '.map((row) => row["a"]).offset(-2)', '.map((row) => row["a"]).limit(0).sum', '.map((row) => row["a"]).offset(1).avg'];
const GROUPS = [
  '.groupby((row) => row["b"])[0]',
  '.groupby((row) => row["s"])[1]',
  '.groupby((row) => row["b"])[-1]',
  '.groupby((row) => row["b"])[9]',
  '.groupby((row) => row["b"])[1]["a"].sum',
  '.groupby((row) => row["s"])[0].count',
  '.groupby((row) => row["b"]).sort((g) => [g.count], ["desc"])',
  '.groupby((row) => row["b"]).sort((g) => [g.count, g.groupkey], ["asc", "desc"])',
  '.groupby((row) => row["s"]).sort((g) => [g.groupkey], ["asc"])',
  '.groupby((row) => row["b"]).sort((g) => [g["a"].avg], ["asc"])',
  '.groupby((row) => row["b"]).sort((g) => [g["a"].max], ["desc"]).limit(2)',
  '.groupby((row) => row["b"]).sort((g) => [g["a"].sum], ["desc"])[0]',
  '.groupby((row) => row["b"]).sort((g) => [g.count], ["asc"]).map((g) => {k: g.groupkey, n: g.count})',
  '.groupby((row) => row["b"]).offset(1).count',
  '.groupby((row) => row["b"]).limit(2)',
];
const JOINS = [
  '.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", false, false)["h"]',
  '.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", true, true)["t"]',
  '.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", true, false)["h"]["a"]',
  '.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", false, true)["t"]["lr"]',
  '.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", true, true)["zz"]',
  '.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", true, true)["t"]["lr"].dropna',
  '.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", true, true)["h"][0]',
];

describe('list ops on held lists: examples (strict)', () => {
  const cases: [string, string[]][] = [
    ['index', INDEX],
    ['dropna', DROPNA],
    ['unique', UNIQUE],
    ['flatten', FLATTEN],
    ['map / filter / sort over values', VALUE_LAMBDAS],
    ['mapped ops over values', MAPPED_OPS],
    ['limit / offset of map results', SLICES],
    ['sort / index / slices of held groups', GROUPS],
    ['picks of join sides', JOINS],
  ];
  for (const [name, tails] of cases) {
    it(name, () => {
      for (const src of name === 'unique' ? SOURCES : SOURCES.slice(0, -1)) {
        // A join whose left list is null (no group 0 in empty data) has no kernel: not this module's.
        if (name === 'picks of join sides' && src.includes('groupby')) continue;
        for (const tail of tails) {
          // Single-row and empty data through the two plain sources only (CI time).
          // Documented cases without a kernel, over a tagged list: a lambda reading an untagged map
          // result (a dict), a mapped op (the lambda form would push the list tag onto elements).
          const strict = !(src.includes('groupby') && ((name.startsWith('map /') && tail.includes('{')) || name.startsWith('mapped')));
          for (const data of src === SOURCES[0] || src === SOURCES[1] ? [RUNS_FIXED, ONE_ROW, EMPTY] : [RUNS_FIXED]) expectSame(`${src}${tail}`, data, TBL, strict);
        }
      }
    });
  }

  it('unique over dates (equal by time; an invalid date equals nothing), tagged by run', () => {
    const dType: Type = typedDict({ d: maybe('date'), b: 'number' });
    const day = (t: number): Date => new Date(Date.UTC(2024, 0, 1) + t * 86_400_000);
    const parts = [
      [{ d: day(0), b: 1 }, { d: day(1), b: 2 }, { d: null, b: 3 }, { d: day(0), b: 4 }, { d: new Date(NaN), b: 5 }, { d: new Date(NaN), b: 6 }],
      [{ d: day(1), b: 1 }, { d: day(1), b: 2 }, { d: null, b: 3 }],
    ];
    const v = {
      dHist: { type: list(dType), value: parts.flat() },
      dRuns: { type: list(taggedValue(runTag, list(dType))), value: parts.map((rows, i) => new Tagged({ runName: `r${i}` }, rows)) },
    };
    const values = { dHist: v.dHist.value, dRuns: v.dRuns.value };
    const show = (x: unknown): unknown =>
      x instanceof Tagged ? { $tag: show(x.tag), $v: show(x.value) } : x instanceof Date ? { $date: String(x.getTime()) } : Array.isArray(x) ? x.map(show) : x;
    for (const text of ['dHist["d"].unique', 'dRuns.concat["d"].unique', 'dRuns.concat.map((row) => row["d"]).unique', 'dRuns.concat["d"].dropna.unique.count']) {
      const node = compileExpr(text, v);
      const stats = newStats();
      const vec = executeVectorized(node, { registry, variables: values, strict: true, threshold: 0, stats });
      expect(show(vec), text).toEqual(show(executeNode(node, { registry, variables: values })));
      expect(stats.fallbacks).toBe(0);
    }
  });

  it('an index given by an expression', () => {
    expectSame('runsHist.concat[hist.count - 1]', RUNS_FIXED);
    expectSame('runsHist.concat["a"][hist["b"].max]', RUNS_FIXED);
  });
});

// ------------------------------------------------------------------------ differential

const num = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5) },
  { weight: 3, arbitrary: fc.constant(null) },
);
const str = fc.oneof(fc.constantFrom('x', 'y', '', '1', '0'), fc.constant(null));
const row: fc.Arbitrary<Row> = fc.record({
  a: num,
  b: fc.integer({ min: 0, max: 4 }),
  s: str,
  m: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('p', '1', '0'), fc.constant(null)),
});
const runsArb = fc.array(fc.array(row, { maxLength: 10 }), { minLength: 1, maxLength: 3 });
const tblArb = fc.array(fc.record({ k: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null)), lr: num, t: str }), { maxLength: 5 });

const source = fc.constantFrom(...SOURCES, 'hist.filter((row) => row["a"] != 1)', 'runsHist.concat.sort((row) => [row["a"]], ["asc"])');
const untaggedSource = fc.constantFrom(...SOURCES.filter((x) => !x.includes('groupby')));
const col = fc.constantFrom('a', 'b', 's', 'm', 'missing');
const value = fc.oneof(
  col.map((c) => `["${c}"]`),
  fc.constantFrom('.map((row) => row["a"] * 2)', '.map((row) => row["s"])', '.map((row) => row["m"])', '.map((row) => row["a"] > 0)'),
);
const idx = fc.integer({ min: -3, max: 12 });
const numValues = fc.constantFrom('["a"]', '["b"]', '.map((row) => row["a"] * 2)', '.map((row) => row["a"] + row["b"])', '["a"].dropna');
const numStep = fc.constantFrom('.map((x) => x * 2)', '.map((x) => x - 1)', '.filter((x) => x > 0)', '.filter((x) => x.isNone)', '.sort((x) => [x], ["asc"])', '.sort((x) => [x], ["desc"])', '.limit(4)', '.dropna', '.unique');
const groupKey = fc.constantFrom('row["b"]', 'row["s"]', 'row["a"]');
const dir = fc.constantFrom('"asc"', '"desc"');
const groupSortKey = fc.constantFrom('g.count', 'g.groupkey', 'g["a"].avg', 'g["a"].max', 'g["b"].sum');

const expr: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(source, idx).map(([s, i]) => `${s}[${i}]`),
  fc.tuple(source, value, idx).map(([s, v, i]) => `${s}${v}[${i}]`),
  fc.tuple(source, value).map(([s, v]) => `${s}${v}.dropna`),
  fc.tuple(source, value).map(([s, v]) => `${s}${v}.unique`),
  fc.tuple(source, value).map(([s, v]) => `${s}${v}.dropna.unique`),
  fc.tuple(source, value).map(([s, v]) => `${s}${v}.flatten`),
  fc.tuple(source, value, fc.constantFrom('limit', 'offset'), idx).map(([s, v, op, i]) => `${s}${v}.${op}(${i})`),
  fc.tuple(source, numValues, fc.array(numStep, { minLength: 1, maxLength: 3 })).map(([s, v, steps]) => `${s}${v}${steps.join('')}`),
  fc.tuple(source, numValues, fc.array(numStep, { minLength: 1, maxLength: 3 }), fc.constantFrom('.sum', '.count', '[1]', '')).map(([s, v, steps, t]) => `${s}${v}${steps.join('')}${t}`),
  fc.tuple(untaggedSource, numValues, fc.constantFrom('* 2', '- 1', '/ 2', '% 2', '** 2'), fc.array(numStep, { maxLength: 2 }), fc.constantFrom('.sum', '.count', '[0]', '')).map(
    ([s, v, op, steps, t]) => `(${s}${v} ${op})${steps.join('')}${t}`,
  ),
  fc.tuple(source, groupKey, idx).map(([s, k, i]) => `${s}.groupby((row) => ${k})[${i}]`),
  fc.tuple(source, groupKey, groupSortKey, dir, fc.option(groupSortKey, { nil: undefined }), dir, idx).map(
    ([s, k, k1, d1, k2, d2, i]) =>
      `${s}.groupby((row) => ${k}).sort((g) => [${k1}${k2 === undefined ? '' : `, ${k2}`}], [${d1}${k2 === undefined ? '' : `, ${d2}`}])${i % 3 === 0 ? '' : i % 3 === 1 ? `.limit(${i})` : `[${i % 4}]`}`,
  ),
  fc.tuple(fc.constantFrom(...SOURCES.filter((x) => !x.includes('groupby'))), fc.boolean(), fc.boolean(), fc.constantFrom('["h"]', '["t"]', '["h"]["a"]', '["t"]["lr"]', '["t"]["t"].unique', '["h"]["a"].dropna', '["t"]["lr"].flatten'), idx).map(
    ([s, lo, ro, tail, i]) => `${s}.join(tbl, (row) => row["b"], (t) => t["k"], "h", "t", ${lo}, ${ro})${tail}${i > 8 ? `[${i - 9}]` : ''}`,
  ),
);

describe('list ops on held lists: vectorized = row-wise (differential)', () => {
  it(`random data × random list-op expressions (${RUNS} cases, strict)`, () => {
    fc.assert(
      fc.property(runsArb, tblArb, expr, (runs, tbl, text) => {
        const r = both(text, runs, tbl);
        expect(r.vectorized, text).toEqual(r.rowwise);
        expect(r.plain, `${text} (plain)`).toEqual(r.plainRowwise);
        expect(r.fallbacks).toBe(0);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 23 },
    );
  });
});
