import { describe, expect, it } from 'vitest';
import { createLocalBackend, openWorkspace } from '../../src/backends/local/index.js';
import { bigWorkspace, q, TOY_PATH, toyBackend } from './helpers.js';

const PROJECT = 'project(name: "mnist", entityName: "acme")';

describe('local backend over the toy workspace', () => {
  it('answers the planner\'s runs-summary query (aliases, keys projection)', async () => {
    const d = await q(
      toyBackend(),
      `query WeavePythonCG {
        project_88ef: ${PROJECT} {
          id name
          runs_c123: runs(first: 100) { edges { node { id name
            summaryMetricsSubset: summaryMetrics(keys: ["loss", "acc"])
            project { id name entity { id name } } } } } } }`,
    );
    const nodes = d.project_88ef.runs_c123.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.name)).toEqual(['a1', 'b2', 'c3', 'd4']);
    expect(nodes.map((n: any) => n.summaryMetricsSubset)).toEqual([
      '{"loss":0.5,"acc":0.8}',
      '{"loss":0.3,"acc":0.92}',
      '{"loss":0.7}',
      '{"loss":null,"acc":0.91}',
    ]);
    expect(nodes[0].project).toEqual({ id: d.project_88ef.id, name: 'mnist', entity: { id: expect.any(String), name: 'acme' } });
  });

  it('returns whole summaries and configs in W&B form (config stays wrapped)', async () => {
    const d = await q(toyBackend(), `{ ${PROJECT} { run(name: "a1") { summaryMetrics config cfg: config(keys: ["lr", "missing"]) } } }`);
    expect(JSON.parse(d.project.run.summaryMetrics)).toEqual({ loss: 0.5, acc: 0.8, epoch: 3, _wandb: { runtime: 120 } });
    expect(JSON.parse(d.project.run.config).optimizer).toEqual({ value: 'adam', desc: null });
    expect(JSON.parse(d.project.run.config)._wandb).toEqual({ value: { cli_version: '0.15.0' } });
    expect(d.project.run.cfg).toBe('{"lr":{"value":0.01,"desc":null}}');
  });

  it('wraps a bare config as {value, desc}', async () => {
    const b = createLocalBackend({ entities: [{ name: 'e', projects: [{ name: 'p', runs: [{ name: 'r', config: { lr: 0.1, opt: { name: 'adam' } } }] }] }] });
    const d = await q(b, '{ project(name:"p", entityName:"e") { run(name:"r") { config } } }');
    expect(JSON.parse(d.project.run.config)).toEqual({ lr: { value: 0.1, desc: null }, opt: { value: { name: 'adam' }, desc: null } });
  });

  it('answers run scalar fields, dates in W&B form', async () => {
    const d = await q(
      toyBackend(),
      `{ ${PROJECT} { createdAt run(name: "c3") { id name displayName state jobType createdAt heartbeatAt computeSeconds
        user { username name } tags group } } }`,
    );
    expect(d.project.createdAt).toBe('2022-12-01T00:00:00');
    expect(d.project.run).toMatchObject({
      name: 'c3',
      displayName: 'run-c',
      state: 'finished',
      jobType: 'eval',
      createdAt: '2023-01-03T12:30:00',
      heartbeatAt: '2023-01-03T12:30:00',
      computeSeconds: 45,
      user: { username: 'alice', name: 'alice' },
      tags: [],
      group: null,
    });
  });

  it('normalizes dates with offsets to UTC', async () => {
    const b = createLocalBackend({ entities: [{ name: 'e', projects: [{ name: 'p', runs: [{ name: 'r', createdAt: '2023-01-01T02:00:00+02:00', heartbeatAt: '2023-01-01T00:00:00.250Z' }] }] }] });
    const d = await q(b, '{ project(name:"p", entityName:"e") { run(name:"r") { createdAt heartbeatAt } } }');
    expect(d.project.run).toEqual({ createdAt: '2023-01-01T00:00:00', heartbeatAt: '2023-01-01T00:00:00.250' });
  });

  it('answers history, historyKeys, historyLineCount, sampledHistory, parquetHistory', async () => {
    const d = await q(
      toyBackend(),
      `{ ${PROJECT} { run(name: "a1") {
        history historyLineCount historyKeys
        asOf: history(minStep: 1, maxStep: 2, maxKeyLimit: 100)
        few: history(samples: 2)
        sampledHistory(specs: ["{\\"keys\\": [\\"loss\\", \\"_step\\"], \\"samples\\": 9223372036854775807}", "{\\"keys\\": [\\"_step\\"]}"])
        parquetHistory(liveKeys: ["_step", "loss"]) { liveData parquetUrls } } } }`,
    );
    const r = d.project.run;
    expect(r.history).toEqual(['{"_step":0,"epoch":0,"loss":1}', '{"_step":1,"epoch":1,"loss":0.7}', '{"_step":2,"epoch":2,"loss":0.5}']);
    expect(r.historyLineCount).toBe(3);
    expect(r.historyKeys).toEqual({
      lastStep: 2,
      keys: {
        _step: { typeCounts: [{ type: 'number', count: 3 }] },
        epoch: { typeCounts: [{ type: 'number', count: 3 }] },
        loss: { typeCounts: [{ type: 'number', count: 3 }] },
      },
    });
    expect(r.asOf).toEqual(['{"_step":1,"epoch":1,"loss":0.7}']);
    expect(r.few.map((s: string) => JSON.parse(s)._step)).toEqual([0, 2]);
    expect(r.sampledHistory).toEqual([
      [
        { loss: 1, _step: 0 },
        { loss: 0.7, _step: 1 },
        { loss: 0.5, _step: 2 },
      ],
      [],
    ]);
    expect(r.parquetHistory).toEqual({
      liveData: [
        { _step: 0, loss: 1 },
        { _step: 1, loss: 0.7 },
        { _step: 2, loss: 0.5 },
      ],
      parquetUrls: [],
    });
  });

  it('answers an empty history', async () => {
    const d = await q(toyBackend(), `{ ${PROJECT} { run(name: "d4") { history historyLineCount historyKeys } } }`);
    expect(d.project.run).toEqual({ history: [], historyLineCount: 0, historyKeys: { lastStep: -1, keys: {} } });
  });

  it('sampledHistory keeps only rows with every key (sparse keys)', async () => {
    const history = Array.from({ length: 10 }, (_, i) => (i % 3 === 0 ? { _step: i, loss: i, val: -i } : { _step: i, loss: i }));
    const b = createLocalBackend({ entities: [{ name: 'e', projects: [{ name: 'p', runs: [{ name: 'r', history }] }] }] });
    const d = await q(
      b,
      `{ project(name:"p", entityName:"e") { run(name:"r") { sampledHistory(specs: [
        "{\\"keys\\": [\\"val\\", \\"_step\\"]}", "{\\"keys\\": [\\"loss\\"], \\"samples\\": 3}", "{\\"keys\\": [\\"loss\\"], \\"minStep\\": 8}"]) } } }`,
    );
    expect(d.project.run.sampledHistory).toEqual([
      [0, 3, 6, 9].map((s) => ({ val: -s, _step: s })),
      [{ loss: 0 }, { loss: 5 }, { loss: 9 }],
      [{ loss: 8 }, { loss: 9 }],
    ]);
  });

  it('answers artifacts: versions, aliases, files, collections, types', async () => {
    const d = await q(
      toyBackend(),
      `{ ${PROJECT} {
        artifactTypes { edges { node { name artifactCollections { edges { node { __typename name
          artifacts { edges { version node { versionIndex } } } aliases { edges { node { alias artifactCollectionName } } } } } } } } }
        latest: artifact(name: "dataset:latest") { versionIndex fileCount size state metadata aliases { alias }
          files { edges { node { name displayName sizeBytes mimetype directUrl updatedAt } } }
          artifactSequence { name } artifactType { name } createdBy { __typename } usedBy { totalCount } }
        v0: artifact(name: "dataset:v0") { id }
        missing: artifact(name: "dataset:v9") { id }
        artifactCollection(name: "dataset") { name artifactMembership(aliasName: "latest") { versionIndex artifact { versionIndex } } } } }`,
    );
    const p = d.project;
    expect(p.artifactTypes.edges[0].node.name).toBe('dataset');
    const coll = p.artifactTypes.edges[0].node.artifactCollections.edges[0].node;
    expect(coll.__typename).toBe('ArtifactSequence');
    expect(coll.artifacts.edges).toEqual([{ version: 'v0', node: { versionIndex: 0 } }]);
    expect(coll.aliases.edges.map((e: any) => e.node.alias)).toEqual(['v0', 'latest']);
    expect(p.latest).toMatchObject({
      versionIndex: 0,
      fileCount: 1,
      size: 53,
      state: 'COMMITTED',
      metadata: '{}',
      aliases: [{ alias: 'v0' }, { alias: 'latest' }],
      artifactSequence: { name: 'dataset' },
      artifactType: { name: 'dataset' },
      createdBy: null,
      usedBy: { totalCount: 0 },
    });
    expect(p.latest.files.edges[0].node).toEqual({
      name: 'x.table.json',
      displayName: 'x.table.json',
      sizeBytes: 53,
      mimetype: 'application/json',
      directUrl: 'panelql-local:///artifact/acme/mnist/dataset/v0/x.table.json',
      updatedAt: '2023-01-05T00:00:00',
    });
    expect(p.v0.id).toBeTruthy();
    expect(p.missing).toBeNull();
    expect(p.artifactCollection.artifactMembership).toEqual({ versionIndex: 0, artifact: { versionIndex: 0 } });
  });

  it('links runs and artifacts both ways', async () => {
    const b = createLocalBackend({
      entities: [
        {
          name: 'e',
          projects: [
            {
              name: 'p',
              runs: [
                { name: 'maker', loggedArtifacts: ['ds:v0', 'ds:v1'] },
                { name: 'user1', usedArtifacts: ['ds:latest'] },
                { name: 'user2', usedArtifacts: ['e/p/ds:v0'] },
              ],
              artifacts: [{ name: 'ds', type: 'dataset', versions: [{}, { aliases: ['best'] }] }],
            },
          ],
        },
      ],
    });
    const d = await q(
      b,
      `{ project(name:"p", entityName:"e") {
        run(name: "maker") { outputArtifacts { totalCount edges { node { versionIndex aliases { alias } } } } }
        u: run(name: "user1") { inputArtifacts { edges { usedAs node { versionIndex } } } }
        artifact(name: "ds:best") { versionIndex usedCount createdBy { __typename ... on Run { name } } usedBy { edges { node { name } } } }
        first: artifact(name: "ds:v0") { usedBy { edges { node { name } } } } } }`,
    );
    expect(d.project.run.outputArtifacts.edges.map((e: any) => e.node)).toEqual([
      { versionIndex: 0, aliases: [] },
      { versionIndex: 1, aliases: [{ alias: 'best' }, { alias: 'latest' }] },
    ]);
    expect(d.project.u.inputArtifacts.edges).toEqual([{ usedAs: null, node: { versionIndex: 1 } }]);
    expect(d.project.artifact).toEqual({
      versionIndex: 1,
      usedCount: 1,
      createdBy: { __typename: 'Run', name: 'maker' },
      usedBy: { edges: [{ node: { name: 'user1' } }] },
    });
    expect(d.project.first.usedBy.edges).toEqual([{ node: { name: 'user2' } }]);
  });

  it('answers entity, viewer, user, instance and empty listings', async () => {
    const d = await q(
      toyBackend(),
      `{ entity(name: "acme") { name isTeam projects { edges { node { name entityName } } } }
         viewer { username } user(userName: "bob") { username runs { edges { node { name } } } }
         nobody: user(userName: "zed") { username }
         instance { projects { edges { node { name } } } entities { name } }
         views(ids: ["x"]) { edges { node { id } } }
         noProject: project(name: "nope", entityName: "acme") { id }
         defaultEntity: project(name: "mnist") { entityName } }`,
    );
    expect(d.entity).toEqual({ name: 'acme', isTeam: true, projects: { edges: [{ node: { name: 'mnist', entityName: 'acme' } }] } });
    expect(d.viewer).toEqual({ username: 'alice' });
    expect(d.user).toEqual({ username: 'bob', runs: { edges: [{ node: { name: 'b2' } }] } });
    expect(d.nobody).toBeNull();
    expect(d.instance).toEqual({ projects: { edges: [{ node: { name: 'mnist' } }] }, entities: [{ name: 'acme' }] });
    expect(d.views.edges).toEqual([]);
    expect(d.noProject).toBeNull();
    expect(d.defaultEntity).toEqual({ entityName: 'acme' });
  });

  it('opens the toy workspace from its file path', async () => {
    const b = await openWorkspace(TOY_PATH);
    expect(b.name).toMatch(/^local:/);
    const d = await q(b, `{ ${PROJECT} { runCount } }`);
    expect(d.project.runCount).toBe(4);
  });

  it('supports variables and operationName', async () => {
    const b = toyBackend();
    const res = await b.execute({
      query: `query A($e: String, $p: String, $k: [String!]) { project(name: $p, entityName: $e) { run(name: "a1") { summaryMetrics(keys: $k) } } }
              query B { viewer { username } }`,
      variables: { e: 'acme', p: 'mnist', k: ['acc'] },
      operationName: 'A',
    });
    expect(res).toEqual({ data: { project: { run: { summaryMetrics: '{"acc":0.8}' } } } });
  });
});

