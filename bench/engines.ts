/**
 * Engine setup shared by the workloads: how each engine receives the data.
 *
 * - vectorized (ours): Arrow IPC bytes → `tableFromIPC` (zero-copy) → `tableFromArrow` (lazy);
 * - hand: the generator's typed arrays directly (the practical single-thread limit);
 * - duckdb_t1 / duckdb_t2: its own table filled with the Appender (threads = 1 / 2); the load
 *   is the setup time, reported separately;
 * - arquero: `aq.fromArrow(ipcBytes)` (decoded by flechette — the fast path);
 * - rowwise: the project's row-by-row executor (`evaluate(text, { engine: 'rowwise' })` from
 *   src/index.ts) over plain JS row objects — see the ROW-WISE ADAPTER below;
 * - executor: the same `evaluate` with `engine: 'vectorized'` — the project's vectorized
 *   executor (src/exec/vectorized, built on these kernels) end to end: parse, check, plan,
 *   ingest the row-list variable as columns (cached by the executor), run kernels.
 */
import * as A from 'apache-arrow';
import { tableFromArrow, tableFromJsonRows, type ColumnTable } from '../src/exec/columnar/index.js';
import { historyRows, isValidBit, runsTable, type GenOptions, type History, type HistoryRow } from './gen.js';

export type EngineId = 'vectorized' | 'hand' | 'duckdb_t1' | 'duckdb_t2' | 'arquero' | 'rowwise' | 'executor';
export const ENGINE_IDS: readonly EngineId[] = ['vectorized', 'hand', 'duckdb_t1', 'duckdb_t2', 'arquero', 'rowwise', 'executor'];

export interface BenchData {
  readonly h: History;
  readonly opts: GenOptions;
  /** Arrow IPC stream of the history table (what a server would send). */
  readonly ipc: Uint8Array;
}

// ------------------------------------------------------------------ ours

export interface OursState {
  readonly t: ColumnTable;
  readonly runs: ColumnTable;
}

export function oursSetup(d: BenchData): OursState {
  const t = tableFromArrow(A.tableFromIPC(d.ipc));
  const runs = tableFromJsonRows(runsTable(d.h));
  return { t, runs };
}

// ------------------------------------------------------------------ DuckDB

/** Minimal structural view of the parts of @duckdb/node-api we use. */
export interface DuckConn {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][]; getRowObjects(): Record<string, unknown>[] }>;
  closeSync?(): void;
}

export async function duckSetup(d: BenchData, threads: number, extra: (c: DuckConn) => Promise<void> = async () => {}): Promise<{ conn: DuckConn }> {
  const D = await import('@duckdb/node-api');
  const inst = await D.DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await inst.connect();
  await conn.run('CREATE TABLE hist(i INTEGER, _step INTEGER, epoch INTEGER, loss DOUBLE, acc DOUBLE, run VARCHAR)');
  const app = await conn.createAppender('hist');
  const h = d.h;
  const CH = 2048;
  const chunk = D.DuckDBDataChunk.create([D.INTEGER, D.INTEGER, D.INTEGER, D.DOUBLE, D.DOUBLE, D.VARCHAR], CH);
  for (let b = 0; b < h.n; b += CH) {
    const e = Math.min(h.n, b + CH);
    const m = e - b;
    const ii = new Array<number>(m);
    const st = new Array<number>(m);
    const ep = new Array<number>(m);
    const lo = new Array<number | null>(m);
    const ac = new Array<number | null>(m);
    const ru = new Array<string>(m);
    for (let k = 0; k < m; k++) {
      const j = b + k;
      ii[k] = j;
      st[k] = h.step[j];
      ep[k] = h.epoch[j];
      lo[k] = isValidBit(h.lossValid, j) ? h.loss[j] : null;
      ac[k] = isValidBit(h.accValid, j) ? h.acc[j] : null;
      ru[k] = h.runNames[h.run[j]];
    }
    chunk.reset();
    chunk.rowCount = m;
    chunk.setColumns([ii, st, ep, lo, ac, ru]);
    app.appendDataChunk(chunk);
  }
  app.flushSync();
  app.closeSync();
  await conn.run('CREATE TABLE runs(name VARCHAR, lr DOUBLE)');
  await conn.run('INSERT INTO runs VALUES ' + runsTable(h).map((r) => `('${r.name}', ${r.lr})`).join(','));
  await extra(conn as unknown as DuckConn);
  await conn.run('CHECKPOINT');
  return { conn: conn as unknown as DuckConn };
}

