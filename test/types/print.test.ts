import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constType,
  dict,
  fileType,
  functionType,
  list,
  maybe,
  rawUnion,
  taggedValue,
  timestamp,
  typeToString,
  typedDict,
  union,
  type Type,
} from '../../src/types/index.js';
import { typeArb } from './arbitrary.js';

const runTag = typedDict({ run: 'run' });

const cases: [Type, string, string?][] = [
  // [type, simple form, full form (if different)]
  ['number', 'Number'],
  ['string', 'String'],
  ['boolean', 'Boolean'],
  ['none', 'None'],
  ['date', 'Date'],
  ['run', 'Run'],
  ['artifactVersion', 'ArtifactVersion'],
  ['runQueue', 'RunQueue'],
  ['invalid', 'Invalid'],
  ['any', 'Any'],
  ['id', 'Id'],
  ['sqlconnection', 'SQLConnection'],
  [timestamp(), 'Timestamp'],
  [list('number'), 'List<Number>'],
  [list('number', 3, 3), 'List<Number>', 'List<Number; length 3>'],
  [list('number', 1, 5), 'List<Number>', 'List<Number; length 1..5>'],
  [list('number', 1), 'List<Number>', 'List<Number; length ≥ 1>'],
  [list('number', undefined, 10), 'List<Number>', 'List<Number; length ≤ 10>'],
  [list(list('string')), 'List<List<String>>'],
  [maybe('string'), 'Maybe<String>'],
  [maybe(list('number')), 'Maybe<List<Number>>'],
  [union(['number', 'string']), 'Number | String'],
  [maybe(union(['number', 'string'])), 'Maybe<Number | String>'],
  [rawUnion(['number', 'none']), 'Maybe<Number>'],
  [rawUnion(['none']), 'None'],
  [rawUnion([]), 'Invalid'],
  [taggedValue(runTag, 'number'), 'Number', 'Tagged<{run: Run}, Number>'],
  [list(taggedValue(runTag, maybe('number'))), 'List<Maybe<Number>>', 'List<Tagged<{run: Run}, Maybe<Number>>>'],
  [
    union([taggedValue(runTag, 'number'), taggedValue(typedDict({ project: 'project' }), 'number')]),
    'Number',
    'Tagged<{run: Run}, Number> | Tagged<{project: Project}, Number>',
  ],
  [union([taggedValue(runTag, 'none'), 'number']), 'Maybe<Number>', 'Number | Tagged<{run: Run}, None>'],
  [typedDict({ a: 'number', b: 'string' }), '{a: Number, b: String}'],
  [typedDict({}), '{}'],
  [typedDict({ 'loss/val': 'number', a: maybe('number') }, ['a']), '{"loss/val": Number, a?: Maybe<Number>}'],
  [dict('number'), 'Dict<Number>'],
  [functionType({ row: 'run' }, 'number'), 'Function<(row: Run) => Number>'],
  [functionType({ row: 'number', index: 'number' }, 'boolean'), 'Function<(row: Number, index: Number) => Boolean>'],
  [functionType({}, 'number'), 'Function<() => Number>'],
  [fileType('png'), 'File<.png>'],
  [fileType(), 'File'],
  [fileType('json', { type: 'table', columnTypes: {} }), 'File<.json, Table>'],
  [fileType(undefined, { type: 'image-file' }), 'File<Image>'],
  [{ type: 'image-file' }, 'Image'],
  [{ type: 'wb_trace_tree' }, 'TraceTree'],
  [{ type: 'pytorch-model-file' }, 'PytorchModel'],
  [{ type: 'joined-table', columnTypes: {} }, 'JoinedTable'],
  [{ type: 'table', columnTypes: { a: 'number' } }, 'Table<{a: Number}>'],
  [{ type: 'dir' }, 'Dir'],
  [{ type: 'ndarray', shape: [2, 3] }, 'NDArray<2×3>'],
  [{ type: 'ArrowWeaveList', objectType: 'number' }, 'ArrowWeaveList<Number>'],
  [constType('number', 3), 'Number', 'Const<Number, 3>'],
  [constType('string', 'abc'), 'String', 'Const<String, "abc">'],
];

describe('typeToString', () => {
  it.each(cases)('%j', (t, simpleForm, fullForm) => {
    expect(typeToString(t)).toBe(simpleForm);
    expect(typeToString(t, true)).toBe(simpleForm);
    expect(typeToString(t, false)).toBe(fullForm ?? simpleForm);
  });

  it('never throws and never prints "undefined" or "[object" (property)', () => {
    fc.assert(
      fc.property(typeArb, fc.boolean(), (t, simple) => {
        const s = typeToString(t, simple);
        expect(s).not.toMatch(/undefined|\[object/);
        expect(s.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
