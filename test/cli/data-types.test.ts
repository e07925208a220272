/**
 * Types and completions that come from the data, on the demo workspace: `type` / `.type`
 * without evaluating, and Tab completion of data keys inside lambda bodies — in process
 * (Engine.suggestWithData, what the REPL's completer calls) and in a spawned REPL on a
 * pseudo-terminal (`script`), keys sent with a real Tab.
 */
import { spawn, spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { openWorkspace } from '../../src/backends/index.js';
import { Engine, parseProjectRef } from '../../src/cli/engine.js';
import { DEMO_DIR, ensureDemo } from '../../src/cli/open.js';
import { fromWeaveTypeJson, typeToString } from '../../src/types/index.js';
import { bin, collect, root, run, testEnv, waitFor, warm } from './helpers.js';

/** A backend that counts the GraphQL documents sent. */
function counting(backend: Backend): Backend & { documents: number } {
  const b = {
    name: backend.name,
    documents: 0,
    execute: (req: Parameters<Backend['execute']>[0]) => {
      b.documents++;
      return backend.execute(req);
    },
    readFile: (ref: Parameters<Backend['readFile']>[0], signal?: AbortSignal) => backend.readFile(ref, signal),
  };
  return b;
}

let backend: Backend & { documents: number };
const engineOnDemo = () => new Engine({ backend, project: parseProjectRef('wandb-demo/mnist-sweeps') });

beforeAll(async () => {
  await ensureDemo();
  backend = counting(await openWorkspace(DEMO_DIR));
  await warm();
}, 120_000);

describe('Engine.typeOfWithData: refined types without evaluating', () => {
  it('equals the type of the evaluated result; nothing is fetched for types that do not depend on data', async () => {
    const engine = engineOnDemo();
    const texts = ['runs.summary', 'runs.map((r) => r.config)', 'runs.history.concat.map((row) => row["loss"])', 'runs.summary["predictions"].table.rows', 'runs.count'];
    const evaluated = await engine.evaluate(texts);
    for (const [i, text] of texts.entries()) {
      const t = await engine.typeOfWithData(text);
      const e = evaluated[i];
      expect(t.ok && e.ok && typeToString(t.type)).toBe(e.ok && typeToString(e.type));
    }
    const before = backend.documents;
    const names = await engine.typeOfWithData('runs.map((r) => r.name)');
    expect(names.ok && typeToString(names.type)).toBe('List<String>');
    expect(backend.documents).toBe(before);
  }, 60_000);

  it('typesOfWithData answers a batch with one document; an expression failing at run time still has a type', async () => {
    const engine = engineOnDemo();
    const before = backend.documents;
    const types = await engine.typesOfWithData(['runs.summary["loss"]', 'runs.map((r) => r.config["lr"])', 'range(0, 1e12, 1).count + runs.summary["acc"].max', '1 +']);
    expect(backend.documents - before).toBe(1);
    expect(types.map((t) => (t.ok ? typeToString(t.type) : t.error.kind))).toEqual(['List<Number>', 'List<Number>', 'Number', 'parse']);
    const [failing] = await engine.evaluate(['range(0, 1e12, 1).count + runs.summary["acc"].max']);
    expect(failing.ok).toBe(false);
  }, 60_000);
});

describe('Engine.suggestWithData: data keys, also inside lambda bodies', () => {
  let engine: Engine | undefined;
  const labels = async (text: string) => (await (engine ??= engineOnDemo()).suggestWithData(text)).map((c) => c.label);

  it.each([
    ['runs.summary["val_lo', ['val_loss', 'best_val_loss']],
    ['runs.map((r) => r.summary["val_lo', ['val_loss', 'best_val_loss']],
    ['runs.filter((row) => row.config["optim', ['optimizer']],
    ['runs.history.concat.map((row) => row["grad', ['grad_norm']],
    ['runs.map((r) => r.history.map((h) => h["val_', ['val_acc', 'val_loss']],
    ['runs.filter((row) => row.config["lr"] > 0.01).map((r) => {loss: r.summary["eval"]["calib', ['calibration']],
  ])('%s', async (text, expected) => {
    expect(await labels(text)).toEqual(expected);
  }, 60_000);

  it('declared-only completion offers none of these keys', () => {
    engine ??= engineOnDemo();
    expect(engine.suggest('runs.map((r) => r.summary["val_lo')).toEqual([]);
    expect(engine.suggest('runs.filter((row) => row.config["optim')).toEqual([]);
  });

  it('after the first fetch, completions over the same receiver read no data', async () => {
    const fresh = engineOnDemo();
    const before = backend.documents;
    expect((await fresh.suggestWithData('runs.map((r) => r.summary["')).length).toBeGreaterThan(40);
    const fetched = backend.documents;
    expect(fetched).toBeGreaterThan(before);
    for (const prefix of ['v', 'va', 'val', 'val_', 'val_l']) {
      const items = await fresh.suggestWithData(`runs.map((r) => r.summary["${prefix}`);
      expect(items.map((c) => c.label)).toContain('val_loss');
    }
    expect(backend.documents).toBe(fetched);
    // The replaced range is in the text typed (not in the fetched expression).
    const text = 'runs.map((r) => r.summary["val_lo';
    expect((await fresh.suggestWithData(text))[0]).toMatchObject({ insertText: '"val_loss"]', replace: { start: text.length - 7, end: text.length } });
  }, 60_000);

  it('a first fetch slower than the time limit answers the declared completions and goes on for the next Tab', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let documents = 0;
    const slow: Backend = {
      name: backend.name,
      execute: async (req) => {
        documents++;
        await gate;
        return backend.execute(req);
      },
      readFile: (ref, signal) => backend.readFile(ref, signal),
    };
    const fresh = new Engine({ backend: slow, project: parseProjectRef('wandb-demo/mnist-sweeps') });
    const text = 'runs.filter((row) => row.config["batch';
    expect(await fresh.suggestWithData(text, text.length, { timeoutMs: 20 })).toEqual([]);
    open();
    expect((await fresh.suggestWithData(text)).map((c) => c.label)).toEqual(['batch_size']);
    expect(documents).toBe(1);
  }, 60_000);

  it('a pure expression never fetches', async () => {
    const before = backend.documents;
    expect(await labels('[1, 2].map((x) => {a: x})[0]["')).toEqual(['a']);
    expect(backend.documents).toBe(before);
  });
});

