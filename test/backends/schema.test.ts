import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, validate } from 'graphql';
import { WANDB_SCHEMA_SDL, buildWandbSchema } from '../../src/backends/schema.js';

const sdlFile = fileURLToPath(new URL('../../src/backends/schema.graphql', import.meta.url));

// Query shapes the planner sends (graphql.md §1.10): they must validate against our schema.
const PLANNER_QUERIES = {
  runsSummary: `query WeavePythonCG {
    project_88ef81eefb787b3abdf7533f83340a92: project(name: "proj", entityName: "ent") {
      id name
      runs_c1233b7003317090ab5e2a75db4ad965: runs(first: 100) {
        edges { node { id name
          summaryMetricsSubset: summaryMetrics(keys: ["loss", "acc"])
          configSubset: config(keys: ["lr"])
          project { id name entity { id name } } } }
      }
    }
  }`,
  filteredRuns: `query { project_X: project(entityName: "ent", name: "proj") { id
    filteredRuns_Y: runs(first: 10, filters: "{\\"state\\":\\"finished\\"}", order: "-createdAt") {
      edges { node { id displayName name } } pageInfo { endCursor hasNextPage } totalCount } runCount(filters: "{}") } }`,
  history: `query { project(name: "proj", entityName: "ent") { run(name: "abc123") { id name historyKeys historyLineCount
    sampledHistorySubset: sampledHistory(specs: ["{\\"keys\\": [\\"loss\\", \\"_step\\"], \\"samples\\": 9223372036854775807}"])
    sampledParquetHistory: parquetHistory(liveKeys: ["_step", "loss"]) { liveData parquetUrls }
    history_e4da3b7fbbce2345d7772b0674a318d5: history(minStep: 5, maxStep: 6, maxKeyLimit: 100) } } }`,
  artifacts: `query { project(name: "proj", entityName: "ent") {
    artifactType(name: "model") { id name artifactCollections(first: 100) { edges { node { id name
      artifacts(first: 100) { edges { version node { id versionIndex artifactSequence { id name } } } } } } } }
    artifact(name: "dataset:v3") { id size createdAt createdBy { __typename ... on Run { id name displayName } ... on User { id } } }
    artifactCollection(name: "dataset") { id name aliases { edges { node { id alias } } } } } }`,
  manyRoots: `query { a: project(name: "p0", entityName: "e0") { id name } viewer { id name username }
    entity(name: "ent") { id name projects { edges { node { id name } } } } }`,
  runArtifacts: `query { project(name: "p", entityName: "e") { run(name: "r") {
    outputArtifacts(first: 100) { edges { node { id versionIndex artifactSequence { id name } } } }
    inputArtifacts(first: 100) { edges { usedAs node { id size } } } } } }`,
};

describe('W&B schema subset', () => {
  it('embeds exactly src/backends/schema.graphql', () => {
    expect(WANDB_SCHEMA_SDL).toBe(readFileSync(sdlFile, 'utf8'));
  });

  it('builds once and caches', () => {
    expect(buildWandbSchema()).toBe(buildWandbSchema());
  });

  it('has the root fields and types the planner needs', () => {
    const s = buildWandbSchema();
    expect(Object.keys(s.getQueryType()!.getFields())).toEqual(
      expect.arrayContaining(['project', 'entity', 'viewer', 'user', 'artifact', 'instance']),
    );
    const run = s.getType('Run') as unknown as { getFields(): Record<string, { args: { name: string }[] }> };
    const f = run.getFields();
    expect(f.summaryMetrics.args.map((a) => a.name)).toEqual(['keys']);
    expect(f.history.args.map((a) => a.name)).toEqual(['samples', 'minStep', 'maxStep', 'maxKeyLimit']);
    expect(String(s.getType('JSONString'))).toBe('JSONString');
  });

  it.each(Object.entries(PLANNER_QUERIES))('validates planner query %s', (_name, q) => {
    expect(validate(buildWandbSchema(), parse(q)).map((e) => e.message)).toEqual([]);
  });

  it.each([
    ['unknown field', '{ project(name: "p") { nonsense } }'],
    ['wrong argument', '{ project(name: "p") { runs(limit: 3) { edges { node { id } } } } }'],
    ['missing selection', '{ project(name: "p") { runs } }'],
    ['required argument', '{ project(name: "p") { run { id } } }'],
    ['scalar with selection', '{ project(name: "p") { run(name: "r") { summaryMetrics { loss } } } }'],
  ])('rejects a query with %s', (_n, q) => {
    expect(validate(buildWandbSchema(), parse(q)).length).toBeGreaterThan(0);
  });
});

describe('browser safety', () => {
  // These modules must load without Node built-ins (ARCHITECTURE.md: above src/backends is browser-safe).
  const BROWSER_SAFE = [
    'backend.ts', 'bytes.ts', 'json.ts', 'schema.ts', 'tables.ts',
    'local/backend.ts', 'local/dates.ts', 'local/filters.ts', 'local/graph.ts', 'local/paths.ts', 'local/runs.ts', 'local/store.ts',
  ];
  it.each(BROWSER_SAFE)('%s imports no Node built-ins and no Node-only module', (file) => {
    const src = readFileSync(fileURLToPath(new URL(`../../src/backends/${file}`, import.meta.url)), 'utf8');
    const imports = [...src.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) {
      expect(spec.startsWith('node:')).toBe(false);
      if (spec.startsWith('.')) expect(spec).not.toMatch(/node\.js$|http\.js$|remote\//);
    }
    expect(src).not.toMatch(/\bBuffer\.|\bprocess\./);
  });
});
