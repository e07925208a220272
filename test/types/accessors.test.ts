import { describe, expect, it } from 'vitest';
import {
  constType,
  dict,
  fileType,
  fileWbObjectType,
  findNamedTagInType,
  functionType,
  getTypeDimDepth,
  isGroupableType,
  isListLike,
  isSortableType,
  isTaggedValueLike,
  isTypedDictLike,
  isAssignableTo,
  list,
  listLength,
  listMaxLength,
  listMinLength,
  listObjectType,
  listObjectTypePassTags,
  maybe,
  nDims,
  nonNullableDeep,
  nullableTaggableValue,
  objectKeyType,
  rawUnion,
  stripConst,
  taggedValue,
  taggedValueTagType,
  taggedValueValueType,
  taggableValue,
  timestamp,
  tryListObjectType,
  typedDict,
  typedDictPropertyTypes,
  union,
  unionMembers,
  withoutTags,
  type Type,
} from '../../src/types/index.js';

const runTag = typedDict({ run: 'run' });
const projectTag = typedDict({ project: 'project' });

describe('predicates through wrappers', () => {
  it('isListLike', () => {
    expect(isListLike(list('number'))).toBe(true);
    expect(isListLike(taggedValue(runTag, list('number')))).toBe(true);
    expect(isListLike(functionType({}, list('number')))).toBe(true);
    expect(isListLike(union([list('number'), taggedValue(runTag, list('string'))]))).toBe(true);
    expect(isListLike(maybe(list('number')))).toBe(false);
    expect(isListLike('number')).toBe(false);
  });
  it('isTypedDictLike', () => {
    expect(isTypedDictLike(typedDict({}))).toBe(true);
    expect(isTypedDictLike(taggedValue(runTag, typedDict({})))).toBe(true);
    expect(isTypedDictLike(union([typedDict({ a: 'number' }), typedDict({ b: 'number' })]))).toBe(true);
    expect(isTypedDictLike(maybe(typedDict({})))).toBe(false);
    expect(isTypedDictLike(dict('number'))).toBe(false);
  });
  it('isTaggedValueLike', () => {
    expect(isTaggedValueLike(taggedValue(runTag, 'number'))).toBe(true);
    expect(isTaggedValueLike(rawUnion([taggedValue(runTag, 'number'), taggedValue(projectTag, 'string')]))).toBe(true);
    expect(isTaggedValueLike(rawUnion([taggedValue(runTag, 'number'), 'none']))).toBe(false);
  });
});

describe('tag accessors', () => {
  it('taggedValueTagType / taggedValueValueType', () => {
    const t = taggedValue(runTag, 'number');
    expect(taggedValueTagType(t)).toEqual(runTag);
    expect(taggedValueValueType(t)).toBe('number');
    const u = rawUnion([taggedValue(runTag, 'number'), taggedValue(projectTag, 'string')]);
    expect(taggedValueTagType(u)).toEqual(union([runTag, projectTag]));
    expect(taggedValueValueType(u)).toEqual(union(['number', 'string']));
    expect(() => taggedValueValueType('number')).toThrow(TypeError);
    expect(() => taggedValueTagType(rawUnion(['number']))).toThrow(TypeError);
  });
  it('taggableValue strips one level of tags', () => {
    expect(taggableValue(taggedValue(runTag, 'number'))).toBe('number');
    expect(taggableValue('number')).toBe('number');
  });
});

describe('nullableTaggableValue (function → output, none, tags, none, function)', () => {
  const cases: [string, Type, Type][] = [
    ['plain', 'number', 'number'],
    ['maybe', maybe('number'), 'number'],
    ['tagged', taggedValue(runTag, 'number'), 'number'],
    ['maybe tagged', maybe(taggedValue(runTag, 'number')), 'number'],
    ['tagged maybe', taggedValue(runTag, maybe('number')), 'number'],
    ['function returning maybe tagged', functionType({}, maybe(taggedValue(runTag, list('number')))), list('number')],
    ['none stays none', 'none', 'none'],
    ['tagged list keeps element tags', taggedValue(runTag, list(taggedValue(projectTag, 'number'))), list(taggedValue(projectTag, 'number'))],
  ];
  it.each(cases)('%s', (_n, t, expected) => {
    expect(nullableTaggableValue(t)).toEqual(expected);
  });
});

