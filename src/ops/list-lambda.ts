/**
 * The list ops that take a lambda: `map`, `filter`, `sort`, `groupby` and the hidden `mapEach`.
 * Lambdas arrive as JS functions `(row, index) => value`; rows carry the list's own tag.
 */
import {
  functionType,
  isFunctionType,
  isList,
  list,
  listMaxLength,
  listMinLength,
  listObjectType,
  maybe,
  union,
  withGroupTag,
  type ListType,
  type Type,
} from '../types/index.js';
import { asFunctionNode, closedListCount, indexNode, MAX_REFINE_ELEMENTS, refinedOutputType } from './list-refine.js';
import { compareItems, groupKeyString, objectKeyOrder, rowsWithListTag, safeKey } from './list-values.js';
import type { LambdaFn, OpDeclaration } from './opdef.js';
import { stripTags, Tagged, tagValue, untag } from './values.js';

const anyList: ListType = list('any');

function lambda(v: unknown, op: string): LambdaFn {
  if (typeof v !== 'function') throw new Error(`${op}: expected a function argument`);
  return v as LambdaFn;
}

function fnOutput(t: Type | undefined): Type {
  return t !== undefined && isFunctionType(t) ? t.outputType : 'any';
}

/**
 * `map(fn)`: one result per element; results keep their tags. The output element type is
 * refined per element (see list-refine.ts): `none` for a list known to be empty.
 */
const map: OpDeclaration = {
  name: 'map',
  kind: 'basic',
  argTypes: { arr: anyList, mapFn: functionType({ row: 'any', index: 'number' }, 'any') },
  returnType: (types, inputs) => {
    const arr = types.arr as Type;
    const fnType = types.mapFn as Type;
    if (!isFunctionType(fnType)) throw new TypeError('map: expected a function');
    const fn = asFunctionNode(inputs.mapFn);
    const count = fn && inputs.arr ? closedListCount(inputs.arr) : undefined;
    if (fn && inputs.arr && count !== undefined) {
      const n = Math.min(count ?? 0, MAX_REFINE_ELEMENTS);
      const members: Type[] = [];
      for (let i = 0; i < n; i++) members.push(refinedOutputType(fn, indexNode(inputs.arr, i)));
      const element = count === 0 ? 'none' : union(members);
      return isList(arr) ? list(element, arr.minLength, arr.maxLength) : list(element);
    }
    return list(fnType.outputType, listMinLength(arr), listMaxLength(arr));
  },
  resolver: ({ mapFn }, ctx) => {
    const fn = lambda(mapFn, 'map');
    return rowsWithListTag(ctx.rawInputs.arr).map((row, i) => fn(row, i));
  },
  description: 'Applies a function to each element of a list: `(row) => …`, or `(row, index) => …`.',
  argDescriptions: {
    arr: 'The list to map over.',
    mapFn: 'The function applied to each element (and its position).',
  },
  returnValueDescription: 'The list of the results, one per element.',
};

/** `filter(fn)`: elements whose predicate is true (null and false drop them); elements keep their tags. */
const filter: OpDeclaration = {
  name: 'filter',
  kind: 'basic',
  argTypes: { arr: anyList, filterFn: functionType({ row: 'any' }, maybe('boolean')) },
  returnType: ({ arr }) => arr as Type,
  resolver: ({ arr, filterFn }, ctx) => {
    const fn = lambda(filterFn, 'filter');
    const items = arr as unknown[];
    const rows = rowsWithListTag(ctx.rawInputs.arr);
    return items.filter((_, i) => Boolean(untag(fn(rows[i], i))));
  },
  description: 'Keeps the elements of a list for which a predicate is true.',
  argDescriptions: {
    arr: 'The list to filter.',
    filterFn: 'The predicate, applied to each element; null counts as false.',
  },
  returnValueDescription: 'The elements that passed, in order.',
};

/**
 * `sort(fn, dirs)`: `fn` gives each element a list of keys, `dirs` an `"asc"`/`"desc"` per key.
 * Keys compare with `<`; a null key sorts first ascending. Stable.
 */
