import * as A from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  bucketString,
  columnFromArrow,
  columnFromValues,
  dictFrom,
  float64From,
  gather,
  groupAggregate,
  groupAggregateIndexed,
  groupBy,
  groupRows,
  groupSelection,
  mixedColumn,
  numbersFrom,
  stringsFrom,
  toJS,
  type AggOp,
  type Column,
  type NumberColumn,
} from '../../src/exec/columnar/index.js';
import {
  applySel,
  describeMismatch,
  maybeDouble,
  numberVariants,
  refArgmax,
  refArgmin,
  refAvg,
  refMax,
  refMin,
  refStddev,
  refSum,
  same,
  stringVariants,
  type Num,
} from './helpers.js';

/**
 * The reference groupby, literally: buckets in a plain JS object keyed by the string form, raw
 * key of the first row (null → ""), `Object.values` order.
 */
function refGroupBy(keys: readonly unknown[]): { key: unknown; rows: number[] }[] {
  const result: Record<string, { key: unknown; rows: number[] }> = {};
  keys.forEach((k, i) => {
    const raw = k ?? '';
    const b = bucketString(raw);
    if (result[b] == null) result[b] = { key: raw, rows: [] };
    result[b].rows.push(i);
  });
  return Object.values(result);
}

const REF_AGG: Record<AggOp, (xs: Num[]) => number | null> = {
  sum: refSum,
  avg: refAvg,
  min: refMin,
  max: refMax,
  count: (xs) => xs.length,
  stddev: refStddev,
  argmin: refArgmin,
  argmax: refArgmax,
};
const AGG_OPS = Object.keys(REF_AGG) as AggOp[];

function check(label: string, got: unknown, want: unknown): void {
  if (!same(got, want)) throw new Error(`${label}: ${describeMismatch(got, want)}`);
}

/** Checks groupBy, groupRows, aggregate and groupAggregate against the reference. */
function checkGrouping(keyCol: Column, keyValues: readonly unknown[], values: readonly Num[], sel: Uint32Array | null, label: string): void {
  const selKeys = applySel(keyValues, sel);
  const selVals = applySel(values, sel);
  const selRows = sel === null ? keyValues.map((_, i) => i) : Array.from(sel);
  const ref = refGroupBy(selKeys);
  const g = groupBy(keyCol, sel);
  check(`${label} numGroups`, g.numGroups, ref.length);
  check(`${label} keys`, toJS(g.keys), ref.map((r) => r.key));
  check(`${label} sizes`, Array.from(g.sizes), ref.map((r) => r.rows.length));
  check(`${label} firstRow`, Array.from(g.firstRow), ref.map((r) => selRows[r.rows[0]]));
  const gr = groupRows(g, sel);
  ref.forEach((r, gi) => check(`${label} rows of group ${gi}`, Array.from(groupSelection(gr, gi)), r.rows.map((k) => selRows[k])));
  for (const v of numberVariants(values).slice(0, 3)) {
    const col: NumberColumn = v.col;
    const want: Record<AggOp, unknown[]> = {} as Record<AggOp, unknown[]>;
    for (const op of AGG_OPS) {
      want[op] = ref.map((r) => REF_AGG[op](r.rows.map((k) => selVals[k])));
      check(`${label} aggregate ${op} ${v.name}`, toJS(aggregate(g, { op, col }, sel)), want[op]);
      const single = groupAggregate(keyCol, [{ op, col }], sel);
      check(`${label} groupAggregate ${op} ${v.name}`, toJS(single.columns[0]), want[op]);
      check(`${label} groupAggregate keys ${op}`, toJS(single.keys), ref.map((r) => r.key));
      check(`${label} groupAggregate sizes ${op}`, Array.from(single.sizes), ref.map((r) => r.rows.length));
    }
    const multi = groupAggregate(keyCol, AGG_OPS.map((op) => ({ op, col })), sel);
    AGG_OPS.forEach((op, j) => check(`${label} multi ${op}`, toJS(multi.columns[j]), want[op]));
  }
}

