/**
 * The REPL: as a spawned process driven through stdin/stdout (scripts, Ctrl-C), and in
 * process on fake terminal streams (completion, history, Ctrl-C on a line, prompts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/cli/engine.js';
import { openEngine } from '../../src/cli/open.js';
import { needsMore, startRepl } from '../../src/cli/repl.js';
import { makeStyle } from '../../src/cli/style.js';
import { collect, run, start, waitFor, warm } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'panelql-repl-'));

beforeAll(async () => {
  await warm();
});

describe('the REPL as a process (stdin is a script)', () => {
  it('prints only results, in order; errors with carets on stderr; exit 0 at end of input', async () => {
    const script = [
      '1 + 2',
      '',
      '[1,',
      '  2,',
      '  3].sum',
      '.type [1, 2]',
      '.print 1+2*3',
      '"x".foo',
      '[{a: 1, bb: "q"}]',
      '.format json',
      '[1, 0/0]',
      '.ops upper',
      '.nope',
      '7',
    ].join('\n');
    const r = await run([], { input: script + '\n' });
    expect(r.code).toBe(0);
    const out = r.stdout.split('\n');
    expect(out.slice(0, 8)).toEqual(['3', '6', 'List<Number>', '1 + 2 * 3', 'a  bb', '─  ──', '1  q', '[1,{"$float":"NaN"}]']);
    expect(r.stdout).toContain('string-upper');
    expect(r.stdout.trimEnd().endsWith('7')).toBe(true);
    expect(r.stdout).not.toContain('panelql>');
    expect(r.stderr).toContain('1:5: type error: `.foo` is not an op');
    expect(r.stderr).toContain('  "x".foo\n      ^^^');
    expect(r.stderr).toContain('unknown command .nope');
  });

  it('an unfinished expression at end of input is reported; .exit stops reading', async () => {
    const [unfinished, exited] = await Promise.all([run([], { input: '1 + 1\n[1, 2\n' }), run([], { input: '1\n.exit\n2\n' })]);
    expect(unfinished.code).toBe(0);
    expect(unfinished.stdout).toBe('2\n');
    expect(unfinished.stderr).toContain('parse error');
    expect(exited).toMatchObject({ code: 0, stdout: '1\n' });
  });

  it('Ctrl-C (SIGINT) cancels a running evaluation and the REPL goes on', async () => {
    const child = start(['--no-progress']);
    const done = collect(child, 90_000);
    child.stdin!.write('1\n');
    await waitFor(child, 'stdout', /^1\n/); // the evaluation worker is up
    child.stdin!.write('range(0, 1000000, 1).map((x) => range(0, x, 1).count).sum\n');
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    child.kill('SIGINT');
    await waitFor(child, 'stderr', /cancelled/);
    expect(Date.now() - t0).toBeLessThan(5000);
    child.stdin!.end('40 + 2\n');
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('1\n42\n');
  });
});

describe('the REPL on the demo workspace', () => {
  it('project and runs are bound; .type, .gql and .plan show data types and the query', async () => {
    const script = ['runs.count', 'project.name', '.type runs[0].config', '.gql runs.summary["acc"].max', '.plan runs.count', 'runs.limit(2).map((r) => r.name).count'].join('\n');
    const r = await run([], { input: script + '\n' });
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.startsWith('40\nmnist-sweeps\n')).toBe(true);
    expect(out).toContain('lr: Number');
    expect(out).toContain('summaryMetrics(keys: ["acc"])');
    expect(out).toContain('op graph');
    expect(out).toContain('root-project');
    expect(out.trimEnd().endsWith('2')).toBe(true);
  });
});

describe('needsMore (multi-line input)', () => {
  it.each([
    ['[1, 2', true],
    ['{a: (1', true],
    ['"abc', true],
    ['1 +', true],
    ['runs.', true],
    ['x.map((row) =>', true],
    ['[1, 2]', false],
    ['"(("', false],
    ['1)', false],
    ['"a\\"b"', false],
  ])('%s → %s', (text, more) => {
    expect(needsMore(text)).toBe(more);
  });
});

/** A fake terminal: keystrokes in, screen text out. */
function terminal() {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode: (b: boolean) => void };
  input.isTTY = true;
  input.setRawMode = () => {};
  const output = new PassThrough() as PassThrough & { isTTY: boolean; columns: number };
  output.isTTY = true;
  output.columns = 120;
  let screen = '';
  output.on('data', (d: Buffer) => (screen += d.toString()));
  const errorOutput = new PassThrough() as PassThrough & { isTTY: boolean };
  errorOutput.isTTY = false;
  let errors = '';
  errorOutput.on('data', (d: Buffer) => (errors += d.toString()));
  return {
    input,
    output,
    errorOutput,
    screen: () => screen.replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
    errors: () => errors,
    type: async (keys: string) => {
      input.write(keys);
      await new Promise((r) => setTimeout(r, 60));
    },
  };
}

