/** Small parts of the CLI: formats, styles, the progress bar, deadlines, receiver splitting. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { abortReason, deadline, TimeoutError } from '../../src/cli/deadline.js';
import { receiverSplit } from '../../src/cli/engine.js';
import { inlineText, renderCsv, renderTable, renderValue } from '../../src/cli/format.js';
import { startProgress } from '../../src/cli/progress.js';
import { colorsFor, makeStyle } from '../../src/cli/style.js';

const plain = makeStyle(false);

describe('formats', () => {
  it('tables: union of columns in first-seen order, empty cells, long cells cut, row limit', () => {
    const t = renderTable([{ a: 1, b: 'x'.repeat(100) }, { c: true }], { style: plain, maxCellWidth: 10, maxRows: 1 });
    const lines = t.split('\n');
    expect(lines[0]).toBe('a  b           c');
    expect(lines[2]).toContain('xxxxxxxxx…');
    expect(lines[3]).toContain('1 more rows (2 in all)');
  });

  it('values: NaN, dates, strings, nested', () => {
    expect(inlineText({ $float: 'NaN' })).toBe('NaN');
    expect(inlineText({ $date: '2024-01-01T00:00:00.000Z' })).toBe('2024-01-01T00:00:00.000Z');
    expect(inlineText({ 'a b': [1, 'x', null] })).toBe('{"a b": [1, "x", null]}');
    expect(renderValue('top-level string', { style: plain })).toBe('top-level string');
    expect(renderValue([], { style: plain })).toBe('[]');
  });

  it('csv quotes what needs quoting', () => {
    expect(renderCsv([{ a: 'x"y', b: ' lead', c: { d: 1 } }])).toBe('a,b,c\n"x""y"," lead","{""d"":1}"');
    expect(renderCsv([1, { $float: 'Infinity' }])).toBe('value\n1\nInfinity');
  });
});

describe('styles', () => {
  it('colours only on a TTY, never with NO_COLOR, forced by FORCE_COLOR', () => {
    expect(colorsFor({ isTTY: true }, {})).toBe(true);
    expect(colorsFor({ isTTY: false }, {})).toBe(false);
    expect(colorsFor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorsFor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorsFor({ isTTY: true }, {}, false)).toBe(false);
    expect(makeStyle(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('progress bar', () => {
  const tty = () => {
    const s = new PassThrough() as PassThrough & { isTTY: boolean; columns: number; cursorTo: () => boolean; clearLine: () => boolean; moveCursor: () => boolean };
    s.isTTY = true;
    s.columns = 100;
    s.cursorTo = () => true;
    s.clearLine = () => true;
    s.moveCursor = () => true;
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString()));
    return { stream: s, text: () => text };
  };

  it('appears only when the work outlasts the delay', async () => {
    const slow = tty();
    const p = startProgress('fetching', { stream: slow.stream as unknown as NodeJS.WriteStream, delayMs: 20, enabled: true });
    p.update({ phase: 'querying W&B', done: 1 });
    await new Promise((r) => setTimeout(r, 80));
    p.stop();
    expect(slow.text()).toContain('querying W&B');
    const fast = tty();
    const q = startProgress('fetching', { stream: fast.stream as unknown as NodeJS.WriteStream, delayMs: 1000, enabled: true });
    q.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(fast.text()).toBe('');
  });
});

describe('deadline', () => {
  it('aborts when polled after the deadline, even if the event loop was blocked', () => {
    const d = deadline(20);
    const until = Date.now() + 40;
    while (Date.now() < until) {
      /* busy: no timer can fire */
    }
    expect(d.signal.aborted).toBe(true);
    expect(abortReason(d.signal)).toBeInstanceOf(TimeoutError);
    d.dispose();
  });

  it('follows a parent signal and a poll function', () => {
    const parent = new AbortController();
    const d = deadline(Infinity, parent.signal);
    expect(d.signal.aborted).toBe(false);
    parent.abort();
    expect(d.signal.aborted).toBe(true);
    expect(abortReason(d.signal)?.name).toBe('CancelledError');
    let flag = false;
    const e = deadline(Infinity, undefined, () => flag);
    expect(e.signal.aborted).toBe(false);
    flag = true;
    expect(e.signal.aborted).toBe(true);
  });
});

describe('receiverSplit (data-aware completion)', () => {
  it.each([
    ['runs.summary["lo', 'runs.summary', '["lo'],
    ['1 + runs.summary[', 'runs.summary', '['],
    ['runs[0].config.', 'runs[0].config', '.'],
    ['runs.map((r) => r.summary["x"]).', 'runs.map((r) => r.summary["x"])', '.'],
    ['f(a, b).x', 'f(a, b)', '.x'],
  ])('%s → %s + %s', (text, receiver, tail) => {
    expect(receiverSplit(text)).toMatchObject({ receiver, tail });
  });

  it('is null where no receiver ends at the cursor', () => {
    expect(receiverSplit('runs')).toBeNull();
    expect(receiverSplit('.x')).toBeNull();
  });
});
