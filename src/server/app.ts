/**
 * The evaluation server (fastify@5):
 * - `POST /v1/eval` `{"exprs": [...], "variables": {...}, "project": "e/p"}` →
 *   `{"results": [{"value", "type"} | {"error"}]}`, one per expression, errors isolated;
 * - `POST /__weave/execute` — the Weave wire format (`{"graphs": {nodes, targetNodes}}` →
 *   `{"data", "errors", "node_to_error"}`), values lossless (`{"$float": "NaN"}`);
 * - `GET /v1/ops` (and `GET /__weave/ops`): the op catalog; `GET /healthz`.
 *
 * Every failure is a JSON body `{statusCode, error, code, message, …}` with the right status:
 * 400 malformed JSON (with position, line, column) or graph (with the JSON path), 401 missing
 * or wrong API key, 404, 413 body or result too large, 415 not JSON, 422 expression too long
 * or too deep (and other unprocessable work), 504 time limit (the work is cancelled).
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { fromWire, parse, WireFormatError, type JsonValue } from '../index.js';
import type { Engine } from '../cli/engine.js';
import { parseProjectRef } from '../cli/engine.js';
import { TtlCache } from './cache.js';
import { JsonSyntaxError, parseJson } from './json.js';
import type { EvalItem, Outcome, RunLimits, Runner } from './runner.js';

export interface ServerLimits {
  /** Largest request body, bytes (413). */
  readonly maxBodyBytes: number;
  /** Longest expression, characters (422). */
  readonly maxExprLength: number;
  /** Deepest expression: bracket nesting and syntax-tree depth (422). */
  readonly maxExprDepth: number;
  /** Most expressions in one request (422). */
  readonly maxExprs: number;
  /** Most items in a wire graph (422). */
  readonly maxGraphNodes: number;
  /** Longest evaluation of one request, ms (504, the work is cancelled). */
  readonly maxTimeMs: number;
  /** Largest response, bytes (413). */
  readonly maxResultBytes: number;
  /** How long an answer is reused for an identical request, ms (0: no cache). */
  readonly cacheTtlMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 1 << 20,
  maxExprLength: 10_000,
  maxExprDepth: 100,
  maxExprs: 100,
  maxGraphNodes: 20_000,
  maxTimeMs: 10_000,
  maxResultBytes: 16 << 20,
  cacheTtlMs: 5_000,
};

export interface ServerOptions {
  /** Evaluates (a worker pool, or a LocalRunner in the same thread). */
  readonly runner: Runner;
  /** The op catalog and descriptions of the data source. */
  readonly engine: Engine;
  /** Require `Authorization: Bearer KEY` on every route but /healthz. */
  readonly apiKey?: string | null;
  readonly limits?: Partial<ServerLimits>;
  /** fastify's logger (default off). */
  readonly logger?: boolean;
}

/** An HTTP error with a machine-readable code and extra fields for the JSON body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, JsonValue> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function errorBody(status: number, code: string, message: string, details: Record<string, JsonValue> = {}): string {
  return JSON.stringify({ statusCode: status, error: STATUS_TEXT[status] ?? 'Error', code, message, ...details });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deepest bracket nesting of `text`, ignoring brackets inside string literals. */
export function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return max;
}

/** Depth of a syntax tree (any object with a `kind`), without recursion. */
export function treeDepth(root: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const isNode = !Array.isArray(v) && typeof (v as { kind?: unknown }).kind === 'string';
    const here = isNode ? d : d - 1;
    if (isNode && d > max) max = d;
    for (const [k, child] of Object.entries(v)) {
      if (k === 'span' || k === 'keySpan' || child === null || typeof child !== 'object') continue;
      stack.push([child, here + 1]);
    }
  }
  return max;
}

