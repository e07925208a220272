/** Routing (which engine runs), fallback counting and strict mode, and the driver hook. */
import { describe, expect, it } from 'vitest';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { evaluateWithBackend } from '../../src/exec/driver.js';
import { executeNode } from '../../src/exec/rowwise.js';
import { ColumnarRows, executeVectorized, FallbackError, newStats } from '../../src/exec/vectorized/index.js';
import { evaluate } from '../../src/api.js';
import { compileExpr, registry, ser, variables, type Row } from './helpers.js';

function rowsOf(n: number, run: number): Row[] {
  return Array.from({ length: n }, (_, i) => ({ a: i % 7 === 0 ? null : (i * 37) % 11, b: i % 3, s: ['x', 'y', null][i % 3], m: i % 2 ? 'p' : i }));
}

function exec(text: string, runs: Row[][], opts: { strict?: boolean; threshold?: number } = {}) {
  const vars = variables(runs);
  const node = compileExpr(text, vars);
  const values = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.value]));
  const stats = newStats();
  const value = executeVectorized(node, { registry, variables: values, stats, ...opts });
  return { value, stats, rowwise: executeNode(node, { registry, variables: values }) };
}

describe('routing', () => {
  it('graphs without row lists run on the row-wise executor (no kernel, no fallback)', () => {
    const r = exec('[1, 2, 3].map((x) => x * 2).sum', [rowsOf(3, 0)]);
    expect(r.value).toBe(12);
    expect(r.stats).toEqual({ vectorized: 0, fallbacks: 0, fallbackOps: [] });
  });

  it('row lists under the threshold stay row-wise; at or above it they are columnar', () => {
    const small = exec('hist["a"].sum', [rowsOf(10, 0)], { threshold: 64 });
    expect(small.stats.vectorized).toBe(0);
    expect(ser(small.value)).toEqual(ser(small.rowwise));
    const big = exec('hist["a"].sum', [rowsOf(100, 0)], { threshold: 64 });
    expect(big.stats.vectorized).toBe(2); // pick, sum
    expect(ser(big.value)).toEqual(ser(big.rowwise));
    const concat = exec('runsHist.concat["a"].sum', [rowsOf(40, 0), rowsOf(40, 1)], { threshold: 64 });
    expect(concat.stats.vectorized).toBe(3); // concat, pick, sum
  });

  it('the default threshold applies when none is given', () => {
    expect(exec('hist.count', [rowsOf(63, 0)]).stats.vectorized).toBe(0);
    expect(exec('hist.count', [rowsOf(64, 0)]).stats.vectorized).toBe(1);
  });

  it('a columnar row list can be passed directly as a variable value', () => {
    const vars = variables([rowsOf(100, 0)]);
    const node = compileExpr('hist.filter((row) => row["b"] == 1).count', vars);
    const rows = vars.hist.value as Row[];
    const direct = executeVectorized(node, { registry, variables: { hist: rows, runsHist: vars.runsHist.value }, threshold: 0 });
    expect(direct).toBe(executeNode(node, { registry, variables: { hist: rows } }));
  });
});