const sort: OpDeclaration = {
  name: 'sort',
  kind: 'basic',
  argTypes: {
    arr: anyList,
    compFn: functionType({ row: 'any' }, anyList),
    columnDirs: list('string'),
  },
  returnType: ({ arr }) => arr as Type,
  resolver: ({ arr, compFn, columnDirs }, ctx) => {
    const fn = lambda(compFn, 'sort');
    const items = arr as unknown[];
    const rows = rowsWithListTag(ctx.rawInputs.arr);
    const dirs = (stripTags(columnDirs) as unknown[] | null) ?? [];
    const keyed = items.map((row, i) => ({ row, keys: stripTags(fn(rows[i], i)) as unknown }));
    const keyAt = (keys: unknown, i: number): unknown => (Array.isArray(keys) ? keys[i] : undefined);
    keyed.sort((a, b) => {
      for (let i = 0; i < dirs.length; i++) {
        const c = compareItems(keyAt(a.keys, i), keyAt(b.keys, i));
        if (c !== 0) return c * (dirs[i] === 'asc' ? 1 : -1);
      }
      return 0;
    });
    return keyed.map((k) => k.row);
  },
  description: 'Sorts a list by keys computed from each element.',
  argDescriptions: {
    arr: 'The list to sort.',
    compFn: 'A function giving the list of sort keys of an element.',
    columnDirs: 'The direction of each key: "asc" or "desc".',
  },
  returnValueDescription: 'The sorted list.',
};

/**
 * `groupby(fn)`: a list of groups, each tagged `{groupKey}` with its key. Groups come in JS
 * object key order: integer-like keys ascending, then the others in first-seen order.
 */
const groupby: OpDeclaration = {
  name: 'groupby',
  kind: 'basic',
  hidden: true,
  argTypes: { arr: anyList, groupByFn: functionType({ row: 'any' }, 'any') },
  returnType: (types, inputs) => {
    const arr = types.arr as Type;
    const fnType = types.groupByFn as Type;
    if (!isFunctionType(fnType)) throw new TypeError('groupby: expected a function');
    const fn = asFunctionNode(inputs.groupByFn);
    const keyType = fn && inputs.arr ? refinedOutputType(fn, indexNode(inputs.arr, 0)) : fnType.outputType;
    return list(withGroupTag(list(listObjectType(arr)), keyType));
  },
  resolver: ({ arr, groupByFn }, ctx) => {
    const fn = lambda(groupByFn, 'groupby');
    const keyType = fnOutput(ctx.inputTypes.groupByFn);
    const buckets = new Map<string, { key: unknown; rows: unknown[] }>();
    (arr as unknown[]).forEach((row, i) => {
      const result = fn(row, i);
      const bucket = groupKeyString(safeKey(result, keyType));
      let group = buckets.get(bucket);
      if (!group) {
        group = { key: result == null ? '' : result, rows: [] };
        buckets.set(bucket, group);
      }
      group.rows.push(row);
    });
    return objectKeyOrder(buckets).map((k) => groupValue(buckets.get(k)!));
  },
  description: 'Groups the elements of a list by a key computed from each element.',
  argDescriptions: {
    arr: 'The list to group.',
    groupByFn: 'The function giving the group key of an element.',
  },
  returnValueDescription: 'The list of groups; each group is a list tagged with its key (read it with `.groupkey`).',
};

/** A group list tagged `{groupKey: key}`; a tagged key keeps its own tags further up the chain. */
function groupValue(group: { key: unknown; rows: unknown[] }): unknown {
  const key = group.key;
  if (key instanceof Tagged) {
    const flat = key.value instanceof Tagged ? (tagValue(key.tag, key.value) as Tagged) : key;
    return tagValue(flat.tag, new Tagged({ groupKey: flat.value }, group.rows));
  }
  return new Tagged({ groupKey: key }, group.rows);
}

/** `mapEach(fn)`: applies `fn` to every non-list value, through all list levels, tags kept. */
const mapEach: OpDeclaration = {
  name: 'mapEach',
  kind: 'standard-tag-consuming',
  hidden: true,
  argTypes: { obj: 'any', mapFn: functionType({ row: 'any' }, 'any') },
  returnType: ({ mapFn }) => {
    const t = mapFn as Type;
    if (!isFunctionType(t)) throw new TypeError('mapEach: expected a function');
    return t.outputType;
  },
  resolver: ({ obj, mapFn }) => lambda(mapFn, 'mapEach')(obj, 0),
  description: 'Applies a function to each value of a (possibly nested) list.',
  argDescriptions: { obj: 'The value or nested list.', mapFn: 'The function to apply.' },
  returnValueDescription: 'The same shape with each value replaced by the result.',
};

export const lambdaOps: OpDeclaration[] = [sort, filter, map, mapEach, groupby];
