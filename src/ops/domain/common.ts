/**
 * Helpers shared by the domain op families: documentation texts, declarations of ops that
 * read one field or follow one path, dates as the backend writes them, and W&B JSON values
 * (config unwrapping, `_wandb` removal, table references → files).
 */
import type { Type } from '../../types/index.js';
import type { OpDeclaration, OpKind, ResolverFn, ReturnTypeFn } from '../opdef.js';
import { isPlainObject } from '../values.js';
import { PENDING, wandbData, type WandbData } from './access.js';
import { readField, readPath, settle, type FieldReq, type GqlStep } from './gql.js';
import { DomainObject, FileValue } from './values.js';

export interface Docs {
  readonly description: string;
  readonly argDescriptions: Readonly<Record<string, string>>;
  readonly returnValueDescription: string;
}

export function docs(description: string, argDescriptions: Readonly<Record<string, string>>, returnValueDescription: string): Docs {
  return { description, argDescriptions, returnValueDescription };
}

interface FieldOpSpec {
  readonly name: string;
  readonly kind: OpKind;
  readonly arg: string;
  readonly argType: Type;
  /** The scalar field read (a string), or more fields with a custom reader. */
  readonly field: string;
  readonly returnType: Type | ReturnTypeFn;
  readonly docs?: Docs;
  readonly docPages?: readonly string[];
  readonly hidden?: boolean;
  /** Turns the raw field value into the op's value (default: the value, undefined → null). */
  readonly map?: (raw: unknown, obj: DomainObject, data: WandbData) => unknown;
  readonly extraFields?: readonly FieldReq[];
}

/** An op whose value is one field of its receiver object. */
export function fieldOp(spec: FieldOpSpec): OpDeclaration {
  const resolver: ResolverFn = (inputs, ctx) => {
    const obj = inputs[spec.arg];
    if (!(obj instanceof DomainObject)) return null;
    const data = wandbData(ctx);
    const raw = readField(obj, spec.field, data);
    if (raw === PENDING) return null;
    return spec.map ? spec.map(raw, obj, data) : (raw ?? null);
  };
  return {
    name: spec.name,
    kind: spec.kind,
    hidden: spec.hidden,
    argTypes: { [spec.arg]: spec.argType },
    returnType: spec.returnType,
    resolver,
    gql: { kind: 'fields', fields: [spec.field, ...(spec.extraFields ?? [])] },
    ...(spec.docs ?? {}),
    docPages: spec.docPages ?? [],
  };
}

interface PathOpSpec {
  readonly name: string;
  readonly kind: OpKind;
  /** Argument names and types; the first is the receiver (null receiver type: a root op). */
  readonly argTypes: Readonly<Record<string, Type>>;
  readonly steps: readonly GqlStep[];
  readonly returnType: Type | ReturnTypeFn;
  readonly docs?: Docs;
  readonly docPages?: readonly string[];
  readonly hidden?: boolean;
  readonly root?: boolean;
  readonly renderInfo?: OpDeclaration['renderInfo'];
  /** Called when the path ends in null (not while data is pending): notes a missing object. */
  readonly onMissing?: (inputs: Readonly<Record<string, unknown>>, data: WandbData) => void;
  /** Post-processing of the objects reached (e.g. find one by alias). */
  readonly map?: (value: unknown, inputs: Readonly<Record<string, unknown>>, data: WandbData) => unknown;
}

