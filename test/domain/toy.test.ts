/**
 * The reference's answers over the toy workspace (120 expressions), with `project` bound to
 * `project("acme", "mnist")` and `runs` to its runs, as a panel binds them.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWithBackend } from '../../src/exec/driver.js';
import { toyDeviations } from './deviations.js';
import { outcome, recording, toyBackend, toyCases, type ToyCase } from './helpers.js';

const cases = toyCases();

function expected(c: ToyCase): unknown {
  const dev = toyDeviations[c.id];
  if (dev) return dev.expect;
  return c.mode === 'value' ? c.expect : { error: c.expect };
}

describe('toy workspace: reference answers, one expression at a time', () => {
  const backend = toyBackend();
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const r = await evaluateWithBackend(c.expr, { backend, project: 'acme/mnist', debug: true });
    expect(outcome(r)).toEqual(expected(c));
  });
});

describe('toy workspace: all 120 expressions as one batch', () => {
  it('gives the same answers with one GraphQL document for the whole batch', async () => {
    const backend = recording(toyBackend());
    const results = await evaluateWithBackend(
      cases.map((c) => c.expr),
      { backend, project: 'acme/mnist', debug: true },
    );
    results.forEach((r, i) => expect([cases[i].id, outcome(r)]).toEqual([cases[i].id, expected(cases[i])]));
    expect(backend.documents).toHaveLength(1);
  });
});
