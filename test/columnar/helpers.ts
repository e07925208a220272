/**
 * Test helpers: scalar reference implementations (plain JS over arrays of values, written from
 * the language semantics, not from the kernels) and builders that present the same logical
 * values in every physical form a kernel can meet (plain typed arrays, Int32 storage, sliced
 * Arrow vectors with a bit offset, multi-chunk Arrow vectors, JSON rows).
 */
import * as A from 'apache-arrow';
import fc from 'fast-check';
import {
  boolsFrom,
  columnFromArrow,
  dictFrom,
  float64From,
  stringsFrom,
  type BoolColumn,
  type StringLikeColumn,
  numbersFrom,
  tableFromJsonRows,
  type Column,
  type NumberColumn,
} from '../../src/exec/columnar/index.js';

export type Num = number | null;

// ------------------------------------------------------------------ scalar references

export function nonNull(xs: readonly Num[]): number[] {
  return xs.filter((x): x is number => x != null);
}

/** lodash `_.sum` over the non-null values: first value, then `+` left to right; 0 if empty. */
export function refSum(xs: readonly Num[]): number {
  const nn = nonNull(xs);
  if (nn.length === 0) return 0;
  let r = nn[0];
  for (let i = 1; i < nn.length; i++) r = r + nn[i];
  return r;
}

export function refAvg(xs: readonly Num[]): number {
  const nn = nonNull(xs);
  return refSum(nn) / nn.length;
}

/** lodash `_.min`/`_.max`: skip null and NaN, strict comparison keeps the first extremum. */
export function refExtremum(xs: readonly Num[], wantMax: boolean): number | null {
  let found: number | undefined;
  for (const x of xs) {
    if (x == null) continue;
    if (found === undefined ? x === x : wantMax ? x > found : x < found) found = x;
  }
  return found === undefined ? null : found;
}

export function refMin(xs: readonly Num[]): number | null {
  return refExtremum(xs, false);
}
export function refMax(xs: readonly Num[]): number | null {
  return refExtremum(xs, true);
}

/** `_.indexOf(list, _.min(list))` — index in the list including nulls. */
export function refArgmin(xs: readonly Num[]): number {
  const m = refExtremum(xs, false);
  return m === null ? -1 : xs.indexOf(m);
}
export function refArgmax(xs: readonly Num[]): number {
  const m = refExtremum(xs, true);
  return m === null ? -1 : xs.indexOf(m);
}

export function refStddev(xs: readonly Num[]): number {
  const nn = nonNull(xs);
  const mean = refSum(nn) / nn.length;
  return Math.sqrt(refSum(nn.map((v) => (v - mean) * (v - mean))) / nn.length);
}

// ------------------------------------------------------------------ physical variants

export interface Variant<C extends Column = Column> {
  readonly name: string;
  readonly col: C;
}

function arrowFloat64(values: readonly Num[]): A.Vector {
  return A.vectorFromArray(values as (number | null)[], new A.Float64());
}

/** Arrow vector whose single chunk is a slice (non-zero, non-byte-aligned offset). */
function slicedArrow(values: readonly Num[], pad: number): A.Vector {
  const padded: Num[] = [];
  for (let i = 0; i < pad; i++) padded.push(i % 2 === 0 ? null : 1e9 + i);
  padded.push(...values);
  padded.push(null, 7);
  return arrowFloat64(padded).slice(pad, pad + values.length);
}

/** Arrow vector with several chunks (the second and later ones sliced). */
function chunkedArrow(values: readonly Num[]): A.Vector {
  if (values.length < 2) return arrowFloat64(values);
  const cut1 = Math.floor(values.length / 3);
  const cut2 = Math.floor((2 * values.length) / 3);
  const a = arrowFloat64(values.slice(0, cut1));
  const b = slicedArrow(values.slice(cut1, cut2), 3);
  const c = slicedArrow(values.slice(cut2), 5);
  return a.concat(b).concat(c);
}

export function numberVariants(values: readonly Num[]): Variant<NumberColumn>[] {
  const out: Variant<NumberColumn>[] = [
    { name: 'float64', col: float64From(values) },
    { name: 'numbersFrom', col: numbersFrom(values) },
    { name: 'arrow', col: columnFromArrow(arrowFloat64(values)) as NumberColumn },
    { name: 'arrow-sliced', col: columnFromArrow(slicedArrow(values, 13)) as NumberColumn },
    { name: 'arrow-chunked', col: columnFromArrow(chunkedArrow(values)) as NumberColumn },
  ];
  const json = tableFromJsonRows(values.map((v) => (v === null ? { other: 1 } : { x: v }))).column('x');
  if (json !== undefined && json.kind === 'number') out.push({ name: 'json', col: json });
  return out;
}

