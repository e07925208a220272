/**
 * List ops: the `[…]` literal, `count`, `[i]`, `limit`/`offset`, `dropna`, `concat`, `flatten`,
 * `unique`, `contains`, `joinToStr` and the hidden helpers. The lambda ops (`map`, `filter`,
 * `sort`, `groupby`, `mapEach`) live in list-lambda.ts, `join`/`joinAll` in list-join.ts.
 * See docs/semantics.md, "Lists, dicts and tags".
 */
import {
  isList,
  isListLike,
  isTaggedValue,
  isTypedDictLike,
  isUnion,
  list,
  listMaxLength,
  listMinLength,
  listObjectType,
  listWithLength,
  maybe,
  nonNullable,
  taggableStrip,
  taggedValue,
  typedDict,
  typedDictPropertyTypes,
  union,
  type ListType,
  type Type,
} from '../types/index.js';
import { joinOps } from './list-join.js';
import { lambdaOps } from './list-lambda.js';
import { deepEqualValues, seededRandom, zipLists } from './list-values.js';
import type { OpDeclaration } from './opdef.js';
import { defineKey, isPlainObject, stripTags, Tagged, tagValue, untag } from './values.js';

const anyList: ListType = list('any');

/** `[a, b, …]`: a list of exactly n elements whose type is the union of the element types. */
const listLiteral: OpDeclaration = {
  name: 'list',
  kind: 'raw',
  hidden: true,
  renderInfo: { type: 'arrayLiteral' },
  argTypes: {},
  returnType: (types) => {
    const elements = Object.keys(types).map((k) => types[k] as Type);
    return listWithLength(elements.length, elements.length > 0 ? union(elements) : 'invalid');
  },
  resolver: (inputs) => Object.keys(inputs).map((k) => inputs[k]),
  description: 'Builds a list from the values written between brackets.',
  argDescriptions: {},
  returnValueDescription: 'The list of the values, in order.',
};

const count: OpDeclaration = {
  name: 'count',
  kind: 'basic',
  argTypes: { arr: anyList },
  returnType: () => 'number',
  resolver: ({ arr }) => (arr as unknown[]).length,
  description: 'Counts the elements of a list (the list as a whole: a list of lists counts its inner lists).',
  argDescriptions: { arr: 'The list to count.' },
  returnValueDescription: 'The number of elements.',
};

/** `arr[i]`: out of range, negative or fractional positions give null. */
const index: OpDeclaration = {
  name: 'index',
  kind: 'basic',
  renderInfo: { type: 'brackets' },
  argTypes: { arr: anyList, index: 'number' },
  returnType: ({ arr }) => listObjectType(arr as Type),
  resolver: ({ arr, index: i }) => {
    const items = arr as unknown[];
    const n = i as number;
    return Number.isInteger(n) && n >= 0 && n < items.length ? items[n] : null;
  },
  description: 'Reads the element of a list at a position (0 is the first).',
  argDescriptions: { arr: 'The list to read from.', index: 'The position of the element.' },
  returnValueDescription: 'The element, or null when the position is outside the list.',
};

const offset: OpDeclaration = {
  name: 'offset',
  kind: 'basic',
  hidden: true,
  argTypes: { arr: anyList, offset: 'number' },
  returnType: ({ arr }) => arr as Type,
  resolver: ({ arr, offset: n }) => (arr as unknown[]).slice(n as number),
  description: 'Drops the first n elements of a list.',
  argDescriptions: { arr: 'The list.', offset: 'How many elements to drop.' },
  returnValueDescription: 'The rest of the list.',
};

const limit: OpDeclaration = {
  name: 'limit',
  kind: 'basic',
  hidden: true,
  argTypes: { arr: anyList, limit: 'number' },
  returnType: ({ arr }, inputs) => {
    const t = arr as Type;
    const n = inputs.limit;
    // A constant limit becomes the upper length bound (even below the lower one, as in the reference).
    if (n?.nodeType === 'const' && typeof n.val === 'number' && isList(t)) {
      return { ...t, maxLength: n.val } as ListType;
    }
    return t;
  },
  resolver: ({ arr, limit: n }) => (arr as unknown[]).slice(0, n as number),
  description: 'Keeps the first n elements of a list.',
  argDescriptions: { arr: 'The list.', limit: 'How many elements to keep.' },
  returnValueDescription: 'The first n elements.',
};

