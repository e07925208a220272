import { describe, expect, it } from 'vitest';
import {
  dict,
  fileType,
  functionType,
  isAssignableTo,
  list,
  maybe,
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
const image: Type = { type: 'image-file' };
const table: Type = { type: 'table', columnTypes: {} };

// [description, from, to, expected]
const cases: [string, Type, Type, boolean][] = [
  // any
  ['number → any', 'number', 'any', true],
  ['invalid → any', 'invalid', 'any', true],
  ['any → number', 'any', 'number', false],
  ['any → any', 'any', 'any', true],
  // simple
  ['number → number', 'number', 'number', true],
  ['number → string', 'number', 'string', false],
  ['invalid → invalid', 'invalid', 'invalid', true],
  ['none → none', 'none', 'none', true],
  ['int → number', 'int', 'number', true],
  ['float → number', 'float', 'number', true],
  ['number → int', 'number', 'int', true],
  ['number → float', 'number', 'float', true],
  ['int → float', 'int', 'float', true],
  ['float → int', 'float', 'int', false],
  ['run → project', 'run', 'project', false],
  // unions
  ['number → Maybe<number>', 'number', maybe('number'), true],
  ['none → Maybe<number>', 'none', maybe('number'), true],
  ['Maybe<number> → number', maybe('number'), 'number', false],
  ['Maybe<number> → Maybe<number>', maybe('number'), maybe('number'), true],
  ['number|string → string|number|boolean', union(['number', 'string']), union(['string', 'number', 'boolean']), true],
  ['number|string → number|boolean', union(['number', 'string']), union(['number', 'boolean']), false],
  ['empty union → any', { type: 'union', members: [] }, 'any', true],
  ['empty union → number', { type: 'union', members: [] }, 'number', false],
  ['empty union → empty union', { type: 'union', members: [] }, { type: 'union', members: [] }, false],
  // lists
  ['List<number> → List<Maybe<number>>', list('number'), list(maybe('number')), true],
  ['List<Maybe<number>> → List<Maybe<number>>', list(maybe('number')), list(maybe('number')), true],
  ['List<Maybe<number>> → List<number>', list(maybe('number')), list('number'), false],
  ['List<number> → number', list('number'), 'number', false],
  ['List<int> → List<number>', list('int'), list('number'), true],
  ['unbounded → maxLength 10', list('number'), list('number', undefined, 10), false],
  ['max 5 → max 10', list('number', 0, 5), list('number', undefined, 10), true],
  ['max 11 → max 10', list('number', 0, 11), list('number', undefined, 10), false],
  ['min 2 → min 1', list('number', 2), list('number', 1), true],
  ['no min → min 1', list('number'), list('number', 1), false],
  ['min 0 → min 0', list('number'), list('number', 0), true],
  ['bounded → unbounded', list('number', 3, 3), list('number'), true],
  ['ArrowWeaveList → list', { type: 'ArrowWeaveList', objectType: 'number' }, list('number'), true],
  ['list → ArrowWeaveList', list('number'), { type: 'ArrowWeaveList', objectType: 'number' }, false],
  // typedDict / dict
  ['{a,b} → {a}', typedDict({ a: 'number', b: 'string' }), typedDict({ a: 'number' }), true],
  ['{a} → {a,b}', typedDict({ a: 'number' }), typedDict({ a: 'number', b: 'string' }), false],
  ['{a:number} → {a:string}', typedDict({ a: 'number' }), typedDict({ a: 'string' }), false],
  ['{a} → {}', typedDict({ a: 'number' }), typedDict({}), true],
  ['{} → {}', typedDict({}), typedDict({}), true],
  ['{a:int} → {a:number}', typedDict({ a: 'int' }), typedDict({ a: 'number' }), true],
  ['{a} → {a, b?} (notRequiredKeys)', typedDict({ a: 'number' }), typedDict({ a: 'number', b: 'string' }, ['b']), true],
  ['{a, b:number} → {a, b?:string}', typedDict({ a: 'number', b: 'number' }), typedDict({ a: 'number', b: 'string' }, ['b']), false],
  ['{a,b numbers} → Dict<number>', typedDict({ a: 'number', b: 'number' }), dict('number'), true],
  ['{a number,b string} → Dict<number>', typedDict({ a: 'number', b: 'string' }), dict('number'), false],
  ['{} → Dict<number>', typedDict({}), dict('number'), true],
  ['Dict<number> → {a: number}', dict('number'), typedDict({ a: 'number' }), true],
  ['Dict<number> → {a: string}', dict('number'), typedDict({ a: 'string' }), false],
  ['Dict<number> → Dict<Maybe<number>>', dict('number'), dict(maybe('number')), true],
  ['Dict<number> → List<number>', dict('number'), list('number'), false],
  ['{constructor} → {}', typedDict({ x: 'number' }), typedDict({ constructor: 'any' as Type }), false],
  // tagged
  ['Tagged<run, number> → number', taggedValue(runTag, 'number'), 'number', true],
  ['number → Tagged<run, number>', 'number', taggedValue(runTag, 'number'), false],
  ['Tagged<run, number> → Tagged<run, any>', taggedValue(runTag, 'number'), taggedValue(runTag, 'any'), true],
  ['Tagged<run, number> → Tagged<project, any>', taggedValue(runTag, 'number'), taggedValue(projectTag, 'any'), false],
  [
    'Tagged<Tagged<project, run>, number> → Tagged<project, any> (tag chain)',
    taggedValue(projectTag, taggedValue(runTag, 'number')),
    taggedValue(projectTag, 'any'),
    true,
  ],
  [
    'Tagged<Tagged<project, run>, number> → Tagged<run, any>',
    taggedValue(projectTag, taggedValue(runTag, 'number')),
    taggedValue(runTag, 'any'),
    true,
  ],
  ['Tagged<run, number> → Tagged<run, string>', taggedValue(runTag, 'number'), taggedValue(runTag, 'string'), false],
  ['Tagged<run, number> → Maybe<number>', taggedValue(runTag, 'number'), maybe('number'), true],
  ['Tagged<run, List<number>> → List<number>', taggedValue(runTag, list('number')), list('number'), true],
  [
    'Tagged<{run, x}, number> → Tagged<{run}, any>',
    taggedValue(typedDict({ run: 'run', x: 'number' }), 'number'),
    taggedValue(runTag, 'any'),
    true,
  ],
  // functions
  ['Fn → number (output assigns)', functionType({ row: 'number' }, 'number'), 'number', true],
  ['Fn → string', functionType({ row: 'number' }, 'number'), 'string', false],
  ['Fn → Fn (outputs only)', functionType({ row: 'number' }, 'number'), functionType({ x: 'string' }, 'number'), true],
  ['Fn → Fn (outputs differ)', functionType({}, 'number'), functionType({}, 'string'), false],
  ['number → Fn', 'number', functionType({}, 'number'), false],
  ['Fn → any', functionType({}, 'number'), 'any', true],
  // files
  ['file md → file md', fileType('md'), fileType('md'), true],
  ['file md → file txt', fileType('md'), fileType('txt'), false],
  ['file md → file', fileType('md'), fileType(), true],
  ['file → file md', fileType(), fileType('md'), false],
  ['file image → file image', fileType(undefined, image), fileType(undefined, image), true],
  ['file image → file table', fileType(undefined, image), fileType(undefined, table), false],
  ['file md+image → file txt+table', fileType('md', image), fileType('txt', table), false],
  ['file → file wbObjectType none', fileType('json'), fileType(undefined, 'none'), true],
  ['file → file image', fileType('json'), fileType(undefined, image), false],
  // same-kind types
  ['table → table (columns ignored)', { type: 'table', columnTypes: { a: 'number' } }, { type: 'table', columnTypes: { b: 'string' } }, true],
  ['table → joined-table', table, { type: 'joined-table', columnTypes: {} }, false],
  ['partitioned → partitioned', { type: 'partitioned-table', columnTypes: {} }, { type: 'partitioned-table', columnTypes: {} }, true],
  ['image → image (attrs ignored)', { type: 'image-file', boxScoreKeys: ['a'] }, image, true],
  ['image → video', image, { type: 'video-file' }, false],
  ['timestamp → timestamp', timestamp(), { type: 'timestamp' }, true],
  ['timestamp → number', timestamp(), 'number', false],
  ['number → timestamp', 'number', timestamp(), false],
  ['date → timestamp', 'date', timestamp(), false],
  ['dir → dir', { type: 'dir' }, { type: 'dir' }, true],
  ['ndarray → ndarray', { type: 'ndarray', shape: [2] }, { type: 'ndarray', shape: [3] }, true],
  ['wb_trace_tree → wb_trace_tree', { type: 'wb_trace_tree' }, { type: 'wb_trace_tree' }, true],
  // const
  ['const 1 → number', constType('number', 1), 'number', true],
  ['const 1 → string', constType('number', 1), 'string', false],
  ['const 1 → const 1', constType('number', 1), constType('number', 1), true],
  ['const 1 → const 2', constType('number', 1), constType('number', 2), false],
  ['number → const 1', 'number', constType('number', 1), false],
];

describe('isAssignableTo', () => {
  it.each(cases)('%s', (_name, from, to, expected) => {
    expect(isAssignableTo(from, to)).toBe(expected);
  });

  it('tagged list unnesting keeps the run tag assignable (typeHelpers.test behaviour)', () => {
    let t: Type = taggedValue(runTag, list(taggedValue(projectTag, list(typedDict({ a: 'number' })))));
    expect(isAssignableTo(t, taggedValue(runTag, 'any'))).toBe(true);
    expect(isAssignableTo(t, taggedValue(projectTag, 'any'))).toBe(false);
  });
});

describe('typesAreEqual', () => {
  const eq: [string, Type, Type, boolean][] = [
    ['simple', 'number', 'number', true],
    ['simple differ', 'number', 'string', false],
    ['union member order ignored', union(['number', 'string']), union(['string', 'number']), true],
    ['union sizes differ', union(['number', 'string']), union(['number', 'string', 'boolean']), false],
    ['typedDict key order ignored', typedDict({ a: 'number', b: 'string' }), typedDict({ b: 'string', a: 'number' }), true],
    ['typedDict plain object vs constructed', { type: 'typedDict', propertyTypes: { a: 'number' } }, typedDict({ a: 'number' }), true],
    ['typedDict values differ', typedDict({ a: 'number' }), typedDict({ a: 'string' }), false],
    ['notRequiredKeys as set', typedDict({ a: 'number' }, ['a']), typedDict({ a: 'number' }, ['a']), true],
    ['notRequiredKeys [] = absent', typedDict({ a: 'number' }, []), typedDict({ a: 'number' }), true],
    ['list lengths', list('number', 1, 2), list('number', 1, 2), true],
    ['list lengths differ', list('number', 1, 2), list('number', 1), false],
    ['int vs number are different', 'int', 'number', false],
    ['timestamp unit matters', timestamp(), { type: 'timestamp' }, false],
    ['nested union in list', list(union(['number', 'none'])), list(union(['none', 'number'])), true],
    ['const vals', constType('number', 1), constType('number', 1), true],
    ['const vals differ', constType('number', 1), constType('number', 2), false],
    ['functions', functionType({ row: 'number' }, 'string'), functionType({ row: 'number' }, 'string'), true],
    ['function inputs differ', functionType({ row: 'number' }, 'string'), functionType({ x: 'number' }, 'string'), false],
    ['constructor key', typedDict({ constructor: 'number' as Type }), typedDict({ a: 'number' }), false],
  ];
  it.each(eq)('%s', (_n, a, b, expected) => {
    expect(typesAreEqual(a, b)).toBe(expected);
    expect(typesAreEqual(b, a)).toBe(expected);
  });
});
