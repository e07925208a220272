/**
 * A run's history as columns, without building its rows: the data oracle types the history from
 * them and the vectorized engine runs `runs.history.concat` on them; row objects are made only
 * when something reads whole rows (the row-wise executor, a group's first row). Two fetched
 * shapes (see `runHistory` in ops/domain/run.ts):
 *
 * - whole rows, one JSON text per row: scanned straight into columns (columnar/json-text.ts);
 * - per-key samples (`sampledHistory`: one list of `{_step, key}` objects per key, as the
 *   response JSON holds them), zipped on `_step` straight into columns: rows in ascending step,
 *   then the rows without a numeric step; a later sample's value wins; keys in the order the
 *   zipped row would have them.
 *
 * Either way the table and its typing data equal what the zipped or parsed row objects give
 * (`tableFromJsonRows`, `mergeDictTypes`). Cached on the run, like its rows.
 */
import { ColumnTable, isArrayIndex, JsonColumnBuilder, tableFromJsonTexts, type Column, type KeyTypes, type TextTable } from '../columnar/index.js';
import { responseKey } from '../../ops/domain/alias.js';
import type { WandbData } from '../../ops/domain/access.js';
import { isTableRef, parseDict, tableRefFile } from '../../ops/domain/common.js';
import { HISTORY_FULL_ARGS } from '../../ops/domain/run.js';
import { DomainObject, MISSING } from '../../ops/domain/values.js';
import { isPlainObject } from '../../ops/values.js';

export interface HistoryColumns extends TextTable {
  /** What the columns were read from (the fetched field's value): their identity for caches. */
  readonly source: readonly unknown[];
  /** Row q as the history reader makes it (before table references become files), built alone. */
  readonly row: (q: number) => Record<string, unknown>;
}

const CACHE_KEY = 'historyColumns';

/**
 * The run's history columns, or null: not fetched yet, only the row count fetched, samples that
 * miss rows (the whole rows get asked for), or a text that is not a plain field copy (the row
 * parser then reports what is wrong with it).
 */
export function historyColumns(run: DomainObject, data: WandbData): HistoryColumns | null {
  const known = run.recall(CACHE_KEY);
  if (known !== MISSING) return known as HistoryColumns | null;
  const cell = (v: unknown): unknown => (isTableRef(v) ? (tableRefFile(v, run) ?? v) : v);
  let out: HistoryColumns | null = null;
  const full = run.field(responseKey('history', HISTORY_FULL_ARGS));
  if (full !== MISSING) {
    if (!Array.isArray(full)) return null;
    const t = tableFromJsonTexts(full, cell);
    out = t === null ? null : { ...t, source: full, row: (q) => parseDict(full[q], data) };
  } else {
    const sampled = run.field('sampledHistory');
    const count = run.field('historyLineCount');
    if (sampled === MISSING || !Array.isArray(sampled)) return null;
    const t = zipSamples(sampled, cell);
    if (t === null || (typeof count === 'number' && t.table.length < count)) return null;
    out = { ...t, source: sampled, row: t.zippedRow };
  }
  run.remember(CACHE_KEY, out);
  return out;
}

/**
 * The per-key sample lists zipped on `_step` into columns (module comment), or null for a key
 * such as "0" (objects enumerate array-index keys first, whatever the order they were added in).
 */
