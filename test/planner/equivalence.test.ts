/**
 * Property: executing through the planner (key, column and limit pushdown) gives the same
 * value as executing with whole objects fetched, for generated expressions over the demo
 * workspace — every expression of a generated batch, planned and fetched together.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../scripts/demo/generate.js';
import type { Backend } from '../../src/backends/backend.js';
import { openWorkspace } from '../../src/backends/local/index.js';
import { evaluateWithBackend } from '../../src/exec/driver.js';
import { outcome } from '../domain/helpers.js';

let dir = '';
let backend: Backend;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'panelql-demo-'));
  await generateDemoWorkspace(dir, 42);
  backend = await openWorkspace(dir);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const SUMMARY = ['loss', 'acc', 'val_loss', 'epoch', 'best_step', 'test/acc', 'eval', 'confusion', 'missing', 'eval.acc', 'early_stopped', 'git_commit'];
const CONFIG = ['lr', 'batch_size', 'optimizer', 'layers', 'dropout', 'model', 'missing', 'augment'];
const HISTORY = ['loss', 'acc', 'lr', 'epoch', 'grad_norm', 'val_loss', '_step', 'missing'];

const q = (s: string): string => JSON.stringify(s);

const base = fc.constantFrom(
  'runs',
  'project.runs',
  'runs.filter((row) => row.config["lr"] > 0.001)',
  'runs.filter((row) => row.jobType == "train")',
  'runs.limit(3)',
  'runs.sort((row) => [row.summary["loss"]], ["desc"])',
  'runs.filter((row) => row.summary["acc"] > 0.9).limit(4)',
);

const sk = fc.constantFrom(...SUMMARY).map(q);
const ck = fc.constantFrom(...CONFIG).map(q);
const hk = fc.constantFrom(...HISTORY).map(q);
const agg = fc.constantFrom('', '.avg', '.max', '.count', '.dropna.count');

const expression: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(base, sk, agg).map(([b, k, a]) => `${b}.summary[${k}]${a}`),
  fc.tuple(base, ck).map(([b, k]) => `${b}.config[${k}]`),
  fc.tuple(base, fc.constantFrom('name', 'id', 'jobType', 'runtime', 'createdAt', 'user.username')).map(([b, f]) => `${b}.${f}`),
  fc.tuple(base, sk).map(([b, k]) => `${b}.summary[${k}].run.name`),
  fc.tuple(base, sk, ck).map(([b, s, c]) => `${b}.map((row) => ({a: row.summary[${s}], b: row.config[${c}], n: row.name}))`),
  fc.tuple(base, hk, fc.constantFrom('max', 'min', 'count', 'avg')).map(([b, h, a]) => `${b}.map((row) => row.history[${h}].${a})`),
  base.map((b) => `${b}.map((row) => row.history.count)`),
  fc.tuple(hk, fc.constantFrom(2, 3)).map(([h, n]) => `runs.limit(${n}).history.concat[${h}]`),
  fc.tuple(hk, hk).map(([a, b]) => `runs.limit(2).history.concat.filter((row) => row[${a}] > 0.5).map((row) => row[${b}])`),
  fc.tuple(base, fc.constantFrom('summary', 'config')).map(([b, d]) => `${b}[0].${d}`),
  fc.tuple(base, sk).map(([b, k]) => `${b}.groupby((row) => row.config["optimizer"]).map((row) => row.summary[${k}].avg)`),
  fc.tuple(base, ck).map(([b, k]) => `${b}.map((row) => ({a: row.config})[${q('a')}][${k}])`),
  base.map((b) => `${b}.summary["predictions"].table.rows.concat.count`),
  base.map((b) => `${b}.history.count`),
  fc.tuple(base, fc.constantFrom('summary', 'config')).map(([b, d]) => `${b}.${d}.unique.count`),
  fc.tuple(base, sk).map(([b, k]) => `${b}.summary[${k}].unique`),
  fc.constant('project.artifactVersion("mnist-preds", "latest").file("preds.table.json").table.rows["guess"]'),
);

describe('planner vs whole objects', () => {
  it('gives the same values for generated batches of expressions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(expression, { minLength: 1, maxLength: 8 }), async (exprs) => {
        const opts = { backend, project: 'wandb-demo/mnist-sweeps', debug: true } as const;
        const pushed = await evaluateWithBackend(exprs, { ...opts, mode: 'pushdown' });
        const whole = await evaluateWithBackend(exprs, { ...opts, mode: 'whole' });
        expect(pushed.map(outcome)).toEqual(whole.map(outcome));
      }),
      { numRuns: Number(process.env.PANELQL_LONG ? 150 : 12), seed: 20261127 },
    );
  }, process.env.PANELQL_LONG ? 3_600_000 : 300_000);
});
