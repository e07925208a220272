/**
 * `join` (two lists, key functions, aliases, outer flags) and `joinAll` (a list of lists of
 * dicts joined column-wise), with the tag getter `joinObj` reading the key object.
 */
import {
  functionType,
  isFunctionType,
  isListLike,
  isTypedDictLike,
  list,
  listObjectType,
  maybe,
  nullableTaggable,
  skipNullable,
  skipTaggable,
  taggedValue,
  typedDict,
  typedDictPropertyTypes,
  union,
  withJoinTag,
  type Type,
} from '../types/index.js';
import type { Node } from '../graph/node.js';
import { asFunctionNode, closedListCount, indexNode, refinedOutputType } from './list-refine.js';
import { flatTagged, groupKeyString, safeKey } from './list-values.js';
import type { LambdaFn, OpDeclaration } from './opdef.js';
import { defineKey, getKey, isPlainObject, nullableTaggableVal, stripTags, Tagged } from './values.js';

function lambda(v: unknown, op: string): LambdaFn {
  if (typeof v !== 'function') throw new Error(`${op}: expected a function argument`);
  return v as LambdaFn;
}

function fnOutput(t: Type | undefined): Type {
  return t !== undefined && isFunctionType(t) ? t.outputType : 'any';
}

/** The list under one level of tags (null stays null). */
function listValue(v: unknown): unknown[] | null {
  const items = v instanceof Tagged ? flatTagged(v).value : v;
  return Array.isArray(items) ? items : null;
}

/** position lists per key, keys in first-seen order. */
function lookup(keys: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  });
  return out;
}

function uniq(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}

/** Keys of `first` (deduplicated, in order) present in every other list. */
function intersection(first: readonly string[], ...others: readonly (readonly string[])[]): string[] {
  const sets = others.map((o) => new Set(o));
  return uniq(first).filter((k) => sets.every((s) => s.has(k)));
}

function constString(node: Node | undefined, what: string): string {
  if (!node || node.nodeType !== 'const' || typeof node.val !== 'string') {
    throw new TypeError(`join: ${what} must be a constant string`);
  }
  return node.val;
}

/**
 * `join(arr2, fn1, fn2, alias1, alias2, leftOuter, rightOuter)`: rows `{alias1: row1, alias2: row2}`
 * for every pair with the same key (null on the missing side of an outer row), tagged `{joinKey}`.
 * Keys are bucketed like groupby keys, so null keys match each other.
 */
