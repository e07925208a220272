/**
 * Differential test of the lambda-body kernels for string, number-function and date ops:
 * random columnar data × random lambda bodies over those ops → the vectorized engine (strict:
 * no per-row fallback) equals the row-wise executor, tags included (NaN / null / −0 / Invalid
 * Date distinguished). `PANELQL_LONG=1` runs many more cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, newStats, type VectorizedStats } from '../../src/exec/vectorized/index.js';
import { standardRegistry } from '../../src/ops/index.js';
import { Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict, union, type Type } from '../../src/types/index.js';
import { outcome } from './helpers.js';

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 3000 : 150;

const registry = standardRegistry();
type Row = Record<string, unknown>;

const rowType: Type = typedDict({
  s: maybe('string'),
  k: maybe('string'),
  a: maybe('number'),
  ts: maybe({ type: 'timestamp', unit: 'ms' } as Type),
  d: maybe('date'),
  m: maybe(union(['number', 'string'])),
});

function variables(runs: Row[][]): Record<string, { type: Type; value: unknown }> {
  return {
    hist: { type: list(rowType), value: runs.flat() },
    runsHist: {
      type: list(taggedValue(typedDict({ runName: 'string' }), list(rowType))),
      value: runs.map((rows, i) => new Tagged({ runName: `r${i}` }, rows)),
    },
  };
}

/** A value with its tags; NaN, −0, ±∞, undefined and dates (by time; Invalid Date) distinguished. */
function ser(v: unknown): unknown {
  if (v instanceof Tagged) return { $tag: ser(v.tag), $v: ser(v.value) };
  if (v === undefined) return '$undefined';
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? 'invalid' : v.getTime() };
  if (typeof v === 'number') return Object.is(v, -0) ? '$-0' : Number.isNaN(v) ? '$NaN' : v === Infinity ? '$inf' : v === -Infinity ? '$-inf' : v;
  if (Array.isArray(v)) return v.map(ser);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const key of Object.keys(v)) o[key] = ser((v as Record<string, unknown>)[key]);
    return o;
  }
  return v;
}

interface Both {
  rowwise: unknown;
  vectorized: unknown;
  stats: VectorizedStats;
}

