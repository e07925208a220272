import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalBackend, openWorkspace, PathEscapeError, WorkspaceError } from '../../src/backends/local/index.js';
import { serveWorkspaceGraphQL } from '../../src/backends/local/http.js';
import { q } from './helpers.js';

let dir: string;
let outside: string;

function workspaceWithFiles(files: Record<string, unknown>, history?: unknown): unknown {
  return {
    entities: [
      {
        name: 'e',
        projects: [
          {
            name: 'p',
            runs: [{ name: 'r', files, ...(history ? { history } : {}) }],
            artifacts: [{ name: 'a', type: 't', versions: [{ files }] }],
          },
        ],
      },
    ],
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'panelql-ws-'));
  outside = mkdtempSync(join(tmpdir(), 'panelql-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  mkdirSync(join(dir, 'files'));
  writeFileSync(join(dir, 'files', 'ok.txt'), 'fine');
  symlinkSync(join(outside, 'secret.txt'), join(dir, 'files', 'link.txt'));
  symlinkSync(outside, join(dir, 'files', 'linkdir'));
  writeFileSync(join(dir, 'files', 'h.jsonl'), '{"loss": 1}\n{"loss": NaN}\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('file paths stay inside the workspace folder', () => {
  it('reads a file inside the folder', async () => {
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(workspaceWithFiles({ 'ok.txt': { path: 'files/ok.txt' } })));
    const b = await openWorkspace(dir);
    const bytes = await b.readFile({ kind: 'artifact', entity: 'e', project: 'p', artifact: 'a', version: 0, path: 'ok.txt' });
    expect(new TextDecoder().decode(bytes!)).toBe('fine');
    const run = await b.readFile({ kind: 'run', entity: 'e', project: 'p', run: 'r', path: 'ok.txt' });
    expect(new TextDecoder().decode(run!)).toBe('fine');
  });

  it.each([
    ['../secret.txt', 'escapes the workspace folder'],
    ['files/../../secret.txt', 'escapes the workspace folder'],
    ['/etc/passwd', 'absolute path'],
    ['C:/Windows/win.ini', 'absolute path'],
  ])('refuses %s at load time', async (p, phrase) => {
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(workspaceWithFiles({ 'x.txt': { path: p } })));
    await expect(openWorkspace(dir)).rejects.toThrow(WorkspaceError);
    await expect(openWorkspace(dir)).rejects.toThrow(phrase);
  });

  it.each([['files/link.txt'], ['files/linkdir/secret.txt']])('refuses symlink %s that leads outside', async (p) => {
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(workspaceWithFiles({ 'x.txt': { path: p } })));
    const b = await openWorkspace(dir);
    await expect(
      b.readFile({ kind: 'artifact', entity: 'e', project: 'p', artifact: 'a', version: 'latest', path: 'x.txt' }),
    ).rejects.toThrow(PathEscapeError);
    const res = await b.execute({
      query: '{ project(name:"p", entityName:"e") { run(name:"r") { files { edges { node { name sizeBytes } } } } } }',
    });
    expect(res.errors?.[0].message).toMatch(/resolves outside the workspace folder/);
  });

  it('the HTTP server answers 403 for a symlink that leads outside, 200 inside', async () => {
    writeFileSync(
      join(dir, 'workspace.json'),
      JSON.stringify(workspaceWithFiles({ 'x.txt': { path: 'files/link.txt' }, 'ok.txt': { path: 'files/ok.txt' } })),
    );
    const server = await serveWorkspaceGraphQL(await openWorkspace(dir));
    try {
      const bad = await fetch(`${server.url}/files/artifact/e/p/a/latest/x.txt`);
      expect(bad.status).toBe(403);
      expect(await bad.text()).not.toContain('secret"');
      const ok = await fetch(`${server.url}/files/run/e/p/r/ok.txt`);
      expect([ok.status, await ok.text()]).toEqual([200, 'fine']);
      expect((await fetch(`${server.url}/files/run/e/p/r/missing.txt`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('refuses a history file reached through a symlink', async () => {
    writeFileSync(join(outside, 'h.jsonl'), '{"loss": 1}\n');
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(workspaceWithFiles({}, { path: 'files/linkdir/h.jsonl' })));
    const b = await openWorkspace(dir);
    const res = await b.execute({ query: '{ project(name:"p", entityName:"e") { run(name:"r") { historyLineCount } } }' });
    expect(res.errors?.[0].message).toMatch(/outside the workspace folder/);
    expect(res.errors?.[0].path).toEqual(['project', 'run', 'historyLineCount']);
  });

  it('loads a JSONL history file lazily (NaN tokens allowed)', async () => {
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(workspaceWithFiles({}, { path: 'files/h.jsonl' })));
    const b = await openWorkspace(dir);
    const d = await q(b, '{ project(name:"p", entityName:"e") { run(name:"r") { history historyLineCount } } }');
    expect(d.project.run.history).toEqual(['{"_step":0,"loss":1}', '{"_step":1,"loss":NaN}']);
    expect(d.project.run.historyLineCount).toBe(2);
  });

  it('names the file and line of a malformed history file', async () => {
    writeFileSync(join(dir, 'files', 'bad.jsonl'), '{"loss": 1}\n[1]\n');
    writeFileSync(join(dir, 'workspace.json'), JSON.stringify(workspaceWithFiles({}, { path: 'files/bad.jsonl' })));
    const b = await openWorkspace(dir);
    const res = await b.execute({ query: '{ project(name:"p", entityName:"e") { run(name:"r") { history } } }' });
    expect(res.errors?.[0].message).toBe(
      '$.entities[0].projects[0].runs[0].history.path (files/bad.jsonl) row 2: expected an object, found an array',
    );
  });
});

describe('prototype pollution', () => {
  const hostile =
    '{"entities":[{"name":"e","projects":[{"name":"p","runs":[{"name":"r",' +
    '"config":{"__proto__":{"polluted":"config"},"constructor":{"prototype":{"polluted":"ctor"}}},' +
    '"summary":{"__proto__":{"polluted":"summary"},"x":NaN,"constructor":{"prototype":{"p2":1}}},' +
    '"history":[{"__proto__":{"polluted":"history"}},{"_step":5,"constructor":1}]}],' +
    '"artifacts":[{"name":"a","type":"t","versions":[{"metadata":{"__proto__":{"polluted":"meta"}}}]}]}]}]}';

  it('keeps __proto__ / constructor keys as data and pollutes nothing', async () => {
    const b = createLocalBackend(hostile);
    const d = await q(
      b,
      `{ project(name:"p", entityName:"e") { run(name:"r") {
          config summaryMetrics s2: summaryMetrics(keys: ["__proto__", "constructor"]) c2: config(keys: ["__proto__"])
          history historyKeys sampledHistory(specs: ["{\\"keys\\": [\\"__proto__\\"]}"])
          parquetHistory(liveKeys: ["__proto__", "constructor"]) { liveData } }
        artifact(name: "a:v0") { metadata } } }`,
    );
    const run = d.project.run;
    expect(JSON.parse(run.config)).toEqual(JSON.parse('{"__proto__":{"value":{"polluted":"config"},"desc":null},"constructor":{"value":{"prototype":{"polluted":"ctor"}},"desc":null}}'));
    expect(run.s2).toBe('{"__proto__":{"polluted":"summary"},"constructor":{"prototype":{"p2":1}}}');
    expect(run.c2).toBe('{"__proto__":{"value":{"polluted":"config"},"desc":null}}');
    expect(run.history[0]).toBe('{"_step":0,"__proto__":{"polluted":"history"}}');
    expect(Object.keys(run.historyKeys.keys)).toContain('__proto__');
    expect(Object.keys(run.sampledHistory[0][0])).toEqual(['__proto__']);
    expect(Object.keys(run.parquetHistory.liveData[0])).toEqual(['__proto__']);
    expect(d.project.artifact.metadata).toBe('{"__proto__":{"polluted":"meta"}}');
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.p2).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('filters on __proto__ fields without touching prototypes', async () => {
    const b = createLocalBackend(hostile);
    const d = await q(
      b,
      `{ project(name:"p", entityName:"e") {
          a: runs(filters: "{\\"summary_metrics.__proto__.polluted\\": \\"summary\\"}") { totalCount }
          b: runs(filters: "{\\"config.constructor.prototype.polluted\\": \\"ctor\\"}") { totalCount }
          c: runs(filters: "{\\"summary_metrics.toString\\": {\\"$exists\\": true}}") { totalCount } } }`,
    );
    expect([d.project.a.totalCount, d.project.b.totalCount, d.project.c.totalCount]).toEqual([1, 1, 0]);
  });
});