describe('list accessors', () => {
  it('listObjectType looks through tags, nullability and functions', () => {
    expect(listObjectType(list('number'))).toBe('number');
    expect(listObjectType(maybe(taggedValue(runTag, list('string'))))).toBe('string');
    expect(listObjectType(functionType({}, list('boolean')))).toBe('boolean');
    expect(listObjectType(union([list('number'), list('string')]))).toEqual(union(['number', 'string']));
    expect(listObjectType({ type: 'ArrowWeaveList', objectType: 'number' })).toBe('number');
    expect(() => listObjectType('number')).toThrow(TypeError);
    expect(tryListObjectType('number')).toBeUndefined();
    expect(tryListObjectType(list('run'))).toBe('run');
  });
  it('listObjectTypePassTags keeps the list tag on the element', () => {
    const randValue = typedDict({ rand: 'number' });
    expect(listObjectTypePassTags(list(randValue))).toEqual(randValue);
    expect(listObjectTypePassTags(taggedValue(runTag, list(randValue)))).toEqual(taggedValue(runTag, randValue));
    // Nested, as in the reference's typeHelpers test.
    let t: Type = taggedValue(runTag, list(taggedValue(projectTag, list(randValue))));
    for (let i = 0; i < 5; i++) t = taggedValue(projectTag, list(t));
    while (isListLike(t)) {
      t = listObjectTypePassTags(t);
      expect(isAssignableTo(t, taggedValue(projectTag, 'any'))).toBe(true);
    }
    expect(isAssignableTo(t, taggedValue(runTag, 'any'))).toBe(true);
    expect(isAssignableTo(t, taggedValue(projectTag, 'any'))).toBe(true);
  });
  it('lengths', () => {
    expect(listMinLength(list('number', 2, 5))).toBe(2);
    expect(listMaxLength(list('number', 2, 5))).toBe(5);
    expect(listLength(list('number', 2, 5))).toBeUndefined();
    expect(listLength(list('number', 3, 3))).toBe(3);
    expect(listLength(list('number'))).toBeUndefined();
    const u = union([list('number', 1, 2), list('string', 3, 4)]);
    expect(listMinLength(u)).toBe(1);
    expect(listMaxLength(u)).toBe(4);
    expect(listMaxLength(union([list('number', 1, 2), list('string')]))).toBeUndefined();
    expect(listMaxLength(taggedValue(runTag, list('number', 0, 7)))).toBe(7);
    expect(() => listMinLength('number')).toThrow(TypeError);
  });
  it('dimension depth', () => {
    expect(getTypeDimDepth('number')).toBe(0);
    expect(getTypeDimDepth(list(list('number')))).toBe(2);
    expect(getTypeDimDepth(maybe(list(taggedValue(runTag, list('number')))))).toBe(2);
    expect(() => getTypeDimDepth(union([list('number'), 'number']))).toThrow(/ambiguous/);
    expect(nDims(maybe(taggedValue(runTag, list(list('number')))))).toBe(2);
    expect(nDims('number')).toBe(0);
  });
});

describe('typedDictPropertyTypes', () => {
  it('plain', () => {
    expect(typedDictPropertyTypes(typedDict({ a: 'number' }))).toEqual({ a: 'number' });
    expect(typedDictPropertyTypes(maybe(taggedValue(runTag, typedDict({ a: 'number' }))))).toEqual({ a: 'number' });
  });
  it('a key missing from a union member becomes maybe (reference test)', () => {
    expect(typedDictPropertyTypes(union([typedDict({ a: 'string', b: 'number' }), typedDict({ a: 'string' })]))).toEqual({
      a: 'string',
      b: union(['number', 'none']),
    });
  });
  it('a key only in a later member becomes maybe; shared keys union their types', () => {
    expect(typedDictPropertyTypes(union([typedDict({ a: 'string' }), typedDict({ a: 'number', c: 'boolean' })]))).toEqual({
      a: union(['string', 'number']),
      c: union(['boolean', 'none']),
    });
  });
  it('tagged none members make every key maybe', () => {
    const t = rawUnion([typedDict({ a: 'string' }), taggedValue(runTag, 'none')]);
    expect(typedDictPropertyTypes(t)).toEqual({ a: union(['string', 'none']) });
  });
  it('throws on non-dicts', () => {
    expect(() => typedDictPropertyTypes('number')).toThrow(TypeError);
    expect(() => typedDictPropertyTypes(union([typedDict({}), list('number')]))).toThrow(TypeError);
  });
  it('objectKeyType: missing key → none; inherited names are not keys', () => {
    const t = typedDict({ a: 'number' });
    expect(objectKeyType(t, 'a')).toBe('number');
    expect(objectKeyType(t, 'b')).toBe('none');
    expect(objectKeyType(t, 'constructor')).toBe('none');
    expect(objectKeyType(t, 'toString')).toBe('none');
    expect(objectKeyType(t, '__proto__')).toBe('none');
  });
});

