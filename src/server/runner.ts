/**
 * Where the server's evaluations run. A `Runner` takes expressions (or a wire graph) with
 * limits and answers serialized JSON, so a worker thread can do the serializing and the HTTP
 * thread only concatenates. `LocalRunner` evaluates on an `Engine` in the calling thread (the
 * workers run one each; tests and `--workers 0` use it directly).
 */
import { toWeaveTypeJson, type JsonValue } from '../index.js';
import { decodeVariables, parseProjectRef, type Engine } from '../cli/engine.js';
import { errorJson } from '../cli/errors.js';

export interface RunLimits {
  /** Cancel the work after this many milliseconds. */
  readonly timeoutMs: number;
  /** Fail when the serialized answer is larger than this (UTF-8 bytes). */
  readonly maxResultBytes: number;
}

export type Outcome<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'timeout'; readonly ms: number }
  | { readonly status: 'cancelled' }
  | { readonly status: 'too-large'; readonly bytes: number | null; readonly limit: number }
  | { readonly status: 'failed'; readonly code: string; readonly message: string; readonly path?: string };

/** One answered expression: `{"value":…,"type":…}` or `{"error":{…}}`, serialized. */
export interface EvalItem {
  readonly json: string;
  readonly ok: boolean;
  /** Same answer again for the same (expression, project, variables, data generation). */
  readonly cacheable: boolean;
}

export interface EvalJob {
  readonly exprs: readonly string[];
  readonly variables?: Readonly<Record<string, JsonValue>>;
  readonly project?: string | null;
}

export interface ExecuteAnswer {
  /** `{"data":[…],"errors":[…],"node_to_error":{…}}` */
  readonly json: string;
  readonly cacheable: boolean;
}

export interface Runner {
  /** Changes when the data may have changed (part of every cache key). */
  readonly generation: string;
  evalJson(job: EvalJob, limits: RunLimits, signal?: AbortSignal): Promise<Outcome<EvalItem[]>>;
  executeJson(graphs: unknown, limits: RunLimits, signal?: AbortSignal): Promise<Outcome<ExecuteAnswer>>;
  close(): Promise<void>;
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Serializes without throwing: a string too long for V8 is "too large". */
function serialize(v: unknown): string | null {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

export class LocalRunner implements Runner {
  constructor(
    readonly engine: Engine,
    /** Polled during evaluation (a cancellation flag set by another thread). */
    private readonly poll?: () => boolean,
  ) {}

  get generation(): string {
    return this.engine.generation;
  }

  async evalJson(job: EvalJob, limits: RunLimits, signal?: AbortSignal): Promise<Outcome<EvalItem[]>> {
    let variables: Record<string, unknown>;
    try {
      variables = decodeVariables(job.variables ?? {});
    } catch (e) {
      return { status: 'failed', code: 'bad-variables', message: e instanceof Error ? e.message : String(e) };
    }
    const project = job.project ? parseProjectRef(job.project) : undefined;
    if (job.project && !project) return { status: 'failed', code: 'bad-project', message: `project must be ENTITY/NAME, got ${JSON.stringify(job.project)}` };
    const results = await this.engine.evaluate(job.exprs, {
      variables,
      project,
      signal,
      poll: this.poll,
      timeoutMs: limits.timeoutMs,
    });
    const items: EvalItem[] = [];
    let bytes = 0;
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (!r.ok && r.error.code === 'timeout') return { status: 'timeout', ms: limits.timeoutMs };
      if (!r.ok && r.error.code === 'cancelled') return { status: 'cancelled' };
      const notes = r.diagnostics && r.diagnostics.length > 0 ? { diagnostics: r.diagnostics } : {};
      const json = serialize(r.ok ? { value: r.value, type: toWeaveTypeJson(r.type), ...notes } : { error: errorJson(r.error), ...notes });
      if (json === null) return { status: 'too-large', bytes: null, limit: limits.maxResultBytes };
      bytes += byteLength(json) + 1;
      if (bytes > limits.maxResultBytes) return { status: 'too-large', bytes, limit: limits.maxResultBytes };
      const cacheable = r.ok ? this.engine.isDeterministic(job.exprs[i], variables) : r.error.kind !== 'runtime';
      items.push({ json, ok: r.ok, cacheable });
    }
    return { status: 'ok', value: items };
  }

  async executeJson(graphs: unknown, limits: RunLimits, signal?: AbortSignal): Promise<Outcome<ExecuteAnswer>> {
    let answer;
    try {
      answer = await this.engine.executeWire(graphs, { signal, poll: this.poll, timeoutMs: limits.timeoutMs });
    } catch (e) {
      const path = (e as { path?: unknown }).path;
      if (e instanceof Error && e.name === 'WireFormatError') return { status: 'failed', code: 'bad-graph', message: e.message, ...(typeof path === 'string' ? { path } : {}) };
      return { status: 'failed', code: 'internal', message: e instanceof Error ? e.message : String(e) };
    }
    for (const err of answer.response.errors) {
      if (err.error_type === 'TimeoutError') return { status: 'timeout', ms: limits.timeoutMs };
      if (err.error_type === 'CancelledError') return { status: 'cancelled' };
    }
    const json = serialize(answer.response);
    if (json === null) return { status: 'too-large', bytes: null, limit: limits.maxResultBytes };
    const bytes = byteLength(json);
    if (bytes > limits.maxResultBytes) return { status: 'too-large', bytes, limit: limits.maxResultBytes };
    return { status: 'ok', value: { json, cacheable: answer.response.errors.length === 0 && answer.deterministic } };
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}
