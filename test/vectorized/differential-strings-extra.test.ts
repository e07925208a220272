/**
 * The lambda-body kernels of the string ops with list or computed-number results (`split`,
 * `partition`, `findAll`, `levenshtein`, `parseNumberWithSeparator`) and string ops on receivers
 * held as JS values (lists of strings, strings with a lone surrogate): vectorized = row-wise,
 * tags included, on dictionary, plain and mixed columns. `PANELQL_LONG=1` runs many more cases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api.js';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, newStats, type VectorizedStats } from '../../src/exec/vectorized/index.js';
import { standardRegistry } from '../../src/ops/index.js';
import { Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict, type Type } from '../../src/types/index.js';
import { ser, outcome } from './helpers.js';

const LONG = process.env.PANELQL_LONG !== undefined && process.env.PANELQL_LONG !== '';
const RUNS = LONG ? 3000 : 120;

const registry = standardRegistry();
type Row = Record<string, unknown>;

/** `s`: many distinct values (a plain string column); `k`: few (dictionary); `l`: lists of strings (mixed). */
const rowType: Type = typedDict({ s: maybe('string'), k: maybe('string'), l: maybe(list(maybe('string'))), a: maybe('number') });

function variables(runs: Row[][]): Record<string, { type: Type; value: unknown }> {
  return {
    hist: { type: list(rowType), value: runs.flat() },
    runsHist: {
      type: list(taggedValue(typedDict({ runName: 'string' }), list(rowType))),
      value: runs.map((rows, i) => new Tagged({ runName: `r${i}` }, rows)),
    },
  };
}

interface Both {
  rowwise: unknown;
  vectorized: unknown;
  stats: VectorizedStats;
  /** The vectorized result itself (for identity checks). */
  raw: unknown;
}

