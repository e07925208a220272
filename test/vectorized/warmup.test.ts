import { describe, expect, it } from 'vitest';
import { warmUp } from '../../src/exec/vectorized/index.js';
import { runBoth } from './helpers.js';

describe('warmUp', () => {
  it('runs the warm-up queries once and leaves results unchanged', () => {
    warmUp({ rows: 256, rounds: 1 });
    warmUp(); // a no-op the second time
    const r = runBoth('hist.filter((row) => row["a"] < 2).groupby((row) => row["b"]).map((row) => row["a"].avg)', [[{ a: 1, b: 1, s: 'x', m: null }, { a: null, b: 1, s: null, m: null }]], true);
    expect(r.vectorized).toEqual(r.rowwise);
  });
});
