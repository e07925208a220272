import { describe, expect, it } from 'vitest';
import {
  artifactRefAssetPath,
  fileType,
  filePathToType,
  list,
  maybe,
  typeOfValue,
  typedDict,
  union,
  type Type,
} from '../../src/types/index.js';

describe('typeOfValue (jsValToCGType)', () => {
  const cases: [string, unknown, Type][] = [
    ['null', null, 'none'],
    ['undefined', undefined, 'none'],
    ['string', 'abc', 'string'],
    ['number', 1.5, 'number'],
    ['NaN', NaN, 'number'],
    ['Infinity', Infinity, 'number'],
    ['boolean', false, 'boolean'],
    ['empty array → List<invalid>, no bounds', [], list('invalid')],
    ['numbers', [1, 2, 3], list('number')],
    ['numbers and null', [1, null], list(union(['number', 'none']))],
    ['null first keeps order', [null, 1], list(maybe('number'))],
    ['mixed', [1, 'a', true], list(union(['number', 'string', 'boolean']))],
    ['nested', [[1], []], list(union([list('number'), list('invalid')]))],
    ['object', { a: 1, b: 'x' }, typedDict({ a: 'number', b: 'string' })],
    ['empty object', {}, typedDict({})],
    ['nested object', { a: { b: [1] } }, typedDict({ a: typedDict({ b: list('number') }) })],
    ['list of objects merges by mutual assignability only', [{ a: 1 }, { a: 2 }], list(typedDict({ a: 'number' }))],
    ['list of different objects', [{ a: 1 }, { b: 2 }], list(union([typedDict({ a: 'number' }), typedDict({ b: 'number' })]))],
    [
      'table-file ref with path',
      { _type: 'table-file', path: 'media/tables/t_1_abc.table.json', sha256: 'x' },
      fileType('json', { type: 'table', columnTypes: {} }),
    ],
    [
      'partitioned-table ref',
      { _type: 'partitioned-table', path: 'parts/x.partitioned-table.json' },
      fileType('json', { type: 'partitioned-table', columnTypes: {} }),
    ],
    [
      'joined-table ref with artifact_path',
      { _type: 'joined-table', artifact_path: 'wandb-client-artifact://abc123/j.joined-table.json', path: 'ignored.png' },
      fileType('json', { type: 'joined-table', columnTypes: {} }),
    ],
    ['trace tree', { _type: 'wb_trace_tree', root_span_dumps: '{}' }, { type: 'wb_trace_tree' }],
    ['other _type objects are typedDicts', { _type: 'image-file', path: 'a.png' }, typedDict({ _type: 'string', path: 'string' })],
    ['Date → date', new Date(0), 'date'],
    ['function → unknown', () => 1, 'unknown'],
    ['bigint → unknown', 10n, 'unknown'],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(typeOfValue(value)).toEqual(expected);
  });

  it('object keys such as __proto__ are ordinary properties', () => {
    const v = JSON.parse('{"__proto__": 1, "constructor": "x"}') as unknown;
    const t = typeOfValue(v) as { type: 'typedDict'; propertyTypes: Record<string, Type> };
    expect(Object.keys(t.propertyTypes)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(t.propertyTypes, '__proto__')?.value).toBe('number');
    expect(t.propertyTypes['constructor']).toBe('string');
  });
});

describe('filePathToType', () => {
  const cases: [string, Type][] = [
    ['a/b/c.png', fileType('png')],
    ['model.h5', fileType('h5')],
    ['data.json', fileType('json')],
    ['x.table.json', fileType('json', { type: 'table', columnTypes: {} })],
    ['media/images/x.image-file.json', fileType('json', { type: 'image-file' })],
    ['x.video-file.json', fileType('json', { type: 'video-file' })],
    ['x.audio-file.json', fileType('json', { type: 'audio-file' })],
    ['x.html-file.json', fileType('json', { type: 'html-file' })],
    ['x.bokeh-file.json', fileType('json', { type: 'bokeh-file' })],
    ['x.object3D-file.json', fileType('json', { type: 'object3D-file' })],
    ['x.molecule-file.json', fileType('json', { type: 'molecule-file' })],
    ['x.pytorch-model-file.json', fileType('json', { type: 'pytorch-model-file' })],
    ['x.joined-table.json', fileType('json', { type: 'joined-table', columnTypes: {} })],
    ['x.partitioned-table.json', fileType('json', { type: 'partitioned-table', columnTypes: {} })],
    ['x.unknown-kind.json', fileType('json')],
    ['table.json (only two components)', fileType('json')],
    ['profile.trace', fileType('trace')],
    ['profile.trace.json', fileType('trace.json')],
    ['profile.trace.json.gz', fileType('trace.json')],
    ['profile.trace.zip', fileType('trace')],
    ['README', fileType('')],
    ['dir.v2/README', fileType('')],
  ];
  it.each(cases)('%s', (path, expected) => {
    expect(filePathToType(path.replace(/ \(.*\)$/, ''))).toEqual(expected);
  });

  it('artifact references', () => {
    expect(artifactRefAssetPath('wandb-artifact://abc/a/b.table.json')).toBe('a/b.table.json');
    expect(artifactRefAssetPath('wandb-client-artifact:/abc/x.png')).toBe('x.png');
    expect(artifactRefAssetPath('https://x/y')).toBeUndefined();
    expect(artifactRefAssetPath('wandb-artifact://abc')).toBeUndefined();
  });
});
