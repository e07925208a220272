/**
 * The execution driver: typed target graphs + a backend → values.
 *
 * 1. Root variables bound to nodes (a panel binds `project` to `project("acme","mnist")` and
 *    `runs` to `project.runs`) are replaced by those nodes.
 * 2. The planner turns the whole batch into ONE GraphQL document; it is sent, and every
 *    connection is followed page by page up to `maxRuns` elements (reaching the cap is
 *    reported in the diagnostics of every target that reads the connection).
 * 3. Each target runs on the synchronous row-wise executor. Domain resolvers read the fetched
 *    objects; anything missing (a field with computed arguments, a table file found in a
 *    summary) is asked for, the target's value is discarded, everything asked for by all
 *    targets is fetched in one round, and the targets that asked run again.
 * Errors are per target: one target's failure never fails the others.
 */
import { Kind, type DocumentNode, type FieldNode, type SelectionNode } from 'graphql';
import { check, type Binding } from '../check/checker.js';
import type { Backend } from '../backends/backend.js';
import { constNode, isFunctionLiteral, outputNode, varNode, type Node } from '../graph/node.js';
import { plan as planBatch, type Plan } from '../graphql-planner/plan.js';
import type { FieldTemplate } from '../graphql-planner/emit.js';
import { withTypeOracle, type TypeOracle } from '../ops/domain/oracle.js';
import { standardRegistry, type OpRegistry } from '../ops/index.js';
import { parse } from '../parser/index.js';
import { lineColumn, type Diagnostic } from '../parser/diagnostic.js';
import type { Span } from '../parser/ast.js';
import type { Type } from '../types/index.js';
import { reportFromDiagnostic, type ErrorReport } from '../report.js';
import { encodeValue, type JsonValue } from './encode.js';
import { RuntimeError } from './rowwise.js';
import { executeWith, type EngineName, type ResultForm } from './vectorized/index.js';
import { Fetcher, type FetchStats, type Truncation } from './data/fetch.js';
import { DataOracle } from './data/oracle.js';
import { hashNode } from '../graph/hash.js';
import { DataStore } from './data/store.js';

/** A root variable: bound to a node (evaluated as part of the graph) or to a value. */
export type VariableBinding = { readonly node: Node } | { readonly value: unknown };

export interface DriverOptions {
  readonly backend: Backend;
  readonly registry?: OpRegistry;
  readonly signal?: AbortSignal;
  /** At most this many runs (and elements of any other connection) are fetched; default 10,000. */
  readonly maxRuns?: number;
  /** Elements per page of a connection (default 500). */
  readonly pageSize?: number;
  /** `pushdown` (default): project keys, columns and limits; `whole`: fetch whole objects. */
  readonly mode?: 'pushdown' | 'whole';
  /** Validate every document against the W&B schema subset before sending it. */
  readonly debug?: boolean;
  /** At most this many later rounds of fetching (default 8). */
  readonly maxRounds?: number;
  /** Called with the text of every GraphQL document sent. */
  readonly onDocument?: (text: string) => void;
  /** `vectorized` (default): row lists (history `concat`s …) run on the columnar engine; `rowwise`: the row-wise executor only. */
  readonly engine?: EngineName;
}

export interface ExecuteGraphsOptions extends DriverOptions {
  readonly variables?: Readonly<Record<string, VariableBinding>>;
  /** Source spans of the targets' nodes (one map for all, or one per target), for error messages. */
  readonly spans?: ReadonlyMap<Node, Span> | readonly (ReadonlyMap<Node, Span> | undefined)[];
}

export interface DriverDiagnostic {
  /** `not-found`, `truncated`, `graphql-error` … */
  readonly code: string;
  readonly message: string;
}

export type TargetResult =
  | { readonly ok: true; readonly value: unknown; readonly diagnostics: readonly DriverDiagnostic[] }
  | { readonly ok: false; readonly error: Error; readonly diagnostics: readonly DriverDiagnostic[] };

export interface DriverStats extends FetchStats {
  /** Rounds of fetching after the first document (pages not counted). */
  rounds: number;
}

