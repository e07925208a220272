import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, printExpression, type Expression } from '../../src/parser/index.js';
import { expressionArb } from './arbitraries.js';
import { canonical, conformance, LONG, spanProblems } from './helpers.js';

const RUNS = LONG ? 100_000 : 2_000;

function reparse(text: string): Expression {
  const r = parse(text);
  if (r.ast === null) throw new Error(`does not parse: ${JSON.stringify(text)}: ${r.diagnostics[0].message}`);
  const spans = spanProblems(text, r.ast);
  if (spans.length > 0) throw new Error(`${JSON.stringify(text)}: ${spans[0]}`);
  return r.ast;
}

/** The round-trip law for one tree, checked with plain code (fast enough for 100k runs). */
function roundTrip(ast: Expression, multiline: boolean): void {
  const text = printExpression(ast, { multiline });
  const back = reparse(text);
  const want = JSON.stringify(canonical(ast));
  const got = JSON.stringify(canonical(back));
  if (got !== want) throw new Error(`${JSON.stringify(text)} reads back as ${got}, not ${want}`);
  const again = printExpression(back, { multiline });
  if (again !== text) throw new Error(`${JSON.stringify(text)} prints back as ${JSON.stringify(again)}`);
}

describe('round trip: parse(print(ast)) = ast', () => {
  for (const multiline of [false, true]) {
    const mode = multiline ? 'multi-line' : 'single-line';

    it(`random trees, ${mode}`, () => {
      fc.assert(
        fc.property(expressionArb, (ast) => roundTrip(ast, multiline)),
        { numRuns: RUNS },
      );
    });

    it(`every conformance expression, ${mode}`, () => {
      for (const c of [...conformance('reference-answers.jsonl'), ...conformance('reference-types-print.jsonl'), ...conformance('reference-answers-toy.jsonl')]) {
        const r = parse(c.expr);
        if (r.ast !== null) roundTrip(r.ast, multiline);
      }
    });
  }

  it('single-line and multi-line texts read back to the same tree', () => {
    fc.assert(
      fc.property(expressionArb, (ast) => {
        const a = JSON.stringify(canonical(reparse(printExpression(ast, { multiline: true }))));
        const b = JSON.stringify(canonical(reparse(printExpression(ast))));
        if (a !== b) throw new Error(`multi-line ${a} differs from single-line ${b}`);
      }),
      { numRuns: Math.min(RUNS, 2_000) },
    );
  });
});
