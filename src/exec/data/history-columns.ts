/**
 * A run's history as columns, read straight from the JSON texts the API returned for
 * `history(samples: …)` — one text per row — without a row object (json-text.ts). The data
 * oracle types the history from it and the vectorized engine runs `runs.history.concat` on it;
 * row objects are parsed only when something reads whole rows (the row-wise executor).
 * Cached on the run, like its rows.
 */
import { tableFromJsonTexts, type TextTable } from '../columnar/index.js';
import { responseKey } from '../../ops/domain/alias.js';
import { isTableRef, tableRefFile } from '../../ops/domain/common.js';
import { HISTORY_FULL_ARGS } from '../../ops/domain/run.js';
import { DomainObject, MISSING } from '../../ops/domain/values.js';

const CACHE_KEY = 'historyColumns';

/**
 * The run's history columns, or null when they cannot be read from texts: whole rows were not
 * fetched (sampled columns, or only the count), or a text is not a plain field copy (the row
 * parser then reports what is wrong with it).
 */
export function historyColumns(run: DomainObject): TextTable | null {
  const known = run.recall(CACHE_KEY);
  if (known !== MISSING) return known as TextTable | null;
  const texts = historyTexts(run);
  if (texts === null) return null; // not fetched yet: not remembered
  const t = tableFromJsonTexts(texts, (v) => (isTableRef(v) ? (tableRefFile(v, run) ?? v) : v));
  run.remember(CACHE_KEY, t);
  return t;
}

/** The fetched row texts (the cache key of the run's columns), or null. */
export function historyTexts(run: DomainObject): readonly unknown[] | null {
  const full = run.field(responseKey('history', HISTORY_FULL_ARGS));
  return full !== MISSING && Array.isArray(full) ? full : null;
}