describe('fallback', () => {
  it('an op without a lambda kernel falls back alone, per row, and is counted', () => {
    const r = exec('runsHist.concat.map((row) => row["s"].findAll(row["s"])).count', [rowsOf(100, 0), rowsOf(50, 1)]);
    expect(ser(r.value)).toEqual(ser(r.rowwise));
    expect(r.stats.fallbacks).toBe(1);
    expect(r.stats.fallbackOps[0]).toMatch(/^string-findAll: .*per-row/);
    expect(r.stats.vectorized).toBe(3); // concat, map (around the one fallback op), count of the mapped list
  });

  it('an op whose lambda cannot be vectorized falls back whole, and is counted', () => {
    const r = exec('runsHist.concat.map((row, i) => i).count', [rowsOf(100, 0), rowsOf(50, 1)]);
    expect(ser(r.value)).toEqual(ser(r.rowwise));
    expect(r.stats.fallbacks).toBe(1);
    expect(r.stats.fallbackOps[0]).toMatch(/^map: /);
    expect(r.stats.vectorized).toBe(1); // concat; count then runs on the materialized list
  });

  it('strict mode turns a fallback into an error', () => {
    expect(() => exec('hist.map((row) => row["s"].findAll(row["s"]))', [rowsOf(100, 0)], { strict: true })).toThrow(FallbackError);
    expect(() => exec('hist.filter((row) => row["b"] > 0)["a"].avg', [rowsOf(100, 0)], { strict: true })).not.toThrow();
  });

  it('sort keys with NaN and nulls run the exact path (the row-wise TimSort replayed on positions), no fallback', () => {
    const rows = rowsOf(100, 0).map((r, i) => ({ ...r, a: i % 5 === 0 ? NaN : i % 7 === 0 ? null : r.a }));
    const r = exec('hist.sort((row) => [row["a"]], ["asc"])', [rows], { strict: true });
    expect(r.stats.fallbacks).toBe(0);
    expect(ser(r.value)).toEqual(ser(r.rowwise));
  });

  it('results materialize with their tags: row tags survive a filter', () => {
    const r = exec('runsHist.concat.filter((row) => row["b"] == 2)', [rowsOf(100, 0), rowsOf(100, 1)], { strict: true });
    expect(ser(r.value)).toEqual(ser(r.rowwise));
    expect(ColumnarRows).toBeDefined();
  });
});

describe('api and driver hook', () => {
  it('evaluate: engine option, same answers', () => {
    const rows = rowsOf(200, 0);
    const vars = { hist: { type: variables([rows]).hist.type, value: rows } };
    const text = 'hist.filter((row) => row["a"] < 5).groupby((row) => row["b"]).map((row) => {k: row.groupkey, v: row["a"].avg})';
    const a = evaluate(text, { variables: vars, engine: 'rowwise' });
    const b = evaluate(text, { variables: vars });
    expect(b).toEqual(a);
    expect(a.ok).toBe(true);
  });

  it('the driver answers history queries alike on both engines (tags, tag getters after filter)', async () => {
    const runs = [0, 1, 2].map((r) => ({
      name: `r${r}`,
      displayName: `run ${r}`,
      history: Array.from({ length: 80 + r * 10 }, (_, i) => ({ _step: i, loss: i % 9 === 0 ? null : ((i * 13 + r) % 17) / 10, epoch: i % 4, ...(i % 5 === 0 ? { extra: 'e' } : {}) })),
    }));
    const ws = { entities: [{ name: 'acme', projects: [{ name: 'p', runs }] }], users: [] };
    const exprs = [
      'runs.history.concat["loss"].avg',
      'runs.history.concat.count',
      'runs.history.concat.filter((row) => row["loss"] < 0.5).groupby((row) => row["epoch"]).map((row) => row["loss"].avg)',
      'runs.history.concat.filter((row) => row["loss"] > 1.2).run.name',
      'runs.history.concat.filter((row) => row["loss"] > 1.5)',
      'runs.history.concat.sort((row) => [row["_step"]], ["desc"]).limit(5)',
      'runs.history.concat.groupby((row) => row["epoch"]).map((row) => {k: row.groupkey, n: row.count, m: row["loss"].max})',
      'runs.history.concat.map((row) => row["loss"] * 2)',
      'runs.history.concat.filter((row) => row.run.name == "r1")["loss"].sum',
      'runs.history.concat.filter((row) => row.run.name != "r1" and row["loss"] > 1).map((row) => {r: row.run.name, l: row["loss"], e: row["extra"]})',
      'runs.history.concat.map((row) => row.run.name)',
    ];
    const backend = createLocalBackend(JSON.stringify(ws));
    const rowwise = await evaluateWithBackend(exprs, { backend, project: 'acme/p', engine: 'rowwise' });
    const vectorized = await evaluateWithBackend(exprs, { backend: createLocalBackend(JSON.stringify(ws)), project: 'acme/p' });
    for (let i = 0; i < exprs.length; i++) {
      expect(rowwise[i].ok, exprs[i]).toBe(true);
      expect(vectorized[i], exprs[i]).toEqual(rowwise[i]);
    }
  });
});
