import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TypeJsonError,
  fromWeaveTypeJson,
  list,
  parseWeaveTypeJson,
  toWeaveTypeJson,
  typeToJsonString,
  typedDict,
  typesAreEqual,
  type Type,
} from '../../src/types/index.js';
import { typeArb } from './arbitrary.js';

function expectJsonError(json: unknown, message: string): void {
  let err: unknown;
  try {
    fromWeaveTypeJson(json);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(TypeJsonError);
  expect((err as Error).message).toBe(message);
}

describe('Weave Type JSON round trip', () => {
  it('fromWeaveTypeJson(toWeaveTypeJson(t)) equals t (property)', () => {
    fc.assert(
      fc.property(typeArb, (t) => {
        const back = fromWeaveTypeJson(toWeaveTypeJson(t));
        expect(back).toEqual(t);
        expect(typesAreEqual(back, t)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('survives JSON.stringify / JSON.parse (property)', () => {
    fc.assert(
      fc.property(typeArb, (t) => {
        const text = typeToJsonString(t);
        const back = parseWeaveTypeJson(text);
        expect(typeToJsonString(back)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('every type in reference-types-print.jsonl parses and round-trips', () => {
    const lines = readFileSync('/work/shared/conformance/reference-types-print.jsonl', 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(400);
    for (const line of lines) {
      const rec = JSON.parse(line) as { id: string; type: unknown };
      const t = fromWeaveTypeJson(rec.type);
      expect(toWeaveTypeJson(t), rec.id).toEqual(rec.type);
      expect(JSON.stringify(toWeaveTypeJson(t)), rec.id).toBe(JSON.stringify(rec.type));
    }
  });

  it('keeps unions and tags exactly as written (no normalisation)', () => {
    const json = {
      type: 'union',
      members: ['number', { type: 'union', members: ['number'] }, { type: 'tagged', tag: 'run', value: { type: 'tagged', tag: 'project', value: 'string' } }],
    };
    expect(toWeaveTypeJson(fromWeaveTypeJson(json))).toEqual(json);
  });

  it('__proto__ and constructor property names round-trip without prototype pollution', () => {
    const text = '{"type":"typedDict","propertyTypes":{"__proto__":"number","constructor":{"type":"typedDict","propertyTypes":{"__proto__":"string"}}}}';
    const t = parseWeaveTypeJson(text);
    expect(Object.keys((t as { propertyTypes: object }).propertyTypes)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(toWeaveTypeJson(t))).toBe(text);
    expect(({} as Record<string, unknown>)['propertyTypes']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('string');
    const built = typedDict(JSON.parse('{"__proto__": "number"}') as Record<string, Type>);
    expect(typesAreEqual(fromWeaveTypeJson(toWeaveTypeJson(built)), built)).toBe(true);
    expect(JSON.stringify(toWeaveTypeJson(built))).toBe('{"type":"typedDict","propertyTypes":{"__proto__":"number"}}');
  });

  it('ignores _-prefixed metadata fields', () => {
    expect(fromWeaveTypeJson({ type: 'list', objectType: 'number', _base_type: { type: 'Object' } })).toEqual(list('number'));
  });

  it('null optional fields count as absent', () => {
    expect(fromWeaveTypeJson({ type: 'list', objectType: 'number', minLength: null, maxLength: null })).toEqual(list('number'));
  });
});

describe('malformed Weave Type JSON → TypeJsonError with a path', () => {
  const cases: [string, unknown, string][] = [
    ['unknown simple name', 'numbr', '$: unknown type "numbr"'],
    [
      'nested unknown name',
      { type: 'list', objectType: { type: 'typedDict', propertyTypes: { x: 'numbr' } } },
      '$.objectType.propertyTypes.x: unknown type "numbr"',
    ],
    ['odd key is bracketed', { type: 'typedDict', propertyTypes: { 'a b': 3 } }, '$.propertyTypes["a b"]: expected a type (a string or an object with a "type" field), got number 3'],
    ['null', null, '$: expected a type (a string or an object with a "type" field), got null'],
    ['array', ['number'], '$: expected a type (a string or an object with a "type" field), got an array'],
    ['missing type', { objectType: 'number' }, '$: missing "type" field'],
    ['type not a string', { type: 3 }, '$.type: expected a string, got number 3'],
    ['unknown complex kind', { type: 'lisst', objectType: 'number' }, '$: unknown type "lisst"'],
    ['simple name as object', { type: 'number' }, '$: simple type "number" must be written as the string "number"'],
    ['complex kind as string', 'timestamp', '$: type "timestamp" must be written as an object {"type": "timestamp", …}'],
    ['list without objectType', { type: 'list' }, '$: missing "objectType" field'],
    ['bad minLength', { type: 'list', objectType: 'number', minLength: -1 }, '$.minLength: expected a non-negative integer, got number -1'],
    ['fractional maxLength', { type: 'list', objectType: 'number', maxLength: 1.5 }, '$.maxLength: expected a non-negative integer, got number 1.5'],
    ['unexpected field', { type: 'dict', objectType: 'number', extra: 1 }, '$.extra: unexpected field "extra" in a "dict" type'],
    ['members not an array', { type: 'union', members: 'number' }, '$.members: expected an array of types, got the string "number"'],
    ['bad union member', { type: 'union', members: ['number', 'strin'] }, '$.members[1]: unknown type "strin"'],
    ['tagged missing value', { type: 'tagged', tag: 'run' }, '$: missing "value" field'],
    ['bad tag', { type: 'tagged', tag: { type: 'x' }, value: 'number' }, '$.tag: unknown type "x"'],
    ['function inputs', { type: 'function', inputTypes: [], outputType: 'number' }, '$.inputTypes: expected an object mapping names to types, got an array'],
    ['function bad input', { type: 'function', inputTypes: { row: 'rnu' }, outputType: 'number' }, '$.inputTypes.row: unknown type "rnu"'],
    ['typedDict missing propertyTypes', { type: 'typedDict' }, '$: missing "propertyTypes" field'],
    ['notRequiredKeys not strings', { type: 'typedDict', propertyTypes: {}, notRequiredKeys: [1] }, '$.notRequiredKeys[0]: expected a string, got number 1'],
    ['file extension', { type: 'file', extension: 3 }, '$.extension: expected a string, got number 3'],
    ['file wbObjectType not media', { type: 'file', wbObjectType: 'number' }, '$.wbObjectType: expected a media type or "none", got the string "number"'],
    ['timestamp unit', { type: 'timestamp', unit: 's' }, '$.unit: expected "ms", got the string "s"'],
    ['const without val', { type: 'const', valType: 'number' }, '$: missing "val" field'],
    ['ndarray shape', { type: 'ndarray', shape: [1, 'a'] }, '$.shape: expected an array of non-negative integers, got an array'],
    ['table columns', { type: 'table', columnTypes: { a: 'nmber' } }, '$.columnTypes.a: unknown type "nmber"'],
    ['image classMap', { type: 'image-file', classMap: { '1': 2 } }, '$.classMap["1"]: expected a string, got number 2'],
    ['__proto__ key with bad type', JSON.parse('{"type":"typedDict","propertyTypes":{"__proto__":"nope"}}'), '$.propertyTypes.__proto__: unknown type "nope"'],
    ['inherited fields are not read', Object.assign(Object.create({ objectType: 'number' }), { type: 'list' }), '$: missing "objectType" field'],
  ];
  it.each(cases)('%s', (_name, json, message) => {
    expectJsonError(json, message);
  });

  it('rejects absurd nesting', () => {
    let json: unknown = 'number';
    for (let i = 0; i < 1000; i++) json = { type: 'list', objectType: json };
    expect(() => fromWeaveTypeJson(json)).toThrow(TypeJsonError);
    expect(() => fromWeaveTypeJson(json)).toThrow(/nested more than 256 levels/);
  });

  it('bad JSON text', () => {
    expect(() => parseWeaveTypeJson('{"type":')).toThrow(TypeJsonError);
    expect(() => parseWeaveTypeJson('{"type":')).toThrow(/^\$: invalid JSON/);
  });

  it('TypeJsonError carries path and detail', () => {
    try {
      fromWeaveTypeJson({ type: 'dict', objectType: 'x' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TypeJsonError);
      expect((e as TypeJsonError).path).toBe('$.objectType');
      expect((e as TypeJsonError).detail).toBe('unknown type "x"');
      expect((e as TypeJsonError).name).toBe('TypeJsonError');
    }
  });
});
