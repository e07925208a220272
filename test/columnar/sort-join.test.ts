import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boolsFrom,
  bucketString,
  columnFromValues,
  concatTables,
  dictFrom,
  float64From,
  gatherNumbersOuter,
  hashJoin,
  joinSide,
  mixedColumn,
  numbersFrom,
  sortIndices,
  stringsFrom,
  tableFromJsonRows,
  toJS,
  type Column,
  type SortKey,
} from '../../src/exec/columnar/index.js';
import { describeMismatch, maybeDouble, maybeString, numberVariants, same, stringVariants } from './helpers.js';

function check(label: string, got: unknown, want: unknown): void {
  if (!same(got, want)) throw new Error(`${label}: ${describeMismatch(got, want)}`);
}

/** The documented total order for one key (ascending). */
function refCompare(a: unknown, b: unknown): number {
  if (a == null) return b == null ? 0 : -1;
  if (b == null) return 1;
  if (typeof a === 'number' && typeof b === 'number') {
    const an = a !== a;
    const bn = b !== b;
    if (an || bn) return an && bn ? 0 : an ? 1 : -1;
  }
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

function refSort(keyValues: unknown[][], desc: boolean[], rows: number[]): number[] {
  return [...rows].sort((i, j) => {
    for (let q = 0; q < keyValues.length; q++) {
      const c = refCompare(keyValues[q][i], keyValues[q][j]);
      if (c !== 0) return desc[q] ? -c : c;
    }
    return 0;
  });
}

const selArb = (n: number): fc.Arbitrary<Uint32Array | null> =>
  fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((keep) => Uint32Array.from(keep.flatMap((k, i) => (k ? [i] : []))))) as fc.Arbitrary<Uint32Array | null>;

