/**
 * The evaluation server end to end: a real `panelql serve` process on 127.0.0.1 (port 0),
 * real HTTP. Small limits make every limit reachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, toWire } from '../../src/index.js';
import { warm } from '../cli/helpers.js';
import { post, request, startServer, type ServerProcess } from './helpers.js';

const KEY = 'test-key-123';
let server: ServerProcess;
let url: string;

beforeAll(async () => {
  await warm();
  server = await startServer(
    ['--api-key', KEY, '--workers', '1', '--max-time', '1500', '--max-body', '20000', '--max-result', '100000', '--max-expr-length', '500', '--max-depth', '20', '--worker-memory', '192'],
    { PANELQL_API_KEY: undefined },
  );
  url = server.url;
});

afterAll(async () => {
  const r = await server?.stop();
  expect(r?.code).toBe(0);
});

const evalOk = (exprs: unknown[], extra: Record<string, unknown> = {}) => post(`${url}/v1/eval`, { exprs, ...extra }, KEY);

describe('auth', () => {
  it('/healthz needs no key; everything else needs Authorization: Bearer KEY', async () => {
    const health = await request(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    const attempts = await Promise.all([
      post(`${url}/v1/eval`, { exprs: ['1'] }),
      post(`${url}/v1/eval`, { exprs: ['1'] }, 'wrong-key'),
      request(`${url}/v1/ops`),
      post(`${url}/__weave/execute`, { graphs: { nodes: [], targetNodes: [] } }),
      request(`${url}/v1/ops`, { headers: { authorization: `Basic ${KEY}` } }),
    ]);
    for (const a of attempts) {
      expect(a.status).toBe(401);
      expect(a.json).toMatchObject({ statusCode: 401, code: 'unauthorized' });
      expect(a.headers.get('www-authenticate')).toBe('Bearer');
    }
  });
});

describe('POST /v1/eval', () => {
  it('one result per expression, errors isolated, NaN lossless', async () => {
    const r = await evalOk(['1 + 2', '[1, 0/0]', '1 +', '"x".foo', 'range(0, 3, -1)', '{a: "b"}']);
    expect(r.status).toBe(200);
    const [sum, nan, parse, type, runtime, dict] = r.json.results;
    expect(sum).toEqual({ value: 3, type: 'number' });
    expect(nan.value).toEqual([1, { $float: 'NaN' }]);
    expect(parse.error).toMatchObject({ kind: 'parse', line: 1, column: 4 });
    expect(type.error).toMatchObject({ kind: 'type', line: 1, column: 5 });
    expect(runtime.error).toMatchObject({ kind: 'runtime' });
    expect(dict).toEqual({ value: { a: 'b' }, type: { type: 'typedDict', propertyTypes: { a: 'string' } } });
  });

  it('variables (lossless JSON) bind names', async () => {
    const r = await evalOk(['x + 1', 'xs.count', 'bad + 1'], { variables: { x: 41, xs: [1, { $float: 'NaN' }] } });
    expect(r.json.results[0].value).toBe(42);
    expect(r.json.results[1].value).toBe(2);
    expect(r.json.results[2].error.kind).toBe('type');
  });

  it('bad requests are 400 with a path', async () => {
    const cases = await Promise.all([
      post(`${url}/v1/eval`, { exprs: 'x' }, KEY),
      post(`${url}/v1/eval`, { exprs: [] }, KEY),
      post(`${url}/v1/eval`, { exprs: [1] }, KEY),
      post(`${url}/v1/eval`, [1, 2], KEY),
      post(`${url}/v1/eval`, { exprs: ['1'], variables: [1] }, KEY),
      post(`${url}/v1/eval`, { exprs: ['1'], variables: { 'not a name': 1 } }, KEY),
      post(`${url}/v1/eval`, '{"exprs": ["1"], "variables": {"__proto__": 1}}', KEY),
      post(`${url}/v1/eval`, { exprs: ['1'], project: 'nope' }, KEY),
    ]);
    for (const c of cases) {
      expect(c.status).toBe(400);
      expect(c.json.statusCode).toBe(400);
      expect(typeof c.json.message).toBe('string');
    }
    expect(cases[0].json.path).toBe('$.exprs');
    expect(cases[7].json.path).toBe('$.project');
  });

  it('malformed JSON: 400 with position, line and column', async () => {
    const r = await post(`${url}/v1/eval`, '{"exprs": ["1",\n  ]}', KEY);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'bad-json', position: 18, line: 2, column: 3 });
    const empty = await post(`${url}/v1/eval`, '', KEY);
    expect(empty.status).toBe(400);
    const trailing = await post(`${url}/v1/eval`, '{"exprs": ["1"]} x', KEY);
    expect(trailing.json).toMatchObject({ code: 'bad-json', position: 17 });
  });

  it('limits: body 413, expression length / depth 422, not JSON 415', async () => {
    const [body, long, deep, chain, media, plain] = await Promise.all([
      post(`${url}/v1/eval`, { exprs: ['"' + 'a'.repeat(30_000) + '"'] }, KEY),
      evalOk(['1 + '.repeat(200) + '1']),
      evalOk(['('.repeat(30) + '1' + ')'.repeat(30)]),
      evalOk(['[1]' + '.count.toString.len'.repeat(10)]),
      request(`${url}/v1/eval`, { method: 'POST', body: 'exprs=1', key: KEY, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      request(`${url}/v1/eval`, { method: 'POST', body: '{"exprs": ["1"]}', key: KEY, headers: { 'content-type': 'text/plain;charset=UTF-8' } }),
    ]);
    expect(body.status).toBe(413);
    expect(body.json).toMatchObject({ code: 'body-too-large', limit: 20000 });
    expect(long.status).toBe(422);
    expect(long.json).toMatchObject({ code: 'expression-too-long', index: 0, limit: 500 });
    expect(deep.status).toBe(422);
    expect(deep.json).toMatchObject({ code: 'expression-too-deep', depth: 30 });
    expect(chain.status).toBe(422);
    expect(chain.json.code).toBe('expression-too-deep');
    expect(media.status).toBe(415);
    expect(media.json.code).toBe('unsupported-media-type');
    expect(plain.json.results[0].value).toBe(1);
  });

  it('result size: 413', async () => {
    const r = await evalOk(['range(0, 100000, 1)']);
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ code: 'result-too-large', limit: 100000 });
  });

  it('time limit: 504 after cancelling; the server keeps answering', async () => {
    const t0 = Date.now();
    const slow = await evalOk(['range(0, 100000, 1).map((x) => range(0, x, 1).count).sum']);
    const took = Date.now() - t0;
    expect(slow.status).toBe(504);
    expect(slow.json).toMatchObject({ code: 'timeout', limit: 1500 });
    // Uncancelled, this would run for hours; the loose bound only tells "cancelled" from "ran".
    expect(took).toBeLessThan(20_000);
    const after = await evalOk(['2 * 21']);
    expect(after.json.results[0].value).toBe(42);
  });

  it('memory limit: the worker is replaced, the request gets 422', async () => {
    const r = await evalOk(['range(0, 60000, 1).map((x) => range(0, x, 1))']);
    expect([422, 413, 504]).toContain(r.status);
    const after = await evalOk(['1 + 1']);
    expect(after.json.results[0].value).toBe(2);
  });

  it('caches deterministic answers, not random ones', async () => {
    const before = (await request(`${url}/healthz`)).json.cache.hits;
    await evalOk(['[1, 2, 3].avg']);
    await evalOk(['[1, 2, 3].avg']);
    const after = (await request(`${url}/healthz`)).json.cache.hits;
    expect(after).toBeGreaterThan(before);
    const a = await evalOk(['gauss(0, 1, 3)']);
    const b = await evalOk(['gauss(0, 1, 3)']);
    expect(a.json.results[0].value).not.toEqual(b.json.results[0].value);
  });
});

describe('POST /__weave/execute', () => {
  const graphOf = (...exprs: string[]) => toWire(exprs.map((e) => compile(e).node!));

  it('answers every target; NaN lossless; per-node errors as the reference reports them', async () => {
    const graphs = graphOf('1 + 2', '[1, 0/0]', '"abc".upper');
    const r = await post(`${url}/__weave/execute`, { graphs }, KEY);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ data: [3, [1, { $float: 'NaN' }], 'ABC'], errors: [], node_to_error: {} });
  });

  it('the reference client shape (hand-written, any order) and failures per node', async () => {
    const nodes = [
      { nodeType: 'output', fromOp: 1, type: 'number', id: 'a' },
      { name: 'number-add', inputs: { lhs: 2, rhs: 3 } },
      { nodeType: 'const', type: 'number', val: 40 },
      { nodeType: 'const', type: 'number', val: 2 },
      { nodeType: 'output', fromOp: 5, type: 'number', id: 'b' },
      { name: 'no-such-op', inputs: { x: 2 } },
    ];
    const r = await post(`${url}/__weave/execute`, { graphs: { nodes, targetNodes: [0, 4, 0] } }, KEY, { 'x-weave-include-execution-time': 'true' });
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual([42, null, 42]);
    expect(r.json.node_to_error).toEqual({ '1': 0 });
    expect(r.json.errors[0]).toMatchObject({ error_type: expect.any(String), message: expect.stringContaining('no-such-op') });
    expect(typeof r.json.execution_time).toBe('number');
  });

  it('malformed graphs: 400 with the JSON path', async () => {
    const cases = await Promise.all([
      post(`${url}/__weave/execute`, { nodes: [] }, KEY),
      post(`${url}/__weave/execute`, { graphs: { nodes: [{ nodeType: 'output', fromOp: 7, type: 'number' }], targetNodes: [0] } }, KEY),
      post(`${url}/__weave/execute`, { graphs: { nodes: [{ nodeType: 'output', fromOp: 0, type: 'number' }], targetNodes: [0] } }, KEY),
      post(`${url}/__weave/execute`, { graphs: { nodes: [{ nodeType: 'const', type: { type: 'nope' }, val: 1 }], targetNodes: [0] } }, KEY),
    ]);
    for (const c of cases) {
      expect(c.status).toBe(400);
      expect(c.json.code).toBe('bad-graph');
      expect(c.json.path).toMatch(/^\$/);
    }
    expect(cases[1].json.path).toBe('$.graphs.nodes[0].fromOp');
  });
});

describe('W&B data (the demo workspace)', () => {
  it('/v1/eval over runs, with the default or a given project; data notes per result', async () => {
    const r = await evalOk(['runs.count', 'runs.summary["acc"].max', 'project.name']);
    expect(r.status).toBe(200);
    expect(r.json.results[0]).toMatchObject({ value: 40 });
    expect(typeof r.json.results[1].value).toBe('number');
    expect(r.json.results[2].value).toBe('mnist-sweeps');
    const other = await evalOk(['runs.count', 'project.name'], { project: 'wandb-demo/llm-finetune' });
    expect(other.json.results.map((x: { value: unknown }) => x.value)).toEqual([20, 'llm-finetune']);
    const missing = await evalOk(['project.name'], { project: 'nope/nope' });
    expect(missing.json.results[0].value).toBeNull();
    expect(missing.json.results[0].diagnostics[0]).toMatchObject({ code: expect.any(String), message: expect.stringContaining('nope/nope') });
  });

  it('/__weave/execute with root-project graphs as the reference client sends them', async () => {
    const c = (type: unknown, val: unknown) => ({ nodeType: 'const', type, val });
    const nodes = [
      { nodeType: 'output', fromOp: 1, type: 'number', id: 'count' },
      { name: 'count', inputs: { arr: 2 } },
      { nodeType: 'output', fromOp: 3, type: { type: 'list', objectType: 'run' }, id: 'runs' },
      { name: 'project-runs', inputs: { project: 4 } },
      { nodeType: 'output', fromOp: 5, type: 'project', id: 'p' },
      { name: 'root-project', inputs: { entityName: 6, projectName: 7 } },
      c('string', 'wandb-demo'),
      c('string', 'mnist-sweeps'),
      { nodeType: 'output', fromOp: 9, type: 'string', id: 'name' },
      { name: 'project-name', inputs: { project: 4 } },
      { nodeType: 'output', fromOp: 11, type: 'number', id: 'avg' },
      { name: 'numbers-max', inputs: { numbers: 12 } },
      { nodeType: 'output', fromOp: 13, type: { type: 'list', objectType: 'number' }, id: 'pick' },
      { name: 'pick', inputs: { obj: 14, key: 16 } },
      { nodeType: 'output', fromOp: 15, type: { type: 'list', objectType: { type: 'typedDict', propertyTypes: {} } }, id: 's' },
      { name: 'run-summary', inputs: { run: 2 } },
      c('string', 'acc'),
    ];
    const r = await post(`${url}/__weave/execute`, { graphs: { nodes, targetNodes: [0, 8, 10] } }, KEY);
    expect(r.status).toBe(200);
    expect(r.json.data[0]).toBe(40);
    expect(r.json.data[1]).toBe('mnist-sweeps');
    expect(typeof r.json.data[2]).toBe('number');
    expect(r.json.errors).toEqual([]);
  });
});

describe('GET /v1/ops', () => {
  it('the op catalog', async () => {
    const r = await request(`${url}/v1/ops`, { key: KEY });
    expect(r.status).toBe(200);
    const names = r.json.ops.map((o: { name: string }) => o.name);
    expect(names).toContain('number-add');
    const upper = r.json.ops.find((o: { name: string }) => o.name === 'string-upper');
    expect(upper).toMatchObject({ displayName: 'upper', form: 'chain', hidden: false, description: expect.any(String) });
    const filtered = await request(`${url}/v1/ops?filter=upper`, { key: KEY });
    expect(filtered.json.ops.length).toBeLessThan(names.length);
    const weave = await request(`${url}/__weave/ops`, { key: KEY });
    expect(weave.json.data.length).toBe(names.length);
    const missing = await request(`${url}/v2/nothing`, { key: KEY });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('not-found');
  });
});

describe('fuzz: no request crashes or hangs the server', () => {
  it('random bodies, expressions and graphs get 2xx/4xx/504 answers, and the server stays healthy', async () => {
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T,>(xs: readonly T[]): T => xs[rnd(xs.length)];
    const atoms = ['1', '0', '-1', '1e308', '0/0', '"s"', "'q'", 'null', 'true', '[1, 2]', '{a: 1}', 'x', 'row', '[]', '{}', '""'];
    const ops = ['+', '-', '*', '/', '%', '**', '==', '!=', '<', 'and', 'or', '.', '[', ']', '(', ')', '.count', '.sum', '.map((x) => x)', '.filter((x) => x)', '["a"]', ',', '=>', '?', ':', '"', '\\', '{', '}', '\u0000', 'é', '\ud800'];
    const expr = (): string => {
      let s = pick(atoms);
      const n = rnd(8);
      for (let i = 0; i < n; i++) s += ` ${pick(ops)} ${pick(atoms)}`;
      return s;
    };
    const jsonish = (): string => {
      const chars = '{}[]",:0123456789.eE+-truefalsnul \n\\abc';
      let s = '';
      for (let i = 0, n = rnd(40); i < n; i++) s += chars[rnd(chars.length)];
      return s;
    };
    const graph = (): unknown => {
      const nodes: unknown[] = [];
      for (let i = 0, n = 1 + rnd(6); i < n; i++) {
        nodes.push(
          pick([
            { nodeType: 'output', fromOp: rnd(8), type: pick(['number', 'any', { type: 'list', objectType: 'number' }]) },
            { name: pick(['number-add', 'count', 'string-upper', 'pick', 'nope', 'map']), inputs: { lhs: rnd(8), rhs: rnd(8) } },
            { nodeType: 'const', type: pick(['number', 'string', 'none', { type: 'function', inputTypes: { row: 'number' }, outputType: 'number' }]), val: pick([1, 'a', null, { nodeType: 'var', type: 'number', varName: 'row' }]) },
            { nodeType: 'var', type: 'number', varName: 'row' },
            { nodeType: 'void' },
            pick([null, 1, 'x', []]),
          ]),
        );
      }
      return { graphs: { nodes, targetNodes: [rnd(nodes.length + 1), rnd(3)] } };
    };
    const requests: (() => Promise<{ status: number }>)[] = [];
    for (let i = 0; i < 120; i++) requests.push(() => evalOk([expr(), expr()]));
    for (let i = 0; i < 60; i++) requests.push(() => post(`${url}/v1/eval`, jsonish(), KEY));
    for (let i = 0; i < 60; i++) requests.push(() => post(`${url}/__weave/execute`, graph(), KEY));
    for (let i = 0; i < 20; i++) requests.push(() => post(`${url}/v1/eval`, { exprs: [expr()], variables: { x: pick([1, 'a', null, [1], { $float: 'NaN' }, { a: { b: [] } }]) } }, KEY));
    const allowed = new Set([200, 400, 413, 415, 422, 504]);
    const statuses: number[] = [];
    // A few at a time, as clients would.
    for (let i = 0; i < requests.length; i += 8) {
      const batch = await Promise.all(requests.slice(i, i + 8).map((f) => f()));
      for (const b of batch) statuses.push(b.status);
    }
    const unexpected = statuses.filter((s) => !allowed.has(s));
    expect(unexpected).toEqual([]);
    const health = await request(`${url}/healthz`);
    expect(health.status).toBe(200);
    const ok = await evalOk(['[1, 2].sum']);
    expect(ok.json.results[0].value).toBe(3);
  });
});

describe('serve --workers 0 (evaluation on the HTTP thread), key from PANELQL_API_KEY', () => {
  it('auth from the environment; the time limit still cancels; SIGTERM stops it cleanly', async () => {
    const s = await startServer(['--workers', '0', '--max-time', '800'], { PANELQL_API_KEY: 'env-key' });
    try {
      expect((await post(`${s.url}/v1/eval`, { exprs: ['1'] })).status).toBe(401);
      const ok = await post(`${s.url}/v1/eval`, { exprs: ['[1, 2, 3].max'] }, 'env-key');
      expect(ok.json.results[0].value).toBe(3);
      const slow = await post(`${s.url}/v1/eval`, { exprs: ['range(0, 100000, 1).map((x) => range(0, x, 1).count).sum'] }, 'env-key');
      expect(slow.status).toBe(504);
      const after = await post(`${s.url}/v1/eval`, { exprs: ['1 + 1'] }, 'env-key');
      expect(after.json.results[0].value).toBe(2);
    } finally {
      const r = await s.stop();
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('stopping');
    }
  });
});
