/**
 * The vectorized executor (see docs/vectorized.md): `executeVectorized` has the options of
 * `executeNode` plus `strict` / `threshold` / `stats`, and returns the same values.
 */
import type { Node } from '../../graph/node.js';
import { executeNode, type ExecuteOptions } from '../rowwise.js';
import { executeVectorizedGraph, newStats, type VectorizedOptions, type VectorizedStats } from './engine.js';

export { FallbackError, newStats, type VectorizedOptions, type VectorizedStats } from './engine.js';
export { columnarFromValue, isRowList } from './sources.js';
export { ColumnarRows, ColumnarValues, materialize } from './values.js';

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

/** `executeNode` or `executeVectorized` by name (the hook the driver and the API use). */
export function executeWith(engine: EngineName | undefined, node: Node, options: ExecuteOptions): unknown {
  return engine === 'rowwise' ? executeNode(node, options) : executeVectorized(node, options);
}

export function emptyStats(): VectorizedStats {
  return newStats();
}