/**
 * `dropna` removes null elements of the innermost lists (a list of lists keeps its shape).
 * The element type loses its `none` members (tagged nones included) and the lower length bound.
 */
const dropna: OpDeclaration = {
  name: 'dropna',
  kind: 'standard-tag-consuming',
  typeConfig: { dims: 1 },
  argTypes: { arr: anyList },
  returnType: ({ arr }) => {
    const t = arr as Type;
    if (!isList(t)) throw new TypeError('dropna: expected a list');
    const element = t.objectType;
    const tag = isTaggedValue(element) ? element.tag : null;
    const bare = isTaggedValue(element) ? element.value : element;
    const kept = (isUnion(bare) ? bare.members : [bare]).filter((m) => taggableStrip(m) !== 'none');
    return list(kept.length > 0 ? taggedValue(tag, union(kept)) : 'none', 0, listMaxLength(t));
  },
  resolver: ({ arr }) => (arr as unknown[]).filter((x) => untag(x) != null),
  description: 'Removes the null elements of a list (of the innermost lists, for a list of lists).',
  argDescriptions: { arr: 'The list to clean.' },
  returnValueDescription: 'The list without its null elements.',
};

/**
 * `concat` flattens one level: null inner lists are skipped and an inner list's tag is pushed
 * onto each of its elements (history rows remember their run).
 */
const concat: OpDeclaration = {
  name: 'concat',
  kind: 'basic',
  argTypes: { arr: list(maybe(anyList)) },
  returnType: ({ arr }) => {
    const inner = nonNullable(listObjectType(arr as Type));
    if (isUnion(inner)) {
      if (!inner.members.every(isListLike)) throw new TypeError('concat: expected lists');
      return list(union(inner.members.map(listObjectType)));
    }
    if (isTaggedValue(inner)) return list(taggedValue(inner.tag, listObjectType(inner.value)));
    // A single inner list type is returned as is, length bounds included (as in the reference).
    return inner;
  },
  resolver: ({ arr }) => {
    const out: unknown[] = [];
    for (const item of arr as unknown[]) {
      if (item == null) continue;
      if (item instanceof Tagged) {
        const flat = item.value instanceof Tagged ? (tagValue(item.tag, item.value) as Tagged) : item;
        if (Array.isArray(flat.value)) {
          for (const v of flat.value) out.push(tagValue(flat.tag, v));
        } else {
          out.push(item);
        }
      } else if (Array.isArray(item)) {
        out.push(...item);
      } else {
        out.push(item);
      }
    }
    return out;
  },
  description: 'Concatenates a list of lists into one list.',
  argDescriptions: { arr: 'The list of lists.' },
  returnValueDescription: 'All elements of the inner lists, in order.',
};

/** The element type of a fully flattened list type, tags of every level merged. */
function flattenType(t: Type, parentTag: Type | null): Type {
  let tag = parentTag;
  let value = t;
  if (isTaggedValue(value)) {
    tag = tag != null ? taggedValue(tag, value.tag) : value.tag;
    value = value.value;
  }
  if (!isListLike(value)) return tag != null ? taggedValue(tag, value) : value;
  return flattenType(listObjectType(value), tag);
}

function flattenValue(v: unknown, parentTag: unknown, out: unknown[]): void {
  let tag = parentTag;
  let value = v;
  if (value instanceof Tagged) {
    const flat = value.value instanceof Tagged ? (tagValue(value.tag, value.value) as Tagged) : value;
    tag = tag != null ? tagValue(tag, flat.tag) : flat.tag;
    value = flat.value;
  }
  if (!Array.isArray(value)) {
    out.push(tag != null ? tagValue(tag, value) : value);
    return;
  }
  for (const item of value) flattenValue(item, tag, out);
}

