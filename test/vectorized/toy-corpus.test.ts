/**
 * The whole toy conformance corpus through the driver with the vectorized engine forced on
 * every row list (threshold 0): answers must equal the row-wise engine's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateWithBackend } from '../../src/exec/driver.js';
import { setDefaultThreshold } from '../../src/exec/vectorized/index.js';
import { outcome, toyBackend, toyCases } from '../domain/helpers.js';

let before = 0;
beforeAll(() => {
  before = setDefaultThreshold(0);
});
afterAll(() => {
  setDefaultThreshold(before);
});

describe('toy corpus: vectorized (threshold 0) = row-wise', () => {
  const cases = toyCases();
  it(`${cases.length} expressions`, async () => {
    const exprs = cases.map((c) => c.expr);
    const rowwise = await evaluateWithBackend(exprs, { backend: toyBackend(), project: 'acme/mnist', engine: 'rowwise' });
    const vectorized = await evaluateWithBackend(exprs, { backend: toyBackend(), project: 'acme/mnist', engine: 'vectorized' });
    const diffs: string[] = [];
    for (let i = 0; i < exprs.length; i++) {
      const a = JSON.stringify(outcome(rowwise[i]));
      const b = JSON.stringify(outcome(vectorized[i]));
      if (a !== b) diffs.push(`${exprs[i]}\n  rowwise    ${a}\n  vectorized ${b}`);
    }
    expect(diffs).toEqual([]);
  });
});
