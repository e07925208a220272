/**
 * `npx tsx scripts/demo/measure.ts [dir]` — load time and query latency of the demo workspace
 * (generated into a temp folder when no dir is given). Prints one line per measurement.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseJsonExtended, stringifyJsonExtended } from '../../src/backends/json.js';
import { openWorkspace } from '../../src/backends/local/index.js';
import { generateDemoWorkspace } from './generate.js';

const given = process.argv[2];
const dir = given ?? mkdtempSync(join(tmpdir(), 'panelql-measure-'));
const ms = (t0: number) => `${(performance.now() - t0).toFixed(1)} ms`;

let t = performance.now();
if (!given) {
  await generateDemoWorkspace(dir);
  console.log(`generate: ${ms(t)}`);
}

t = performance.now();
const backend = await openWorkspace(dir);
console.log(`openWorkspace (workspace.json ${(readFileSync(join(dir, 'workspace.json')).length / 1024).toFixed(0)} KiB, histories lazy): ${ms(t)}`);

const run = async (label: string, query: string) => {
  const t0 = performance.now();
  const res = await backend.execute({ query });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  console.log(`${label}: ${ms(t0)}`);
};
const P = 'project(name: "mnist-sweeps", entityName: "wandb-demo")';
await run('runs.summary["loss"] (40 runs, cold)', `{ ${P} { runs(first: 100) { edges { node { id name summaryMetricsSubset: summaryMetrics(keys: ["loss"]) } } } } }`);
await run('runs.summary["loss"] (40 runs, warm)', `{ ${P} { runs(first: 100) { edges { node { id name summaryMetricsSubset: summaryMetrics(keys: ["loss"]) } } } } }`);
await run('runs full summaries + configs', `{ ${P} { runs { edges { node { summaryMetrics config } } } } }`);
await run('history of 40 runs × 2,000 rows (cold: reads 40 JSONL files)', `{ ${P} { runs { edges { node { history } } } } }`);
await run('history of 40 runs × 2,000 rows (warm)', `{ ${P} { runs { edges { node { history } } } } }`);
await run(
  'sampledHistory loss, 500 samples, 20 runs (cold)',
  `{ project(name: "llm-finetune", entityName: "wandb-demo") { runs { edges { node { sampledHistory(specs: ["{\\"keys\\": [\\"loss\\", \\"_step\\"], \\"samples\\": 500}"]) } } } } }`,
);

// The alternative layout: every history inline in one workspace.json.
const doc = parseJsonExtended(readFileSync(join(dir, 'workspace.json'), 'utf8')) as any;
for (const e of doc.entities)
  for (const p of e.projects)
    for (const r of p.runs) {
      const text = readFileSync(join(dir, r.history.path), 'utf8');
      r.history = text.trim().split('\n').map((l: string) => parseJsonExtended(l));
    }
const inlineDir = mkdtempSync(join(tmpdir(), 'panelql-inline-'));
writeFileSync(join(inlineDir, 'workspace.json'), stringifyJsonExtended(doc));
t = performance.now();
await openWorkspace(inlineDir);
console.log(`openWorkspace with inline histories (${(readFileSync(join(inlineDir, 'workspace.json')).length / 1048576).toFixed(1)} MiB): ${ms(t)}`);
rmSync(inlineDir, { recursive: true, force: true });
if (!given) rmSync(dir, { recursive: true, force: true });