export interface ExecuteGraphsResult {
  /** One result per target, in order (values keep their tags; `stripTags` them for display). */
  readonly results: readonly TargetResult[];
  /** The plan of the batch (its document, per-target documents, templates). */
  readonly plan: Plan;
  readonly stats: DriverStats;
}

export const DEFAULT_MAX_RUNS = 10_000;

/** Runs `targets` against `options.backend`: one planned document, pages, later rounds as needed. */
export async function executeGraphs(targets: readonly Node[], options: ExecuteGraphsOptions): Promise<ExecuteGraphsResult> {
  const registry = options.registry ?? standardRegistry();
  const { nodes: nodeBindings, values } = splitBindings(options.variables);
  const bound = bindVariables(targets, nodeBindings);
  const session = new Session(options, registry);
  const p = session.plan(bound.nodes);
  await session.load(p);
  const spans = targets.map((_, i) => remapSpans(Array.isArray(options.spans) ? options.spans[i] : (options.spans as ReadonlyMap<Node, Span> | undefined), bound.map));
  const results = await session.run(bound.nodes, values, spans, p);
  return { results, plan: p, stats: session.statsSnapshot() };
}

// ---------------------------------------------------------------------------------------------
// Session: one store and fetcher shared by the rounds of one evaluation

class Session {
  readonly store = new DataStore();
  readonly fetcher: Fetcher;
  private readonly templates = new Map<string, FieldTemplate>();
  private rounds = 0;
  private readonly loaded: Plan[] = [];

  constructor(
    private readonly options: DriverOptions,
    readonly registry: OpRegistry,
  ) {
    this.fetcher = new Fetcher(options.backend, this.store, {
      pageSize: options.pageSize ?? 500,
      maxItems: options.maxRuns ?? DEFAULT_MAX_RUNS,
      signal: options.signal,
      debug: options.debug,
      onDocument: options.onDocument,
    });
  }

  plan(targets: readonly Node[]): Plan {
    return planBatch(targets, { registry: this.registry, pageSize: this.options.pageSize, mode: this.options.mode });
  }

  /** Fetches a plan's document (and its pages); a failure of the whole request is kept for the targets. */
  async load(p: Plan): Promise<void> {
    for (const [k, t] of p.templates) if (!this.templates.has(k)) this.templates.set(k, t);
    this.loaded.push(p);
    try {
      await this.fetcher.fetchDocument(p.document, p.connectionNeeds);
    } catch (e) {
      if (isAbort(e)) throw e;
      this.loadError = e instanceof Error ? e : new Error(String(e));
    }
  }

  loadError: Error | null = null;

  /** Fetches everything resolvers asked for; false when nothing was asked. */
  async satisfy(): Promise<boolean> {
    const fields = this.store.takeFieldRequests();
    const files = this.store.takeFileRequests();
    const listings = this.store.takeListingRequests();
    if (fields.length === 0 && files.length === 0 && listings.length === 0) return false;
    this.rounds++;
    await Promise.all([
      this.fetcher.fetchFields(fields, this.templates),
      this.fetcher.fetchFiles(files),
      this.fetcher.fetchListings(listings),
    ]);
    return true;
  }

  statsSnapshot(): DriverStats {
    return { ...this.fetcher.measuredStats(), rounds: this.rounds };
  }

