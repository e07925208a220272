/**
 * The engine behind the CLI, the REPL and the server: one data source (none, a local
 * workspace, or W&B), the variables a panel would bind (`project`, `runs`), and every
 * operation the surfaces offer (evaluate, type, print, suggest, GraphQL plan, op catalog),
 * each answering data, never throwing for bad input.
 *
 * With a backend, a batch of expressions is evaluated by the execution driver: ONE planned
 * GraphQL document for the batch, types of summary/config/history/tables refined from the
 * fetched data, errors per expression.
 */
import {
  print,
  standardRegistry,
  toWeaveTypeJson,
  typeOfValue,
  decodeValue,
  encodeValue,
  fromWire,
  run,
  stripTags,
  parse,
  type Completion,
  type Compiled,
  type ErrorReport,
  type JsonValue,
  type Node,
  type OpRegistry,
  type Type,
  type WeaveTypeJson,
} from '../index.js';
import { check, type Binding } from '../check/checker.js';
import { completionDataExpression, suggest } from '../check/suggest.js';
import { walkNodes } from '../graph/node.js';
import type { Backend } from '../backends/backend.js';
import { bindVariables, evaluateWithBackend, executeGraphs, projectBindings, refineWithBackend, type DriverDiagnostic } from '../exec/driver.js';
import type { TypeOracle } from '../ops/domain/oracle.js';
import { plan as planBatch, printPlan } from '../graphql-planner/index.js';
import { reportFromDiagnostic, runtimeReport } from './errors.js';
import { abortReason, deadline } from './deadline.js';

export interface ProjectRef {
  readonly entity: string;
  readonly name: string;
}

export function parseProjectRef(text: string): ProjectRef | null {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(text.trim());
  return m ? { entity: m[1], name: m[2] } : null;
}

function projectText(p: ProjectRef): string {
  return `${p.entity}/${p.name}`;
}

export interface EvaluateManyOptions {
  /** Extra variables, as plain (lossless-JSON-decoded) values; their types are inferred. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Overrides the engine's project for this call (null: bind no project). */
  readonly project?: ProjectRef | null;
  readonly signal?: AbortSignal;
  /** Polled during evaluation; returning true cancels (a flag another thread sets). */
  readonly poll?: () => boolean;
  /** Cancel after this many milliseconds (TimeoutError); default: no limit. */
  readonly timeoutMs?: number;
  /** Called with fetch progress (phase, done, total when known). */
  readonly onProgress?: (p: Progress) => void;
}

export interface Progress {
  readonly phase: string;
  readonly done?: number;
  readonly total?: number;
}

/** Non-fatal notes about the data (`truncated`, `not-found` …). */
export type DataDiagnostic = DriverDiagnostic;

/** The answer for one expression: a value and its type, or an error; data notes either way. */
export type EngineResult =
  | { readonly ok: true; readonly value: JsonValue; readonly type: Type; readonly diagnostics?: readonly DataDiagnostic[] }
  | { readonly ok: false; readonly error: ErrorReport; readonly diagnostics?: readonly DataDiagnostic[] };

export type TypeResult = { readonly ok: true; readonly type: Type; readonly json: WeaveTypeJson } | { readonly ok: false; readonly error: ErrorReport };
export type TextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: ErrorReport };
export type GqlResult =
  | { readonly ok: true; readonly query: string | null; readonly note?: string; readonly text: string }
  | { readonly ok: false; readonly error: ErrorReport };

export interface OpInfo {
  readonly name: string;
  readonly displayName: string;
  readonly form: string;
  readonly hidden: boolean;
  readonly inputTypes: Readonly<Record<string, WeaveTypeJson>>;
  readonly description: string;
  readonly argDescriptions: Readonly<Record<string, string>>;
  readonly returnValueDescription: string;
}

export interface EngineInit {
  readonly registry?: OpRegistry;
  /** Where W&B data comes from (a local workspace or W&B); none: pure expressions only. */
  readonly backend?: Backend | null;
  /** See `Engine.generation`; default: the source and the time the engine was made. */
  readonly generation?: string;
  /** Human-readable description of the data source (`pure expressions`, `local:/…`, `wandb:https://…`). */
  readonly source?: string;
  /** The project `project` and `runs` are bound to (only with a backend). */
  readonly project?: ProjectRef | null;
  /** At most this many runs (and elements of other connections) are fetched (driver default 10,000). */
  readonly maxRuns?: number;
}

