/**
 * The batch planner: typed target graphs → ONE GraphQL document.
 *
 * Each target is analysed on its own (consumer analysis → selection tree → document), so that
 * a target the planner cannot handle fails alone; the targets' documents are then merged at the
 * AST level. Fields whose arguments are computed by other expressions are not in the document;
 * their sub-selections are kept as templates and fetched in a later round by the driver.
 */
import { Kind, print, type DocumentNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import type { Node } from '../graph/node.js';
import { standardRegistry, type OpRegistry } from '../ops/index.js';
import { analyze } from './analysis.js';
import { emitDocument, type ConnectionNeed, type EmitOptions, type EmitResult, type FieldTemplate } from './emit.js';
import { mergeDocuments, mergeSelections } from './merge.js';
import { Sel } from './selection.js';

export interface PlanOptions {
  readonly registry?: OpRegistry;
  /** Elements per page of a connection (default 500). */
  readonly pageSize?: number;
  /** `pushdown` (default) projects keys, columns and limits; `whole` fetches whole JSON fields and histories. */
  readonly mode?: 'pushdown' | 'whole';
  /** Operation name of the document (default `PanelQL`). */
  readonly operationName?: string;
  /**
   * Reuse the analysis and document of a target graph planned before with the same options
   * (default true). Graphs are immutable, so a panel re-planning the same targets only merges.
   */
  readonly cache?: boolean;
}

export interface TargetPlan {
  /** The target's own document (null when it reads nothing from the API or failed). */
  readonly document: DocumentNode | null;
  /** The connections the target reads (for truncation notes). */
  readonly connections: readonly ConnectionNeed[];
  /** Why the target could not be planned (it then fails alone). */
  readonly error: Error | null;
}

export interface Plan {
  /** The one document of the batch (null when no target reads the API). */
  readonly document: DocumentNode | null;
  /** The document as text (empty when there is none). */
  readonly text: string;
  readonly targets: readonly TargetPlan[];
  /** `<ParentType>.<field>` → what to select when that field is fetched later. */
  readonly templates: ReadonlyMap<string, FieldTemplate>;
  /** `<ParentType>.<field>` of fields with computed arguments (fetched in a later round). */
  readonly deferred: readonly string[];
  /** Response-key path of each connection → elements needed (max over targets; `all` wins). */
  readonly connectionNeeds: ReadonlyMap<string, number | 'all'>;
  readonly pageSize: number;
  readonly mode: 'pushdown' | 'whole';
}

export const DEFAULT_PAGE_SIZE = 500;

export function plan(targets: readonly Node[], context: PlanOptions = {}): Plan {
  const registry = context.registry ?? standardRegistry();
  const pageSize = context.pageSize ?? DEFAULT_PAGE_SIZE;
  const mode = context.mode ?? 'pushdown';
  const operationName = context.operationName ?? 'PanelQL';
  const templateLists = new Map<string, FieldTemplate[]>();
  const targetPlans: TargetPlan[] = [];
  const deferred: string[] = [];
  const connectionNeeds = new Map<string, number | 'all'>();
  const docs: (DocumentNode | null)[] = [];
  const cacheKey = context.cache === false ? null : `${registryId(registry)}\u0000${mode}\u0000${pageSize}\u0000${operationName}`;
  for (const t of targets) {
    try {
      const emitted = planTarget(t, registry, { pageSize, mode, operationName }, cacheKey);
      for (const [k, list] of emitted.templates) {
        const into = templateLists.get(k);
        if (into) into.push(...list);
        else templateLists.set(k, [...list]);
      }
      for (const d of emitted.deferred) if (!deferred.includes(d)) deferred.push(d);
      for (const c of emitted.connections) {
        const prev = connectionNeeds.get(c.path);
        connectionNeeds.set(c.path, prev === undefined ? c.count : prev === 'all' || c.count === 'all' ? 'all' : Math.max(prev, c.count));
      }
      docs.push(emitted.document);
      targetPlans.push({ document: emitted.document, connections: emitted.connections, error: null });
    } catch (e) {
      docs.push(null);
      targetPlans.push({ document: null, connections: [], error: e instanceof Error ? e : new Error(String(e)) });
    }
  }
  let merged: DocumentNode | null;
  try {
    merged = mergeDocuments(docs, operationName);
  } catch {
    // A conflict (a planner bug): merge one by one so that only the offending targets fail.
    merged = null;
    docs.forEach((d, i) => {
      if (!d) return;
      try {
        merged = mergeDocuments([merged, d], operationName);
      } catch (e) {
        targetPlans[i] = { document: null, connections: [], error: e instanceof Error ? e : new Error(String(e)) };
      }
    });
  }
  const templates = new Map<string, FieldTemplate>();
  for (const [k, list] of templateLists) templates.set(k, mergeTemplates(list));
  const doc: DocumentNode | null = merged;
  let text: string | null = null;
  return {
    document: doc,
    // Printed on first use: planning itself does not need the text.
    get text(): string {
      return (text ??= doc ? print(doc) : '');
    },
    targets: targetPlans,
    templates,
    deferred,
    connectionNeeds,
    pageSize,
    mode,
  };
}

const TARGET_CACHE = new WeakMap<Node, Map<string, EmitResult>>();
const registryIds = new WeakMap<OpRegistry, number>();
let nextRegistryId = 1;

function registryId(r: OpRegistry): number {
  let id = registryIds.get(r);
  if (id === undefined) registryIds.set(r, (id = nextRegistryId++));
  return id;
}

/** One target's analysis and document (cached per target graph and options). */
function planTarget(t: Node, registry: OpRegistry, opts: EmitOptions, cacheKey: string | null): EmitResult {
  const byKey = cacheKey === null || (typeof t !== 'object' || t === null) ? undefined : TARGET_CACHE.get(t);
  const hit = cacheKey === null ? undefined : byKey?.get(cacheKey);
  if (hit) return hit;
  const { root } = analyze([t], registry, new Sel('Query', null));
  const emitted = emitDocument(root, opts);
  if (cacheKey !== null && typeof t === 'object' && t !== null) {
    if (byKey) byKey.set(cacheKey, emitted);
    else TARGET_CACHE.set(t, new Map([[cacheKey, emitted]]));
  }
  return emitted;
}

function mergeTemplates(list: readonly FieldTemplate[]): FieldTemplate {
  let selections: readonly SelectionNode[] | null = null;
  let connection = false;
  for (const t of list) {
    connection ||= t.connection;
    if (!t.selectionSet) continue;
    selections = selections === null ? t.selectionSet.selections : mergeSelections(selections, t.selectionSet.selections);
  }
  const selectionSet: SelectionSetNode | null = selections === null ? null : { kind: Kind.SELECTION_SET, selections };
  return { selectionSet, connection };
}

/** The document of a plan as `panelql gql` prints it, with a note per target that failed to plan. */
export function printPlan(p: Plan): string {
  const lines: string[] = [];
  p.targets.forEach((t, i) => {
    if (t.error) lines.push(`# target ${i + 1}: not planned: ${t.error.message}`);
  });
  for (const d of p.deferred) lines.push(`# later round: ${d} (its arguments are computed by the expression)`);
  lines.push(p.text === '' ? '# (no GraphQL needed)' : p.text);
  return lines.join('\n');
}
