import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abs,
  and,
  arith,
  boolsFrom,
  compare,
  float64From,
  negate,
  not,
  or,
  selectCompare,
  toJS,
  type ArithOp,
  type BoolColumn,
  type CmpOp,
  type NumberColumn,
  type NumOperand,
} from '../../src/exec/columnar/index.js';
import { applySel, boolVariants, describeMismatch, maybeDouble, numberVariants, same, type Num } from './helpers.js';

const ARITH: Record<ArithOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  mod: (a, b) => a % b,
  pow: (a, b) => Math.pow(a, b),
};
const ARITH_OPS = Object.keys(ARITH) as ArithOp[];

function refArith(op: ArithOp, a: Num, b: Num): Num {
  return a == null || b == null ? null : ARITH[op](a, b);
}

function refCmp(op: CmpOp, a: Num, b: Num): boolean | null {
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  if (a == null || b == null) return null;
  return op === 'lt' ? a < b : op === 'le' ? a <= b : op === 'gt' ? a > b : a >= b;
}
const CMP_OPS: CmpOp[] = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];

/** Two equal-length lists, a scalar, and a selection. */
const pairWithSel = fc
  .integer({ min: 0, max: 70 })
  .chain((n) =>
    fc.record({
      a: fc.array(maybeDouble, { minLength: n, maxLength: n }),
      b: fc.array(maybeDouble, { minLength: n, maxLength: n }),
      scalar: maybeDouble,
      keep: fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n })),
    }),
  )
  .map(({ a, b, scalar, keep }) => ({
    a,
    b,
    scalar,
    sel: keep === null ? null : Uint32Array.from(keep.flatMap((k, i) => (k ? [i] : []))),
  }));

function check(label: string, got: unknown[], want: unknown[]): void {
  if (!same(got, want)) throw new Error(`${label}: ${describeMismatch(got, want)}`);
}

