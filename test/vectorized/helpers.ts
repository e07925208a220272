/** Shared helpers of the vectorized-engine tests: data, compilation, a tag-aware comparison. */
import { compile } from '../../src/api.js';
import { executeNode } from '../../src/exec/rowwise.js';
import { executeVectorized, newStats, type VectorizedStats } from '../../src/exec/vectorized/index.js';
import type { Node } from '../../src/graph/node.js';
import { standardRegistry } from '../../src/ops/index.js';
import { Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict, union, type Type } from '../../src/types/index.js';

export const registry = standardRegistry();

export type Row = Record<string, unknown>;

export const rowType: Type = typedDict({ a: maybe('number'), b: 'number', s: maybe('string'), m: maybe(union(['number', 'string'])) });

/** Variables: `hist` (one untagged row list) and `runsHist` (per-run row lists, tagged with their run). */
export function variables(runs: Row[][]): Record<string, { type: Type; value: unknown }> {
  const tagType = typedDict({ runName: 'string' });
  return {
    hist: { type: list(rowType), value: runs.flat() },
    runsHist: {
      type: list(taggedValue(tagType, list(rowType))),
      value: runs.map((rows, i) => new Tagged({ runName: `r${i}` }, rows)),
    },
  };
}

export function compileExpr(text: string, vars: Record<string, { type: Type; value: unknown }>): Node {
  const c = compile(text, { registry, variables: vars });
  if (!c.node) throw new Error(`${text}: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  return c.node;
}

/** Serializes a value with its tags; distinguishes NaN, null, undefined, -0. */
export function ser(v: unknown): unknown {
  if (v instanceof Tagged) return { $tag: ser(v.tag), $v: ser(v.value) };
  if (v === undefined) return '$undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '$-0' : Number.isNaN(v) ? '$NaN' : v === Infinity ? '$inf' : v === -Infinity ? '$-inf' : v;
  if (Array.isArray(v)) return v.map(ser);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = ser((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

export interface BothResult {
  rowwise: unknown;
  vectorized: unknown;
  stats: VectorizedStats;
}

/** What running `f` gives: its value, or `{ $error }` when it throws (a strict-mode fallback is rethrown). */
export function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && e.name === 'FallbackError') throw e;
    return { $error: e instanceof Error ? e.message : String(e) };
  }
}

/** `outcome(f)` in the comparable form (`ser`). */
export function serOutcome(f: () => unknown): unknown {
  return ser(outcome(f));
}

export function runBoth(text: string, runs: Row[][], strict: boolean): BothResult {
  const vars = variables(runs);
  const node = compileExpr(text, vars);
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) values[k] = v.value;
  const rowwise = outcome(() => executeNode(node, { registry, variables: values }));
  const stats = newStats();
  const vectorized = outcome(() => executeVectorized(node, { registry, variables: values, strict, threshold: 0, stats }));
  return { rowwise: ser(rowwise), vectorized: ser(vectorized), stats };
}