// ------------------------------------------------------------------ arbitraries

/** Doubles that stress semantics: ±0, NaN, ±Infinity, small ints, fractions, huge values. */
export const specialDouble: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 3, arbitrary: fc.double({ noNaN: false }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.1, 0.2, 0.5, 1e21, -1e-7, 2 ** 31, -(2 ** 31)) },
);

export const maybeDouble: fc.Arbitrary<Num> = fc.oneof({ weight: 4, arbitrary: specialDouble }, { weight: 1, arbitrary: fc.constant(null) });

export const numList: fc.Arbitrary<Num[]> = fc.array(maybeDouble, { maxLength: 90 });

/** A list plus a random ascending selection over it. */
export const numListWithSel: fc.Arbitrary<{ values: Num[]; sel: Uint32Array | null }> = numList.chain((values) =>
  fc.oneof(
    fc.constant({ values, sel: null as Uint32Array | null }),
    fc.array(fc.boolean(), { minLength: values.length, maxLength: values.length }).map((keep) => {
      const idx: number[] = [];
      keep.forEach((k, i) => k && idx.push(i));
      return { values, sel: Uint32Array.from(idx) as Uint32Array | null };
    }),
  ),
);

export function applySel<T>(values: readonly T[], sel: Uint32Array | null): T[] {
  return sel === null ? [...values] : Array.from(sel, (i) => values[i]);
}

/** Exact equality that distinguishes −0 from 0 and treats NaN as equal to NaN (Object.is), elementwise for arrays. */
export function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return Object.is(a, b);
}

export function describeMismatch(a: unknown, b: unknown): string {
  const f = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0)) ? String(Object.is(v, -0) ? '-0' : v) : v));
  return `got ${f(a)} expected ${f(b)}`;
}

// ------------------------------------------------------------------ strings and booleans

export type Str = string | null;

function arrowUtf8(values: readonly Str[]): A.Vector {
  return A.vectorFromArray(values as (string | null)[], new A.Utf8());
}

export function stringVariants(values: readonly Str[]): Variant<StringLikeColumn>[] {
  const pad: Str[] = ['pad', null, 'x', 'é', null];
  const sliced = arrowUtf8([...pad, ...values, 'tail']).slice(pad.length, pad.length + values.length);
  const dictSliced = A.vectorFromArray([...pad, ...values] as (string | null)[]).slice(pad.length);
  const out: Variant<StringLikeColumn>[] = [
    { name: 'strings', col: stringsFrom(values) },
    { name: 'dict', col: dictFrom(values) },
    { name: 'arrow-utf8-sliced', col: columnFromArrow(sliced) as StringLikeColumn },
    { name: 'arrow-dict-sliced', col: columnFromArrow(dictSliced) as StringLikeColumn },
  ];
  if (values.length >= 2) {
    const cut = values.length >> 1;
    const chunked = A.vectorFromArray(values.slice(0, cut) as (string | null)[]).concat(A.vectorFromArray(values.slice(cut) as (string | null)[]));
    // vectorFromArray infers Float64 for an all-null chunk; an all-null column may then come back
    // as a number column, which is not a string variant
    const col = columnFromArrow(chunked);
    if (col.kind === 'string' || col.kind === 'dict') out.push({ name: 'arrow-dict-chunked', col });
  }
  return out;
}

export const smallString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'ab', 'ba', 'abc', 'A', 'é', 'É', 'ß', '😀', '\uE000', 'a😀', 'run-1', '10', '2', 'x.y'),
  fc.string({ maxLength: 4, unit: fc.constantFrom('a', 'b', 'B', 'é', '😀', '\uffff', '.') }),
);
export const maybeString: fc.Arbitrary<Str> = fc.oneof({ weight: 5, arbitrary: smallString }, { weight: 1, arbitrary: fc.constant(null) });

export function boolVariants(values: readonly (boolean | null)[]): Variant<BoolColumn>[] {
  const pad = [true, null, false];
  const sliced = A.vectorFromArray([...pad, ...values, true], new A.Bool()).slice(pad.length, pad.length + values.length);
  return [
    { name: 'bools', col: boolsFrom(values) },
    { name: 'arrow-bool-sliced', col: columnFromArrow(sliced) as BoolColumn },
  ];
}
