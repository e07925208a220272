/**
 * Table rows built from their input tables (src/exec/vectorized/table-sources.ts): a query that
 * only reads columns builds no row object and never runs the `table-rows` resolver; results
 * (tagged) equal the row-wise executor's for lists of tables (nulls, non-tables, empty tables,
 * NaN / null / mixed cells), foreign-index columns and partitioned tables.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { evaluateWithBackend } from '../../src/exec/driver.js';
import type { Node } from '../../src/graph/node.js';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, newStats } from '../../src/exec/vectorized/index.js';
import { TableValue } from '../../src/ops/domain/values.js';
import { Tagged } from '../../src/ops/values.js';
import { list, maybe, union, type Type } from '../../src/types/index.js';
import { fixtureBackend } from '../domain/fixture.js';
import { compileExpr, registry, ser, serOutcome } from './helpers.js';

/** Rows built through the per-row builder the engine gets (the resolver's own builds are not counted). */
const built = vi.hoisted(() => ({ rows: 0, cells: 0 }));
vi.mock('../../src/ops/domain/table.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/ops/domain/table.js')>();
  return {
    ...orig,
    tableRowBuilder: (...args: Parameters<typeof orig.tableRowBuilder>) => {
      const b = orig.tableRowBuilder(...args);
      if (typeof b !== 'object') return b;
      return {
        foreign: b.foreign,
        row: (q: number) => (built.rows++, b.row(q)),
        cell: (q: number, j: number) => (built.cells++, b.cell(q, j)),
      };
    },
  };
});

/** The driver's engine hook: strict, no threshold, and the row-wise result of the same graph kept for a tagged comparison. */
const hook = vi.hoisted(() => ({ log: [] as { rowwise: unknown; vectorized: unknown; resolverCalls: number }[], on: false, strict: true, calls: (): number => 0 }));
vi.mock('../../src/exec/vectorized/index.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/exec/vectorized/index.js')>();
  return {
    ...orig,
    executeWith: (engine: 'rowwise' | 'vectorized' | undefined, node: Node, options: Parameters<typeof orig.executeWith>[2]) => {
      if (!hook.on || engine === 'rowwise') return orig.executeWith(engine, node, options);
      const before = hook.calls();
      const v = orig.executeVectorized(node, { ...options, strict: hook.strict, threshold: 0 });
      const resolverCalls = hook.calls() - before;
      hook.log.push({ rowwise: orig.executeWith('rowwise', node, options), vectorized: v, resolverCalls });
      return v;
    },
  };
});

const NUM_RUNS = process.env.PANELQL_LONG ? 500 : 60;
const DATA = { wandb: {} };
const COLUMNS = ['x', 'k', 'm'];
const tableType = { type: 'table', columnTypes: { x: maybe('number'), k: maybe('string'), m: maybe(union(['number', 'string'])) } } as unknown as Type;

const x = fc.oneof(
  { weight: 5, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, NaN, -0, Infinity, 1) },
);
const cells = fc.tuple(x, fc.option(fc.constantFrom('a', 'b', 'é'), { nil: null }), fc.option(fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom('p', 'q')), { nil: null }));
/** A list of tables: some null, some not tables, some empty, some tagged with a run. */
const tables = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.array(cells, { maxLength: 12 }), fc.boolean()) },
    { weight: 1, arbitrary: fc.constantFrom(null, 'not a table') },
  ),
  { minLength: 1, maxLength: 4 },
).map((items) => items.map((it, p) => (Array.isArray(it) ? (it[1] ? new Tagged({ run: `r${p}` }, new TableValue(null, COLUMNS, it[0])) : new TableValue(null, COLUMNS, it[0])) : it)));