const join: OpDeclaration = {
  name: 'join',
  kind: 'raw',
  argTypes: {
    arr1: maybe(list('any')),
    arr2: maybe(list('any')),
    join1Fn: functionType({ row: 'any' }, 'any'),
    join2Fn: functionType({ row: 'any' }, 'any'),
    alias1: 'string',
    alias2: 'string',
    leftOuter: 'boolean',
    rightOuter: 'boolean',
  },
  returnType: (types, inputs) => {
    const alias1 = constString(inputs.alias1, 'alias1');
    const alias2 = constString(inputs.alias2, 'alias2');
    const fn1 = asFunctionNode(inputs.join1Fn);
    const fn2 = asFunctionNode(inputs.join2Fn);
    // Each key function is typed with `row` = the first element of its own list.
    const key1 = fn1 && inputs.arr1 ? refinedOutputType(fn1, indexNode(inputs.arr1, 0)) : fnOutput(types.join1Fn);
    const key2 = fn2 && inputs.arr2 ? refinedOutputType(fn2, indexNode(inputs.arr2, 0)) : fnOutput(types.join2Fn);
    const row: Record<string, Type> = {};
    defineKey(row, alias1, maybe(listObjectType(types.arr1 as Type)));
    defineKey(row, alias2, maybe(listObjectType(types.arr2 as Type)));
    return list(withJoinTag(typedDict(row), maybe(union([key1, key2]))));
  },
  resolver: (inputs, ctx) => {
    const fn1 = lambda(inputs.join1Fn, 'join');
    const fn2 = lambda(inputs.join2Fn, 'join');
    const alias1 = String(stripTags(inputs.alias1));
    const alias2 = String(stripTags(inputs.alias2));
    const leftOuter = Boolean(stripTags(inputs.leftOuter));
    const rightOuter = Boolean(stripTags(inputs.rightOuter));
    const arr1 = listValue(inputs.arr1) ?? [];
    const arr2 = listValue(inputs.arr2) ?? [];
    const type1 = fnOutput(ctx.inputTypes.join1Fn);
    const type2 = fnOutput(ctx.inputTypes.join2Fn);
    const keys1 = arr1.map((row, i) => groupKeyString(safeKey(fn1(row, i), type1)));
    const keys2 = arr2.map((row, i) => groupKeyString(safeKey(fn2(row, i), type2)));
    const lookup1 = lookup(keys1);
    const lookup2 = lookup(keys2);
    const allKeys =
      leftOuter && rightOuter
        ? uniq([...keys1, ...keys2])
        : leftOuter
          ? uniq(keys1)
          : rightOuter
            ? uniq(keys2)
            : intersection(keys1, keys2);
    const out: unknown[] = [];
    for (const key of allKeys) {
      let left: (number | null)[] | undefined = lookup1.get(key);
      let right: (number | null)[] | undefined = lookup2.get(key);
      if (rightOuter && !left) left = [null];
      if (leftOuter && !right) right = [null];
      for (const i of left ?? []) {
        for (const j of right ?? []) {
          const row: Record<string, unknown> = {};
          defineKey(row, alias1, i != null ? arr1[i] : null);
          defineKey(row, alias2, j != null ? arr2[j] : null);
          out.push(new Tagged({ joinKey: key }, row));
        }
      }
    }
    return out;
  },
  description: 'Joins two lists on keys computed from their elements.',
  argDescriptions: {
    arr1: 'The first list.',
    arr2: 'The second list.',
    join1Fn: 'The key of an element of the first list.',
    join2Fn: 'The key of an element of the second list.',
    alias1: 'The name of the first list’s element in each joined row.',
    alias2: 'The name of the second list’s element in each joined row.',
    leftOuter: 'Whether to keep elements of the first list that match nothing.',
    rightOuter: 'Whether to keep elements of the second list that match nothing.',
  },
  returnValueDescription: 'A list of dicts `{alias1: …, alias2: …}`, one per matching pair.',
};

/** The row type of `joinAll`: every column becomes a list (one entry per joined list). */
function joinAllType(arrsType: Type, keyType: Type, count: number | undefined): Type {
  return nullableTaggable(arrsType, (outer) => {
    if (!isListLike(outer)) throw new TypeError('joinAll: expected a list of lists');
    const rowType = skipNullable(listObjectType(outer), (innerList) =>
      skipTaggable(innerList, (innerValue, innerTag) => {
        if (!isListLike(innerValue)) throw new TypeError('joinAll: expected a list of lists');
        return skipNullable(listObjectType(innerValue), (row) =>
          skipTaggable(row, (rowValue, rowTag) => {
            if (!isTypedDictLike(rowValue)) throw new TypeError('joinAll: expected lists of dicts');
            const props = typedDictPropertyTypes(rowValue);
            const columns: Record<string, Type> = {};
            for (const k of Object.keys(props)) {
              const cell = taggedValue(innerTag, taggedValue(rowTag, props[k] as Type));
              defineKey(columns, k, list(cell, undefined, count));
            }
            return typedDict(columns);
          }),
        );
      }),
    );
    return list(withJoinTag(rowType, keyType));
  });
}

/** The value at a one-key path, tags of the row kept on it. */
function cellValue(row: unknown, key: string): unknown {
  return nullableTaggableVal(row, (v) => (isPlainObject(v) || Array.isArray(v) ? getKey(v as Record<string, unknown>, key) : undefined));
}

/**
 * `joinAll(fn, outer)`: rows of all lists with the same (non-null) key are merged column-wise;
 * each column holds one entry per list (null where a list has no such row, with `outer`).
 */
