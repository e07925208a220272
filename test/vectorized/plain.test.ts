/** The plain result form and the encoder's list fast path. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue } from '../../src/exec/encode.js';
import { executeWith } from '../../src/exec/vectorized/index.js';
import { stripTags, Tagged } from '../../src/ops/values.js';
import { compileExpr, registry, ser, variables, type Row } from './helpers.js';

describe('plain results', () => {
  it('encodeValue of a list = the list of encodeValue of its elements', () => {
    const el = fc.oneof(
      fc.double(),
      fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, null, undefined, 'x', '', true, false),
      fc.constant(new Tagged({ t: 1 }, 2)),
      fc.dictionary(fc.constantFrom('a', 'b'), fc.double()),
    );
    fc.assert(
      fc.property(fc.array(el), (xs) => {
        expect(encodeValue(xs)).toEqual(xs.map((x) => encodeValue(x)));
      }),
    );
  });

  it("executeWith(…, 'plain') = stripTags of the tagged result, on both engines", () => {
    const runs: Row[][] = [
      Array.from({ length: 70 }, (_, i) => ({ a: i % 9 === 0 ? null : i % 11 === 0 ? NaN : i / 4, b: i % 3, s: i % 2 ? 'x' : null, m: null })),
      Array.from({ length: 70 }, (_, i) => ({ a: -i, b: i % 4, s: 'y', m: i })),
    ];
    const vars = variables(runs);
    const values: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(vars)) values[k] = v.value;
    for (const text of [
      'runsHist.concat.map((row) => row["a"] * 2 + row["b"])',
      'runsHist.concat.map((row) => {x: row["a"], y: [row["b"], row["s"]], z: row["m"]})',
      'runsHist.concat.filter((row) => row["b"] == 1)',
      'runsHist.concat["a"]',
      'hist.map((row) => row["a"])',
      'hist.sort((row) => [row["a"]], ["desc"]).limit(5)',
      // The fused grouped aggregate at the root skips the group tags in the plain form.
      'runsHist.concat.groupby((row) => row["b"]).map((row) => row["a"].avg)',
      'runsHist.concat.groupby((row) => row["b"]).map((row) => {n: row.count, s: row["a"].sum, c: 7, k: runsHist.count})',
      'hist.filter((row) => row["b"] > 0).groupby((row) => row["s"]).map((row) => row["a"].max)',
      'runsHist.concat.groupby((row) => row["b"]).map((row) => {k: row.groupkey, n: row.count})',
      'runsHist.concat.groupby((row) => row["b"]).map((row) => row["a"].avg * 2)',
    ]) {
      const node = compileExpr(text, vars);
      for (const engine of ['rowwise', 'vectorized'] as const) {
        const tagged = executeWith(engine, node, { registry, variables: values });
        const plain = executeWith(engine, node, { registry, variables: values }, 'plain');
        expect(ser(plain), `${engine}: ${text}`).toEqual(ser(stripTags(tagged)));
      }
    }
  });
});
