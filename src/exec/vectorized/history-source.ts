/**
 * `runs.history.concat` from the runs' history columns (read from the fetched row texts or
 * per-key samples, see exec/data/history-columns.ts), without a row object: the engine
 * resolves `run-history` with a capability that makes it return a `HeldHistory` per run
 * instead of its rows, and the concat of those is one `ColumnarRows`. A row is built only when
 * a consumer reads it whole.
 */
import { wandbData } from '../../ops/domain/access.js';
import { withFiles } from '../../ops/domain/common.js';
import { HISTORY_AS_COLUMNS } from '../../ops/domain/run.js';
import { DomainObject } from '../../ops/domain/values.js';
import { tagValue } from '../../ops/values.js';
import type { DataAccess } from '../../ops/opdef.js';
import { historyColumns, type HistoryColumns } from '../data/history-columns.js';
import { concatCached, splitTag } from './sources.js';
import { ColumnarRows, partOf, type RowOrigin } from './values.js';

/** The ops that read a run's history rows. */
export const HISTORY_OPS: ReadonlySet<string> = new Set(['run-history', 'run-history2', 'run-history3']);

/** A run's history held as columns, standing where the resolver would put its rows. */
class HeldHistory {
  constructor(
    readonly columns: HistoryColumns,
    private readonly run: DomainObject,
  ) {}

  /** Row q as the resolver makes it, from its text or its samples alone. */
  row(q: number): unknown {
    const known = this.run.recall('history');
    return Array.isArray(known) ? known[q] : withFiles(this.columns.row(q), this.run);
  }
}

/** `data` with the capability that makes `run-history` return held histories where it can. */
export function holdingHistories(data: DataAccess): DataAccess {
  const asColumns = (run: DomainObject): HeldHistory | undefined => {
    const columns = historyColumns(run, wandbData({ data }));
    return columns === null ? undefined : new HeldHistory(columns, run);
  };
  return { ...data, [HISTORY_AS_COLUMNS]: asColumns };
}

/**
 * `concat` of a `run-history` result whose every history is held, as columns (tagged as the
 * row-wise concat tags each row: with its run's history tag); null when some is not held.
 */
export function concatHeldHistories(items: unknown, threshold: number): ColumnarRows | null {
  const { tag: outer, value: list } = splitTag(items);
  if (!Array.isArray(list)) return null;
  const held: HeldHistory[] = [];
  const tags: unknown[] = [];
  for (const item of list) {
    if (item == null) continue;
    const { tag, value } = splitTag(item);
    if (!(value instanceof HeldHistory)) return null;
    held.push(value);
    tags.push(tag);
  }
  const starts = new Int32Array(held.length + 1);
  for (let p = 0; p < held.length; p++) starts[p + 1] = starts[p] + held[p].columns.table.length;
  if (starts[held.length] < threshold) return null;
  const cached = concatCached(
    held.map((h) => h.columns.source),
    held.map((h) => h.columns.table),
    starts,
  );
  // A whole row is built (from its text or its samples) when a consumer reads it — a group's
  // first row for its tag, a result of rows — with its run's history tag as the row-wise concat
  // puts it. `parts` are the fetched sources, not rows: `row` builds the rows.
  const origin: RowOrigin = {
    parts: held.map((h) => h.columns.source),
    starts,
    row: (i) => {
      const p = held.length === 1 ? 0 : partOf(starts, i);
      return tagValue(tags[p], held[p].row(i - starts[p]));
    },
  };
  const tagIds = tags.some((t) => t !== undefined) ? cached.tagIds : null;
  return new ColumnarRows(cached.table, null, tagIds, tags, outer, origin);
}
