/**
 * The vectorized engine vs the row-wise executor on the same graph and data.
 *
 *   node --expose-gc --import tsx bench/vectorized/run.ts [--sizes 1e5,1e6] [--reps 5] [--workloads W2,W7]
 *
 * Data: bench/gen.ts's seeded history, split into per-run row lists tagged with their run
 * (`runsHist`, as `runs.history` delivers them), so every workload starts with `concat`.
 * W7 joins a runs table (`runsTable`, one row per run). Each engine: one cold run (the vectorized
 * one includes the JSON-rows ingest, cached per run afterwards), 2 warm-ups (1 when a run takes
 * over half a second), then the median of `reps` timed runs (3 when slow) after a GC. Columns:
 * row-wise (`executeNode`), vectorized (`executeVectorized`: exact values, tags included), and
 * vectorized plain + encode (`encodeValue(executeVectorizedPlain(…))`: what the driver's
 * evaluation does). Answers are cross-checked (encoded values must be identical).
 */
import { compile } from '../../src/api.js';
import { encodeValue } from '../../src/exec/encode.js';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, executeVectorizedPlain, newStats } from '../../src/exec/vectorized/index.js';
import { standardRegistry } from '../../src/ops/index.js';
import { stripTags, Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict } from '../../src/types/index.js';
import { DEFAULT_GEN, genHistory, historyRows, runsTable } from '../gen.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const sizes = opt('sizes', '1e5,1e6').split(',').map(Number);
const reps = Number(opt('reps', '5'));

const ONLY = opt('workloads', '');
const ALL: Record<string, string> = {
  W1: 'runsHist.concat["loss"].avg',
  W2: 'runsHist.concat.filter((row) => row["loss"] < 0.5).groupby((row) => row["epoch"]).map((row) => row["loss"].avg)',
  W3: 'runsHist.concat.filter((row) => row["loss"] < 0.5).groupby((row) => row["run"]).map((row) => row["loss"].avg)',
  W5: 'runsHist.concat.groupby((row) => row["epoch"]).map((row) => row["loss"].argmin)',
  W7: 'runsHist.concat.filter((row) => row["loss"] < 0.5).join(runsTable, (row) => row["run"], (row) => row["name"], "h", "r", false, false).groupby((row) => row["r"]["lr"]).map((row) => row["h"]["loss"].avg)',
  W8: 'runsHist.concat.map((row) => row["loss"] * 2 + row["acc"])',
  /** loss has NaN and nulls: the exact sort path. */
  W9: 'runsHist.concat.sort((row) => [row["loss"]], ["desc"]).limit(10)',
  /** _step is a total order: the top-k kernel. */
  W9k: 'runsHist.concat.sort((row) => [row["_step"]], ["desc"]).limit(10)',
};
const WORKLOADS = ONLY === '' ? ALL : Object.fromEntries(Object.entries(ALL).filter(([k]) => ONLY.split(',').includes(k)));

const registry = standardRegistry();
const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(f: () => unknown): { ms: number; value: unknown } {
  const t0 = performance.now();
  const value = f();
  return { ms: performance.now() - t0, value };
}

const results: Record<string, unknown>[] = [];
for (const n of sizes) {
  const h = genHistory({ ...DEFAULT_GEN, n });
  const rows = historyRows(h);
  const byRun = new Map<string, typeof rows>();
  for (const r of rows) {
    let l = byRun.get(r.run);
    if (!l) byRun.set(r.run, (l = []));
    l.push(r);
  }
  const rowType = typedDict({ _step: 'number', epoch: 'number', loss: maybe('number'), acc: maybe('number'), run: 'string' });
  const type = list(taggedValue(typedDict({ runName: 'string' }), list(rowType)));
  const value = [...byRun].map(([name, rs]) => new Tagged({ runName: name }, rs));
  const runsType = list(typedDict({ name: 'string', lr: 'number' }));
  for (const [id, text] of Object.entries(WORKLOADS)) {
    const c = compile(text, { registry, variables: { runsHist: { type }, runsTable: { type: runsType } } });
    if (!c.node) throw new Error(`${id}: ${c.diagnostics[0]?.message}`);
    const node = c.node;
    const opts = { registry, variables: { runsHist: value, runsTable: runsTable(h) } };
    const stats = newStats();
    const engines = {
      rowwise: () => executeNode(node, opts),
      vectorized: () => executeVectorized(node, { ...opts, stats }),
      plain: () => encodeValue(executeVectorizedPlain(node, { ...opts, stats })),
    };
    const out: Record<string, { cold: number; median: number; answer: string }> = {};
    for (const [name, f] of Object.entries(engines)) {
      gc?.();
      const cold = time(f);
      const slow = cold.ms > 500;
      for (let w = 0; w < (slow ? 1 : 2); w++) f();
      const ts: number[] = [];
      let last: unknown = cold.value;
      for (let r = 0; r < (slow ? Math.min(3, reps) : reps); r++) {
        gc?.();
        const t = time(f);
        ts.push(t.ms);
        last = t.value;
      }
      out[name] = { cold: cold.ms, median: median(ts), answer: JSON.stringify(encodeValue(stripTags(last))) };
    }
    const same = out.rowwise.answer === out.vectorized.answer && out.rowwise.answer === out.plain.answer;
    const ratio = out.rowwise.median / out.vectorized.median;
    const row = {
      workload: id,
      n,
      rowwise_ms: +out.rowwise.median.toFixed(2),
      vectorized_ms: +out.vectorized.median.toFixed(2),
      vectorized_cold_ms: +out.vectorized.cold.toFixed(2),
      plain_encoded_ms: +out.plain.median.toFixed(2),
      rowwise_vs_vectorized: +ratio.toFixed(1),
      fallbacks: stats.fallbacks,
      answers_match: same,
    };
    results.push(row);
    console.log(JSON.stringify(row));
    if (!same) {
      console.error(`${id} @ ${n}: answers differ\n rowwise ${out.rowwise.answer.slice(0, 300)}\n vectorized ${out.vectorized.answer.slice(0, 300)}`);
      process.exitCode = 1;
    }
  }
}
console.log('\n| workload | N | row-wise ms | vectorized ms (tagged values) | vectorized plain + encode ms | vectorized cold ms (incl. ingest) | row-wise / vectorized | fallbacks |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.workload} | ${r.n} | ${r.rowwise_ms} | ${r.vectorized_ms} | ${r.plain_encoded_ms} | ${r.vectorized_cold_ms} | ${r.rowwise_vs_vectorized}x | ${r.fallbacks} |`);
}
