import { describe, expect, it } from 'vitest';
import {
  dict,
  fileType,
  functionType,
  isNullable,
  list,
  listWithLength,
  maybe,
  nonNullable,
  nullableOneOrMany,
  taggedValue,
  timestamp,
  typedDict,
  typesAreEqual,
  union,
  constType,
  type Type,
} from '../../src/types/index.js';

const runTag = typedDict({ run: 'run' });
const projectTag = typedDict({ project: 'project' });

describe('simple constructors', () => {
  it('list omits absent bounds', () => {
    expect(list('number')).toStrictEqual({ type: 'list', objectType: 'number' });
    expect(Object.keys(list('number', undefined, 3))).toEqual(['type', 'objectType', 'maxLength']);
    expect(list('number', 1, 3)).toEqual({ type: 'list', objectType: 'number', minLength: 1, maxLength: 3 });
    expect(listWithLength(2, 'string')).toEqual({ type: 'list', objectType: 'string', minLength: 2, maxLength: 2 });
  });
  it('dict, typedDict, functionType, timestamp, fileType, constType', () => {
    expect(dict('number')).toEqual({ type: 'dict', objectType: 'number' });
    expect(typedDict({ a: 'number' })).toEqual({ type: 'typedDict', propertyTypes: { a: 'number' } });
    expect(typedDict({ a: 'number' }, ['a'])).toEqual({ type: 'typedDict', propertyTypes: { a: 'number' }, notRequiredKeys: ['a'] });
    expect(functionType({ row: 'number' }, 'string')).toEqual({
      type: 'function',
      inputTypes: { row: 'number' },
      outputType: 'string',
    });
    expect(timestamp()).toEqual({ type: 'timestamp', unit: 'ms' });
    expect(fileType()).toStrictEqual({ type: 'file' });
    expect(fileType('png')).toEqual({ type: 'file', extension: 'png' });
    expect(constType('number', 3)).toEqual({ type: 'const', valType: 'number', val: 3 });
  });
  it('constructed types are frozen and do not alias inputs', () => {
    const props: Record<string, Type> = { a: 'number' };
    const t = typedDict(props);
    props.b = 'string';
    expect(Object.keys(t.propertyTypes)).toEqual(['a']);
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.propertyTypes)).toBe(true);
  });
  it('typedDict keeps __proto__ and constructor as ordinary keys', () => {
    const props = JSON.parse('{"__proto__": "number", "constructor": "string"}') as Record<string, Type>;
    const t = typedDict(props);
    expect(Object.keys(t.propertyTypes)).toEqual(['__proto__', 'constructor']);
    expect(t.propertyTypes['__proto__']).toBe('number');
    expect(t.propertyTypes['constructor']).toBe('string');
    expect(({} as Record<string, unknown>)['number']).toBeUndefined();
    expect(Object.getPrototypeOf(t.propertyTypes)).toBe(null);
  });
});

describe('union', () => {
  const cases: [string, Type[], Type][] = [
    ['empty → invalid', [], 'invalid'],
    ['single member collapses', ['number'], 'number'],
    ['duplicates removed', ['number', 'number'], 'number'],
    ['order kept', ['string', 'number'], { type: 'union', members: ['string', 'number'] }],
    ['nested unions flattened', [union(['number', 'string']), 'boolean'], { type: 'union', members: ['number', 'string', 'boolean'] }],
    ['nested duplicates', [maybe('number'), maybe('number')], { type: 'union', members: ['none', 'number'] }],
    ['int and number are mutually assignable: first wins', ['int', 'number'], 'int'],
    ['number then int', ['number', 'int'], 'number'],
    [
      'structurally equal typedDicts with different key order collapse',
      [typedDict({ a: 'number', b: 'string' }), typedDict({ b: 'string', a: 'number' })],
      typedDict({ a: 'number', b: 'string' }),
    ],
    ['list bounds differ → both kept', [list('number', 1, 1), list('number', 2, 2)], {
      type: 'union',
      members: [list('number', 1, 1), list('number', 2, 2)],
    }],
    [
      'tagged members with the same tag merge',
      [taggedValue(runTag, 'number'), taggedValue(runTag, 'string')],
      { type: 'tagged', tag: runTag, value: { type: 'union', members: ['number', 'string'] } },
    ],
    [
      'tagged members come after untagged ones',
      [taggedValue(runTag, 'number'), 'string'],
      { type: 'union', members: ['string', { type: 'tagged', tag: runTag, value: 'number' }] },
    ],
    [
      'different tags stay separate',
      [taggedValue(runTag, 'number'), taggedValue(projectTag, 'number')],
      {
        type: 'union',
        members: [
          { type: 'tagged', tag: runTag, value: 'number' },
          { type: 'tagged', tag: projectTag, value: 'number' },
        ],
      },
    ],
    [
      'a tagged union member is distributed, then re-merged',
      [{ type: 'tagged', tag: runTag, value: { type: 'union', members: ['none', 'number'] } }, 'string'],
      { type: 'union', members: ['string', { type: 'tagged', tag: runTag, value: { type: 'union', members: ['none', 'number'] } }] },
    ],
    ['tagged value is assignable to its untagged copy, but not vice versa: both kept', ['number', taggedValue(runTag, 'number')], {
      type: 'union',
      members: ['number', { type: 'tagged', tag: runTag, value: 'number' }],
    }],
    ['any absorbs nothing (mutual assignability only)', ['any', 'number'], { type: 'union', members: ['any', 'number'] }],
  ];
  it.each(cases)('%s', (_name, members, expected) => {
    expect(union(members)).toEqual(expected);
  });
});

