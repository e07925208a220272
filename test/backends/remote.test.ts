import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend, type LocalBackend } from '../../src/backends/local/index.js';
import { serveWorkspaceGraphQL, type InterceptReply, type ServedWorkspace } from '../../src/backends/local/http.js';
import { connectWandb, netrcPassword, retryAfterMs, WandbApiError, type WandbConnectOptions } from '../../src/backends/remote/index.js';
import { readTable } from '../../src/backends/tables.js';
import { toyText } from './helpers.js';

const KEY = 'k'.repeat(40);
const QUERY = '{ project(name: "mnist", entityName: "acme") { runs(first: 2) { edges { node { name summaryMetrics(keys: ["loss"]) } } } } }';

let local: LocalBackend;
let server: ServedWorkspace;
/** Replies queued by a test for the next requests (fault injection), and a request log. */
let faults: InterceptReply[] = [];
let seen: { method: string; url: string; auth?: string }[] = [];

function withFiles(): unknown {
  const ws = JSON.parse(toyText());
  const project = ws.entities[0].projects[0];
  project.runs[0].files = { 'media/table/t 1.table.json': { contents: '{"columns": ["x"], "data": [[NaN]]}' } };
  project.artifacts[0].versions[0].files['img.png'] = { base64: 'iVBORw0KGgo=' };
  return ws;
}

beforeAll(async () => {
  local = createLocalBackend(withFiles());
  server = await serveWorkspaceGraphQL(local, {
    apiKey: KEY,
    intercept: (req) => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization as string | undefined });
      return faults.shift();
    },
  });
});

afterAll(async () => {
  await server.close();
});

function client(extra: WandbConnectOptions = {}) {
  faults = [];
  seen = [];
  return connectWandb({ baseUrl: server.url, apiKey: KEY, env: {}, netrc: false, backoffMs: 5, timeoutMs: 2000, random: () => 0, ...extra });
}

async function failure(p: Promise<unknown>): Promise<WandbApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WandbApiError);
    return e as WandbApiError;
  }
  throw new Error('expected a WandbApiError');
}

