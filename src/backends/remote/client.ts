/**
 * The remote backend: GraphQL over HTTPS against the W&B API (`${baseUrl}/graphql`), HTTP Basic
 * auth `api:<key>` like the W&B SDK, a per-attempt timeout, and retries with exponential backoff
 * and jitter on 429 / 5xx / network errors / timeouts (Retry-After honoured). See docs/backends.md.
 */
import type { Backend, FileRef, GraphQLRequest, GraphQLResponse } from '../backend.js';
import { describeFileRef } from '../backend.js';
import { parseJsonExtended } from '../json.js';
import { base64, base64Text, unhex } from '../bytes.js';
import { apiKeyFromNetrc } from './netrc.js';

export const DEFAULT_BASE_URL = 'https://api.wandb.ai';

export interface WandbConnectOptions {
  /** API root; default `$WANDB_BASE_URL` or https://api.wandb.ai. */
  baseUrl?: string;
  /** Default `$WANDB_API_KEY`, else the `~/.netrc` (or `$NETRC`) password for the API host. */
  apiKey?: string;
  /** Per-attempt timeout; default 30 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 4. */
  retries?: number;
  /** Base backoff delay; default 500 ms (then ×2 per retry, with jitter). */
  backoffMs?: number;
  /** Cap of one backoff delay (also of a Retry-After wait); default 30 000 ms. */
  maxBackoffMs?: number;
  /** Read `~/.netrc` when no key is given; default true. */
  netrc?: boolean;
  /** Environment to read WANDB_* / NETRC from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Replaces global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Random source for jitter in [0, 1); default Math.random. */
  random?: () => number;
  userAgent?: string;
}

export type WandbErrorKind = 'auth' | 'forbidden' | 'not-found' | 'rate-limit' | 'server' | 'http' | 'timeout' | 'network' | 'bad-response';

/** A transport-level failure talking to W&B (GraphQL errors come back in the response instead). */
export class WandbApiError extends Error {
  constructor(
    message: string,
    readonly kind: WandbErrorKind,
    readonly url: string,
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'WandbApiError';
  }
}

function resolvedOptions(opts: WandbConnectOptions) {
  const env = opts.env ?? (typeof process !== 'undefined' ? process.env : {});
  const baseUrl = (opts.baseUrl ?? env.WANDB_BASE_URL ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let apiKey = opts.apiKey ?? env.WANDB_API_KEY ?? undefined;
  let keySource = opts.apiKey !== undefined ? 'apiKey option' : env.WANDB_API_KEY !== undefined ? 'WANDB_API_KEY' : '';
  if (apiKey === undefined && opts.netrc !== false) {
    const found = apiKeyFromNetrc(new URL(baseUrl).hostname, env);
    if (found) {
      apiKey = found.key;
      keySource = found.file;
    }
  }
  return {
    baseUrl,
    apiKey: apiKey === '' ? undefined : apiKey,
    keySource,
    timeoutMs: opts.timeoutMs ?? 30_000,
    retries: Math.max(0, opts.retries ?? 4),
    backoffMs: opts.backoffMs ?? 500,
    maxBackoffMs: opts.maxBackoffMs ?? 30_000,
    fetch: opts.fetch ?? globalThis.fetch.bind(globalThis),
    random: opts.random ?? Math.random,
    userAgent: opts.userAgent ?? 'panelql',
  };
}

type Resolved = ReturnType<typeof resolvedOptions>;

/** The W&B web app that hands out API keys, for messages. */
function authorizeUrl(baseUrl: string): string {
  return baseUrl === DEFAULT_BASE_URL ? 'https://wandb.ai/authorize' : `${baseUrl}/authorize`;
}

/** Parses Retry-After (seconds or an HTTP date) into milliseconds. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null) return null;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const at = Date.parse(s);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface RequestSpec {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  /** Send the API key (only to the API's own origin). */
  auth: boolean;
  /** Statuses handed back to the caller instead of raising (e.g. 404 for files). */
  pass?: number[];
  signal?: AbortSignal;
}

export class RemoteBackend implements Backend {
  readonly name: string;
  readonly baseUrl: string;
  private readonly o: Resolved;

  constructor(opts: WandbConnectOptions = {}) {
    this.o = resolvedOptions(opts);
    this.baseUrl = this.o.baseUrl;
    this.name = `wandb:${this.o.baseUrl}`;
  }