describe('other accessors', () => {
  it('unionMembers', () => {
    expect(unionMembers(union(['number', 'string']))).toEqual(['number', 'string']);
    expect(unionMembers('number')).toEqual(['number']);
  });
  it('stripConst', () => {
    expect(stripConst(constType('number', 1))).toBe('number');
    expect(stripConst(list(constType('string', 'a')))).toEqual(list('string'));
    expect(stripConst(typedDict({ a: constType('number', 1), b: maybe(constType('number', 2)) }))).toEqual(
      typedDict({ a: 'number', b: maybe('number') }),
    );
    expect(stripConst(union([constType('number', 1), constType('number', 2)]))).toBe('number');
  });
  it('withoutTags', () => {
    expect(withoutTags(taggedValue(runTag, list(taggedValue(projectTag, typedDict({ a: taggedValue(runTag, 'number') })))))).toEqual(
      list(typedDict({ a: 'number' })),
    );
  });
  it('nonNullableDeep', () => {
    expect(nonNullableDeep(taggedValue(runTag, maybe('number')))).toEqual(taggedValue(runTag, 'number'));
    expect(nonNullableDeep(rawUnion(['number', taggedValue(runTag, 'none')]))).toBe('number');
  });
  it('fileWbObjectType', () => {
    expect(fileWbObjectType(maybe(fileType('json', { type: 'table', columnTypes: {} })))).toEqual({ type: 'table', columnTypes: {} });
    expect(fileWbObjectType(fileType('png'))).toBeUndefined();
    expect(() => fileWbObjectType('string')).toThrow(TypeError);
  });
  it('findNamedTagInType', () => {
    const t = taggedValue(projectTag, taggedValue(runTag, 'number'));
    // The run tag sits under the project tag, so the found run keeps the project tag.
    expect(findNamedTagInType(t, 'run', 'run')).toEqual(taggedValue(projectTag, 'run'));
    expect(findNamedTagInType(t, 'project', 'project')).toBe('project');
    expect(findNamedTagInType(t, 'groupKey', 'any')).toBe('none');
    expect(findNamedTagInType('number', 'run', 'run')).toBe('none');
    // A tagged tag keeps its own outer tags.
    expect(findNamedTagInType(taggedValue(taggedValue(projectTag, runTag), 'number'), 'run', 'run')).toEqual(taggedValue(projectTag, 'run'));
  });
});

describe('sortable / groupable', () => {
  const cases: [Type, boolean, boolean][] = [
    ['number', true, true],
    ['string', true, true],
    ['id', true, true],
    ['boolean', true, true],
    ['none', true, true],
    [timestamp(), true, true],
    [maybe('number'), true, true],
    [taggedValue(runTag, 'string'), true, true],
    ['date', false, false],
    ['run', false, false],
    [list('number'), false, false],
    [list('number', 0, 5), false, true],
    [list(maybe('string'), 1, 10), false, true],
    [list('number', 0, 11), false, false],
    [dict('number'), false, true],
    [typedDict({ a: 'number', b: 'string' }), false, false],
    [typedDict({ a: 'number', b: 'number' }), false, true],
    [{ type: 'image-file' }, false, true],
    [{ type: 'table', columnTypes: {} }, false, false],
  ];
  it.each(cases)('%j sortable=%s groupable=%s', (t, sortable, groupable) => {
    expect(isSortableType(t)).toBe(sortable);
    expect(isGroupableType(t)).toBe(groupable);
  });
  it('undefined is neither', () => {
    expect(isSortableType(undefined)).toBe(false);
    expect(isGroupableType(null)).toBe(false);
  });
});
