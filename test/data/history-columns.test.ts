/**
 * A run's history columns (`historyColumns`) against its rows (`runHistory`): for whole rows
 * fetched as texts and for per-key samples zipped on `_step` (later samples win, rows without a
 * numeric step last, missing rows → no columns), the table equals ingesting the rows and the
 * typing data gives the type the rows give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonExtended, stringifyJsonExtended } from '../../src/backends/json.js';
import { tableFromJsonRows, toJS, type ColumnTable } from '../../src/exec/columnar/index.js';
import { historyColumns } from '../../src/exec/data/history-columns.js';
import { DictTypeMerger, mergeDictTypes } from '../../src/exec/data/oracle.js';
import type { WandbData } from '../../src/ops/domain/access.js';
import { responseKey } from '../../src/ops/domain/alias.js';
import { HISTORY_FULL_ARGS, runHistory } from '../../src/ops/domain/run.js';
import { DomainObject } from '../../src/ops/domain/values.js';

const NUM_RUNS = process.env.PANELQL_LONG ? 2000 : 150;

const data = { parseJson: (t: string) => parseJsonExtended(t), requestField: () => undefined } as unknown as WandbData;

function tag(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? '$-0' : Number.isNaN(v) ? '$NaN' : v;
  return v;
}

function describeTable(t: ColumnTable): unknown {
  return t.names.map((name) => ({ name, kind: t.get(name).kind, values: toJS(t.get(name), null).map(tag) }));
}

function check(raw: Record<string, unknown>): void {
  const columns = historyColumns(DomainObject.of('run', { ...raw }, null), data);
  const rows = runHistory(DomainObject.of('run', { ...raw }, null), data);
  if (!Array.isArray(rows)) {
    expect(columns).toBeNull();
    return;
  }
  expect(columns).not.toBeNull();
  if (columns === null) return;
  expect(describeTable(columns.table)).toEqual(describeTable(tableFromJsonRows(rows)));
  const merged = new DictTypeMerger();
  merged.addTable(columns);
  expect(merged.type()).toEqual(mergeDictTypes(rows as Record<string, unknown>[]));
  // Each row built alone is the reader's row (keys in order, values).
  const alone = rows.map((_, q) => columns.row(q));
  expect(alone.map((r) => Object.entries(r).map(([k, v]) => [k, tag(v)]))).toEqual(rows.map((r) => Object.entries(r as object).map(([k, v]) => [k, tag(v)])));
}

const scalar = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(0.5, NaN, 'a', true), fc.constant(null), fc.constant({ x: 1 }));
const step = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 1, arbitrary: fc.constantFrom(-0, 'x', null, 2.5) });
const sample = (key: string) =>
  fc.record({ _step: step, v: scalar }, { requiredKeys: [] }).map(({ _step, v }) => {
    const o: Record<string, unknown> = {};
    if (_step !== undefined) o._step = _step;
    if (v !== undefined) o[key] = v;
    return o;
  });
const specs = fc.tuple(fc.array(sample('loss'), { maxLength: 8 }), fc.array(sample('acc'), { maxLength: 8 }), fc.array(sample('loss'), { maxLength: 3 }));

describe('historyColumns', () => {
  it('per-key samples zipped on _step: the table and types of the zipped rows', () => {
    fc.assert(
      fc.property(specs, fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }), (ss, count) => {
        check({ sampledHistory: ss, ...(count === undefined ? {} : { historyLineCount: count }) });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('whole rows as texts: the table and types of the parsed rows', () => {
    const row = fc.dictionary(fc.constantFrom('_step', 'loss', 'acc', 'img'), scalar, { maxKeys: 3 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 10 }), (rs) => {
        check({ [responseKey('history', HISTORY_FULL_ARGS)]: rs.map((r) => stringifyJsonExtended(r)) });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('table references in history become files in both', () => {
    const texts = ['{"_step": 0, "t": {"_type": "table-file", "path": "media/t.table.json"}}'];
    const columns = historyColumns(DomainObject.of('run', { name: 'r', [responseKey('history', HISTORY_FULL_ARGS)]: texts }, null), data);
    const cell = columns && toJS(columns.table.get('t'), null)[0];
    expect(cell?.constructor.name).toBe('FileValue');
  });

  it('nothing fetched: null', () => {
    expect(historyColumns(DomainObject.of('run', { name: 'r' }, null), data)).toBeNull();
  });
});