const selArb = (n: number): fc.Arbitrary<Uint32Array | null> =>
  fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((keep) => Uint32Array.from(keep.flatMap((k, i) => (k ? [i] : []))))) as fc.Arbitrary<Uint32Array | null>;

describe('groupBy order and bucketing', () => {
  it('array-index keys ascending first, then others in first-seen order', () => {
    const keys = [5, -1, 'b', 2, null, 'a', 0, 2.5, 4294967294, 4294967295, '3', 'b', 1, '01'];
    const g = groupBy(mixedColumn(keys));
    expect(toJS(g.keys)).toEqual([0, 1, 2, '3', 5, 4294967294, -1, 'b', '', 'a', 2.5, 4294967295, '01']);
  });

  it('1 and "1" share a bucket; -0 joins 0 (first raw key wins); null joins ""', () => {
    expect(toJS(groupBy(mixedColumn([1, '1', 2])).keys)).toEqual([1, 2]);
    const z = groupBy(float64From([-0, 0, 1]));
    expect(Object.is(toJS(z.keys)[0], -0)).toBe(true);
    expect(Array.from(z.sizes)).toEqual([2, 1]);
    expect(toJS(groupBy(stringsFrom(['', null, 'x'])).keys)).toEqual(['', 'x']);
    expect(toJS(groupBy(float64From([null, 3, NaN, NaN])).keys)).toEqual([3, '', NaN]);
  });

  it('booleans bucket as "true"/"false" in first-seen order', () => {
    expect(toJS(groupBy(columnFromValues([false, null, true, false])).keys)).toEqual([false, '', true]);
  });

  it('dictionary with duplicate entries is bucketed by content', () => {
    const dict = A.vectorFromArray(['x', 'y', 'x'], new A.Utf8());
    const v = A.makeVector(A.makeData({ type: new A.Dictionary(new A.Utf8(), new A.Int32()), length: 4, data: new Int32Array([0, 1, 2, 0]), dictionary: dict }));
    const g = groupBy(columnFromArrow(v));
    expect(toJS(g.keys)).toEqual(['x', 'y']);
    expect(Array.from(g.sizes)).toEqual([3, 1]);
  });

  it('high-cardinality integers (hash path) and small ranges (direct path) agree', () => {
    const wide = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 1000) * 1_000_003 - 7);
    const narrow = wide.map((x) => ((x % 50) + 50) % 50);
    const vals: Num[] = wide.map((_, i) => (i % 9 === 0 ? null : i / 7));
    checkGrouping(numbersFrom(wide), wide, vals, null, 'wide');
    checkGrouping(numbersFrom(narrow), narrow, vals, null, 'narrow');
    checkGrouping(float64From(narrow), narrow, vals, Uint32Array.from({ length: 1000 }, (_, k) => k * 3), 'narrow f64 sel');
  });
});