describe('the REPL on a terminal', () => {
  const style = makeStyle(false);

  it('banner, prompt, Tab completion from suggest, multi-line prompt, history file', async () => {
    const t = terminal();
    const history = join(dir, 'history');
    writeFileSync(history, '"from history".len\n');
    const done = startRepl({ engine: new Engine(), input: t.input, output: t.output, errorOutput: t.errorOutput, outStyle: style, errStyle: style, historyFile: history });
    await t.type('');
    expect(t.screen()).toContain('PanelQL');
    expect(t.screen()).toContain('panelql> ');
    await t.type('[1, 2, 3].su\t');
    await t.type('\r');
    expect(t.screen()).toContain('[1, 2, 3].sum');
    expect(t.screen()).toMatch(/\n6\r?\n/);
    await t.type('[10,\r');
    expect(t.screen()).toContain('...');
    await t.type('20].avg\r');
    expect(t.screen()).toMatch(/\n15\r?\n/);
    // Up arrow twice: the multi-line entry is one history item, then the loaded one.
    await t.type('\u001b[A\u001b[A\u001b[A\r');
    expect(t.screen()).toMatch(/\n12\r?\n/);
    await t.type('.exit\r');
    expect(await done).toBe(0);
    const saved = readFileSync(history, 'utf8').trim().split('\n');
    expect(saved).toContain('[1, 2, 3].sum');
    expect(saved).toContain('[10, 20].avg');
  });

  it('Tab completes summary and config keys from the data', async () => {
    const engine = await openEngine();
    const t = terminal();
    const done = startRepl({ engine, input: t.input, output: t.output, errorOutput: t.errorOutput, outStyle: style, errStyle: style, historyFile: null });
    await t.type('runs.summary["val_lo\t');
    await new Promise((r) => setTimeout(r, 1500));
    await t.type('.count\r');
    await new Promise((r) => setTimeout(r, 1500));
    expect(t.screen()).toContain('runs.summary["val_loss"].count');
    expect(t.errors()).toBe('');
    expect(t.screen()).toMatch(/\n40\r?\n/);
    t.input.end();
    expect(await done).toBe(0);
    await engine.close();
  });

  it('Ctrl-C clears a line; twice on an empty line leaves', async () => {
    const t = terminal();
    const done = startRepl({ engine: new Engine(), input: t.input, output: t.output, errorOutput: t.errorOutput, outStyle: style, errStyle: style, historyFile: null });
    await t.type('1 + ');
    await t.type('\u0003');
    await t.type('2\r');
    expect(t.screen()).toMatch(/\n2\r?\n/);
    await t.type('\u0003');
    expect(t.screen()).toContain('press Ctrl+C again');
    await t.type('\u0003');
    expect(await done).toBe(0);
  });

  it('errors carry the caret; .help lists the commands', async () => {
    const t = terminal();
    const done = startRepl({ engine: new Engine(), input: t.input, output: t.output, errorOutput: t.errorOutput, outStyle: style, errStyle: style, historyFile: null });
    await t.type('1 +* 2\r');
    expect(t.errors()).toContain('parse error');
    expect(t.errors()).toContain('^');
    await t.type('.help\r');
    for (const c of ['.type', '.gql', '.plan', '.ops', '.print', '.exit']) expect(t.screen()).toContain(c);
    t.input.end();
    expect(await done).toBe(0);
  });
});
