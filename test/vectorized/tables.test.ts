/**
 * W&B table rows on the vectorized engine: `table.rows` (and partitioned tables' rows) are held
 * as columns built from the tables' cells, each row keeping its `{table}` tag; results equal the
 * row-wise executor's with tags (NaN / null / −0 distinguished, order kept).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoWorkspace } from '../../scripts/demo/generate.js';
import type { Backend } from '../../src/backends/backend.js';
import { openWorkspace } from '../../src/backends/local/index.js';
import { evaluateWithBackend } from '../../src/exec/driver.js';
import type { Node } from '../../src/graph/node.js';
import { columnFromRowMajor, tableFromColumnMajor, tableFromRowMajor, toJS } from '../../src/exec/columnar/index.js';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, newStats, type VectorizedStats } from '../../src/exec/vectorized/index.js';
import { concatRowLists } from '../../src/exec/vectorized/sources.js';
import { NOT_HELD, TableRowLists, tableRowsFromInput } from '../../src/exec/vectorized/table-sources.js';
import { ColumnarRows, materialize } from '../../src/exec/vectorized/values.js';
import { TableValue } from '../../src/ops/domain/values.js';
import { stripTags, Tagged, untag } from '../../src/ops/values.js';
import { list, maybe, union, type Type } from '../../src/types/index.js';
import { compileExpr, registry, ser, serOutcome } from './helpers.js';

/**
 * The driver's engine hook, instrumented: the vectorized engine runs in strict mode with no
 * threshold, and every call also runs the row-wise executor on the same graph and data, so the
 * tagged values (which the driver strips) can be compared.
 */
const hook = vi.hoisted(() => ({ log: [] as { rowwise: unknown; vectorized: unknown; vectorizedOps: number }[], on: false }));
// The factory imports nothing but the original module (importing a module that itself imports
// this one from inside the factory would wait on the factory forever).
vi.mock('../../src/exec/vectorized/index.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/exec/vectorized/index.js')>();
  return {
    ...orig,
    executeWith: (engine: 'rowwise' | 'vectorized' | undefined, node: Node, options: Parameters<typeof orig.executeWith>[2]) => {
      if (!hook.on || engine === 'rowwise') return orig.executeWith(engine, node, options);
      const stats = orig.newStats();
      const v = orig.executeVectorized(node, { ...options, strict: true, threshold: 0, stats });
      hook.log.push({ rowwise: orig.executeWith('rowwise', node, options), vectorized: v, vectorizedOps: stats.vectorized });
      return v;
    },
  };
});

const NUM_RUNS = process.env.PANELQL_LONG ? 1000 : 60;

const COLUMNS = ['id', 'score', 'label', 'flag', 'mix', 'obj', 'é✓'] as const;

const tableType = {
  type: 'table',
  columnTypes: {
    id: 'number',
    score: maybe('number'),
    label: maybe('string'),
    flag: maybe('boolean'),
    mix: maybe(union(['number', 'string'])),
    obj: 'any',
    'é✓': maybe('number'),
  },
} as unknown as Type;

const score = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -2, max: 2, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(null, NaN, -0, 0, Infinity, -Infinity, 0.5) },
);
const cellRow = (i: number) =>
  fc.tuple(
    fc.constant(i),
    score,
    fc.option(fc.constantFrom('cat', 'dog', 'émû', '', 'x'), { nil: null }),
    fc.option(fc.boolean(), { nil: null }),
    fc.option(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'b')), { nil: null }),
    fc.option(fc.record({ _type: fc.constant('image-file'), path: fc.constantFrom('a.png', 'b.png') }), { nil: null }),
    fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  );
const tableData = fc.integer({ min: 1, max: 14 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => cellRow(i))));

function table(data: unknown[][]): TableValue {
  return new TableValue(null, [...COLUMNS], data);
}

