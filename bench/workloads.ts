/**
 * Benchmark workloads W1–W11 (docs/columnar.md §Benchmarks, arrow-perf.md §5). Each workload has
 * the Query Panel expression it stands for, a scalar reference answer, and one implementation
 * per engine. Every engine's answer is cross-checked against the reference: exactly for ours,
 * the hand loop and the row-wise executor (same summation order), with a 1e-9 relative
 * tolerance for DuckDB and arquero (their own summation order), and order-insensitively for
 * peers whose grouped output has no defined order (their keys are matched to the reference's).
 */
import * as A from 'apache-arrow';
import {
  add,
  argmin,
  avg,
  count,
  groupAggregate,
  groupAggregateIndexed,
  groupBy,
  groupRows,
  groupSelection,
  hashJoin,
  joinSide,
  max,
  min,
  mul,
  selectCompare,
  sortIndices,
  stddev,
  sum,
  tableFromArrow,
  tableFromJsonRows,
  toJS,
  type Column,
  type NumberColumn,
} from '../src/exec/columnar/index.js';
import {
  aqSetup,
  duckSetup,
  oursSetup,
  rowwiseRun,
  rowwiseSetup,
  type AqModule,
  type AqTable,
  type BenchData,
  type DuckConn,
  type EngineId,
  type OursState,
  type RowwiseState,
} from './engines.js';
import { genSummaries, historyRows, isValidBit, NUM_EPOCHS, runsTable, type History, type HistoryRow } from './gen.js';

export interface EngineImpl<S> {
  setup(d: BenchData): Promise<S> | S;
  run(s: S): Promise<unknown> | unknown;
  /** Turns the raw result into the checkable form (not timed). */
  normalize?(r: unknown, s: S): unknown;
  /** Compare with tolerance (and without relying on output order). */
  approx?: boolean;
}

export interface Workload {
  readonly id: string;
  readonly title: string;
  readonly expr: string;
  /** Sizes to run at instead of the requested ones (W11). */
  readonly sizes?: readonly number[];
  ref(d: BenchData): unknown;
  check(got: unknown, ref: unknown, approx: boolean): string | null;
  readonly engines: Partial<Record<EngineId, EngineImpl<unknown>>>;
  /** Engines deliberately not run, with the reason. */
  readonly skip?: Partial<Record<EngineId, string>>;
  /** Largest N an engine is run at (beyond it: skipped with the note). */
  readonly maxN?: Partial<Record<EngineId, { n: number; note: string }>>;
}

function impl<S>(e: EngineImpl<S>): EngineImpl<unknown> {
  return e as unknown as EngineImpl<unknown>;
}

// ------------------------------------------------------------------ comparison helpers

function sameNum(a: unknown, b: unknown, approx: boolean): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'bigint') a = Number(a);
  if (typeof b === 'bigint') b = Number(b);
  if (typeof a !== 'number' || typeof b !== 'number') return a === b;
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return approx && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function checkList(got: unknown, ref: readonly unknown[], approx: boolean): string | null {
  if (!Array.isArray(got) && !ArrayBuffer.isView(got)) return `not a list: ${String(got)}`;
  const g = got as ArrayLike<unknown>;
  if (g.length !== ref.length) return `length ${g.length} vs ${ref.length}`;
  for (let i = 0; i < ref.length; i++) if (!sameNum(g[i], ref[i], approx)) return `[${i}] ${String(g[i])} vs ${String(ref[i])}`;
  return null;
}

/** Grouped result: values in the reference's group order (keys matched for unordered peers). */
interface Grouped {
  keys: unknown[] | null;
  values: unknown[];
}

function checkGrouped(got: unknown, ref: unknown, approx: boolean, missing: unknown = undefined): string | null {
  const g = got as Grouped;
  const r = ref as Grouped;
  if (!approx || g.keys === null) {
    if (g.keys !== null && r.keys !== null) {
      const kc = checkKeys(g.keys, r.keys);
      if (kc) return kc;
    }
    return checkList(g.values, r.values, approx);
  }
  // unordered peer: reorder by key
  const byKey = new Map<string, unknown>();
  g.keys.forEach((k, i) => byKey.set(String(typeof k === 'bigint' ? Number(k) : k), g.values[i]));
  const reordered = (r.keys as unknown[]).map((k) => (byKey.has(String(k)) ? byKey.get(String(k)) : missing));
  if (byKey.size !== (r.keys as unknown[]).length && missing === undefined) return `${byKey.size} groups vs ${(r.keys as unknown[]).length}`;
  return checkList(reordered, r.values, approx);
}