/** `flatten` flattens every level, merging the tags of the levels onto the leaves. */
const flatten: OpDeclaration = {
  name: 'flatten',
  kind: 'raw',
  hidden: true,
  argTypes: { arr: anyList },
  returnType: ({ arr }) => list(flattenType(arr as Type, null)),
  resolver: ({ arr }) => {
    const out: unknown[] = [];
    flattenValue(arr, null, out);
    return out;
  },
  description: 'Flattens nested lists into one list.',
  argDescriptions: { arr: 'The nested lists.' },
  returnValueDescription: 'The leaves, in order.',
};

/** `unique` keeps the first of deep-equal elements (tags count: differently tagged values differ). */
const unique: OpDeclaration = {
  name: 'unique',
  kind: 'basic',
  hidden: true,
  argTypes: { arr: anyList },
  returnType: ({ arr }) => arr as Type,
  resolver: ({ arr }) => {
    const out: unknown[] = [];
    for (const item of arr as unknown[]) if (!out.some((seen) => deepEqualValues(seen, item))) out.push(item);
    return out;
  },
  description: 'Removes repeated elements, keeping the first occurrence of each.',
  argDescriptions: { arr: 'The list.' },
  returnValueDescription: 'The distinct elements, in first-occurrence order.',
};

const comparable: Type = union(['string', 'number', 'boolean']);

const contains: OpDeclaration = {
  name: 'contains',
  kind: 'basic',
  argTypes: { arr: list(comparable), element: comparable },
  returnType: () => 'boolean',
  resolver: ({ arr, element }) => (arr as unknown[]).some((e) => untag(e) === element),
  description: 'Tells whether a list of strings, numbers or booleans contains a value.',
  argDescriptions: { arr: 'The list to search.', element: 'The value to look for.' },
  returnValueDescription: 'True when some element equals the value.',
};

const joinToStr: OpDeclaration = {
  name: 'joinToStr',
  kind: 'basic',
  argTypes: { arr: anyList, sep: 'string' },
  returnType: () => 'string',
  resolver: ({ arr, sep }) => (arr as unknown[]).map((e) => stripTags(e)).join(sep as string),
  description: 'Joins the elements of a list into a string.',
  argDescriptions: { arr: 'The list to join.', sep: 'The separator placed between elements.' },
  returnValueDescription: 'The joined string (nulls become empty strings).',
};

/** `mapcount`: the length of each inner list. */
const mapcount: OpDeclaration = {
  name: 'mapcount',
  kind: 'raw',
  hidden: true,
  argTypes: { arr: list(anyList) },
  returnType: () => list('number'),
  resolver: ({ arr }) => {
    const outer = untag(arr);
    if (!Array.isArray(outer)) throw new Error('mapcount: not a list of lists');
    return outer.map((inner) => {
      const v = untag(inner);
      if (!Array.isArray(v)) throw new Error('mapcount: not a list of lists');
      return v.length;
    });
  },
  description: 'Counts the elements of each inner list of a list of lists.',
  argDescriptions: { arr: 'The list of lists.' },
  returnValueDescription: 'The length of each inner list.',
};