export class Engine {
  readonly registry: OpRegistry;
  readonly backend: Backend | null;
  readonly source: string;
  readonly project: ProjectRef | null;
  /**
   * Changes whenever the data behind the engine may have changed; results of expressions that
   * read data may be cached under (expression, project, generation).
   */
  readonly generation: string;
  private readonly maxRuns: number | undefined;

  constructor(init: EngineInit = {}) {
    this.registry = init.registry ?? standardRegistry();
    this.backend = init.backend ?? null;
    this.source = init.source ?? (this.backend ? this.backend.name : 'pure expressions');
    this.project = this.backend ? (init.project ?? null) : null;
    this.generation = init.generation ?? `${this.source}#${Date.now().toString(36)}`;
    this.maxRuns = init.maxRuns;
  }

  /** Whether expressions can read W&B data. */
  get hasData(): boolean {
    return this.backend !== null;
  }

  /** `project` and `runs` as a panel binds them (nodes), for the project in effect. */
  private projectNodes(project: ProjectRef | null = this.project): { project: Node; runs: Node } | null {
    if (!project || !this.backend) return null;
    try {
      return projectBindings(projectText(project), this.registry);
    } catch {
      return null;
    }
  }

  /**
   * The checker's bindings: `project` / `runs` by their types (so graphs keep the variable
   * names: printing and planning substitute the nodes themselves) and `extra` values by
   * their inferred types.
   */
  private bindings(extra: Readonly<Record<string, unknown>> = {}, project?: ProjectRef | null): Record<string, Binding> {
    const out: Record<string, Binding> = {};
    const nodes = this.projectNodes(project === undefined ? this.project : project);
    if (nodes) {
      out.project = nodes.project.type;
      out.runs = nodes.runs.type;
    }
    for (const [name, value] of Object.entries(extra)) setOwn(out, name, typeOfValue(value));
    return out;
  }

  /** Parses and checks `text` with the engine's bindings (declared types; no data is read). */
  compile(text: string, extra?: Readonly<Record<string, unknown>>): Compiled {
    const parsed = parse(text);
    if (!parsed.ast) return { text, node: null, type: 'invalid', diagnostics: parsed.diagnostics, spans: new Map() };
    return { text, ...check(parsed.ast, { registry: this.registry, variables: this.bindings(extra), source: text }) };
  }

  /** The declared type of `text` (summary / config / history types are refined only by `typeOfWithData`). */
  typeOf(text: string, extra?: Readonly<Record<string, unknown>>): TypeResult {
    try {
      const c = this.compile(text, extra);
      if (!c.node) return { ok: false, error: reportFromDiagnostic(text, c.diagnostics[0]) };
      return { ok: true, type: c.type, json: toWeaveTypeJson(c.type) };
    } catch (e) {
      return { ok: false, error: internal(e) };
    }
  }

  /**
   * The type of `text` refined from the data (the keys of `runs.summary`, the columns of a
   * table …), without evaluating it: only what typing reads is fetched (`checkWithBackend`).
   */
  async typeOfWithData(text: string, options: EvaluateManyOptions = {}): Promise<TypeResult> {
    return (await this.typesOfWithData([text], options))[0];
  }

  /** `typeOfWithData` for a batch: one planned document for all the expressions whose type depends on data. */
  async typesOfWithData(texts: readonly string[], options: EvaluateManyOptions = {}): Promise<TypeResult[]> {
    const out = texts.map((t) => this.typeOf(t, options.variables));
    const backend = this.backend;
    const refine = backend ? texts.map((_, i) => i).filter((i) => out[i].ok && this.readsData(texts[i])) : [];
    if (refine.length === 0) return out;
    const limit = deadline(options.timeoutMs ?? Infinity, options.signal, options.poll);
    try {
      const { results } = await this.refine(refine.map((i) => texts[i]), options, limit.signal);
      refine.forEach((i, k) => {
        const r = results[k];
        out[i] = r.ok ? { ok: true, type: r.type, json: toWeaveTypeJson(r.type) } : { ok: false, error: r.error };
      });
    } catch (e) {
      const cancelled = abortReason(limit.signal);
      const error = cancelled ? runtimeReport(cancelled.message, cancelled.name === 'TimeoutError' ? 'timeout' : 'cancelled') : internal(e);
      for (const i of refine) out[i] = { ok: false, error };
    } finally {
      limit.dispose();
    }
    return out;
  }