describe('remote backend against the local backend over loopback HTTP', () => {
  it('binds to 127.0.0.1 on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('answers like the local backend, with Basic auth api:KEY', async () => {
    const c = client();
    expect(c.name).toBe(`wandb:${server.url}`);
    const { bytes, ...answer } = await c.execute({ query: QUERY });
    const expected = await local.execute({ query: QUERY });
    expect(answer).toEqual(expected);
    // The remote client measured the text it received.
    expect(bytes).toBe(JSON.stringify(expected).length);
    expect(seen[0]).toEqual({ method: 'POST', url: '/graphql', auth: `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}` });
  });

  it('returns GraphQL validation errors instead of throwing', async () => {
    const res = await client().execute({ query: '{ project(name: "x") { bogus } }' });
    expect(res.errors?.[0].message).toMatch(/Cannot query field "bogus"/);
  });

  it('keeps NaN inside JSON scalars over the wire', async () => {
    const ws = { entities: [{ name: 'e', projects: [{ name: 'p', runs: [{ name: 'r', history: [{ _step: 0, x: Number.NaN }] }] }] }] };
    const s = await serveWorkspaceGraphQL(createLocalBackend(ws));
    try {
      const c = connectWandb({ baseUrl: s.url, apiKey: 'x', env: {}, netrc: false });
      const res = await c.execute({ query: '{ project(name:"p", entityName:"e") { run(name:"r") { sampledHistory(specs: ["{\\"keys\\":[\\"x\\"]}"]) } } }' });
      expect((res.data as any).project.run.sampledHistory).toEqual([[{ x: Number.NaN }]]);
    } finally {
      await s.close();
    }
  });

  it.each([
    [429, { 'retry-after': '0' }],
    [500, {}],
    [502, {}],
    [503, {}],
  ])('retries once after %i and succeeds', async (status, headers) => {
    const c = client();
    faults = [{ status, headers, body: { errors: [{ message: 'busy' }] } }];
    const res = await c.execute({ query: QUERY });
    expect((res.data as any).project.runs.edges).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  it('gives up after the configured retries with a clear error', async () => {
    const c = client({ retries: 2 });
    faults = [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }];
    const e = await failure(c.execute({ query: QUERY }));
    expect(e.kind).toBe('server');
    expect(e.status).toBe(503);
    expect(e.attempts).toBe(3);
    expect(e.message).toMatch(/W&B server error \(503\) .* after 3 attempts/);
    expect(seen).toHaveLength(3);
  });

  it('honours Retry-After', async () => {
    const c = client({ backoffMs: 1 });
    faults = [{ status: 429, headers: { 'retry-after': '1' } }];
    const t0 = Date.now();
    await c.execute({ query: QUERY });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(seen).toHaveLength(2);
  });

  it('reports a rejected API key (401) without retrying', async () => {
    const e = await failure(client({ apiKey: 'wrong' }).execute({ query: QUERY }));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/^W&B rejected the API key \(401\) at http:\/\/127\.0\.0\.1:\d+\/graphql: set WANDB_API_KEY to a valid key from http:\/\/127\.0\.0\.1:\d+\/authorize/);
    expect(seen).toHaveLength(1);
  });

  it('says so when no API key was found', async () => {
    const c = connectWandb({ baseUrl: server.url, env: {}, netrc: false });
    expect(c.hasApiKey).toBe(false);
    const e = await failure(c.execute({ query: QUERY }));
    expect(e.message).toMatch(/W&B requires an API key \(401\).*none was found; set WANDB_API_KEY/);
  });

  it('reads WANDB_BASE_URL and WANDB_API_KEY from the environment', async () => {
    const c = connectWandb({ env: { WANDB_BASE_URL: server.url + '/', WANDB_API_KEY: KEY }, netrc: false });
    expect(c.baseUrl).toBe(server.url);
    expect((await c.execute({ query: QUERY })).errors).toBeUndefined();
  });

  it.each([
    [403, 'forbidden', /W&B refused access \(403\)/],
    [404, 'not-found', /W&B answered 404 \(not found\) at .*check WANDB_BASE_URL/],
    [418, 'http', /W&B answered HTTP 418/],
  ])('maps HTTP %i to a %s error', async (status, kind, re) => {
    const c = client();
    faults = [{ status, body: 'no' }];
    const e = await failure(c.execute({ query: QUERY }));
    expect(e.kind).toBe(kind);
    expect(e.message).toMatch(re);
    expect(seen).toHaveLength(1);
  });

  it('rejects a 200 answer that is not a GraphQL response', async () => {
    const c = client();
    faults = [{ status: 200, body: '<html>proxy login</html>', headers: { 'content-type': 'text/html' } }];
    expect((await failure(c.execute({ query: QUERY }))).kind).toBe('bad-response');
  });

  it('times out a slow answer', async () => {
    const c = client({ timeoutMs: 100, retries: 0 });
    faults = [{ status: 200, body: { data: {} }, delayMs: 400 }];
    const e = await failure(c.execute({ query: QUERY }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/timed out after 100 ms/);
  });

  it('retries after a timeout', async () => {
    const c = client({ timeoutMs: 1000, retries: 1 });
    faults = [{ status: 200, body: { data: {} }, delayMs: 2500 }];
    const res = await c.execute({ query: QUERY });
    expect(res.errors).toBeUndefined();
    expect(seen).toHaveLength(2);
  });

  it('retries network errors, then reports them', async () => {
    const dead = await serveWorkspaceGraphQL(local);
    const url = dead.url;
    await dead.close();
    const c = connectWandb({ baseUrl: url, apiKey: KEY, env: {}, netrc: false, retries: 2, backoffMs: 1 });
    const e = await failure(c.execute({ query: QUERY }));
    expect(e.kind).toBe('network');
    expect(e.attempts).toBe(3);
    expect(e.message).toMatch(/cannot reach W&B at .*ECONNREFUSED/);
  });

  it('stops at once when the caller aborts', async () => {
    const c = client({ timeoutMs: 5000 });
    faults = [{ status: 200, body: { data: {} }, delayMs: 300 }];
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user cancelled')), 50);
    await expect(c.execute({ query: QUERY, signal: ac.signal })).rejects.toThrow('user cancelled');
    expect(seen).toHaveLength(1);
  });

  it('reads artifact and run files through directUrl', async () => {
    const c = client();
    const art = await c.readFile({ kind: 'artifact', entity: 'acme', project: 'mnist', artifact: 'dataset', version: 'latest', path: 'x.table.json' });
    expect(new TextDecoder().decode(art!)).toBe('{"columns": ["a", "b"], "data": [[1, "x"], [2, "y"]]}');
    const png = await c.readFile({ kind: 'artifact', entity: 'acme', project: 'mnist', artifact: 'dataset', version: 0, path: 'img.png' });
    expect([...png!.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const table = await readTable(c, { kind: 'run', entity: 'acme', project: 'mnist', run: 'a1', path: 'media/table/t 1.table.json' });
    expect(table.data).toEqual([[Number.NaN]]);
    expect(seen.some((s) => s.method === 'GET' && s.url.includes('/files/run/acme/mnist/a1/media/table/t%201.table.json'))).toBe(true);
  });

  it('reads a file by artifact id (base64 or hex)', async () => {
    const c = client();
    const d = (await c.execute({ query: '{ project(name:"mnist", entityName:"acme") { artifact(name:"dataset:v0") { id } } }' })).data as any;
    const id: string = d.project.artifact.id;
    const hexId = Buffer.from(id, 'base64').toString('hex');
    for (const ref of [id, hexId]) {
      const bytes = await c.readFile({ kind: 'artifactId', id: ref, path: 'x.table.json' });
      expect(bytes?.length).toBe(53);
    }
  });

  it('returns null for missing files, artifacts and runs', async () => {
    const c = client();
    expect(await c.readFile({ kind: 'artifact', entity: 'acme', project: 'mnist', artifact: 'dataset', version: 'latest', path: 'nope' })).toBeNull();
    expect(await c.readFile({ kind: 'artifact', entity: 'acme', project: 'mnist', artifact: 'nope', version: 'latest', path: 'x' })).toBeNull();
    expect(await c.readFile({ kind: 'run', entity: 'acme', project: 'mnist', run: 'zz', path: 'x' })).toBeNull();
  });

  it('serves 400 for a body without a query', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`api:${KEY}`).toString('base64')}` },
      body: JSON.stringify({ nope: 1 }),
    });
    expect(res.status).toBe(400);
  });
});

describe('retry helpers and netrc', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(retryAfterMs('Mon, 01 Jan 2024 00:00:10 GMT', now)).toBe(10_000);
  });

  it('finds the password for the API host in netrc text', () => {
    const text = '# comment\nmachine example.com login a password p1\nmachine api.wandb.ai\n  login user\n  password secret\ndefault login x password fallback\n';
    expect(netrcPassword(text, 'api.wandb.ai')).toBe('secret');
    expect(netrcPassword(text, 'other.host')).toBe('fallback');
    expect(netrcPassword('machine a login b', 'a')).toBeNull();
  });
});