  /** Runs every target, repeating those that asked for data until nothing is missing. */
  async run(
    targets: readonly Node[],
    values: Readonly<Record<string, unknown>>,
    spans: readonly (ReadonlyMap<Node, Span> | undefined)[],
    p: Plan,
    /** `plain`: values come back with tags stripped (only encoded: no tagged value per row built). */
    form: ResultForm = 'tagged',
  ): Promise<TargetResult[]> {
    const results: (TargetResult | null)[] = targets.map(() => null);
    const pending: number[] = [];
    targets.forEach((_, i) => {
      const planError = p.targets[i]?.error;
      const fetchError = this.fetchErrorFor(i, p);
      if (planError) results[i] = { ok: false, error: planError, diagnostics: [] };
      else if (fetchError) results[i] = { ok: false, error: fetchError, diagnostics: [] };
      else pending.push(i);
    });
    const maxRounds = this.options.maxRounds ?? 8;
    let last = new Map<number, TargetResult>();
    for (let round = 0; pending.length > 0; round++) {
      const again: number[] = [];
      last = new Map();
      for (const i of pending) {
        const before = this.store.requestCount;
        this.store.takeNotes();
        let outcome: TargetResult;
        try {
          const value = executeWith(this.options.engine, targets[i], {
            registry: this.registry,
            variables: values,
            data: { wandb: this.store },
            spans: spans[i],
            signal: this.options.signal,
          }, form);
          outcome = { ok: true, value, diagnostics: [] };
        } catch (e) {
          if (isAbort(e)) throw e;
          outcome = { ok: false, error: e instanceof Error ? e : new Error(String(e)), diagnostics: [] };
        }
        const notes = this.store.takeNotes();
        const withNotes: TargetResult = { ...outcome, diagnostics: notes };
        if (this.store.requestCount !== before) {
          again.push(i);
          last.set(i, withNotes);
        } else results[i] = withNotes;
      }
      pending.length = 0;
      if (again.length === 0) break;
      if (round >= maxRounds || !(await this.satisfy())) {
        for (const i of again) {
          results[i] = {
            ok: false,
            error: new Error(`the data this expression reads could not be fetched in ${maxRounds} rounds`),
            diagnostics: last.get(i)?.diagnostics ?? [],
          };
        }
        break;
      }
      pending.push(...again);
    }
    return results.map((r, i) => this.withTruncations(r as TargetResult, i, p));
  }

  private fetchErrorFor(i: number, p: Plan): Error | null {
    const doc = p.targets[i]?.document;
    if (!doc) return null;
    if (this.loadError) return this.loadError;
    const hit = this.fetcher.errors.find((e) => e.path === undefined || documentHasPath(doc, e.path));
    return hit ? new Error(`GraphQL: ${hit.message}`) : null;
  }

  private withTruncations(r: TargetResult, i: number, p: Plan): TargetResult {
    const mine = p.targets[i]?.connections ?? [];
    const truncs: Truncation[] = this.fetcher.truncations.filter(
      (t) => mine.some((c) => c.path === t.path) || !this.loaded.some((lp) => lp.connectionNeeds.has(t.path)),
    );
    if (truncs.length === 0) return r;
    const extra: DriverDiagnostic[] = truncs.map((t) => ({ code: 'truncated', message: t.message }));
    return { ...r, diagnostics: [...r.diagnostics, ...extra] };
  }
}

/** Does the document select the response path (list indices skipped)? */
function documentHasPath(doc: DocumentNode, path: readonly (string | number)[]): boolean {
  const op = doc.definitions[0];
  if (!op || op.kind !== Kind.OPERATION_DEFINITION) return false;
  let selections: readonly SelectionNode[] = op.selectionSet.selections;
  for (const seg of path) {
    if (typeof seg === 'number') continue;
    const next = findField(selections, seg);
    if (!next) return false;
    selections = next.selectionSet?.selections ?? [];
  }
  return true;
}