  /** `refineWithBackend` with the engine's backend, project and variables. */
  private refine(texts: readonly string[], options: EvaluateManyOptions, signal: AbortSignal) {
    const project = options.project === undefined ? this.project : options.project;
    return refineWithBackend(texts, {
      backend: this.backend as Backend,
      registry: this.registry,
      signal,
      project: project ? projectText(project) : undefined,
      variables: this.variableValues(options.variables ?? {}),
      maxRuns: this.maxRuns,
    });
  }

  /** Whether `text` reads W&B data (its plan has a GraphQL document). */
  readsData(text: string): boolean {
    const g = this.gql([text]);
    return g.ok && g.query !== null;
  }

  print(text: string, multiline = false): TextResult {
    try {
      const c = this.compile(text);
      if (!c.node) return { ok: false, error: reportFromDiagnostic(text, c.diagnostics[0]) };
      return { ok: true, text: print(c.node, { multiline, registry: this.registry }) };
    } catch (e) {
      return { ok: false, error: internal(e) };
    }
  }

  suggest(text: string, cursor = text.length): Completion[] {
    try {
      return suggest(text, cursor, { registry: this.registry, variables: this.bindings() });
    } catch {
      return [];
    }
  }

  /**
   * Completions that also know the data: for `runs.summary["`, the keys the runs' summaries
   * have; for `runs[0].config.`, the ops valid for the refined type; inside a lambda
   * (`runs.filter((row) => row.config["`), the keys of every run's config. The data the
   * receiver's type needs (`completionDataExpression`) is fetched once and its type oracle kept
   * for the engine's lifetime (refreshed in the background after a minute), so that later
   * completions over the same receiver read no data; anything else falls back to `suggest`.
   */
  async suggestWithData(text: string, cursor = text.length, options: { timeoutMs?: number } = {}): Promise<Completion[]> {
    if (!this.backend) return this.suggest(text, cursor);
    try {
      const data = completionDataExpression(text, cursor);
      if (data === null || (!this.oracles.has(data) && !this.readsData(data))) return this.suggest(text, cursor);
      // A slow first fetch answers with the declared completions; it goes on in the background
      // and the next Tab uses it.
      const oracle = await withinTime(this.completionOracle(data), options.timeoutMs ?? 5000);
      if (!oracle) return this.suggest(text, cursor);
      const items = suggest(text, cursor, { registry: this.registry, variables: this.bindings(), typeOracle: oracle });
      return items.length > 0 ? items : this.suggest(text, cursor);
    } catch {
      return this.suggest(text, cursor);
    }
  }

  /** Type oracles over the data fetched for completion, by data expression. */
  private readonly oracles = new Map<string, { oracle: Promise<TypeOracle | null>; at: number }>();

  private completionOracle(data: string): Promise<TypeOracle | null> {
    const hit = this.oracles.get(data);
    if (hit) {
      // Stale: answer from what we have, refresh for next time.
      if (Date.now() - hit.at > COMPLETION_DATA_TTL_MS) {
        hit.at = Date.now();
        const fresh = this.fetchOracle(data);
        void fresh.then((o) => {
          if (o && this.oracles.get(data) === hit) this.oracles.set(data, { oracle: fresh, at: Date.now() });
        });
      }
      return hit.oracle;
    }
    if (this.oracles.size >= COMPLETION_DATA_ENTRIES) this.oracles.delete(this.oracles.keys().next().value as string);
    const entry = { oracle: this.fetchOracle(data), at: Date.now() };
    this.oracles.set(data, entry);
    void entry.oracle.then((o) => {
      if (!o && this.oracles.get(data) === entry) this.oracles.delete(data);
    });
    return entry.oracle;
  }

  private async fetchOracle(data: string): Promise<TypeOracle | null> {
    const limit = deadline(COMPLETION_FETCH_LIMIT_MS, undefined, undefined);
    try {
      const { results, oracle } = await this.refine([data], {}, limit.signal);
      return results[0]?.ok ? oracle : null;
    } catch {
      return null;
    } finally {
      limit.dispose();
    }
  }