function runBoth(text: string, runs: Row[][], strict: boolean): Both {
  const vars = variables(runs);
  const c = compile(text, { registry, variables: vars });
  if (!c.node) throw new Error(`${text}: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  const node = c.node;
  const values: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(vars)) values[key] = v.value;
  const rowwise = outcome(() => executeNode(node, { registry, variables: values }));
  const stats = newStats();
  const vectorized = outcome(() => executeVectorized(node, { registry, variables: values, strict, threshold: 0, stats }));
  return { rowwise: ser(rowwise), vectorized: ser(vectorized), stats };
}

// ------------------------------------------------------------------ data

const ASTRAL = /[\uD800-\uDFFF]/;
const chars = ['a', 'B', 'z', '3', '0', ' ', '\t', '\n', '-', '.', 'é', 'É', 'ß', 'İ', '\u00A0', '\u2028', '\uFEFF', '😀', '中', 'x', '$'];
const freeString = fc.array(fc.constantFrom(...chars), { maxLength: 6 }).map((cs) => cs.join(''));
const str = fc.oneof(
  { weight: 4, arbitrary: freeString },
  { weight: 3, arbitrary: fc.constantFrom('', 'abc', 'ABC', '  pad  ', '42', '-3.5', '.5', '1e3', 'x😀y', 'Straße', 'a.b') },
  { weight: 2, arbitrary: fc.constant(null) },
);
/** Few distinct values: the ingest dictionary-encodes such columns. */
const key = fc.oneof(fc.constantFrom('run-1', 'Run-2', ' run-3 ', 'é'), fc.constant(null));
const num = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 3, arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0.5, 1.5, 2.5, -0.5, -2.5, 0.05, 0.045, 1.005, 1234.5, -1500, 2500) },
  { weight: 2, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 1.7e9, 1.7e12, 1.7e15, 1.7e18, 3.2e19, -1.7e9, 1e21) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const ms = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -4e12, max: 4e12 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 8.64e15, -8.64e15, 1700000000123) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const date = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -4e12, max: 4e12 }).map((t) => new Date(t)) },
  { weight: 1, arbitrary: fc.constantFrom(8.64e15, -8.64e15, -62135596800000, -62198755200000, NaN).map((t) => new Date(t)) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const row: fc.Arbitrary<Row> = fc.record({
  s: str,
  k: key,
  a: num,
  ts: ms,
  d: date,
  m: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('p', 'Q'), fc.constant(null)),
});
const runsArb = fc.array(fc.array(row, { minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 3 });

// ------------------------------------------------------------------ expressions

const strConst = fc.constantFrom('"x"', '""', '"é"', '"😀"', 'null');
const strExpr: fc.Arbitrary<string> = fc.letrec<{ s: string }>((tie) => ({
  s: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('row["s"]', 'row["k"]'),
    fc.tuple(tie('s'), fc.constantFrom('lower', 'upper', 'strip', 'lStrip', 'rStrip')).map(([x, o]) => `${x}.${o}`),
    fc.tuple(tie('s'), fc.constantFrom('-3', '0', '1', '2', '5', 'null'), fc.constantFrom('-1', '2', '4', '10', 'null')).map(([x, b, e]) => `${x}.slice(${b}, ${e})`),
    fc.tuple(tie('s'), fc.constantFrom('"a"', '"."', '"[0-9]+"', '"\\\\s"', '"é"', '"(B)"', 'null'), fc.constantFrom('"-"', '"$&$&"', '""', '"$1"', 'null')).map(([x, p, r]) => `${x}.replace(${p}, ${r})`),
    fc.tuple(tie('s'), fc.constantFrom('append', 'prepend'), fc.oneof(strConst, tie('s'))).map(([x, o, y]) => `${x}.${o}(${y})`),
    fc.tuple(tie('s'), tie('s')).map(([x, y]) => `(${x} + ${y})`),
    fc.tuple(fc.constantFrom('"x"', '""', '"😀"'), tie('s')).map(([c, y]) => `(${c} + ${y})`),
    fc.tuple(tie('s'), fc.constantFrom('"x"', '""', '"é"')).map(([x, c]) => `(${x} + ${c})`),
    fc.constantFrom('row["a"].toString', 'row["a"].floor.toString', 'row["a"].toByteString'),
  ),
})).s;

const numExpr: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('row["a"]', 'row["a"].floor', 'row["a"].roundtenth', 'row["a"].roundHundredth', 'row["a"].roundthousand', 'abs(row["a"])', 'sin(row["a"])', 'cos(row["a"])'),
  fc.constantFrom('0', '1', '2', '3', '20', '0.7').map((d) => `row["a"].toFixed(${d})`),
  fc.constantFrom('row["d"].toNumber', 'row["d"].day.toNumber', 'row["d"].week.toNumber', 'row["d"].year.toNumber'),
  strExpr.map((x) => `${x}.len`),
  fc.tuple(fc.constantFrom('row["a"]', 'abs(row["a"])'), fc.constantFrom('+', '*', '-')).map(([x, o]) => `(${x}.floor ${o} 1)`),
);

const boolExpr: fc.Arbitrary<string> = fc.letrec<{ b: string }>((tie) => ({
  b: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(strExpr, fc.constantFrom('"a"', '""', '"x."', '"^r"', '"é"', '"😀"', '"3"', '"UN-"', 'null')).map(([x, p]) => `${x}.contains(${p})`),
    fc.tuple(strExpr, fc.constantFrom('isAlpha', 'isNumeric', 'isAlnum')).map(([x, o]) => `${x}.${o}`),
    fc.tuple(strExpr, fc.constantFrom('==', '!='), fc.oneof(strConst, strExpr)).map(([x, o, y]) => `(${x} ${o} ${y})`),
    fc.tuple(strConst, fc.constantFrom('==', '!='), strExpr).map(([x, o, y]) => `(${x} ${o} ${y})`),
    fc.tuple(strExpr, fc.constantFrom('startsWith', 'endsWith'), strConst).map(([x, o, y]) => `${x}.${o}(${y})`),
    fc.tuple(numExpr, fc.constantFrom('<', '>=', '=='), fc.constantFrom('0', '1.5', '1700000000')).map(([x, o, y]) => `(${x} ${o} ${y})`),
    tie('b').map((x) => `(!${x})`),
    fc.tuple(tie('b'), fc.constantFrom('and', 'or'), tie('b')).map(([x, o, y]) => `(${x} ${o} ${y})`),
  ),
})).b;

const dateExpr = fc.oneof(
  fc.constantFrom('year', 'quarter', 'month', 'week', 'day', 'hour', 'minute').map((u) => `row["d"].${u}`),
  fc.constantFrom('row["a"].toTimestamp', 'row["a"].toTimestamp.addms(1000)', 'row["ts"].addms(86400000)', 'row["ts"].addms(-0.5)'),
);

const source = fc.constantFrom('runsHist.concat', 'hist');
const maybeFilter = fc.option(boolExpr, { nil: undefined }).map((b) => (b === undefined ? '' : `.filter((row) => ${b})`));

const expr: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(source, maybeFilter, strExpr).map(([s, f, x]) => `${s}${f}.map((row) => ${x})`),
  fc.tuple(source, maybeFilter, numExpr).map(([s, f, x]) => `${s}${f}.map((row) => ${x})`),
  fc.tuple(source, maybeFilter, dateExpr).map(([s, f, x]) => `${s}${f}.map((row) => ${x})`),
  fc.tuple(source, maybeFilter, strExpr, boolExpr, numExpr, dateExpr).map(([s, f, x, b, n, d]) => `${s}${f}.map((row) => {x: ${x}, b: ${b}, n: ${n}, d: ${d}, m: row["m"]})`),
  fc.tuple(source, boolExpr).map(([s, b]) => `${s}.filter((row) => ${b})`),
  fc.tuple(source, boolExpr).map(([s, b]) => `${s}.filter((row) => ${b})["a"].count`),
);

/**
 * A per-row fallback the kernels are allowed to take in strict mode: `slice` / `replace` whose
 * result would cut a surrogate pair (a UTF-8 column cannot hold it).
 */
function allowedFallback(text: string, runs: Row[][]): boolean {
  if (!/\.slice\(|\.replace\(/.test(text)) return false;
  return ASTRAL.test(text) || runs.some((rs) => rs.some((r) => ASTRAL.test(String(r.s)) || ASTRAL.test(String(r.k))));
}

describe('vectorized = row-wise: string, number-function and date kernels in lambdas', () => {
  it(`random data × random bodies (${RUNS} cases, strict)`, () => {
    let strictCases = 0;
    fc.assert(
      fc.property(runsArb, expr, (runs, text) => {
        let r: Both;
        try {
          r = runBoth(text, runs, true);
          expect(r.stats.fallbacks).toBe(0);
          strictCases++;
        } catch (e) {
          if (!(e instanceof Error && e.name === 'FallbackError') || !allowedFallback(text, runs)) throw e;
          r = runBoth(text, runs, false);
        }
        expect(r.vectorized, text).toEqual(r.rowwise);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 23 },
    );
    // the allowed fallback is the exception, not the rule
    expect(strictCases).toBeGreaterThan(RUNS * 0.8);
  });

  const FIXED: Row[][] = [
    [
      { s: 'Hello World', k: 'run-1', a: 2.5, ts: 1700000000000, d: new Date(Date.UTC(2024, 1, 29, 13, 45, 7, 9)), m: 1 },
      { s: ' x😀y ', k: 'Run-2', a: -0, ts: null, d: null, m: 'p' },
      { s: null, k: null, a: NaN, ts: -1, d: new Date(NaN), m: null },
    ],
    [
      { s: 'İstanbul ß', k: 'run-1', a: 1.7e12, ts: 8.64e15, d: new Date(-62198755200000), m: 2 },
      { s: '', k: 'é', a: null, ts: 0, d: new Date(-8.64e15), m: 'Q' },
    ],
  ];

  const STRICT_FIXED = [
    'runsHist.concat.map((row) => {l: row["s"].lower, u: row["k"].upper, t: row["s"].strip, c: row["s"] + row["k"], p: "<" + row["k"]})',
    'runsHist.concat.filter((row) => row["k"].lower.contains("run"))["a"].count',
    'runsHist.concat.filter((row) => row["s"] == row["k"] or row["k"] != "run-1")',
    'hist.map((row) => {a: row["a"].floor, b: row["a"].roundtenth, c: row["a"].toFixed(1), d: row["a"].toString, e: row["a"].toTimestamp, f: abs(row["a"])})',
    'runsHist.concat.map((row) => {y: row["d"].year, q: row["d"].quarter, w: row["d"].week, n: row["d"].toNumber, t: row["ts"].addms(1)})',
    'runsHist.concat.map((row) => row["d"].month.toNumber)',
    'hist.map((row) => row["s"].isAlpha or row["k"].isAlnum or row["s"].isNumeric)',
  ];
  for (const text of STRICT_FIXED) {
    it(`fixed, strict: ${text}`, () => {
      const r = runBoth(text, FIXED, true);
      expect(r.vectorized).toEqual(r.rowwise);
      expect(r.stats.fallbacks).toBe(0);
    });
  }

  it('fall back (non-strict) and still agree: surrogate-cutting slice, invalid pattern, column pattern, mixed columns', () => {
    const cases = [
      'hist.map((row) => row["s"].slice(0, 1))',
      'hist.map((row) => row["s"].replace("", "-"))',
      'hist.map((row) => row["s"].contains("("))',
      'hist.map((row) => row["s"].contains(row["k"]))',
      'hist.map((row) => row["a"].toFixed(200))',
      'runsHist.concat.map((row) => row["s"].lower.findAll(row["k"]))',
    ];
    const data: Row[][] = [[{ s: '😀b', k: 'b', a: 1, ts: 0, d: null, m: 1 }, { s: null, k: null, a: null, ts: null, d: null, m: null }]];
    for (const text of cases) {
      const r = runBoth(text, data, false);
      expect(r.vectorized, text).toEqual(r.rowwise);
      expect(r.stats.fallbacks, text).toBeGreaterThan(0);
    }
  });
});
