import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoWorkspace } from '../../scripts/demo/generate.js';
import { parseArtifactUrl } from '../../src/backends/backend.js';
import { openWorkspace, type LocalBackend } from '../../src/backends/local/index.js';
import { readTable } from '../../src/backends/tables.js';
import { q } from './helpers.js';

const dirs: string[] = [];
let a: string;
let backend: LocalBackend;
let genMs = 0;

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'panelql-demo-'));
  dirs.push(d);
  return d;
}

function digestTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

beforeAll(async () => {
  a = tmp();
  const t0 = performance.now();
  await generateDemoWorkspace(a);
  genMs = performance.now() - t0;
  backend = await openWorkspace(a);
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PROJECTS = ['mnist-sweeps', 'llm-finetune'];

describe('demo workspace generator', () => {
  it('runs in well under 10 s', () => {
    expect(genMs).toBeLessThan(10_000);
  });

  it('is deterministic: same seed → byte-identical files; another seed differs', async () => {
    const b = tmp();
    await generateDemoWorkspace(b, 42);
    expect(digestTree(b)).toEqual(digestTree(a));
    const c = tmp();
    await generateDemoWorkspace(c, 7);
    expect(readFileSync(join(c, 'workspace.json'), 'utf8')).not.toBe(readFileSync(join(a, 'workspace.json'), 'utf8'));
  });

  it('has one entity, two projects and 60 runs with realistic configs', async () => {
    const d = await q(
      backend,
      `{ entity(name: "wandb-demo") { projects { edges { node { name runCount runs { edges { node { name state config } } } } } } } viewer { username } }`,
    );
    const projects = d.entity.projects.edges.map((e: any) => e.node);
    expect(projects.map((p: any) => p.name)).toEqual(PROJECTS);
    expect(projects.reduce((n: number, p: any) => n + p.runCount, 0)).toBe(60);
    const mnist = JSON.parse(projects[0].runs.edges[0].node.config);
    for (const k of ['lr', 'batch_size', 'optimizer', 'layers', 'dropout', 'model']) expect(mnist[k]).toHaveProperty('value');
    expect(mnist.model.value).toHaveProperty('arch', 'mlp');
    const llm = JSON.parse(projects[1].runs.edges[0].node.config);
    expect(llm.lora.value).toHaveProperty('r');
    const states = new Set(projects.flatMap((p: any) => p.runs.edges.map((e: any) => e.node.state)));
    expect([...states]).toEqual(expect.arrayContaining(['finished', 'crashed', 'running']));
    expect(d.viewer.username).toBe('alice');
  });

  it('has 40+ summary keys per run, nested dicts, a few NaN and table references', async () => {
    let nan = 0;
    for (const project of PROJECTS) {
      const d = await q(backend, `{ project(name: "${project}", entityName: "wandb-demo") { runs { edges { node { summaryMetrics } } } } }`);
      for (const e of d.project.runs.edges) {
        const text: string = e.node.summaryMetrics;
        if (/:NaN\b/.test(text)) nan++;
        const s = (await import('../../src/backends/json.js')).parseJsonExtended(text) as Record<string, any>;
        expect(Object.keys(s).length).toBeGreaterThanOrEqual(40);
        expect(s.eval.acc).toEqual(expect.any(Number));
        expect(s.eval.calibration).toHaveProperty('ece');
        const ref = s.predictions ?? s.eval_samples;
        expect(ref).toMatchObject({ _type: 'table-file', path: 'media/table/preds_1.table.json', ncols: expect.any(Number), nrows: expect.any(Number) });
      }
    }
    expect(nan).toBeGreaterThanOrEqual(2);
  });

  it('has 2,000-step histories with _step, epoch, loss, acc, lr and sparse val keys', async () => {
    const d = await q(
      backend,
      `{ project(name: "mnist-sweeps", entityName: "wandb-demo") { runs(first: 3) { edges { node { historyLineCount historyKeys
         sampledHistory(specs: ["{\\"keys\\": [\\"val_loss\\", \\"_step\\"]}"]) first: history(maxStep: 1) } } } } }`,
    );
    for (const e of d.project.runs.edges) {
      const n = e.node;
      expect(n.historyLineCount).toBe(2000);
      expect(n.historyKeys.lastStep).toBe(1999);
      expect(Object.keys(n.historyKeys.keys)).toEqual(expect.arrayContaining(['_step', 'epoch', 'loss', 'acc', 'lr', 'val_loss', 'val_acc', 'grad_norm']));
      const val = n.historyKeys.keys.val_loss.typeCounts.reduce((s: number, t: any) => s + t.count, 0);
      expect(val).toBe(20);
      expect(n.sampledHistory[0].map((r: any) => r._step)).toEqual(Array.from({ length: 20 }, (_, i) => i * 100 + 99));
      expect(Object.keys(JSON.parse(n.first[0]))).toEqual(['_step', '_runtime', '_timestamp', 'epoch', 'loss', 'acc', 'lr', 'grad_norm']);
    }
    const counts = await q(backend, `{ project(name: "llm-finetune", entityName: "wandb-demo") { runs { edges { node { historyLineCount } } } } }`);
    expect(counts.project.runs.edges.every((e: any) => e.node.historyLineCount === 2000)).toBe(true);
  });

  it('has users and two versioned artifacts with a table, a joined table, a partitioned table and PNGs', async () => {
    const d = await q(
      backend,
      `{ project(name: "mnist-sweeps", entityName: "wandb-demo") {
        artifactCollections { edges { node { name artifacts { totalCount } } } }
        artifact(name: "mnist-preds:latest") { versionIndex aliases { alias } createdBy { ... on Run { name } } files { edges { node { name } } } } }
        user(userName: "bob") { name email } }`,
    );
    expect(d.project.artifactCollections.edges.map((e: any) => [e.node.name, e.node.artifacts.totalCount])).toEqual([
      ['mnist-dataset', 3],
      ['mnist-preds', 3],
    ]);
    const preds = d.project.artifact;
    expect(preds.versionIndex).toBe(2);
    expect(preds.aliases.map((x: any) => x.alias)).toEqual(['latest', 'best']);
    expect(preds.createdBy.name).toEqual(expect.any(String));
    const names: string[] = preds.files.edges.map((e: any) => e.node.name);
    expect(names).toEqual(expect.arrayContaining(['preds.table.json', 'labels.table.json', 'preds_labels.joined-table.json', 'preds_by_part.partitioned-table.json']));
    expect(d.user).toEqual({ name: 'Bob Okafor', email: 'bob@example.com' });

    const ref = { kind: 'artifact', entity: 'wandb-demo', project: 'mnist-sweeps', artifact: 'mnist-preds', version: 'latest' } as const;
    const preds2 = await readTable(backend, { ...ref, path: 'preds.table.json' });
    expect(preds2.columns).toEqual(['id', 'truth', 'guess', 'score', 'image']);
    expect(preds2.columnTypes).toMatchObject({ wb_type: 'typedDict' });
    const joined = await readTable(backend, { ...ref, path: 'preds_labels.joined-table.json' });
    expect(joined.columns).toEqual(['0', '1']);
    expect(joined.data).toHaveLength(20);
    const parts = await readTable(backend, { ...ref, path: 'preds_by_part.partitioned-table.json' });
    expect(parts.data).toHaveLength(20);

    const png = names.find((n) => n.endsWith('.png'))!;
    const bytes = (await backend.readFile({ ...ref, path: png }))!;
    expect([...bytes.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([16, 16]);
    const idatLen = view.getUint32(33);
    expect(inflateSync(bytes.subarray(41, 41 + idatLen)).length).toBe(16 * 17);
  });

  it('resolves summary table references: run files and wandb-artifact:// paths', async () => {
    const d = await q(
      backend,
      `{ project(name: "mnist-sweeps", entityName: "wandb-demo") {
        runs(filters: "{\\"summary_metrics.predictions.artifact_path\\": {\\"$exists\\": true}}") { edges { node { name summaryMetrics(keys: ["predictions"]) } } } } }`,
    );
    expect(d.project.runs.edges).toHaveLength(3);
    const node = d.project.runs.edges[0].node;
    const ref = JSON.parse(node.summaryMetrics).predictions;
    const runTable = await readTable(backend, { kind: 'run', entity: 'wandb-demo', project: 'mnist-sweeps', run: node.name, path: ref.path });
    expect(runTable.data).toHaveLength(ref.nrows);
    const artifactTable = await readTable(backend, parseArtifactUrl(ref.artifact_path)!);
    expect(artifactTable.columns).toContain('image');
  });
});