  /** The checked graphs of `texts` with `project` / `runs` replaced by their nodes (what the planner sees). */
  boundGraphs(texts: readonly string[]): { ok: true; nodes: Node[] } | { ok: false; error: ErrorReport } {
    const nodes: Node[] = [];
    for (const text of texts) {
      const c = this.compile(text);
      if (!c.node) return { ok: false, error: reportFromDiagnostic(text, c.diagnostics[0]) };
      nodes.push(c.node);
    }
    const p = this.projectNodes();
    if (!p) return { ok: true, nodes };
    return { ok: true, nodes: bindVariables(nodes, new Map([['project', p.project], ['runs', p.runs]])).nodes };
  }

  /**
   * The GraphQL document the expressions send first (one for the whole batch), planned from
   * the declared types. `query` is null for expressions that read no W&B data; `text` is the
   * planner's annotated listing (targets it cannot plan, fields fetched in a later round).
   */
  gql(texts: readonly string[]): GqlResult {
    try {
      const bound = this.boundGraphs(texts);
      if (!bound.ok) return bound;
      const p = planBatch(bound.nodes, { registry: this.registry });
      if (p.text === '') {
        return { ok: true, query: null, text: printPlan(p), note: 'these expressions read no W&B data: no GraphQL query is needed' };
      }
      return { ok: true, query: p.text, text: printPlan(p) };
    } catch (e) {
      return { ok: false, error: internal(e) };
    }
  }

  /** Evaluates every expression; one result per expression, errors isolated. */
  async evaluate(texts: readonly string[], options: EvaluateManyOptions = {}): Promise<EngineResult[]> {
    const limit = deadline(options.timeoutMs ?? Infinity, options.signal, options.poll);
    try {
      if (this.backend) return await this.evaluateWithData(this.backend, texts, options, limit.signal);
      const variables = options.variables ?? {};
      const out: EngineResult[] = [];
      for (const text of texts) {
        const cancelled = abortReason(limit.signal);
        out.push(cancelled ? cancelledResult(cancelled) : this.evaluatePure(text, variables, limit.signal));
      }
      return out;
    } finally {
      limit.dispose();
    }
  }

  private evaluatePure(text: string, variables: Readonly<Record<string, unknown>>, signal: AbortSignal): EngineResult {
    let result: EngineResult;
    try {
      const c = this.compile(text, variables);
      if (!c.node) return { ok: false, error: reportFromDiagnostic(text, c.diagnostics[0]) };
      const r = run(c.node, c, { registry: this.registry, signal, variables: this.variableValues(variables) });
      result = r.ok ? { ok: true, value: encodeValue(stripTags(r.value)), type: c.type } : r;
    } catch (e) {
      result = { ok: false, error: internal(e) };
    }
    const cancelled = abortReason(signal);
    if (cancelled && !result.ok && result.error.kind === 'runtime') return cancelledResult(cancelled);
    return result;
  }

  private variableValues(values: Readonly<Record<string, unknown>>): Record<string, { type: Type; value: unknown }> {
    const out: Record<string, { type: Type; value: unknown }> = {};
    for (const [name, value] of Object.entries(values)) setOwn(out, name, { type: typeOfValue(value), value });
    return out;
  }

  private async evaluateWithData(backend: Backend, texts: readonly string[], options: EvaluateManyOptions, signal: AbortSignal): Promise<EngineResult[]> {
    const project = options.project === undefined ? this.project : options.project;
    let documents = 0;
    try {
      const results = await evaluateWithBackend(texts, {
        backend,
        registry: this.registry,
        signal,
        project: project ? projectText(project) : undefined,
        variables: this.variableValues(options.variables ?? {}),
        maxRuns: this.maxRuns,
        onDocument: () => options.onProgress?.({ phase: 'querying W&B', done: ++documents }),
      });
      const cancelled = abortReason(signal);
      return results.map((r) => {
        if (!r.ok && cancelled && r.error.kind === 'runtime') return cancelledResult(cancelled);
        const diagnostics = r.diagnostics.length > 0 ? { diagnostics: r.diagnostics } : {};
        return r.ok ? { ok: true, value: r.value, type: r.type, ...diagnostics } : { ok: false, error: r.error, ...diagnostics };
      });
    } catch (e) {
      const cancelled = abortReason(signal);
      if (cancelled) return texts.map(() => cancelledResult(cancelled));
      const report = internal(e);
      return texts.map(() => ({ ok: false, error: report }));
    }
  }