const joinAll: OpDeclaration = {
  name: 'joinAll',
  kind: 'raw',
  lambdaFrame: 'element-of-element',
  argTypes: {
    arrs: list(maybe(list(typedDict({})))),
    joinFn: functionType({ row: typedDict({}) }, 'any'),
    outer: 'boolean',
  },
  returnType: (types, inputs) => {
    const fnType = types.joinFn as Type;
    if (!isFunctionType(fnType)) throw new TypeError('joinAll: expected a function');
    const count = inputs.arrs ? closedListCount(inputs.arrs) : undefined;
    return joinAllType(types.arrs as Type, fnType.outputType, count ?? undefined);
  },
  resolver: (inputs, ctx) => {
    const fn = lambda(inputs.joinFn, 'joinAll');
    const outer = Boolean(stripTags(inputs.outer));
    const lists = (listValue(inputs.arrs) ?? []).map(listValue).filter((l): l is unknown[] => l != null);
    const arrsType = ctx.inputTypes.arrs ?? 'invalid';
    let columns: string[] = [];
    try {
      columns = Object.keys(typedDictPropertyTypes(listObjectType(listObjectType(arrsType))));
    } catch {
      columns = [];
    }
    const keyType = fnOutput(ctx.inputTypes.joinFn);
    const objs = new Map<string, unknown>();
    const keysPerList = lists.map((rows) =>
      rows.map((row, i) => {
        const obj = fn(row, i);
        const key = groupKeyString(safeKey(obj, keyType));
        if (obj != null) objs.set(key, obj);
        return key;
      }),
    );
    const lookups = keysPerList.map(lookup);
    const allKeys = outer
      ? uniq(keysPerList.flat())
      : keysPerList.length === 0
        ? []
        : intersection(keysPerList[0] as string[], ...keysPerList.slice(1));
    const out: unknown[] = [];
    const addRow = (target: Record<string, unknown[]>, item: unknown): void => {
      for (const col of columns) {
        const cell = cellValue(item, col);
        let values = getKey(target, col) as unknown[] | undefined;
        if (values == null) {
          values = [];
          defineKey(target, col, values);
        }
        values.push(cell === undefined ? null : cell);
      }
    };
    const copyRow = (row: Record<string, unknown[]>): Record<string, unknown[]> => {
      const copy: Record<string, unknown[]> = {};
      for (const k of Object.keys(row)) defineKey(copy, k, [...(row[k] as unknown[])]);
      return copy;
    };
    for (const key of allKeys) {
      // Rows with a null key are never joined.
      if (key === '') continue;
      let rows: Record<string, unknown[]>[] = [];
      lookups.forEach((lk, n) => {
        const positions = lk.get(key) ?? [];
        const items = lists[n] as unknown[];
        if (rows.length === 0) {
          for (const p of positions) {
            const row: Record<string, unknown[]> = {};
            addRow(row, items[p]);
            rows.push(row);
          }
          if (positions.length === 0 && outer) {
            const row: Record<string, unknown[]> = {};
            addRow(row, null);
            rows.push(row);
          }
        } else {
          const next: Record<string, unknown[]>[] = [];
          for (const old of rows) {
            for (const p of positions) {
              const row = copyRow(old);
              addRow(row, items[p]);
              next.push(row);
            }
            if (positions.length === 0 && outer) {
              const row = copyRow(old);
              addRow(row, null);
              next.push(row);
            }
          }
          rows = next;
        }
      });
      for (const row of rows) out.push(new Tagged({ joinKey: key, joinObj: objs.get(key) ?? null }, row));
    }
    return out;
  },
  description: 'Joins several lists of dicts on a key; each column collects one value per list.',
  argDescriptions: {
    arrs: 'The lists of dicts to join.',
    joinFn: 'The key of a row.',
    outer: 'Whether to keep keys missing from some lists (their entries are null).',
  },
  returnValueDescription: 'A list of dicts whose values are lists, one entry per joined list.',
};

export const joinOps: OpDeclaration[] = [join, joinAll];