describe('the REPL on a terminal (spawned on a pseudo-terminal)', () => {
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.skipIf(!hasScript)('Tab completes data keys inside lambda bodies; .type shows the data type', async () => {
    const command = [process.execPath, bin].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: testEnv({ TERM: 'xterm', COLUMNS: '200' }), stdio: ['pipe', 'pipe', 'pipe'] });
    const done = collect(child, 120_000);
    let seen = '';
    child.stdout!.on('data', (d: Buffer) => (seen += d.toString().replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')));
    await waitFor(child, 'stdout', /panelql> /);
    const send = async (keys: string, until: RegExp) => {
      child.stdin!.write(keys);
      await waitFor(child, 'stdout', until, 30_000);
    };
    await send('runs.map((r) => r.summary["val_lo\t', /"val_loss"\]/);
    await send(').count\r', /\r?\n40\r?\n/);
    await send('runs.filter((row) => row.config["optim\t', /"optimizer"\]/);
    await send(' == "adam").count\r', /\r?\n\d+\r?\n/);
    await send('runs.history.concat.map((row) => row["grad_n\t', /"grad_norm"\]/);
    await send(').count\r', /\r?\n\d+\r?\n/);
    await send('.type runs[0].summary["eval"]\r', /calibration: \{ece: Number/);
    child.stdin!.write('.exit\r');
    const r = await done;
    expect(r.code).toBe(0);
    expect(seen).toContain('runs.map((r) => r.summary["val_loss"]).count');
    expect(seen).toContain('runs.filter((row) => row.config["optimizer"] == "adam").count');
    expect(seen).toContain('runs.history.concat.map((row) => row["grad_norm"]).count');
    expect(seen).not.toMatch(/error/i);
  }, 120_000);
});

describe('panelql type (spawned)', () => {
  it('type --file: one document for the batch, the refined types', async () => {
    const r = await run(['type', '--file', '-'], { input: 'runs.summary["loss"]\nruns.map((r) => r.config["optimizer"])\nruns.count\n' });
    expect(r.code).toBe(0);
    const types = r.stdout.trim().split('\n').map((l) => typeToString(fromWeaveTypeJson(JSON.parse(l).type)));
    expect(types).toEqual(['List<Number>', 'List<String>', 'Number']);
  }, 60_000);
});