function zipSamples(specs: readonly unknown[], cell: (v: unknown) => unknown): (TextTable & { readonly zippedRow: (q: number) => Record<string, unknown> }) | null {
  // Every sample object, spec by spec (the order a later value wins in), and its step; the
  // samples with a numeric step in (step, position) order: equal steps adjacent, in spec order.
  const objs: Record<string, unknown>[] = [];
  const steps: number[] = [];
  const extra: number[] = [];
  const perSpec: number[][] = [];
  let sorted = true;
  for (const spec of specs) {
    if (!Array.isArray(spec)) continue;
    const mine: number[] = [];
    for (const o of spec) {
      if (!isPlainObject(o)) continue;
      const i = objs.length;
      const s = typeof o._step === 'number' ? o._step : Number.NaN;
      objs.push(o);
      steps.push(s);
      if (Number.isNaN(s)) extra.push(i);
      else {
        if (mine.length > 0 && !(s > steps[mine[mine.length - 1]])) sorted = false;
        mine.push(i);
      }
    }
    perSpec.push(mine);
  }
  const order = sorted ? mergeSorted(perSpec, steps) : perSpec.flat().sort((a, b) => steps[a] - steps[b] || a - b);
  let n = extra.length;
  for (let k = 0; k < order.length; k++) if (k === 0 || steps[order[k]] !== steps[order[k - 1]]) n++;

  // Row r is made of the samples seq[rowStart[r]] … seq[rowStart[r + 1] − 1].
  const seq = order.concat(extra);
  const rowStart = new Int32Array(n + 1);
  const zip = new Zipper(n, cell);
  let r = 0;
  for (let k = 0; k < seq.length; ) {
    let end = k + 1;
    if (k < order.length) while (end < order.length && steps[seq[end]] === steps[seq[k]]) end++;
    rowStart[r] = k;
    if (!zip.row(r++, objs, seq, k, end)) return null;
    k = end;
  }
  rowStart[n] = seq.length;
  // As the history reader zips a row: a copy of its first sample with the later ones' keys
  // defined over it; a row without a numeric step is its sample itself.
  const zippedRow = (q: number): Record<string, unknown> => {
    const from = rowStart[q];
    const first = objs[seq[from]];
    if (from >= order.length) return first;
    const row = { ...first };
    for (let k = from + 1; k < rowStart[q + 1]; k++) {
      const o = objs[seq[k]];
      for (const key of Object.keys(o)) Object.defineProperty(row, key, { value: o[key], enumerable: true, writable: true, configurable: true });
    }
    return row;
  };
  return { ...zip.finish(), zippedRow };
}

/**
 * Sample positions of several lists, each in strictly ascending step, merged into (step,
 * position) order: the usual shape (one list per key, every list in step order), without a sort.
 */
function mergeSorted(lists: readonly (readonly number[])[], steps: readonly number[]): number[] {
  if (lists.length === 1) return [...lists[0]];
  const out: number[] = [];
  const at = new Int32Array(lists.length);
  for (;;) {
    let min = Number.POSITIVE_INFINITY;
    let any = false;
    for (let l = 0; l < lists.length; l++) {
      if (at[l] < lists[l].length) {
        const s = steps[lists[l][at[l]]];
        if (!any || s < min) min = s;
        any = true;
      }
    }
    if (!any) return out;
    // Every list's head at this step, in list order (= position order).
    for (let l = 0; l < lists.length; l++) if (at[l] < lists[l].length && steps[lists[l][at[l]]] === min) out.push(lists[l][at[l]++]);
  }
}

/** Writes zipped rows into column builders, keeping the typing data (see `KeyTypes`). */
class Zipper {
  private readonly cols: JsonColumnBuilder;
  private readonly ids = new Map<string, number>();
  private readonly present: number[] = [];
  private readonly seen: string[][] = [];
  private readonly samples: unknown[][] = [];

  constructor(
    private readonly n: number,
    private readonly cell: (v: unknown) => unknown,
  ) {
    this.cols = new JsonColumnBuilder(n);
  }

  /** Row r from the samples objs[at[from]] … objs[at[to − 1]] (later ones win); false: an array-index key. */
  row(r: number, objs: readonly Record<string, unknown>[], at: readonly number[], from: number, to: number): boolean {
    // Columns in the zipped row's key order: the first sample's keys, then new ones.
    for (let k = from; k < to; k++) {
      for (const key in objs[at[k]]) {
        if (!this.ids.has(key)) {
          if (isArrayIndex(key)) return false;
          this.ids.set(key, this.cols.add(key));
          this.present.push(0);
          this.seen.push([]);
          this.samples.push([]);
        }
      }
    }
    // Values: the last sample holding a key wins.
    for (let k = to - 1; k >= from; k--) {
      const o = objs[at[k]];
      for (const key in o) {
        const c = this.ids.get(key) as number;
        if (this.cols.lens[c] > r) continue;
        const v = o[key];
        const x = v !== null && typeof v === 'object' ? this.cell(v) : v;
        this.note(c, x);
        this.cols.put(c, r, x);
      }
    }
    return true;
  }

  private note(c: number, v: unknown): void {
    this.present[c]++;
    const kind = v == null ? 'none' : typeof v;
    if (kind === 'object') this.samples[c].push(v);
    else if (!this.seen[c].includes(kind)) {
      this.seen[c].push(kind);
      this.samples[c].push(v);
    }
  }

  finish(): TextTable {
    const entries: [string, Column][] = [];
    const keyTypes: KeyTypes[] = [];
    for (let c = 0; c < this.cols.names.length; c++) {
      entries.push([this.cols.names[c], this.cols.finish(c)]);
      keyTypes.push({ present: this.present[c], samples: this.samples[c] });
    }
    return { table: new ColumnTable(this.n, entries), keyTypes };
  }
}
