/**
 * JIT warm-up: runs the common kernels a few times on a small synthetic batch so V8 optimizes
 * them before the first real query (cold runs are 2–20× slower than warm ones; see the bench's
 * `cold_ms`). The batch uses the layouts history data has: Float64 values with nulls, Int32
 * keys, a dictionary string column.
 */
import { allocBitmap } from './bitmap.js';
import { dictFrom, numberColumn, type NumberColumn } from './column.js';
import { add, compare, mul, selectCompare } from './compute.js';
import { groupAggregate, groupBy, groupRows } from './groupby.js';
import { avg, max, min, stddev, sum } from './reduce.js';
import { selectTrue } from './selection.js';
import { sortIndices } from './sort.js';

export function warmUpKernels(rows = 20_000, rounds = 3): void {
  const n = Math.max(64, rows);
  const values = new Float64Array(n);
  const keys = new Int32Array(n);
  // Keys that change every row: the grouping kernels take another loop than for clustered keys
  // (a run of equal keys), and a first query taking the loop the warm-up never ran deoptimizes
  // the kernel and runs its rows in the interpreter.
  const scattered = new Int32Array(n);
  const validity = allocBitmap(n);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    values[i] = ((seed >>> 8) & 0xffff) / 65536;
    keys[i] = Math.floor((i * 100) / n);
    scattered[i] = (i * 37) % 100;
    if (i % 97 !== 0) validity[i >>> 3] |= 1 << (i & 7);
  }
  const v: NumberColumn = numberColumn(values, { validity });
  const k = numberColumn(keys);
  const ks = numberColumn(scattered);
  const names = dictFrom(Array.from({ length: n }, (_, i) => `run-${(i * 10) / n | 0}`));
  for (let r = 0; r < rounds; r++) {
    sum(v);
    avg(v);
    min(v);
    max(v);
    stddev(v);
    const sel = selectCompare('lt', v, 0.5);
    avg(v, sel);
    groupAggregate(k, [{ op: 'avg', col: v }], sel);
    groupAggregate(ks, [{ op: 'avg', col: v }], sel);
    groupAggregate(ks, [{ op: 'avg', col: v }]);
    groupAggregate(names, [{ op: 'avg', col: v }], sel);
    groupAggregate(k, [{ op: 'min', col: v }, { op: 'count' }]);
    groupRows(groupBy(k, sel), sel);
    selectTrue(compare('gt', v, 0.25));
    add(mul(v, 2), v);
    sortIndices([{ col: v, desc: true }], null, 10);
  }
}