describe('arithmetic', () => {
  it('fixed semantics', () => {
    const a = float64From([1, -1, 0, -7, 5, null, 2]);
    const b = float64From([0, 0, 0, 3, 0, 1, null]);
    expect(toJS(arith('div', a, b))).toEqual([Infinity, -Infinity, NaN, -7 / 3, Infinity, null, null]);
    expect(toJS(arith('mod', a, b))).toEqual([NaN, NaN, NaN, -1, NaN, null, null]);
    expect(toJS(arith('add', a, null))).toEqual([null, null, null, null, null, null, null]);
    expect(toJS(arith('pow', 2, a))).toEqual([2, 0.5, 1, 2 ** -7, 32, null, 4]);
    expect(Object.is(toJS(negate(float64From([0]))), [-0][0])).toBe(false);
    expect(Object.is(toJS(negate(float64From([0])))[0], -0)).toBe(true);
    expect(toJS(abs(float64From([-2, null, -0])))).toEqual([2, null, 0]);
  });

  it('property: every op, col∘col / col∘scalar / scalar∘col, every variant, with selections', () => {
    fc.assert(
      fc.property(pairWithSel, ({ a, b, scalar, sel }) => {
        const va = numberVariants(a);
        const vb = numberVariants(b);
        const sa = applySel(a, sel);
        const sb = applySel(b, sel);
        for (let t = 0; t < va.length; t++) {
          const ca = va[t].col;
          const cb = vb[t % vb.length].col;
          for (const op of ARITH_OPS) {
            check(`${op} cc ${va[t].name}`, toJS(arith(op, ca, cb, sel)), sa.map((x, i) => refArith(op, x, sb[i])));
            check(`${op} cs ${va[t].name}`, toJS(arith(op, ca, scalar, sel)), sa.map((x) => refArith(op, x, scalar)));
            check(`${op} sc ${va[t].name}`, toJS(arith(op, scalar, ca, sel)), sa.map((x) => refArith(op, scalar, x)));
          }
          check('negate', toJS(negate(ca, sel)), sa.map((x) => (x == null ? null : x * -1)));
          check('abs', toJS(abs(ca, sel)), sa.map((x) => (x == null ? null : Math.abs(x))));
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('comparisons', () => {
  it('null semantics: order ops propagate, == treats null as a value', () => {
    const a = float64From([null, null, 1, NaN, 2]);
    const b = float64From([null, 1, null, NaN, 2]);
    expect(toJS(compare('lt', a, b))).toEqual([null, null, null, false, false]);
    expect(toJS(compare('eq', a, b))).toEqual([true, false, false, false, true]);
    expect(toJS(compare('ne', a, b))).toEqual([false, true, true, true, false]);
    expect(toJS(compare('eq', a, null))).toEqual([true, true, false, false, false]);
    expect(toJS(compare('ge', a, null))).toEqual([null, null, null, null, null]);
  });

  it('property: compare and selectCompare equal the reference', () => {
    fc.assert(
      fc.property(pairWithSel, ({ a, b, scalar, sel }) => {
        const va = numberVariants(a);
        const vb = numberVariants(b);
        const sa = applySel(a, sel);
        const sb = applySel(b, sel);
        for (let t = 0; t < va.length; t++) {
          const ca: NumberColumn = va[t].col;
          const cb: NumberColumn = vb[t % vb.length].col;
          for (const op of CMP_OPS) {
            check(`${op} cc ${va[t].name}`, toJS(compare(op, ca, cb, sel)), sa.map((x, i) => refCmp(op, x, sb[i])));
            check(`${op} cs ${va[t].name}`, toJS(compare(op, ca, scalar, sel)), sa.map((x) => refCmp(op, x, scalar)));
            check(`${op} sc ${va[t].name}`, toJS(compare(op, scalar as NumOperand, ca, sel)), sa.map((x) => refCmp(op, scalar, x)));
            const base = sel === null ? a.map((_, i) => i) : Array.from(sel);
            const want = base.filter((i) => refCmp(op, a[i], scalar) === true);
            check(`selectCompare ${op} ${va[t].name}`, Array.from(selectCompare(op, ca, scalar, sel)), want);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('selectCompare on a large column (byte-at-a-time validity path)', () => {
    const vals: Num[] = Array.from({ length: 5000 }, (_, i) => (i % 13 === 0 ? null : i % 17 === 0 ? NaN : ((i * 37) % 101) / 100));
    for (const v of numberVariants(vals)) {
      for (const op of CMP_OPS) {
        const want = vals.flatMap((x, i) => (refCmp(op, x, 0.5) === true ? [i] : []));
        check(`${op} ${v.name}`, Array.from(selectCompare(op, v.col, 0.5)), want);
      }
    }
  });
});

describe('boolean logic', () => {
  const refAnd = (x: boolean | null, y: boolean | null): boolean | null => (x == null || y == null ? null : x && y);
  const refOr = (x: boolean | null, y: boolean | null): boolean | null => (x == null || y == null ? null : x || y);

  it('no short-circuit: false and null is null', () => {
    expect(toJS(and(boolsFrom([false, true, null]), boolsFrom([null, true, false])))).toEqual([null, true, null]);
    expect(toJS(or(boolsFrom([true, false]), null))).toEqual([null, null]);
    expect(toJS(or(boolsFrom([true, false, null]), false))).toEqual([true, false, null]);
    expect(toJS(not(boolsFrom([true, null, false])))).toEqual([false, null, true]);
  });

  it('property: and / or / not on every variant with selections', () => {
    const mb = fc.option(fc.boolean());
    const arb = fc.integer({ min: 0, max: 40 }).chain((n) =>
      fc.record({
        a: fc.array(mb, { minLength: n, maxLength: n }),
        b: fc.array(mb, { minLength: n, maxLength: n }),
        s: mb,
        keep: fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n })),
      }),
    );
    fc.assert(
      fc.property(arb, ({ a, b, s, keep }) => {
        const sel = keep === null ? null : Uint32Array.from(keep.flatMap((k, i) => (k ? [i] : [])));
        const sa = applySel(a, sel);
        const sb = applySel(b, sel);
        const va = boolVariants(a);
        const vb = boolVariants(b);
        for (let t = 0; t < va.length; t++) {
          const ca: BoolColumn = va[t].col;
          const cb: BoolColumn = vb[(t + 1) % vb.length].col;
          check('and', toJS(and(ca, cb, sel)), sa.map((x, i) => refAnd(x, sb[i])));
          check('or', toJS(or(ca, cb, sel)), sa.map((x, i) => refOr(x, sb[i])));
          check('and scalar', toJS(and(ca, s, sel)), sa.map((x) => refAnd(x, s)));
          check('or scalar left', toJS(or(s, ca, sel)), sa.map((x) => refOr(s, x)));
          check('not', toJS(not(ca, sel)), sa.map((x) => (x == null ? null : !x)));
        }
      }),
      { numRuns: 200 },
    );
  });
});
