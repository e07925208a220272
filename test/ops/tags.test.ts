/** Tag ops: `.tag` and the getters of the list ops' tags (`groupkey`, `joinObj`, `indexCheckpoint`). */
import { describe, expect, it } from 'vitest';
import { varNode } from '../../src/graph/node.js';
import { standardRegistry } from '../../src/ops/index.js';
import { stripTags, Tagged } from '../../src/ops/values.js';
import { list, maybe, taggedValue, typedDict, typesAreEqual, type Type } from '../../src/types/index.js';

const reg = standardRegistry();
const val = (op: string, inputs: Record<string, unknown>) => stripTags(reg.get(op).resolve(inputs, { inputTypes: {}, data: null }));
const typeOf = (op: string, arg: string, t: Type) => reg.get(op).outputType({ [arg]: varNode(t, arg) });
const expectType = (actual: Type, expected: Type) => {
  if (!typesAreEqual(actual, expected)) expect(actual).toEqual(expected);
};

const group = (key: unknown, rows: unknown[]) => new Tagged({ groupKey: key }, rows);

describe('get-tag', () => {
  it.each([
    [new Tagged({ a: 1 }, 5), { a: 1 }],
    [5, null],
    [null, null],
    [[new Tagged({ a: 1 }, 5), null, 6], [{ a: 1 }, null, null]],
  ])('%j.tag → %j', (value, expected) => {
    expect(val('get-tag', { value })).toEqual(expected);
  });

  it('types: the tag type (mapped over a list)', () => {
    const tag = typedDict({ a: 'number' });
    expectType(typeOf('get-tag', 'value', taggedValue(tag, 'string')), tag);
    expectType(typeOf('get-tag', 'value', list(taggedValue(tag, 'string'))), list(tag));
    expect(() => typeOf('get-tag', 'value', 'number')).toThrow();
  });
});

describe('group-groupkey', () => {
  it.each([
    [group('k', [1]), 'k'],
    [group(null, [1]), null],
    [[group(1, []), group(2, [])], [1, 2]],
    [null, null],
    [5, null],
  ])('%j.groupkey → %j', (obj, expected) => {
    expect(val('group-groupkey', { obj })).toEqual(expected);
  });

  it('falls back from the elements to the list tag', () => {
    expect(val('group-groupkey', { obj: new Tagged({ groupKey: 'g' }, [1, 2]) })).toBe('g');
  });

  it('finds the key under later tags (a value computed from a group)', () => {
    const computed = new Tagged({ other: 1 }, 3);
    const fromGroup = new Tagged(new Tagged({ groupKey: 'g' }, { other: 1 }), 3);
    expect(val('group-groupkey', { obj: computed })).toBeNull();
    expect(val('group-groupkey', { obj: fromGroup })).toBe('g');
  });

  it('types', () => {
    const g = taggedValue(typedDict({ groupKey: 'string' }), list('number'));
    expectType(typeOf('group-groupkey', 'obj', g), 'string');
    expectType(typeOf('group-groupkey', 'obj', list(g)), list('string'));
    expectType(typeOf('group-groupkey', 'obj', maybe(g)), maybe('string'));
  });
});

describe('tag-joinObj', () => {
  it('reads the join object of a joinAll row; join rows have none', () => {
    expect(val('tag-joinObj', { obj: new Tagged({ joinKey: '1', joinObj: 1 }, {}) })).toBe(1);
    expect(val('tag-joinObj', { obj: new Tagged({ joinKey: '1' }, {}) })).toBeNull();
  });
});

describe('tag-indexCheckpoint', () => {
  it('reads positions', () => {
    expect(val('tag-indexCheckpoint', { obj: [new Tagged({ indexCheckpoint: 0 }, 'a'), new Tagged({ indexCheckpoint: 1 }, 'b')] })).toEqual([0, 1]);
  });
});
