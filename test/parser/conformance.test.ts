import { describe, expect, it } from 'vitest';
import { parse, type Expression } from '../../src/parser/index.js';
import { allNodes, conformance, spanProblems, withoutSpans } from './helpers.js';

const answers = conformance('reference-answers.jsonl');
const typed = conformance('reference-types-print.jsonl');
const toy = conformance('reference-answers-toy.jsonl');

/**
 * The reference classifies these as type errors because its JavaScript grammar accepts the
 * syntax and only its converter rejects it; PanelQL rejects the syntax itself, with a message
 * that names the construct (see docs/syntax.md).
 */
const REJECTED_EARLIER: Record<string, string> = {
  'gen-1410': 'expected-parameter', // [3.14, 42].map(({a}) => a) — destructuring parameter
  'gen-1588': 'unsupported-bitwise', // (0.2 % (-7)) >> (pow(2, null))
  'gen-1817': 'unsupported-statement', // [0x1F, 5].map(function (row) { return row })
};

describe('conformance: what parses', () => {
  it('the 8 reference parse errors are parse errors', () => {
    const cases = answers.filter((c) => c.expect === 'parse_error');
    expect(cases).toHaveLength(8);
    for (const c of cases) {
      const r = parse(c.expr);
      expect(r.ast, c.expr).toBeNull();
      expect(r.diagnostics, c.expr).toHaveLength(1);
      expect(r.diagnostics[0].code.startsWith('unsupported-'), c.expr).toBe(true);
    }
  });

  it('every other expression parses (type errors included)', () => {
    const all = [...answers.filter((c) => c.expect !== 'parse_error'), ...typed, ...toy];
    expect(all.length).toBeGreaterThan(1100);
    for (const c of all) {
      const r = parse(c.expr);
      if (c.id in REJECTED_EARLIER) {
        expect(r.diagnostics[0]?.code, c.expr).toBe(REJECTED_EARLIER[c.id]);
        continue;
      }
      expect(r.diagnostics, `${c.id}: ${c.expr}`).toEqual([]);
    }
  });
});

describe('conformance: spans', () => {
  it('every node of every expression covers exactly its own source text', () => {
    for (const c of [...answers, ...typed, ...toy]) {
      const r = parse(c.expr);
      if (r.ast === null) continue;
      expect(spanProblems(c.expr, r.ast), c.expr).toEqual([]);
      for (const node of allNodes(r.ast)) {
        const slice = c.expr.slice(node.span.start, node.span.end);
        const again = parse(slice);
        expect(again.diagnostics, `${c.id}: ${JSON.stringify(slice)}`).toEqual([]);
        expect(withoutSpans(again.ast as Expression), `${c.id}: ${JSON.stringify(slice)}`).toEqual(withoutSpans(node));
      }
    }
  });
});
