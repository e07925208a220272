/**
 * Planner numbers (issue 6): bytes fetched and GraphQL requests with projection/limit pushdown
 * versus whole objects, and the time to plan a 50-target batch.
 *
 *   npx tsx bench/planner/run.ts [--runs 1000] [--summary 500] [--config 200] [--history 100] [--historyKeys 20] [--json out.json]
 *
 * The workspace is generated in memory (deterministic) and served by the local backend; bytes
 * are the JSON text of the GraphQL answers (what a remote client would download).
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { check } from '../../src/check/checker.js';
import { bindVariables, executeGraphs, projectBindings } from '../../src/exec/driver.js';
import type { Node } from '../../src/graph/node.js';
import { plan } from '../../src/graphql-planner/index.js';
import { standardRegistry } from '../../src/ops/index.js';
import { stripTags } from '../../src/ops/values.js';
import { parse } from '../../src/parser/index.js';
import { encodeValue } from '../../src/exec/encode.js';

interface Args {
  runs: number;
  summary: number;
  config: number;
  history: number;
  /** Metrics logged per history row (besides `_step`). */
  historyKeys: number;
  json: string | null;
}

function args(): Args {
  const a: Args = { runs: 1000, summary: 500, config: 200, history: 100, historyKeys: 20, json: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    const v = argv[i + 1];
    if (k === 'json') a.json = v;
    else if (k in a) (a as unknown as Record<string, number>)[k] = Number(v);
    i++;
  }
  return a;
}

/** A deterministic workspace: `runs` runs with `summary` summary keys, `config` config keys, `history` rows. */
function workspace(a: Args): Record<string, unknown> {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const runs: Record<string, unknown>[] = [];
  for (let r = 0; r < a.runs; r++) {
    const summary: Record<string, unknown> = { loss: rnd(), acc: rnd(), epoch: r % 20 };
    for (let k = summary ? 3 : 0; k < a.summary; k++) summary[`metric_${k}`] = Math.round(rnd() * 1e6) / 1e6;
    const config: Record<string, unknown> = { lr: rnd() / 100, optimizer: r % 2 ? 'adam' : 'sgd' };
    for (let k = 2; k < a.config; k++) config[`param_${k}`] = k % 3 === 0 ? `value_${Math.floor(rnd() * 100)}` : Math.round(rnd() * 1000);
    const history: Record<string, unknown>[] = [];
    for (let s = 0; s < a.history; s++) {
      const row: Record<string, unknown> = { _step: s, loss: Math.round(rnd() * 1e5) / 1e5, acc: Math.round(rnd() * 1e5) / 1e5, epoch: Math.floor(s / 10) };
      for (let k = 3; k < a.historyKeys; k++) row[`h_${k}`] = Math.round(rnd() * 1e5) / 1e5;
      history.push(row);
    }
    runs.push({
      name: `run${String(r).padStart(5, '0')}`,
      displayName: `run-${r}`,
      jobType: r % 3 ? 'train' : 'eval',
      user: r % 2 ? 'alice' : 'bob',
      createdAt: new Date(Date.UTC(2024, 0, 1) + r * 60_000).toISOString().slice(0, 19),
      computeSeconds: 100 + r,
      config,
      summary,
      history,
    });
  }
  return { entities: [{ name: 'bench', projects: [{ name: 'big', runs }] }], users: [{ username: 'alice' }, { username: 'bob' }] };
}

const registry = standardRegistry();
const bindings = projectBindings('bench/big', registry);

function graph(text: string): Node {
  const parsed = parse(text);
  if (!parsed.ast) throw new Error(parsed.diagnostics[0]?.message);
  const r = check(parsed.ast, { registry, variables: { project: { node: bindings.project }, runs: { node: bindings.runs } }, source: text });
  if (!r.node) throw new Error(`${text}: ${r.diagnostics[0]?.message}`);
  return bindVariables([r.node], new Map([['project', bindings.project], ['runs', bindings.runs]])).nodes[0];
}

const TABLE_COLUMNS = [
  'name: row.name',
  'job: row.jobType',
  'created: row.createdAt',
  'runtime: row.runtime',
  'user: row.user.username',
  ...['loss', 'acc', 'epoch', 'metric_10', 'metric_20', 'metric_30', 'metric_40', 'metric_50'].map((k, i) => `s${i}: row.summary["${k}"]`),
  ...['lr', 'optimizer', 'param_2', 'param_3', 'param_4', 'param_5', 'param_6'].map((k, i) => `c${i}: row.config["${k}"]`),
];

