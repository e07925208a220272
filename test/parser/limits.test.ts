import { describe, expect, it } from 'vitest';
import { MAX_NESTING, parse, parseForEditor } from '../../src/parser/index.js';

/** Builders of an expression nested `n` levels deep, one per nesting construct. */
const NESTERS: [string, (n: number) => string][] = [
  ['parentheses', (n) => `${'('.repeat(n)}1${')'.repeat(n)}`],
  ['arrays', (n) => `${'['.repeat(n)}1${']'.repeat(n)}`],
  ['dicts', (n) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`],
  ['function calls', (n) => `${'f('.repeat(n)}1${')'.repeat(n)}`],
  ['method calls', (n) => `${'x.f('.repeat(n)}1${')'.repeat(n)}`],
  ['subscripts', (n) => `${'x['.repeat(n)}1${']'.repeat(n)}`],
  ['lambdas', (n) => `${'a => '.repeat(n)}1`],
  ['paren lambdas', (n) => `${'(a) => '.repeat(n)}1`],
  ['negations', (n) => `${'- '.repeat(n)}1`],
  ['nots', (n) => `${'!'.repeat(n)}x`],
  ['member chains', (n) => `x${'.a'.repeat(n)}`],
  ['left-nested sums', (n) => `1${' + 1'.repeat(n)}`],
  ['right-nested powers', (n) => `2${' ** 2'.repeat(n)}`],
  // five tree levels per repetition: array, call, lambda, dict, negation
  ['mixed', (n) => `${'[f((a) => {k: -'.repeat(Math.floor(n / 5))}1${'})]'.repeat(Math.floor(n / 5))}`],
];

describe(`nesting limit (${MAX_NESTING} levels)`, () => {
  it.each(NESTERS)('%s: 256 levels parse', (_, build) => {
    const r = parse(build(256));
    expect(r.diagnostics).toEqual([]);
  });

  it.each(NESTERS)('%s: 257 levels give too-deep', (name, build) => {
    const text = build(name === 'mixed' ? 260 : 257);
    const r = parse(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
    expect(r.diagnostics[0].span.end).toBeLessThanOrEqual(text.length);
    const e = parseForEditor(text);
    expect(e.ast).not.toBeNull();
    expect(e.diagnostics.map((d) => d.code)).toEqual(['too-deep']);
  });
});

describe('pathological input never overflows the stack and returns promptly', () => {
  const cases: [string, string][] = [
    ['100k (', '('.repeat(100_000)],
    ['60k (', '('.repeat(60_000)],
    ['100k -', '-'.repeat(100_000)],
    ['60k -', '-'.repeat(60_000)],
    ['30k - separated', '- '.repeat(30_000)],
    ['100k [', '['.repeat(100_000)],
    ['60k [', '['.repeat(60_000)],
    ['60k {', '{'.repeat(60_000)],
    ['20k {a:', '{a:'.repeat(20_000)],
    ['30k f(', 'f('.repeat(30_000)],
    ['20k x.f(', 'x.f('.repeat(16_000)],
    ['20k a=>', 'a=>'.repeat(20_000)],
    ['20k (a)=>', '(a)=>'.repeat(12_000)],
    ['30k a?', 'a?'.repeat(30_000)],
    ['20k ...', '...'.repeat(20_000)],
    ['30k 1+', `${'1+'.repeat(30_000)}1`],
    ['30k 2**', `${'2**'.repeat(20_000)}2`],
    ['30k .a', `x${'.a'.repeat(30_000)}`],
    ['60k ]', ']'.repeat(60_000)],
    ['60k "', '"'.repeat(60_000)],
    ['30k ([', '(['.repeat(30_000)],
    ['unbalanced mix', '([{'.repeat(20_000) + ')]}'.repeat(1000)],
  ];
  it.each(cases)('%s', (_, text) => {
    const t0 = performance.now();
    const strict = parse(text);
    const editor = parseForEditor(text);
    const ms = performance.now() - t0;
    expect(strict.ast).toBeNull();
    expect(strict.diagnostics).toHaveLength(1);
    expect(editor.ast).not.toBeNull();
    expect(editor.diagnostics.length).toBeGreaterThan(0);
    expect(editor.diagnostics.length).toBeLessThanOrEqual(101);
    expect(editor.diagnostics.every((d) => d.code !== 'internal-error')).toBe(true);
    expect(ms).toBeLessThan(2000);
  });
});
