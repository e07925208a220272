/**
 * Dict ops: the `{…}` literal, `pick` (`x["key"]`, with dotted paths), and the hidden helpers
 * `values`, `keytypes` and `merge`. See docs/semantics.md, "Lists, dicts and tags".
 */
import {
  isDict,
  isTaggedValue,
  isTypedDict,
  isTypedDictLike,
  list,
  mappableNullableTaggable,
  maybe,
  nullableTaggableValue,
  oneOrMany,
  isList,
  listObjectType,
  taggedValue,
  typedDict,
  typedDictPropertyTypes,
  union,
  type Type,
} from '../types/index.js';
import { pathType, pathValue, splitPickPath } from './dict-path.js';
import type { Node } from '../graph/node.js';
import type { OpDeclaration } from './opdef.js';
import { defineKey, isPlainObject, mappableNullableTaggableVal, Tagged, tagValue } from './values.js';

/** `{k: v, …}`: a typedDict of the value types; values keep their tags. */
const dictLiteral: OpDeclaration = {
  name: 'dict',
  kind: 'raw',
  hidden: true,
  renderInfo: { type: 'dictionaryLiteral' },
  argTypes: {},
  // Read the input nodes, not the type record: every key is kept, `__proto__` included.
  returnType: (_types, inputs) => {
    const props: Record<string, Type> = {};
    for (const k of Object.keys(inputs)) defineKey(props, k, (inputs[k] as Node).type);
    return typedDict(props);
  },
  resolver: (inputs) => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(inputs)) defineKey(out, k, inputs[k]);
    return out;
  },
  description: 'Builds a dict from the key/value pairs written between braces.',
  argDescriptions: {},
  returnValueDescription: 'A dict with one entry per key, in the order written.',
};

/** The declaration shared by `pick` and its hidden twin `dict-pick`. */
const pickBase: Omit<OpDeclaration, 'name'> = {
  kind: 'standard',
  renderInfo: { type: 'brackets' },
  argTypes: { obj: typedDict({}), key: maybe('string') },
  returnType: (types, inputs) => {
    const objType = types.obj as Type;
    const keyNode = inputs.key;
    if (keyNode.nodeType !== 'const') {
      // A computed key: any of the values may come out (or nothing).
      if (isDict(objType)) return maybe(objType.objectType);
      if (isTypedDictLike(objType)) return maybe(union(Object.values(typedDictPropertyTypes(objType))));
      throw new TypeError('pick: expected a dict');
    }
    if (typeof keyNode.val !== 'string') throw new TypeError('pick: the key must be a string');
    return pathType(objType, splitPickPath(keyNode.val));
  },
  resolver: ({ obj, key }) => {
    if (key == null) return null;
    return pathValue(obj, splitPickPath(String(key)));
  },
  description:
    'Selects a value of a dict by key. The key is a path: dots separate nested keys (`\\.` is a literal dot) and `*` selects every key.',
  argDescriptions: {
    obj: 'The dict to read from.',
    key: 'The key (or dotted path) of the value to select.',
  },
  returnValueDescription: 'The value found at the key, or null when there is none.',
};

const pick: OpDeclaration = { ...pickBase, name: 'pick' };
const dictPick: OpDeclaration = { ...pickBase, name: 'dict-pick', hidden: true };

/** `d.values`: the values of a dict (mapped over a list of dicts). */
const values: OpDeclaration = {
  name: 'typedDict-values',
  kind: 'raw',
  hidden: true,
  argTypes: { obj: maybe(oneOrMany(maybe(typedDict({})))) },
  returnType: (types) =>
    mappableNullableTaggable(types.obj as Type, (t) => {
      const props = Object.values(typedDictPropertyTypes(t));
      return props.length === 0 ? list('invalid') : list(union(props));
    }),
  resolver: ({ obj }) =>
    mappableNullableTaggableVal(obj, (d) => (isPlainObject(d) ? Object.keys(d).map((k) => d[k]) : null)),
  description: 'Lists the values of a dict.',
  argDescriptions: { obj: 'The dict whose values to list.' },
  returnValueDescription: 'The values of the dict, in key order.',
};

/** `d.keytypes`: one `{key, type}` record per property of the dict's type. */
const keyTypes: OpDeclaration = {
  name: 'object-keytypes',
  kind: 'standard',
  hidden: true,
  argTypes: { obj: typedDict({}) },
  returnType: () => list(typedDict({ key: 'string', type: 'type' })),
  resolver: (_inputs, ctx) => {
    const props = typedDictPropertyTypes(dictTypeOf(ctx.inputTypes.obj ?? 'invalid'));
    return Object.keys(props).map((key) => ({ key, type: props[key] }));
  },
  description: 'Lists the keys of a dict together with the type of each value.',
  argDescriptions: { obj: 'The dict to describe.' },
  returnValueDescription: 'A list of `{key, type}` records, one per key.',
};

/** The dict type inside the (possibly list-of-dicts, nullable, tagged) input type. */
function dictTypeOf(t: Type): Type {
  const u = nullableTaggableValue(t);
  return isList(u) ? listObjectType(u) : u;
}

/** Property types of a dict type, each tagged with the dict's own tag (as `merge` moves them). */
function taggedPropertyTypes(t: Type): Record<string, Type> {
  const out: Record<string, Type> = {};
  if (isTaggedValue(t)) {
    const props = typedDictPropertyTypes(t.value);
    for (const k of Object.keys(props)) defineKey(out, k, taggedValue(t.tag, props[k] as Type));
  } else if (isTypedDict(t)) {
    const props = typedDictPropertyTypes(t);
    for (const k of Object.keys(props)) defineKey(out, k, props[k] as Type);
  }
  return out;
}

/** Entries of a dict value; a tagged dict passes its tag on to each value. */
function taggedEntries(v: unknown): [string, unknown][] {
  if (v instanceof Tagged) {
    const flat = v.value instanceof Tagged ? (tagValue(v.tag, v.value) as Tagged) : v;
    const inner = flat.value;
    if (!isPlainObject(inner)) return [];
    return Object.keys(inner).map((k) => [k, tagValue(flat.tag, inner[k])]);
  }
  if (!isPlainObject(v)) return [];
  return Object.keys(v).map((k) => [k, v[k]]);
}

/** `a.merge(b)`: the keys of `a`, then those of `b` (b's values win). */
const merge: OpDeclaration = {
  name: 'merge',
  kind: 'raw',
  hidden: true,
  argTypes: { lhs: typedDict({}), rhs: typedDict({}) },
  returnType: (types) => {
    const props: Record<string, Type> = {};
    for (const side of [types.lhs as Type, types.rhs as Type]) {
      const p = taggedPropertyTypes(side);
      for (const k of Object.keys(p)) defineKey(props, k, p[k] as Type);
    }
    return typedDict(props);
  },
  resolver: ({ lhs, rhs }) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of [...taggedEntries(lhs), ...taggedEntries(rhs)]) defineKey(out, k, v);
    return out;
  },
  description: 'Merges two dicts: the keys of the first, then those of the second; on a shared key the second wins.',
  argDescriptions: { lhs: 'The base dict.', rhs: 'The dict whose entries are added (and override).' },
  returnValueDescription: 'A new dict with the entries of both.',
};

export const dictOps: OpDeclaration[] = [dictLiteral, pick, dictPick, values, keyTypes, merge];