/** Column-only queries (no row object), then queries whose results are rows. */
const EXPRS = [
  'TS.rows.concat["x"].avg',
  'TS.rows.concat.count',
  'TS.rows.concat.filter((row) => row["x"] > 0.5)["x"].sum',
  'TS.rows.concat.groupby((row) => row["k"]).map((row) => {k: row.groupkey, n: row.count, s: row["x"].max})',
  'TS.rows.concat.map((row) => row["x"] * 2)',
  'TS.rows.concat.filter((row) => row["x"] > 0 or row["k"] == "a")',
  'TS.rows.concat.sort((row) => [row["x"]], ["desc"]).limit(3)',
  'TS.rows.concat["m"]',
  'TS.rows.concat.filter((row) => row["x"] < 0).table',
  'TS.rows',
  'TS.rows.count',
  'TS.rows[0]',
  'TS.rows[1]["x"]',
  'TS.rows.flatten',
  'TS.rows.map((l) => l.count)',
  'TS.rows.dropna',
  'TS.rows.concat[0]',
  'TS.rows.concat.limit(2)',
  'TS.rows.concat.map((row) => row.table)',
];
const COLUMN_ONLY = new Set([EXPRS[0], EXPRS[1], EXPRS[2], EXPRS[4]]);
/** The fused group aggregate runs the key lambda row-wise on one row per group. */
const ONE_ROW_PER_GROUP = EXPRS[3];
const STRICT = new Set(EXPRS.slice(0, 9));

afterEach(() => {
  hook.on = false;
});

function both(text: string, ts: unknown[], strict: boolean) {
  const vars = { TS: { type: list(maybe(tableType)), value: ts } };
  const node = compileExpr(text, vars);
  const rowwise = serOutcome(() => executeNode(node, { registry, variables: { TS: ts }, data: DATA }));
  built.rows = 0;
  const stats = newStats();
  const vectorized = serOutcome(() => executeVectorized(node, { registry, variables: { TS: ts }, data: DATA, strict, threshold: 0, stats }));
  return { rowwise, vectorized, rows: built.rows, stats };
}

