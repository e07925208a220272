/** The Node entry (src/node.ts): engine, server and data sources as a library user sees them. */
import { describe, expect, it } from 'vitest';
import * as node from '../../src/node.js';
import * as browser from '../../src/index.js';

describe('panelql/node', () => {
  it('re-exports the browser entry and adds the Node parts', () => {
    for (const name of Object.keys(browser)) expect(node).toHaveProperty(name);
    for (const name of ['openWorkspace', 'connectWandb', 'generateDemoWorkspace', 'openEngine', 'Engine', 'startServer', 'createServer', 'WorkerPool']) {
      expect(typeof (node as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('openEngine on the demo binds the first project; Engine evaluates batches with errors isolated', async () => {
    const engine = await node.openEngine();
    try {
      expect(engine.project).toEqual({ entity: 'wandb-demo', name: 'mnist-sweeps' });
      const [a, b] = await engine.evaluate(['[1, 2].sum', '1 +']);
      expect(a).toMatchObject({ ok: true, value: 3 });
      expect(b).toMatchObject({ ok: false, error: { kind: 'parse' } });
      expect(engine.typeOf('[1]')).toMatchObject({ ok: true, json: { type: 'list' } });
      expect(engine.print('1+1')).toEqual({ ok: true, text: '1 + 1' });
      expect(engine.ops('upper').map((o) => o.name)).toContain('string-upper');
    } finally {
      await engine.close();
    }
  });

  it('startServer listens, answers, closes', async () => {
    const s = await node.startServer({ port: 0, workers: 0, apiKey: 'k' });
    try {
      const res = await fetch(`${s.url}/v1/eval`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer k' },
        body: JSON.stringify({ exprs: ['"a" + "b"'] }),
      });
      expect(await res.json()).toEqual({ results: [{ value: 'ab', type: 'string' }] });
    } finally {
      await s.close();
    }
  });

  it('a client that goes away cancels its evaluation (the worker is free again at once)', async () => {
    const s = await node.startServer({ port: 0, workers: 1, limits: { maxTimeMs: 60_000 } });
    try {
      const post = (expr: string, signal?: AbortSignal) =>
        fetch(`${s.url}/v1/eval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ exprs: [expr] }), signal });
      const ac = new AbortController();
      const slow = post('range(0, 100000, 1).map((x) => range(0, x, 1).count).sum', ac.signal).catch((e: Error) => e.name);
      await new Promise((r) => setTimeout(r, 500));
      ac.abort();
      const t0 = Date.now();
      const quick = await post('1 + 1');
      expect(await quick.json()).toEqual({ results: [{ value: 2, type: 'number' }] });
      // Without the cancel the quick one would wait for the 60 s limit; the bound only tells which.
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(await slow).toBe('AbortError');
    } finally {
      await s.close();
    }
  });
});
