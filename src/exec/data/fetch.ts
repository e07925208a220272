/**
 * Executing planned documents against a backend: the first document, further pages of every
 * connection that needs them (up to a cap — reaching it is reported, never silent), fields and
 * files asked for by resolvers in later rounds. Counts requests and bytes.
 */
import {
  getNamedType,
  isObjectType,
  isUnionType,
  isInterfaceType,
  Kind,
  OperationTypeNode,
  print,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type SelectionNode,
} from 'graphql';
import type { Backend, FileRef, GraphQLResponse } from '../../backends/backend.js';
import { setOwn } from '../../backends/json.js';
import { buildWandbSchema } from '../../backends/schema.js';
import { listArtifactFiles } from '../../backends/tables.js';
import { responseKey } from '../../ops/domain/alias.js';
import { REQUIRED_FIELDS } from '../../ops/domain/gql.js';
import { locate, locateObject, type ChainLink, type LocatorStep } from '../../ops/domain/locator.js';
import { GQL_TYPE_OF_KIND, invalidateRaw } from '../../ops/domain/values.js';
import { argumentNodes, connectionSelections, field, reqSelections } from '../../graphql-planner/emit.js';
import { mergeDocuments } from '../../graphql-planner/merge.js';
import type { FieldTemplate } from '../../graphql-planner/emit.js';
import type { DataStore, FieldRequest } from './store.js';

export interface FetchOptions {
  readonly pageSize: number;
  /** At most this many elements per connection (runs, versions …); more is reported. */
  readonly maxItems: number;
  readonly signal?: AbortSignal;
  /** Validate every document against the schema before sending it. */
  readonly debug?: boolean;
  /** Called with every document sent (for `--explain`-style tooling and tests). */
  readonly onDocument?: (text: string) => void;
}

export interface FetchStats {
  /** GraphQL requests sent (pages and later rounds included). */
  requests: number;
  /** Bytes of the GraphQL answers (their JSON text) and of the files read. */
  bytes: number;
  /** Bytes of the GraphQL documents sent. */
  requestBytes: number;
  files: number;
}

export interface Truncation {
  /** Response-key path of the connection (`/project_x/runs`). */
  readonly path: string;
  readonly message: string;
}

/** A GraphQL error of an answer, with the response path it concerns (undefined: the whole document). */
export interface FetchError {
  readonly path: readonly (string | number)[] | undefined;
  readonly message: string;
}

let schemaCache: GraphQLSchema | null = null;
function schema(): GraphQLSchema {
  return (schemaCache ??= buildWandbSchema());
}

type ObjType = GraphQLObjectType | GraphQLInterfaceType;

function objectType(t: GraphQLNamedType | undefined): ObjType | null {
  return t && (isObjectType(t) || isInterfaceType(t)) ? t : null;
}

function fieldType(parent: ObjType, name: string): GraphQLNamedType | undefined {
  const f = parent.getFields()[name];
  return f ? getNamedType(f.type) : undefined;
}

function isConnectionField(f: FieldNode): boolean {
  return !!f.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'edges');
}

function firstArg(f: FieldNode): number | null {
  const a = f.arguments?.find((x) => x.name.value === 'first');
  return a && a.value.kind === Kind.INT ? Number(a.value.value) : null;
}

/** Builds `step1 { step2 { … leaf } }` from the query root. */
function pathSelection(steps: readonly LocatorStep[], leaf: readonly SelectionNode[]): SelectionNode[] {
  let inner: readonly SelectionNode[] = leaf;
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i];
    inner = [field(s.field, { alias: responseKey(s.field, s.args), args: argumentNodes(s.args), selections: inner })];
  }
  return [...inner];
}

function followPath(data: unknown, steps: readonly LocatorStep[]): unknown {
  let cur = data;
  for (const s of steps) {
    if (cur == null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[responseKey(s.field, s.args)];
  }
  return cur;
}

function documentOf(selections: readonly SelectionNode[]): DocumentNode {
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: { kind: Kind.NAME, value: 'PanelQLMore' },
        selectionSet: { kind: Kind.SELECTION_SET, selections },
      },
    ],
  };
}