function checkKeys(a: unknown[], b: unknown[]): string | null {
  if (a.length !== b.length) return `${a.length} keys vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (String(a[i]) !== String(b[i])) return `key[${i}] ${String(a[i])} vs ${String(b[i])}`;
  return null;
}

// ------------------------------------------------------------------ references (scalar loops)

const THRESH = 0.5;

function refLossStats(h: History): Record<string, number | null> {
  let s = -0;
  let c = 0;
  let mn: number | null = null;
  let mx: number | null = null;
  for (let i = 0; i < h.n; i++) {
    if (!isValidBit(h.lossValid, i)) continue;
    const v = h.loss[i];
    s += v;
    c++;
    if (v === v) {
      if (mn === null || v < mn) mn = v;
      if (mx === null || v > mx) mx = v;
    }
  }
  const mean = c === 0 ? NaN : s / c;
  let sq = -0;
  for (let i = 0; i < h.n; i++) {
    if (!isValidBit(h.lossValid, i)) continue;
    const d = h.loss[i] - mean;
    sq += d * d;
  }
  return { sum: c === 0 ? 0 : s, avg: mean, min: mn, max: mx, count: h.n, stddev: c === 0 ? NaN : Math.sqrt(sq / c) };
}

/** filter(loss < 0.5).groupby(key).map(avg loss) via a real JS object (the reference's bucket order). */
function refFilterGroupAvg(h: History, keyOf: (i: number) => number | string): Grouped {
  const buckets: Record<string, { key: number | string; s: number; c: number }> = {};
  for (let i = 0; i < h.n; i++) {
    if (!isValidBit(h.lossValid, i)) continue;
    const v = h.loss[i];
    if (!(v < THRESH)) continue;
    const k = keyOf(i);
    const b = String(k);
    let e = buckets[b];
    if (e === undefined) buckets[b] = e = { key: k, s: -0, c: 0 };
    e.s += v;
    e.c++;
  }
  const vals = Object.values(buckets);
  return { keys: vals.map((e) => e.key), values: vals.map((e) => (e.c === 0 ? NaN : e.s / e.c)) };
}

// ------------------------------------------------------------------ shared engine pieces

const ours = <R>(run: (s: OursState) => R, normalize?: (r: R, s: OursState) => unknown): EngineImpl<unknown> =>
  impl<OursState>({ setup: oursSetup, run, normalize: normalize as ((r: unknown, s: OursState) => unknown) | undefined });

const hand = <R>(run: (h: History) => R, normalize?: (r: R) => unknown, approx = false): EngineImpl<unknown> =>
  impl<History>({ setup: (d) => d.h, run, normalize: normalize as ((r: unknown) => unknown) | undefined, approx });

function duck(threads: number, sql: string, normalize: (rows: unknown[][]) => unknown, extra?: (c: DuckConn) => Promise<void>): EngineImpl<unknown> {
  return impl<{ conn: DuckConn }>({
    setup: (d) => duckSetup(d, threads, extra),
    run: async ({ conn }) => (await conn.runAndReadAll(sql)).getRows(),
    normalize: (r) => normalize(r as unknown[][]),
    approx: true,
  });
}

function duckBoth(sql: string, normalize: (rows: unknown[][]) => unknown, extra?: (c: DuckConn) => Promise<void>): Partial<Record<EngineId, EngineImpl<unknown>>> {
  return { duckdb_t1: duck(1, sql, normalize, extra), duckdb_t2: duck(2, sql, normalize, extra) };
}

const groupedRows = (rows: unknown[][]): Grouped => ({ keys: rows.map((r) => r[0]), values: rows.map((r) => r[1]) });

type AqState = { aq: AqModule; dt: AqTable; runsDt: AqTable };
const arq = (run: (s: AqState) => unknown, normalize?: (r: unknown) => unknown): EngineImpl<unknown> =>
  impl<AqState>({ setup: aqSetup, run, normalize, approx: true });

const aqGrouped = (key: string) => (r: unknown): Grouped => {
  const t = r as AqTable;
  return { keys: Array.from(t.array(key)), values: Array.from(t.array('m')) };
};

const rowwise = (
  expr: string,
  normalize: (v: unknown) => unknown = (v) => v,
  extraVars?: Parameters<typeof rowwiseSetup>[1],
  engine: 'rowwise' | 'vectorized' = 'rowwise',
): EngineImpl<unknown> =>
  impl<RowwiseState>({
    setup: (d) => rowwiseSetup(d, extraVars, engine),
    run: (s) => rowwiseRun(s, expr),
    normalize: (r, s) => normalize(s.decode(r)),
  });

/** An engine whose set-up first runs the start-up warm-up a server or REPL worker runs (timed as set-up). */
const afterWarmUp = (e: EngineImpl<unknown>): EngineImpl<unknown> => ({
  ...e,
  setup: async (d) => {
    (await import('../src/exec/vectorized/index.js')).warmUp();
    return e.setup(d);
  },
});

/** The row-wise executor and the project's vectorized executor on the same expression text. */
const viaEvaluate = (
  expr: string,
  normalize: (v: unknown) => unknown = (v) => v,
  extraVars?: Parameters<typeof rowwiseSetup>[1],
): Partial<Record<EngineId, EngineImpl<unknown>>> => ({
  rowwise: rowwise(expr, normalize, extraVars, 'rowwise'),
  executor: rowwise(expr, normalize, extraVars, 'vectorized'),
});

const groupedValues = (v: unknown): Grouped => ({ keys: null, values: v as unknown[] });

function oursGrouped(r: { keys: Column; columns: Column[] }): Grouped {
  return { keys: toJS(r.keys), values: toJS(r.columns[0]) };
}

// ------------------------------------------------------------------ W1: scan + reduce

const W1_EXPR = 'runs.history.concat["loss"].avg';
const W1: Workload = {
  id: 'W1',
  title: 'avg of loss (scan + null-aware reduce)',
  expr: W1_EXPR,
  ref: (d) => refLossStats(d.h).avg,
  check: (g, r, approx) => (sameNum(g, r, approx) ? null : `${String(g)} vs ${String(r)}`),
  engines: {
    vectorized: ours((s) => avg(s.t.get('loss') as NumberColumn)),
    hand: hand((h) => {
      const v = h.loss;
      const bm = h.lossValid;
      const n = h.n;
      let s = -0;
      let c = 0;
      const full = n >>> 3;
      for (let b = 0; b < full; b++) {
        const byte = bm[b];
        const base = b << 3;
        if (byte === 0xff) {
          s += v[base];
          s += v[base + 1];
          s += v[base + 2];
          s += v[base + 3];
          s += v[base + 4];
          s += v[base + 5];
          s += v[base + 6];
          s += v[base + 7];
          c += 8;
        } else if (byte !== 0) {
          for (let t = 0; t < 8; t++)
            if (byte & (1 << t)) {
              s += v[base + t];
              c++;
            }
        }
      }
      for (let i = full << 3; i < n; i++)
        if (bm[i >>> 3] & (1 << (i & 7))) {
          s += v[i];
          c++;
        }
      return c === 0 ? NaN : s / c;
    }),
    ...duckBoth('SELECT avg(loss) FROM hist', (rows) => rows[0][0]),
    arquero: arq(({ aq, dt }) => dt.rollup({ m: aq.op.mean('loss') }), (r) => (r as AqTable).array('m')[0]),
    ...viaEvaluate(W1_EXPR),
  },
};

const W1S_EXPR = '[h["loss"].sum, h["loss"].avg, h["loss"].min, h["loss"].max, h["loss"].count, h["loss"].stddev] with h = runs.history.concat';
const STAT_KEYS = ['sum', 'avg', 'min', 'max', 'count', 'stddev'];
const W1S: Workload = {
  id: 'W1s',
  title: 'sum/avg/min/max/count/stddev of loss',
  expr: W1S_EXPR,
  ref: (d) => STAT_KEYS.map((k) => refLossStats(d.h)[k]),
  check: (g, r, approx) => checkList(g, r as unknown[], approx),
  engines: {
    vectorized: ours((s) => {
      const c = s.t.get('loss') as NumberColumn;
      return [sum(c), avg(c), min(c), max(c), count(c), stddev(c)];
    }),
    hand: hand((h) => {
      const v = h.loss;
      const bm = h.lossValid;
      let s = -0;
      let c = 0;
      let mn = NaN;
      let mx = NaN;
      for (let i = 0; i < h.n; i++) {
        if ((bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
        const x = v[i];
        s += x;
        c++;
        if (x < mn || (mn !== mn && x === x)) mn = x;
        if (x > mx || (mx !== mx && x === x)) mx = x;
      }
      const mean = c === 0 ? NaN : s / c;
      let sq = -0;
      for (let i = 0; i < h.n; i++) {
        if ((bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
        const dd = v[i] - mean;
        sq += dd * dd;
      }
      return [c === 0 ? 0 : s, mean, mn === mn ? mn : null, mx === mx ? mx : null, h.n, c === 0 ? NaN : Math.sqrt(sq / c)];
    }),
    ...duckBoth(
      'SELECT sum(loss), avg(loss), min(loss) FILTER (WHERE NOT isnan(loss)), max(loss) FILTER (WHERE NOT isnan(loss)), count(*), stddev_pop(loss) FROM hist',
      (rows) => rows[0].map((x) => (typeof x === 'bigint' ? Number(x) : x)),
    ),
    arquero: arq(
      ({ aq, dt }) => dt.rollup({ s: aq.op.sum('loss'), m: aq.op.mean('loss'), lo: aq.op.min('loss'), hi: aq.op.max('loss'), c: aq.op.count(), sd: aq.op.stdevp('loss') }),
      (r) => ['s', 'm', 'lo', 'hi', 'c', 'sd'].map((k) => (r as AqTable).array(k)[0]),
    ),
    ...viaEvaluate('[h["loss"].sum, h["loss"].avg, h["loss"].min, h["loss"].max, h["loss"].count, h["loss"].stddev]'.replaceAll('h[', 'history[')),
  },
};

// ------------------------------------------------------------------ W2–W4: filter → groupby → avg

function filterGroupWorkload(id: string, keyName: '_step' | 'epoch' | 'run', title: string): Workload {
  const expr = `runs.history.concat.filter((row) => row["loss"] < 0.5).groupby((row) => row["${keyName}"]).map((row) => row["loss"].avg)`;
  const keyOf = (h: History): ((i: number) => number | string) =>
    keyName === 'epoch' ? (i) => h.epoch[i] : keyName === '_step' ? (i) => h.step[i] : (i) => h.runNames[h.run[i]];
  const handImpl = hand((h) => {
    // fused, branch-free: rows failing the filter (or null) go to a dummy slot 0, so the data-
    // dependent branch never mispredicts; direct-indexed accumulators over the known key domain
    const v = h.loss;
    const bm = h.lossValid;
    const keys = keyName === 'epoch' ? h.epoch : keyName === '_step' ? h.step : h.run;
    const K = keyName === 'epoch' ? NUM_EPOCHS : keyName === 'run' ? h.runs : Math.max(1, Math.ceil(h.n / h.runs));
    const s = new Float64Array(K + 1).fill(-0);
    const c = new Float64Array(K + 1);
    const first = new Int32Array(K + 1).fill(-1);
    for (let i = 0; i < h.n; i++) {
      const ok = ((bm[i >>> 3] >>> (i & 7)) & 1) & +(v[i] < THRESH);
      const g = (keys[i] + 1) & -ok;
      s[g] += v[i];
      if (c[g]++ === 0) first[g] = i;
    }
    const order: number[] = [];
    for (let g = 1; g <= K; g++) if (c[g] > 0) order.push(g);
    // integer keys ≥ 0 are array indices → ascending; run names are not → first-seen order
    if (keyName === 'run') order.sort((a, b) => first[a] - first[b]);
    return { keys: order.map((g) => (keyName === 'run' ? h.runNames[g - 1] : g - 1)), values: order.map((g) => s[g] / c[g]) };
  });
  return {
    id,
    title,
    expr,
    ref: (d) => refFilterGroupAvg(d.h, keyOf(d.h)),
    check: (g, r, approx) => checkGrouped(g, r, approx),
    engines: {
      vectorized: ours((s) => {
        const loss = s.t.get('loss') as NumberColumn;
        const sel = selectCompare('lt', loss, THRESH);
        return groupAggregate(s.t.get(keyName), [{ op: 'avg', col: loss }], sel);
      }, oursGrouped),
      hand: handImpl,
      ...duckBoth(`SELECT ${keyName}, avg(loss) FROM hist WHERE loss < 0.5 GROUP BY ${keyName}`, groupedRows),
      arquero: arq(({ aq, dt }) => dt.filter('d => d.loss != null && d.loss < 0.5').groupby(keyName).rollup({ m: aq.op.mean('loss') }), aqGrouped(keyName)),
      ...viaEvaluate(expr, groupedValues),
    },
  };
}

const W2 = filterGroupWorkload('W2', 'epoch', 'filter(loss<0.5) → groupby(epoch) → avg (100 groups)');
const W3 = filterGroupWorkload('W3', 'run', 'filter(loss<0.5) → groupby(run: dictionary string) → avg');
const W4 = filterGroupWorkload('W4', '_step', 'filter(loss<0.5) → groupby(_step: ~N/R groups) → avg');

// ------------------------------------------------------------------ W5: lambda that needs the whole group

const W5_EXPR = 'runs.history.concat.groupby((row) => row["epoch"]).map((row) => row["loss"].argmin)';
const W5: Workload = {
  id: 'W5',
  title: 'groupby(epoch) → argmin of loss per group (list path: offsets + permutation)',
  expr: W5_EXPR,
  ref: (d) => {
    const h = d.h;
    const buckets: Record<string, { key: number; vals: (number | null)[] }> = {};
    for (let i = 0; i < h.n; i++) {
      const k = h.epoch[i];
      (buckets[String(k)] ??= { key: k, vals: [] }).vals.push(isValidBit(h.lossValid, i) ? h.loss[i] : null);
    }
    const groups = Object.values(buckets);
    return {
      keys: groups.map((g) => g.key),
      values: groups.map((g) => {
        let best: number | undefined;
        for (const x of g.vals) if (x != null && (best === undefined ? x === x : x < best)) best = x;
        return best === undefined ? -1 : g.vals.indexOf(best);
      }),
    };
  },
  check: (g, r, approx) => checkGrouped(g, r, approx, -1),
  engines: {
    vectorized: ours((s) => {
      const loss = s.t.get('loss') as NumberColumn;
      const g = groupBy(s.t.get('epoch'));
      const gr = groupRows(g);
      const out = new Float64Array(g.numGroups);
      for (let q = 0; q < g.numGroups; q++) out[q] = argmin(loss, groupSelection(gr, q));
      return { keys: g.keys, out };
    }, (r) => ({ keys: toJS(r.keys), values: Array.from(r.out) })),
    hand: hand((h) => {
      const best = new Float64Array(NUM_EPOCHS).fill(NaN);
      const pos = new Int32Array(NUM_EPOCHS).fill(-1);
      const seen = new Int32Array(NUM_EPOCHS);
      const v = h.loss;
      const bm = h.lossValid;
      for (let i = 0; i < h.n; i++) {
        const e = h.epoch[i];
        const p = seen[e]++;
        if ((bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
        const x = v[i];
        if (x < best[e] || (best[e] !== best[e] && x === x)) {
          best[e] = x;
          pos[e] = p;
        }
      }
      const keys: number[] = [];
      const values: number[] = [];
      for (let e = 0; e < NUM_EPOCHS; e++)
        if (seen[e] > 0) {
          keys.push(e);
          values.push(pos[e]);
        }
      return { keys, values };
    }),
    ...duckBoth(
      `WITH t AS (SELECT epoch, loss, row_number() OVER (PARTITION BY epoch ORDER BY i) - 1 AS pos FROM hist),
            m AS (SELECT epoch, min(loss) AS ml FROM t WHERE loss IS NOT NULL AND NOT isnan(loss) GROUP BY epoch)
       SELECT t.epoch, min(t.pos) FROM t JOIN m ON t.epoch = m.epoch AND t.loss = m.ml GROUP BY t.epoch`,
      (rows) => groupedRows(rows.map((r) => [r[0], Number(r[1])])),
    ),
    ...viaEvaluate(W5_EXPR, groupedValues),
  },
  skip: { arquero: 'no per-group position / first-argmin primitive without a row-number window; not expressed' },
};

// ------------------------------------------------------------------ W6: run summaries (sparse, union-typed keys)

function summaryCount(n: number): number {
  return Math.max(100, Math.min(100_000, Math.floor(n / 10)));
}
const W6_EXPR = 'runs.summary["loss"]';
/** The seeded summaries bound as the `summaries` variable, typed from their values (not timed). */
const summariesVariable: NonNullable<Parameters<typeof rowwiseSetup>[1]> = (types, d) => {
  const summaries = genSummaries(summaryCount(d.h.n), d.opts.seed);
  return { summaries: { type: types.typeOfValue(summaries), value: summaries } };
};
const W6: Workload = {
  id: 'W6',
  title: 'runs.summary["loss"] over N/10 sparse JSON summaries (ingest with key pruning + pick)',
  expr: W6_EXPR,
  ref: (d) => genSummaries(summaryCount(d.h.n), d.opts.seed).map((s) => s.loss ?? null),
  check: (g, r, approx) => checkSummaries(g, r as unknown[], approx),
  engines: {
    vectorized: impl<{ summaries: Record<string, unknown>[] }>({
      setup: (d) => ({ summaries: genSummaries(summaryCount(d.h.n), d.opts.seed) }),
      run: ({ summaries }) => toJS(tableFromJsonRows(summaries, { keys: ['loss'] }).get('loss')),
    }),
    hand: impl<{ summaries: Record<string, unknown>[] }>({
      setup: (d) => ({ summaries: genSummaries(summaryCount(d.h.n), d.opts.seed) }),
      run: ({ summaries }) => summaries.map((s) => s.loss ?? null),
    }),
    ...viaEvaluate(W6_EXPR, (v) => v, summariesVariable),
  },
  // No caps: the summaries' union type (one typedDict per distinct key set, up to 1e5 members at
  // N = 1e6) is built, checked and picked in near-linear time (docs/types.md, "Performance at scale").
  skip: {
    duckdb_t1: 'needs a JSON/struct load of the summaries; not comparable to a column pick',
    duckdb_t2: 'as duckdb_t1',
    arquero: 'arquero has no sparse-object ingest distinct from aq.from (see W10b)',
  },
};

// `pick` is written with brackets; a dotted key walks nested dicts (the reference's pick path).
const W6B_EXPR = 'runs.summary["opt.lr.value"]';
const nestedLr = (s: Record<string, unknown>): unknown => {
  const opt = s.opt as { lr?: { value?: unknown } } | undefined;
  return opt?.lr?.value ?? null;
};
const W6B: Workload = {
  id: 'W6b',
  title: 'runs.summary["opt.lr.value"] (pick of a dotted path: nested dicts) over N/10 sparse JSON summaries',
  expr: W6B_EXPR,
  ref: (d) => genSummaries(summaryCount(d.h.n), d.opts.seed).map(nestedLr),
  check: (g, r, approx) => checkSummaries(g, r as unknown[], approx),
  engines: {
    hand: impl<{ summaries: Record<string, unknown>[] }>({
      setup: (d) => ({ summaries: genSummaries(summaryCount(d.h.n), d.opts.seed) }),
      run: ({ summaries }) => summaries.map(nestedLr),
    }),
    ...viaEvaluate(W6B_EXPR, (v) => v, summariesVariable),
  },
  skip: {
    vectorized: 'no separate kernel composition: the executor column is ours (summaries are a JS list of dicts, not a history table)',
    duckdb_t1: 'as W6',
    duckdb_t2: 'as W6',
    arquero: 'as W6',
  },
};

function checkSummaries(g: unknown, r: unknown[], approx: boolean): string | null {
  if (!Array.isArray(g)) return 'not a list';
  if (g.length !== r.length) return `length ${g.length} vs ${r.length}`;
  for (let i = 0; i < r.length; i++) {
    const a = g[i];
    const b = r[i];
    if (typeof b === 'string' || typeof a === 'string' ? a !== b : !sameNum(a, b, approx)) return `[${i}] ${String(a)} vs ${String(b)}`;
  }
  return null;
}

// ------------------------------------------------------------------ W7: join with the runs table

const W7_EXPR =
  'runs.history.concat.filter((row) => row["loss"] < 0.5).join(runsTable, (row) => row["run"], (row) => row["name"], "h", "r", false, false).groupby((row) => row["r"]["lr"]).map((row) => row["h"]["loss"].avg)';
const W7: Workload = {
  id: 'W7',
  title: 'filter → join runs table (run = name) → groupby(config lr) → avg',
  expr: W7_EXPR,
  ref: (d) => {
    // join output order: rows grouped by run name in first-seen order, then groupby lr
    const h = d.h;
    const lrOf = new Map(runsTable(h).map((r) => [r.name, r.lr]));
    const byRun = new Map<string, number[]>();
    for (let i = 0; i < h.n; i++) {
      if (!isValidBit(h.lossValid, i) || !(h.loss[i] < THRESH)) continue;
      const name = h.runNames[h.run[i]];
      if (!lrOf.has(name)) continue;
      let l = byRun.get(name);
      if (l === undefined) byRun.set(name, (l = []));
      l.push(i);
    }
    const buckets: Record<string, { key: number; s: number; c: number }> = {};
    for (const [name, rows] of byRun) {
      const lr = lrOf.get(name) as number;
      const b = (buckets[String(lr)] ??= { key: lr, s: -0, c: 0 });
      for (const i of rows) {
        b.s += h.loss[i];
        b.c++;
      }
    }
    const vals = Object.values(buckets);
    return { keys: vals.map((b) => b.key), values: vals.map((b) => b.s / b.c) };
  },
  check: (g, r, approx) => checkGrouped(g, r, approx),
  engines: {
    vectorized: ours((s) => {
      const loss = s.t.get('loss') as NumberColumn;
      const sel = selectCompare('lt', loss, THRESH);
      const j = hashJoin(s.t.get('run'), s.runs.get('name'), { leftSel: sel });
      // key from the right table, values from the left, no gathers
      return groupAggregateIndexed(s.runs.get('lr'), joinSide(j.right), [{ op: 'avg', col: loss }], joinSide(j.left));
    }, oursGrouped),
    hand: hand(
      (h) => {
        // probe the build side once per dictionary entry, then one fused pass
        const runs = runsTable(h);
        const lrGroup = new Map<number, number>();
        const lrKeys: number[] = [];
        const runToGroup = new Int32Array(h.runs).fill(-1);
        const byName = new Map(runs.map((r, k) => [r.name, k]));
        h.runNames.forEach((name, r) => {
          const k = byName.get(name);
          if (k === undefined) return;
          const lr = runs[k].lr;
          let q = lrGroup.get(lr);
          if (q === undefined) {
            q = lrKeys.length;
            lrGroup.set(lr, q);
            lrKeys.push(lr);
          }
          runToGroup[r] = q;
        });
        const s = new Float64Array(lrKeys.length + 1).fill(-0);
        const c = new Float64Array(lrKeys.length + 1);
        const first = new Float64Array(lrKeys.length + 1).fill(Infinity);
        for (let i = 0; i < h.n; i++) {
          // branch-free: filtered-out / null / unmatched rows go to dummy slot 0
          const q = runToGroup[h.run[i]];
          const ok = ((h.lossValid[i >>> 3] >>> (i & 7)) & 1) & +(h.loss[i] < THRESH) & +(q >= 0);
          const g = (q + 1) & -ok;
          s[g] += h.loss[i];
          if (c[g]++ === 0) first[g] = i;
        }
        const order = lrKeys.map((_, q) => q + 1).filter((g) => c[g] > 0);
        order.sort((a, b) => first[a] - first[b]);
        return { keys: order.map((g) => lrKeys[g - 1]), values: order.map((g) => s[g] / c[g]) };
      },
      undefined,
      true, // sums in row order, not join order: equal to the reference only for contiguous runs
    ),
    ...duckBoth('SELECT r.lr, avg(h.loss) FROM hist h JOIN runs r ON h.run = r.name WHERE h.loss < 0.5 GROUP BY r.lr', groupedRows),
    arquero: arq(({ aq, dt, runsDt }) => dt.filter('d => d.loss != null && d.loss < 0.5').join(runsDt, ['run', 'name']).groupby('lr').rollup({ m: aq.op.mean('loss') }), aqGrouped('lr')),
    ...viaEvaluate(W7_EXPR, groupedValues),
  },
};

// ------------------------------------------------------------------ W8: element-wise arithmetic

const W8_EXPR = 'runs.history.concat.map((row) => row["loss"] * 2 + row["acc"])';
function refW8(h: History): (number | null)[] {
  const out = new Array<number | null>(h.n);
  for (let i = 0; i < h.n; i++) out[i] = isValidBit(h.lossValid, i) && isValidBit(h.accValid, i) ? h.loss[i] * 2 + h.acc[i] : null;
  return out;
}
function handW8(h: History): { values: Float64Array; valid: Uint8Array } {
  const n = h.n;
  const values = new Float64Array(n);
  const valid = new Uint8Array(h.lossValid.length);
  const l = h.loss;
  const a = h.acc;
  for (let i = 0; i < n; i++) values[i] = l[i] * 2 + a[i];
  for (let b = 0; b < valid.length; b++) valid[b] = h.lossValid[b] & h.accValid[b];
  return { values, valid };
}
function handW8Normalize(r: { values: Float64Array; valid: Uint8Array }): (number | null)[] {
  const n = r.values.length;
  const out = new Array<number | null>(n);
  const v = r.values;
  const bm = r.valid;
  for (let i = 0; i < n; i++) out[i] = (bm[i >>> 3] & (1 << (i & 7))) !== 0 ? v[i] : null;
  return out;
}

const W8: Workload = {
  id: 'W8',
  title: 'map(loss * 2 + acc) (element-wise arithmetic, null propagation, typed output)',
  expr: W8_EXPR,
  ref: (d) => refW8(d.h),
  check: (g, r, approx) => checkList(g, r as unknown[], approx),
  engines: {
    vectorized: ours((s) => add(mul(s.t.get('loss') as NumberColumn, 2), s.t.get('acc') as NumberColumn), (r) => toJS(r)),
    hand: hand(handW8, handW8Normalize),
    ...duckBoth('SELECT loss * 2 + acc FROM hist ORDER BY i', (rows) => rows.map((r) => r[0])),
    arquero: arq(({ dt }) => dt.derive({ r: 'd => d.loss == null || d.acc == null ? null : d.loss * 2 + d.acc' }), (r) => Array.from((r as AqTable).array('r'))),
    ...viaEvaluate(W8_EXPR),
  },
};

// ------------------------------------------------------------------ W9: top-k

const W9_EXPR = 'runs.history.concat.sort((row) => [row["loss"]], ["desc"]).limit(10)';
function refW9(h: History): number[] {
  const idx = Array.from({ length: h.n }, (_, i) => i);
  const cls = (i: number): number => (!isValidBit(h.lossValid, i) ? 0 : h.loss[i] !== h.loss[i] ? 2 : 1);
  idx.sort((a, b) => {
    const ca = cls(a);
    const cb = cls(b);
    if (ca !== cb) return cb - ca; // desc: NaN, numbers, nulls
    if (ca === 1 && h.loss[a] !== h.loss[b]) return h.loss[b] - h.loss[a];
    return 0; // stable
  });
  return idx.slice(0, 10);
}
const W9: Workload = {
  id: 'W9',
  title: 'sort(loss desc).limit(10) (top-k, not a full sort)',
  expr: W9_EXPR,
  ref: (d) => ({ rows: refW9(d.h), loss: refW9(d.h).map((i) => (isValidBit(d.h.lossValid, i) ? d.h.loss[i] : null)) }),
  check: (g, r, approx) => {
    const gg = g as { rows?: number[]; loss: unknown[] };
    const rr = r as { rows: number[]; loss: unknown[] };
    if (!approx && gg.rows !== undefined) {
      const e = checkList(gg.rows, rr.rows, false);
      if (e) return `rows: ${e}`;
    }
    return checkList(gg.loss, rr.loss, approx);
  },
  engines: {
    vectorized: ours(
      (s) => sortIndices([{ col: s.t.get('loss'), desc: true }], null, 10),
      (r, s) => ({ rows: Array.from(r), loss: toJS(s.t.get('loss'), r) }),
    ),
    hand: impl<History>({
      setup: (d) => d.h,
      run: handTop10,
      normalize: (r, h) => ({ rows: r as number[], loss: (r as number[]).map((i) => (isValidBit(h.lossValid, i) ? h.loss[i] : null)) }),
    }),
    ...duckBoth('SELECT i, loss FROM hist ORDER BY loss DESC NULLS LAST, i LIMIT 10', (rows) => ({ rows: rows.map((r) => r[0]), loss: rows.map((r) => r[1]) })),
    arquero: arq(({ aq, dt }) => dt.orderby(aq.desc('loss')).slice(0, 10), (r) => ({ loss: Array.from((r as AqTable).array('loss')) })),
    ...viaEvaluate(W9_EXPR, (v) => ({ loss: (v as { loss: number | null }[]).map((row) => row.loss) })),
  },
};
/** Insertion into a sorted buffer of 10 (desc; class NaN > number > null; ties by index). */
function handTop10(h: History): number[] {
  const K = 10;
  const rows: number[] = [];
  const cls = new Int32Array(K + 1);
  const val = new Float64Array(K + 1);
  const v = h.loss;
  const bm = h.lossValid;
  for (let i = 0; i < h.n; i++) {
    let c: number;
    let x = 0;
    if ((bm[i >>> 3] & (1 << (i & 7))) === 0) c = 0;
    else {
      x = v[i];
      c = x !== x ? 2 : 1;
    }
    const L = rows.length;
    if (L === K && !(c > cls[K - 1] || (c === cls[K - 1] && c === 1 && x > val[K - 1]))) continue;
    let p = L;
    while (p > 0 && (c > cls[p - 1] || (c === cls[p - 1] && c === 1 && x > val[p - 1]))) {
      cls[p] = cls[p - 1];
      val[p] = val[p - 1];
      p--;
    }
    cls[p] = c;
    val[p] = x;
    rows.splice(p, 0, i);
    if (rows.length > K) rows.pop();
  }
  return rows;
}

// ------------------------------------------------------------------ W10: boundaries

const COLS = ['_step', 'epoch', 'loss', 'acc', 'run'] as const;

const W10A: Workload = {
  id: 'W10a',
  title: 'ingest: Arrow IPC bytes → engine (all 5 columns usable)',
  expr: '(ingest)',
  ref: (d) => d.h.n,
  check: (g, r) => (g === r ? null : `${String(g)} rows vs ${String(r)}`),
  engines: {
    vectorized: impl<BenchData>({
      setup: (d) => d,
      run: (d) => {
        const t = tableFromArrow(A.tableFromIPC(d.ipc));
        for (const c of COLS) t.get(c);
        return t.length;
      },
    }),
    hand: impl<BenchData>({
      setup: (d) => d,
      run: (d) => {
        const t = A.tableFromIPC(d.ipc);
        let n = 0;
        for (const c of COLS) n = (t.getChild(c) as A.Vector).data[0].length;
        return n;
      },
    }),
    arquero: impl<{ aq: AqModule; ipc: Uint8Array }>({
      setup: async (d) => ({ aq: (await aqSetup(d)).aq, ipc: d.ipc }),
      run: ({ aq, ipc }) => aq.fromArrow(ipc).numRows(),
      approx: true,
    }),
  },
  skip: { duckdb_t1: 'load time is reported as setup (Appender; no Arrow scan without an extension download)', duckdb_t2: 'as duckdb_t1', rowwise: 'works on JS rows (see W10b)' },
};

const W10B: Workload = {
  id: 'W10b',
  title: 'ingest: JSON history rows (objects) → engine',
  expr: '(ingest)',
  ref: (d) => d.h.n,
  check: (g, r) => (g === r ? null : `${String(g)} rows vs ${String(r)}`),
  engines: {
    vectorized: impl<HistoryRow[]>({ setup: (d) => historyRows(d.h), run: (rows) => tableFromJsonRows(rows).length }),
    hand: impl<HistoryRow[]>({
      setup: (d) => historyRows(d.h),
      run: (rows) => {
        // schema-aware: knows the keys and their types
        const n = rows.length;
        const step = new Int32Array(n);
        const epoch = new Int32Array(n);
        const loss = new Float64Array(n);
        const acc = new Float64Array(n);
        const lv = new Uint8Array((n + 7) >>> 3);
        const av = new Uint8Array((n + 7) >>> 3);
        const run = new Int32Array(n);
        const names = new Map<string, number>();
        for (let i = 0; i < n; i++) {
          const r = rows[i];
          step[i] = r._step;
          epoch[i] = r.epoch;
          if (r.loss !== null) {
            loss[i] = r.loss;
            lv[i >>> 3] |= 1 << (i & 7);
          }
          if (r.acc !== null) {
            acc[i] = r.acc;
            av[i >>> 3] |= 1 << (i & 7);
          }
          let id = names.get(r.run);
          if (id === undefined) names.set(r.run, (id = names.size));
          run[i] = id;
        }
        return n;
      },
    }),
    arquero: impl<{ aq: AqModule; rows: HistoryRow[] }>({
      setup: async (d) => ({ aq: (await aqSetup(d)).aq, rows: historyRows(d.h) }),
      run: ({ aq, rows }) => aq.from(rows).numRows(),
      approx: true,
    }),
  },
  skip: { duckdb_t1: 'its Appender load is the setup time of every DuckDB row', duckdb_t2: 'as duckdb_t1', rowwise: 'JS rows are its native input (no ingest)' },
};

function first100Ref(h: History): Record<string, unknown>[] {
  return historyRows(h).slice(0, 100) as unknown as Record<string, unknown>[];
}
function checkRows(g: unknown, r: unknown, approx: boolean): string | null {
  const a = g as Record<string, unknown>[];
  const b = r as Record<string, unknown>[];
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < b.length; i++)
    for (const k of COLS) {
      const x = a[i][k];
      const y = b[i][k];
      if (typeof y === 'string' ? x !== y : !sameNum(x, y, approx)) return `[${i}].${k} ${String(x)} vs ${String(y)}`;
    }
  return null;
}
const W10C: Workload = {
  id: 'W10c',
  title: 'egress: first 100 rows → JS objects (rendering a table page)',
  expr: 'runs.history.concat.limit(100)',
  ref: (d) => first100Ref(d.h),
  check: checkRows,
  engines: {
    vectorized: ours((s) => {
      const sel = new Uint32Array(Math.min(100, s.t.length));
      for (let i = 0; i < sel.length; i++) sel[i] = i;
      const cols = COLS.map((c) => toJS(s.t.get(c), sel));
      const out: Record<string, unknown>[] = [];
      for (let k = 0; k < sel.length; k++) {
        const row: Record<string, unknown> = {};
        COLS.forEach((c, q) => (row[c] = cols[q][k]));
        out.push(row);
      }
      return out;
    }),
    hand: hand((h) => historyRowsPrefix(h, 100)),
    ...duckBoth('SELECT _step, epoch, loss, acc, run FROM hist ORDER BY i LIMIT 100', (rows) =>
      rows.map((r) => ({ _step: r[0], epoch: r[1], loss: r[2], acc: r[3], run: r[4] })),
    ),
    arquero: arq(({ dt }) => dt.slice(0, 100).objects()),
    ...viaEvaluate('runs.history.concat.limit(100)'),
  },
};
function historyRowsPrefix(h: History, k: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < Math.min(k, h.n); i++)
    out.push({
      _step: h.step[i],
      epoch: h.epoch[i],
      loss: isValidBit(h.lossValid, i) ? h.loss[i] : null,
      acc: isValidBit(h.accValid, i) ? h.acc[i] : null,
      run: h.runNames[h.run[i]],
    });
  return out;
}

const W10D: Workload = {
  id: 'W10d',
  title: 'egress: whole W8 result column (N numbers) → JS array',
  expr: '(W8 result → JS)',
  ref: (d) => refW8(d.h),
  check: (g, r, approx) => checkList(g, r as unknown[], approx),
  engines: {
    vectorized: impl<Column>({
      setup: (d) => {
        const t = oursSetup(d).t;
        return add(mul(t.get('loss') as NumberColumn, 2), t.get('acc') as NumberColumn);
      },
      run: (c) => toJS(c),
    }),
    hand: impl<{ values: Float64Array; valid: Uint8Array }>({ setup: (d) => handW8(d.h), run: handW8Normalize }),
    duckdb_t1: impl<{ conn: DuckConn }>({
      setup: (d) => duckSetup(d, 1, async (c) => void (await c.run('CREATE TABLE w8 AS SELECT i, loss * 2 + acc AS r FROM hist'))),
      run: async ({ conn }) => (await conn.runAndReadAll('SELECT r FROM w8 ORDER BY i')).getRows().map((r) => r[0]),
      approx: true,
    }),
    arquero: impl<AqTable>({
      setup: async (d) => (await aqSetup(d)).dt.derive({ r: 'd => d.loss == null || d.acc == null ? null : d.loss * 2 + d.acc' }),
      run: (t) => Array.from(t.array('r')),
      approx: true,
    }),
  },
  skip: { duckdb_t2: 'as duckdb_t1', rowwise: 'results are already JS values' },
};

// ------------------------------------------------------------------ W11: end to end at small N

const W11: Workload = {
  id: 'W11',
  title: 'end to end: parse + type + plan + execute W2 (cold = first query in the process, after the start-up warmUp() the server and REPL workers run; row-wise: no warm-up)',
  expr: W2.expr,
  sizes: [1_000, 10_000],
  ref: W2.ref,
  check: W2.check,
  engines: { ...viaEvaluate(W2.expr, groupedValues), executor: afterWarmUp(rowwise(W2.expr, groupedValues, undefined, 'vectorized')), hand: W2.engines.hand },
  skip: {
    vectorized: 'kernels alone are W2; the end-to-end vectorized path is the executor column',
    duckdb_t1: 'SQL text is not the same language',
    duckdb_t2: 'as duckdb_t1',
    arquero: 'as duckdb_t1',
  },
};

export const WORKLOADS: readonly Workload[] = [W1, W1S, W2, W3, W4, W5, W6, W6B, W7, W8, W9, W10A, W10B, W10C, W10D, W11];

export function workloadById(id: string): Workload {
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w) throw new Error(`unknown workload ${id}; known: ${WORKLOADS.map((x) => x.id).join(' ')}`);
  return w;
}
