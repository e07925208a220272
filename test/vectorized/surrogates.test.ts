import { describe, expect, it } from 'vitest';
import { columnFromCells, tableFromJsonRows, toJS } from '../../src/exec/columnar/index.js';
import { runBoth, type Row } from './helpers.js';

// Strings a UTF-8 column cannot hold: an unpaired high and an unpaired low surrogate.
const LONE_HIGH = 'a\uD800b';
const LONE_LOW = '\uDC00';

describe('strings with lone surrogates keep their exact value', () => {
  it('JSON-row ingest keeps them (the column stays exact instead of UTF-8)', () => {
    const rows = [{ s: 'ok' }, { s: LONE_HIGH }, { s: null }, {}, { s: LONE_LOW }, { s: 'ok' }];
    expect(toJS(tableFromJsonRows(rows).get('s'))).toEqual(['ok', LONE_HIGH, null, null, LONE_LOW, 'ok']);
    const many = Array.from({ length: 200 }, (_, i) => ({ s: i % 50 === 7 ? LONE_HIGH : `v${i % 3}` }));
    expect(toJS(tableFromJsonRows(many).get('s'))).toEqual(many.map((r) => r.s));
  });

  it('table-file cells keep them', () => {
    expect(toJS(columnFromCells(['x', LONE_LOW, null, LONE_HIGH]))).toEqual(['x', LONE_LOW, null, LONE_HIGH]);
  });

  it('the vectorized engine answers as the row-wise executor', () => {
    const runs: Row[][] = [
      [
        { s: LONE_HIGH, n: 1 },
        { s: 'plain', n: 2 },
      ],
      [{ s: LONE_LOW, n: 3 }, { s: null, n: 4 }],
    ];
    for (const e of [
      'runsHist.concat["s"]',
      'runsHist.concat.map((row) => row["s"])',
      'runsHist.concat.map((row) => row["s"].len)',
      'runsHist.concat.filter((row) => row["n"] > 1)["s"]',
      'runsHist.concat.groupby((row) => row["s"]).map((row) => row.count)',
    ]) {
      const r = runBoth(e, runs, false);
      expect(r.vectorized, e).toEqual(r.rowwise);
    }
  });
});
