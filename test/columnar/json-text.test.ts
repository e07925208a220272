/**
 * JSON texts → columns (`tableFromJsonTexts`) equals parsing every text and ingesting the objects
 * (`tableFromJsonRows(texts.map(parseJsonExtended))`): the same columns in the same order, kinds,
 * storage and values; its per-key typing data equals what the row objects give; and texts that are
 * not a plain field copy (invalid JSON, a repeated key, array-index keys, `__proto__`) give null.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonExtended, stringifyJsonExtended } from '../../src/backends/json.js';
import { tableFromJsonRows, tableFromJsonTexts, toJS, type ColumnTable } from '../../src/exec/columnar/index.js';

const NUM_RUNS = process.env.PANELQL_LONG ? 3000 : 200;

function tag(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? '$-0' : Number.isNaN(v) ? '$NaN' : v;
  if (Array.isArray(v)) return v.map(tag);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tag(x)]));
  return v;
}

function describeTable(t: ColumnTable): unknown {
  return {
    length: t.length,
    columns: t.names.map((name) => {
      const col = t.get(name);
      const storage = 'values' in col && col.values !== undefined ? (col.values as object).constructor.name : '';
      return { name, kind: col.kind, storage, nullCount: col.nullCount, values: toJS(col, null).map(tag) };
    }),
  };
}

/** What `mergeDictTypes` reads per key, from the parsed rows: rows holding it and the deciding values. */
function keyTypesOfRows(rows: readonly unknown[]): Map<string, { present: number; samples: unknown[] }> {
  const out = new Map<string, { present: number; samples: unknown[]; kinds: Set<string> }>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) continue;
    for (const k of Object.keys(row)) {
      let st = out.get(k);
      if (st === undefined) out.set(k, (st = { present: 0, samples: [], kinds: new Set() }));
      st.present++;
      const v = (row as Record<string, unknown>)[k];
      const kind = v === null ? 'null' : typeof v;
      if (kind === 'object') st.samples.push(v);
      else if (!st.kinds.has(kind)) {
        st.kinds.add(kind);
        st.samples.push(v);
      }
    }
  }
  return new Map([...out].map(([k, { present, samples }]) => [k, { present, samples: samples.map(tag) }]));
}

const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 3, arbitrary: fc.double({ noDefaultInfinity: false }) },
  { weight: 1, arbitrary: fc.constantFrom(0.1, 1e21, 1e22, 1e23, 123456789012345.6, -0, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, 5e-324, 1.7976931348623157e308) },
  { weight: 3, arbitrary: fc.constantFrom('a', 'b', 'loss', '', 'é', '"q"', 'back\\slash', 'tab\t', '\ud83d\ude00', 'lone\ud800') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
);
const nested = fc.oneof(fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.constantFrom('x', 'y', '_type'), scalar, { maxKeys: 2 }));
const value = fc.oneof({ weight: 8, arbitrary: scalar }, { weight: 1, arbitrary: nested });
const key = fc.constantFrom('_step', 'loss', 'acc', 'a b', 'é', 'k"q', 'tab\tkey', 'constructor', 'toString', '0x');
const row = fc.dictionary(key, value, { maxKeys: 5 });
/** Rows that mostly repeat one shape, as history does. */
const rows = fc.oneof(
  fc.array(row, { maxLength: 12 }),
  fc.tuple(fc.array(key, { minLength: 1, maxLength: 4 }), fc.array(fc.array(value, { minLength: 4, maxLength: 4 }), { maxLength: 30 })).map(([ks, vals]) =>
    vals.map((vs) => Object.fromEntries([...new Set(ks)].map((k, i) => [k, vs[i]]))),
  ),
);
/** How a row is written: compact, spaced, or as Python's json.dumps spaces it. */
const style = fc.constantFrom('compact', 'spaced', 'python');

function write(r: unknown, how: string): string {
  const text = stringifyJsonExtended(r);
  if (how === 'compact') return text;
  if (how === 'spaced') return ` ${stringifyJsonExtended(r, 1)}\n`;
  return text.replace(/":/g, '": ').replace(/,"/g, ', "');
}

describe('tableFromJsonTexts', () => {
  it('equals parsing the texts and ingesting the objects (columns, kinds, storage, values, typing data)', () => {
    fc.assert(
      fc.property(rows, style, fc.array(fc.constantFrom('null', '[1]', '3', '"s"'), { maxLength: 2 }), (rs, how, odd) => {
        const texts = [...rs.map((r) => write(r, how)), ...odd];
        const parsed = texts.map((t) => parseJsonExtended(t));
        const got = tableFromJsonTexts(texts);
        expect(got).not.toBeNull();
        if (got === null) return;
        expect(describeTable(got.table)).toEqual(describeTable(tableFromJsonRows(parsed)));
        const want = keyTypesOfRows(parsed);
        expect(got.table.names).toEqual([...want.keys()]);
        got.table.names.forEach((name, c) => {
          const kt = got.keyTypes[c];
          expect({ present: kt.present, samples: kt.samples.map(tag) }, name).toEqual(want.get(name));
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('reads numbers exactly as Number does (fast path and long forms)', () => {
    const texts = ['0', '-0', '1.5', '0.1', '-0.000123', '1e22', '1e23', '123456789012345', '1234567890123456', '0.30000000000000004', '9007199254740993', '1E-7', '2.5e+3', '5e-324', '1e400', '-1e400', '4.35', '100000000000000000000000', 'NaN', 'Infinity', '-Infinity'];
    const got = tableFromJsonTexts(texts.map((t) => `{"x": ${t}}`));
    const want = texts.map((t) => tag(parseJsonExtended(t)));
    expect(got && toJS(got.table.get('x'), null).map(tag)).toEqual(want);
  });

  it('maps nested values through the cell function', () => {
    const got = tableFromJsonTexts(['{"t": {"_type": "table-file", "path": "p"}, "n": 1}', '{"t": [1, 2]}'], (v) => (Array.isArray(v) ? v.length : 'file'));
    expect(got && toJS(got.table.get('t'), null)).toEqual(['file', 2]);
    expect(got?.keyTypes[0].samples).toEqual(['file', 2]);
  });

  it.each([
    ['invalid JSON', ['{"a": 1,}']],
    ['trailing text', ['{"a": 1} x']],
    ['a leading zero', ['{"a": 01}']],
    ['a control character in a string', ['{"a": "x\ty"}'.replace('\\t', '\t')]],
    ['a bad escape', ['{"a": "\\q"}']],
    ['a repeated key', ['{"a": 1, "b": 2, "a": 3}']],
    ['an array-index key', ['{"b": 1, "7": 2}']],
    ['a __proto__ key', ['{"__proto__": 1}']],
    ['a non-string row', [{ a: 1 }]],
    ['an empty text', ['']],
  ])('gives up on %s', (_what, texts) => {
    expect(tableFromJsonTexts(texts)).toBeNull();
  });

  it('keys with escapes, and a key order that changes between rows', () => {
    const texts = ['{"a\\u00e9": 1, "b": "x"}', '{"b": "y", "a\\u00e9": 2}', '{"b": "y"}', '{}'];
    const got = tableFromJsonTexts(texts);
    expect(got && describeTable(got.table)).toEqual(describeTable(tableFromJsonRows(texts.map((t) => parseJsonExtended(t)))));
  });
});
