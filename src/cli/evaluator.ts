/**
 * How the REPL evaluates: on a worker thread when it can (so Ctrl-C stops even a busy,
 * synchronous evaluation — the thread is told through shared memory and, if it does not stop
 * in time, replaced), else in this thread. Parse and type errors are found here first, with
 * their exact spans, without a round trip.
 */
import { encodeValue, fromWeaveTypeJson, type ErrorReport, type JsonValue } from '../index.js';
import type { Engine, EngineResult, Progress } from './engine.js';
import { reportFromDiagnostic, reportFromJson, runtimeReport, type ErrorJson } from './errors.js';
import { parse } from '../index.js';

function parseOnly(text: string): { ok: true } | { ok: false; error: ErrorReport } {
  const p = parse(text);
  return p.ast ? { ok: true } : { ok: false, error: reportFromDiagnostic(text, p.diagnostics[0]) };
}
import type { DataOptions } from './open.js';
import type { WorkerPool } from '../server/pool.js';

export interface EvaluateOneOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly onProgress?: (p: Progress) => void;
}

export interface Evaluator {
  evaluate(text: string, options?: EvaluateOneOptions): Promise<EngineResult>;
  close(): Promise<void>;
}

/** Evaluates in the calling thread. */
export function localEvaluator(engine: Engine): Evaluator {
  return {
    async evaluate(text, options = {}) {
      const [r] = await engine.evaluate([text], options);
      return r;
    },
    async close() {},
  };
}

/** Evaluates on one worker thread; falls back to the calling thread if the worker cannot start. */
export function workerEvaluator(engine: Engine, data: DataOptions): Evaluator {
  const local = localEvaluator(engine);
  const pool: Promise<WorkerPool | null> = import('../server/pool.js')
    .then(({ WorkerPool }) => WorkerPool.start({ data: { ...data, notice: undefined }, size: 1 }))
    .catch(() => null);
  return {
    async evaluate(text, options = {}) {
      // Errors known without data come back at once, with their exact spans. (With data,
      // only parse errors: types are refined from the data, in the worker.)
      const checked = engine.hasData ? parseOnly(text) : engine.typeOf(text, options.variables);
      if (!checked.ok) return { ok: false, error: checked.error };
      const p = await pool;
      if (!p) return local.evaluate(text, options);
      const variables: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(options.variables ?? {})) variables[k] = encodeValue(v);
      const outcome = await p.evalJson(
        { exprs: [text], variables, project: engine.project ? `${engine.project.entity}/${engine.project.name}` : null },
        { timeoutMs: options.timeoutMs ?? Infinity, maxResultBytes: Infinity },
        options.signal,
      );
      switch (outcome.status) {
        case 'ok': {
          const item = JSON.parse(outcome.value[0].json) as {
            value?: JsonValue;
            type?: unknown;
            error?: ErrorJson;
            diagnostics?: EngineResult['diagnostics'];
          };
          const diagnostics = item.diagnostics ? { diagnostics: item.diagnostics } : {};
          if (item.error) return { ok: false, error: reportFromJson(item.error), ...diagnostics };
          return { ok: true, value: item.value ?? null, type: fromWeaveTypeJson(item.type), ...diagnostics };
        }
        case 'timeout':
          return { ok: false, error: runtimeReport(`evaluation took longer than ${outcome.ms} ms and was cancelled`, 'timeout') };
        case 'cancelled':
          return { ok: false, error: runtimeReport('cancelled', 'cancelled') };
        case 'too-large':
          return { ok: false, error: runtimeReport('the result is too large', 'result-too-large') };
        case 'failed':
          return { ok: false, error: runtimeReport(outcome.message, outcome.code) };
      }
    },
    async close() {
      await (await pool)?.close();
    },
  };
}
