/**
 * Pieces shared by the number op files: argument shapes, the doc pages that list number ops,
 * the `{start, stop}` bin type and small value helpers.
 */
import { maybe, typedDict, type Type } from '../types/index.js';
import type { ArgTypes } from './opdef.js';
import { untag } from './values.js';

/** The W&B docs list every visible number op on the `number`, `int` and `float` pages. */
export const NUMBER_PAGES: readonly string[] = ['number', 'int', 'float'];

/** Binary number ops: a number receiver and a nullable number operand. */
export const numberBinaryArgs: ArgTypes = { lhs: 'number', rhs: maybe('number') };

/** A list of nullable numbers: the receiver of the `numbers-*` reductions. */
export const numbersArg: Type = { type: 'list', objectType: maybe('number') };

/** The result of a binning function: the bin's bounds. */
export const numberBin: Type = typedDict({ start: 'number', stop: 'number' });

/** An argument value as a plain number (tags removed); anything else is null. */
export function asNumber(v: unknown): number | null {
  const u = untag(v);
  return typeof u === 'number' ? u : null;
}

/** Lists built by `range`, `(n).range` and `gauss` stop here rather than exhausting memory. */
export const MAX_GENERATED_LENGTH = 10_000_000;

export function checkGeneratedLength(length: number, what: string): void {
  if (length > MAX_GENERATED_LENGTH) {
    throw new Error(`${what} would have ${length} elements; at most ${MAX_GENERATED_LENGTH} are allowed`);
  }
}
