/**
 * The wire form: Weave Type JSON.
 *
 * `toWeaveTypeJson` produces plain JSON data (fresh objects, no `undefined` fields) ready for
 * `JSON.stringify`. `fromWeaveTypeJson` validates untrusted input and rebuilds the type exactly
 * as written — no normalisation (union member order, nested unions and tag placement are kept),
 * so `fromWeaveTypeJson(toWeaveTypeJson(t))` is structurally equal to `t`. Errors are
 * `TypeJsonError`s that name the JSON path of the problem, e.g.
 * `$.objectType.propertyTypes.x: unknown type "numbr"`.
 *
 * Name maps (`propertyTypes`, `inputTypes`, `columnTypes`, image layers) are rebuilt as
 * null-prototype objects with `defineProperty`, so keys such as `__proto__` and `constructor`
 * are ordinary keys and cannot touch `Object.prototype`. Fields whose names start with `_`
 * (Weave Python metadata such as `_base_type`) are ignored; any other unexpected field is an
 * error. Nesting deeper than `MAX_TYPE_DEPTH` is rejected.
 */
import { isComplexType } from './guards.js';
import {
  isComplexTypeKind,
  isSimpleTypeName,
  LIST_KINDS,
  PLAIN_MEDIA_KINDS,
  TABLE_KINDS,
  type ComplexTypeKind,
  type MediaType,
  type PropertyTypes,
  type Type,
} from './model.js';
import { emptyProps, setProp } from './props.js';

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A type in its wire form: a simple type name, or an object with a `type` field. */
export type WeaveTypeJson = string | { readonly type: string; readonly [key: string]: JsonValue };

/** Maximum nesting depth accepted by `fromWeaveTypeJson`. */
export const MAX_TYPE_DEPTH = 256;

/** A malformed Weave Type JSON value; `path` is a JSONPath-like location (`$.members[1]`). */
export class TypeJsonError extends Error {
  readonly path: string;
  readonly detail: string;
  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.name = 'TypeJsonError';
    this.path = path;
    this.detail = detail;
  }
}

// ---------------------------------------------------------------------------------------------
// Type → JSON

function jsonMap<T>(m: { readonly [key: string]: T }, fn: (v: T) => JsonValue): { [key: string]: JsonValue } {
  const out = emptyProps<JsonValue>();
  for (const k of Object.keys(m)) setProp(out, k, fn(m[k] as T));
  return out;
}

function jsonData(v: unknown): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(jsonData);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const out = emptyProps<JsonValue>();
    for (const k of Object.keys(o)) if (o[k] !== undefined) setProp(out, k, jsonData(o[k]));
    return out;
  }
  return null;
}

/** The Weave Type JSON of `t`: fresh plain data, optional fields only when present. */
export function toWeaveTypeJson(t: Type): WeaveTypeJson {
  if (!isComplexType(t)) return t;
  const out: { [key: string]: JsonValue } = { type: t.type };
  switch (t.type) {
    case 'list':
    case 'ArrowWeaveList':
    case 'dataframeTable':
    case 'groupresult':
    case 'runs':
      out['objectType'] = toWeaveTypeJson(t.objectType);
      if (t.minLength != null) out['minLength'] = t.minLength;
      if (t.maxLength != null) out['maxLength'] = t.maxLength;
      break;
    case 'typedDict':
      out['propertyTypes'] = jsonMap(t.propertyTypes, toWeaveTypeJson);
      if (t.notRequiredKeys != null) out['notRequiredKeys'] = [...t.notRequiredKeys];
      break;
    case 'dict':
      out['objectType'] = toWeaveTypeJson(t.objectType);
      break;
    case 'union':
      out['members'] = t.members.map(toWeaveTypeJson);
      break;
    case 'tagged':
      out['tag'] = toWeaveTypeJson(t.tag);
      out['value'] = toWeaveTypeJson(t.value);
      break;
    case 'function':
      out['inputTypes'] = jsonMap(t.inputTypes, toWeaveTypeJson);
      out['outputType'] = toWeaveTypeJson(t.outputType);
      break;
    case 'file':
      if (t.extension != null) out['extension'] = t.extension;
      if (t.wbObjectType != null) out['wbObjectType'] = toWeaveTypeJson(t.wbObjectType);
      break;
    case 'timestamp':
      if (t.unit != null) out['unit'] = t.unit;
      break;
    case 'const':
      out['valType'] = toWeaveTypeJson(t.valType);
      out['val'] = jsonData(t.val);
      break;
    case 'ndarray':
      if (t.serializationPath != null) out['serializationPath'] = { key: t.serializationPath.key, path: t.serializationPath.path };
      out['shape'] = [...t.shape];
      break;
    case 'table':
    case 'joined-table':
    case 'partitioned-table':
    case 'incremental-table':
      out['columnTypes'] = jsonMap(t.columnTypes, toWeaveTypeJson);
      break;
    case 'image-file':
      if (t.boxLayers != null) out['boxLayers'] = jsonData(t.boxLayers);
      if (t.boxScoreKeys != null) out['boxScoreKeys'] = [...t.boxScoreKeys];
      if (t.maskLayers != null) out['maskLayers'] = jsonData(t.maskLayers);
      if (t.classMap != null) out['classMap'] = jsonData(t.classMap);
      break;
    default:
      break;
  }
  return out as WeaveTypeJson;
}

