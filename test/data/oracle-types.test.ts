/**
 * Data typing in the oracle (`valueType`, `unionOf`, `mergeDictTypes`) — which types each
 * primitive kind once per key and leaves de-duplication to `union` — against the earlier
 * implementation written out naively (JSON text of every value's type).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeDictTypes, unionOf, valueType } from '../../src/exec/data/oracle.js';
import { Tagged } from '../../src/ops/values.js';
import { list, typedDict, typeOfValue, union, type Type } from '../../src/types/index.js';

function naiveValueType(v: unknown, depth = 0): Type {
  while (v instanceof Tagged) v = v.value;
  if (v == null) return 'none';
  if (depth > 32) return 'any';
  if (Array.isArray(v)) return list(naiveUnionOf(v.map((e) => naiveValueType(e, depth + 1))));
  if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    const props: Record<string, Type> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(props, k, { value: naiveValueType((v as Record<string, unknown>)[k], depth + 1), enumerable: true });
    }
    return typedDict(props);
  }
  return typeOfValue(v);
}

function naiveUnionOf(types: readonly Type[]): Type {
  const seen = new Map<string, Type>();
  for (const t of types) {
    const k = JSON.stringify(t);
    if (!seen.has(k)) seen.set(k, t);
  }
  return seen.size === 0 ? 'invalid' : union([...seen.values()]);
}

function naiveMerge(dicts: readonly Record<string, unknown>[]): Type {
  const keys = new Map<string, Map<string, Type>>();
  const counts = new Map<string, number>();
  for (const d of dicts) {
    for (const k of Object.keys(d)) {
      let m = keys.get(k);
      if (!m) keys.set(k, (m = new Map()));
      const t = naiveValueType(d[k]);
      const j = JSON.stringify(t);
      if (!m.has(j)) m.set(j, t);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  const props: Record<string, Type> = {};
  for (const [k, m] of keys) {
    const members = [...m.values()];
    if ((counts.get(k) ?? 0) < dicts.length && !m.has('"none"')) members.unshift('none');
    Object.defineProperty(props, k, { value: members.length === 1 ? members[0] : union(members), enumerable: true });
  }
  return typedDict(props);
}

const cell: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.double(),
    fc.constantFrom(0, 1, Number.NaN, Number.POSITIVE_INFINITY),
    fc.constantFrom('a', 'diverged', ''),
    fc.boolean(),
    fc.constantFrom(null, undefined),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('lr', 'value', '__proto__', 'x'), tie('v'), { maxKeys: 3 }),
    tie('v').map((x) => new Tagged({ run: 'r' }, x)),
  ),
})).v;
const row = fc.dictionary(fc.constantFrom('loss', 'acc', '_step', 'opt', 'img', '__proto__', 'constructor'), cell, { maxKeys: 5 });

describe('oracle data typing', () => {
  it('valueType equals the naive typing', () => {
    fc.assert(fc.property(cell, (v) => JSON.stringify(valueType(v)) === JSON.stringify(naiveValueType(v))), { numRuns: 500 });
  });
  it('mergeDictTypes equals the naive merge (keys, order, unions, added none)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), (rows) => {
        expect(JSON.stringify(mergeDictTypes(rows))).toBe(JSON.stringify(naiveMerge(rows)));
      }),
      { numRuns: 400 },
    );
  });
  it('unionOf equals the naive union of distinct types', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 30 }), (vs) => {
        const ts = vs.map((v) => valueType(v));
        expect(JSON.stringify(unionOf(ts))).toBe(JSON.stringify(naiveUnionOf(ts)));
      }),
      { numRuns: 300 },
    );
  });
  it('types a column once per kind: many rows, mixed kinds and missing keys', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const r: Record<string, unknown> = { _step: i };
      if (i % 10 !== 3) r.loss = i % 97 === 0 ? 'nan' : i % 89 === 0 ? null : i / 7;
      if (i % 2 === 0) r.acc = { value: i, ok: i % 3 === 0 };
      return r;
    });
    const t = mergeDictTypes(rows);
    expect(JSON.stringify(t)).toBe(JSON.stringify(naiveMerge(rows)));
    expect(t).toEqual({
      type: 'typedDict',
      propertyTypes: {
        _step: 'number',
        loss: { type: 'union', members: ['string', 'number', 'none'] },
        acc: { type: 'union', members: ['none', { type: 'typedDict', propertyTypes: { value: 'number', ok: 'boolean' } }] },
      },
    });
  });
  it('a value nested deeper than 32 levels is any', () => {
    let v: unknown = 1;
    for (let i = 0; i < 40; i++) v = [v];
    expect(JSON.stringify(valueType(v))).toBe(JSON.stringify(naiveValueType(v)));
  });
});
