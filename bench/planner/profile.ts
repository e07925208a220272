/** Planning-time breakdown for a 50-target batch (analysis, emission, merge, print): `npx tsx bench/planner/profile.ts`. */
import { performance } from 'node:perf_hooks';
import { check } from '../../src/check/checker.js';
import { bindVariables, projectBindings } from '../../src/exec/driver.js';
import type { Node } from '../../src/graph/node.js';
import { plan, analyze, emitDocument, mergeDocuments, Sel } from '../../src/graphql-planner/index.js';
import { standardRegistry } from '../../src/ops/index.js';
import { parse } from '../../src/parser/index.js';
import { print } from 'graphql';
const registry = standardRegistry();
const b = projectBindings('bench/big', registry);
function graph(text: string): Node {
  const r = check(parse(text).ast!, { registry, variables: { project: { node: b.project }, runs: { node: b.runs } }, source: text });
  return bindVariables([r.node!], new Map([['project', b.project], ['runs', b.runs]])).nodes[0];
}
const batch: Node[] = [];
for (let i = 0; i < 50; i++) {
  const k = ['loss', 'acc', 'epoch', 'metric_1', 'metric_2'][i % 5];
  batch.push(graph(i % 5 === 0 ? `runs.summary["${k}"].avg` : i % 5 === 1 ? `runs.map((row) => ({n: row.name, v: row.config["param_${i}"], s: row.summary["${k}"]}))` : i % 5 === 2 ? `runs.map((row) => row.history["${k}"].max)` : i % 5 === 3 ? `runs.filter((row) => row.config["lr"] > 0.005).summary["metric_${i}"]` : `runs.limit(${i}).name`));
}
for (let i = 0; i < 300; i++) plan(batch, { registry, cache: false });
const T = (name: string, fn: () => void, n = 400) => { const ts: number[] = []; for (let i = 0; i < n; i++) { const s = performance.now(); fn(); ts.push(performance.now() - s); } ts.sort((a, b) => a - b); console.log(name, 'min', ts[0].toFixed(3), 'p10', ts[Math.floor(n / 10)].toFixed(3), 'median', ts[n >> 1].toFixed(3)); };
T('plan (no cache)', () => plan(batch, { registry, cache: false }));
T('plan (cached targets)', () => plan(batch, { registry }));
T('analyze x50', () => { for (const t of batch) analyze([t], registry, new Sel('Query', null)); });
const sels = batch.map((t) => analyze([t], registry, new Sel('Query', null)).root);
T('emit x50', () => { for (const s of sels) emitDocument(s, { pageSize: 500, mode: 'pushdown' }); });
const docs = sels.map((s) => emitDocument(s, { pageSize: 500, mode: 'pushdown' }).document);
T('merge incremental', () => { let m: any = null; for (const d of docs) m = m === null ? d : mergeDocuments([m, d]); });
T('merge all', () => mergeDocuments(docs));
const merged = mergeDocuments(docs)!;
T('print', () => print(merged));