/** `JSON.stringify(toWeaveTypeJson(t))`. */
export function typeToJsonString(t: Type): string {
  return JSON.stringify(toWeaveTypeJson(t));
}

// ---------------------------------------------------------------------------------------------
// JSON → Type

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function child(path: string, key: string): string {
  return IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Own field `k` of `o` (never an inherited one). */
function field(o: Obj, k: string): unknown {
  return hasOwn(o, k) ? o[k] : undefined;
}

/** The fields allowed per kind (besides `type` and `_`-prefixed metadata). */
const FIELDS: Record<ComplexTypeKind, readonly string[]> = (() => {
  const f: Partial<Record<ComplexTypeKind, readonly string[]>> = {
    typedDict: ['propertyTypes', 'notRequiredKeys'],
    dict: ['objectType'],
    union: ['members'],
    tagged: ['tag', 'value'],
    function: ['inputTypes', 'outputType'],
    file: ['extension', 'wbObjectType'],
    dir: [],
    localdir: [],
    timestamp: ['unit'],
    const: ['valType', 'val'],
    ndarray: ['shape', 'serializationPath'],
    'image-file': ['boxLayers', 'boxScoreKeys', 'maskLayers', 'classMap'],
  };
  for (const k of LIST_KINDS) f[k] = ['objectType', 'minLength', 'maxLength'];
  for (const k of TABLE_KINDS) f[k] = ['columnTypes'];
  for (const k of PLAIN_MEDIA_KINDS) f[k] = [];
  return f as Record<ComplexTypeKind, readonly string[]>;
})();

class Reader {
  constructor(private readonly depthLimit: number) {}

  type(v: unknown, path: string, depth: number): Type {
    if (depth > this.depthLimit) throw new TypeJsonError(path, `type nested more than ${this.depthLimit} levels deep`);
    if (typeof v === 'string') {
      if (isSimpleTypeName(v)) return v;
      if (isComplexTypeKind(v)) throw new TypeJsonError(path, `type "${v}" must be written as an object {"type": "${v}", …}`);
      throw new TypeJsonError(path, `unknown type ${JSON.stringify(v)}`);
    }
    if (!isObj(v)) throw new TypeJsonError(path, `expected a type (a string or an object with a "type" field), got ${describe(v)}`);
    const kind = field(v, 'type');
    if (kind === undefined) throw new TypeJsonError(path, 'missing "type" field');
    if (typeof kind !== 'string') throw new TypeJsonError(child(path, 'type'), `expected a string, got ${describe(kind)}`);
    if (!isComplexTypeKind(kind)) {
      if (isSimpleTypeName(kind)) {
        throw new TypeJsonError(path, `simple type "${kind}" must be written as the string ${JSON.stringify(kind)}`);
      }
      throw new TypeJsonError(path, `unknown type ${JSON.stringify(kind)}`);
    }
    const allowed = FIELDS[kind];
    for (const k of Object.keys(v)) {
      if (k === 'type' || k.startsWith('_') || allowed.includes(k)) continue;
      throw new TypeJsonError(child(path, k), `unexpected field ${JSON.stringify(k)} in a "${kind}" type`);
    }
    const sub = (k: string) => this.type(this.required(v, k, path), child(path, k), depth + 1);
    switch (kind) {
      case 'list':
      case 'ArrowWeaveList':
      case 'dataframeTable':
      case 'groupresult':
      case 'runs': {
        const out: { type: typeof kind; objectType: Type; minLength?: number; maxLength?: number } = {
          type: kind,
          objectType: sub('objectType'),
        };
        const min = this.length(v, 'minLength', path);
        const max = this.length(v, 'maxLength', path);
        if (min !== undefined) out.minLength = min;
        if (max !== undefined) out.maxLength = max;
        return Object.freeze(out);
      }
      case 'typedDict': {
        const out: { type: 'typedDict'; propertyTypes: PropertyTypes; notRequiredKeys?: readonly string[] } = {
          type: 'typedDict',
          propertyTypes: this.typeMap(v, 'propertyTypes', path, depth, true),
        };
        const nrk = field(v, 'notRequiredKeys');
        if (nrk != null) out.notRequiredKeys = Object.freeze(this.strings(nrk, child(path, 'notRequiredKeys')));
        return Object.freeze(out);
      }
      case 'dict':
        return Object.freeze({ type: 'dict', objectType: sub('objectType') });
      case 'union': {
        const members = this.required(v, 'members', path);
        const mp = child(path, 'members');
        if (!Array.isArray(members)) throw new TypeJsonError(mp, `expected an array of types, got ${describe(members)}`);
        return Object.freeze({
          type: 'union',
          members: Object.freeze(members.map((m, i) => this.type(m, `${mp}[${i}]`, depth + 1))),
        });
      }
      case 'tagged':
        return Object.freeze({ type: 'tagged', tag: sub('tag'), value: sub('value') });
      case 'function':
        return Object.freeze({
          type: 'function',
          inputTypes: this.typeMap(v, 'inputTypes', path, depth, true),
          outputType: sub('outputType'),
        });
      case 'file': {
        const out: { type: 'file'; extension?: string; wbObjectType?: MediaType | 'none' } = { type: 'file' };
        const ext = field(v, 'extension');
        if (ext != null) {
          if (typeof ext !== 'string') throw new TypeJsonError(child(path, 'extension'), `expected a string, got ${describe(ext)}`);
          out.extension = ext;
        }
        const wb = field(v, 'wbObjectType');
        if (wb != null) {
          const wp = child(path, 'wbObjectType');
          const t = this.type(wb, wp, depth + 1);
          if (t !== 'none' && !(isComplexType(t) && isMediaKind(t.type))) {
            throw new TypeJsonError(wp, `expected a media type or "none", got ${describe(wb)}`);
          }
          out.wbObjectType = t as MediaType | 'none';
        }
        return Object.freeze(out);
      }
      case 'dir':
      case 'localdir':
        return Object.freeze({ type: kind });
      case 'timestamp': {
        const unit = field(v, 'unit');
        if (unit == null) return Object.freeze({ type: 'timestamp' });
        if (unit !== 'ms') throw new TypeJsonError(child(path, 'unit'), `expected "ms", got ${describe(unit)}`);
        return Object.freeze({ type: 'timestamp', unit: 'ms' });
      }
      case 'const': {
        const valType = sub('valType');
        if (!hasOwn(v, 'val')) throw new TypeJsonError(path, 'missing "val" field');
        return Object.freeze({ type: 'const', valType, val: this.data(field(v, 'val'), child(path, 'val'), depth + 1) });
      }
      case 'ndarray': {
        const shape = this.required(v, 'shape', path);
        const sp = child(path, 'shape');
        if (!Array.isArray(shape) || !shape.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
          throw new TypeJsonError(sp, `expected an array of non-negative integers, got ${describe(shape)}`);
        }
        const out: { type: 'ndarray'; shape: readonly number[]; serializationPath?: { key: string; path: string } } = {
          type: 'ndarray',
          shape: Object.freeze([...(shape as number[])]),
        };
        const ser = field(v, 'serializationPath');
        if (ser != null) {
          const serPath = child(path, 'serializationPath');
          const key = isObj(ser) ? field(ser, 'key') : undefined;
          const p = isObj(ser) ? field(ser, 'path') : undefined;
          if (typeof key !== 'string' || typeof p !== 'string') {
            throw new TypeJsonError(serPath, 'expected {"key": string, "path": string}');
          }
          out.serializationPath = Object.freeze({ key, path: p });
        }
        return Object.freeze(out);
      }
      case 'table':
      case 'joined-table':
      case 'partitioned-table':
      case 'incremental-table':
        return Object.freeze({ type: kind, columnTypes: this.typeMap(v, 'columnTypes', path, depth, false) });
      case 'image-file': {
        const out: {
          type: 'image-file';
          boxLayers?: { [k: string]: readonly string[] };
          boxScoreKeys?: readonly string[];
          maskLayers?: { [k: string]: readonly string[] };
          classMap?: { [k: string]: string };
        } = { type: 'image-file' };
        const bl = field(v, 'boxLayers');
        if (bl != null) out.boxLayers = this.stringListMap(bl, child(path, 'boxLayers'));
        const bsk = field(v, 'boxScoreKeys');
        if (bsk != null) out.boxScoreKeys = Object.freeze(this.strings(bsk, child(path, 'boxScoreKeys')));
        const ml = field(v, 'maskLayers');
        if (ml != null) out.maskLayers = this.stringListMap(ml, child(path, 'maskLayers'));
        const cm = field(v, 'classMap');
        if (cm != null) out.classMap = this.stringMap(cm, child(path, 'classMap'));
        return Object.freeze(out);
      }
      default:
        // Plain media kinds.
        return Object.freeze({ type: kind } as Type);
    }
  }

  private required(v: Obj, k: string, path: string): unknown {
    if (!hasOwn(v, k) || v[k] === undefined) throw new TypeJsonError(path, `missing ${JSON.stringify(k)} field`);
    return v[k];
  }

  private length(v: Obj, k: string, path: string): number | undefined {
    const n = field(v, k);
    if (n == null) return undefined;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new TypeJsonError(child(path, k), `expected a non-negative integer, got ${describe(n)}`);
    }
    return n;
  }

  private typeMap(v: Obj, k: string, path: string, depth: number, required: boolean): PropertyTypes {
    const m = field(v, k);
    const mp = child(path, k);
    if (m === undefined && !required) return Object.freeze(emptyProps());
    if (m === undefined) throw new TypeJsonError(path, `missing ${JSON.stringify(k)} field`);
    if (!isObj(m)) throw new TypeJsonError(mp, `expected an object mapping names to types, got ${describe(m)}`);
    const out = emptyProps();
    for (const name of Object.keys(m)) setProp(out, name, this.type(m[name], child(mp, name), depth + 1));
    return Object.freeze(out);
  }

  private strings(v: unknown, path: string): string[] {
    if (!Array.isArray(v)) throw new TypeJsonError(path, `expected an array of strings, got ${describe(v)}`);
    v.forEach((s, i) => {
      if (typeof s !== 'string') throw new TypeJsonError(`${path}[${i}]`, `expected a string, got ${describe(s)}`);
    });
    return [...(v as string[])];
  }

  private stringListMap(v: unknown, path: string): { [k: string]: readonly string[] } {
    if (!isObj(v)) throw new TypeJsonError(path, `expected an object, got ${describe(v)}`);
    const out = emptyProps<readonly string[]>();
    for (const k of Object.keys(v)) setProp(out, k, Object.freeze(this.strings(v[k], child(path, k))));
    return Object.freeze(out);
  }

  private stringMap(v: unknown, path: string): { [k: string]: string } {
    if (!isObj(v)) throw new TypeJsonError(path, `expected an object, got ${describe(v)}`);
    const out = emptyProps<string>();
    for (const k of Object.keys(v)) {
      const s = v[k];
      if (typeof s !== 'string') throw new TypeJsonError(child(path, k), `expected a string, got ${describe(s)}`);
      setProp(out, k, s);
    }
    return Object.freeze(out);
  }

  /** A copy of arbitrary JSON data (const values), with safe maps. */
  private data(v: unknown, path: string, depth: number): JsonValue {
    if (depth > this.depthLimit) throw new TypeJsonError(path, `value nested more than ${this.depthLimit} levels deep`);
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (Array.isArray(v)) return Object.freeze(v.map((x, i) => this.data(x, `${path}[${i}]`, depth + 1)));
    if (isObj(v)) {
      const out = emptyProps<JsonValue>();
      for (const k of Object.keys(v)) setProp(out, k, this.data(v[k], child(path, k), depth + 1));
      return Object.freeze(out);
    }
    throw new TypeJsonError(path, `expected JSON data, got ${describe(v)}`);
  }
}

const MEDIA_KIND_SET: ReadonlySet<string> = new Set(['image-file', ...PLAIN_MEDIA_KINDS, ...TABLE_KINDS]);
function isMediaKind(k: string): boolean {
  return MEDIA_KIND_SET.has(k);
}

/**
 * Validate untrusted Weave Type JSON (already parsed) and return the type it describes.
 * Throws `TypeJsonError` naming the path of the first problem.
 */
export function fromWeaveTypeJson(json: unknown): Type {
  return new Reader(MAX_TYPE_DEPTH).type(json, '$', 0);
}

/** Parse a JSON text and validate it as a type (`TypeJsonError` at `$` for bad JSON syntax). */
export function parseWeaveTypeJson(text: string): Type {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TypeJsonError('$', `invalid JSON: ${(e as Error).message}`);
  }
  return fromWeaveTypeJson(json);
}
