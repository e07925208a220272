/**
 * Type categories used by table/plot features: which types can be sorted and grouped
 * (the reference's `SORTABLE_TYPES`, `GROUPABLE_TYPES`, `canSortType`, `canGroupType`).
 */
import { isAssignableTo } from './assignability.js';
import { list, rawUnion, timestamp, union, dict } from './constructors.js';
import type { Type } from './model.js';

/** `id`, `string`, `number`, `boolean`, `none`, `timestamp`. */
export const SORTABLE_TYPES: readonly Type[] = Object.freeze(['id', 'string', 'number', 'boolean', 'none', timestamp()]);

/** Media types whose values have a digest (so they can be grouped). */
export const TYPES_WITH_DIGEST: readonly Type[] = Object.freeze([
  { type: 'image-file' },
  { type: 'video-file' },
  { type: 'audio-file' },
  { type: 'object3D-file' },
  { type: 'molecule-file' },
  { type: 'pytorch-model-file' },
]);

/**
 * Sortable types, dicts of maybe-sortable values, lists of at most 10 maybe-sortable values,
 * and media with digests.
 */
export const GROUPABLE_TYPES: readonly Type[] = Object.freeze([
  ...SORTABLE_TYPES,
  ...SORTABLE_TYPES.map((t) => dict(rawUnion(['none', t]))),
  ...SORTABLE_TYPES.map((t) => list(rawUnion(['none', t]), undefined, 10)),
  ...TYPES_WITH_DIGEST,
]);

let sortable: Type | undefined;
let groupable: Type | undefined;

/** Can values of this type be sorted (assignable to the union of `SORTABLE_TYPES`)? */
export function isSortableType(t: Type | undefined | null): boolean {
  if (t == null) return false;
  sortable ??= union(SORTABLE_TYPES);
  return isAssignableTo(t, sortable);
}

/** Can values of this type be used as group keys (assignable to the union of `GROUPABLE_TYPES`)? */
export function isGroupableType(t: Type | undefined | null): boolean {
  if (t == null) return false;
  groupable ??= union(GROUPABLE_TYPES);
  return isAssignableTo(t, groupable);
}