describe('maybe / nonNullable / isNullable', () => {
  it('maybe prepends none', () => {
    expect(maybe('number')).toEqual({ type: 'union', members: ['none', 'number'] });
    expect(maybe(union(['number', 'string']))).toEqual({ type: 'union', members: ['none', 'number', 'string'] });
  });
  it('maybe of a nullable type is the type itself', () => {
    const m = maybe('number');
    expect(maybe(m)).toBe(m);
    const u: Type = { type: 'union', members: ['number', 'none'] };
    expect(maybe(u)).toBe(u);
  });
  it('maybe does not look through tags', () => {
    const t = taggedValue(runTag, maybe('number'));
    expect(t).toEqual({ type: 'tagged', tag: runTag, value: maybe('number') });
    expect(maybe(t)).toEqual({ type: 'union', members: ['none', t] });
  });
  it('maybe(none) is a two-member union (reference behaviour)', () => {
    expect(maybe('none')).toEqual({ type: 'union', members: ['none', 'none'] });
  });
  it('isNullable only sees direct none members', () => {
    expect(isNullable(maybe('number'))).toBe(true);
    expect(isNullable('none')).toBe(false);
    expect(isNullable(union([taggedValue(runTag, 'none'), 'number']))).toBe(false);
  });
  it('nonNullable', () => {
    expect(nonNullable(maybe('number'))).toBe('number');
    expect(nonNullable(maybe(union(['number', 'string'])))).toEqual(union(['number', 'string']));
    expect(nonNullable('none')).toBe('none');
    expect(nonNullable('number')).toBe('number');
    expect(nonNullable({ type: 'union', members: ['none', 'none'] })).toBe('invalid');
  });
  it('nullableOneOrMany is built without normalisation (like the reference)', () => {
    expect(nullableOneOrMany('number')).toEqual({
      type: 'union',
      members: ['none', list(maybe('number')), maybe('number')],
    });
  });
});

describe('taggedValue', () => {
  it('null tag → the value', () => {
    expect(taggedValue(null, 'number')).toBe('number');
    expect(taggedValue(undefined, 'number')).toBe('number');
  });
  it('plain', () => {
    expect(taggedValue(runTag, 'number')).toEqual({ type: 'tagged', tag: runTag, value: 'number' });
  });
  it('distributes over a union value (and re-merges identical tags)', () => {
    expect(taggedValue(runTag, maybe('number'))).toEqual({
      type: 'tagged',
      tag: runTag,
      value: { type: 'union', members: ['none', 'number'] },
    });
  });
  it('distributes over a union of differently tagged values', () => {
    const v = union([taggedValue(runTag, 'number'), taggedValue(projectTag, 'string')]);
    const t = taggedValue(typedDict({ x: 'number' }), v);
    expect(t).toEqual({
      type: 'union',
      members: [
        { type: 'tagged', tag: { type: 'tagged', tag: typedDict({ x: 'number' }), value: runTag }, value: 'number' },
        { type: 'tagged', tag: { type: 'tagged', tag: typedDict({ x: 'number' }), value: projectTag }, value: 'string' },
      ],
    });
  });
  it('moves a tagged value’s tag into the tag side', () => {
    expect(taggedValue(projectTag, taggedValue(runTag, 'number'))).toEqual({
      type: 'tagged',
      tag: { type: 'tagged', tag: projectTag, value: runTag },
      value: 'number',
    });
  });
  it('three levels nest on the tag side', () => {
    const g = typedDict({ groupKey: 'string' });
    const t = taggedValue(g, taggedValue(projectTag, taggedValue(runTag, 'number')));
    expect(t).toEqual({
      type: 'tagged',
      tag: { type: 'tagged', tag: { type: 'tagged', tag: g, value: projectTag }, value: runTag },
      value: 'number',
    });
    expect(typesAreEqual(t, taggedValue(taggedValue(g, projectTag), taggedValue(runTag, 'number')))).toBe(true);
  });
});
