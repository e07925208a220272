/**
 * Selection tree → graphql-js document. Every user-provided text (names, keys, filters) becomes
 * a GraphQL *literal node* and is printed by graphql-js, so it is always escaped; nothing is
 * spliced into query text.
 */
import {
  Kind,
  OperationTypeNode,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { isEnumValue, PROJECTION_ARGS, type GqlArgs, type GqlArgValue } from '../ops/domain/alias.js';
import { REQUIRED_FIELDS, type FieldReq } from '../ops/domain/gql.js';
import { HISTORY_ALL_SAMPLES, HISTORY_FULL_ARGS } from '../ops/domain/run.js';
import { responseKey } from '../ops/domain/alias.js';
import type { FieldSel, Sel } from './selection.js';

export interface EmitOptions {
  /** Elements per page of a connection. */
  readonly pageSize: number;
  /** `pushdown`: key/column projection and `first:` from limits; `whole`: whole JSON fields and histories, full pages. */
  readonly mode: 'pushdown' | 'whole';
  /** Operation name of the document. */
  readonly operationName?: string;
}

/** How many elements of the connection at a response-key path are needed. */
export interface ConnectionNeed {
  readonly path: string;
  /** A number (limit pushdown or a fixed `first`: never page past it) or all of them. */
  readonly count: number | 'all';
}

/** A field's sub-selection, kept for fetching the field again later (computed arguments, follow-ups). */
export interface FieldTemplate {
  /** The sub-selection (null for a scalar field). */
  readonly selectionSet: SelectionSetNode | null;
  /** A connection (`edges { node }` + `pageInfo`): add `first:` when fetching it. */
  readonly connection: boolean;
}

export interface EmitResult {
  /** The document, or null when the targets read nothing from the API. */
  readonly document: DocumentNode | null;
  /** `<ParentType>.<field>` → sub-selection of the fields with computed arguments (fetched later). */
  readonly templates: Map<string, FieldTemplate[]>;
  /** Response-key paths of the connections the document reads (`/project_x/runs`), with the number of elements needed. */
  readonly connections: ConnectionNeed[];
  /** `<ParentType>.<field>` of fields whose arguments are computed: fetched in a later round. */
  readonly deferred: string[];
}

const DEFERRED_PREFIX = '\u0000deferred:';

export function name(value: string): { kind: Kind.NAME; value: string } {
  return { kind: Kind.NAME, value };
}

export function field(fieldName: string, opts: { alias?: string; args?: readonly ArgumentNode[]; selections?: readonly SelectionNode[] } = {}): FieldNode {
  return {
    kind: Kind.FIELD,
    name: name(fieldName),
    ...(opts.alias && opts.alias !== fieldName ? { alias: name(opts.alias) } : {}),
    ...(opts.args && opts.args.length > 0 ? { arguments: opts.args } : {}),
    ...(opts.selections ? { selectionSet: selectionSet(opts.selections) } : {}),
  };
}

export function selectionSet(selections: readonly SelectionNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections };
}

/** A GraphQL literal for an argument value (strings are escaped by the printer). */
export function valueNode(v: GqlArgValue): ValueNode {
  if (v === null) return { kind: Kind.NULL };
  if (typeof v === 'string') return { kind: Kind.STRING, value: v };
  if (typeof v === 'boolean') return { kind: Kind.BOOLEAN, value: v };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return { kind: Kind.NULL };
    return Number.isInteger(v) ? { kind: Kind.INT, value: String(v) } : { kind: Kind.FLOAT, value: String(v) };
  }
  if (Array.isArray(v)) return { kind: Kind.LIST, values: v.map((e) => valueNode(e as GqlArgValue)) };
  if (isEnumValue(v)) return { kind: Kind.ENUM, value: v.enum };
  const o = v as Readonly<Record<string, GqlArgValue>>;
  return {
    kind: Kind.OBJECT,
    fields: Object.keys(o).map((k) => ({ kind: Kind.OBJECT_FIELD, name: name(k), value: valueNode(o[k] as GqlArgValue) })),
  };
}

export function argumentNodes(args: GqlArgs | undefined): ArgumentNode[] {
  if (!args) return [];
  const out: ArgumentNode[] = [];
  for (const k of Object.keys(args)) {
    const v = args[k];
    if (v == null) continue;
    out.push({ kind: Kind.ARGUMENT, name: name(k), value: valueNode(v) });
  }
  return out;
}

const PAGE_INFO = field('pageInfo', { selections: [field('hasNextPage'), field('endCursor')] });

let runProject: FieldNode | null = null;
const RUN_PROJECT = (): FieldNode => (runProject ??= field('project', { selections: requiredSelections('Project') }));

const requiredCache = new Map<string, readonly FieldNode[]>();
const requiredNameCache = new Map<string, ReadonlySet<string>>();

/** Response keys of the required fields of a type. */
function requiredNames(type: string): ReadonlySet<string> {
  let names = requiredNameCache.get(type);
  if (!names) {
    names = new Set(requiredSelections(type).map((f) => (f.alias ?? f.name).value));
    requiredNameCache.set(type, names);
  }
  return names;
}

/** The required fields of a GraphQL type as selections (built once per type; AST nodes are immutable). */
export function requiredSelections(type: string): readonly FieldNode[] {
  let cached = requiredCache.get(type);
  if (!cached) {
    cached = Object.freeze(reqSelections(REQUIRED_FIELDS[type] ?? []));
    requiredCache.set(type, cached);
  }
  return cached;
}

