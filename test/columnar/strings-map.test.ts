/**
 * String transform and predicate kernels (strings-map.ts, strings.ts) against plain JS
 * references written from the `string-*` op semantics, on every physical variant of a string
 * column (plain, dictionary, sliced / chunked Arrow), with and without a selection.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dictFrom,
  float64From,
  numberToStrings,
  sliceBounds,
  strAffix,
  strConcat,
  strContains,
  strIsAlnum,
  strIsAlpha,
  strIsNumeric,
  stringsFrom,
  strReplace,
  strSlice,
  strToLower,
  strToUpper,
  strTrim,
  toJS,
} from '../../src/exec/columnar/index.js';
import { applySel, describeMismatch, same, stringVariants, type Str } from './helpers.js';

function check(label: string, got: unknown[] | null, want: unknown[]): void {
  if (got === null || !same(got, want)) throw new Error(`${label}: ${got === null ? 'null result' : describeMismatch(got, want)}`);
}

const unit = fc.constantFrom('a', 'Z', '3', '-', '.', ' ', '\t', '\n', '\u00A0', '\u2028', '\uFEFF', '\u3000', 'é', 'İ', 'ß', '😀', '中', '$');
const s = fc.oneof(fc.string({ maxLength: 6, unit }), fc.constantFrom('', '42', '-3.5', '.5', '-', '1.', '1e3', 'abc', 'ABC9', '  x  '));
const maybeS = fc.oneof({ weight: 5, arbitrary: s }, { weight: 1, arbitrary: fc.constant(null) });
const data = fc.integer({ min: 0, max: 30 }).chain((n) =>
  fc.record({
    a: fc.array(maybeS, { minLength: n, maxLength: n }),
    b: fc.array(maybeS, { minLength: n, maxLength: n }),
    keep: fc.option(fc.array(fc.boolean(), { minLength: n, maxLength: n })),
  }),
);
const selOf = (keep: boolean[] | null): Uint32Array | null => (keep === null ? null : Uint32Array.from(keep.flatMap((k, i) => (k ? [i] : []))));
const lone = (x: string): boolean => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(x);

describe('string transform kernels', () => {
  it('fixed cases', () => {
    const c = stringsFrom(['Abc', null, '', ' x😀 ', 'İ']);
    expect(toJS(strToLower(c))).toEqual(['abc', null, '', ' x😀 ', 'i̇']);
    expect(toJS(strToUpper(dictFrom(['ß', 'a', 'ß', null])))).toEqual(['SS', 'A', 'SS', null]);
    expect(toJS(strTrim(c, 'both'))).toEqual(['Abc', null, '', 'x😀', 'İ']);
    expect(toJS(strTrim(stringsFrom(['\u00A0a\uFEFF']), 'start'))).toEqual(['a\uFEFF']);
    expect(toJS(strSlice(c, 1, null) as never)).toEqual(['bc', null, '', 'x😀 ', '']);
    expect(strSlice(stringsFrom(['😀']), 0, 1)).toBeNull(); // would cut the surrogate pair
    expect(toJS(strReplace(c, /b/g, '[$&]') as never)).toEqual(['A[b]c', null, '', ' x😀 ', 'İ']);
    expect(toJS(strAffix(c, '<', '>'))).toEqual(['<Abc>', null, '<>', '< x😀 >', '<İ>']);
    expect(toJS(strConcat('p', c, 'left', null, 5))).toEqual(['pAbc', 'p', 'p', 'p x😀 ', 'pİ']);
    expect(toJS(strConcat(c, dictFrom(['1', '2', null, '4', '5']), 'left', null, 5))).toEqual(['Abc1', null, '', ' x😀 4', 'İ5']);
    expect(toJS(strConcat(null, c, 'left', null, 5))).toEqual([null, null, null, null, null]);
    expect(toJS(strIsNumeric(stringsFrom(['-', '.5', '1.', '', '-1.25', null])))).toEqual([true, true, false, false, true, null]);
    expect(toJS(numberToStrings(float64From([1.5, -0, NaN, null, 1e21, -Infinity])))).toEqual(['1.5', '0', 'NaN', null, '1e+21', '-Infinity']);
    expect(sliceBounds(5, -2, null)).toEqual([3, 5]);
    expect(sliceBounds(5, NaN, 2.7)).toEqual([0, 2]);
  });

  it('property: every variant and selection = the JS reference', () => {
    fc.assert(
      fc.property(data, fc.integer({ min: -4, max: 6 }), fc.option(fc.integer({ min: -4, max: 8 })), fc.constantFrom('a', '', '.', 'é', '😀', '3', 'x|a', '\\s'), ({ a, b, keep }, lo, hi, pat) => {
        const sel = selOf(keep);
        const A = applySel(a, sel);
        const B = applySel(b, sel);
        const m = A.length;
        const mapNN = <T>(f: (x: string) => T): (T | null)[] => A.map((x) => (x === null ? null : f(x)));
        const re = new RegExp(pat, 'g');
        for (const { name, col } of stringVariants(a)) {
          check(`lower ${name}`, toJS(strToLower(col, sel)), mapNN((x) => x.toLowerCase()));
          check(`upper ${name}`, toJS(strToUpper(col, sel)), mapNN((x) => x.toUpperCase()));
          check(`trim ${name}`, toJS(strTrim(col, 'both', sel)), mapNN((x) => x.trim()));
          check(`trimStart ${name}`, toJS(strTrim(col, 'start', sel)), mapNN((x) => x.trimStart()));
          check(`trimEnd ${name}`, toJS(strTrim(col, 'end', sel)), mapNN((x) => x.trimEnd()));
          const want = mapNN((x) => x.slice(lo, hi ?? undefined));
          const got = strSlice(col, lo, hi, sel);
          // dictionary variants transform every entry, so a surrogate-cutting entry anywhere makes the result null
          if (got !== null) check(`slice ${name}`, toJS(got), want);
          else expect((col.kind === 'dict' ? toJS(col.dictionary) : A).some((x) => x !== null && lone(String(x).slice(lo, hi ?? undefined)))).toBe(true);
          const rep = strReplace(col, re, '<$&>', sel);
          if (rep !== null) check(`replace ${name}`, toJS(rep), mapNN((x) => x.replace(re, '<$&>')));
          check(`contains ${name}`, toJS(strContains(col, pat, sel)), mapNN((x) => x.search(re) !== -1));
          check(`isAlpha ${name}`, toJS(strIsAlpha(col, sel)), mapNN((x) => /^[a-z]+$/i.test(x)));
          check(`isAlnum ${name}`, toJS(strIsAlnum(col, sel)), mapNN((x) => /^[a-z0-9]+$/i.test(x)));
          check(`isNumeric ${name}`, toJS(strIsNumeric(col, sel)), mapNN((x) => x.length > 0 && /^-?\d*(\.\d+)?$/.test(x)));
          check(`affix ${name}`, toJS(strAffix(col, 'é', '!', sel)), mapNN((x) => `é${x}!`));
          check(`const + col ${name}`, toJS(strConcat('k', col, 'left', sel, m)), A.map((x) => `k${x ?? ''}`));
          check(`col + const ${name}`, toJS(strConcat(col, '😀', 'right', sel, m)), A.map((x) => `${x ?? ''}😀`));
          for (const { name: nb, col: cb } of stringVariants(b).slice(0, 2)) {
            check(`col + col ${name}/${nb}`, toJS(strConcat(col, cb, 'left', sel, m)), A.map((x, k) => (x === null ? null : `${x}${B[k] ?? ''}`)));
            check(`prepend ${name}/${nb}`, toJS(strConcat(cb, col, 'right', sel, m)), A.map((x, k) => (x === null ? null : `${B[k] ?? ''}${x}`)));
          }
        }
      }),
      { numRuns: 120, seed: 5 },
    );
  });

  it('a null-free dictionary stays a dictionary with the same indices', () => {
    const d = dictFrom(['A', 'B', 'A', 'A']);
    const low = strToLower(d);
    expect(low.kind).toBe('dict');
    if (low.kind === 'dict') expect(low.indices).toBe(d.indices);
    expect(toJS(low)).toEqual(['a', 'b', 'a', 'a']);
  });
});

void ([] as Str[]);
