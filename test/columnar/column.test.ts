import * as A from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boolsFrom,
  columnFromArrow,
  columnFromValues,
  columnToArrow,
  composeSelection,
  concatColumns,
  copyBits,
  countSetBits,
  dictFrom,
  float64From,
  gather,
  getBit,
  mixedColumn,
  numbersFrom,
  numberStats,
  selectTrue,
  selectValid,
  sliceSelection,
  stringsFrom,
  tableFromArrow,
  tableFromJsonRows,
  toJS,
  valueAt,
  type Column,
} from '../../src/exec/columnar/index.js';
import { same } from './helpers.js';

function js(c: Column, sel: Uint32Array | null = null): unknown[] {
  return toJS(c, sel);
}

describe('bitmaps', () => {
  it('copyBits / countSetBits agree with a per-bit reference at every alignment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 0, maxLength: 80 }),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 0, max: 17 }),
        (bits, srcOff, dstOff) => {
          const src = new Uint8Array(20);
          bits.forEach((b, i) => b && (src[(srcOff + i) >> 3] |= 1 << ((srcOff + i) & 7)));
          const dst = new Uint8Array(20).fill(0xa5);
          copyBits(dst, dstOff, src, srcOff, bits.length);
          bits.forEach((b, i) => expect(getBit(dst, dstOff + i)).toBe(b));
          // bits outside the destination range are untouched
          for (let i = 0; i < dstOff; i++) expect(getBit(dst, i)).toBe(getBit(new Uint8Array([0xa5, 0xa5, 0xa5]), i));
          expect(countSetBits(src, srcOff, bits.length)).toBe(bits.filter(Boolean).length);
        },
      ),
    );
  });
});

