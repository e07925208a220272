/**
 * checkWithBackend: types refined from the data without evaluating — the same types as
 * evaluate-then-type on the demo workspace, only the data typing reads, no target executed.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { openWorkspace } from '../../src/backends/index.js';
import { DEMO_DIR, ensureDemo } from '../../src/cli/open.js';
import { suggest } from '../../src/check/suggest.js';
import { checkWithBackend, evaluateWithBackend, projectBindings, refineWithBackend } from '../../src/exec/driver.js';
import { standardRegistry } from '../../src/ops/index.js';
import { typeToString } from '../../src/types/index.js';
import { recording } from './helpers.js';

/** Every call of the executor that runs targets (the oracle's receiver evaluation is not one). */
const executed = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/exec/vectorized/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/exec/vectorized/index.js')>();
  return {
    ...actual,
    executeWith: (...args: Parameters<typeof actual.executeWith>) => {
      executed.count++;
      return actual.executeWith(...args);
    },
  };
});

const project = 'wandb-demo/mnist-sweeps';
let backend: Backend;

beforeAll(async () => {
  await ensureDemo();
  backend = await openWorkspace(DEMO_DIR);
}, 120_000);

const version = 'project.artifactVersion("mnist-preds", "latest")';
const EXPRESSIONS = [
  // summary, config
  'runs.summary',
  'runs.config',
  'runs[0].config',
  'runs.summary["loss"]',
  'runs.summary["eval"]',
  'runs.limit(3).summary',
  // history
  'runs[0].history',
  'runs.history.concat',
  'runs.history.concat.map((row) => row["loss"])',
  // tables, metadata
  'runs.summary["predictions"].table.rows',
  `${version}.file("preds.table.json").table.rows`,
  `${version}.file("preds_labels.joined-table.json").joinedTable.rows(false, false)`,
  `${version}.file("preds_by_part.partitioned-table.json").partitionedTable.rows`,
  `${version}.metadata`,
  // mapped ops, lambdas
  'runs.map((r) => r.summary["loss"])',
  'runs.map((r) => {name: r.name, cfg: r.config})',
  'runs.filter((r) => r.config["lr"] > 0.01).map((r) => r.summary)',
  'runs.map((r) => r.history.map((h) => h["acc"]))',
  // no data-dependent type
  'runs.count',
  'runs.map((r) => r.name)',
];

const typeOf = (r: { ok: boolean; type?: unknown; error?: { message: string } }) => (r.ok ? typeToString(r.type as never) : `error: ${r.error?.message}`);

describe('checkWithBackend', () => {
  it('gives the type evaluate-then-type gives, for a batch and one by one', async () => {
    const evaluated = await evaluateWithBackend(EXPRESSIONS, { backend, project });
    const checked = await checkWithBackend(EXPRESSIONS, { backend, project });
    expect(checked.map(typeOf)).toEqual(evaluated.map(typeOf));
    // The refined types do know the data.
    expect(typeOf(checked[0])).toContain('val_loss');
    expect(typeOf(checked[7])).toContain('grad_norm');
    expect(typeOf(checked[10])).toContain('truth: Number');
    for (const [i, text] of EXPRESSIONS.entries()) {
      if (i % 3 !== 0) continue; // a sample, one at a time
      expect(typeOf(await checkWithBackend(text, { backend, project }))).toBe(typeOf(evaluated[i]));
    }
  }, 120_000);

  it('executes no target; an expression that would fail at run time is typed', async () => {
    const text = 'runs.map((r) => {summary: r.summary, n: range(0, 1e12, 1).count})';
    executed.count = 0;
    const evaluated = await evaluateWithBackend(text, { backend, project });
    expect(evaluated.ok).toBe(false);
    expect(executed.count).toBeGreaterThan(0);
    executed.count = 0;
    const checked = await checkWithBackend([text, ...EXPRESSIONS], { backend, project });
    expect(executed.count).toBe(0);
    expect(checked[0].ok).toBe(true);
    if (!checked[0].ok) return;
    expect(typeToString(checked[0].type)).toMatch(/^List<\{summary: \{.*val_loss: Number.*\}, n: Number\}>$/);
    expect(checked[0].node.type).toBe(checked[0].type);
    expect(checked[0].spans.size).toBeGreaterThan(0);
  }, 60_000);

  it('fetches only for expressions whose type depends on data, in one document', async () => {
    const b = recording(backend);
    const none = await checkWithBackend(['runs.count', 'runs.map((r) => r.name)', '1 + 2', 'project.name'], { backend: b, project });
    expect(none.map(typeOf)).toEqual(['Number', 'List<String>', 'Number', 'String']);
    expect(b.documents).toHaveLength(0);
    const some = await checkWithBackend(['runs.count', 'runs.summary["loss"]', 'runs.map((r) => r.config["lr"])'], { backend: b, project });
    expect(some.map(typeOf)).toEqual(['Number', 'List<Number>', 'List<Number>']);
    expect(b.documents).toHaveLength(1);
    expect(b.documents[0]).toContain('summaryMetrics(keys: ["loss"])');
    expect(b.documents[0]).not.toContain('historyLineCount');
  }, 60_000);

  it('reports parse and type errors as evaluateWithBackend does', async () => {
    const texts = ['1 +', 'runs.nope', 'runs.summary["loss"].upperr'];
    const [checked, evaluated] = await Promise.all([checkWithBackend(texts, { backend, project }), evaluateWithBackend(texts, { backend, project })]);
    expect(checked.map((r) => (r.ok ? null : r.error))).toEqual(evaluated.map((r) => (r.ok ? null : r.error)));
    expect(checked.map((r) => (r.ok ? null : r.error.kind))).toEqual(['parse', 'type', 'type']);
  }, 60_000);

  it("refineWithBackend's oracle types lambda parameters for suggest, over every fetched run", async () => {
    const { results, oracle, stats } = await refineWithBackend(['runs.map((row) => row.config)'], { backend, project });
    expect(results[0].ok).toBe(true);
    expect(stats.requests).toBeGreaterThan(0);
    const registry = standardRegistry();
    const runs = projectBindings(project, registry).runs;
    const text = 'runs.filter((row) => row.config["';
    const keys = suggest(text, text.length, { registry, variables: { runs: runs.type }, typeOracle: oracle }).map((c) => c.label);
    expect(keys).toEqual(expect.arrayContaining(['lr', 'optimizer', 'batch_size']));
    expect(suggest(text, text.length, { registry, variables: { runs: runs.type } })).toEqual([]);
  }, 60_000);
});
