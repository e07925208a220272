/** The server's small parts: JSON error positions, expression depth, the TTL cache. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bracketDepth, treeDepth } from '../../src/server/app.js';
import { TtlCache } from '../../src/server/cache.js';
import { findJsonProblem, JsonSyntaxError, parseJson } from '../../src/server/json.js';
import { parse } from '../../src/index.js';

describe('findJsonProblem', () => {
  it.each([
    ['{"a": 1,}', 8, 'expected a property name'],
    ['[1, 2', 5, 'end of input'],
    ['{"a" 1}', 5, "expected ':'"],
    ['{"a": tru}', 6, 'expected a value'],
    ['"abc', 4, 'unterminated string'],
    ['[1]]', 3, 'after the JSON value'],
    ['{"a": "\\x"}', 8, 'bad escape'],
    ['[01]', 2, "expected ',' or ']'"],
    ['{"a": [1, {"b": }]}', 16, 'expected a value'],
    ['', 0, 'end of input'],
    ['[-]', 1, 'expected a value'],
  ])('%j → position %i', (text, position, message) => {
    const p = findJsonProblem(text);
    expect(p?.position).toBe(position);
    expect(p?.message).toContain(message);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('line and column are 1-based', () => {
    expect(findJsonProblem('{\n  "a": 1,\n  ]')).toMatchObject({ line: 3, column: 3 });
  });

  it('valid JSON has no problem (agrees with JSON.parse)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(findJsonProblem(text)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)))), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(findJsonProblem(text) === null).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });

  it('deep nesting does not overflow the stack', () => {
    expect(findJsonProblem('['.repeat(200_000) + ']'.repeat(200_000))).toBeNull();
    expect(findJsonProblem('['.repeat(200_000))?.position).toBe(200_000);
  });

  it('parseJson throws JsonSyntaxError with the problem', () => {
    expect(() => parseJson('{"a": }')).toThrow(JsonSyntaxError);
    expect(parseJson('{"a": [1]}')).toEqual({ a: [1] });
  });
});

describe('expression depth', () => {
  it('bracketDepth ignores brackets in strings', () => {
    expect(bracketDepth('((1))')).toBe(2);
    expect(bracketDepth('"((((" + [1]')).toBe(1);
    expect(bracketDepth("'\\'(((' + 1")).toBe(0);
  });

  it('treeDepth measures the syntax tree without recursion', () => {
    const shallow = treeDepth(parse('1 + 2').ast);
    const deeper = treeDepth(parse('[1].count.toString.len').ast);
    expect(deeper).toBeGreaterThan(shallow);
    const chain = { kind: 'A', child: null as unknown };
    let top: { kind: string; child: unknown } = chain;
    for (let i = 0; i < 100_000; i++) top = { kind: 'A', child: top };
    expect(treeDepth(top)).toBe(100_001);
  });
});

describe('TtlCache', () => {
  it('expires entries and evicts the oldest beyond its size', () => {
    const c = new TtlCache(100, 2);
    c.set('a', '1', 0);
    c.set('b', '2', 0);
    expect(c.get('a', 50)).toBe('1');
    expect(c.get('a', 100)).toBeUndefined();
    c.set('c', '3', 0);
    c.set('d', '4', 0);
    expect(c.get('b', 1)).toBeUndefined();
    expect(c.get('d', 1)).toBe('4');
    expect(c.size).toBe(2);
    expect(new TtlCache(0).enabled).toBe(false);
  });
});
