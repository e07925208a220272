import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DIAGNOSTICS, parse, parseForEditor } from '../../src/parser/index.js';
import { tokenSoupArb } from './arbitraries.js';
import { conformance, LONG, spanProblems, withoutSpans } from './helpers.js';

/** 100 000 runs with PANELQL_LONG set; a CI-sized sample otherwise. */
const RUNS = LONG ? 100_000 : 2_000;

/**
 * Editor mode's contract on any input: no throw, a tree, spans inside the input, strict mode
 * agreeing with it. Returns the first broken promise, or null (plain code, not `expect`, so
 * that thousands of runs stay fast).
 */
function editorProblem(text: string): string | null {
  const r = parseForEditor(text);
  if (r.ast === null) return 'no tree';
  const spans = spanProblems(text, r.ast);
  if (spans.length > 0) return spans[0];
  if (r.diagnostics.length > MAX_DIAGNOSTICS + 1) return `${r.diagnostics.length} diagnostics`;
  for (const d of r.diagnostics) {
    if (d.kind !== 'parse' || d.code === 'internal-error' || d.message.length === 0) return `bad diagnostic ${JSON.stringify(d)}`;
    if (!(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)) return `diagnostic span ${JSON.stringify(d.span)} outside the input`;
  }
  const s = parse(text);
  if (r.diagnostics.length === 0) {
    if (JSON.stringify(withoutSpans(s.ast)) !== JSON.stringify(withoutSpans(r.ast))) return 'strict tree differs';
  } else if (s.ast !== null || s.diagnostics.length !== 1 || JSON.stringify(s.diagnostics[0]) !== JSON.stringify(r.diagnostics[0])) {
    return 'strict mode does not report the first editor diagnostic';
  }
  return null;
}

function checkEditor(text: string): void {
  const problem = editorProblem(text);
  if (problem !== null) expect.fail(`${JSON.stringify(text)}: ${problem}`);
}

describe('parseForEditor never throws and keeps spans inside the input', () => {
  it(`random strings (${RUNS} runs)`, () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), checkEditor), { numRuns: RUNS });
  });

  it(`random Unicode strings, lone surrogates included (${RUNS} runs)`, () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), checkEditor), { numRuns: RUNS });
  });

  it(`token soups (${RUNS} runs)`, () => {
    fc.assert(fc.property(tokenSoupArb, checkEditor), { numRuns: RUNS });
  });

  it(`mutated conformance expressions (${RUNS} runs)`, () => {
    const exprs = conformance('reference-answers.jsonl').map((c) => c.expr);
    const mutated = fc
      .tuple(fc.constantFrom(...exprs), fc.nat(), fc.nat({ max: 4 }), fc.string({ maxLength: 3 }))
      .map(([e, at, del, ins]) => {
        const i = at % (e.length + 1);
        return e.slice(0, i) + ins + e.slice(i + del);
      });
    fc.assert(fc.property(mutated, checkEditor), { numRuns: RUNS });
  });

  it('every prefix of every conformance expression (typing in an editor)', () => {
    const cases = conformance('reference-types-print.jsonl');
    for (const c of LONG ? cases : cases.slice(0, 120)) {
      for (let i = 0; i <= c.expr.length; i++) checkEditor(c.expr.slice(0, i));
    }
  });
});
