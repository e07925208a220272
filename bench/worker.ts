/**
 * One benchmark process: one (workload, engine, N). Prints one JSON line on stdout.
 *
 *   node --expose-gc --import tsx bench/worker.ts <workload> <engine> <N> [json options]
 *
 * Generates the seeded data, computes the reference answer, sets the engine up (timed:
 * `setup_ms`; for DuckDB this is its load), does one cold run, warm-up runs, then timed runs with
 * a forced GC and a settle pause before each (so concurrently compiled code gets installed),
 * and reports the median. The cold and the last result are checked against the reference.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { tableToIPC, type Data, type Table } from 'apache-arrow';
import { type BenchData, type EngineId, SkipError } from './engines.js';
import { DEFAULT_GEN, genHistory, historyArrow, type GenOptions } from './gen.js';
import { workloadById } from './workloads.js';

interface WorkerOptions {
  reps: number;
  warmup: number;
  settleMs: number;
  gen: Partial<Omit<GenOptions, 'n'>>;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const gcFn = (globalThis as { gc?: () => void }).gc;
const gc = (): void => {
  if (gcFn) {
    gcFn();
    gcFn();
  }
};
const mb = (b: number): number => Math.round((b / 1048576) * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/**
 * Peak memory of one query: Linux lets a process reset its resident-set high-water mark
 * (`/proc/self/clear_refs` ← 5), so the mark read after the query minus the resident set before
 * it is what the query itself needed at its peak (garbage included). Null where unsupported.
 */
function procStatusKb(field: string): number | null {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
function resetPeak(): number | null {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return procStatusKb('VmRSS');
  } catch {
    return null;
  }
}
function peakSince(rssKb: number | null): number | null {
  const hwm = procStatusKb('VmHWM');
  return rssKb === null || hwm === null ? null : Math.max(0, hwm - rssKb) * 1024;
}

/** Bytes held by an Arrow table's buffers (values, validity, offsets, type ids, dictionaries). */
function arrowBytes(t: Table): number {
  const dataBytes = (d: Data): number => {
    let b = 0;
    for (const buf of [d.values, d.nullBitmap, d.valueOffsets, d.typeIds] as (ArrayBufferView | undefined)[]) {
      if (buf && buf.byteLength > 0) b += buf.byteLength;
    }
    for (const c of d.children) b += dataBytes(c);
    if (d.dictionary) for (const dd of d.dictionary.data) b += dataBytes(dd);
    return b;
  };
  let total = 0;
  for (const batch of t.batches) total += dataBytes(batch.data);
  return total;
}

function emit(o: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(o) + '\n');
}

async function main(): Promise<void> {
  const [wid, engine, nArg, optJson] = process.argv.slice(2);
  const n = Number(nArg);
  const o: WorkerOptions = { reps: 5, warmup: 3, settleMs: 50, gen: {}, ...(optJson ? (JSON.parse(optJson) as Partial<WorkerOptions>) : {}) };
  const w = workloadById(wid);
  const base = { workload: wid, engine, n };
  const impl = w.engines[engine as EngineId];
  if (!impl) {
    emit({ ...base, skipped: true, note: w.skip?.[engine as EngineId] ?? 'not implemented for this workload' });
    return;
  }
  const cap = w.maxN?.[engine as EngineId];
  if (cap !== undefined && n > cap.n) {
    emit({ ...base, skipped: true, note: cap.note });
    return;
  }
  gc();
  const rss0 = process.memoryUsage().rss;
  const gen: GenOptions = { ...DEFAULT_GEN, ...o.gen, n };
  const h = genHistory(gen);
  const arrow = historyArrow(h, gen.chunk);
  const inputArrowBytes = arrowBytes(arrow);
  const ipc = tableToIPC(arrow);
  const data: BenchData = { h, opts: gen, ipc };
  const ref = w.ref(data);
  // preload the engine's libraries so module loading is not counted as setup
  if (engine.startsWith('duckdb')) await import('@duckdb/node-api');
  if (engine === 'arquero') await import('arquero');
  if (engine === 'rowwise') {
    await import('../src/index.js');
    await import('../src/types/index.js');
  }
  gc();
  const rssData = process.memoryUsage().rss;
  let state: unknown;
  let t0 = now();
  try {
    state = await impl.setup(data);
  } catch (e) {
    if (e instanceof SkipError) {
      emit({ ...base, skipped: true, note: e.message });
      return;
    }
    throw e;
  }
  const setupMs = now() - t0;
  gc();
  const rssSetup = process.memoryUsage().rss;
  const settle = async (): Promise<void> => {
    gc();
    await sleep(o.settleMs);
  };
  const approx = impl.approx === true;
  const verify = (r: unknown): string | null => {
    const norm = impl.normalize ? impl.normalize(r, state) : r;
    return w.check(norm, ref, approx);
  };
  await settle();
  t0 = now();
  let res = await impl.run(state);
  const coldMs = now() - t0;
  const coldErr = verify(res);
  // slow engines (over half a second per run) get fewer repetitions: 1 warm-up, 3 timed runs
  const slow = coldMs > 500;
  const warmup = slow ? 1 : o.warmup;
  const reps = slow ? 3 : o.reps;
  for (let i = 0; i < warmup; i++) {
    await settle();
    res = await impl.run(state);
  }
  const times: number[] = [];
  let queryPeak: number | null = null;
  for (let i = 0; i < reps; i++) {
    await settle();
    const last = i === reps - 1;
    const rssKb = last ? resetPeak() : null;
    t0 = now();
    res = await impl.run(state);
    times.push(now() - t0);
    // measured on the last run only, outside the timed span
    if (last) queryPeak = peakSince(rssKb);
  }
  const lastErr = verify(res);
  times.sort((a, b) => a - b);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  emit({
    ...base,
    load_avg: Math.round(loadavg()[0] * 10) / 10,
    setup_ms: round(setupMs),
    cold_ms: round(coldMs),
    median_ms: round(times[times.length >> 1]),
    min_ms: round(times[0]),
    max_ms: round(times[times.length - 1]),
    reps,
    ok: coldErr === null && lastErr === null,
    mismatch: coldErr ?? lastErr ?? undefined,
    approx_check: approx,
    rss_base_mb: mb(rss0),
    rss_data_mb: mb(rssData),
    rss_after_setup_mb: mb(rssSetup),
    peak_rss_mb: mb(maxRss),
    peak_bytes_per_row: n > 0 ? Math.round((maxRss - rss0) / n) : null,
    arrow_bytes: inputArrowBytes,
    query_peak_bytes: queryPeak,
    query_peak_vs_arrow: queryPeak === null || inputArrowBytes === 0 ? null : Math.round((queryPeak / inputArrowBytes) * 1000) / 1000,
    node: process.version,
  });
}

function round(x: number): number {
  return x >= 100 ? Math.round(x * 10) / 10 : Math.round(x * 1000) / 1000;
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    const [wid, engine, nArg] = process.argv.slice(2);
    emit({ workload: wid, engine, n: Number(nArg), failed: true, error: e instanceof Error ? `${e.message}` : String(e) });
    process.exit(0);
  },
);