interface PageRequest {
  readonly locator: LocatorStep[];
  readonly fieldNode: FieldNode;
  readonly connection: Record<string, unknown>;
  readonly nodeType: ObjType;
  readonly nodeSelections: readonly SelectionNode[];
  readonly path: string;
  readonly need: number;
  readonly chain: ChainLink[];
}

export class Fetcher {
  /** Counted as they happen; `bytes` leaves out the responses in `unmeasured` (see `measuredStats`). */
  readonly stats: FetchStats = { requests: 0, bytes: 0, requestBytes: 0, files: 0 };
  /**
   * Responses of an in-process backend, which has no text to measure: serializing one only to
   * count its bytes costs about as much as the query that reads it, so it is done when the
   * stats are asked for.
   */
  private readonly unmeasured: GraphQLResponse[] = [];
  readonly truncations: Truncation[] = [];
  readonly errors: FetchError[] = [];
  /** A backend that counts what goes through it (also used by the table readers). */
  readonly counting: Backend;

  constructor(
    backend: Backend,
    private readonly store: DataStore,
    private readonly opts: FetchOptions,
  ) {
    this.counting = {
      name: backend.name,
      execute: async (req) => {
        this.stats.requests++;
        this.stats.requestBytes += req.query.length;
        const res = await backend.execute(req);
        if (typeof res.bytes === 'number') this.stats.bytes += res.bytes;
        else this.unmeasured.push(res);
        return res;
      },
      readFile: async (ref, signal) => {
        const bytes = await backend.readFile(ref, signal);
        this.stats.files++;
        if (bytes) this.stats.bytes += bytes.length;
        return bytes;
      },
    };
  }

  /** The stats with every response measured. */
  measuredStats(): FetchStats {
    let bytes = 0;
    for (const res of this.unmeasured) bytes += JSON.stringify({ data: res.data, errors: res.errors }).length;
    return { ...this.stats, bytes: this.stats.bytes + bytes };
  }

  private async send(doc: DocumentNode): Promise<GraphQLResponse> {
    this.opts.signal?.throwIfAborted();
    if (this.opts.debug) {
      const errors = validate(schema(), doc);
      if (errors.length > 0) throw new Error(`the planner emitted an invalid document: ${errors[0].message}\n${print(doc)}`);
    }
    const text = print(doc);
    this.opts.onDocument?.(text);
    const res = await this.counting.execute({ query: text, signal: this.opts.signal });
    for (const e of res.errors ?? []) this.errors.push({ path: e.path && e.path.length > 0 ? e.path : undefined, message: e.message });
    if (res.data == null && res.errors && res.errors.length > 0) {
      throw new Error(`GraphQL request failed: ${res.errors.map((e) => e.message).join('; ')}`);
    }
    return res;
  }

  /** Sends a planned document, stores its root fields and follows the pages its connections need. */
  async fetchDocument(doc: DocumentNode | null, needs: ReadonlyMap<string, number | 'all'>): Promise<void> {
    if (!doc) return;
    const res = await this.send(doc);
    const data = res.data ?? {};
    for (const k of Object.keys(data)) setOwn(this.store.roots, k, data[k]);
    await this.followPages(doc, data, needs);
  }

  // ------------------------------------------------------------------------------------------
  // Pages