  /** True when an API key was found (option, WANDB_API_KEY or netrc). */
  get hasApiKey(): boolean {
    return this.o.apiKey !== undefined;
  }

  async execute(req: GraphQLRequest): Promise<GraphQLResponse> {
    const url = `${this.o.baseUrl}/graphql`;
    const res = await this.request({
      url,
      method: 'POST',
      auth: true,
      body: JSON.stringify({ query: req.query, variables: req.variables ?? {}, ...(req.operationName ? { operationName: req.operationName } : {}) }),
      pass: [400, 422],
      signal: req.signal,
    });
    const text = await res.response.text();
    let body: unknown;
    try {
      body = parseJsonExtended(text);
    } catch {
      throw new WandbApiError(
        `W&B answered ${res.response.status} with a body that is not JSON at ${url}: ${text.slice(0, 200)}`,
        'bad-response',
        url,
        res.response.status,
        res.attempts,
      );
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body) || (!('data' in body) && !('errors' in body))) {
      throw new WandbApiError(`W&B answered with JSON that is not a GraphQL response at ${url}`, 'bad-response', url, res.response.status, res.attempts);
    }
    const out = body as GraphQLResponse;
    return { ...(out.data !== undefined ? { data: out.data } : {}), ...(out.errors ? { errors: out.errors } : {}), bytes: text.length };
  }

  /**
   * Looks the file up through GraphQL (its `directUrl`) and downloads it; null when the artifact,
   * run or file does not exist.
   */
  async readFile(ref: FileRef, signal?: AbortSignal): Promise<Uint8Array | null> {
    const node = await this.fileNode(ref, signal);
    if (!node) return null;
    const target = node.directUrl ?? node.url;
    if (!target) throw new WandbApiError(`W&B gave no download URL for ${describeFileRef(ref)}`, 'bad-response', this.baseUrl, null, 1);
    const sameOrigin = new URL(target, this.o.baseUrl).origin === new URL(this.o.baseUrl).origin;
    const res = await this.request({ url: new URL(target, this.o.baseUrl).href, method: 'GET', auth: sameOrigin, pass: [404], signal });
    if (res.response.status === 404) return null;
    return new Uint8Array(await res.response.arrayBuffer());
  }

  private async fileNode(ref: FileRef, signal?: AbortSignal): Promise<{ directUrl?: string | null; url?: string | null } | null> {
    const sel = 'files(names: [$path]) { edges { node { name directUrl url } } }';
    let res: GraphQLResponse;
    let pickOwner: (d: Record<string, unknown>) => unknown;
    if (ref.kind === 'artifactId') {
      const bytes = unhex(ref.id);
      const id = bytes && !/[^0-9a-f]/i.test(ref.id) && ref.id.length >= 16 ? base64(bytes) : ref.id;
      res = await this.execute({ query: `query FileById($id: ID!, $path: String!) { artifact(id: $id) { ${sel} } }`, variables: { id, path: ref.path }, signal });
      pickOwner = (d) => d.artifact;
    } else if (ref.kind === 'artifact') {
      const v = typeof ref.version === 'number' ? `v${ref.version}` : ref.version;
      res = await this.execute({
        query: `query ArtifactFile($e: String, $p: String, $name: String!, $path: String!) {
          project(name: $p, entityName: $e) { artifact(name: $name) { ${sel} } } }`,
        variables: { e: ref.entity, p: ref.project, name: `${ref.artifact}:${v}`, path: ref.path },
        signal,
      });
      pickOwner = (d) => (d.project as Record<string, unknown> | null)?.artifact;
    } else {
      res = await this.execute({
        query: `query RunFile($e: String, $p: String, $run: String!, $path: String!) {
          project(name: $p, entityName: $e) { run(name: $run) { ${sel} } } }`,
        variables: { e: ref.entity, p: ref.project, run: ref.run, path: ref.path },
        signal,
      });
      pickOwner = (d) => (d.project as Record<string, unknown> | null)?.run;
    }
    if (res.errors?.length && !res.data) throw new Error(`looking up ${describeFileRef(ref)}: ${res.errors[0].message}`);
    const owner = res.data ? (pickOwner(res.data) as { files?: { edges: { node: { name: string; directUrl?: string | null; url?: string | null } }[] } } | null) : null;
    const edge = owner?.files?.edges.find((e) => e.node?.name === ref.path);
    return edge?.node ?? null;
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** attempt);
    return Math.round(exp / 2 + (this.o.random() * exp) / 2);
  }

  private headers(spec: RequestSpec): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', 'user-agent': this.o.userAgent };
    if (spec.body !== undefined) h['content-type'] = 'application/json';
    if (spec.auth && this.o.apiKey !== undefined) h.authorization = `Basic ${base64Text(`api:${this.o.apiKey}`)}`;
    return h;
  }

  private async request(spec: RequestSpec): Promise<{ response: Response; attempts: number }> {
    const { url } = spec;
    const max = this.o.retries + 1;
    for (let attempt = 0; ; attempt++) {
      spec.signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(this.o.timeoutMs);
      const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout;
      const attempts = attempt + 1;
      let wait: number;
      let failure: WandbApiError;
      try {
        const response = await this.o.fetch(url, { method: spec.method, headers: this.headers(spec), body: spec.body, signal });
        const status = response.status;
        if (response.ok || spec.pass?.includes(status)) return { response, attempts };
        await response.arrayBuffer().catch(() => undefined); // free the connection
        if (status === 401) throw this.authError(url, attempts);
        if (status === 403) {
          throw new WandbApiError(
            `W&B refused access (403) at ${url}: the API key (${this.o.keySource || 'none'}) is valid but may not read this entity/project`,
            'forbidden',
            url,
            status,
            attempts,
          );
        }
        if (status === 404) {
          throw new WandbApiError(
            `W&B answered 404 (not found) at ${url}: check WANDB_BASE_URL (now ${this.o.baseUrl})`,
            'not-found',
            url,
            status,
            attempts,
          );
        }
        if (status !== 429 && status < 500) {
          throw new WandbApiError(`W&B answered HTTP ${status} at ${url}`, 'http', url, status, attempts);
        }
        const label = status === 429 ? 'rate limit (429)' : `server error (${status})`;
        failure = new WandbApiError(
          `W&B ${label} at ${url}, still failing after ${attempts} attempt${attempts > 1 ? 's' : ''}`,
          status === 429 ? 'rate-limit' : 'server',
          url,
          status,
          attempts,
        );
        const ra = retryAfterMs(response.headers.get('retry-after'));
        wait = ra !== null ? Math.min(ra, this.o.maxBackoffMs) : this.backoff(attempt);
      } catch (e) {
        if (e instanceof WandbApiError) throw e;
        if (spec.signal?.aborted) throw spec.signal.reason ?? e;
        if (timeout.aborted) {
          failure = new WandbApiError(
            `W&B request timed out after ${this.o.timeoutMs} ms at ${url} (${attempts} attempt${attempts > 1 ? 's' : ''})`,
            'timeout',
            url,
            null,
            attempts,
          );
        } else {
          const cause = (e as { cause?: { code?: string; message?: string } }).cause;
          const detail = cause?.code ?? cause?.message ?? (e as Error).message;
          failure = new WandbApiError(
            `cannot reach W&B at ${url}: ${detail} (${attempts} attempt${attempts > 1 ? 's' : ''})`,
            'network',
            url,
            null,
            attempts,
          );
        }
        wait = this.backoff(attempt);
      }
      if (attempts >= max) throw failure;
      await sleep(wait, spec.signal);
    }
  }

  private authError(url: string, attempts: number): WandbApiError {
    const where = authorizeUrl(this.o.baseUrl);
    const msg =
      this.o.apiKey === undefined
        ? `W&B requires an API key (401) at ${url}: none was found; set WANDB_API_KEY (get a key at ${where}), add a ~/.netrc entry for ${new URL(this.o.baseUrl).hostname}, or pass apiKey`
        : `W&B rejected the API key (401) at ${url}: set WANDB_API_KEY to a valid key from ${where} (the key in use came from ${this.o.keySource})`;
    return new WandbApiError(msg, 'auth', url, 401, attempts);
  }

  async close(): Promise<void> {
    // fetch keeps no state of ours; nothing to release.
  }
}

/** Connects to the W&B API (no request is made until the first `execute`). */
export function connectWandb(opts: WandbConnectOptions = {}): RemoteBackend {
  return new RemoteBackend(opts);
}
