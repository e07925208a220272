/**
 * Parse + check of typical panel expressions (median µs), and `suggest` on 1,000 prefixes of
 * real expressions (p50/p99). Run: npx tsx bench/check/check.bench.ts [--quick]
 * Goals (issue 3): check < 50 µs median for a ~200-character expression; suggest p99 < 1 ms.
 *
 * Every workload runs REPS times; each statistic is the median over the runs. Two clocks:
 * wall (what a caller waits, including time the process is not scheduled — on a busy machine
 * this dominates p99) and CPU (this process's user+system time, `process.cpuUsage`). The load
 * average is printed so that wall numbers can be read against it.
 */
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, parse, suggest } from '../../src/index.js';
import { list, typedDict } from '../../src/types/index.js';

const quick = process.argv.includes('--quick');
const REPS = quick ? 3 : 5;

const corpus = readFileSync(fileURLToPath(new URL('../../test/conformance/data/reference-answers.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { expr: string; mode: string })
  .filter((c) => c.mode === 'value')
  .map((c) => c.expr);

const variables = {
  rows: { type: list(typedDict({ loss: 'number', acc: 'number', epoch: 'number', name: 'string', tags: list('string') })) },
};

interface Sample {
  readonly wall: number[];
  readonly cpu: number[];
}

/** Times each call of `fn` on both clocks (µs), sorted. */
function time(fn: (i: number) => void, iterations: number): Sample {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn(i);
    const t1 = process.hrtime.bigint();
    const c = process.cpuUsage(c0);
    wall.push(Number(t1 - t0) / 1000);
    cpu.push(c.user + c.system);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

const pct = (xs: readonly number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs `sample` REPS times; per statistic, the median over the runs. */
function repeated(sample: () => Sample): { wall50: number; wall99: number; cpu50: number; cpu99: number } {
  const runs = Array.from({ length: REPS }, sample);
  return {
    wall50: median(runs.map((r) => pct(r.wall, 0.5))),
    wall99: median(runs.map((r) => pct(r.wall, 0.99))),
    cpu50: median(runs.map((r) => pct(r.cpu, 0.5))),
    cpu99: median(runs.map((r) => pct(r.cpu, 0.99))),
  };
}

const f = (x: number) => x.toFixed(1);
const row = (name: string, n: string, s: ReturnType<typeof repeated>) =>
  console.log(`| ${name} | ${n} | ${f(s.wall50)} | ${f(s.wall99)} | ${f(s.cpu50)} | ${f(s.cpu99)} |`);

const typical = [
  'rows.filter((row) => row["loss"] < 0.5 and row["acc"] > 0.8).groupby((row) => row["epoch"]).map((row) => ({epoch: row.groupkey, loss: row["loss"].avg, acc: row["acc"].max, n: row.count}))',
  'rows.sort((row) => [row["acc"], row["loss"]], ["desc", "asc"]).limit(10).map((row, index) => ({rank: index + 1, name: row["name"].upper, score: (row["acc"] * 100).floor}))',
];
for (const t of typical) console.log(`${t.length} chars`);
console.log(`node ${process.version}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${REPS} runs per row (medians)`);

// Warm up.
for (let i = 0; i < 2000; i++) for (const t of typical) compile(t, { variables });

console.log('\n| workload | n | wall p50 µs | wall p99 µs | CPU p50 µs | CPU p99 µs |\n|---|---|---|---|---|---|');
const iterations = quick ? 2000 : 5000;
for (const [i, t] of typical.entries()) {
  row(`parse+check typical ${i + 1} (${t.length} chars)`, `${REPS}×${iterations}`, repeated(() => time(() => compile(t, { variables }), iterations)));
}
for (const [i, t] of typical.entries()) {
  row(`parse only, typical ${i + 1}`, `${REPS}×${iterations}`, repeated(() => time(() => parse(t), iterations)));
}
const exprs = corpus.slice(0, 500);
for (const e of exprs) compile(e);
const perExpr = (s: Sample): Sample => ({ wall: s.wall.map((x) => x / exprs.length), cpu: s.cpu.map((x) => x / exprs.length) });
row(
  'parse+check conformance corpus (mean per expr)',
  `${exprs.length}×${REPS}×${quick ? 5 : 20}`,
  repeated(() => perExpr(time(() => exprs.forEach((e) => compile(e)), quick ? 5 : 20))),
);

// 1,000 prefixes of real expressions.
const prefixes: string[] = [];
const sources = [...typical, ...corpus];
for (let i = 0; prefixes.length < 1000; i++) {
  const s = sources[i % sources.length];
  const cut = 1 + ((i * 7919) % s.length);
  prefixes.push(s.slice(0, cut));
}
for (const p of prefixes.slice(0, 200)) suggest(p, p.length, { variables });
row(`suggest on 1,000 prefixes (one call each)`, `${REPS}×1000`, repeated(() => time((i) => suggest(prefixes[i], prefixes[i].length, { variables }), prefixes.length)));
