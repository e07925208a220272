/** Completions: ops after `.`, keys inside `[`, variables and functions where an expression starts. */
import { describe, expect, it } from 'vitest';
import { suggest, type Completion } from '../../src/index.js';
import { MAX_SUGGEST_BUILDS, suggest as suggestWith } from '../../src/check/suggest.js';
import { standardRegistry } from '../../src/ops/index.js';
import { list, typedDict } from '../../src/types/index.js';

const variables = {
  runs: { type: list('run') },
  x: { type: list('number') },
  rows: { type: list(typedDict({ loss: 'number', acc: 'number', epoch: 'number', name: 'string', tags: list('string') })) },
};
const at = (text: string, cursor = text.length): Completion[] => suggest(text, cursor, { variables });
const labels = (text: string, cursor?: number) => at(text, cursor).map((c) => c.label);

describe('after a dot: ops that apply to the receiver', () => {
  it('runs.', () => {
    const items = at('runs.');
    const names = items.map((c) => c.label);
    expect(names).toEqual(expect.arrayContaining(['config', 'count', 'createdAt', 'filter', 'history', 'map', 'name', 'summary']));
    expect(names).not.toContain('upper');
    expect(names).not.toContain('sum');
    // Visible ops first, alphabetically; hidden ones after.
    const firstHidden = items.findIndex((c) => c.hidden);
    expect(items.slice(firstHidden).every((c) => c.hidden)).toBe(true);
    expect(names.slice(0, 4)).toEqual(['config', 'count', 'createdAt', 'dropna']);
    expect(items.find((c) => c.label === 'filter')).toMatchObject({ kind: 'op', insertText: 'filter((row) => row)', replace: { start: 5, end: 5 } });
    expect(items.find((c) => c.label === 'joinToStr')?.insertText).toBe('joinToStr("")');
  });
  it('runs.su → summary, replacing the partial name', () => {
    expect(at('runs.su').map((c) => [c.label, c.replace])).toEqual([['summary', { start: 5, end: 7 }]]);
  });
  it('x.su → sum; x.sum (already complete) → nothing more', () => {
    expect(labels('x.su')).toEqual(['sum']);
    expect(labels('x.sum')).toEqual([]);
  });
  it('a typo one letter off still finds its op', () => {
    expect(labels('runs.summery')).toEqual(['summary']);
  });
  it('inside a lambda body, the parameter is the element', () => {
    expect(labels('rows.map((row) => row.')).toEqual(['isNone', 'keytypes', 'mapEach', 'throwError', 'values']);
    const numberOps = labels('rows.map((row) => row["loss"].');
    expect(numberOps).toEqual(expect.arrayContaining(['toString', 'floor', 'isNone']));
    expect(numberOps).not.toContain('upper');
    expect(labels('rows.map((row) => row["name"].up')).toEqual(['upper']);
  });
  it('a variable used a second time', () => {
    expect(labels('rows.count + rows.')).toEqual(expect.arrayContaining(['count', 'map', 'filter', 'groupby']));
  });
  it('the cursor, not the end of the text, decides', () => {
    expect(labels('runs.su + 1', 7)).toEqual(['summary']);
  });
  it('nothing for an unknown receiver or an error before the cursor', () => {
    expect(at('nope.')).toEqual([]);
    expect(at('1 + "a" + rows.')).toEqual([]);
  });
});

describe('inside brackets: dict keys', () => {
  it('rows[', () => {
    expect(at('rows[').map((c) => [c.label, c.insertText, c.detail])).toEqual([
      ['acc', '"acc"]', 'Number'],
      ['epoch', '"epoch"]', 'Number'],
      ['loss', '"loss"]', 'Number'],
      ['name', '"name"]', 'String'],
      ['tags', '"tags"]', 'List<String>'],
    ]);
  });
  it('rows["lo', () => {
    expect(at('rows["lo').map((c) => [c.label, c.insertText, c.replace])).toEqual([['loss', '"loss"]', { start: 5, end: 8 }]]);
  });
  it('keys of a lambda parameter', () => {
    expect(labels('rows.map((row) => row["')).toEqual(['acc', 'epoch', 'loss', 'name', 'tags']);
  });
});

describe('where an expression starts: variables, then functions', () => {
  it('empty text', () => {
    const items = at('');
    expect(items.slice(0, 3).map((c) => [c.kind, c.label])).toEqual([
      ['variable', 'rows'],
      ['variable', 'runs'],
      ['variable', 'x'],
    ]);
    expect(items.filter((c) => c.kind === 'function' && !c.hidden).map((c) => c.label)).toEqual(
      expect.arrayContaining(['abs', 'range', 'project']),
    );
    expect(items.find((c) => c.label === 'abs')?.insertText).toBe('abs(');
  });
  it('a partial name', () => {
    expect(labels('ro')).toEqual(['rows', 'project', 'allProjects']);
    expect(labels('1 + r').slice(0, 3)).toEqual(['rows', 'runs', 'range']);
  });
});

describe('bounded work', () => {
  it('gives up on receivers that need too many op nodes', () => {
    const many = '[' + Array.from({ length: MAX_SUGGEST_BUILDS + 10 }, (_, i) => `${i} + 1`).join(', ') + '].';
    const t0 = performance.now();
    expect(at(many)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
  it('budgets are options', () => {
    const text = 'rows' + '.filter((row) => row["loss"] > 0)'.repeat(5) + '.';
    const types = { rows: variables.rows.type };
    const registry = standardRegistry();
    expect(suggestWith(text, text.length, { registry, variables: types }).length).toBeGreaterThan(0);
    expect(suggestWith(text, text.length, { registry, variables: types, maxBuilds: 10 })).toEqual([]);
    expect(suggestWith(text, text.length, { registry, variables: types, timeBudgetMs: -1 })).toEqual([]);
  });
  it('still completes long but ordinary chains', () => {
    const chain = 'rows' + '.filter((row) => row["loss"] > 0)'.repeat(30) + '.';
    expect(labels(chain)).toContain('count');
  });
});