// ------------------------------------------------------------------ arquero

/** Structural view of the arquero API used here (arquero ships no types for our TS config). */
export interface AqTable {
  filter(expr: string): AqTable;
  groupby(...keys: string[]): AqTable;
  rollup(spec: Record<string, unknown>): AqTable;
  derive(spec: Record<string, string>): AqTable;
  join(other: AqTable, on: [string, string]): AqTable;
  orderby(...keys: unknown[]): AqTable;
  slice(start: number, end: number): AqTable;
  array(name: string): ArrayLike<unknown>;
  objects(): Record<string, unknown>[];
  numRows(): number;
}
export interface AqModule {
  fromArrow(x: Uint8Array): AqTable;
  from(rows: readonly object[]): AqTable;
  desc(name: string): unknown;
  op: Record<string, (...args: unknown[]) => unknown>;
}

export async function aqModule(): Promise<AqModule> {
  return (await import('arquero')) as unknown as AqModule;
}

export async function aqSetup(d: BenchData): Promise<{ aq: AqModule; dt: AqTable; runsDt: AqTable }> {
  const aq = await aqModule();
  return { aq, dt: aq.fromArrow(d.ipc), runsDt: aq.from(runsTable(d.h)) };
}

// ------------------------------------------------------------------ row-wise (ours, other team)

/**
 * ROW-WISE ADAPTER. Runs the workload's expression text through `evaluate` exported by
 * src/index.ts, with the history bound as a variable `history` (a list of plain row objects)
 * instead of `runs.history.concat`, and the runs table as `runsTable`. `engine` selects the
 * executor (`rowwise`, or the vectorized executor for the `executor` engine). If `evaluate` is
 * missing, the engine is skipped with a note.
 */
export interface RowwiseState {
  readonly evaluate: (
    text: string,
    options: { variables: Record<string, { type: unknown; value: unknown }>; engine?: string },
  ) => { ok: boolean; value?: unknown; error?: unknown };
  readonly engine: 'rowwise' | 'vectorized';
  readonly decode: (v: unknown) => unknown;
  readonly variables: Record<string, { type: unknown; value: unknown }>;
  readonly rows: HistoryRow[];
}

export async function rowwiseSetup(
  d: BenchData,
  extraVars: (types: TypesModule, d: BenchData) => Record<string, { type: unknown; value: unknown }> = () => ({}),
  engine: 'rowwise' | 'vectorized' = 'rowwise',
): Promise<RowwiseState> {
  const api = (await import('../src/index.js')) as unknown as Record<string, unknown>;
  if (typeof api.evaluate !== 'function') throw new SkipError('src/index.ts exports no evaluate()');
  const types = (await import('../src/types/index.js')) as unknown as TypesModule;
  const rows = historyRows(d.h);
  const rowType = types.typedDict({ _step: 'number', epoch: 'number', loss: types.maybe('number'), acc: types.maybe('number'), run: 'string' });
  const runsType = types.list(types.typedDict({ name: 'string', lr: 'number' }));
  const variables = {
    history: { type: types.list(rowType), value: rows },
    runsTable: { type: runsType, value: runsTable(d.h) },
    ...extraVars(types, d),
  };
  return {
    engine,
    evaluate: api.evaluate as RowwiseState['evaluate'],
    decode: (typeof api.decodeValue === 'function' ? api.decodeValue : (v: unknown) => v) as (v: unknown) => unknown,
    variables,
    rows,
  };
}

export interface TypesModule {
  list(t: unknown): unknown;
  typedDict(p: Record<string, unknown>): unknown;
  maybe(t: unknown): unknown;
  typeOfValue(v: unknown): unknown;
}

/** Replaces the `runs.history.concat` source with the `history` variable. */
export function rowwiseText(expr: string): string {
  return expr.replaceAll('runs.history.concat', 'history').replaceAll('runs.summary', 'summaries');
}

export function rowwiseRun(s: RowwiseState, expr: string): unknown {
  const r = s.evaluate(rowwiseText(expr), { variables: s.variables, engine: s.engine });
  if (!r.ok) throw new Error(`evaluate (${s.engine}) failed: ${JSON.stringify(r.error)}`);
  return r.value;
}

/** Thrown by a setup to skip an engine with a note. */
export class SkipError extends Error {}
