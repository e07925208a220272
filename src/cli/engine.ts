/**
 * The engine behind the CLI, the REPL and the server: one data source (none, a local
 * workspace, or W&B), the variables a panel would bind (`project`, `runs`), and every
 * operation the surfaces offer (evaluate, type, print, suggest, GraphQL plan, op catalog),
 * each answering data, never throwing for bad input.
 */
import {
  compile,
  evaluate as evaluatePure,
  print,
  standardRegistry,
  suggest,
  toWeaveTypeJson,
  typeOfValue,
  decodeValue,
  type Completion,
  type Compiled,
  type ErrorReport,
  type EvaluationResult,
  type JsonValue,
  type OpRegistry,
  type Type,
  type Variable,
  type WeaveTypeJson,
} from '../index.js';
import { encodeValue, fromWire, run, stripTags, type Node } from '../index.js';
import { walkNodes } from '../graph/node.js';
import type { Backend } from '../backends/backend.js';
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

export interface EvaluateManyOptions {
  /** Extra variables, as plain (lossless-JSON-decoded) values; their types are inferred. */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Overrides the engine's project for this call (`entity/name`). */
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

export type TypeResult = { readonly ok: true; readonly type: Type; readonly json: WeaveTypeJson } | { readonly ok: false; readonly error: ErrorReport };
export type TextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: ErrorReport };
export type GqlResult =
  | { readonly ok: true; readonly query: string | null; readonly note?: string }
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
  readonly project?: ProjectRef | null;
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

  constructor(init: EngineInit = {}) {
    this.registry = init.registry ?? standardRegistry();
    this.backend = init.backend ?? null;
    this.source = init.source ?? (this.backend ? this.backend.name : 'pure expressions');
    this.project = init.project ?? null;
    this.generation = init.generation ?? `${this.source}#${Date.now().toString(36)}`;
  }

  /** Whether expressions can read W&B data (a backend is attached and the driver is available). */
  get hasData(): boolean {
    return false;
  }

  /** The variables visible to expressions: the engine's bindings plus `extra` (types inferred from the values). */
  variables(extra: Readonly<Record<string, unknown>> = {}): Record<string, Variable> {
    const out: Record<string, Variable> = {};
    for (const [name, value] of Object.entries(extra)) out[name] = { type: typeOfValue(value), value };
    return out;
  }

  compile(text: string, extra?: Readonly<Record<string, unknown>>): Compiled {
    return compile(text, { registry: this.registry, variables: this.variables(extra) });
  }

  typeOf(text: string, extra?: Readonly<Record<string, unknown>>): TypeResult {
    try {
      const c = this.compile(text, extra);
      if (!c.node) return { ok: false, error: reportFromDiagnostic(text, c.diagnostics[0]) };
      return { ok: true, type: c.type, json: toWeaveTypeJson(c.type) };
    } catch (e) {
      return { ok: false, error: internal(e) };
    }
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
      return suggest(text, cursor, { registry: this.registry, variables: this.variables() });
    } catch {
      return [];
    }
  }

  /**
   * The GraphQL document the expressions would send. Pure expressions read no W&B data and
   * need no query (`query: null`).
   */
  gql(texts: readonly string[]): GqlResult {
    for (const text of texts) {
      const c = this.compile(text);
      if (!c.node) return { ok: false, error: reportFromDiagnostic(text, c.diagnostics[0]) };
    }
    return { ok: true, query: null, note: 'these expressions read no W&B data: no GraphQL query is needed' };
  }

  /** Evaluates every expression; one result per expression, errors isolated. */
  async evaluate(texts: readonly string[], options: EvaluateManyOptions = {}): Promise<EvaluationResult[]> {
    const limit = deadline(options.timeoutMs ?? Infinity, options.signal, options.poll);
    try {
      const variables = this.variables(options.variables);
      const out: EvaluationResult[] = [];
      for (const text of texts) {
        const cancelled = abortReason(limit.signal);
        if (cancelled) {
          out.push({ ok: false, error: runtimeReport(cancelled.message, cancelled.name === 'TimeoutError' ? 'timeout' : 'cancelled') });
          continue;
        }
        out.push(this.evaluateOne(text, variables, limit.signal));
      }
      return out;
    } finally {
      limit.dispose();
    }
  }

  private evaluateOne(text: string, variables: Record<string, Variable>, signal: AbortSignal): EvaluationResult {
    let result: EvaluationResult;
    try {
      result = evaluatePure(text, { registry: this.registry, variables, signal });
    } catch (e) {
      result = { ok: false, error: internal(e) };
    }
    const cancelled = abortReason(signal);
    if (cancelled && !result.ok && result.error.kind === 'runtime') {
      return { ok: false, error: runtimeReport(cancelled.message, cancelled.name === 'TimeoutError' ? 'timeout' : 'cancelled') };
    }
    return result;
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
      const response: WireResponse = { data: [], errors: [], node_to_error: {} };
      const errorIndex = new Map<string, number>();
      targets.forEach((node, i) => {
        let failure: { type: string; message: string } | null = null;
        const cancelled = abortReason(limit.signal);
        if (cancelled) failure = { type: cancelled.name, message: cancelled.message };
        else {
          try {
            const r = run(node, { spans: new Map(), text: '' }, { registry: this.registry, signal: limit.signal });
            if (r.ok) response.data.push(encodeValue(stripTags(r.value)));
            else failure = { type: 'WeaveExecutionError', message: r.error.message };
          } catch (e) {
            failure = { type: e instanceof Error ? e.name : 'Error', message: internal(e).message };
          }
          const late = abortReason(limit.signal);
          if (failure && late) failure = { type: late.name, message: late.message };
        }
        if (failure) {
          response.data.push(null);
          const key = `${failure.type}\u0000${failure.message}`;
          let at = errorIndex.get(key);
          if (at === undefined) {
            at = response.errors.length;
            errorIndex.set(key, at);
            response.errors.push({ error_type: failure.type, message: failure.message, traceback: [] });
          }
          response.node_to_error[String(i)] = at;
        }
      });
      return { response, deterministic };
    } finally {
      limit.dispose();
    }
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
  for (const [k, v] of Object.entries(json)) out[k] = decodeValue(v);
  return out;
}

function internal(e: unknown): ErrorReport {
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return runtimeReport('the expression is nested too deeply to evaluate', 'too-deep');
  }
  return runtimeReport(`internal error: ${e instanceof Error ? e.message : String(e)}`, 'internal');
}