describe('groupBy / aggregates: properties', () => {
  const numKey = fc.oneof(
    fc.integer({ min: -3, max: 12 }),
    fc.constantFrom(0, -0, NaN, 2.5, 1e21, 4294967295, Infinity, null),
  );

  it('number keys (every physical variant)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }).chain((n) =>
          fc.tuple(fc.array(numKey, { minLength: n, maxLength: n }), fc.array(maybeDouble, { minLength: n, maxLength: n }), selArb(n)),
        ),
        ([keys, values, sel]) => {
          for (const kv of numberVariants(keys)) checkGrouping(kv.col, keys, values, sel, `num key ${kv.name}`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('string / dictionary keys (every physical variant)', () => {
    const strKey = fc.oneof(fc.constantFrom('0', '10', '2', '01', '', 'a', 'b', 'é', '4294967295', '-1'), fc.constant(null));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }).chain((n) =>
          fc.tuple(fc.array(strKey, { minLength: n, maxLength: n }), fc.array(maybeDouble, { minLength: n, maxLength: n }), selArb(n)),
        ),
        ([keys, values, sel]) => {
          for (const kv of stringVariants(keys)) checkGrouping(kv.col, keys, values, sel, `str key ${kv.name}`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('mixed keys (numbers, strings, booleans, objects)', () => {
    const anyKey = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('1', '2', 'x', true, false, null, { a: 1 }, [1]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }).chain((n) =>
          fc.tuple(fc.array(anyKey, { minLength: n, maxLength: n }), fc.array(maybeDouble, { minLength: n, maxLength: n }), selArb(n)),
        ),
        ([keys, values, sel]) => {
          checkGrouping(mixedColumn(keys), keys, values, sel, 'mixed');
          const inferred = columnFromValues(keys);
          checkGrouping(inferred, keys, values, sel, `inferred ${inferred.kind}`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('dictFrom keys with a filter selection (fused dictionary path)', () => {
    const keys = Array.from({ length: 500 }, (_, i) => (i % 13 === 0 ? null : `run-${i % 17}`));
    const values: Num[] = keys.map((_, i) => (i % 5 === 0 ? null : Math.cos(i)));
    checkGrouping(dictFrom(keys), keys, values, Uint32Array.from({ length: 200 }, (_, k) => k * 2 + 1), 'dict');
  });
});

describe('groupAggregateIndexed (key from one table, values from another)', () => {
  it('equals gather + groupAggregate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom(null, 0.5, NaN)), { minLength: 1, maxLength: 10 }),
        fc.array(maybeDouble, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (keyVals, vals, picks) => {
          const keyRows = Uint32Array.from(picks, (p) => p % keyVals.length);
          const valueRows = Uint32Array.from(picks, (p) => (p * 7) % vals.length);
          const key = float64From(keyVals);
          const col = float64From(vals);
          for (const op of ['sum', 'avg', 'min', 'count', 'stddev', 'argmax'] as AggOp[]) {
            const want = groupAggregate(gather(key, keyRows), [{ op, col: gather(col, valueRows) as NumberColumn }]);
            const got = groupAggregateIndexed(key, keyRows, [{ op, col }], valueRows);
            check(`indexed ${op} keys`, toJS(got.keys), toJS(want.keys));
            check(`indexed ${op}`, toJS(got.columns[0]), toJS(want.columns[0]));
            check(`indexed ${op} sizes`, Array.from(got.sizes), Array.from(want.sizes));
            check(`indexed ${op} firstRow`, Array.from(got.firstRow), Array.from(want.firstRow, (k) => keyRows[k]));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('clustered keys (run-accumulation path of the fused aggregate)', () => {
  it('property: keys in runs of equal values, ≥ 64 rows, with selections', () => {
    const runKey = fc.oneof(fc.integer({ min: -2, max: 9 }), fc.constantFrom(NaN, -0));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(runKey, fc.integer({ min: 1, max: 40 })), { minLength: 4, maxLength: 30 }).chain((runs) => {
          const keys: number[] = [];
          for (const [k, len] of runs) for (let t = 0; t < len; t++) keys.push(k);
          while (keys.length < 70) keys.push(keys[keys.length - 1]);
          const n = keys.length;
          return fc.tuple(fc.constant(keys), fc.array(maybeDouble, { minLength: n, maxLength: n }), selArb(n));
        }),
        ([keys, values, sel]) => {
          checkGrouping(float64From(keys), keys, values, sel, 'clustered f64');
          const ints = keys.map((k) => (Number.isNaN(k) ? 0 : k === 0 ? 0 : k));
          checkGrouping(numbersFrom(ints), ints, values, sel, 'clustered i32');
          const strs = ints.map((k) => `k${k}`);
          checkGrouping(dictFrom(strs), strs, values, sel, 'clustered dict');
        },
      ),
      { numRuns: 80 },
    );
  });
});
