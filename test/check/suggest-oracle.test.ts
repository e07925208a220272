/**
 * Completions with a refining type oracle: keys that exist only in the data, also inside
 * lambda bodies (the parameter is typed from the refined receiver), and the closed
 * expression a caller fetches for them (`completionDataExpression`).
 */
import { describe, expect, it } from 'vitest';
import { suggest, type Completion } from '../../src/index.js';
import { completionDataExpression, suggest as suggestWith } from '../../src/check/suggest.js';
import type { Node } from '../../src/graph/node.js';
import type { TypeOracle } from '../../src/ops/domain/oracle.js';
import { standardRegistry } from '../../src/ops/index.js';
import { list, maybe, typedDict, type Type } from '../../src/types/index.js';

const registry = standardRegistry();
const variables = { runs: { type: list('run') } };

/** An oracle that knows the data: summaries with `val_loss`, configs with `lr`, history rows with `grad_norm`. */
function dataOracle(): TypeOracle & { calls: { op: string; inputs: Readonly<Record<string, Node>> }[] } {
  const calls: { op: string; inputs: Readonly<Record<string, Node>> }[] = [];
  const answers: Record<string, Type> = {
    'run-summary': typedDict({ val_loss: 'number', loss: 'number', 'eval.acc': 'number' }),
    'run-config': typedDict({ lr: 'number', optimizer: 'string' }),
    'run-history': list(typedDict({ _step: 'number', grad_norm: maybe('number') })),
  };
  return {
    calls,
    refine(op, inputs) {
      calls.push({ op, inputs });
      return answers[op];
    },
  };
}

const labels = (items: Completion[]) => items.map((c) => c.label);

describe('suggest with a refining type oracle', () => {
  it('without one, summary keys are the declared ones (none); with one, the data keys', () => {
    expect(labels(suggest('runs.summary["', undefined, { variables }))).toEqual([]);
    const oracle = dataOracle();
    expect(labels(suggest('runs.summary["', undefined, { variables, typeOracle: oracle }))).toEqual(['eval\\.acc', 'loss', 'val_loss']);
    expect(oracle.calls.map((c) => c.op)).toEqual(['run-summary']);
  });

  it.each([
    ['runs.map((r) => r.summary["', ['eval\\.acc', 'loss', 'val_loss']],
    ['runs.map((r) => r.summary["val', ['val_loss', 'eval\\.acc']],
    ['runs.filter((row) => row.config["', ['lr', 'optimizer']],
    ['runs.filter((row) => row.config[', ['lr', 'optimizer']],
    ['runs.history.concat.map((row) => row["', ['_step', 'grad_norm']],
    ['runs.map((r) => r.history.map((h) => h["gr', ['grad_norm']],
    ['runs.map((r) => {a: r.config["o', ['optimizer']],
    ['runs.sort((r) => r.summary["lo', ['loss', 'val_loss']],
  ])('inside a lambda body: %s', (text, expected) => {
    const oracle = dataOracle();
    const items = suggestWith(text, text.length, { registry, variables: { runs: list('run') }, typeOracle: oracle });
    expect(labels(items)).toEqual(expected);
    // The lambda parameter reaches the oracle as the receiver (a var node), not a value.
    if (text.includes('summary') || text.includes('config')) {
      const call = oracle.calls.find((c) => c.op === 'run-summary' || c.op === 'run-config')!;
      expect(Object.values(call.inputs)[0].nodeType).toBe('var');
    }
  });

  it('ops after a dot follow the refined type (a number key; declared: any)', () => {
    const refined = labels(suggest('runs.map((r) => r.summary["loss"].', undefined, { variables, typeOracle: dataOracle() }));
    expect(refined).toEqual(expect.arrayContaining(['floor', 'toFixed']));
    expect(refined).not.toContain('upper');
    expect(labels(suggest('runs.map((r) => r.summary["loss"].', undefined, { variables }))).toContain('upper');
  });

  it('the insert text and replaced range are those of the real text', () => {
    const text = 'runs.filter((row) => row.config["o';
    const [item] = suggest(text, undefined, { variables, typeOracle: dataOracle() });
    expect(item).toMatchObject({ label: 'optimizer', kind: 'key', insertText: '"optimizer"]', replace: { start: text.length - 2, end: text.length } });
  });
});

describe('completionDataExpression: what to fetch for the receiver at the cursor', () => {
  it.each([
    ['runs.summary["val_lo', 'runs.summary'],
    ['1 + runs.summary[', 'runs.summary'],
    ['runs[0].config.', 'runs[0].config'],
    ['runs.map((r) => r.summary["x"]).', 'runs.map((r) => r.summary["x"])'],
    ['runs.map((r) => r.summary["', 'runs.map((r) => r.summary)'],
    ['runs.filter((row) => row.config["', 'runs.map((row) => row.config)'],
    ['runs.filter((row) => row.config["lr"] > 0.1 and row.summary[', 'runs.map((row) => row.summary)'],
    ['runs.history.concat.map((row) => row["', 'runs.history.concat.map((row) => row)'],
    ['runs.map((r) => r.history.map((h, i) => h["v', 'runs.map((r) => r.history.map((h, i) => h))'],
    ['runs.map((r) => {a: r.config.', 'runs.map((r) => r.config)'],
    ['(runs.limit(2)).map((r) => r.config.', 'runs.limit(2).map((r) => r.config)'],
  ])('%s → %s', (text, expected) => {
    expect(completionDataExpression(text)).toBe(expected);
  });

  it('is null where no receiver ends at the cursor', () => {
    expect(completionDataExpression('runs')).toBeNull();
    expect(completionDataExpression('')).toBeNull();
    expect(completionDataExpression('1 + ')).toBeNull();
  });

  it('uses the text left of the cursor only', () => {
    const text = 'runs.map((r) => r.summary["lo"]).count';
    expect(completionDataExpression(text, text.indexOf('lo'))).toBe('runs.map((r) => r.summary)');
  });
});