function findField(selections: readonly SelectionNode[], key: string): FieldNode | null {
  for (const s of selections) {
    if (s.kind === Kind.FIELD && (s.alias ?? s.name).value === key) return s;
    if (s.kind === Kind.INLINE_FRAGMENT) {
      const f = findField(s.selectionSet.selections, key);
      if (f) return f;
    }
  }
  return null;
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

// ---------------------------------------------------------------------------------------------
// Root variables bound to nodes

function splitBindings(vars: Readonly<Record<string, VariableBinding>> | undefined): {
  nodes: Map<string, Node>;
  values: Record<string, unknown>;
} {
  const nodes = new Map<string, Node>();
  const values: Record<string, unknown> = {};
  for (const [name, b] of Object.entries(vars ?? {})) {
    if ('node' in b) nodes.set(name, b.node);
    else values[name] = b.value;
  }
  return { nodes, values };
}

/**
 * The targets with every free variable bound to a node replaced by that node (variables
 * inside a lambda that names them as parameters are left alone). Bound nodes may themselves
 * use other bound variables (`runs` → `project.runs`).
 */
export function bindVariables(targets: readonly Node[], bindings: ReadonlyMap<string, Node>): { nodes: Node[]; map: Map<Node, Node> } {
  const map = new Map<Node, Node>();
  if (bindings.size === 0) return { nodes: [...targets], map };
  const resolved = new Map<string, Node>();
  const resolving = new Set<string>();
  const resolveBinding = (name: string): Node => {
    const done = resolved.get(name);
    if (done) return done;
    if (resolving.has(name)) throw new Error(`variable ${name} is bound to itself`);
    resolving.add(name);
    const n = subst(bindings.get(name) as Node, new Set(), new Map());
    resolving.delete(name);
    resolved.set(name, n);
    return n;
  };
  const subst = (node: Node, shadowed: ReadonlySet<string>, memo: Map<Node, Node>): Node => {
    const hit = memo.get(node);
    if (hit) return hit;
    let out: Node = node;
    if (node.nodeType === 'var') {
      if (bindings.has(node.varName) && !shadowed.has(node.varName)) out = resolveBinding(node.varName);
    } else if (node.nodeType === 'output') {
      const inputs: Record<string, Node> = {};
      let changed = false;
      for (const [k, v] of Object.entries(node.fromOp.inputs)) {
        const s = subst(v, shadowed, memo);
        if (s !== v) changed = true;
        Object.defineProperty(inputs, k, { value: s, enumerable: true, writable: true, configurable: true });
      }
      if (changed) out = { ...node, fromOp: { name: node.fromOp.name, inputs } };
    } else if (isFunctionLiteral(node)) {
      const params = Object.keys(node.type.inputTypes);
      const inner = params.some((p) => bindings.has(p)) ? new Set([...shadowed, ...params]) : shadowed;
      const body = subst(node.val, inner, inner === shadowed ? memo : new Map());
      if (body !== node.val) out = { ...node, val: body };
    }
    memo.set(node, out);
    if (out !== node) map.set(node, out);
    return out;
  };
  const memo = new Map<Node, Node>();
  return { nodes: targets.map((t) => subst(t, new Set(), memo)), map };
}

function remapSpans(spans: ReadonlyMap<Node, Span> | undefined, map: ReadonlyMap<Node, Node>): ReadonlyMap<Node, Span> | undefined {
  if (!spans || map.size === 0) return spans;
  const out = new Map(spans);
  for (const [from, to] of map) {
    const s = spans.get(from);
    if (s && !out.has(to)) out.set(to, s);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Text in, encoded values out

export interface EvaluateWithBackendOptions extends DriverOptions {
  /** `entity/name`: binds `project` to `project(entity, name)` and `runs` to its runs, as a panel does. */
  readonly project?: string;
  /** More root variables: a type and a value, or a node. */
  readonly variables?: Readonly<Record<string, { readonly type: Type; readonly value?: unknown } | { readonly node: Node }>>;
}

export type BackendEvaluationResult =
  | { readonly ok: true; readonly value: JsonValue; readonly type: Type; readonly diagnostics: readonly DriverDiagnostic[] }
  | { readonly ok: false; readonly error: ErrorReport; readonly diagnostics: readonly DriverDiagnostic[] };

/** The `project` and `runs` nodes a panel binds for `entity/name`. */
export function projectBindings(project: string, registry: OpRegistry = standardRegistry()): { project: Node; runs: Node } {
  const slash = project.indexOf('/');
  if (slash <= 0 || slash === project.length - 1) throw new Error(`--project must be ENTITY/NAME, got ${JSON.stringify(project)}`);
  const entity = project.slice(0, slash);
  const name = project.slice(slash + 1);
  const rootDef = registry.get('root-project');
  const rootInputs = { entityName: constNode('string', entity), projectName: constNode('string', name) };
  const projectNode = outputNode('root-project', rootInputs, rootDef.outputType(rootInputs));
  const runsDef = registry.get('project-runs');
  const runsInputs = { project: projectNode };
  const runsNode = outputNode('project-runs', runsInputs, runsDef.outputType(runsInputs));
  return { project: projectNode, runs: runsNode };
}

interface PreparedBatch {
  readonly session: Session;
  readonly texts: readonly string[];
  readonly parsed: readonly ReturnType<typeof parse>[];
  readonly checked: readonly (ReturnType<typeof check> | null)[];
  readonly bound: { nodes: Node[]; map: Map<Node, Node> };
  readonly plan: Plan;
  readonly values: Readonly<Record<string, unknown>>;
  /** The oracle the refined check used (memoizing; `types` mode only). */
  readonly oracle?: MemoOracle;
  /** Per text: whether its declared check asked the oracle (its type may depend on data). */
  readonly refinable?: readonly boolean[];
}

/**
 * Checks the texts, fetches what the declared types plan, checks again with types refined from
 * the data (fetching what typing reads), and fetches the refined plan when it differs.
 */
async function prepareBatch(texts: readonly string[], options: EvaluateWithBackendOptions, mode: 'evaluate' | 'types' = 'evaluate'): Promise<PreparedBatch> {
  const registry = options.registry ?? standardRegistry();
  const checkBindings: Record<string, Binding> = {};
  const nodeBindings = new Map<string, Node>();
  const values: Record<string, unknown> = {};
  if (options.project) {
    const b = projectBindings(options.project, registry);
    checkBindings.project = { node: b.project };
    checkBindings.runs = { node: b.runs };
    nodeBindings.set('project', b.project);
    nodeBindings.set('runs', b.runs);
  }
  for (const [name, v] of Object.entries(options.variables ?? {})) {
    if ('node' in v) {
      checkBindings[name] = { node: v.node };
      nodeBindings.set(name, v.node);
    } else {
      checkBindings[name] = v.type;
      values[name] = v.value;
    }
  }

  const parsed = texts.map((t) => parse(t));
  const checkAll = () =>
    parsed.map((p, i) => (p.ast ? check(p.ast, { registry, variables: checkBindings, source: texts[i] }) : null));

  const session = new Session(options, registry);
  const bindAll = (nodes: (Node | null)[]) => bindVariables(nodes.map((n) => n ?? varNode('invalid', '\u0000none')), nodeBindings);

  // Round 1: check with declared types, plan, fetch. (Types only: plan just the targets whose
  // typing asks the oracle — the others' types do not depend on data.)
  let checked: (ReturnType<typeof check> | null)[];
  let refinable: boolean[] | undefined;
  if (mode === 'types') {
    const probe = new ProbeOracle();
    checked = parsed.map((p, i) => {
      probe.asked = false;
      const c = p.ast ? withTypeOracle(probe, () => check(p.ast!, { registry, variables: checkBindings, source: texts[i] })) : null;
      (refinable ??= []).push(probe.asked);
      return c;
    });
  } else checked = checkAll();
  const first = bindAll(checked.map((c, i) => (refinable && !refinable[i] ? null : (c?.node ?? null))));
  const plan0 = session.plan(first.nodes);
  if (!refinable || refinable.some((r) => r)) await session.load(plan0);

  // Round 2: check again with types refined from the data. Typing may read data not fetched yet
  // (a table's file, then its peer table): repeat until the types no longer ask for anything.
  const bindOne = (n: Node): Node => bindVariables([n], nodeBindings).nodes[0];
  const oracle = new DataOracle(session.store, registry, bindOne, values);
  const memo = mode === 'types' ? new MemoOracle(oracle, bindOne, () => session.store.requestCount) : undefined;
  for (let round = 0; ; round++) {
    checked = withTypeOracle(memo ?? oracle, checkAll);
    if (round >= (options.maxRounds ?? 8) || !(await session.satisfy())) break;
    oracle.reset();
    memo?.clear();
  }
  const bound = bindAll(checked.map((c) => c?.node ?? null));
  if (mode === 'types') return { session, texts, parsed, checked, bound, plan: plan0, values, oracle: memo, refinable };
  const finalPlan = session.plan(bound.nodes);
  if (finalPlan.text !== plan0.text) await session.load(finalPlan);
  return { session, texts, parsed, checked, bound, plan: finalPlan, values };
}

/** Records whether the checker asked for a data-refined type (and refines nothing). */
class ProbeOracle implements TypeOracle {
  asked = false;
  refine(): undefined {
    this.asked = true;
    return undefined;
  }
}

/**
 * An oracle that remembers its answers by op and (bound) input graphs, so that checking the
 * same receivers again — completions while typing — costs a hash, not a scan of the data. An
 * answer given while the oracle asked for data not fetched yet is not remembered.
 */
class MemoOracle implements TypeOracle {
  private readonly answers = new Map<string, Type | undefined>();

  constructor(
    private readonly inner: TypeOracle,
    private readonly bind: (node: Node) => Node,
    private readonly requests: () => number,
  ) {}

  clear(): void {
    this.answers.clear();
  }

  refine(opName: string, inputs: Readonly<Record<string, Node>>): Type | undefined {
    let key: string;
    try {
      key = opName;
      const memo = new Map<Node, string>();
      for (const k of Object.keys(inputs)) key += `\u0000${k}=${hashNode(this.bind(inputs[k]), memo)}`;
    } catch {
      return this.inner.refine(opName, inputs);
    }
    if (this.answers.has(key)) return this.answers.get(key);
    const before = this.requests();
    const t = this.inner.refine(opName, inputs);
    if (this.requests() === before) {
      if (this.answers.size >= 10_000) this.answers.clear();
      this.answers.set(key, t);
    }
    return t;
  }
}

/**
 * Parses, checks and evaluates expressions against a backend, in one batch. Types of summary,
 * config, history and tables are refined from the fetched data (the expressions are checked
 * again with the refined types). Returns encoded JSON values (`encodeValue`), one per text.
 */
export async function evaluateWithBackend(text: string, options: EvaluateWithBackendOptions): Promise<BackendEvaluationResult>;
export async function evaluateWithBackend(texts: readonly string[], options: EvaluateWithBackendOptions): Promise<BackendEvaluationResult[]>;
export async function evaluateWithBackend(
  input: string | readonly string[],
  options: EvaluateWithBackendOptions,
): Promise<BackendEvaluationResult | BackendEvaluationResult[]> {
  const texts = typeof input === 'string' ? [input] : [...input];
  const { session, parsed, checked, bound, plan: finalPlan, values } = await prepareBatch(texts, options);
  const spans = checked.map((c) => remapSpans(c?.spans, bound.map));
  const runIdx = checked.map((c, i) => (c?.node ? i : -1)).filter((i) => i >= 0);
  const resultOf = new Map(runIdx.map((i, k) => [i, k]));
  const runResults = await session.run(
    runIdx.map((i) => bound.nodes[i]),
    values,
    runIdx.map((i) => spans[i]),
    { ...finalPlan, targets: runIdx.map((i) => finalPlan.targets[i]) },
    'plain',
  );
  const out: BackendEvaluationResult[] = texts.map((text, i) => {
    const p = parsed[i];
    if (!p.ast) return { ok: false, error: report(text, p.diagnostics[0]), diagnostics: [] };
    const c = checked[i];
    if (!c || !c.node) return { ok: false, error: report(text, c?.diagnostics[0] ?? p.diagnostics[0]), diagnostics: [] };
    const r = runResults[resultOf.get(i) as number];
    // run in the plain form: the value has no tags left to strip
    if (r.ok) return { ok: true, value: encodeValue(r.value), type: c.type, diagnostics: r.diagnostics };
    return { ok: false, error: runtimeReport(text, r.error), diagnostics: r.diagnostics };
  });
  return typeof input === 'string' ? out[0] : out;
}

/**
 * The plan `evaluateWithBackend` would execute for these texts: checked with types refined
 * from the data (which is fetched for that), so that the document is the one evaluation sends
 * (`panelql gql` with a backend). Without a backend, `plan()` on the declared-type graphs gives
 * the first-round document.
 */
export async function planWithBackend(texts: readonly string[], options: EvaluateWithBackendOptions): Promise<Plan> {
  return (await prepareBatch(texts, options)).plan;
}

export type BackendCheckResult =
  | {
      readonly ok: true;
      /** The typed graph, checked with types refined from the data (`project` / `runs` substituted). */
      readonly node: Node;
      readonly type: Type;
      /** Source span of every node of `node`. */
      readonly spans: ReadonlyMap<Node, Span>;
      /** Notes about the data read for typing (`truncated`, `graphql-error` …). */
      readonly diagnostics: readonly DriverDiagnostic[];
    }
  | { readonly ok: false; readonly error: ErrorReport; readonly diagnostics: readonly DriverDiagnostic[] };

export interface RefinedBatch {
  /** One result per text, in order. */
  readonly results: readonly BackendCheckResult[];
  /**
   * The oracle the refined check used, over the data fetched for it (answers remembered):
   * `withTypeOracle(oracle, …)` or `suggest(…, {typeOracle})` type other expressions over the
   * same runs without fetching (inside a lambda, `row.summary` is the union over them).
   */
  readonly oracle: TypeOracle;
  readonly stats: DriverStats;
}

/**
 * Parses and checks expressions against a backend without evaluating them: the types of
 * summary, config, history, metadata and table columns are refined from the data, and only
 * the data that refinement reads is fetched — one planned document for the expressions whose
 * typing asks for data (none for the others), then what typing reads (table files …) in later
 * rounds. The targets are never executed. The type equals the one `evaluateWithBackend` returns.
 */
export async function checkWithBackend(text: string, options: EvaluateWithBackendOptions): Promise<BackendCheckResult>;
export async function checkWithBackend(texts: readonly string[], options: EvaluateWithBackendOptions): Promise<BackendCheckResult[]>;
export async function checkWithBackend(
  input: string | readonly string[],
  options: EvaluateWithBackendOptions,
): Promise<BackendCheckResult | BackendCheckResult[]> {
  const { results } = await refineWithBackend(typeof input === 'string' ? [input] : input, options);
  return typeof input === 'string' ? results[0] : [...results];
}

/** `checkWithBackend`, also giving the oracle over the fetched data (for completions) and the fetch statistics. */
export async function refineWithBackend(texts: readonly string[], options: EvaluateWithBackendOptions): Promise<RefinedBatch> {
  const { session, parsed, checked, plan: p, oracle, refinable } = await prepareBatch(texts, options, 'types');
  const truncations: DriverDiagnostic[] = session.fetcher.truncations.map((t) => ({ code: 'truncated', message: t.message }));
  const results = texts.map((text, i): BackendCheckResult => {
    const pr = parsed[i];
    if (!pr.ast) return { ok: false, error: report(text, pr.diagnostics[0]), diagnostics: [] };
    const c = checked[i];
    if (!c || !c.node) return { ok: false, error: report(text, c?.diagnostics[0] ?? pr.diagnostics[0]), diagnostics: [] };
    if (!refinable?.[i]) return { ok: true, node: c.node, type: c.type, spans: c.spans, diagnostics: [] };
    if (session.loadError) return { ok: false, error: runtimeReport(text, session.loadError), diagnostics: [] };
    const doc = p.targets[i]?.document;
    const errors: DriverDiagnostic[] = session.fetcher.errors
      .filter((e) => e.path === undefined || (doc != null && documentHasPath(doc, e.path)))
      .map((e) => ({ code: 'graphql-error', message: `GraphQL: ${e.message}` }));
    return { ok: true, node: c.node, type: c.type, spans: c.spans, diagnostics: [...errors, ...truncations] };
  });
  return { results, oracle: oracle as TypeOracle, stats: session.statsSnapshot() };
}

function report(text: string, d: Diagnostic | undefined): ErrorReport {
  if (!d) return { kind: 'parse', code: 'invalid', message: 'invalid expression', line: null, column: null, suggestions: [] };
  return reportFromDiagnostic(text, d);
}

function runtimeReport(text: string, e: Error): ErrorReport {
  const span = e instanceof RuntimeError ? e.span : null;
  const at = span ? lineColumn(text, span.start) : null;
  return {
    kind: 'runtime',
    code: e.message.startsWith('GraphQL') ? 'backend-error' : 'runtime-error',
    message: e.message,
    line: at?.line ?? null,
    column: at?.column ?? null,
    suggestions: [],
  };
}