/** An op whose value is the object(s) at the end of a GraphQL path from its receiver (or from the root). */
export function pathOp(spec: PathOpSpec): OpDeclaration {
  const argNames = Object.keys(spec.argTypes);
  const resolver: ResolverFn = (inputs, ctx) => {
    const data = wandbData(ctx);
    let receiver: DomainObject | null = null;
    if (!spec.root) {
      const r = inputs[argNames[0]];
      if (!(r instanceof DomainObject)) return null;
      receiver = r;
    }
    const v = readPath(receiver, spec.steps, inputs, data);
    if (v === PENDING) return null;
    if (v == null && spec.onMissing) spec.onMissing(inputs, data);
    return spec.map ? spec.map(v, inputs, data) : settle(v);
  };
  return {
    name: spec.name,
    kind: spec.kind,
    hidden: spec.hidden,
    renderInfo: spec.renderInfo,
    argTypes: spec.argTypes,
    returnType: spec.returnType,
    resolver,
    gql: spec.root ? { kind: 'root', steps: spec.steps } : { kind: 'path', steps: spec.steps },
    ...(spec.docs ?? {}),
    docPages: spec.docPages ?? [],
  };
}

/** A string argument, or null (which makes the GraphQL arguments invalid: the op answers null). */
export function strArg(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** A backend timestamp (`2023-01-01T00:00:00`, UTC without a zone) as a Date; null stays null. */
export function backendDate(v: unknown): Date | null {
  if (typeof v !== 'string' || v === '') return null;
  const hasZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(v);
  const d = new Date(hasZone ? v : `${v}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A backend timestamp as milliseconds since the epoch (the `timestamp` type). */
export function backendMillis(v: unknown): number | null {
  const d = backendDate(v);
  return d ? d.getTime() : null;
}

// ---------------------------------------------------------------------------------------------
// W&B JSON values

const TABLE_REF_TYPES: ReadonlySet<unknown> = new Set(['table-file', 'partitioned-table', 'joined-table', 'incr-table-file']);

/** Is `v` a reference object to a W&B table (as stored in a summary or history row)? */
export function isTableRef(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && TABLE_REF_TYPES.has(v._type);
}

/** `wandb-artifact://<id>/<path>` → {id, path}; null for other strings. */
export function parseArtifactUrl(url: string): { id: string; path: string } | null {
  const m = /^wandb-(?:client-)?artifact:\/\/\/?([^/]+)\/(.+)$/.exec(url);
  if (!m) return null;
  let id = m[1];
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep the raw id
  }
  return { id, path: m[2] };
}

/** The file a table reference points at: an artifact entry, or else a file of `run`. */
export function tableRefFile(ref: Record<string, unknown>, run: DomainObject | null): FileValue | null {
  const url = ref.artifact_path;
  if (typeof url === 'string') {
    const parsed = parseArtifactUrl(url);
    if (parsed) return new FileValue({ kind: 'artifact', artifactId: parsed.id, version: null }, parsed.path, ref);
  }
  const path = ref.path;
  if (typeof path === 'string' && run) return new FileValue({ kind: 'run', run }, path, ref);
  return null;
}

/** Top-level table references become files (the reference's `wandbJsonWithArtifacts`). */
export function withFiles(json: Record<string, unknown>, run: DomainObject | null): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(json)) {
    const v = json[k];
    if (isTableRef(v)) {
      const f = tableRefFile(v, run);
      if (f) {
        out ??= { ...json };
        Object.defineProperty(out, k, { value: f, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  return out ?? json;
}

/** A copy without the internal `_wandb` key. */
export function withoutWandb(json: Record<string, unknown>): Record<string, unknown> {
  if (!Object.prototype.hasOwnProperty.call(json, '_wandb')) return json;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(json)) {
    if (k !== '_wandb') Object.defineProperty(out, k, { value: json[k], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Config values as W&B stores them (`{value, desc}`) → the values. */
export function unwrapConfig(json: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(json)) {
    const v = json[k];
    const inner = isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, 'value') ? v.value : v;
    Object.defineProperty(out, k, { value: inner, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Parses a JSONString answer into a dict (anything else → `{}`). */
export function parseDict(text: unknown, data: WandbData): Record<string, unknown> {
  if (text == null) return {};
  const v = typeof text === 'string' ? data.parseJson(text) : text;
  return isPlainObject(v) ? v : {};
}
