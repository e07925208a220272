import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonSyntaxError, parseJsonExtended, stringifyJsonExtended } from '../../src/backends/json.js';

describe('extended JSON', () => {
  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['[1, NaN, -Infinity]', [1, Number.NaN, Number.NEGATIVE_INFINITY]],
    ['{"a": {"b": Infinity}, "s": "NaN"}', { a: { b: Number.POSITIVE_INFINITY }, s: 'NaN' }],
    ['  {"x": -0.5e-3, "y": [true, false, null], "z": "\\u00e9\\n"} ', { x: -0.0005, y: [true, false, null], z: 'é\n' }],
  ])('parses %s', (text, want) => {
    expect(parseJsonExtended(text)).toEqual(want);
  });

  it.each([
    ['{"a": nan}', 1, 7],
    ['[1, 2', 1, 6],
    ['{"a": 1,\n "b": Infinit}', 2, 7],
    ['{"a" 1}', 1, 6],
    ['01', 1, 2],
    ['"abc', 1, 5],
  ])('rejects %j with a position', (text, line, column) => {
    let err: unknown;
    try {
      parseJsonExtended(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonSyntaxError);
    expect((err as JsonSyntaxError).line).toBe(line);
    expect((err as JsonSyntaxError).column).toBe(column);
  });

  it('keeps __proto__ as data on both the fast and the NaN path', () => {
    for (const text of ['{"__proto__": {"polluted": 1}}', '{"__proto__": {"polluted": NaN}}']) {
      const v = parseJsonExtended(text) as Record<string, unknown>;
      expect(Object.keys(v)).toEqual(['__proto__']);
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it('writes non-finite numbers as bare tokens', () => {
    expect(stringifyJsonExtended({ a: Number.NaN, b: [Infinity, -Infinity, 1], c: 'x' })).toBe(
      '{"a":NaN,"b":[Infinity,-Infinity,1],"c":"x"}',
    );
    expect(stringifyJsonExtended({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('law: parse(stringify(v)) == v for JSON values with non-finite numbers', () => {
    const num = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity), fc.integer());
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        num,
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const back = parseJsonExtended(stringifyJsonExtended(v));
        expect(back).toEqual(normalize(v)); // -0 prints as 0
      }),
      { numRuns: 300 },
    );
  });
});

function normalize(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: normalize((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    return o;
  }
  return v;
}

describe('pretty printing with non-finite numbers', () => {
  it('matches JSON.stringify(v, null, n) apart from the tokens', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (v, n) => {
        const withNaN = { x: v, bad: Number.NaN };
        const expected = JSON.stringify(withNaN, null, n).replace(/"bad": ?null/, (m) => m.replace('null', 'NaN'));
        expect(stringifyJsonExtended(withNaN, n)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });
});
