/**
 * The GraphQL side of a domain op, declared next to its resolver (the `gql` slot of its
 * declaration): which fields it reads from its receiver object and how. The planner
 * (src/graphql-planner) composes these into one document per batch; the resolvers read the
 * answer back with the helpers below, which compute response keys with the same function the
 * planner writes them with (`responseKey`).
 */
import type { GqlArgs } from './alias.js';
import { responseKey } from './alias.js';
import { PENDING, type Pending, type WandbData } from './access.js';
import { DomainObject, MISSING, type DomainKind } from './values.js';

/** A field needed on an object: a scalar by name, or a nested object with its own fields. */
export type FieldReq =
  | string
  | {
      readonly field: string;
      readonly type: string;
      readonly fields: readonly FieldReq[];
      readonly args?: GqlArgs;
      readonly many?: 'connection' | 'list';
    };

/** Argument values of an op's inputs (other than the receiver): consts when planning, values when resolving. */
export type OpInputs = Readonly<Record<string, unknown>>;

/** One step from an object (or from the query root) to the objects of one of its fields. */
export interface GqlStep {
  readonly field: string;
  /** The field's arguments from the op's inputs; null when the inputs make no sense (a null name). */
  readonly args?: (inputs: OpInputs) => GqlArgs | null;
  /** GraphQL type of the objects reached. */
  readonly type: string;
  /** Domain kind of the objects reached (the last step's objects are the op's result). */
  readonly kind: DomainKind | null;
  /** A connection (`edges { node }`, paged) or a plain list; absent: one object. */
  readonly many?: 'connection' | 'list';
  /** A fixed page size that is never followed (the last membership: `first: 1`). */
  readonly fixedFirst?: number;
  /** Fields needed on the objects reached, besides their required fragment. */
  readonly fields?: readonly FieldReq[];
  /** The field's type is a union/interface: select `... on <on>` (and `__typename`); other members read as null. */
  readonly on?: string;
}

export type GqlSpec =
  /** A root op: a path from the query root. */
  | { readonly kind: 'root'; readonly steps: readonly GqlStep[] }
  /** An object-valued op: a path from the receiver. */
  | { readonly kind: 'path'; readonly steps: readonly GqlStep[] }
  /** A value computed from fields of the receiver. */
  | { readonly kind: 'fields'; readonly fields: readonly FieldReq[] }
  /** A JSON dict field whose top-level keys can be projected (`summaryMetrics(keys:)`, `config(keys:)`), or not (`metadata`). */
  | { readonly kind: 'json'; readonly field: string; readonly projectable: boolean; readonly fields?: readonly FieldReq[] }
  /** The history rows of a run (columns projected by the planner). */
  | { readonly kind: 'history' }
  /** The artifact version of a file: the object the file came from, or fetched by id (`VERSION_BY_ID`). */
  | { readonly kind: 'fileVersion' }
  /** Computed from already fetched objects or from files: no GraphQL of its own. */
  | { readonly kind: 'local' };

/** Fields every fetched object of a GraphQL type carries (identity, locators, canonical form). */
export const REQUIRED_FIELDS: Readonly<Record<string, readonly FieldReq[]>> = {
  Project: ['id', 'name', 'entityName'],
  Entity: ['id', 'name'],
  User: ['id', 'username'],
  Organization: ['id', 'name'],
  Run: ['id', 'name'],
  ArtifactType: ['id', 'name'],
  ArtifactCollection: ['id', 'name'],
  ArtifactSequence: ['id', 'name'],
  ArtifactPortfolio: ['id', 'name'],
  Artifact: ['id', 'versionIndex', { field: 'artifactSequence', type: 'ArtifactSequence', fields: ['id', 'name'] }],
  ArtifactAlias: ['id', 'alias'],
  ArtifactCollectionMembership: ['id', 'versionIndex'],
  RunQueue: ['id', 'name'],
  View: ['id'],
  File: ['id', 'name'],
  ServerInstance: [],
};

/** The nodes of a connection answer (null nodes dropped, as the reference's `connectionToNodes`). */
export function connectionNodes(conn: unknown): Record<string, unknown>[] {
  if (conn == null || typeof conn !== 'object') return [];
  const edges = (conn as { edges?: unknown }).edges;
  if (!Array.isArray(edges)) return [];
  const out: Record<string, unknown>[] = [];
  for (const e of edges) {
    const n = e != null && typeof e === 'object' ? (e as { node?: unknown }).node : null;
    if (n != null && typeof n === 'object' && !Array.isArray(n)) out.push(n as Record<string, unknown>);
  }
  return out;
}

/** A scalar field of a fetched object; asks for it (and answers PENDING) when it was not fetched. */
export function readField(obj: DomainObject, field: string, data: WandbData, args?: GqlArgs): unknown {
  const v = obj.field(responseKey(field, args));
  if (v !== MISSING) return v;
  data.requestField(obj, field, args);
  return PENDING;
}

function wrapStep(step: GqlStep, raw: unknown, parent: DomainObject | null): unknown {
  if (step.on && raw != null && typeof raw === 'object' && !Array.isArray(raw)) {
    if ((raw as { __typename?: unknown }).__typename !== step.on) return null;
  }
  const wrap = (r: unknown): DomainObject | null => (step.kind ? DomainObject.maybe(step.kind, r, parent) : null);
  if (step.many === 'connection') {
    const nodes = connectionNodes(raw);
    return step.kind ? nodes.map((n) => DomainObject.of(step.kind as DomainKind, n, parent)) : nodes;
  }
  if (step.many === 'list') {
    if (!Array.isArray(raw)) return raw == null ? null : [];
    return raw.filter((r) => r != null).map((r) => (step.kind ? wrap(r) : r));
  }
  return step.kind ? wrap(raw) : raw;
}

/**
 * Follows `steps` from `receiver` (null: the query root) with the op's inputs. Lists reached
 * through a connection or list step are flattened as further steps are followed. Answers
 * null when the path runs into a null object or arguments that make no sense, PENDING when
 * part of it was not fetched (and asks for it).
 */
export function readPath(receiver: DomainObject | null, steps: readonly GqlStep[], inputs: OpInputs, data: WandbData): unknown {
  let current: unknown = receiver;
  let isList = false;
  let pending = false;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const args = step.args ? step.args(inputs) : undefined;
    if (args === null) return null;
    const key = responseKey(step.field, args ?? undefined);
    const one = (parent: DomainObject | null): unknown => {
      const raw = parent ? parent.field(key) : data.root(key);
      if (raw === MISSING) {
        data.requestField(parent, step.field, args ?? undefined);
        pending = true;
        return null;
      }
      return wrapStep(step, raw, parent);
    };
    if (i === 0 && receiver === null) {
      current = one(null);
    } else if (isList) {
      const out: unknown[] = [];
      for (const o of current as unknown[]) {
        if (!(o instanceof DomainObject)) continue;
        const v = one(o);
        if (Array.isArray(v)) out.push(...v);
        else if (v != null) out.push(v);
      }
      current = out;
    } else {
      if (!(current instanceof DomainObject)) return pending ? PENDING : null;
      current = one(current);
    }
    if (step.many) isList = true;
  }
  return pending ? PENDING : current;
}

/** PENDING → null (the evaluation is repeated anyway); anything else unchanged. */
export function settle<T>(v: T | Pending): T | null {
  return v === PENDING ? null : (v as T);
}
