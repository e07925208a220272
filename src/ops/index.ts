/**
 * The standard registry: every op family, registered in the reference's order (dispatch
 * tie-breaks take the first registered op: `null + null` is `number-add`).
 */
import { booleanOps } from './boolean.js';
import { dateOps } from './date.js';
import { dictOps } from './dict.js';
import { domainOps } from './domain/index.js';
import { listOps } from './list.js';
import { noneOps } from './none.js';
import { numberOps } from './number.js';
import { OpRegistry } from './registry.js';
import { stringOps } from './string.js';
import { tagOps } from './tags.js';

export function createRegistry(): OpRegistry {
  const registry = new OpRegistry();
  registry.register(...numberOps, ...stringOps, ...booleanOps, ...noneOps, ...dateOps, ...listOps, ...dictOps, ...tagOps, ...domainOps);
  if (registry.has('boolean-not')) registry.alias('not', 'boolean-not');
  return registry;
}

let standard: OpRegistry | null = null;

/** The shared registry of every built-in op. */
export function standardRegistry(): OpRegistry {
  return (standard ??= createRegistry());
}

export { OpRegistry } from './registry.js';
export type * from './opdef.js';
export * from './values.js';