  /**
   * Whether evaluating `text` twice gives the same answer on the same data: false when it
   * uses a random op (`gauss`, `randomlyDownsample` …). Unparsable text is deterministic (its
   * error is).
   */
  isDeterministic(text: string, extra?: Readonly<Record<string, unknown>>): boolean {
    try {
      const c = this.compile(text, extra);
      return c.node ? graphIsDeterministic([c.node]) : true;
    } catch {
      return false;
    }
  }

  /**
   * Executes a Weave wire graph (`{nodes, targetNodes}`), as `POST /__weave/execute` does:
   * one entry of `data` per target (null when it failed), the failures in `errors`, and
   * `node_to_error` mapping target index → error index. Values use the lossless encoding.
   * Throws `WireFormatError` (with the JSON path) for a malformed graph.
   */
  async executeWire(graphs: unknown, options: Pick<EvaluateManyOptions, 'signal' | 'timeoutMs' | 'poll'> = {}): Promise<WireResult> {
    const targets = fromWire(graphs);
    const deterministic = graphIsDeterministic(targets);
    const limit = deadline(options.timeoutMs ?? Infinity, options.signal, options.poll);
    try {
      const outcomes = await this.executeTargets(targets, limit.signal);
      const response: WireResponse = { data: [], errors: [], node_to_error: {} };
      const errorIndex = new Map<string, number>();
      const late = abortReason(limit.signal);
      outcomes.forEach((o, i) => {
        let failure = o.ok ? null : o.error;
        if (failure && late) failure = { type: late.name, message: late.message };
        if (!failure && o.ok) {
          response.data.push(o.value);
          return;
        }
        const f = failure ?? { type: 'Error', message: 'failed' };
        response.data.push(null);
        const key = `${f.type}\u0000${f.message}`;
        let at = errorIndex.get(key);
        if (at === undefined) {
          at = response.errors.length;
          errorIndex.set(key, at);
          response.errors.push({ error_type: f.type, message: f.message, traceback: [] });
        }
        response.node_to_error[String(i)] = at;
      });
      return { response, deterministic };
    } finally {
      limit.dispose();
    }
  }

  private async executeTargets(targets: readonly Node[], signal: AbortSignal): Promise<({ ok: true; value: JsonValue } | { ok: false; error: { type: string; message: string } })[]> {
    const failed = (e: unknown): { ok: false; error: { type: string; message: string } } => {
      const cancelled = abortReason(signal);
      if (cancelled) return { ok: false, error: { type: cancelled.name, message: cancelled.message } };
      return { ok: false, error: { type: e instanceof Error && e.name !== 'Error' ? e.name : 'WeaveExecutionError', message: internal(e).message.replace(/^internal error: /, '') } };
    };
    if (this.backend) {
      try {
        const r = await executeGraphs(targets, { backend: this.backend, registry: this.registry, signal, maxRuns: this.maxRuns });
        return r.results.map((t) => (t.ok ? { ok: true, value: encodeValue(stripTags(t.value)) } : failed(t.error)));
      } catch (e) {
        return targets.map(() => failed(e));
      }
    }
    return targets.map((node) => {
      if (abortReason(signal)) return failed(null);
      try {
        const r = run(node, { spans: new Map(), text: '' }, { registry: this.registry, signal });
        return r.ok ? { ok: true, value: encodeValue(stripTags(r.value)) } : failed(new Error(r.error.message));
      } catch (e) {
        return failed(e);
      }
    });
  }

  /** The op catalog, optionally filtered by a case-insensitive substring of the name or display name. */
  ops(filter = ''): OpInfo[] {
    const f = filter.toLowerCase();
    const out: OpInfo[] = [];
    const seen = new Set<string>();
    for (const def of this.registry.all()) {
      if (seen.has(def.name)) continue;
      seen.add(def.name);
      if (f && !def.name.toLowerCase().includes(f) && !def.displayName.toLowerCase().includes(f)) continue;
      const inputTypes: Record<string, WeaveTypeJson> = {};
      for (const [k, t] of Object.entries(def.inputTypes)) inputTypes[k] = toWeaveTypeJson(t);
      out.push({
        name: def.name,
        displayName: def.displayName,
        form: def.renderInfo.type,
        hidden: def.hidden,
        inputTypes,
        description: def.description,
        argDescriptions: def.argDescriptions,
        returnValueDescription: def.returnValueDescription,
      });
    }
    return out;
  }