describe('Arrow ingest', () => {
  it('Float64 and Int32 are zero-copy; slices keep a bit offset', () => {
    const v = A.vectorFromArray([1.5, null, 3, 4, null, 6, 7, 8, 9, 10], new A.Float64());
    const c = columnFromArrow(v);
    expect(c.kind).toBe('number');
    if (c.kind !== 'number') return;
    expect(c.values.buffer).toBe(v.data[0].values.buffer);
    expect(c.nullCount).toBe(2);
    const s = columnFromArrow(v.slice(3, 9));
    expect(s.kind === 'number' && s.bitOffset).toBe(3);
    expect(js(s)).toEqual([4, null, 6, 7, 8, 9]);
    const i = columnFromArrow(A.makeVector(new Int32Array([5, -1, 7])));
    expect(i.kind === 'number' && i.values instanceof Int32Array).toBe(true);
    expect(js(i)).toEqual([5, -1, 7]);
  });

  it('widens other numeric types', () => {
    expect(js(columnFromArrow(A.vectorFromArray([1, null, -3], new A.Int8())))).toEqual([1, null, -3]);
    expect(js(columnFromArrow(A.vectorFromArray([1, 65535], new A.Uint16())))).toEqual([1, 65535]);
    expect(js(columnFromArrow(A.vectorFromArray([4294967295, 1], new A.Uint32())))).toEqual([4294967295, 1]);
    expect(js(columnFromArrow(A.vectorFromArray([1.5, null], new A.Float32())))).toEqual([1.5, null]);
    expect(js(columnFromArrow(A.vectorFromArray([2n ** 40n, null, -5n], new A.Int64())))).toEqual([2 ** 40, null, -5]);
  });

  it('timestamps and dates become milliseconds', () => {
    const ts = columnFromArrow(A.vectorFromArray([new Date(1500), null], new A.TimestampMillisecond()));
    expect(ts.kind === 'number' && ts.logical).toBe('timestamp');
    expect(js(ts)).toEqual([1500, null]);
    const sec = A.makeVector(A.makeData({ type: new A.TimestampSecond(), length: 2, data: new BigInt64Array([3n, 4n]) }));
    expect(js(columnFromArrow(sec))).toEqual([3000, 4000]);
    const us = A.makeVector(A.makeData({ type: new A.TimestampMicrosecond(), length: 1, data: new BigInt64Array([2500n]) }));
    expect(js(columnFromArrow(us))).toEqual([2.5]);
    const days = columnFromArrow(A.vectorFromArray([new Date(86_400_000 * 3)], new A.DateDay()));
    expect(days.kind === 'number' && days.logical).toBe('date');
    expect(js(days)).toEqual([86_400_000 * 3]);
  });

  it('booleans stay bit-packed (sliced with offset)', () => {
    const v = A.vectorFromArray([true, false, null, true, true, false, false, true, true, null, false], new A.Bool());
    const c = columnFromArrow(v.slice(2, 11));
    expect(c.kind).toBe('bool');
    expect(js(c)).toEqual([null, true, true, false, false, true, true, null, false]);
  });

  it('Utf8 (sliced), LargeUtf8 and dictionaries', () => {
    const u = A.vectorFromArray(['a', null, 'héllo', 'x', ''], new A.Utf8());
    const c = columnFromArrow(u.slice(1));
    expect(c.kind).toBe('string');
    expect(js(c)).toEqual([null, 'héllo', 'x', '']);
    expect(valueAt(c, 1)).toBe('héllo');
    const d = A.vectorFromArray(['r1', 'r2', null, 'r1']);
    const dc = columnFromArrow(d.slice(1));
    expect(dc.kind).toBe('dict');
    expect(js(dc)).toEqual(['r2', null, 'r1']);
    const large = A.vectorFromArray(['p', null, 'qq'], new A.LargeUtf8());
    expect(js(columnFromArrow(large))).toEqual(['p', null, 'qq']);
    const d8 = A.vectorFromArray(['a', 'b', 'a'], new A.Dictionary(new A.Utf8(), new A.Int8()));
    const c8 = columnFromArrow(d8);
    expect(c8.kind === 'dict' && c8.indices instanceof Int32Array).toBe(true);
    expect(js(c8)).toEqual(['a', 'b', 'a']);
  });

  it('null dictionary entries become null rows', () => {
    const dict = A.vectorFromArray(['a', null, 'c'], new A.Utf8());
    const v = A.makeVector(
      A.makeData({ type: new A.Dictionary(new A.Utf8(), new A.Int32()), length: 4, data: new Int32Array([0, 1, 2, 1]), dictionary: dict }),
    );
    const c = columnFromArrow(v);
    expect(js(c)).toEqual(['a', null, 'c', null]);
    expect(c.nullCount).toBe(2);
  });

  it('multi-chunk vectors are concatenated once (numbers, bools, strings, dictionaries)', () => {
    const f = A.vectorFromArray([1, null, 3], new A.Float64()).concat(A.vectorFromArray([null, 5, 6, 7, 8, 9, 10], new A.Float64()).slice(1));
    expect(f.data.length).toBe(2);
    expect(js(columnFromArrow(f))).toEqual([1, null, 3, 5, 6, 7, 8, 9, 10]);
    const b = A.vectorFromArray([true, null], new A.Bool()).concat(A.vectorFromArray([false, true, null], new A.Bool()).slice(1));
    expect(js(columnFromArrow(b))).toEqual([true, null, true, null]);
    const s = A.vectorFromArray(['a', null], new A.Utf8()).concat(A.vectorFromArray(['zz', 'é', null], new A.Utf8()).slice(1));
    expect(js(columnFromArrow(s))).toEqual(['a', null, 'é', null]);
    // two dictionary chunks with different dictionaries → merged dictionary
    const d = A.vectorFromArray(['x', 'y', null]).concat(A.vectorFromArray(['y', 'z']));
    const dc = columnFromArrow(d);
    expect(dc.kind).toBe('dict');
    expect(js(dc)).toEqual(['x', 'y', null, 'y', 'z']);
    if (dc.kind === 'dict') expect(dc.dictionary.length).toBe(3);
  });

  it('struct / list columns fall back to mixed JS values', () => {
    const t = A.tableFromJSON([{ s: { a: 1 } }, { s: { a: 2 } }]);
    const c = columnFromArrow(t.getChild('s') as A.Vector);
    expect(c.kind).toBe('mixed');
    expect(js(c)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('tables convert columns lazily and round-trip through Arrow', () => {
    const t = A.tableFromArrays({ a: new Float64Array([1, 2, 3]), b: new Int32Array([4, 5, 6]) });
    const ct = tableFromArrow(t);
    expect(ct.length).toBe(3);
    expect(ct.names).toEqual(['a', 'b']);
    expect(js(ct.get('b'))).toEqual([4, 5, 6]);
    expect(ct.column('zz')).toBeUndefined();
    for (const col of [float64From([1, null, NaN]), numbersFrom([1, 2]), boolsFrom([true, null, false]), stringsFrom(['a', null, 'bé']), dictFrom(['x', null, 'x'])]) {
      const back = columnFromArrow(columnToArrow(col));
      expect(same(js(back), js(col))).toBe(true);
    }
  });
});

describe('JSON rows ingest', () => {
  it('infers per-key types; missing keys are null', () => {
    const t = tableFromJsonRows([
      { _step: 0, loss: 1.5, name: 'a', flag: true },
      { _step: 1, loss: null, name: 'b' },
      { _step: 2, acc: 0.5, name: 'a', flag: false },
      { _step: 3, loss: 2, mix: 1 },
      { _step: 4, loss: NaN, mix: 'one', obj: { k: 1 } },
    ]);
    expect(t.names).toEqual(['_step', 'loss', 'name', 'flag', 'acc', 'mix', 'obj']);
    const step = t.get('_step');
    expect(step.kind === 'number' && step.values instanceof Int32Array).toBe(true);
    const loss = t.get('loss');
    expect(loss.kind === 'number' && loss.values instanceof Float64Array).toBe(true);
    expect(same(js(loss), [1.5, null, null, 2, NaN])).toBe(true);
    expect(js(t.get('name'))).toEqual(['a', 'b', 'a', null, null]);
    expect(js(t.get('flag'))).toEqual([true, null, false, null, null]);
    expect(js(t.get('acc'))).toEqual([null, null, 0.5, null, null]);
    expect(t.get('mix').kind).toBe('mixed');
    expect(js(t.get('mix'))).toEqual([null, null, null, 1, 'one']);
    expect(js(t.get('obj'))).toEqual([null, null, null, null, { k: 1 }]);
  });

  it('-0 forces Float64 storage and survives', () => {
    const c = tableFromJsonRows([{ x: 1 }, { x: -0 }]).get('x');
    expect(c.kind === 'number' && c.values instanceof Float64Array).toBe(true);
    expect(Object.is(valueAt(c, 1), -0)).toBe(true);
  });

  it('high-cardinality strings are stored plain, low-cardinality as a dictionary', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ u: `id-${i}`, r: `run-${i % 3}` }));
    const t = tableFromJsonRows(rows);
    expect(t.get('u').kind).toBe('string');
    expect(t.get('r').kind).toBe('dict');
    expect(js(t.get('u'))).toEqual(rows.map((r) => r.u));
    expect(js(t.get('r'))).toEqual(rows.map((r) => r.r));
  });

  it('keys option and non-object rows', () => {
    const t = tableFromJsonRows([{ a: 1, b: 2 }, null, 5, { b: 3, c: 4 }], { keys: ['b', 'zz'] });
    expect(t.names).toEqual(['b', 'zz']);
    expect(js(t.get('b'))).toEqual([2, null, null, 3]);
    expect(js(t.get('zz'))).toEqual([null, null, null, null]);
  });

  it('property: every key reads back as row[key] ?? null (any key order, sparse rows)', () => {
    const value = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.double(),
      fc.constantFrom('a', 'b', 'ü', ''),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const row = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), value, { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        const t = tableFromJsonRows(rows);
        expect(t.length).toBe(rows.length);
        for (const k of t.names) {
          const got = js(t.get(k));
          const want = rows.map((r) => (r[k] === undefined ? null : r[k]));
          if (!same(got, want)) throw new Error(`key ${k}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('columnFromValues / concat / selections', () => {
  it('columnFromValues infers kinds', () => {
    expect(columnFromValues([1, null, 2]).kind).toBe('number');
    expect(columnFromValues(['a', 'a', 'a', null]).kind).toBe('dict');
    expect(columnFromValues(['a', 'b']).kind).toBe('string');
    expect(columnFromValues([true, null]).kind).toBe('bool');
    expect(columnFromValues([1, 'a']).kind).toBe('mixed');
    expect(columnFromValues([null, null]).kind).toBe('mixed');
  });

  it('concatColumns unifies kinds', () => {
    expect(js(concatColumns([numbersFrom([1, 2]), float64From([0.5, null])]))).toEqual([1, 2, 0.5, null]);
    const ints = concatColumns([numbersFrom([1]), numbersFrom([2])]);
    expect(ints.kind === 'number' && ints.values instanceof Int32Array).toBe(true);
    const s = concatColumns([stringsFrom(['a', null]), dictFrom(['b', 'a'])]);
    expect(s.kind).toBe('dict');
    expect(js(s)).toEqual(['a', null, 'b', 'a']);
    expect(js(concatColumns([stringsFrom(['a']), stringsFrom(['b', null])]))).toEqual(['a', 'b', null]);
    expect(js(concatColumns([numbersFrom([1]), mixedColumn([null, null])]))).toEqual([1, null, null]);
    expect(js(concatColumns([boolsFrom([true]), boolsFrom([null, false])]))).toEqual([true, null, false]);
    const m = concatColumns([numbersFrom([1]), stringsFrom(['1'])]);
    expect(m.kind).toBe('mixed');
    expect(js(m)).toEqual([1, '1']);
  });

  it('gather / selectTrue / selectValid / sliceSelection / composeSelection', () => {
    const cols: Column[] = [
      float64From([1, null, 3, NaN, 5]),
      numbersFrom([1, 2, 3, 4, 5]),
      boolsFrom([true, false, null, true, true]),
      stringsFrom(['a', 'bb', null, 'é', '']),
      dictFrom(['x', 'y', 'x', null, 'y']),
      mixedColumn([1, 'a', null, { k: 1 }, true]),
    ];
    const sel = Uint32Array.from([4, 0, 3]);
    for (const c of cols) {
      const all = js(c);
      expect(same(js(gather(c, sel)), [all[4], all[0], all[3]])).toBe(true);
      expect(same(js(c, sel), [all[4], all[0], all[3]])).toBe(true);
      expect(Array.from(selectValid(c))).toEqual(all.flatMap((v, i) => (v === null ? [] : [i])));
    }
    const pred = boolsFrom([true, false, null, true, true, true, true, true, true, false, true]);
    expect(Array.from(selectTrue(pred))).toEqual([0, 3, 4, 5, 6, 7, 8, 10]);
    const base = Uint32Array.from([10, 20, 30]);
    expect(Array.from(selectTrue(boolsFrom([false, true, true]), base))).toEqual([20, 30]);
    expect(Array.from(sliceSelection(null, 10, 2, 5))).toEqual([2, 3, 4]);
    expect(Array.from(sliceSelection(base, 3, 1, 99))).toEqual([20, 30]);
    expect(Array.from(composeSelection(base, Uint32Array.from([2, 0])))).toEqual([30, 10]);
  });

  it('selectTrue on a sliced Arrow boolean with a bit offset', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.boolean()), { maxLength: 70 }), fc.integer({ min: 0, max: 9 }), (vals, off) => {
        const padded = [...Array.from({ length: off }, () => true), ...vals];
        const c = columnFromArrow(A.vectorFromArray(padded, new A.Bool()).slice(off));
        expect(Array.from(selectTrue(c as never))).toEqual(vals.flatMap((v, i) => (v === true ? [i] : [])));
      }),
    );
  });

  it('numberStats ignores nulls and NaN', () => {
    const s = numberStats(float64From([3, null, NaN, -2, 7.5]));
    expect(s).toMatchObject({ min: -2, max: 7.5, allInt: false, hasNaN: true, validCount: 4 });
    expect(numberStats(numbersFrom([4, 9, -1])).allInt).toBe(true);
  });
});

describe('warmUpKernels', () => {
  it('runs the common kernels on a synthetic batch without error', async () => {
    const { warmUpKernels } = await import('../../src/exec/columnar/index.js');
    expect(() => warmUpKernels(2000, 1)).not.toThrow();
  });
});
