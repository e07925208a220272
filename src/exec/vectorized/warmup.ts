/**
 * `warmUp()`: run once at process start-up (CLI, REPL, server worker) so the first real query
 * does not pay for V8 compiling the parser, the checker, the JSON-rows ingest, the engine and
 * its kernels. It parses, checks and executes a few representative history queries on a small
 * synthetic row list (both result forms, then the encoder), and runs the kernels' own warm-up.
 * Deterministic, no I/O; about 0.1–0.3 s.
 */
import { check } from '../../check/checker.js';
import { standardRegistry } from '../../ops/index.js';
import { parse } from '../../parser/index.js';
import { list, maybe, typedDict } from '../../types/index.js';
import { tableFromJsonRows, tableFromJsonTexts, warmUpKernels } from '../columnar/index.js';
import { encodeValue } from '../encode.js';
import { executeVectorized, executeVectorizedPlain } from './index.js';

const QUERIES = [
  'history.filter((row) => row["loss"] < 0.5).groupby((row) => row["epoch"]).map((row) => row["loss"].avg)',
  'history.filter((row) => row["loss"] < 0.5).groupby((row) => row["run"]).map((row) => {k: row.groupkey, n: row.count, v: row["acc"].max})',
  'history.groupby((row) => row["epoch"]).map((row) => row["loss"].argmin)',
  'history.map((row) => row["loss"] * 2 + row["acc"])',
  'history.filter((row) => row["acc"] > 0.25 and !row["loss"].isNone)["loss"].avg',
  'history.sort((row) => [row["loss"]], ["desc"]).limit(10)',
  'history.sort((row) => [row["epoch"], row["acc"]], ["asc", "desc"])',
  'history.filter((row) => row["loss"] < 0.5).join(runsTable, (row) => row["run"], (row) => row["name"], "h", "r", false, false).groupby((row) => row["r"]["lr"]).map((row) => row["h"]["loss"].avg)',
  'history.map((row) => {s: row["_step"], l: row["loss"]}).count',
];

let done = false;

/** Warms the JIT for the query path; later calls do nothing. `rows` sizes the synthetic list. */
export function warmUp(options: { rows?: number; rounds?: number } = {}): void {
  for (const step of warmUpSteps(options)) step();
}

/**
 * The warm-up as short steps (a query, an ingest, the kernels), for a caller that must stay
 * responsive meanwhile: a server worker runs one step per turn of its event loop, so a request
 * arriving during the warm-up waits for one step, not for all of them. Empty after the first call.
 */
export function* warmUpSteps(options: { rows?: number; rounds?: number } = {}): Generator<() => void> {
  if (done) return;
  done = true;
  const n = Math.max(256, options.rows ?? 2000);
  const rounds = Math.max(1, options.rounds ?? 3);
  const registry = standardRegistry();
  const rowType = typedDict({ _step: 'number', epoch: 'number', loss: maybe('number'), acc: maybe('number'), run: 'string' });
  const variables = { history: list(rowType), runsTable: list(typedDict({ name: 'string', lr: 'number' })) };
  const runs = Array.from({ length: 8 }, (_, r) => ({ name: `run-${r}`, lr: 10 ** -(1 + (r % 4)) }));
  const nodes = QUERIES.map((text) => {
    const parsed = parse(text);
    return parsed.ast ? check(parsed.ast, { registry, variables, source: text }).node : null;
  });
  for (let round = 0; round < rounds; round++) {
    // A fresh row list per round: the ingest runs each time (it is cached per row array).
    const rows = syntheticRows(n, round);
    const values = { history: rows, runsTable: runs };
    for (const node of nodes) {
      if (node === null) continue;
      yield () => {
        try {
          encodeValue(executeVectorizedPlain(node, { registry, variables: values }));
          executeVectorized(node, { registry, variables: values });
        } catch {
          // A warm-up query failing is not the caller's problem.
        }
      };
    }
  }
  // The JSON-rows ingest compiles one reader per row shape *and* per column state when it
  // starts (which columns already have a null). Real histories rarely have a null in their
  // first row (the lists above do): a first query would compile and optimize the readers for
  // "no null yet", "loss null first", "acc null first" on its own rows (about 10–30 ms at 1e4).
  for (const pattern of [NULLS_LATE_LOSS_FIRST, NULLS_LATE_ACC_FIRST, NO_NULLS]) {
    for (let round = 0; round < rounds; round++) yield () => void tableFromJsonRows(syntheticRows(n, 100 + round, pattern));
  }
  // History fetched from a backend arrives as row texts or per-key samples (history-columns.ts).
  for (let round = 0; round < rounds; round++) {
    yield () => {
      const rows = syntheticRows(n, 200 + round, NULLS_LATE_LOSS_FIRST);
      tableFromJsonTexts(rows.map((r) => JSON.stringify(r)));
    };
  }
  yield () => warmUpKernels(Math.min(n * 4, 20_000), 2);
}

const NULLS_FROM_START = 0;
const NULLS_LATE_LOSS_FIRST = 1;
const NULLS_LATE_ACC_FIRST = 2;
const NO_NULLS = 3;
const STEPS_PER_RUN = 250;

function syntheticRows(n: number, seed: number, nulls = NULLS_FROM_START): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = new Array(n);
  let s = 12345 + seed;
  // Where the first null of each column may fall (NULLS_FROM_START: row 0 for both).
  const lossFrom = nulls === NULLS_LATE_LOSS_FIRST ? n >> 3 : nulls === NULLS_LATE_ACC_FIRST ? n >> 2 : nulls === NO_NULLS ? n : 0;
  const accFrom = nulls === NULLS_LATE_LOSS_FIRST ? n >> 2 : nulls === NULLS_LATE_ACC_FIRST ? n >> 3 : nulls === NO_NULLS ? n : 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    const u = ((s >>> 8) & 0xffff) / 65536;
    // Steps restart at 0 in every run, as in a concatenated history: the ingest's int-column
    // test has a branch for 0 (−0 is not an int) that must have run before the first query.
    const step = i % STEPS_PER_RUN;
    rows[i] = {
      _step: step,
      epoch: (step * 50) / STEPS_PER_RUN | 0,
      loss: i >= lossFrom && i % 37 === 0 ? null : u + 1 / 1024,
      acc: i >= accFrom && i % 41 === 0 ? null : 1 - u / 2,
      run: nulls === NULLS_FROM_START ? `run-${i % 8}` : `run-${((i / STEPS_PER_RUN) | 0) % 8}`,
    };
  }
  return rows;
}