/** Strict: these must run with no fallback. */
const STRICT = [
  'T.rows.count',
  'T.rows["score"].avg',
  'T.rows["score"].sum',
  'T.rows["id"].max',
  'T.rows.filter((row) => row["score"] > 0.5).count',
  'T.rows.filter((row) => row["score"] > 0.5)',
  'T.rows.filter((row) => row["score"] <= 0 or row["é✓"] > 1)["id"]',
  'T.rows.map((row) => row["label"])',
  'T.rows.map((row) => {s: row["score"] * 2, l: row["label"], o: row["obj"]})',
  'T.rows.groupby((row) => row["label"]).map((row) => {k: row.groupkey, s: row["score"].avg, n: row.count})',
  'T.rows.groupby((row) => row["id"] % 3).map((row) => row["score"].max)',
  'T.rows.filter((row) => row["label"] == "cat")["id"].sum',
  'T.rows.sort((row) => [row["id"]], ["desc"]).limit(3)',
  'T.rows.filter((row) => row["score"] > 0.5).table',
  'T.rows.map((row) => row.table.rows.count)',
  'T.rows.limit(2)',
];
/** Non-strict: ops without kernels fall back, results must still agree. */
const LOOSE = [
  'T.rows.map((row) => row["label"] + "!")',
  'T.rows["mix"]',
  'T.rows.filter((row) => row["flag"])',
  'T.rows.map((row, i) => i)',
  'T.rows["obj"]',
  'T.rows.join(T.rows, (row) => row["label"], (row) => row["label"], "a", "b", false, false).count',
];

function run(text: string, vars: Record<string, { type: Type; value: unknown }>, strict: boolean): { rowwise: unknown; vectorized: unknown; stats: VectorizedStats } {
  const node = compileExpr(text, vars);
  const values = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v.value]));
  const data = { wandb: {} };
  const stats = newStats();
  return {
    rowwise: serOutcome(() => executeNode(node, { registry, variables: values, data })),
    vectorized: serOutcome(() => executeVectorized(node, { registry, variables: values, data, strict, threshold: 0, stats })),
    stats,
  };
}

