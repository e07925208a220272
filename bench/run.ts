/**
 * Benchmark driver: one fresh Node process per (workload, engine, N), a markdown table of
 * medians and ratios, and optionally a JSON file.
 *
 *   npx tsx bench/run.ts                       # W1–W11 at N = 1e4, 1e5, 1e6
 *   npx tsx bench/run.ts --quick --json q.json # W1–W3 at 1e5 (CI smoke, < 2 min)
 *   npx tsx bench/run.ts --sizes 1e6 --workloads W2,W3 --engines vectorized,hand --procs 3
 *
 * Options: --sizes a,b  --workloads W1,…  --engines e1,…  --procs K (repeat each process K
 * times, report the median of the medians)  --reps R  --warmup W  --runs R  --null-rate x
 * --nan-rate x  --loss-nan-rate x  --chunk rows  --shuffle  --seed s  --json FILE  --md FILE
 *
 * Engines: vectorized (our kernels, composed as the executor will call them), hand (fused
 * typed-array loop: the practical limit), duckdb_t1 / duckdb_t2 (@duckdb/node-api, threads 1/2,
 * load time reported separately), arquero (fed Arrow IPC), rowwise (the project's row-wise
 * executor through `evaluate(…, { engine: 'rowwise' })`, when src/index.ts exports it),
 * executor (the same `evaluate` with the project's vectorized executor, which runs on these
 * kernels: end to end — parse, check, plan, execute).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_IDS, type EngineId } from './engines.js';
import { WORKLOADS } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

interface Args {
  sizes: number[];
  workloads: string[];
  engines: EngineId[];
  procs: number;
  json: string | null;
  md: string | null;
  worker: { reps?: number; warmup?: number; gen: Record<string, number | boolean> };
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    sizes: [1e4, 1e5, 1e6],
    workloads: WORKLOADS.map((w) => w.id),
    engines: [...ENGINE_IDS],
    procs: 1,
    json: null,
    md: null,
    worker: { gen: {} },
  };
  const num = (s: string | undefined): number => {
    const x = Number(s);
    if (!Number.isFinite(x)) throw new Error(`not a number: ${s}`);
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${f} needs a value`);
      return v;
    };
    switch (f) {
      case '--quick':
        a.sizes = [1e5];
        a.workloads = ['W1', 'W2', 'W3'];
        break;
      case '--sizes':
        a.sizes = next().split(',').map(num);
        break;
      case '--workloads':
        a.workloads = next().split(',');
        break;
      case '--engines':
        a.engines = next().split(',') as EngineId[];
        break;
      case '--procs':
        a.procs = num(next());
        break;
      case '--json':
        a.json = next();
        break;
      case '--md':
        a.md = next();
        break;
      case '--reps':
        a.worker.reps = num(next());
        break;
      case '--warmup':
        a.worker.warmup = num(next());
        break;
      case '--runs':
        a.worker.gen.runs = num(next());
        break;
      case '--null-rate':
        a.worker.gen.nullRate = num(next());
        break;
      case '--nan-rate':
        a.worker.gen.nanRate = num(next());
        break;
      case '--loss-nan-rate':
        a.worker.gen.lossNanRate = num(next());
        break;
      case '--chunk':
        a.worker.gen.chunk = num(next());
        break;
      case '--seed':
        a.worker.gen.seed = num(next());
        break;
      case '--shuffle':
        a.worker.gen.shuffle = true;
        break;
      case '--help':
        process.stdout.write('see the header of bench/run.ts\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${f}`);
    }
  }
  for (const e of a.engines) if (!ENGINE_IDS.includes(e)) throw new Error(`unknown engine ${e}`);
  return a;
}

interface WorkerResult {
  workload: string;
  engine: string;
  n: number;
  skipped?: boolean;
  failed?: boolean;
  note?: string;
  error?: string;
  setup_ms?: number;
  cold_ms?: number;
  median_ms?: number;
  min_ms?: number;
  max_ms?: number;
  ok?: boolean;
  mismatch?: string;
  peak_rss_mb?: number;
  peak_bytes_per_row?: number | null;
  query_peak_vs_arrow?: number | null;
  load_before?: number;
}

function runWorker(wid: string, engine: string, n: number, opts: Args['worker']): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const args = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', join(here, 'worker.ts'), wid, engine, String(n), JSON.stringify(opts)];
    const load = loadavg()[0];
    execFile(process.execPath, args, { cwd: root, timeout: 20 * 60 * 1000, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        const r = JSON.parse(line) as WorkerResult;
        resolve({ ...r, load_before: Math.round(load * 10) / 10 });
      } catch {
        resolve({ workload: wid, engine, n, failed: true, error: (err?.message ?? '') + ' ' + stderr.split('\n').slice(-3).join(' ') });
      }
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function fmtN(n: number): string {
  const e = Math.log10(n);
  return Number.isInteger(e) ? `1e${e}` : String(n);
}

function fmtMs(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || b === 0) return null;
  return Math.round((a / b) * 100) / 100;
}

function fmtRatio(r: number | null): string {
  return r === null ? '–' : `${r.toFixed(2)}×`;
}

interface Cell {
  median: number | null;
  setup: number | null;
  cold: number | null;
  ok: boolean | null;
  bytesPerRow: number | null;
  /** Resident memory the last timed query grew by at its peak ÷ the input's Arrow buffer bytes. */
  peakVsArrow: number | null;
  note: string | null;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    loadavg_start: loadavg().map((x) => Math.round(x * 10) / 10),
    args: process.argv.slice(2),
  };
  const cells = new Map<string, Cell>(); // `${w}|${n}|${engine}`
  const raw: WorkerResult[] = [];
  const plan: [string, number][] = [];
  for (const wid of args.workloads) {
    const w = WORKLOADS.find((x) => x.id === wid);
    if (!w) throw new Error(`unknown workload ${wid}`);
    const sizes = w.sizes ? w.sizes.filter((s) => args.sizes.some((x) => x >= s)) : args.sizes;
    for (const n of sizes) plan.push([wid, n]);
  }
  for (const [wid, n] of plan) {
    for (const engine of args.engines) {
      const results: WorkerResult[] = [];
      for (let p = 0; p < args.procs; p++) {
        const r = await runWorker(wid, engine, n, args.worker);
        results.push(r);
        raw.push(r);
        if (r.skipped || r.failed) break;
      }
      const good = results.filter((r) => r.median_ms !== undefined);
      const first = results[0];
      const cell: Cell = {
        median: good.length ? median(good.map((r) => r.median_ms as number)) : null,
        setup: good.length ? median(good.map((r) => r.setup_ms as number)) : null,
        cold: good.length ? median(good.map((r) => r.cold_ms as number)) : null,
        ok: good.length ? good.every((r) => r.ok) : null,
        bytesPerRow: good.length ? median(good.map((r) => r.peak_bytes_per_row ?? 0)) : null,
        peakVsArrow: good.some((r) => r.query_peak_vs_arrow != null) ? median(good.map((r) => r.query_peak_vs_arrow ?? 0)) : null,
        note: first.skipped ? `skipped: ${first.note}` : first.failed ? `failed: ${first.error}` : good.some((r) => !r.ok) ? `MISMATCH: ${good.find((r) => !r.ok)?.mismatch}` : null,
      };
      cells.set(`${wid}|${n}|${engine}`, cell);
      const status = cell.median !== null ? `${fmtMs(cell.median)} ms (setup ${fmtMs(cell.setup)}, cold ${fmtMs(cell.cold)})${cell.ok ? '' : ' MISMATCH'}` : (cell.note ?? '');
      process.stderr.write(`${wid.padEnd(5)} ${fmtN(n).padEnd(4)} ${engine.padEnd(11)} ${status}\n`);
    }
  }

  // ---- markdown
  const lines: string[] = [];
  const sizes = [...new Set(plan.map(([, n]) => n))].sort((a, b) => a - b);
  const get = (w: string, n: number, e: string): Cell | undefined => cells.get(`${w}|${n}|${e}`);
  const med = (w: string, n: number, e: string): number | null => get(w, n, e)?.median ?? null;
  const jsonOut: Record<string, unknown> = { meta: { ...meta, loadavg_end: loadavg().map((x) => Math.round(x * 10) / 10), seconds: Math.round((Date.now() - started) / 1000) }, by_size: {} };
  const bySize = jsonOut.by_size as Record<string, Record<string, unknown>>;
  for (const n of sizes) {
    lines.push(`### N = ${fmtN(n)} (median ms of ${args.worker.reps ?? 5} warm runs${args.procs > 1 ? `, median over ${args.procs} processes` : ''})`, '');
    lines.push(
      '| workload | ours (kernels) | hand loop | DuckDB t1 | DuckDB t2 | arquero (IPC) | row-wise | executor (e2e) | ours/hand | ours/duckdb_t1 | ours/duckdb_t2 | ours/arquero | rowwise/vectorized | executor/vectorized | rowwise/executor | executor/hand | DuckDB load ms | ours peak B/row | query peak ÷ Arrow bytes (ours / executor) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    bySize[fmtN(n)] = {};
    for (const w of WORKLOADS) {
      if (!plan.some(([wid, m]) => wid === w.id && m === n)) continue;
      const ms = (e: string): string => {
        const c = get(w.id, n, e);
        if (!c || c.median === null) return '–';
        return fmtMs(c.median) + (c.ok === false ? ' ✗' : '');
      };
      const ours = med(w.id, n, 'vectorized');
      const r = {
        ours_vs_hand: ratio(ours, med(w.id, n, 'hand')),
        ours_vs_duckdb_t1: ratio(ours, med(w.id, n, 'duckdb_t1')),
        ours_vs_duckdb_t2: ratio(ours, med(w.id, n, 'duckdb_t2')),
        ours_vs_arquero: ratio(ours, med(w.id, n, 'arquero')),
        rowwise_vs_vectorized: ratio(med(w.id, n, 'rowwise'), ours),
        executor_vs_vectorized: ratio(med(w.id, n, 'executor'), ours),
        rowwise_vs_executor: ratio(med(w.id, n, 'rowwise'), med(w.id, n, 'executor')),
        executor_vs_hand: ratio(med(w.id, n, 'executor'), med(w.id, n, 'hand')),
      };
      const peak = (e: string): string => {
        const v = get(w.id, n, e)?.peakVsArrow;
        return v == null ? '–' : v.toFixed(2);
      };
      const load = get(w.id, n, 'duckdb_t1')?.setup ?? null;
      lines.push(
        `| ${w.id} ${w.title} | ${ms('vectorized')} | ${ms('hand')} | ${ms('duckdb_t1')} | ${ms('duckdb_t2')} | ${ms('arquero')} | ${ms('rowwise')} | ${ms('executor')} | ${fmtRatio(r.ours_vs_hand)} | ${fmtRatio(r.ours_vs_duckdb_t1)} | ${fmtRatio(r.ours_vs_duckdb_t2)} | ${fmtRatio(r.ours_vs_arquero)} | ${fmtRatio(r.rowwise_vs_vectorized)} | ${fmtRatio(r.executor_vs_vectorized)} | ${fmtRatio(r.rowwise_vs_executor)} | ${fmtRatio(r.executor_vs_hand)} | ${fmtMs(load)} | ${get(w.id, n, 'vectorized')?.bytesPerRow ?? '–'} | ${peak('vectorized')} / ${peak('executor')} |`,
      );
      const entry: Record<string, unknown> = {
        n,
        medians_ms: Object.fromEntries(args.engines.map((e) => [e, med(w.id, n, e)])),
        cold_ms: Object.fromEntries(args.engines.map((e) => [e, get(w.id, n, e)?.cold ?? null])),
        setup_ms: Object.fromEntries(args.engines.map((e) => [e, get(w.id, n, e)?.setup ?? null])),
        ok: Object.fromEntries(args.engines.map((e) => [e, get(w.id, n, e)?.ok ?? null])),
        peak_bytes_per_row: Object.fromEntries(args.engines.map((e) => [e, get(w.id, n, e)?.bytesPerRow ?? null])),
        query_peak_vs_arrow: Object.fromEntries(args.engines.map((e) => [e, get(w.id, n, e)?.peakVsArrow ?? null])),
        notes: Object.fromEntries(args.engines.flatMap((e) => (get(w.id, n, e)?.note ? [[e, get(w.id, n, e)?.note]] : []))),
        ...r,
      };
      bySize[fmtN(n)][w.id] = entry;
    }
    lines.push('');
    const notes: string[] = [];
    for (const w of WORKLOADS)
      for (const e of args.engines) {
        const c = get(w.id, n, e);
        if (c?.note) notes.push(`- ${w.id} ${e}: ${c.note}`);
      }
    if (notes.length) lines.push('Notes:', ...notes, '');
  }
  lines.push(
    `Machine: ${meta.cpu}, ${meta.cores} cores, Node ${meta.node}; load average at start ${meta.loadavg_start.join(' / ')}, at end ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')} (other processes share this box: read ratios under ~1.3× as ties).`,
    '✗ = answer differs from the scalar reference. Ratios are ours ÷ peer (below 1 = ours faster), and row-wise ÷ ours.',
    '"query peak ÷ Arrow bytes": how much the resident set grew during the last timed query at its peak (Linux high-water mark, reset before the query) over the Arrow buffer bytes of the input history; 0 = the query fit in memory already resident.',
  );
  const md = lines.join('\n');
  process.stdout.write(md + '\n');
  // convenience view: workload → entry for the largest size it ran at
  const workloads: Record<string, unknown> = {};
  for (const n of sizes) for (const [wid, e] of Object.entries(bySize[fmtN(n)])) workloads[wid] = e;
  jsonOut.workloads = workloads;
  jsonOut.raw = raw;
  if (args.json) {
    mkdirSync(dirname(args.json), { recursive: true });
    writeFileSync(args.json, JSON.stringify(jsonOut, null, 2));
  }
  if (args.md) {
    mkdirSync(dirname(args.md), { recursive: true });
    writeFileSync(args.md, md + '\n');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exit(1);
});