/** 422 when an expression is too long or too deep to evaluate safely. */
export function checkExpression(text: string, index: number, limits: ServerLimits): void {
  if (text.length > limits.maxExprLength) {
    throw new HttpError(422, 'expression-too-long', `expression ${index} has ${text.length} characters; at most ${limits.maxExprLength} are allowed`, {
      index,
      length: text.length,
      limit: limits.maxExprLength,
    });
  }
  const tooDeep = (depth: number): HttpError =>
    new HttpError(422, 'expression-too-deep', `expression ${index} is nested ${depth} levels deep; at most ${limits.maxExprDepth} are allowed`, {
      index,
      depth,
      limit: limits.maxExprDepth,
    });
  const brackets = bracketDepth(text);
  if (brackets > limits.maxExprDepth) throw tooDeep(brackets);
  let ast: unknown;
  try {
    ast = parse(text).ast;
  } catch (e) {
    if (e instanceof RangeError) throw tooDeep(brackets);
    return; // the evaluation reports the problem as the expression's error
  }
  if (ast) {
    const depth = treeDepth(ast);
    if (depth > limits.maxExprDepth) throw tooDeep(depth);
  }
}

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function outcomeError(o: Exclude<Outcome<unknown>, { status: 'ok' }>): HttpError {
  switch (o.status) {
    case 'timeout':
      return new HttpError(504, 'timeout', `the evaluation took longer than ${o.ms} ms and was cancelled`, { limit: o.ms });
    case 'cancelled':
      return new HttpError(499 as number, 'cancelled', 'the request was cancelled');
    case 'too-large':
      return new HttpError(
        413,
        'result-too-large',
        o.bytes === null ? `the result is too large to send (limit ${o.limit} bytes)` : `the result has ${o.bytes} bytes; at most ${o.limit} are allowed`,
        { limit: o.limit, ...(o.bytes === null ? {} : { bytes: o.bytes }) },
      );
    case 'failed':
      switch (o.code) {
        case 'bad-graph':
          return new HttpError(400, 'bad-graph', o.message, o.path ? { path: o.path } : {});
        case 'bad-variables':
        case 'bad-project':
          return new HttpError(400, o.code, o.message);
        case 'memory-limit':
          return new HttpError(422, 'memory-limit', o.message);
        case 'overloaded':
        case 'closing':
          return new HttpError(503, o.code, o.message);
        default:
          return new HttpError(500, o.code, o.message);
      }
  }
}

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...stripUndefined(options.limits ?? {}) };
  const { runner, engine } = options;
  const apiKey = options.apiKey ?? null;
  const cache = new TtlCache(limits.cacheTtlMs);
  const runLimits: RunLimits = { timeoutMs: limits.maxTimeMs, maxResultBytes: limits.maxResultBytes };
  const started = Date.now();

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.maxBodyBytes,
    // A client must send its whole request in this time (slow-loris protection).
    requestTimeout: Math.max(30_000, limits.maxTimeMs + 5_000),
    return503OnClosing: true,
  });

  // Our own JSON parser: the same limits, and a position for every syntax error. `text/plain`
  // bodies are read as JSON too (what `fetch(url, {body: JSON.stringify(…)})` sends by
  // default); any other media type is 415.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(new HttpError(400, 'empty-body', 'the request body is empty; expected JSON'), undefined);
      return;
    }
    try {
      done(null, parseJson(text));
    } catch (e) {
      if (e instanceof JsonSyntaxError) {
        const p = e.problem;
        done(new HttpError(400, 'bad-json', e.message, { position: p.position, line: p.line, column: p.column }), undefined);
      } else done(e as Error, undefined);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, _req, reply) => {
    if (err instanceof HttpError) {
      void reply.code(err.statusCode).type('application/json').send(errorBody(err.statusCode, err.code, err.message, err.details));
      return;
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    const code =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'body-too-large'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported-media-type'
          : err.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
            ? 'bad-content-length'
          : status === 500
            ? 'internal'
            : (err.code ?? 'error').toLowerCase();
    const message =
      code === 'body-too-large' ? `the request body is larger than ${limits.maxBodyBytes} bytes` : status === 500 ? `internal error: ${err.message}` : err.message;
    const details: Record<string, JsonValue> = code === 'body-too-large' ? { limit: limits.maxBodyBytes } : {};
    void reply.code(status).type('application/json').send(errorBody(status, code, message, details));
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).type('application/json').send(errorBody(404, 'not-found', `no route ${req.method} ${req.url.split('?')[0]}`));
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!apiKey || req.url === '/healthz' || req.url.startsWith('/healthz?')) return;
    const given = bearer(req.headers.authorization);
    if (given === null || !sameKey(given, apiKey)) {
      void reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .type('application/json')
        .send(errorBody(401, 'unauthorized', given === null ? 'missing Authorization: Bearer <key>' : 'wrong API key'));
      return reply;
    }
    return undefined;
  });

  /** Aborts when the client goes away before the answer is sent. */
  const disconnectSignal = (reply: FastifyReply): { signal: AbortSignal; dispose(): void } => {
    const controller = new AbortController();
    const onClose = (): void => {
      if (!reply.raw.writableFinished) controller.abort();
    };
    reply.raw.on('close', onClose);
    return { signal: controller.signal, dispose: () => reply.raw.off('close', onClose) };
  };

  app.get('/healthz', async (_req, reply) => {
    const info = {
      status: 'ok',
      version: '0.1.0',
      source: engine.source,
      project: engine.project ? `${engine.project.entity}/${engine.project.name}` : null,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      cache: { entries: cache.size, hits: cache.hits, misses: cache.misses },
    };
    return reply.type('application/json').send(JSON.stringify(info));
  });

  let opsJson: string | null = null;
  const opsList = (): string => (opsJson ??= JSON.stringify(engine.ops()));
  app.get('/v1/ops', async (req: FastifyRequest<{ Querystring: { filter?: string } }>, reply) => {
    const filter = typeof req.query.filter === 'string' ? req.query.filter : '';
    const body = filter ? JSON.stringify(engine.ops(filter)) : opsList();
    return reply.type('application/json').send(`{"ops":${body}}`);
  });
  app.get('/__weave/ops', async (_req, reply) => reply.type('application/json').send(`{"data":${opsList()}}`));

  app.post('/v1/eval', async (req, reply) => {
    const body = req.body;
    if (!isRecord(body)) throw new HttpError(400, 'bad-request', 'expected a JSON object {"exprs": ["…"], "variables": {…}, "project": "entity/name"}');
    const exprs = body.exprs;
    if (!Array.isArray(exprs) || exprs.length === 0 || !exprs.every((e) => typeof e === 'string')) {
      throw new HttpError(400, 'bad-request', '"exprs" must be a non-empty array of strings', { path: '$.exprs' });
    }
    if (exprs.length > limits.maxExprs) {
      throw new HttpError(422, 'too-many-expressions', `${exprs.length} expressions in one request; at most ${limits.maxExprs} are allowed`, {
        limit: limits.maxExprs,
      });
    }
    const variables = body.variables;
    if (variables !== undefined && variables !== null && !isRecord(variables)) {
      throw new HttpError(400, 'bad-request', '"variables" must be an object of name → value', { path: '$.variables' });
    }
    for (const name of Object.keys(variables ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === '__proto__') {
        throw new HttpError(400, 'bad-request', `${JSON.stringify(name)} is not a variable name`, { path: '$.variables' });
      }
    }
    const project = body.project;
    if (project !== undefined && project !== null && (typeof project !== 'string' || !parseProjectRef(project))) {
      throw new HttpError(400, 'bad-request', '"project" must be "entity/name"', { path: '$.project' });
    }
    const texts = exprs as string[];
    const vars = (variables ?? undefined) as Record<string, JsonValue> | undefined;
    const prefix = `e\u0000${runner.generation}\u0000${project ?? ''}\u0000${vars ? JSON.stringify(vars) : ''}\u0000`;
    const answers: (string | undefined)[] = texts.map((t) => cache.get(prefix + t));
    const missing: number[] = [];
    answers.forEach((a, i) => {
      if (a === undefined) missing.push(i);
    });
    if (missing.length > 0) {
      for (const i of missing) checkExpression(texts[i], i, limits);
      const todo = [...new Set(missing.map((i) => texts[i]))];
      const cancel = disconnectSignal(reply);
      let outcome: Outcome<EvalItem[]>;
      try {
        outcome = await runner.evalJson({ exprs: todo, variables: vars, project: (project as string | null | undefined) ?? null }, runLimits, cancel.signal);
      } finally {
        cancel.dispose();
      }
      if (outcome.status !== 'ok') throw outcomeError(outcome);
      const byText = new Map<string, EvalItem>();
      todo.forEach((t, k) => byText.set(t, outcome.value[k]));
      for (const i of missing) {
        const item = byText.get(texts[i])!;
        answers[i] = item.json;
        if (item.cacheable) cache.set(prefix + texts[i], item.json);
      }
    }
    const json = `{"results":[${answers.join(',')}]}`;
    const bytes = Buffer.byteLength(json);
    if (bytes > limits.maxResultBytes) {
      throw new HttpError(413, 'result-too-large', `the result has ${bytes} bytes; at most ${limits.maxResultBytes} are allowed`, {
        bytes,
        limit: limits.maxResultBytes,
      });
    }
    return reply.type('application/json').send(json);
  });

  app.post('/__weave/execute', async (req, reply) => {
    const startedAt = performance.now();
    const body = req.body;
    if (!isRecord(body) || !isRecord(body.graphs)) {
      throw new HttpError(400, 'bad-graph', 'expected {"graphs": {"nodes": […], "targetNodes": […]}}', { path: '$.graphs' });
    }
    const graphs = body.graphs;
    const nodes = graphs.nodes;
    if (Array.isArray(nodes) && nodes.length > limits.maxGraphNodes) {
      throw new HttpError(422, 'graph-too-large', `the graph has ${nodes.length} items; at most ${limits.maxGraphNodes} are allowed`, {
        limit: limits.maxGraphNodes,
      });
    }
    try {
      fromWire(graphs);
    } catch (e) {
      if (e instanceof WireFormatError) throw new HttpError(400, 'bad-graph', e.message, { path: `$.graphs${e.path.slice(1)}` });
      if (e instanceof RangeError) throw new HttpError(422, 'graph-too-deep', 'the graph is nested too deeply');
      throw e;
    }
    const scope = req.headers['x-weave-client-cache-key'];
    const key = `x\u0000${runner.generation}\u0000${typeof scope === 'string' ? scope : ''}\u0000${JSON.stringify(graphs)}`;
    let json = cache.get(key);
    if (json === undefined) {
      const cancel = disconnectSignal(reply);
      let outcome;
      try {
        outcome = await runner.executeJson(graphs, runLimits, cancel.signal);
      } finally {
        cancel.dispose();
      }
      if (outcome.status !== 'ok') throw outcomeError(outcome);
      json = outcome.value.json;
      if (outcome.value.cacheable) cache.set(key, json);
    }
    if (String(req.headers['x-weave-include-execution-time'] ?? '').toLowerCase() === 'true') {
      json = `${json.slice(0, -1)},"execution_time":${(performance.now() - startedAt).toFixed(3)}}`;
    }
    return reply.type('application/json').send(json);
  });

  app.addHook('onClose', async () => {
    cache.clear();
  });

  return app;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