const CASES: { name: string; texts: string[] }[] = [
  { name: 'runs.summary["loss"].avg', texts: ['runs.summary["loss"].avg'] },
  { name: '20-column runs table', texts: [`runs.map((row) => ({${TABLE_COLUMNS.join(', ')}}))`] },
  { name: 'runs.history.concat on two keys', texts: ['runs.history.concat.map((row) => ({loss: row["loss"], acc: row["acc"]}))'] },
  { name: 'runs.limit(10).name', texts: ['runs.limit(10).name'] },
];

function fmtBytes(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

async function main(): Promise<void> {
  const a = args();
  if (TABLE_COLUMNS.length !== 20) throw new Error('the table must have 20 columns');
  const t0 = performance.now();
  const backend = createLocalBackend(workspace(a));
  const genMs = performance.now() - t0;
  console.log(`# Planner bench: ${a.runs} runs × ${a.summary} summary keys × ${a.config} config keys; ${a.history} history rows of ${a.historyKeys} metrics per run`);
  console.log(`(workspace generated and loaded in ${genMs.toFixed(0)} ms; bytes = JSON text of the GraphQL answers)\n`);
  console.log('| query | pushdown bytes | requests | whole-object bytes | requests | ratio | same values |');
  console.log('|---|---:|---:|---:|---:|---:|:---:|');
  const rows: Record<string, unknown>[] = [];
  for (const c of CASES) {
    const targets = c.texts.map(graph);
    const pushed = await executeGraphs(targets, { backend, registry, mode: 'pushdown' });
    const whole = await executeGraphs(targets, { backend, registry, mode: 'whole' });
    const enc = (r: (typeof pushed.results)[number]) => JSON.stringify(r.ok ? encodeValue(stripTags(r.value)) : { error: r.error.message });
    const same = pushed.results.every((r, i) => enc(r) === enc(whole.results[i]));
    const ratio = whole.stats.bytes / Math.max(1, pushed.stats.bytes);
    console.log(
      `| ${c.name} | ${fmtBytes(pushed.stats.bytes)} | ${pushed.stats.requests} | ${fmtBytes(whole.stats.bytes)} | ${whole.stats.requests} | ${ratio.toFixed(1)}x | ${same ? 'yes' : 'NO'} |`,
    );
    rows.push({ case: c.name, pushdown: pushed.stats, whole: whole.stats, ratio, same });
  }

  // Planning time for a 50-target batch (typed graphs in, one merged document out).
  const batch: Node[] = [];
  for (let i = 0; i < 50; i++) {
    const k = ['loss', 'acc', 'epoch', 'metric_1', 'metric_2'][i % 5];
    batch.push(
      graph(
        i % 5 === 0
          ? `runs.summary["${k}"].avg`
          : i % 5 === 1
            ? `runs.map((row) => ({n: row.name, v: row.config["param_${i}"], s: row.summary["${k}"]}))`
            : i % 5 === 2
              ? `runs.map((row) => row.history["${k}"].max)`
              : i % 5 === 3
                ? `runs.filter((row) => row.config["lr"] > 0.005).summary["metric_${i}"]`
                : `runs.limit(${i}).name`,
      ),
    );
  }
  const measure = (cache: boolean): { min: number; median: number; p90: number } => {
    for (let i = 0; i < 200; i++) plan(batch, { registry, cache });
    const reps = 1000;
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const s = performance.now();
      plan(batch, { registry, cache });
      times.push(performance.now() - s);
    }
    times.sort((x, y) => x - y);
    return { min: times[0], median: times[Math.floor(reps / 2)], p90: times[Math.floor(reps * 0.9)] };
  };
  const cold = measure(false);
  const warm = measure(true);
  const p = plan(batch, { registry });
  const f = (m: { min: number; median: number; p90: number }): string => `min ${m.min.toFixed(3)} ms, median ${m.median.toFixed(3)} ms, p90 ${m.p90.toFixed(3)} ms`;
  console.log(`\nPlanning a 50-target batch (1000 runs each after warm-up; the merged document has ${p.text.length} characters):`);
  console.log(`- every target analysed and emitted, then merged (cache: false): ${f(cold)}`);
  console.log(`- the same target graphs planned again (per-target cache, merge only): ${f(warm)}`);
  if (a.json) writeFileSync(a.json, JSON.stringify({ args: a, cases: rows, planning: { cold, warm } }, null, 2));
}

await main();
