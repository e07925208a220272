import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';
import { answerDeviations } from './deviations.js';
import { readJsonl, type AnswerCase } from './load.js';

const cases = readJsonl<AnswerCase>('reference-answers.jsonl');

function outcome(expr: string): unknown {
  const r = evaluate(expr);
  if (r.ok) return { value: r.value };
  return { error: r.error.kind === 'parse' ? 'parse_error' : r.error.kind === 'type' ? 'type_error' : 'runtime_error' };
}

function expected(c: AnswerCase): unknown {
  const dev = answerDeviations[c.id];
  if (dev) return dev.expect;
  return c.mode === 'value' ? { value: c.expect } : { error: c.expect };
}

describe('reference answers (579 expressions over literals)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    expect(outcome(c.expr)).toEqual(expected(c));
  });
});
