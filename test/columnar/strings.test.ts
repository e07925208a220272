import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dictFrom,
  selectStrEquals,
  strCompare,
  strContains,
  strEndsWith,
  strEquals,
  stringsFrom,
  strLen,
  strLower,
  strStartsWith,
  strUpper,
  toJS,
  type StrOrderOp,
} from '../../src/exec/columnar/index.js';
import { applySel, describeMismatch, maybeString, same, smallString, stringVariants, type Str } from './helpers.js';

function check(label: string, got: unknown[], want: unknown[]): void {
  if (!same(got, want)) throw new Error(`${label}: ${describeMismatch(got, want)}`);
}

const refLen = (s: string): number => [...s].length;
const refContains = (s: string, p: string | null): boolean => s.match(new RegExp(p ?? '', 'g')) != null;
const refStarts = (s: string, p: string | null): boolean => (p ? s.startsWith(p) : true);
const refEnds = (s: string, p: string | null): boolean => (p ? s.endsWith(p) : true);
function refOrder(op: StrOrderOp, a: Str, b: Str): boolean | null {
  if (a == null || b == null) return null;
  return op === 'lt' ? a < b : op === 'le' ? a <= b : op === 'gt' ? a > b : a >= b;
}

const listWithSel = fc.integer({ min: 0, max: 40 }).chain((n) =>
  fc
    .record({
      a: fc.array(maybeString, { minLength: n, maxLength: n }),
      b: fc.array(maybeString, { minLength: n, maxLength: n }),
      needle: fc.oneof(smallString, fc.constant(null)),
      keep: fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n })),
    })
    .map(({ a, b, needle, keep }) => ({ a, b, needle, sel: keep === null ? null : Uint32Array.from(keep.flatMap((k, i) => (k ? [i] : []))) })),
);

describe('string kernels', () => {
  it('fixed cases', () => {
    const c = stringsFrom(['abc', null, '', 'a😀b', 'ABC']);
    expect(toJS(strLen(c))).toEqual([3, null, 0, 3, 3]);
    expect(toJS(strContains(c, 'b.'))).toEqual([true, null, false, false, false]);
    expect(toJS(strContains(c, null))).toEqual([true, null, true, true, true]);
    expect(toJS(strStartsWith(c, ''))).toEqual([true, null, true, true, true]);
    expect(toJS(strEndsWith(c, 'b'))).toEqual([false, null, false, true, false]);
    expect(toJS(strLower(c))).toEqual(['abc', null, '', 'a😀b', 'abc']);
    expect(toJS(strUpper(dictFrom(['a', 'b', 'a', null])))).toEqual(['A', 'B', 'A', null]);
    expect(toJS(strEquals(c, null))).toEqual([false, true, false, false, false]);
    expect(toJS(strEquals(c, 'abc', null, true))).toEqual([false, true, true, true, true]);
    expect(toJS(strCompare('lt', c, 'b'))).toEqual([true, null, true, true, true]);
    expect(() => strContains(c, '(')).toThrow();
  });

  it('JS (UTF-16) order, not UTF-8 byte order, for astral vs BMP-private-use characters', () => {
    const c = stringsFrom(['😀', '\uE000']);
    expect(toJS(strCompare('lt', c, '\uE000'))).toEqual(['😀' < '\uE000', false]);
  });

  it('property: every kernel equals the reference on every variant with selections', () => {
    fc.assert(
      fc.property(listWithSel, ({ a, b, needle, sel }) => {
        const sa = applySel(a, sel);
        const sb = applySel(b, sel);
        const va = stringVariants(a);
        const vb = stringVariants(b);
        const base = sel === null ? a.map((_, i) => i) : Array.from(sel);
        for (let t = 0; t < va.length; t++) {
          const c = va[t].col;
          const other = vb[(t + 1) % vb.length].col;
          const nm = va[t].name;
          const mapNN = <T,>(f: (s: string) => T): (T | null)[] => sa.map((s) => (s == null ? null : f(s)));
          check(`len ${nm}`, toJS(strLen(c, sel)), mapNN(refLen));
          check(`contains ${nm}`, toJS(strContains(c, needle === null ? null : needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), sel)), mapNN((s) => refContains(s, needle === null ? null : needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))));
          check(`contains regex ${nm}`, toJS(strContains(c, '^a.', sel)), mapNN((s) => refContains(s, '^a.')));
          check(`startsWith ${nm}`, toJS(strStartsWith(c, needle, sel)), mapNN((s) => refStarts(s, needle)));
          check(`endsWith ${nm}`, toJS(strEndsWith(c, needle, sel)), mapNN((s) => refEnds(s, needle)));
          check(`lower ${nm}`, toJS(strLower(c, sel)), mapNN((s) => s.toLocaleLowerCase()));
          check(`upper ${nm}`, toJS(strUpper(c, sel)), mapNN((s) => s.toLocaleUpperCase()));
          check(`eq scalar ${nm}`, toJS(strEquals(c, needle, sel)), sa.map((s) => s === needle));
          check(`ne scalar ${nm}`, toJS(strEquals(c, needle, sel, true)), sa.map((s) => s !== needle));
          check(`eq col ${nm}`, toJS(strEquals(c, other, sel)), sa.map((s, i) => s === sb[i]));
          check(`select eq ${nm}`, Array.from(selectStrEquals(c, needle, sel)), base.filter((i) => a[i] === needle));
          check(`select ne ${nm}`, Array.from(selectStrEquals(c, needle, sel, true)), base.filter((i) => a[i] !== needle));
          for (const op of ['lt', 'le', 'gt', 'ge'] as StrOrderOp[]) {
            check(`${op} scalar ${nm}`, toJS(strCompare(op, c, needle, sel)), sa.map((s) => refOrder(op, s, needle)));
            check(`${op} col ${nm}`, toJS(strCompare(op, c, other, sel)), sa.map((s, i) => refOrder(op, s, sb[i])));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('dictionary columns evaluate once per entry (same results as per-row)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i % 11 === 0 ? null : `run-${i % 7}`));
    const d = dictFrom(values);
    expect(d.dictionary.length).toBe(7);
    expect(toJS(strContains(d, '-[35]$'))).toEqual(values.map((s) => (s == null ? null : /-[35]$/.test(s))));
  });
});
