/**
 * Tag ops that are not about a domain object: `.tag` (the raw tag of a value) and the getters
 * of the tags the list ops put on their results — `.groupkey` (groupby), `.joinObj` (joinAll)
 * and `.indexCheckpoint`. (`.run`, `.project` … belong to the domain ops.)
 */
import { isTaggedValue, isUnion, mappableNullable, maybe, taggedValue, type Type } from '../types/index.js';
import type { OpDeclaration } from './opdef.js';
import { Tagged } from './values.js';

/** `x.tag`: the tag of a tagged value (per element for a list of tagged values). */
const getTag: OpDeclaration = {
  name: 'get-tag',
  kind: 'raw',
  hidden: true,
  argTypes: { value: maybe(taggedValue('any', 'any')) },
  returnType: ({ value }) =>
    mappableNullable(value as Type, (t) => {
      if (isUnion(t)) throw new TypeError('tag: expected one tagged value, not a union');
      if (!isTaggedValue(t)) throw new TypeError('tag: expected a tagged value');
      return t.tag;
    }),
  resolver: ({ value }) => {
    const tagOf = (v: unknown): unknown => (v instanceof Tagged ? v.tag : null);
    if (value == null) return null;
    if (Array.isArray(value)) return value.map((e) => (e == null ? null : tagOf(e)));
    return tagOf(value);
  },
  description: 'Reads the tag of a tagged value.',
  argDescriptions: { value: 'The tagged value.' },
  returnValueDescription: 'The tag.',
};

const groupKey: OpDeclaration = {
  name: 'group-groupkey',
  kind: 'tag-getter',
  hidden: true,
  tagName: 'groupKey',
  tagType: 'any',
  argTypes: { obj: 'any' },
  description: 'Reads the key of a group made by `groupby`.',
  argDescriptions: { obj: 'A group (or a value computed from one).' },
  returnValueDescription: 'The group key.',
};

const joinObj: OpDeclaration = {
  name: 'tag-joinObj',
  kind: 'tag-getter',
  hidden: true,
  tagName: 'joinObj',
  tagType: 'any',
  argTypes: { obj: 'any' },
  description: 'Reads the join key object of a row made by `joinAll`.',
  argDescriptions: { obj: 'A joined row (or a value computed from one).' },
  returnValueDescription: 'The key the row was joined on.',
};

const indexCheckpoint: OpDeclaration = {
  name: 'tag-indexCheckpoint',
  kind: 'tag-getter',
  hidden: true,
  tagName: 'indexCheckpoint',
  tagType: 'number',
  argTypes: { obj: 'any' },
  description: 'Reads the position recorded by `createIndexCheckpointTag`.',
  argDescriptions: { obj: 'An element tagged with its position.' },
  returnValueDescription: 'The position.',
};

export const tagOps: OpDeclaration[] = [getTag, groupKey, joinObj, indexCheckpoint];