describe('sortIndices', () => {
  it('nulls first ascending, last descending; NaN after numbers; stable', () => {
    const c = float64From([3, null, NaN, 1, -0, 0, null, 3]);
    expect(Array.from(sortIndices([{ col: c }]))).toEqual([1, 6, 4, 5, 3, 0, 7, 2]);
    expect(Array.from(sortIndices([{ col: c, desc: true }]))).toEqual([2, 0, 7, 3, 4, 5, 1, 6]);
    expect(Array.from(sortIndices([{ col: c }], null, 3))).toEqual([1, 6, 4]);
    expect(Array.from(sortIndices([{ col: c, desc: true }], null, 2))).toEqual([2, 0]);
  });

  it('matches Array.prototype.sort with the reference comparator when there are no NaN and no duplicate nulls', () => {
    const compareItems = (a: unknown, b: unknown): number => (a == null ? -1 : b == null ? 1 : (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
    const vals = [5, 2, null, 2, 9, -1, 2];
    const rows = vals.map((_, i) => i);
    const want = [...rows].sort((i, j) => compareItems(vals[i], vals[j]));
    expect(Array.from(sortIndices([{ col: numbersFrom(vals) }]))).toEqual(want);
    const wantDesc = [...rows].sort((i, j) => -compareItems(vals[i], vals[j]));
    expect(Array.from(sortIndices([{ col: numbersFrom(vals), desc: true }]))).toEqual(wantDesc);
  });

  it('property: number keys (every variant), with selections and limits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }).chain((n) =>
          fc.tuple(fc.array(maybeDouble, { minLength: n, maxLength: n }), selArb(n), fc.boolean(), fc.integer({ min: 0, max: 70 })),
        ),
        ([vals, sel, desc, k]) => {
          const rows = sel === null ? vals.map((_, i) => i) : Array.from(sel);
          const want = refSort([vals], [desc], rows);
          for (const v of numberVariants(vals)) {
            check(`sort ${v.name}`, Array.from(sortIndices([{ col: v.col, desc }], sel)), want);
            check(`topk ${v.name}`, Array.from(sortIndices([{ col: v.col, desc }], sel, k)), want.slice(0, k));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('top-k on a large column uses the heap and agrees with the full sort', () => {
    const vals = Array.from({ length: 20000 }, (_, i) => (i % 101 === 0 ? null : i % 97 === 0 ? NaN : ((i * 7919) % 1000) / 10));
    const col = float64From(vals);
    for (const desc of [false, true]) {
      const full = sortIndices([{ col, desc }]);
      for (const k of [1, 10, 100, 1000]) expect(Array.from(sortIndices([{ col, desc }], null, k))).toEqual(Array.from(full.slice(0, k)));
    }
  });

  it('property: multi-key sorts over strings, dictionaries, booleans and numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }).chain((n) =>
          fc.tuple(
            fc.array(maybeString, { minLength: n, maxLength: n }),
            fc.array(fc.option(fc.boolean()), { minLength: n, maxLength: n }),
            fc.array(fc.option(fc.integer({ min: -2, max: 2 })), { minLength: n, maxLength: n }),
            fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
            selArb(n),
            fc.integer({ min: 0, max: 50 }),
          ),
        ),
        ([strs, bools, nums, desc, sel, k]) => {
          const rows = sel === null ? strs.map((_, i) => i) : Array.from(sel);
          const want = refSort([strs, bools, nums], desc, rows);
          for (const sv of stringVariants(strs)) {
            const keys: SortKey[] = [
              { col: sv.col, desc: desc[0] },
              { col: boolsFrom(bools), desc: desc[1] },
              { col: numbersFrom(nums), desc: desc[2] },
            ];
            check(`multi ${sv.name}`, Array.from(sortIndices(keys, sel)), want);
            check(`multi limit ${sv.name}`, Array.from(sortIndices(keys, sel, k)), want.slice(0, k));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('radix path (n >= 1024): strings, dictionaries, Int32 and Float64 keys', () => {
    const n = 5000;
    const strs = Array.from({ length: n }, (_, i) => (i % 23 === 0 ? null : `k${(i * 31) % 57}é`));
    const ints = Array.from({ length: n }, (_, i) => (i % 19 === 0 ? null : ((i * 13) % 41) - 20));
    const dbls = Array.from({ length: n }, (_, i) => (i % 29 === 0 ? NaN : ((i * 7) % 11) / 3 - 1));
    for (const desc of [[false, true, false], [true, false, true]]) {
      const want = refSort([strs, ints, dbls], desc, strs.map((_, i) => i));
      for (const sc of [stringsFrom(strs), dictFrom(strs)]) {
        const got = sortIndices([{ col: sc, desc: desc[0] }, { col: numbersFrom(ints), desc: desc[1] }, { col: float64From(dbls), desc: desc[2] }]);
        check('radix multi', Array.from(got), want);
      }
    }
  });

  it('mixed keys use the reference comparator', () => {
    const c = mixedColumn([3, null, 1, 2]);
    expect(Array.from(sortIndices([{ col: c }]))).toEqual([1, 2, 3, 0]);
  });
});

/** The reference join (weave-js opJoin), with Maps instead of object lookups. */
function refJoin(a: unknown[], b: unknown[], leftOuter: boolean, rightOuter: boolean): { l: number; r: number; key: string }[] {
  const ka = a.map(bucketString);
  const kb = b.map(bucketString);
  const lookup = (keys: string[]): Map<string, number[]> => {
    const m = new Map<string, number[]>();
    keys.forEach((k, i) => (m.get(k) ?? m.set(k, []).get(k)!).push(i));
    return m;
  };
  const la = lookup(ka);
  const lb = lookup(kb);
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  let all: string[];
  if (leftOuter && rightOuter) all = uniq([...ka, ...kb]);
  else if (leftOuter) all = uniq(ka);
  else if (rightOuter) all = uniq(kb);
  else all = uniq(ka).filter((k) => lb.has(k));
  const out: { l: number; r: number; key: string }[] = [];
  for (const jk of all) {
    let ia: number[] = la.get(jk) ?? [];
    let ib: number[] = lb.get(jk) ?? [];
    if (rightOuter && ia.length === 0) ia = [-1];
    if (leftOuter && ib.length === 0) ib = [-1];
    for (const x of ia) for (const y of ib) out.push({ l: x, r: y, key: jk });
  }
  return out;
}

describe('hashJoin', () => {
  it('orders output by join key (left first-seen), cross product per key', () => {
    const j = hashJoin(stringsFrom(['a', 'b', 'a', 'c']), dictFrom(['b', 'a', 'a']));
    expect(Array.from(j.left)).toEqual([0, 0, 2, 2, 1]);
    expect(Array.from(j.right)).toEqual([1, 2, 1, 2, 0]);
    expect(j.keys).toEqual(['a', 'b']);
    expect(Array.from(j.keyIndex)).toEqual([0, 0, 0, 0, 1]);
  });

  it('null keys join null keys (and "")', () => {
    const j = hashJoin(stringsFrom([null, 'x']), stringsFrom(['', null]));
    expect(Array.from(j.left)).toEqual([0, 0]);
    expect(Array.from(j.right)).toEqual([0, 1]);
  });

  it('number 1 joins string "1" (string form)', () => {
    const j = hashJoin(numbersFrom([1, 2]), stringsFrom(['2', '1']));
    expect(Array.from(j.left)).toEqual([0, 1]);
    expect(Array.from(j.right)).toEqual([1, 0]);
  });

  it('property: every outer mode, key kinds, selections, both build sides', () => {
    const numKey = fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constantFrom(null, 0, -0, NaN, 2.5));
    const strKey = fc.oneof(fc.constantFrom('a', 'b', '', '1', 'é'), fc.constant(null));
    const keyOf = (kind: number): fc.Arbitrary<unknown> => (kind === 0 ? numKey : kind === 1 ? strKey : fc.oneof(numKey, strKey));
    const arb = fc
      .tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 2 }))
      .chain(([na, nb, kind]) =>
        fc.tuple(
          fc.constant(kind),
          fc.array(keyOf(kind), { minLength: na, maxLength: na }),
          fc.array(keyOf(kind), { minLength: nb, maxLength: nb }),
          selArb(na),
          selArb(nb),
          fc.boolean(),
          fc.boolean(),
        ),
      );
    fc.assert(
      fc.property(arb, ([kind, a, b, sa, sb, lo, ro]) => {
        const selA = sa === null ? a.map((_, i) => i) : Array.from(sa);
        const selB = sb === null ? b.map((_, i) => i) : Array.from(sb);
        const want = refJoin(selA.map((i) => a[i]), selB.map((i) => b[i]), lo, ro).map((x) => ({
          l: x.l < 0 ? -1 : selA[x.l],
          r: x.r < 0 ? -1 : selB[x.r],
          key: x.key,
        }));
        let cols: [Column, Column][];
        if (kind === 0) {
          const va = numberVariants(a as (number | null)[]);
          const vb = numberVariants(b as (number | null)[]);
          cols = va.map((v, t) => [v.col, vb[t % vb.length].col]);
        } else if (kind === 1) {
          const va = stringVariants(a as (string | null)[]);
          const vb = stringVariants(b as (string | null)[]);
          cols = va.map((v, t) => [v.col, vb[(t + 1) % vb.length].col]);
        } else cols = [[mixedColumn(a), columnFromValues(b)]];
        for (const [ca, cb] of cols) {
          const j = hashJoin(ca, cb, { leftSel: sa, rightSel: sb, leftOuter: lo, rightOuter: ro });
          check('left', Array.from(j.left), want.map((x) => x.l));
          check('right', Array.from(j.right), want.map((x) => x.r));
          check('keys', Array.from(j.keyIndex, (q) => j.keys[q]), want.map((x) => x.key));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gathering through join sides', () => {
    const j = hashJoin(stringsFrom(['a', 'z']), stringsFrom(['a']), { leftOuter: true });
    expect(Array.from(joinSide(j.left))).toEqual([0, 1]);
    expect(() => joinSide(j.right)).toThrow();
    expect(toJS(gatherNumbersOuter(float64From([7]), j.right))).toEqual([7, null]);
  });
});

describe('concatTables', () => {
  it('unions columns, fills missing with nulls, tags rows with their run', () => {
    const r1 = tableFromJsonRows([{ _step: 0, loss: 1 }, { _step: 1, loss: 0.5 }]);
    const r2 = tableFromJsonRows([{ _step: 0, acc: 0.9, loss: 'x' }]);
    const t = concatTables([r1, r2], { tagValues: ['run-a', 'run-b'] });
    expect(t.names).toEqual(['_step', 'loss', 'acc', 'run']);
    expect(toJS(t.get('_step'))).toEqual([0, 1, 0]);
    expect(toJS(t.get('loss'))).toEqual([1, 0.5, 'x']);
    expect(toJS(t.get('acc'))).toEqual([null, null, 0.9]);
    expect(toJS(t.get('run'))).toEqual(['run-a', 'run-a', 'run-b']);
    expect(t.get('run').kind).toBe('dict');
    const u = concatTables([r1, r2], {});
    expect(toJS(u.get('run'))).toEqual([0, 0, 1]);
    expect(concatTables([r1], { tagName: null }).names).toEqual(['_step', 'loss']);
  });
});
