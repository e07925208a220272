/**
 * The execution driver's graph API: root variables bound to nodes or values, one document per
 * batch, per-target results, stats, cancellation, debug validation.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/check/checker.js';
import { executeGraphs, projectBindings } from '../../src/exec/driver.js';
import { encodeValue } from '../../src/exec/encode.js';
import type { Node } from '../../src/graph/node.js';
import { standardRegistry } from '../../src/ops/index.js';
import { stripTags } from '../../src/ops/values.js';
import { parse } from '../../src/parser/index.js';
import { fixtureBackend } from './fixture.js';
import { recording } from './helpers.js';

const registry = standardRegistry();
const b = projectBindings('acme/vision', registry);

/** Checked graphs that still refer to the variables `project` and `runs` (the driver binds them). */
function graphs(...texts: string[]): { nodes: Node[]; spans: ReturnType<typeof check>['spans'][] } {
  const out = texts.map((t) => check(parse(t).ast!, { registry, variables: { project: { node: b.project }, runs: { node: b.runs }, k: 'string' }, source: t }));
  for (const r of out) if (!r.node) throw new Error(r.diagnostics[0]?.message);
  return { nodes: out.map((r) => r.node as Node), spans: out.map((r) => r.spans) };
}

const value = (r: { ok: boolean; value?: unknown; error?: Error }): unknown => (r.ok ? encodeValue(stripTags(r.value)) : { error: r.error?.message });

describe('executeGraphs', () => {
  it('binds root variables to nodes and values, and answers a batch with one document', async () => {
    const backend = recording(fixtureBackend());
    const g = graphs('runs.summary["loss"].avg', 'project.name', 'runs.map((row) => row.config[k])', 'runs.count');
    const res = await executeGraphs(g.nodes, {
      backend,
      registry,
      variables: { project: { node: b.project }, runs: { node: b.runs }, k: { value: 'opt' } },
      spans: g.spans,
      debug: true,
    });
    expect(res.results.map(value)).toEqual([0.375, 'vision', ['adam', 'sgd', null], 3]);
    expect(backend.documents).toHaveLength(1);
    expect(res.stats.requests).toBe(1);
    expect(res.stats.bytes).toBeGreaterThan(0);
    expect(res.plan.text).toContain('summaryMetrics(keys: ["loss"])');
    // `config[k]` has a computed key: the whole config is fetched.
    expect(res.plan.text).toMatch(/config\n/);
  });

  it("keeps each target's failure to itself", async () => {
    const g = graphs('runs.count', 'project.filteredRuns("{not json", "").count', 'project.name');
    const res = await executeGraphs(g.nodes, { backend: fixtureBackend(), registry, variables: { project: { node: b.project }, runs: { node: b.runs } } });
    expect(value(res.results[0])).toBe(3);
    expect(res.results[1].ok).toBe(false);
    expect(value(res.results[2])).toBe('vision');
  });

  it('reports missing objects as notes and truncation as diagnostics', async () => {
    const big = projectBindings('acme/big', registry);
    const g = graphs('project("acme", "nope").name');
    const r1 = await executeGraphs(g.nodes, { backend: fixtureBackend(), registry });
    expect(value(r1.results[0])).toBeNull();
    expect(r1.results[0].diagnostics).toEqual([{ code: 'not-found', message: 'project acme/nope was not found' }]);
    const g2 = check(parse('runs.summary["i"].max').ast!, { registry, variables: { runs: { node: big.runs } } });
    const r2 = await executeGraphs([g2.node as Node], { backend: fixtureBackend(), registry, variables: { runs: { node: big.runs } }, pageSize: 5, maxRuns: 12 });
    expect(value(r2.results[0])).toBe(11); // exactly the first 12 runs (pages of 5, 5 and 2)
    expect(r2.results[0].diagnostics.map((d) => d.code)).toEqual(['truncated']);
    expect(r2.stats.requests).toBe(3);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    const g = graphs('runs.count');
    await expect(
      executeGraphs(g.nodes, { backend: fixtureBackend(), registry, variables: { runs: { node: b.runs } }, signal: ac.signal }),
    ).rejects.toThrow();
  });

  it('runs graphs that read no W&B data without a request', async () => {
    const backend = recording(fixtureBackend());
    const g = graphs('[1, 2, 3].sum', 'k + "!"');
    const res = await executeGraphs(g.nodes, { backend, registry, variables: { k: { value: 'x' } } });
    expect(res.results.map(value)).toEqual([6, 'x!']);
    expect(backend.documents).toHaveLength(0);
  });
});
