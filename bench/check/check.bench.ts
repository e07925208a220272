/**
 * Parse + check of typical panel expressions (median µs), and `suggest` on 1,000 prefixes of
 * real expressions (p50/p99). Run: npx tsx bench/check/check.bench.ts
 * Goals (issue 3): check < 50 µs median for a ~200-character expression; suggest p99 < 1 ms.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, suggest } from '../../src/index.js';
import { list, typedDict } from '../../src/types/index.js';

const corpus = readFileSync(fileURLToPath(new URL('../../test/conformance/data/reference-answers.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { expr: string; mode: string }))
  .filter((c) => c.mode === 'value')
  .map((c) => c.expr);

const variables = {
  rows: { type: list(typedDict({ loss: 'number', acc: 'number', epoch: 'number', name: 'string', tags: list('string') })) },
};

function time(fn: () => void, iterations: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    out.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return out.sort((a, b) => a - b);
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];

const typical = [
  'rows.filter((row) => row["loss"] < 0.5 and row["acc"] > 0.8).groupby((row) => row["epoch"]).map((row) => ({epoch: row.groupkey, loss: row["loss"].avg, acc: row["acc"].max, n: row.count}))',
  'rows.sort((row) => [row["acc"], row["loss"]], ["desc", "asc"]).limit(10).map((row, index) => ({rank: index + 1, name: row["name"].upper, score: (row["acc"] * 100).floor}))',
];
for (const t of typical) console.log(`${t.length} chars`);

// Warm up.
for (let i = 0; i < 2000; i++) for (const t of typical) compile(t, { variables });

console.log('\n| workload | n | p50 µs | p99 µs |\n|---|---|---|---|');
for (const [i, t] of typical.entries()) {
  const xs = time(() => compile(t, { variables }), 5000);
  console.log(`| parse+check typical ${i + 1} (${t.length} chars) | 5000 | ${pct(xs, 0.5).toFixed(1)} | ${pct(xs, 0.99).toFixed(1)} |`);
}
const exprs = corpus.slice(0, 500);
const all = time(() => {
  for (const e of exprs) compile(e);
}, 20).map((x) => x / exprs.length);
console.log(`| parse+check conformance corpus (mean per expr) | ${exprs.length}×20 | ${pct(all, 0.5).toFixed(1)} | ${pct(all, 0.99).toFixed(1)} |`);

// 1,000 prefixes of real expressions.
const prefixes: string[] = [];
const sources = [...typical, ...corpus];
for (let i = 0; prefixes.length < 1000; i++) {
  const s = sources[i % sources.length];
  const cut = 1 + ((i * 7919) % s.length);
  prefixes.push(s.slice(0, cut));
}
for (const p of prefixes.slice(0, 200)) suggest(p, p.length, { variables });
const sx = prefixes.map((p) => time(() => suggest(p, p.length, { variables }), 1)[0]).sort((a, b) => a - b);
console.log(`| suggest on 1,000 prefixes | 1000 | ${pct(sx, 0.5).toFixed(1)} | ${pct(sx, 0.99).toFixed(1)} |`);