  async close(): Promise<void> {
    await this.backend?.close?.();
  }
}

/**
 * Splits the text left of a cursor at a completion site into the receiver chain and the tail
 * after it: `1 + runs.summary["lo` → receiver `runs.summary` (starting at 4), tail `["lo`.
 * Null when the cursor is not after `.name`, `.` or `[` / `["partial`.
 */
export function receiverSplit(prefix: string): { receiver: string; start: number; tail: string } | null {
  const m = /(?:\[\s*(?:"(?:[^"\\]|\\.)*|'(?:[^'\\]|\\.)*)?|\.\s*[A-Za-z_$][\w$]*|\.\s*)$/.exec(prefix);
  if (!m || m.index === 0) return null;
  const end = m.index;
  let i = end;
  while (i > 0) {
    const c = prefix[i - 1];
    if (/[\w$.]/.test(c)) i--;
    else if (c === ')' || c === ']' || c === '}') {
      const open = c === ')' ? '(' : c === ']' ? '[' : '{';
      let depth = 0;
      let j = i - 1;
      for (; j >= 0; j--) {
        const d = prefix[j];
        if (d === '"' || d === "'") {
          j = prefix.lastIndexOf(d, j - 1);
          if (j < 0) return null;
        } else if (d === c) depth++;
        else if (d === open && --depth === 0) break;
      }
      if (j < 0) return null;
      i = j;
    } else if (c === '"' || c === "'") {
      const j = prefix.lastIndexOf(c, i - 2);
      if (j < 0) return null;
      i = j;
    } else break;
  }
  const receiver = prefix.slice(i, end);
  if (receiver === '' || receiver.startsWith('.') || !/^[A-Za-z_$"'(\[{0-9-]/.test(receiver)) return null;
  return { receiver, start: i, tail: prefix.slice(end) };
}

/** After this long, the data behind a completion is fetched again (in the background). */
const COMPLETION_DATA_TTL_MS = 60_000;
/** At most this many receivers' data is kept for completion (the oldest goes first). */
const COMPLETION_DATA_ENTRIES = 32;
/** A fetch for completion gives up after this long. */
const COMPLETION_FETCH_LIMIT_MS = 120_000;

/** The promise's value, or null when it takes longer than `ms`. */
async function withinTime<T>(p: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `o[k] = v` as an own property, even for `__proto__`. */
function setOwn<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function cancelledResult(reason: Error): EngineResult {
  return { ok: false, error: runtimeReport(reason.message, reason.name === 'TimeoutError' ? 'timeout' : 'cancelled') };
}

/** The answer of `POST /__weave/execute`. */
export interface WireResponse {
  data: JsonValue[];
  errors: { error_type: string; message: string; traceback: string[] }[];
  node_to_error: Record<string, number>;
}

export interface WireResult {
  readonly response: WireResponse;
  /** No random op in the graphs: the same graphs give the same answer on the same data. */
  readonly deterministic: boolean;
}

const NONDETERMINISTIC = /random|gauss|shuffle|sample|now|uuid/i;

/** False when any op of the graphs is random (or reads the clock). */
export function graphIsDeterministic(roots: readonly Node[]): boolean {
  let ok = true;
  walkNodes(roots, (n) => {
    if (n.nodeType === 'output' && NONDETERMINISTIC.test(n.fromOp.name)) ok = false;
  });
  return ok;
}

/** Decodes request variables given in lossless JSON (`{"$float": "NaN"}`, `{"$date": …}`). */
export function decodeVariables(json: Readonly<Record<string, JsonValue>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) Object.defineProperty(out, k, { value: decodeValue(v), enumerable: true, writable: true, configurable: true });
  return out;
}

function internal(e: unknown): ErrorReport {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return runtimeReport('the expression is nested too deeply to evaluate', 'too-deep');
  }
  if (e instanceof Error && (e.name === 'WandbApiError' || e.name === 'HistoryFileError' || e.name === 'PathEscapeError')) {
    return runtimeReport(e.message, 'backend-error');
  }
  return runtimeReport(`internal error: ${e instanceof Error ? e.message : String(e)}`, 'internal');
}