describe('GraphQL validation and errors', () => {
  it('rejects a query the W&B API would reject, with validation errors', async () => {
    const res = await toyBackend().execute({ query: `{ ${PROJECT} { runs { edges { node { summary } } } } }` });
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Cannot query field "summary" on type "Run"'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('rejects syntax errors', async () => {
    const res = await toyBackend().execute({ query: '{ project(name: "x" { id } }' });
    expect(res.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('reports resolver errors with their path and keeps the other data', async () => {
    const res = await toyBackend().execute({
      query: `{ ${PROJECT} { name bad: runs(filters: "{\\"state\\": {\\"$where\\": 1}}") { totalCount } } }`,
    });
    expect(res.data).toEqual({ project: { name: 'mnist', bad: null } });
    expect(res.errors?.[0].path).toEqual(['project', 'bad']);
    expect(res.errors?.[0].message).toMatch(/unsupported filter operator \$where/);
  });

  it('honours an aborted signal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(toyBackend().execute({ query: '{ viewer { id } }', signal: ac.signal })).rejects.toThrow();
  });
});

describe('runs: filters, order, pagination', () => {
  const big = createLocalBackend(bigWorkspace(1000, 500));

  async function names(filters: unknown, order?: string, backend = toyBackend(), project = PROJECT): Promise<string[]> {
    const d = await q(backend, `query($f: JSONString, $o: String) { ${project} { runs(filters: $f, order: $o) { edges { node { name } } } } }`, {
      f: JSON.stringify(filters),
      o: order,
    });
    return d.project.runs.edges.map((e: any) => e.node.name);
  }

  it.each([
    [{}, ['a1', 'b2', 'c3', 'd4']],
    [{ state: 'finished' }, ['a1', 'b2', 'c3', 'd4']],
    [{ jobType: 'eval' }, ['c3']],
    [{ name: { $ne: null } }, ['a1', 'b2', 'c3', 'd4']],
    [{ name: { $in: ['a1', 'd4', 'zz'] } }, ['a1', 'd4']],
    [{ name: { $nin: ['a1', 'd4'] } }, ['b2', 'c3']],
    [{ display_name: { $regex: '^run-[ab]$' } }, ['a1', 'b2']],
    [{ displayName: { $regex: 'RUN-C', $options: 'i' } }, ['c3']],
    [{ 'config.optimizer': 'adam' }, ['a1', 'd4']],
    [{ 'config.optimizer.value': 'sgd' }, ['b2', 'c3']],
    [{ 'config.lr': { $lt: 0.05 } }, ['a1', 'c3', 'd4']],
    [{ 'config.layers': { $gte: 4 } }, ['b2', 'd4']],
    [{ 'summary_metrics.loss': { $gt: 0.4 } }, ['a1', 'c3']],
    [{ 'summary_metrics.loss': null }, ['d4']],
    [{ 'summary_metrics.acc': { $exists: false } }, ['c3']],
    [{ 'summary_metrics._wandb.runtime': 300 }, ['b2']],
    [{ $or: [{ name: 'a1' }, { 'summary_metrics.acc': { $gt: 0.91 } }] }, ['a1', 'b2']],
    [{ $and: [{ 'config.lr': 0.01 }, { jobType: 'train' }] }, ['a1']],
    [{ $nor: [{ jobType: 'train' }] }, ['c3']],
    [{ 'summary_metrics.loss': { $not: { $gt: 0.4 } } }, ['b2', 'd4']],
    [{ createdAt: { $gte: '2023-01-02T00:00:00' } }, ['b2', 'c3', 'd4']],
    [{ created_at: { $lt: '2023-01-03T13:00:00Z' } }, ['a1', 'b2', 'c3']],
    [{ username: 'alice' }, ['a1', 'c3']],
  ])('filters %j', async (filter, want) => {
    expect(await names(filter)).toEqual(want);
  });

  it.each([
    ['-createdAt', ['d4', 'c3', 'b2', 'a1']],
    ['+created_at', ['a1', 'b2', 'c3', 'd4']],
    ['summary_metrics.loss', ['b2', 'a1', 'c3', 'd4']],
    ['-summary_metrics.loss', ['c3', 'a1', 'b2', 'd4']],
    ['config.lr.value', ['d4', 'a1', 'c3', 'b2']],
    ['-config.layers', ['d4', 'b2', 'a1', 'c3']],
    ['config.optimizer,-computeSeconds', ['a1', 'd4', 'b2', 'c3']],
    ['-summary_metrics.acc', ['b2', 'd4', 'a1', 'c3']],
  ])('orders by %s (missing values last)', async (order, want) => {
    expect(await names({}, order)).toEqual(want);
  });

  it.each([
    ['{"name": {"$foo": 1}}', /unsupported filter operator \$foo/],
    ['{"$where": "x"}', /unsupported filter operator \$where/],
    ['{"nonsense": 1}', /unsupported run field "nonsense"/],
    ['{"name": {"$regex": "("}}', /invalid \$regex/],
    ['{"name": {"$in": "a1"}}', /\$in on "name" takes an array/],
    ['not json', /filters is not valid JSON/],
    ['[1]', /a filter must be a JSON object/],
  ])('rejects filter %s', async (filters, re) => {
    const res = await toyBackend().execute({ query: `query($f: JSONString) { ${PROJECT} { runs(filters: $f) { totalCount } } }`, variables: { f: filters } });
    expect(res.errors?.[0].message).toMatch(re);
  });

  it('rejects an unknown order field and a bad cursor', async () => {
    const b = toyBackend();
    const r1 = await b.execute({ query: `{ ${PROJECT} { runs(order: "-bogus") { totalCount } } }` });
    expect(r1.errors?.[0].message).toMatch(/unsupported run field "bogus"/);
    const r2 = await b.execute({ query: `{ ${PROJECT} { runs(first: 1, after: "nope") { totalCount } } }` });
    expect(r2.errors?.[0].message).toMatch(/invalid cursor/);
    const r3 = await b.execute({ query: `{ ${PROJECT} { runs(first: -1) { totalCount } } }` });
    expect(r3.errors?.[0].message).toMatch(/first must be >= 0/);
  });

  it('counts with runCount(filters) and totalCount', async () => {
    const d = await q(toyBackend(), `{ ${PROJECT} { all: runCount eval: runCount(filters: "{\\"jobType\\":\\"eval\\"}") runs(first: 1) { totalCount } } }`);
    expect(d.project).toEqual({ all: 4, eval: 1, runs: { totalCount: 4 } });
  });

  it('pages through 1,000 runs with first/after and pageInfo', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const d: any = await q(
        big,
        `query($after: String) { project(name: "p", entityName: "big") { runs(first: 128, after: $after) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } } }`,
        { after },
      );
      const c = d.project.runs;
      expect(c.totalCount).toBe(1000);
      expect(c.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(c.pageInfo.startCursor).toBe(c.edges[0].cursor);
      seen.push(...c.edges.map((e: any) => e.node.name));
      pages++;
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(pages).toBe(8);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect(seen[0]).toBe('run0000');
    expect(seen[999]).toBe('run0999');
  });

  it('pages a filtered, ordered runset consistently', async () => {
    const all = await names({ state: 'crashed' }, '-summary_metrics.m3', big, 'project(name: "p", entityName: "big")');
    expect(all).toHaveLength(334);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const d: any = await q(
        big,
        `query($after: String) { project(name: "p", entityName: "big") {
          runs(first: 50, after: $after, filters: "{\\"state\\": \\"crashed\\"}", order: "-summary_metrics.m3") {
            pageInfo { hasNextPage endCursor } edges { node { name } } } } }`,
        { after },
      );
      paged.push(...d.project.runs.edges.map((e: any) => e.node.name));
      after = d.project.runs.pageInfo.hasNextPage ? d.project.runs.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(all);
  });

  it('projects 3 of 500 summary keys over 1,000 runs quickly', async () => {
    const query = `{ project(name: "p", entityName: "big") { runs(first: 1000) { edges { node { name
      summaryMetricsSubset: summaryMetrics(keys: ["loss", "m1", "m499"]) configSubset: config(keys: ["lr"]) } } } } }`;
    await q(big, query); // warm up
    const t0 = performance.now();
    const d = await q(big, query);
    const ms = performance.now() - t0;
    expect(d.project.runs.edges).toHaveLength(1000);
    expect(JSON.parse(d.project.runs.edges[1].node.summaryMetricsSubset)).toEqual({ loss: 0.5, m1: 38, m499: 524 });
    expect(ms).toBeLessThan(500);
  });
});

describe('artifact listings and run files', () => {
  const b = createLocalBackend({
    entities: [
      {
        name: 'e',
        projects: [
          { name: 'zeta', createdAt: '2024-01-01' },
          {
            name: 'alpha',
            createdAt: '2024-02-01',
            runs: [{ name: 'r', files: { 'media/table/a_1.table.json': { contents: '{}' }, 'media/images/x.png': { base64: 'iVBORw==' }, 'output.log': { contents: 'hi' } } }],
            artifacts: [
              {
                name: 'model',
                type: 'model',
                versions: [
                  { createdAt: '2024-02-01', metadata: { acc: 0.7 } },
                  { createdAt: '2024-02-03', metadata: { acc: 0.9 }, aliases: ['best'] },
                  { createdAt: '2024-02-02', metadata: { acc: 0.8 } },
                ],
              },
            ],
          },
        ],
      },
    ],
  });

  it('filters and orders versions, lists memberships and portfolios', async () => {
    const d = await q(
      b,
      `{ project(name: "alpha", entityName: "e") { artifactCollection(name: "model") {
          byDate: artifacts(order: "-createdAt") { edges { version } }
          good: artifacts(filters: "{\\"metadata.acc\\": {\\"$gte\\": 0.8}}") { totalCount edges { version } }
          aliased: artifacts(filters: "{\\"alias\\": \\"best\\"}") { edges { version } }
          artifactMemberships { edges { node { versionIndex aliases { alias } } } } }
        portfolios: artifactCollections(collectionTypes: [PORTFOLIO]) { edges { node { name } } }
        sequences: artifactCollections(collectionTypes: [SEQUENCE]) { edges { node { name } } } } }`,
    );
    const c = d.project.artifactCollection;
    expect(c.byDate.edges.map((e: any) => e.version)).toEqual(['v1', 'v2', 'v0']);
    expect(c.good).toEqual({ totalCount: 2, edges: [{ version: 'v1' }, { version: 'v2' }] });
    expect(c.aliased.edges).toEqual([{ version: 'v1' }]);
    expect(c.artifactMemberships.edges.map((e: any) => e.node.aliases.map((a: any) => a.alias))).toEqual([[], ['best'], ['latest']]);
    expect(d.project.portfolios.edges).toEqual([]);
    expect(d.project.sequences.edges).toEqual([{ node: { name: 'model' } }]);
  });

  it('orders entity projects', async () => {
    const d = await q(b, '{ entity(name: "e") { a: projects { edges { node { name } } } b: projects(order: "-createdAt") { edges { node { name } } } c: projects(order: "name") { edges { node { name } } } } }');
    expect([d.entity.a, d.entity.b, d.entity.c].map((c: any) => c.edges.map((e: any) => e.node.name))).toEqual([
      ['zeta', 'alpha'],
      ['alpha', 'zeta'],
      ['alpha', 'zeta'],
    ]);
  });

  it('lists run files by names and pattern', async () => {
    const d = await q(
      b,
      `{ project(name: "alpha", entityName: "e") { run(name: "r") {
          all: files { edges { node { name mimetype } } }
          media: files(pattern: "media/%") { edges { node { name } } }
          named: files(names: ["output.log", "nope"]) { edges { node { name sizeBytes directUrl } } }
          page: files(first: 1) { pageInfo { hasNextPage } edges { node { name } } } } } }`,
    );
    const r = d.project.run;
    expect(r.all.edges.map((e: any) => e.node)).toEqual([
      { name: 'media/table/a_1.table.json', mimetype: 'application/json' },
      { name: 'media/images/x.png', mimetype: 'image/png' },
      { name: 'output.log', mimetype: 'text/plain' },
    ]);
    expect(r.media.edges.map((e: any) => e.node.name)).toEqual(['media/table/a_1.table.json', 'media/images/x.png']);
    expect(r.named.edges).toEqual([{ node: { name: 'output.log', sizeBytes: 2, directUrl: 'panelql-local:///run/e/alpha/r/output.log' } }]);
    expect(r.page).toEqual({ pageInfo: { hasNextPage: true }, edges: [{ node: { name: 'media/table/a_1.table.json' } }] });
  });
});