function runBoth(text: string, runs: Row[][], strict: boolean): Both {
  const vars = variables(runs);
  const c = compile(text, { registry, variables: vars });
  if (!c.node) throw new Error(`${text}: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  const values: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(vars)) values[key] = v.value;
  const rowwise = outcome(() => executeNode(c.node!, { registry, variables: values }));
  const stats = newStats();
  const raw = outcome(() => executeVectorized(c.node!, { registry, variables: values, strict, threshold: 0, stats }));
  return { rowwise: ser(rowwise), vectorized: ser(raw), stats, raw };
}

// ------------------------------------------------------------------ data

const chars = ['a', 'b', 'B', '-', '-', ' ', '.', '1', '3', ',', 'é', 'ß', '😀', '中', '\u00A0', 'x'];
const freeString = fc.array(fc.constantFrom(...chars), { maxLength: 7 }).map((cs) => cs.join(''));
const str = fc.oneof(
  { weight: 5, arbitrary: freeString },
  { weight: 3, arbitrary: fc.constantFrom('', 'run-1', 'a-b-c', '1.234,5', '1,234.5', '-0', 'x😀y', 'Straße', 'kitten', 'sitting', 'abc') },
  { weight: 2, arbitrary: fc.constant(null) },
);
const key = fc.oneof(fc.constantFrom('run-1', 'Run-2', ' run-3 ', 'é-😀', '', '1.000,5'), fc.constant(null));
const lst = fc.oneof(fc.array(fc.oneof({ weight: 4, arbitrary: str }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 3 }), fc.constant(null));
const row: fc.Arbitrary<Row> = fc.record({ s: str, k: key, l: lst, a: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(null)) });
const runsArb = fc.array(fc.array(row, { minLength: 0, maxLength: 10 }), { minLength: 1, maxLength: 3 });

// ------------------------------------------------------------------ expressions

const strConst = fc.constantFrom('"-"', '""', '"a"', '"é"', '"😀"', '"run"', '","', 'null');
const pattern = fc.constantFrom('"-"', '""', '"[a-z]+"', '"."', '"\\\\d"', '"(b)(.)?"', '"😀"', 'null', '"é|ß"');
const recv = fc.constantFrom('row["s"]', 'row["k"]', 'row["s"].lower', 'row["k"].upper', '(row["k"] + row["s"])');
const listRecv = fc.constantFrom('row["l"]', 'row["s"].split("-")', 'row["k"].split("")');

const listExpr: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(recv, fc.oneof(strConst, recv)).map(([x, p]) => `${x}.split(${p})`),
  fc.tuple(recv, fc.oneof(strConst, recv)).map(([x, p]) => `${x}.partition(${p})`),
  fc.tuple(fc.constantFrom('"a-b-c"', '""', 'null', '"x😀y"'), fc.constantFrom('split', 'partition'), recv).map(([c, o, p]) => `${c}.${o}(${p})`),
  fc.tuple(recv, pattern).map(([x, p]) => `${x}.findAll(${p})`),
  fc.tuple(listRecv, fc.constantFrom('lower', 'upper', 'strip', 'len', 'isAlpha', 'isNumeric')).map(([x, o]) => `${x}.${o}`),
  fc.tuple(listRecv, pattern).map(([x, p]) => `${x}.findAll(${p})`),
  fc.tuple(listRecv, strConst).map(([x, p]) => `${x}.split(${p})`),
  fc.tuple(listRecv, strConst).map(([x, c]) => `levenshtein(${x}, ${c})`),
);

const levExpr: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(recv, strConst).map(([x, c]) => `levenshtein(${x}, ${c})`),
  fc.tuple(strConst, recv).map(([c, x]) => `levenshtein(${c}, ${x})`),
  fc.tuple(recv, recv).map(([x, y]) => `levenshtein(${x}, ${y})`),
);
// typed Maybe<String> although its values are numbers, so it is not compared with numbers here
const numExpr: fc.Arbitrary<string> = fc.oneof(
  levExpr,
  fc.tuple(recv, fc.constantFrom('","', '"."', 'null', '""'), fc.constantFrom('"."', '","', 'null')).map(([x, t, d]) => `${x}.parseNumberWithSeparator(${t}, ${d})`),
);

const scalarBool: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(recv, fc.constantFrom('startsWith', 'endsWith'), fc.oneof(strConst, recv)).map(([x, o, p]) => `${x}.${o}(${p})`),
  fc.tuple(strConst, fc.constantFrom('startsWith', 'endsWith'), recv).map(([c, o, p]) => `${c}.${o}(${p})`),
  fc.tuple(recv, fc.constantFrom('isNumeric', 'isAlnum')).map(([x, o]) => `${x}.${o}`),
  fc.tuple(recv, fc.constantFrom('["run-1", "", "a-b-c"]', '["x"]', '["é-😀", "abc", "Run-2"]', 'null')).map(([x, l]) => `${x}.in(${l})`),
  fc.tuple(recv, fc.constantFrom('==', '!='), fc.oneof(strConst, recv)).map(([x, o, y]) => `(${x} ${o} ${y})`),
);
/** Boolean values per row, lists of them included (for `map` only). */
const boolExpr: fc.Arbitrary<string> = fc.oneof(
  scalarBool,
  fc.tuple(listRecv, fc.constantFrom('startsWith', 'endsWith'), fc.oneof(strConst, recv)).map(([x, o, p]) => `${x}.${o}(${p})`),
);

const source = fc.constantFrom('runsHist.concat', 'hist');
const expr: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(source, listExpr).map(([s, x]) => `${s}.map((row) => ${x})`),
  fc.tuple(source, numExpr).map(([s, x]) => `${s}.map((row) => ${x})`),
  fc.tuple(source, levExpr, fc.constantFrom('0', '2', '4')).map(([s, x, c]) => `${s}.filter((row) => ${x} < ${c})`),
  fc.tuple(source, scalarBool).map(([s, b]) => `${s}.filter((row) => ${b})`),
  fc.tuple(source, boolExpr).map(([s, b]) => `${s}.map((row) => ${b})`),
  fc.tuple(source, listExpr, numExpr).map(([s, x, y]) => `${s}.filter((row) => row["a"] != 0).map((row) => {x: ${x}, y: ${y}, k: row["k"]})`),
);

describe('vectorized = row-wise: split / partition / findAll / levenshtein / parseNumberWithSeparator', () => {
  it(`random data × random bodies (${RUNS} cases, strict)`, () => {
    fc.assert(
      fc.property(runsArb, expr, (runs, text) => {
        const r = runBoth(text, runs, true);
        expect(r.stats.fallbacks, text).toBe(0);
        expect(r.vectorized, text).toEqual(r.rowwise);
      }),
      { numRuns: RUNS, seed: LONG ? undefined : 41 },
    );
  });

  const FIXED: Row[][] = [
    [
      { s: 'a-b--c', k: 'run-1', l: ['x-y', null, 'É'], a: 1 },
      { s: '', k: '', l: [], a: 0 },
      { s: null, k: null, l: null, a: null },
      { s: 'x😀y-😀', k: 'é-😀', l: ['😀', ''], a: 2 },
    ],
    [
      { s: '1.234,5', k: 'run-1', l: ['a'], a: 3 },
      { s: 'kitten', k: 'Run-2', l: [null], a: -1 },
      { s: 'ab\uD800c', k: 'Run-2', l: null, a: 1 },
    ],
  ];
  // the lone surrogate makes `s` a mixed column; the same data without it keeps `s` a string column
  const PLAIN = FIXED.map((rs) => rs.map((r) => (typeof r.s === 'string' && /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(r.s) ? { ...r, s: 'abc' } : r)));

  const STRICT = [
    'runsHist.concat.map((row) => row["s"].split("-"))',
    'runsHist.concat.map((row) => row["k"].split("-"))',
    'hist.map((row) => row["k"].split(""))',
    'hist.map((row) => row["s"].split(null))',
    'runsHist.concat.map((row) => {p: row["s"].partition("-"), q: row["k"].partition(""), r: row["k"].partition(null)})',
    'runsHist.concat.map((row) => {f: row["s"].findAll("[a-z]"), g: row["k"].findAll("(u)(n)?"), h: row["k"].findAll("")})',
    'runsHist.concat.map((row) => {a: levenshtein(row["s"], "kitten"), b: levenshtein(row["k"], "run"), c: levenshtein("run", row["k"]), d: levenshtein(row["s"], row["k"]), e: levenshtein(row["k"], null)})',
    'runsHist.concat.filter((row) => levenshtein(row["k"], "run-2") < 3)',
    'hist.map((row) => {a: row["s"].parseNumberWithSeparator(".", ","), b: row["k"].parseNumberWithSeparator(".", ",")})',
    'runsHist.concat.map((row) => row["l"].lower)',
    'runsHist.concat.map((row) => {a: row["k"].in(["run-1", "é-😀", ""]), b: row["s"].in(["kitten", "x😀y-😀"]), c: row["k"].in(null), d: row["l"].in(["x-y", "a"])})',
    'runsHist.concat.filter((row) => row["k"].in(["Run-2"]) or row["s"].startsWith(row["k"]) or row["k"].endsWith(row["s"]))',
    'hist.map((row) => {a: row["l"].startsWith("x"), b: row["l"].len, c: "x-y-z".startsWith(row["k"]), d: row["l"].endsWith(row["k"])})',
    'runsHist.concat.map((row) => {a: row["l"].split("-"), b: levenshtein(row["l"], "x"), c: row["l"].findAll("."), d: row["s"].split("-").upper})',
    'runsHist.concat.map((row) => row["k"].split("-").partition("u"))',
    'runsHist.concat.map((row) => {a: row["s"].split(row["k"]), b: row["k"].partition(row["s"]), c: "a-b".split(row["k"]), d: row["k"].split(row["k"].slice(1, 2))})',
    'runsHist.concat.map((row) => {a: row["l"].split(row["k"]), b: levenshtein(row["l"], row["k"]), c: row["l"].findAll(row["k"])})',
  ];
  for (const text of STRICT) {
    for (const [name, data] of [
      ['plain', PLAIN],
      ['with a lone surrogate', FIXED],
    ] as const) {
      it(`strict, ${name}: ${text}`, () => {
        const r = runBoth(text, data, true);
        expect(r.vectorized).toEqual(r.rowwise);
        expect(r.stats.fallbacks).toBe(0);
      });
    }
  }

  it('list results are fresh arrays per row (dictionary column: one split per entry, copied per row)', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ s: `v-${i}`, k: ['a-b', 'c-d'][i % 2], l: null, a: i }));
    const r = runBoth('hist.map((row) => row["k"].split("-"))', [rows], true);
    expect(r.vectorized).toEqual(r.rowwise);
    const out = r.raw as unknown[][];
    expect(out[0]).not.toBe(out[2]);
    expect(new Set(out).size).toBe(out.length);
  });

  it('long strings and the dictionary pair cache agree with fast-levenshtein row by row', () => {
    const long = 'ab😀'.repeat(40);
    const rows = Array.from({ length: 300 }, (_, i) => ({ s: `${long.slice(0, i % 50)}${i}`, k: ['kitten', 'sitting', 'é😀', ''][i % 4], l: [long.slice(i % 7)], a: i % 3 }));
    for (const text of [
      'hist.map((row) => levenshtein(row["s"], "ab😀ab"))',
      'hist.map((row) => levenshtein(row["k"], row["k"].upper))',
      'hist.map((row) => levenshtein(row["s"], row["k"]))',
      'runsHist.concat.map((row) => levenshtein(row["l"], row["k"]))',
    ]) {
      const strict = !text.includes('row["l"], row["k"]');
      const r = runBoth(text, [rows.slice(0, 150), rows.slice(150)], strict);
      expect(r.vectorized, text).toEqual(r.rowwise);
    }
  });

  it('two dictionary columns with nulls: once per entry pair, null receiver rows null, null argument rows as ""', () => {
    const ks = ['kitten', 'sitting', null, 'é😀', ''];
    const ls = ['sitting', null, 'kitten', '😀'];
    const rows = Array.from({ length: 240 }, (_, i) => ({ s: `s${i}`, k: ks[i % 5], l: null, a: i % 4 }));
    const other = rows.map((r, i) => ({ ...r, s: ls[i % 4] }));
    // `s` holds 3 distinct strings here: a dictionary column as well
    for (const text of ['hist.map((row) => levenshtein(row["k"], row["s"]))', 'hist.filter((row) => row["a"] > 0).map((row) => levenshtein(row["s"], row["k"]))']) {
      const r = runBoth(text, [other], true);
      expect(r.vectorized, text).toEqual(r.rowwise);
      expect(r.stats.fallbacks).toBe(0);
    }
  });

  it('fall back (non-strict) and still agree: column pattern, invalid pattern', () => {
    const cases = [
      'hist.map((row) => row["s"].findAll(row["k"]))',
      'hist.map((row) => row["s"].findAll("("))',
      'hist.map((row) => row["l"].findAll("("))',
    ];
    for (const text of cases) {
      const r = runBoth(text, PLAIN, false);
      expect(r.vectorized, text).toEqual(r.rowwise);
      expect(r.stats.fallbacks, text).toBeGreaterThan(0);
    }
  });
});