describe('table rows on the vectorized engine', () => {
  it('single tables (tagged and untagged): kernels in strict mode equal the row-wise executor with tags', () => {
    fc.assert(
      fc.property(tableData, fc.boolean(), fc.constantFrom(...STRICT), (data, tagged, text) => {
        const t = table(data);
        const vars = { T: { type: tableType, value: tagged ? new Tagged({ run: 'r0' }, t) : t } };
        const r = run(text, vars, true);
        expect(r.vectorized).toEqual(r.rowwise);
        expect(r.stats.vectorized).toBeGreaterThan(0);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('ops without kernels still agree (non-strict)', () => {
    fc.assert(
      fc.property(tableData, fc.constantFrom(...LOOSE), (data, text) => {
        const r = run(text, { T: { type: tableType, value: table(data) } }, false);
        expect(r.vectorized).toEqual(r.rowwise);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('table-rows on a table are ColumnarRows with one tag per table; rows materialize as the resolver makes them', () => {
    const t = table([
      [0, 0.7, 'cat', true, 1, { _type: 'image-file', path: 'a.png' }, 2],
      [1, null, null, null, 'a', null, null],
      [2, NaN, 'dog', false, null, null, -0],
    ]);
    const input = new Tagged({ run: 'r0' }, t);
    const node = compileExpr('T.rows', { T: { type: tableType, value: input } });
    const rows = executeNode(node, { registry, variables: { T: input }, data: WANDB }) as unknown[];
    const c = tableRowsFromInput('table-rows', [input], WANDB, 0);
    expect(c).toBeInstanceOf(ColumnarRows);
    const cr = c as ColumnarRows;
    expect([...(cr.tagIds as Int32Array)]).toEqual([0, 0, 0]);
    expect(cr.tagValues).toHaveLength(1);
    expect(ser(cr.toRowwise())).toEqual(ser(rows));
    for (let i = 0; i < rows.length; i++) expect(ser(cr.rowTag(i))).toEqual(ser((rows[i] as Tagged).tag));
    expect(cr.table.get('score').kind).toBe('number');
    expect(['string', 'dict']).toContain(cr.table.get('label').kind);
    expect(cr.table.get('flag').kind).toBe('bool');
    expect(cr.table.get('mix').kind).toBe('mixed');
    expect(cr.table.get('obj').kind).toBe('mixed');
    expect(ser(toJS(cr.table.get('é✓')))).toEqual([2, null, '$-0']);
    // cached per table value's cells
    expect(cachedAgain(t)).toBe(true);
    // below the threshold: the exact JS rows
    expect(ser(tableRowsFromInput('table-rows', [input], WANDB, 4))).toEqual(ser(rows));
    // not a table, null: as the resolver; no W&B data or a row that is not an array: the resolver decides
    expect(tableRowsFromInput('table-rows', [3], WANDB, 0)).toBeNull();
    expect(tableRowsFromInput('table-rows', [null], WANDB, 0)).toBeNull();
    expect(tableRowsFromInput('table-rows', [t], null, 0)).toBe(NOT_HELD);
    expect(tableRowsFromInput('table-rows', [table([[0], null as unknown as unknown[]])], WANDB, 0)).toBe(NOT_HELD);
  });

  it('a list of tables (nulls and non-tables included): one held list per table; concat joins them as columns with one segment per table', () => {
    fc.assert(
      fc.property(fc.array(fc.option(tableData, { nil: null, freq: 4 }), { minLength: 1, maxLength: 4 }), (datas) => {
        const tables = datas.map((d, p) => (d === null ? null : new Tagged({ run: `r${p}` }, table(d))));
        const vars = { TS: { type: list(maybe(tableType)), value: tables } };
        const perTable = executeNode(compileExpr('TS.rows', vars), { registry, variables: { TS: tables }, data: WANDB }) as unknown[];
        const flat = executeNode(compileExpr('TS.rows.concat', vars), { registry, variables: { TS: tables }, data: WANDB }) as unknown[];
        const lists = tableRowsFromInput('table-rows', [tables], WANDB, 0) as TableRowLists;
        expect(lists).toBeInstanceOf(TableRowLists);
        expect(ser(lists.toRowwise())).toEqual(ser(perTable));
        expect(ser(lists.toPlain())).toEqual(ser(stripTags(perTable)));
        const c = concatRowLists(lists, 0) as ColumnarRows;
        expect(c).toBeInstanceOf(ColumnarRows);
        expect(ser(c.toRowwise())).toEqual(ser(flat));
        for (let i = 0; i < flat.length; i++) {
          expect(ser(c.rowTag(i))).toEqual(ser((flat[i] as Tagged).tag));
          for (const col of COLUMNS) expect(ser(toJS(c.table.get(col), Uint32Array.of(i))[0])).toEqual(ser((untag(flat[i]) as Record<string, unknown>)[col]));
        }
      }),
      { numRuns: NUM_RUNS / 2 },
    );
  });

  it('concatRowLists: held table row lists, tagged and untagged, as the row-wise concat', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(tableData, fc.boolean()), { minLength: 1, maxLength: 4 }), (parts) => {
        const tables = parts.map(([d]) => table(d));
        const lists = tableRowsFromInput('table-rows', [tables], WANDB, 0) as TableRowLists;
        const items = lists.lists.map((rows, p) => (parts[p][1] ? new Tagged({ part: p }, rows) : rows));
        const c = concatRowLists(items, 0) as ColumnarRows;
        expect(c).toBeInstanceOf(ColumnarRows);
        const exact = items.map((x) => materializeTagged(x));
        const concatNode = compileExpr('L.concat', { L: { type: list(list('any')), value: exact } });
        const expected = executeNode(concatNode, { registry, variables: { L: exact } }) as unknown[];
        expect(ser(c.toRowwise())).toEqual(ser(expected));
        for (let i = 0; i < expected.length; i++) expect(ser(c.rowTag(i))).toEqual(ser((expected[i] as Tagged).tag));
      }),
      { numRuns: NUM_RUNS / 2 },
    );
  });
});

const WANDB = { wandb: {} };

/** A held row list (possibly tagged) as the row-wise executor holds it. */
function materializeTagged(x: unknown): unknown {
  return x instanceof Tagged ? new Tagged(x.tag, materialize(x.value)) : materialize(x);
}

function cachedAgain(t: TableValue): boolean {
  const again = new TableValue(null, t.columnNames, t.rows);
  const a = tableRowsFromInput('table-rows', [again], WANDB, 0) as ColumnarRows;
  const b = tableRowsFromInput('table-rows', [t], WANDB, 0) as ColumnarRows;
  return a.table.get('score') === b.table.get('score');
}

describe('table cells → columns', () => {
  const cell = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(null, undefined, -0, NaN),
    fc.string(),
    fc.boolean(),
    fc.record({ k: fc.integer() }),
    fc.array(fc.integer(), { maxLength: 2 }),
  );
  const homogeneous = fc.oneof(
    fc.array(fc.option(fc.double(), { nil: null })),
    fc.array(fc.option(fc.integer(), { nil: undefined })),
    fc.array(fc.option(fc.constantFrom('a', 'b', 'ü', '\u{1F600}'), { nil: null })),
    fc.array(fc.option(fc.string(), { nil: null })),
    fc.array(fc.option(fc.boolean(), { nil: null })),
  );
  // A kind that differs only late (after many same-kind cells) must still give exact values.
  const lateConflict = fc.tuple(homogeneous, cell).map(([xs, x]) => [...xs, x]);

  it('every cell reads back exactly (null for null/undefined), row-major and column-major', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(cell), homogeneous, lateConflict), (cells) => {
        const expected = cells.map((v) => (v === undefined ? null : v));
        const rowMajor = cells.map((v) => [0, v]);
        expect(ser(toJS(columnFromRowMajor(rowMajor, 1)))).toEqual(ser(expected));
        const t = tableFromColumnMajor(['a'], [cells]);
        expect(t.length).toBe(cells.length);
        expect(ser(toJS(t.get('a')))).toEqual(ser(expected));
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it('kinds: numbers, dictionary strings, booleans, mixed for objects and conflicts; all-null', () => {
    expect(columnFromRowMajor([[1], [null], [2.5]], 0).kind).toBe('number');
    expect(columnFromRowMajor([['a'], ['a'], [null], ['b'], ['a']], 0).kind).toBe('dict');
    expect(columnFromRowMajor([['a'], ['b']], 0).kind).toBe('string');
    expect(columnFromRowMajor([[true], [null]], 0).kind).toBe('bool');
    expect(columnFromRowMajor([[1], ['1']], 0).kind).toBe('mixed');
    expect(columnFromRowMajor([[{ path: 'x' }]], 0).kind).toBe('mixed');
    expect(columnFromRowMajor([[null], [undefined]], 0).nullCount).toBe(2);
    const t = tableFromRowMajor(['a', '__proto__', 'a'], [[1, 2, 3]]);
    expect(t.names).toEqual(['a', '__proto__']);
    expect(toJS(t.get('a'))).toEqual([3]);
    expect(toJS(t.get('__proto__'))).toEqual([2]);
  });
});

describe('demo workspace through the local backend', () => {
  let dir = '';
  let backend: Backend;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'panelql-tables-'));
    await generateDemoWorkspace(dir, 42);
    backend = await openWorkspace(dir);
  }, 120_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const av = 'project.artifactVersion("mnist-preds", "latest")';
  const preds = `${av}.file("preds.table.json").table.rows`;
  const parts = `${av}.file("preds_by_part.partitioned-table.json").partitionedTable.rows`;
  const perRun = 'runs.summary["predictions"].table.rows.concat';
  /** Expressions whose table rows are columns (strict: every op after the rows has a kernel). */
  const KERNELS = [
    `${preds}.filter((row) => row["score"] > 0.5).count`,
    `${preds}.map((row) => row["guess"])`,
    `${preds}.groupby((row) => row["truth"]).map((row) => {k: row.groupkey, s: row["score"].avg, n: row.count})`,
    `${preds}.filter((row) => row["score"] > 0.8)`,
    `${preds}.map((row) => row["image"])`,
    `${preds}.filter((row) => row["guess"] == row["truth"]).table`,
    `runs[0].summary["predictions"].table.rows.filter((row) => row["score"] > 0.5)["id"]`,
    `${parts}.filter((row) => row["score"] > 0.5).count`,
    `${parts}.groupby((row) => row["guess"]).map((row) => row["score"].max)`,
    `${parts}.map((row) => {s: row["score"], g: row["guess"] * 2})`,
  ];
  /** Equal on both engines (concat of per-run tables and joined tables: see docs/vectorized.md). */
  const OTHERS = [
    `${perRun}.filter((row) => row["score"] > 0.5).count`,
    `${perRun}.map((row) => row["truth"])`,
    `${perRun}.groupby((row) => row["truth"]).map((row) => row["score"].avg)`,
    `${perRun}.filter((row) => row["score"] > 0.9)["id"].run.name`,
    `${av}.file("preds_labels.joined-table.json").joinedTable.rows(true, true)["1"]["name"]`,
  ];

  it('values and tags equal the row-wise engine; table expressions run as kernels in strict mode', async () => {
    for (const text of [...KERNELS, ...OTHERS]) {
      hook.log.length = 0;
      hook.on = true;
      let vec;
      try {
        vec = await evaluateWithBackend(text, { backend, project: 'wandb-demo/mnist-sweeps' });
      } finally {
        hook.on = false;
      }
      const row = await evaluateWithBackend(text, { backend, project: 'wandb-demo/mnist-sweeps', engine: 'rowwise' });
      expect(vec.ok, `${text}: ${vec.ok ? '' : vec.error.message}`).toBe(true);
      expect(vec, text).toEqual(row);
      const last = hook.log[hook.log.length - 1];
      expect(ser(last.vectorized), text).toEqual(ser(last.rowwise));
      if (KERNELS.includes(text)) expect(last.vectorizedOps, text).toBeGreaterThan(1);
    }
  }, 120_000);
});
