import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argmax,
  argmin,
  avg,
  count,
  countValid,
  max,
  min,
  reduce,
  stddev,
  sum,
  type NumberColumn,
  type ReduceOp,
} from '../../src/exec/columnar/index.js';
import {
  applySel,
  describeMismatch,
  numberVariants,
  numListWithSel,
  refArgmax,
  refArgmin,
  refAvg,
  refMax,
  refMin,
  refStddev,
  refSum,
  same,
  type Num,
} from './helpers.js';

const REFS: Record<ReduceOp, (xs: Num[]) => number | null> = {
  sum: refSum,
  avg: refAvg,
  min: refMin,
  max: refMax,
  count: (xs) => xs.length,
  stddev: refStddev,
  argmin: refArgmin,
  argmax: refArgmax,
};
const KERNELS: Record<ReduceOp, (c: NumberColumn, s: Uint32Array | null) => number | null> = {
  sum,
  avg,
  min,
  max,
  count,
  stddev,
  argmin,
  argmax,
};
const OPS = Object.keys(REFS) as ReduceOp[];

function checkAll(values: Num[], sel: Uint32Array | null): void {
  const selected = applySel(values, sel);
  for (const v of numberVariants(values)) {
    for (const op of OPS) {
      const got = KERNELS[op](v.col, sel);
      const want = REFS[op](selected);
      if (!same(got, want)) throw new Error(`${op} on ${v.name} sel=${sel ? 'yes' : 'no'}: ${describeMismatch(got, want)} for ${describeMismatch(values, null)}`);
      expect(same(reduce(op, v.col, sel), want)).toBe(true);
    }
  }
}

describe('reductions: fixed cases', () => {
  const cases: [string, Num[]][] = [
    ['empty', []],
    ['single', [3]],
    ['single null', [null]],
    ['all null', [null, null, null]],
    ['nulls first', [null, 2, 1, null]],
    ['NaN in the middle', [1, NaN, 3]],
    ['only NaN', [NaN, NaN]],
    ['NaN first then numbers', [NaN, 5, 2, 2, 9]],
    ['infinities', [Infinity, -Infinity, 1]],
    ['+inf only', [Infinity, Infinity]],
    ['negative zero', [-0]],
    ['zero then negative zero', [0, -0]],
    ['negative zero then zero', [-0, 0]],
    ['ties (first index wins)', [2, 1, 1, 2, null, 1]],
    ['non-associative sum', [0.1, 0.2, 0.3, 1e16, -1e16, 0.7]],
    ['37 values (byte boundary + tail)', Array.from({ length: 37 }, (_, i) => (i % 5 === 0 ? null : i * 1.5 - 20))],
    ['64 dense', Array.from({ length: 64 }, (_, i) => Math.sin(i))],
  ];
  for (const [name, values] of cases) {
    it(name, () => {
      checkAll(values, null);
      checkAll(values, Uint32Array.from(values.map((_, i) => i).filter((i) => i % 3 !== 1)));
      checkAll(values, new Uint32Array(0));
    });
  }

  it('pins the documented semantics', () => {
    const c = numberVariants([1, null, NaN, 3])[0].col;
    expect(sum(c)).toBeNaN();
    expect(avg(c)).toBeNaN();
    expect(min(c)).toBe(1); // NaN ignored by min/max (lodash)
    expect(max(c)).toBe(3);
    expect(argmax(c)).toBe(3); // index counts the null
    expect(count(c)).toBe(4);
    expect(countValid(c)).toBe(3);
    const e = numberVariants([])[0].col;
    expect(sum(e)).toBe(0);
    expect(avg(e)).toBeNaN();
    expect(min(e)).toBeNull();
    expect(max(e)).toBeNull();
    expect(stddev(e)).toBeNaN();
    expect(argmin(e)).toBe(-1);
    const p = numberVariants([2, 4, 4, 4, 5, 5, 7, 9])[0].col;
    expect(stddev(p)).toBe(2); // population
  });

  it('large column with sparse nulls (byte-at-a-time path) and a selection', () => {
    const values: Num[] = [];
    for (let i = 0; i < 10_000; i++) values.push(i % 97 === 0 ? null : ((i * 7919) % 1000) / 7 - 50);
    checkAll(values, null);
    checkAll(values, Uint32Array.from({ length: 2500 }, (_, k) => k * 4 + 1));
  });
});

describe('reductions: properties', () => {
  it('every kernel equals the scalar reference on every physical variant', () => {
    fc.assert(
      fc.property(numListWithSel, ({ values, sel }) => {
        checkAll(values, sel);
      }),
      { numRuns: 300 },
    );
  });
});
