/**
 * Load test of the evaluation server (`npm run bench:server`): a real `panelql serve` on
 * loopback (port 0), autocannon as the client, each scenario bounded in time. Reports
 * requests/s and p50/p99 latency, and fails (exit 1) on any 5xx, error or timeout.
 *
 *   npm run bench:server                     # all scenarios, 10 s each
 *   npm run bench:server -- --duration 5     # shorter
 *   npm run bench:server -- --json out.json  # also write the figures as JSON
 *   npm run bench:server -- --only history   # the scenarios whose name contains "history"
 *
 * Scenarios:
 * - cached summary: the same summary expression again and again (answered from the cache);
 * - history aggregation: an aggregation over every run's history, a different `nonce`
 *   variable per request so that no answer comes from the cache (real evaluation each time);
 * - pure expression: a small expression without W&B data, cached, and uncached (the same
 *   nonce trick): the cost of the HTTP layer alone, and with a worker round trip.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const duration = Math.min(20, Number(flag('--duration') ?? 10));
const connections = Number(flag('--connections') ?? 10);
const workers = flag('--workers') ?? '2';
const jsonOut = flag('--json');
const only = flag('--only');
const bin = fileURLToPath(new URL('../../bin/panelql.js', import.meta.url));

interface Scenario {
  readonly name: string;
  readonly exprs: string[];
  /** A new `nonce` variable per request: no answer from the cache. */
  readonly uncached: boolean;
  readonly goal?: number;
  /** Concurrent connections (default --connections): an evaluation-bound scenario gets about one per worker, so latency is not queueing. */
  readonly connections?: number;
}

const SUMMARY = 'runs.summary["loss"].avg';
const HISTORY = 'runs.map((row) => row.history["loss"].avg).avg';
const scenarios: Scenario[] = [
  { name: 'cached summary expression', exprs: [SUMMARY], uncached: false, goal: 2000 },
  { name: 'history aggregation (uncached)', exprs: [HISTORY], uncached: true, connections: Number(workers) || 1 },
  { name: 'pure expression (cached)', exprs: ['[1, 2, 3].map((x) => x * 2).sum'], uncached: false },
  { name: 'pure expression (uncached)', exprs: ['[1, 2, 3].map((x) => x * nonce).sum'], uncached: true },
];

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--workers', workers], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PANELQL_API_KEY: '' },
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start: ${err}`)), 120_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}): ${err}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Row {
  scenario: string;
  conns: number;
  expression: string;
  'req/s': number;
  'p50 ms': number;
  'p99 ms': number;
  requests: number;
  '2xx': number;
  '4xx': number;
  '5xx': number;
  errors: number;
  goal: string;
}

async function check(url: string, s: Scenario): Promise<void> {
  const res = await fetch(`${url}/v1/eval`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ exprs: s.exprs, variables: { nonce: 1 } }),
  });
  const body = (await res.json()) as { results?: { error?: { message: string } }[] };
  const failed = body.results?.find((r) => r.error);
  if (res.status !== 200 || !body.results || failed) {
    throw new Error(`${s.name}: ${s.exprs.join(', ')} does not evaluate (${res.status}): ${failed?.error?.message ?? JSON.stringify(body)}`);
  }
}

async function runScenario(url: string, s: Scenario): Promise<Row> {
  await check(url, s);
  let nonce = 0;
  const body = JSON.stringify({ exprs: s.exprs, variables: { nonce: 0 } });
  // A short warm-up (JIT, caches), then the measured run.
  const common = {
    url: `${url}/v1/eval`,
    connections: s.connections ?? connections,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        setupRequest: (req: { body?: string }) => (s.uncached ? { ...req, body: JSON.stringify({ exprs: s.exprs, variables: { nonce: ++nonce } }) } : req),
      },
    ],
  };
  await autocannon({ ...common, duration: 2 });
  const r = await autocannon({ ...common, duration });
  const rps = r.requests.average;
  return {
    scenario: s.name,
    conns: s.connections ?? connections,
    expression: s.exprs.join(', '),
    'req/s': Math.round(rps),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    requests: r.requests.total,
    '2xx': r['2xx'],
    '4xx': r['4xx'],
    '5xx': r['5xx'],
    errors: r.errors + r.timeouts,
    goal: s.goal === undefined ? '' : rps >= s.goal ? `≥ ${s.goal} ✓` : `≥ ${s.goal} ✗`,
  };
}

function printTable(rows: Row[]): void {
  const cols = Object.keys(rows[0]) as (keyof Row)[];
  const text = (v: unknown): string => String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => text(r[c]).length)));
  const line = (cells: string[]): string => cells.map((c, i) => (typeof rows[0][cols[i]] === 'number' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(line(cols));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => text(r[c]))));
}

const server = await startServer();
const rows: Row[] = [];
try {
  for (const s of scenarios) if (!only || s.name.includes(only)) rows.push(await runScenario(server.url, s));
} finally {
  await server.stop();
}
console.log(`\npanelql serve --workers ${workers}; autocannon, ${duration} s per scenario (after a 2 s warm-up), loopback\n`);
printTable(rows);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ duration, connections, workers: Number(workers), rows }, null, 2));
const bad = rows.filter((r) => r['5xx'] > 0 || r.errors > 0 || r['4xx'] > 0);
if (bad.length > 0) {
  console.error(`\nfailures: ${bad.map((r) => `${r.scenario} (${r['5xx']} 5xx, ${r['4xx']} 4xx, ${r.errors} errors)`).join('; ')}`);
  process.exit(1);
}
