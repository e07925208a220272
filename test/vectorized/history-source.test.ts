/**
 * `runs.history.concat` through the driver: the vectorized engine reads each run's history as
 * columns straight from the fetched row texts — no history row is parsed unless a result needs
 * whole rows — and its answers equal the row-wise engine's (values, nulls, NaN, tags via tag
 * getters, order, materialized rows, table references in history).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { DataStore } from '../../src/exec/data/store.js';
import { evaluateWithBackend } from '../../src/exec/driver.js';
import { setDefaultThreshold } from '../../src/exec/vectorized/index.js';
import { outcome, workspace } from '../domain/helpers.js';

let before = 0;
beforeAll(() => {
  before = setDefaultThreshold(0);
});
afterAll(() => {
  setDefaultThreshold(before);
});
afterEach(() => {
  vi.restoreAllMocks();
});

function historyOf(run: number, n: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = { _step: i, epoch: Math.floor(i / 4), histOnly: i % 3 };
    if (i % 5 !== 1) row.loss = i % 7 === 0 ? null : (run + 1) / (i + 1);
    if (i % 4 === 0) row.phase = i % 8 === 0 ? 'train' : 'eval';
    if (i === 3) row.acc = NaN;
    if (i === 5) row.media = { _type: 'table-file', path: 'media/table/t.table.json' };
    rows.push(row);
  }
  return rows;
}

function backend() {
  return createLocalBackend(
    workspace([
      {
        name: 'p',
        runs: [0, 1, 2].map((r) => ({
          name: `r${r}`,
          config: { lr: 0.1 * (r + 1) },
          summary: { best: r },
          history: r === 1 ? [] : historyOf(r, 40 + r),
          files: { 'media/table/t.table.json': { contents: { columns: ['x'], data: [[r], [r + 1]] } } },
        })),
      },
    ]),
  );
}

/** How many history row texts were parsed into objects while `f` ran. */
async function historyParses<T>(f: () => Promise<T>): Promise<{ value: T; parses: number }> {
  const spy = vi.spyOn(DataStore.prototype, 'parseJson');
  const value = await f();
  const parses = spy.mock.calls.filter(([text]) => typeof text === 'string' && text.includes('"histOnly"')).length;
  spy.mockRestore();
  return { value, parses };
}

const columnar = [
  'runs.history.concat["loss"].avg',
  'runs.history.concat.count',
  'runs.history.concat.filter((row) => row["loss"] > 0.1)["epoch"].sum',
  'runs.history.concat.filter((row) => row["phase"] == "train").run.name',
  'runs.history.concat.sort((row) => [row["loss"]], ["desc"]).limit(3)["_step"]',
  'runs.history.concat.map((row) => row["loss"] * 2 + row["epoch"])',
  'runs.history.concat["acc"]',
  'runs.history.concat["media"]',
];
/** Grouped: each group's tag comes from its first row, the only row parsed per group. */
const grouped = [
  'runs.history.concat.groupby((row) => row["epoch"]).map((row) => row["loss"].avg)',
  'runs.history.concat.groupby((row) => row["phase"]).map((row) => {p: row.groupkey, n: row.count})',
];
const wholeRows = ['runs.history.concat.limit(2)', 'runs.history.concat.filter((row) => row["_step"] == 5)'];

// `whole`: history rows are fetched whole (as row texts), as when a panel reads every column.
const whole = { project: 'acme/p', mode: 'whole' } as const;

describe('history held as columns from the row texts', () => {
  it('equals the row-wise engine, and parses no history row for column reads', async () => {
    const rowwise = await evaluateWithBackend(columnar, { backend: backend(), ...whole, engine: 'rowwise' });
    const { value: vectorized, parses } = await historyParses(() => evaluateWithBackend(columnar, { backend: backend(), ...whole, engine: 'vectorized' }));
    expect(vectorized.map(outcome)).toEqual(rowwise.map(outcome));
    for (const r of vectorized) expect(r.ok).toBe(true);
    expect(parses).toBe(0);
  });

  it('grouped: parses one row per group', async () => {
    const rowwise = await evaluateWithBackend(grouped, { backend: backend(), ...whole, engine: 'rowwise' });
    const { value: vectorized, parses } = await historyParses(() => evaluateWithBackend(grouped, { backend: backend(), ...whole, engine: 'vectorized' }));
    expect(vectorized.map(outcome)).toEqual(rowwise.map(outcome));
    const groups = vectorized.reduce((n, r) => n + (r.ok && Array.isArray(r.value) ? r.value.length : 0), 0);
    expect(parses).toBeGreaterThan(0);
    expect(parses).toBeLessThanOrEqual(groups);
  });

  it('parses the rows only when a result is made of whole rows, and they equal the row-wise ones', async () => {
    const rowwise = await evaluateWithBackend(wholeRows, { backend: backend(), ...whole, engine: 'rowwise' });
    const { value: vectorized, parses } = await historyParses(() => evaluateWithBackend(wholeRows, { backend: backend(), ...whole, engine: 'vectorized' }));
    expect(vectorized.map(outcome)).toEqual(rowwise.map(outcome));
    expect(parses).toBeGreaterThan(0);
  });

  it('the row-wise engine parses the rows (the spy sees history texts)', async () => {
    const { parses } = await historyParses(() => evaluateWithBackend('runs.history.concat["loss"].avg', { backend: backend(), ...whole, engine: 'rowwise' }));
    expect(parses).toBeGreaterThan(0);
  });

  it('per-key sampled history (the default plan) gives the same answers', async () => {
    const all = [...columnar, ...grouped, ...wholeRows];
    const rowwise = await evaluateWithBackend(all, { backend: backend(), project: 'acme/p', engine: 'rowwise' });
    const vectorized = await evaluateWithBackend(all, { backend: backend(), project: 'acme/p', engine: 'vectorized' });
    expect(vectorized.map(outcome)).toEqual(rowwise.map(outcome));
  });
});