  private async followPages(doc: DocumentNode, data: Record<string, unknown>, needs: ReadonlyMap<string, number | 'all'>): Promise<void> {
    const op = doc.definitions[0];
    if (!op || op.kind !== Kind.OPERATION_DEFINITION) return;
    const query = schema().getQueryType();
    if (!query) return;
    let requests: PageRequest[] = [];
    this.collectPages(op.selectionSet.selections, query, data, [{ type: 'Query', raw: data }], '', needs, requests);
    while (requests.length > 0) {
      const batch = requests;
      requests = [];
      const docs = batch.map((r) => {
        const cursor = (r.connection.pageInfo as { endCursor?: string | null } | undefined)?.endCursor ?? null;
        const have = Array.isArray(r.connection.edges) ? r.connection.edges.length : 0;
        const first = Math.max(1, Math.min(this.opts.pageSize, r.need - have, this.opts.maxItems - have));
        const args = (r.fieldNode.arguments ?? []).filter((a) => a.name.value !== 'first' && a.name.value !== 'after');
        const fieldNode: FieldNode = {
          ...r.fieldNode,
          arguments: [...args, ...argumentNodes({ first, after: cursor })],
        };
        return documentOf(pathSelection(r.locator, [fieldNode]));
      });
      const merged = mergeDocuments(docs, 'PanelQLPages');
      if (!merged) break;
      const res = await this.send(merged);
      const answer = res.data ?? {};
      for (const r of batch) {
        const parent = followPath(answer, r.locator);
        const key = (r.fieldNode.alias ?? r.fieldNode.name).value;
        const page = parent && typeof parent === 'object' ? ((parent as Record<string, unknown>)[key] as Record<string, unknown> | null) : null;
        if (!page || !Array.isArray(page.edges)) {
          this.truncations.push({ path: r.path, message: `could not fetch further pages of ${r.path.slice(1)}` });
          continue;
        }
        const edges = r.connection.edges as unknown[];
        const before = edges.length;
        edges.push(...page.edges);
        r.connection.pageInfo = page.pageInfo;
        // The new nodes may hold connections of their own.
        const newEdges = edges.slice(before);
        this.checkConnection(r, newEdges, needs, requests);
      }
    }
  }

  private checkConnection(r: PageRequest, newEdges: readonly unknown[], needs: ReadonlyMap<string, number | 'all'>, out: PageRequest[]): void {
    for (const e of newEdges) {
      const node = e && typeof e === 'object' ? (e as { node?: unknown }).node : null;
      if (!node || typeof node !== 'object') continue;
      this.collectPages(r.nodeSelections, r.nodeType, node as Record<string, unknown>, [...r.chain, { type: r.nodeType.name, raw: node as Record<string, unknown> }], r.path, needs, out);
    }
    this.pageNeeded(r, needs, out);
  }

  /** Schedules the next page of a connection, or records the cap being reached. */
  private pageNeeded(r: PageRequest, _needs: ReadonlyMap<string, number | 'all'>, out: PageRequest[]): void {
    const info = r.connection.pageInfo as { hasNextPage?: boolean; endCursor?: string | null } | null | undefined;
    const have = Array.isArray(r.connection.edges) ? r.connection.edges.length : 0;
    if (!info?.hasNextPage || have >= r.need) return;
    if (have >= this.opts.maxItems) {
      const what = r.nodeType.name === 'Run' ? 'runs' : `${r.fieldNode.name.value}`;
      this.truncations.push({
        path: r.path,
        message: `only the first ${this.opts.maxItems} ${what} of ${describePath(r.path)} were fetched; more exist (raise maxRuns to read them)`,
      });
      return;
    }
    out.push(r);
  }