describe('table rows from their input tables', () => {
  it('vectorized = row-wise with tags over lists of tables; column-only queries build no row', () => {
    fc.assert(
      fc.property(tables, fc.constantFrom(...EXPRS), (ts, text) => {
        const r = both(text, ts, STRICT.has(text));
        expect(r.vectorized).toEqual(r.rowwise);
        if (COLUMN_ONLY.has(text)) expect(r.rows, text).toBe(0);
        if (text === ONE_ROW_PER_GROUP) expect(r.rows, text).toBeLessThanOrEqual(Array.isArray(r.rowwise) ? r.rowwise.length : 0);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('`table.rows.concat["x"].avg` over 3 × 2,000 rows: no row built, the resolver never runs; a filter result builds only its rows', () => {
    const big = [0, 1, 2].map((t) => new Tagged({ run: `r${t}` }, new TableValue(null, COLUMNS, Array.from({ length: 2000 }, (_, i) => [i % 7 === 0 ? null : (i * 37) % 101, i % 2 ? 'a' : 'b', i]))));
    const resolve = vi.spyOn(registry.get('table-rows'), 'resolve');
    try {
      const avg = both('TS.rows.concat["x"].avg', big, true);
      expect(avg.vectorized).toEqual(avg.rowwise);
      expect(avg.rows).toBe(0);
      const calls = resolve.mock.calls.length;
      expect(calls).toBe(1); // the row-wise run only
      const filtered = both('TS.rows.concat.filter((row) => row["x"] > 99)', big, true);
      expect(filtered.vectorized).toEqual(filtered.rowwise);
      expect(filtered.rows).toBe((filtered.rowwise as unknown[]).length);
      expect(filtered.rows).toBeLessThan(200);
      expect(resolve.mock.calls.length).toBe(calls + 1);
    } finally {
      resolve.mockRestore();
    }
  });

  it('a single table, tagged: whole rows, picks, empty table', () => {
    for (const data of [[], [[1, 'a', 'p'], [NaN, null, 2], [null, 'b', null]]]) {
      const t = new Tagged({ run: 'r0' }, new TableValue(null, COLUMNS, data));
      for (const text of ['T.rows', 'T.rows["x"]', 'T.rows.filter((row) => row["x"] > 0).count', 'T.rows.map((row) => row.table.rows.count)']) {
        const vars = { T: { type: tableType, value: t } };
        const node = compileExpr(text, vars);
        const rowwise = ser(executeNode(node, { registry, variables: { T: t }, data: DATA }));
        const vectorized = ser(executeVectorized(node, { registry, variables: { T: t }, data: DATA, strict: true, threshold: 0 }));
        expect(vectorized, text).toEqual(rowwise);
      }
    }
  });

  it('fixture workspace: foreign-index column, partitioned table (NaN), null table in a list, joined table (outer flags) — tagged, strict', async () => {
    const backend = fixtureBackend();
    const av = 'project.artifactVersion("preds", "v0")';
    const preds = `${av}.file("preds.table.json").table.rows`;
    const parts = `${av}.file("parts.partitioned-table.json").partitionedTable.rows`;
    const joined = `${av}.file("pl.joined-table.json").joinedTable`;
    const exprs = [
      `${preds}["label_row"]`,
      `${preds}.map((row) => row["label_row"]["legs"])`,
      `${preds}.filter((row) => row["score"] > 0.5)`,
      `${preds}["score"].avg`,
      `${parts}`,
      `${parts}["v"]`,
      `${parts}.filter((row) => row["k"] != "a").count`,
      'runs.summary["preds"].table.rows.concat["score"].sum',
      'runs.summary["preds"].table.rows.concat.filter((row) => row["score"] > 0.5)["label_row"]',
      'runs.summary["preds"].table.rows.concat.map((row) => row.run.name)',
      'runs.summary["preds"].table.rows',
      `${joined}.rows(true, true)`,
      `${joined}.rows(false, false).count`,
      `${joined}.rows(true, false)["1"]["legs"]`,
      `${joined}.rows(false, true).filter((row) => row["0"]["score"] > 0.5)`,
      `${joined}.rows(false, false)["0"]`,
    ];
    /** A pick through the peer rows of a foreign-index column runs per row (a mixed column of tagged dicts). */
    const loose = new Set([exprs[1]]);
    const columnOnly = new Set([exprs[0], exprs[3], exprs[5], exprs[6], exprs[7]]);
    // The table resolvers never run on the vectorized engine (their rows come from the tables).
    const spies = ['table-rows', 'partitionedtable-rows', 'joinedtable-rows'].map((op) => vi.spyOn(registry.get(op), 'resolve'));
    hook.calls = () => spies.reduce((n: number, s) => n + s.mock.calls.length, 0);
    for (const text of exprs) {
      hook.log.length = 0;
      hook.on = true;
      hook.strict = !loose.has(text);
      built.rows = 0;
      built.cells = 0;
      const vec = await evaluateWithBackend(text, { backend, project: 'acme/vision' });
      hook.on = false;
      if (columnOnly.has(text)) expect(built.rows, text).toBe(0);
      if (text === exprs[0]) expect(built.cells, text).toBe(3); // the foreign-index column, computed once per cell
      const row = await evaluateWithBackend(text, { backend, project: 'acme/vision', engine: 'rowwise' });
      expect(vec.ok, `${text}: ${vec.ok ? '' : vec.error.message}`).toBe(true);
      expect(vec, text).toEqual(row);
      const last = hook.log[hook.log.length - 1];
      expect(ser(last.vectorized), text).toEqual(ser(last.rowwise));
      expect(last.resolverCalls, text).toBe(0);
      expect(hook.log.some((l) => l.resolverCalls > 0)).toBe(false);
    }
    expect(hook.calls()).toBeGreaterThan(0); // the row-wise runs did call them: the spies see the driver's calls
    for (const s of spies) s.mockRestore();
    hook.calls = () => 0;
  });
});
