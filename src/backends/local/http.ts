/**
 * Serves a backend over HTTP the way the W&B API does: `POST /graphql` with a JSON body
 * `{query, variables, operationName}`, plus `GET /files/...` for file bytes (the `directUrl` of
 * files served by a local backend points here). Binds to 127.0.0.1 by default. Node-only (fastify).
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Backend, FileRef, GraphQLRequest } from '../backend.js';
import { stringifyJsonExtended } from '../json.js';
import { LocalBackend } from './backend.js';
import { PathEscapeError } from './node.js';

export interface InterceptReply {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON (objects) or as-is (strings). */
  body?: unknown;
  /** Waits this long before answering (e.g. to provoke client timeouts). */
  delayMs?: number;
}

export interface ServeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, every request needs `Authorization: Basic base64("api:" + apiKey)`; else 401. */
  apiKey?: string;
  /**
   * Called before each request is handled; returning a reply short-circuits it. Used to inject
   * faults (429/500/slow answers) in tests and demos.
   */
  intercept?: (req: { method: string; url: string; headers: Record<string, string | string[] | undefined> }) =>
    | InterceptReply
    | undefined
    | Promise<InterceptReply | undefined>;
  /** Maximum request body in bytes (default 10 MiB). */
  bodyLimit?: number;
}

export interface ServedWorkspace {
  /** `http://127.0.0.1:<port>` — use as WANDB_BASE_URL. */
  url: string;
  port: number;
  close(): Promise<void>;
}

function checkAuth(header: string | undefined, apiKey: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && decoded.slice(colon + 1) === apiKey;
}

function sendJson(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(stringifyJsonExtended(body));
}

function tail(req: FastifyRequest): string {
  return (req.params as Record<string, string>)['*'] ?? '';
}

export async function serveWorkspaceGraphQL(backend: Backend, opts: ServeOptions = {}): Promise<ServedWorkspace> {
  const app = Fastify({ logger: false, bodyLimit: opts.bodyLimit ?? 10 * 1024 * 1024 });
  let baseUrl = '';

  app.addHook('onRequest', async (req, reply) => {
    if (opts.intercept) {
      const r = await opts.intercept({ method: req.method, url: req.url, headers: req.headers });
      if (r) {
        if (r.delayMs) await new Promise((res) => setTimeout(res, r.delayMs));
        reply.code(r.status);
        for (const [k, v] of Object.entries(r.headers ?? {})) reply.header(k, v);
        if (typeof r.body === 'string' || r.body === undefined) return reply.send(r.body ?? '');
        return sendJson(reply, r.status, r.body);
      }
    }
    if (opts.apiKey !== undefined && !checkAuth(req.headers.authorization, opts.apiKey)) {
      reply.header('www-authenticate', 'Basic realm="wandb"');
      return sendJson(reply, 401, { errors: [{ message: 'user is not logged in' }] });
    }
    return undefined;
  });

  app.post('/graphql', async (req, reply) => {
    const body = req.body as Partial<GraphQLRequest> | undefined;
    if (!body || typeof body.query !== 'string') {
      return sendJson(reply, 400, { errors: [{ message: 'POST a JSON body {"query": "...", "variables": {...}}' }] });
    }
    if (body.variables !== undefined && body.variables !== null && (typeof body.variables !== 'object' || Array.isArray(body.variables))) {
      return sendJson(reply, 400, { errors: [{ message: 'variables must be a JSON object' }] });
    }
    const ac = new AbortController();
    // The client went away before the answer was written: stop working for it.
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) ac.abort();
    });
    const request: GraphQLRequest = {
      query: body.query,
      variables: body.variables ?? undefined,
      operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
      signal: ac.signal,
    };
    const result =
      backend instanceof LocalBackend
        ? await backend.execute(request, { fileBaseUrl: `${baseUrl}/files/` })
        : await backend.execute(request);
    return sendJson(reply, 200, result);
  });

  const serveFile = async (ref: FileRef, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      const bytes = await backend.readFile(ref);
      if (!bytes) return sendJson(reply, 404, { error: 'file not found' });
      return reply.code(200).type('application/octet-stream').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (e) {
      if (e instanceof PathEscapeError) return sendJson(reply, 403, { error: e.message });
      throw e;
    }
  };

  app.get('/files/artifact/:entity/:project/:artifact/:version/*', async (req, reply) => {
    const p = req.params as Record<string, string>;
    return serveFile({ kind: 'artifact', entity: p.entity, project: p.project, artifact: p.artifact, version: p.version, path: tail(req) }, reply);
  });
  app.get('/files/artifact-id/:id/*', async (req, reply) => {
    const p = req.params as Record<string, string>;
    return serveFile({ kind: 'artifactId', id: p.id, path: tail(req) }, reply);
  });
  app.get('/files/run/:entity/:project/:run/*', async (req, reply) => {
    const p = req.params as Record<string, string>;
    return serveFile({ kind: 'run', entity: p.entity, project: p.project, run: p.run, path: tail(req) }, reply);
  });

  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: baseUrl,
    port,
    close: () => app.close(),
  };
}