/** `unnest`: rows whose list-valued columns are zipped into one row per position. */
const unnest: OpDeclaration = {
  name: 'unnest',
  kind: 'raw',
  hidden: true,
  argTypes: { arr: maybe(list(typedDict({}))) },
  returnType: ({ arr }) => {
    const row = listObjectType(arr as Type);
    if (!isTypedDictLike(row)) throw new TypeError('unnest: expected a list of dicts');
    const props = typedDictPropertyTypes(row);
    const out: Record<string, Type> = {};
    for (const k of Object.keys(props)) {
      const p = props[k] as Type;
      defineKey(out, k, isList(p) ? p.objectType : p);
    }
    return maybe(list(typedDict(out)));
  },
  resolver: ({ arr }, ctx) => {
    const rows = untag(arr);
    if (rows == null) return null;
    const props = typedDictPropertyTypes(listObjectType(ctx.inputTypes.arr ?? anyList));
    const listKeys = Object.keys(props).filter((k) => isListLike(props[k] as Type));
    const out: unknown[] = [];
    for (const raw of rows as unknown[]) {
      const row = untag(raw);
      if (!isPlainObject(row)) continue;
      const base: Record<string, unknown> = {};
      for (const k of Object.keys(row)) if (!listKeys.includes(k)) defineKey(base, k, row[k]);
      if (listKeys.length === 0) {
        out.push(base);
        continue;
      }
      const columns = listKeys.map((k) => {
        const col = row[k];
        if (col instanceof Tagged) {
          const items = untag(col);
          return Array.isArray(items) ? items.map((v) => tagValue(col.tag, v)) : items;
        }
        return col;
      });
      for (const zipped of zipLists(columns)) {
        const next: Record<string, unknown> = { ...base };
        listKeys.forEach((k, i) => defineKey(next, k, zipped[i] ?? null));
        out.push(next);
      }
    }
    return out;
  },
  description: 'Unnests a list of dicts: list-valued columns are zipped, one row per position.',
  argDescriptions: { arr: 'The list of dicts.' },
  returnValueDescription: 'The unnested rows.',
};

/**
 * `randomlyDownsample(n)`: n elements chosen at random, order kept. Unlike the reference (which
 * uses `Math.random`), the choice is seeded by the list length and n, so it is reproducible.
 */
const randomlyDownsample: OpDeclaration = {
  name: 'randomlyDownsample',
  kind: 'basic',
  hidden: true,
  argTypes: { arr: anyList, n: 'number' },
  returnType: ({ arr }) => arr as Type,
  resolver: ({ arr, n }) => {
    const items = arr as unknown[];
    const k = n as number;
    if (!(k >= 0) || !Number.isInteger(k)) throw new Error('randomlyDownsample: n must be a non-negative integer');
    if (k >= items.length) return items;
    const random = seededRandom(items.length * 2654435761 + k);
    const chosen = new Array<boolean>(items.length).fill(false);
    for (let picked = 0; picked < k; picked++) {
      let i = Math.floor(random() * items.length);
      while (chosen[i]) i = (i + 1) % items.length;
      chosen[i] = true;
    }
    return items.filter((_, i) => chosen[i]);
  },
  description: 'Keeps n elements of a list chosen at random (reproducibly), in their original order.',
  argDescriptions: { arr: 'The list to sample.', n: 'How many elements to keep.' },
  returnValueDescription: 'The sampled list.',
};

/** Tags each element with its position (`indexCheckpoint`), read back by `.indexCheckpoint`. */
const createIndexCheckpointTag: OpDeclaration = {
  name: 'list-createIndexCheckpointTag',
  kind: 'basic',
  hidden: true,
  argTypes: { arr: anyList },
  returnType: ({ arr }) =>
    list(
      taggedValue(typedDict({ indexCheckpoint: 'number' }), listObjectType(arr as Type)),
      listMinLength(arr as Type),
      listMaxLength(arr as Type),
    ),
  resolver: ({ arr }) => (arr as unknown[]).map((x, i) => tagValue({ indexCheckpoint: i }, x)),
  description: 'Tags each element of a list with its position.',
  argDescriptions: { arr: 'The list.' },
  returnValueDescription: 'The list, each element tagged with its index.',
};

/** In the reference's registration order (dispatch ties take the first). */
export const listOps: OpDeclaration[] = [
  listLiteral,
  count,
  joinToStr,
  mapcount,
  index,
  offset,
  limit,
  ...lambdaOps.filter((op) => op.name === 'sort' || op.name === 'filter'),
  createIndexCheckpointTag,
  dropna,
  ...lambdaOps.filter((op) => op.name !== 'sort' && op.name !== 'filter'),
  ...joinOps,
  concat,
  unnest,
  contains,
  unique,
  flatten,
  randomlyDownsample,
];