  private collectPages(
    selections: readonly SelectionNode[],
    parentType: ObjType,
    obj: Record<string, unknown>,
    chain: ChainLink[],
    path: string,
    needs: ReadonlyMap<string, number | 'all'>,
    out: PageRequest[],
  ): void {
    for (const s of selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const t = s.typeCondition ? objectType(schema().getType(s.typeCondition.name.value) ?? undefined) : parentType;
        if (t && (obj.__typename === undefined || obj.__typename === t.name)) this.collectPages(s.selectionSet.selections, t, obj, chain, path, needs, out);
        continue;
      }
      if (s.kind !== Kind.FIELD || !s.selectionSet) continue;
      const key = (s.alias ?? s.name).value;
      const value = obj[key];
      if (value == null || typeof value !== 'object') continue;
      const t = fieldType(parentType, s.name.value);
      const childPath = `${path}/${key}`;
      if (isConnectionField(s)) {
        const connType = objectType(t);
        const edgesT = connType ? objectType(fieldType(connType, 'edges')) : null;
        const nodeT = edgesT ? objectType(fieldType(edgesT, 'node')) : null;
        if (!nodeT) continue;
        const edgesSel = s.selectionSet.selections.find((x): x is FieldNode => x.kind === Kind.FIELD && x.name.value === 'edges');
        const nodeSel = edgesSel?.selectionSet?.selections.find((x): x is FieldNode => x.kind === Kind.FIELD && x.name.value === 'node');
        const nodeSelections = nodeSel?.selectionSet?.selections ?? [];
        const need = needs.get(childPath);
        const first = firstArg(s);
        const count = need === undefined ? (first != null && first < this.opts.pageSize ? first : 'all') : need;
        const locator = locate(chain);
        const conn = value as Record<string, unknown>;
        const req: PageRequest = {
          locator: locator ?? [],
          fieldNode: s,
          connection: conn,
          nodeType: nodeT,
          nodeSelections,
          path: childPath,
          need: count === 'all' ? Number.POSITIVE_INFINITY : count,
          chain,
        };
        const edges = Array.isArray(conn.edges) ? conn.edges : [];
        for (const e of edges) {
          const node = e && typeof e === 'object' ? (e as { node?: unknown }).node : null;
          if (node && typeof node === 'object') {
            this.collectPages(nodeSelections, nodeT, node as Record<string, unknown>, [...chain, { type: nodeT.name, raw: node as Record<string, unknown> }], childPath, needs, out);
          }
        }
        const info = conn.pageInfo as { hasNextPage?: boolean } | undefined;
        if (info?.hasNextPage && edges.length < req.need) {
          if (locator === null) {
            this.truncations.push({ path: childPath, message: `could not fetch further pages of ${describePath(childPath)}` });
            continue;
          }
          this.pageNeeded(req, needs, out);
        }
        continue;
      }
      const childT = objectType(t) ?? (t && isUnionType(t) ? null : null);
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (!item || typeof item !== 'object') continue;
        const raw = item as Record<string, unknown>;
        const itemType = childT ?? objectType(typeof raw.__typename === 'string' ? (schema().getType(raw.__typename) ?? undefined) : undefined);
        if (!itemType) continue;
        const via = { field: s.name.value, many: Array.isArray(value), ...(s.arguments && s.arguments.length > 0 ? { args: argsOf(s) } : {}) };
        this.collectPages(s.selectionSet.selections, itemType, raw, [...chain, { type: itemType.name, raw, via }], childPath, needs, out);
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Later rounds: fields asked for by resolvers

  async fetchFields(requests: readonly FieldRequest[], templates: ReadonlyMap<string, FieldTemplate>): Promise<void> {
    if (requests.length === 0) return;
    const docs: DocumentNode[] = [];
    const placed: { req: FieldRequest; locator: LocatorStep[] }[] = [];
    for (const req of requests) {
      const parentType = req.object ? GQL_TYPE_OF_KIND[req.object.kind] : 'Query';
      const locator = req.object ? locateObject(req.object) : [];
      const key = responseKey(req.field, req.args);
      if (locator === null) {
        // Cannot find the object again: the field reads as null rather than being asked for forever.
        this.store.failRequest(req, `could not fetch ${req.field} of a ${parentType} reached without its identity`);
        continue;
      }
      const node = this.fieldNode(parentType, req.field, req.args, templates);
      if (!node) {
        if (req.object) setOwn(req.object.raw, key, null);
        else setOwn(this.store.roots, key, null);
        continue;
      }
      docs.push(documentOf(pathSelection(locator, [node])));
      placed.push({ req, locator });
    }
    const merged = mergeDocuments(docs, 'PanelQLMore');
    if (!merged) return;
    const res = await this.send(merged);
    const answer = res.data ?? {};
    for (const { req, locator } of placed) {
      const key = responseKey(req.field, req.args);
      const holder = followPath(answer, locator);
      const value = holder && typeof holder === 'object' ? ((holder as Record<string, unknown>)[key] ?? null) : null;
      if (req.object) {
        setOwn(req.object.raw, key, value);
        invalidateRaw(req.object.raw);
      } else setOwn(this.store.roots, key, value);
    }
    await this.followPages(merged, answer, new Map());
  }

  /** The field as it is fetched on its own: its template, or what the schema says its type needs. */
  private fieldNode(parentType: string, name: string, args: FieldRequest['args'], templates: ReadonlyMap<string, FieldTemplate>): FieldNode | null {
    const parent = objectType(schema().getType(parentType) ?? undefined);
    if (!parent) return null;
    const def = parent.getFields()[name];
    if (!def) return null;
    const t = getNamedType(def.type);
    const alias = responseKey(name, args);
    const template = templates.get(`${parentType}.${name}`);
    const connection = template ? template.connection : isObjectType(t) && t.name.endsWith('Connection');
    const allArgs = connection ? { ...(args ?? {}), first: this.opts.pageSize } : args;
    if (template?.selectionSet) {
      return field(name, { alias, args: argumentNodes(allArgs), selections: template.selectionSet.selections });
    }
    const obj = objectType(t);
    if (connection && obj) {
      const node = objectType(fieldType(objectType(fieldType(obj, 'edges')) ?? obj, 'node'));
      const nodeSel = node ? reqSelections(REQUIRED_FIELDS[node.name] ?? ['id']) : [field('__typename')];
      return field(name, { alias, args: argumentNodes(allArgs), selections: connectionSelections(nodeSel) });
    }
    if (obj) return field(name, { alias, args: argumentNodes(allArgs), selections: reqSelections(REQUIRED_FIELDS[obj.name] ?? ['id']) });
    if (t && isUnionType(t)) return field(name, { alias, args: argumentNodes(allArgs), selections: [field('__typename')] });
    return field(name, { alias, args: argumentNodes(allArgs) });
  }

  // ------------------------------------------------------------------------------------------
  // Files

  async fetchFiles(requests: readonly { key: string; ref: FileRef }[]): Promise<void> {
    const queue = [...requests];
    const worker = async (): Promise<void> => {
      for (;;) {
        const next = queue.shift();
        if (!next) return;
        try {
          const bytes = await this.counting.readFile(next.ref, this.opts.signal);
          this.store.setFile(next.key, bytes);
        } catch (e) {
          if (e instanceof Error && e.name === 'AbortError') throw e;
          this.store.setFile(next.key, null, e instanceof Error ? e : new Error(String(e)));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  }

  async fetchListings(ids: readonly string[]): Promise<void> {
    await Promise.all(
      ids.map(async (id) => {
        try {
          const names = await listArtifactFiles(this.counting, { kind: 'artifactId', id, path: '' }, this.opts.signal);
          this.store.setListing(id, names);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          if (/artifact not found/.test(message)) this.store.setListing(id, null);
          else this.store.setListing(id, null, e instanceof Error ? e : new Error(message));
        }
      }),
    );
  }
}

function argsOf(f: FieldNode): Record<string, never> {
  // Only used to re-find objects without identity through their field: argument values are
  // taken from the printed literal.
  const out: Record<string, unknown> = {};
  for (const a of f.arguments ?? []) {
    const v = a.value;
    if (v.kind === Kind.STRING) out[a.name.value] = v.value;
    else if (v.kind === Kind.INT || v.kind === Kind.FLOAT) out[a.name.value] = Number(v.value);
    else if (v.kind === Kind.BOOLEAN) out[a.name.value] = v.value;
  }
  return out as Record<string, never>;
}

function describePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/_[0-9a-z]{8,}$/, ''))
    .join('.');
}
