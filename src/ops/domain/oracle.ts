/**
 * Data-dependent types.
 *
 * Summary, config, history, metadata and table columns are only known from data. Their ops
 * declare a plain type (`typedDict({})`, `List<typedDict({})>` …) and ask the *active type
 * oracle* for a better one. The checker stays synchronous and unaware of data: the driver
 * fetches, builds an oracle over the fetched data, and checks again inside `withTypeOracle`.
 *
 * The oracle is scoped dynamically to one synchronous call (JavaScript runs it to completion,
 * so no other check can observe it). The checker hook this stands in for is one line in
 * `check()`: `return withTypeOracle(options.typeOracle, () => <the current body>)`.
 */
import type { Node } from '../../graph/node.js';
import type { Type } from '../../types/index.js';
import type { ReturnTypeFn } from '../opdef.js';

export interface TypeOracle {
  /**
   * A refined output type for a node of op `opName` with these input nodes, before the op's
   * kind wraps it (for mapped ops: the type of one element's result), or undefined to keep the
   * declared type.
   */
  refine(opName: string, inputs: Readonly<Record<string, Node>>): Type | undefined;
}

let active: TypeOracle | null = null;

/** Runs `fn` with `oracle` answering data-dependent types (nested calls restore the outer one). */
export function withTypeOracle<T>(oracle: TypeOracle | null | undefined, fn: () => T): T {
  const previous = active;
  active = oracle ?? null;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

export function activeTypeOracle(): TypeOracle | null {
  return active;
}

/** The active oracle's refinement of `opName` at these inputs, if any. */
export function askOracle(opName: string, inputs: Readonly<Record<string, Node>>): Type | undefined {
  return active ? active.refine(opName, inputs) : undefined;
}

/** A return-type function that asks the active oracle first and falls back to `declared`. */
export function refinable(opName: string, declared: ReturnTypeFn): ReturnTypeFn {
  return (types, inputs) => {
    const oracle = active;
    if (oracle) {
      const t = oracle.refine(opName, inputs);
      if (t !== undefined) return t;
    }
    return declared(types, inputs);
  };
}
