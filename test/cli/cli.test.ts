/**
 * The `panelql` command end to end: real processes (bin/panelql.js), real exit statuses,
 * stdout / stderr as a user sees them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, warm } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'panelql-cli-'));

beforeAll(async () => {
  await warm();
});

describe('panelql eval / type / print with one expression', () => {
  it('prints a value and exits 0', async () => {
    const r = await run(['eval', '[1, 2, 3].map((x) => x * 2).sum']);
    expect(r).toMatchObject({ code: 0, stdout: '12\n', stderr: '' });
  });

  it('joins words and reads the expression from stdin', async () => {
    const [words, piped] = await Promise.all([run(['eval', '1', '+', '2']), run(['eval'], { input: '"ab".upper\n' })]);
    expect(words.stdout).toBe('3\n');
    expect(piped.stdout).toBe('AB\n');
  });

  it('exit 2 for a parse error, with position and caret on stderr', async () => {
    const r = await run(['eval', '1 +']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('1:4: parse error: expected an expression');
    expect(r.stderr.split('\n').slice(1, 3)).toEqual(['  1 +', '     ^']);
  });

  it('exit 3 for a type error, with the span underlined', async () => {
    const r = await run(['eval', '"abc".upperr']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^1:7: type error: /);
    expect(r.stderr).toContain('  "abc".upperr\n        ^^^^^^');
    expect(r.stderr).toContain('upper');
  });

  it('exit 1 for a runtime error, with the position', async () => {
    const r = await run(['eval', 'range(0, 10, -1)']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('runtime error');
    expect(r.stderr).toContain('step must be positive');
    expect(r.stderr).toContain('  range(0, 10, -1)\n  ^');
  });

  it('type and print', async () => {
    const [t, tj, p, pm, bad] = await Promise.all([
      run(['type', '[{a: 1}]']),
      run(['type', '--format', 'json', '[1, 2].avg']),
      run(['print', '1+2*3']),
      run(['print', '--multiline', '[1, 2].map((x) => x + 1).filter((x) => x > 2)']),
      run(['type', '[1, 2']),
    ]);
    expect(t).toMatchObject({ code: 0, stdout: 'List<{a: Number}>\n' });
    expect(JSON.parse(tj.stdout)).toBe('number');
    expect(p.stdout).toBe('1 + 2 * 3\n');
    expect(pm.code).toBe(0);
    expect(pm.stdout.trim().split('\n').length).toBeGreaterThan(1);
    expect(bad.code).toBe(2);
  });

  it('a runaway evaluation is cancelled by --timeout (exit 1)', async () => {
    const t0 = Date.now();
    const r = await run(['eval', '--timeout', '500', 'range(0, 100000, 1).map((x) => range(0, x, 1).count).sum']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/took longer than 500 ms/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('binds --var variables', async () => {
    const r = await run(['eval', '--var', 'x=41', '--var', 'name=abc', 'x + 1 + name.len']);
    expect(r).toMatchObject({ code: 0, stdout: '45\n' });
  });

  it('usage errors exit 64; --help and --version exit 0', async () => {
    const [unknown, project, help, version, noArg] = await Promise.all([
      run(['eval', '--nope', '1']),
      run(['eval', '--project', 'not-a-project', '1']),
      run(['--help']),
      run(['--version']),
      run(['eval', '--format', 'xml', '1']),
    ]);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown option '--nope'");
    expect(project.code).toBe(64);
    expect(project.stderr).toContain('--project expects ENTITY/NAME');
    expect(help.code).toBe(0);
    for (const c of ['eval', 'type', 'print', 'gql', 'serve', 'repl']) expect(help.stdout).toContain(c);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
    expect(noArg.code).toBe(64);
  });
});

describe('panelql --file', () => {
  const file = join(dir, 'exprs.txt');
  writeFileSync(file, ['1 + 2', '', '   ', '[1, 0/0]', '1 +', '"x".foo', 'range(0, 3, -1)', '[{a: 1}, {a: 2}]'].join('\n') + '\n');

  it('eval: one JSON line per non-empty line, errors with kind and file position', async () => {
    const r = await run(['eval', '--file', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({ value: 3 });
    expect(lines[1]).toEqual({ value: [1, { $float: 'NaN' }] });
    expect(lines[2].error).toMatchObject({ kind: 'parse', line: 5, column: 4 });
    expect(lines[3].error).toMatchObject({ kind: 'type', line: 6, column: 5 });
    expect(lines[4].error).toMatchObject({ kind: 'runtime', line: 7 });
    expect(typeof lines[4].error.message).toBe('string');
    expect(lines[5]).toEqual({ value: [{ a: 1 }, { a: 2 }] });
  });

  it('type and print: {"type": Weave Type JSON} and {"text": …}', async () => {
    const [t, p] = await Promise.all([run(['type', '--file', file]), run(['print', '--file', file])]);
    const types = t.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(types[0]).toEqual({ type: 'number' });
    expect(types[1].type).toMatchObject({ type: 'list', objectType: 'number' });
    expect(types[2].error.kind).toBe('parse');
    const texts = p.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(texts[0]).toEqual({ text: '1 + 2' });
    expect(texts[3].error.kind).toBe('type');
  });

  it('all good: exit 0; --file - reads stdin; a missing file is a usage error', async () => {
    const [ok, stdin, missing] = await Promise.all([
      run(['eval', '--file', '-'], { input: '1\n2\n' }),
      run(['print', '--file', '-'], { input: '1+1\n' }),
      run(['eval', '--file', join(dir, 'nope.txt')]),
    ]);
    expect(ok).toMatchObject({ code: 0, stdout: '{"value":1}\n{"value":2}\n' });
    expect(stdin.stdout).toBe('{"text":"1 + 1"}\n');
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('cannot read');
  });
});

describe('output formats', () => {
  const rows = '[{a: 1, b: "x,y"}, {a: 0/0, b: "z", c: true}]';

  it('table: aligned columns, numbers right-aligned', async () => {
    const r = await run(['eval', '[{name: "a", loss: 0.5}, {name: "longer", loss: 12}]']);
    expect(r.stdout).toBe(['name    loss', '──────  ────', 'a        0.5', 'longer    12', ''].join('\n'));
  });

  it('json, jsonl and csv', async () => {
    const [json, jsonl, csv] = await Promise.all([
      run(['eval', '--format', 'json', rows]),
      run(['eval', '--format', 'jsonl', rows]),
      run(['eval', '--format', 'csv', rows]),
    ]);
    expect(JSON.parse(json.stdout)).toEqual([{ a: 1, b: 'x,y' }, { a: { $float: 'NaN' }, b: 'z', c: true }]);
    expect(jsonl.stdout.trim().split('\n')).toHaveLength(2);
    expect(csv.stdout).toBe('a,b,c\n1,"x,y",\nNaN,z,true\n');
  });

  it('arrow: Arrow IPC written to --out', async () => {
    const out = join(dir, 'rows.arrow');
    const r = await run(['eval', '--format', 'arrow', '--out', out, rows]);
    expect(r.code).toBe(0);
    const table = tableFromIPC(readFileSync(out));
    expect(table.numRows).toBe(2);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(table.getChild('a')!.get(0)).toBe(1);
    expect(Number.isNaN(table.getChild('a')!.get(1))).toBe(true);
    expect(table.getChild('b')!.toArray()).toEqual(['x,y', 'z']);
  });

  it('colours only when asked (FORCE_COLOR) and never with NO_COLOR', async () => {
    const [forced, none] = await Promise.all([
      run(['eval', '1 +'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } }),
      run(['eval', '1 +'], { env: { NO_COLOR: '1', FORCE_COLOR: undefined } }),
    ]);
    expect(forced.stderr).toContain('\u001b[31m');
    expect(none.stderr).not.toContain('\u001b[');
  });
});

describe('panelql gql', () => {
  it('says when no GraphQL query is needed', async () => {
    const r = await run(['gql', '--format', 'json', '1 + 1']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ query: null });
  });
});

describe('data: panelql demo, --data', () => {
  it('demo DIR generates a workspace (once); --data opens it; a malformed one names the JSON path', async () => {
    const out = join(dir, 'demo');
    const first = await run(['demo', out]);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe(join(out, 'workspace.json'));
    expect(first.stderr).toContain('generated');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"entities": 5}');
    const [again, opened, malformed, missing, both] = await Promise.all([
      run(['demo', out]),
      run(['--data', out, 'eval', '1 + 1']),
      run(['--data', bad, 'eval', '1']),
      run(['--data', join(dir, 'missing'), 'eval', '1']),
      run(['--data', out, '--wandb', 'eval', '1']),
    ]);
    expect(again.stderr).toContain('already there');
    expect(opened).toMatchObject({ code: 0, stdout: '2\n' });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('$.entities');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot open workspace');
    expect(both.code).toBe(64);
  });
});

describe('W&B data (the demo workspace, first project bound by default)', () => {
  it('evaluates over runs; --project rebinds; unknown projects warn', async () => {
    const [count, other, rows, unknown] = await Promise.all([
      run(['eval', 'runs.count']),
      run(['--project', 'wandb-demo/llm-finetune', 'eval', 'runs.count']),
      run(['eval', '--format', 'json', 'runs.limit(2).map((r) => {name: r.name, lr: r.config["lr"]})']),
      run(['--project', 'nope/nope', 'eval', 'project.name']),
    ]);
    expect(count).toMatchObject({ code: 0, stdout: '40\n' });
    expect(other.stdout).toBe('20\n');
    const parsed = JSON.parse(rows.stdout) as { name: string; lr: number }[];
    expect(parsed).toHaveLength(2);
    expect(typeof parsed[0].name).toBe('string');
    expect(typeof parsed[0].lr).toBe('number');
    expect(unknown.stdout).toBe('null\n');
    expect(unknown.stderr).toContain('warning: project nope/nope was not found');
  });

  it('type refines from the data; gql prints the planned query; --file batches', async () => {
    const file = join(dir, 'data.txt');
    writeFileSync(file, ['runs.count', 'runs.summary["acc"].max', 'runs.nope', '[1, 2].sum'].join('\n'));
    const [type, gql, batch] = await Promise.all([run(['type', 'runs.summary']), run(['gql', 'runs.summary["loss"].avg']), run(['eval', '--file', file])]);
    expect(type.stdout).toContain('loss: Number');
    expect(gql.stdout).toContain('summaryMetrics(keys: ["loss"])');
    expect(gql.stdout).toContain('project(name: "mnist-sweeps", entityName: "wandb-demo")');
    const lines = batch.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ value: 40 });
    expect(typeof lines[1].value).toBe('number');
    expect(lines[2].error).toMatchObject({ kind: 'type', line: 3 });
    expect(lines[3]).toEqual({ value: 3 });
  });
});

describe('--wandb (remote mode, against a W&B-compatible GraphQL server on loopback)', () => {
  it('reads WANDB_BASE_URL / WANDB_API_KEY / WANDB_ENTITY / WANDB_PROJECT; a wrong key is a clear error', async () => {
    const { createLocalBackend, serveWorkspaceGraphQL } = await import('../../src/node.js');
    const toy = readFileSync(new URL('../conformance/data/toy-workspace.json', import.meta.url), 'utf8');
    const served = await serveWorkspaceGraphQL(createLocalBackend(toy), { apiKey: 'wandb-key' });
    try {
      const env = { WANDB_BASE_URL: served.url, WANDB_API_KEY: 'wandb-key', WANDB_ENTITY: 'acme', WANDB_PROJECT: 'mnist', NETRC: join(dir, 'no-netrc') };
      const [count, explicit, wrongKey] = await Promise.all([
        run(['--wandb', 'eval', 'runs.count'], { env }),
        run(['--wandb', '--project', 'acme/mnist', 'eval', '--format', 'json', 'runs.map((r) => r.name)'], { env: { ...env, WANDB_ENTITY: undefined } }),
        run(['--wandb', 'eval', 'runs.count'], { env: { ...env, WANDB_API_KEY: 'nope' } }),
      ]);
      expect(count).toMatchObject({ code: 0, stdout: '4\n' });
      expect(JSON.parse(explicit.stdout)).toHaveLength(4);
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.stderr.toLowerCase()).toMatch(/401|api key|unauthori/);
    } finally {
      await served.close();
    }
  });
});
