/**
 * The vectorized executor (see docs/vectorized.md): `executeVectorized` has the options of
 * `executeNode` plus `strict` / `threshold` / `stats`, and returns the same values.
 */
import type { Node } from '../../graph/node.js';
import { executeNode, type ExecuteOptions } from '../rowwise.js';
import { stripTags } from '../../ops/values.js';
import { executeVectorizedGraph, executeVectorizedGraphPlain, newStats, type VectorizedOptions, type VectorizedStats } from './engine.js';

export { FallbackError, newStats, type VectorizedOptions, type VectorizedStats } from './engine.js';
export { columnarFromValue, isRowList } from './sources.js';
export { ColumnarRows, ColumnarValues, materialize } from './values.js';
export { warmUp, warmUpSteps } from './warmup.js';

/** Which executor runs a graph. */
export type EngineName = 'rowwise' | 'vectorized';

/** Default minimum number of rows for a list to be held as columns. */
export const DEFAULT_THRESHOLD = 64;

/**
 * Runs `node` on the vectorized engine when part of it reads a row list (a variable holding
 * dict rows, or a `concat` of per-run histories); otherwise on the row-wise executor.
 */
export function executeVectorized(node: Node, options: VectorizedOptions): unknown {
  return executeVectorizedGraph(node, { ...options, threshold: options.threshold ?? defaultThreshold });
}

let defaultThreshold = DEFAULT_THRESHOLD;

/** Sets the threshold used when none is passed (tests force the engine on small data); returns the previous one. */
export function setDefaultThreshold(rows: number): number {
  const before = defaultThreshold;
  defaultThreshold = rows;
  return before;
}

/**
 * `stripTags(executeVectorized(node, options))` for consumers that only need plain values (the
 * encoder): a columnar result (row list, picked column, `map` result) is converted from its
 * columns directly, never building one tagged JS value per row.
 */
export function executeVectorizedPlain(node: Node, options: VectorizedOptions): unknown {
  return executeVectorizedGraphPlain(node, { ...options, threshold: options.threshold ?? defaultThreshold });
}

/** What a caller needs of a result: exact values with their tags (default), or tags stripped. */
export type ResultForm = 'tagged' | 'plain';

/**
 * `executeNode` or `executeVectorized` by name (the hook the driver and the API use). With
 * `form: 'plain'` the value comes back with its tags stripped (as `stripTags` would leave it),
 * which lets the vectorized engine skip building tagged values: use it where the result is only
 * encoded (`encodeValue(stripTags(v))`).
 */
export function executeWith(engine: EngineName | undefined, node: Node, options: ExecuteOptions, form: ResultForm = 'tagged'): unknown {
  if (engine === 'rowwise') {
    const v = executeNode(node, options);
    return form === 'plain' ? stripTags(v) : v;
  }
  return form === 'plain' ? executeVectorizedPlain(node, options) : executeVectorized(node, options);
}

export function emptyStats(): VectorizedStats {
  return newStats();
}