/** The fields of `reqs` as selections. */
export function reqSelections(reqs: readonly FieldReq[]): FieldNode[] {
  return reqs.map((r) =>
    typeof r === 'string'
      ? field(r)
      : field(r.field, { alias: responseKey(r.field, r.args), args: argumentNodes(r.args), selections: reqSelections(r.fields) }),
  );
}

/** One page of a connection around a node selection. */
export function connectionSelections(node: readonly SelectionNode[]): FieldNode[] {
  return [field('edges', { selections: [field('node', { selections: node })] }), PAGE_INFO];
}

/** Spec for one `sampledHistory` key: the key and `_step`, every row. */
export function historySpec(key: string): string {
  return JSON.stringify({ keys: ['_step', key], samples: HISTORY_ALL_SAMPLES });
}

class Emitter {
  readonly templates = new Map<string, FieldTemplate[]>();
  readonly connections: ConnectionNeed[] = [];
  readonly deferred: string[] = [];

  constructor(private readonly opts: EmitOptions) {}

  selections(sel: Sel, path: string, parentType: string | null): SelectionNode[] {
    const required = requiredSelections(sel.type);
    const out: SelectionNode[] = [...required];
    const names = requiredNames(sel.type);
    // A run reached other than through its project carries its project (for its identity and locator).
    const runProject = sel.type === 'Run' && parentType !== 'Project';
    if (runProject) out.push(RUN_PROJECT());
    const keys = [...sel.fields.keys()].sort();
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (names.has(k) || (runProject && k === 'project')) continue;
      const f = sel.fields.get(k) as FieldSel;
      if (f.deferred) {
        const fieldName = f.name.slice(DEFERRED_PREFIX.length);
        this.template(sel.type, fieldName, f, `${path}/${f.key}`);
        if (!this.deferred.includes(`${sel.type}.${fieldName}`)) this.deferred.push(`${sel.type}.${fieldName}`);
        continue;
      }
      const node = this.field(f, sel.type, `${path}/${f.key}`);
      if (node) out.push(node);
    }
    if (sel.history) out.push(...this.history(sel));
    return out;
  }

  private subSelections(f: FieldSel, path: string): SelectionNode[] | null {
    if (!f.sel) return null;
    let inner: SelectionNode[] = this.selections(f.sel, path, f.sel.parent?.sel.type ?? null);
    if (f.on) {
      inner = [
        field('__typename'),
        { kind: Kind.INLINE_FRAGMENT, typeCondition: { kind: Kind.NAMED_TYPE, name: name(f.on) }, selectionSet: selectionSet(inner) },
      ];
    }
    return f.many === 'connection' ? connectionSelections(inner) : inner;
  }

  private template(parentType: string, fieldName: string, f: FieldSel, path: string): void {
    const sub = this.subSelections(f, path);
    const key = `${parentType}.${fieldName}`;
    const t: FieldTemplate = { selectionSet: sub ? selectionSet(sub) : null, connection: f.many === 'connection' };
    const list = this.templates.get(key);
    if (list) list.push(t);
    else this.templates.set(key, [t]);
  }

  private field(f: FieldSel, parentType: string, path: string): FieldNode | null {
    const args = argumentNodes(f.args);
    const projection = PROJECTION_ARGS[f.name];
    // A JSON field nobody reads a key of (`runs.summary.count`) fetches no key.
    if (projection === 'keys' && f.keys !== 'all' && this.opts.mode === 'pushdown') {
      args.push({ kind: Kind.ARGUMENT, name: name('keys'), value: valueNode([...(f.keys ?? [])].sort()) });
    }
    if (f.many === 'connection') {
      const count = f.fixedFirst ?? (this.opts.mode === 'pushdown' && typeof f.count === 'number' ? f.count : 'all');
      this.connections.push({ path, count });
      const first =
        f.fixedFirst ??
        (this.opts.mode === 'pushdown' && typeof f.count === 'number' ? Math.min(f.count, this.opts.pageSize) : this.opts.pageSize);
      args.push({ kind: Kind.ARGUMENT, name: name('first'), value: valueNode(first) });
    }
    const sub = this.subSelections(f, path);
    return field(f.name, { alias: f.key, args, ...(sub ? { selections: sub } : {}) });
  }

  private history(sel: Sel): FieldNode[] {
    const need = sel.history;
    if (!need) return [];
    const whole = (): FieldNode =>
      field('history', { alias: responseKey('history', HISTORY_FULL_ARGS), args: argumentNodes(HISTORY_FULL_ARGS) });
    if (this.opts.mode === 'whole' || need.columns === 'all') return [whole()];
    const cols = [...need.columns].filter((k) => k !== '_step').sort();
    if (cols.length === 0) return need.columns.has('_step') ? [whole()] : [field('historyLineCount')];
    return [
      field('sampledHistory', {
        args: [{ kind: Kind.ARGUMENT, name: name('specs'), value: valueNode(cols.map(historySpec)) }],
      }),
      field('historyLineCount'),
    ];
  }
}

/** Emits the document of one query-root selection. */
export function emitDocument(root: Sel, opts: EmitOptions): EmitResult {
  const e = new Emitter(opts);
  const selections = e.selections(root, '', null);
  const document: DocumentNode | null =
    selections.length === 0
      ? null
      : {
          kind: Kind.DOCUMENT,
          definitions: [
            {
              kind: Kind.OPERATION_DEFINITION,
              operation: OperationTypeNode.QUERY,
              ...(opts.operationName ? { name: name(opts.operationName) } : {}),
              selectionSet: selectionSet(selections),
            },
          ],
        };
  return { document, templates: e.templates, connections: e.connections, deferred: e.deferred };
}
