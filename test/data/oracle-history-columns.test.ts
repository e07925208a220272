/**
 * History typed from its columns (`DictTypeMerger.addTable` over `tableFromJsonTexts`) equals
 * history typed from its parsed rows (`mergeDictTypes`), across several runs' tables, for rows
 * with sparse keys, nulls, kind changes and nested values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonExtended, stringifyJsonExtended } from '../../src/backends/json.js';
import { tableFromJsonTexts } from '../../src/exec/columnar/index.js';
import { DictTypeMerger, mergeDictTypes } from '../../src/exec/data/oracle.js';

const NUM_RUNS = process.env.PANELQL_LONG ? 2000 : 150;

const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, NaN, Infinity, 'a', 'b', true, false), fc.constant(null));
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('x', 'y'), scalar, { maxKeys: 2 }) },
);
const row = fc.dictionary(fc.constantFrom('_step', 'loss', 'acc', 'img', 'note'), value, { maxKeys: 4 });
const runs = fc.array(fc.array(row, { maxLength: 10 }), { minLength: 1, maxLength: 3 });

describe('history types from columns', () => {
  it('equal the types of the parsed rows', () => {
    fc.assert(
      fc.property(runs, (rs) => {
        const texts = rs.map((rows) => rows.map((r) => stringifyJsonExtended(r)));
        const merged = new DictTypeMerger();
        for (const t of texts) {
          const table = tableFromJsonTexts(t);
          expect(table).not.toBeNull();
          if (table !== null) merged.addTable(table);
        }
        const rows = texts.flat().map((t) => parseJsonExtended(t) as Record<string, unknown>);
        expect(merged.type()).toEqual(mergeDictTypes(rows));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
