/**
 * Per-run answers of the local backend: filter/order fields, projected summary/config JSON text,
 * history loading (inline or from a workspace file), sampling and key info. Browser-safe.
 */
import { hasOwn, isPlainObject, parseJsonExtended, setOwn, stringifyJsonExtended } from '../json.js';
import {
  compileFilter,
  FilterError,
  lookupDotted,
  parseFilterText,
  parseOrder,
  sortBy,
  type FieldAccessor,
} from './filters.js';
import { normalizeHistoryRows, type HistoryRow, type Store, type StoreProject, type StoreRun } from './store.js';

// ---------------------------------------------------------------------------------------------
// Filter / order fields
// ---------------------------------------------------------------------------------------------

const asDate = (t: { ms: number } | null): Date | undefined => (t ? new Date(t.ms) : undefined);

const RUN_SCALAR_FIELDS: Record<string, (r: StoreRun) => unknown> = {
  name: (r) => r.name,
  displayName: (r) => r.displayName,
  display_name: (r) => r.displayName,
  state: (r) => r.state,
  jobType: (r) => r.jobType,
  job_type: (r) => r.jobType,
  group: (r) => r.group,
  tags: (r) => r.tags,
  notes: (r) => r.notes,
  description: (r) => r.description,
  sweep: (r) => r.sweepName,
  sweepName: (r) => r.sweepName,
  sweep_name: (r) => r.sweepName,
  commit: (r) => r.commit,
  createdAt: (r) => asDate(r.createdAt),
  created_at: (r) => asDate(r.createdAt),
  updatedAt: (r) => asDate(r.updatedAt),
  updated_at: (r) => asDate(r.updatedAt),
  heartbeatAt: (r) => asDate(r.heartbeatAt),
  heartbeat_at: (r) => asDate(r.heartbeatAt),
  computeSeconds: (r) => r.computeSeconds,
  compute_seconds: (r) => r.computeSeconds,
  defaultColorIndex: (r) => r.defaultColorIndex,
  username: (r) => r.user?.username,
  user: (r) => r.user?.username,
};

const SUMMARY_PREFIXES = ['summary_metrics', 'summaryMetrics', 'summary'];
const SYSTEM_PREFIXES = ['system_metrics', 'systemMetrics'];

function splitPrefix(field: string): { prefix: string; segs: string[] } | null {
  const dot = field.indexOf('.');
  if (dot <= 0 || dot === field.length - 1) return null;
  return { prefix: field.slice(0, dot), segs: field.slice(dot + 1).split('.') };
}

export function checkRunField(field: string): void {
  if (hasOwn(RUN_SCALAR_FIELDS, field)) return;
  const p = splitPrefix(field);
  if (p && (p.prefix === 'config' || SUMMARY_PREFIXES.includes(p.prefix) || SYSTEM_PREFIXES.includes(p.prefix))) return;
  throw new FilterError(
    `unsupported run field "${field}" (use one of ${Object.keys(RUN_SCALAR_FIELDS).join(', ')}, ` +
      `or config.<key>, summary_metrics.<key>, system_metrics.<key>)`,
  );
}

/** `config.lr`, `config.lr.value` and `config.opt.betas.0` all read into the unwrapped value. */
function configLookup(config: Record<string, unknown>, segs: string[]): unknown {
  for (let i = segs.length; i >= 1; i--) {
    const key = segs.slice(0, i).join('.');
    if (!hasOwn(config, key)) continue;
    const wrapped = config[key];
    const inner = isPlainObject(wrapped) && hasOwn(wrapped, 'value') ? wrapped.value : wrapped;
    let rest = segs.slice(i);
    if (rest[0] === 'value') {
      const viaValue = lookupDotted(inner, rest.slice(1));
      if (viaValue !== undefined) return viaValue;
    }
    return lookupDotted(inner, rest);
  }
  return undefined;
}

export const runField: FieldAccessor<StoreRun> = (run, field) => {
  const scalar = RUN_SCALAR_FIELDS[field];
  if (scalar && hasOwn(RUN_SCALAR_FIELDS, field)) return scalar(run);
  const p = splitPrefix(field);
  if (!p) return undefined;
  if (p.prefix === 'config') return configLookup(run.config, p.segs);
  if (SUMMARY_PREFIXES.includes(p.prefix)) return lookupDotted(run.summary, p.segs);
  if (SYSTEM_PREFIXES.includes(p.prefix)) return lookupDotted(run.systemMetrics, p.segs);
  return undefined;
};

const MAX_QUERY_CACHE = 64;

/** The project's runs matching `filters`, sorted by `order` (file order when none). Cached. */
export function queryRuns(project: StoreProject, filters: string | null | undefined, order: string | null | undefined): StoreRun[] {
  const key = `${filters ?? ''}\u0000${order ?? ''}`;
  const hit = project.runQueryCache.get(key);
  if (hit) return hit;
  const pred = compileFilter(parseFilterText(filters), runField, checkRunField);
  const keys = parseOrder(order, checkRunField);
  const result = sortBy(project.runs.filter(pred), keys, runField);
  if (project.runQueryCache.size >= MAX_QUERY_CACHE) {
    const oldest = project.runQueryCache.keys().next().value;
    if (oldest !== undefined) project.runQueryCache.delete(oldest);
  }
  project.runQueryCache.set(key, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// summaryMetrics / config
// ---------------------------------------------------------------------------------------------

/**
 * JSON text of `obj`, or of its projection on `keys` (top-level keys, in the order asked, missing
 * keys left out). Per-key fragments are cached so projecting a few keys of a 500-key summary over
 * many runs costs only those keys.
 */
function projectedText(
  obj: Record<string, unknown>,
  keys: readonly string[] | null | undefined,
  full: () => string,
  fragments: Map<string, string>,
): string {
  if (keys === null || keys === undefined) return full();
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k) || !hasOwn(obj, k)) continue;
    seen.add(k);
    let frag = fragments.get(k);
    if (frag === undefined) {
      frag = JSON.stringify(k) + ':' + stringifyJsonExtended(obj[k]);
      fragments.set(k, frag);
    }
    parts.push(frag);
  }
  return '{' + parts.join(',') + '}';
}

export function summaryText(run: StoreRun, keys?: readonly string[] | null): string {
  const c = run.cache;
  return projectedText(
    run.summary,
    keys,
    () => (c.summaryText ??= stringifyJsonExtended(run.summary)),
    (c.summaryFragments ??= new Map()),
  );
}

export function configText(run: StoreRun, keys?: readonly string[] | null): string {
  const c = run.cache;
  return projectedText(
    run.config,
    keys,
    () => (c.configText ??= stringifyJsonExtended(run.config)),
    (c.configFragments ??= new Map()),
  );
}

// ---------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------

export class HistoryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryFileError';
  }
}

/** The run's history rows, loading (once) a history file when the workspace names one. */
export function historyRows(store: Store, run: StoreRun, signal?: AbortSignal): Promise<HistoryRow[]> | HistoryRow[] {
  const src = run.history;
  if (src.kind === 'inline') return src.rows;
  if (run.cache.rows) return run.cache.rows;
  if (!run.cache.rowsLoading) {
    const files = store.files;
    if (!files) throw new HistoryFileError(`${src.jsonPath}: history files need a workspace folder`);
    run.cache.rowsLoading = files.read(src.path, signal).then(
      (bytes) => {
        const { rows, texts } = parseHistoryFile(new TextDecoder().decode(bytes), `${src.jsonPath}.path (${src.path})`);
        run.cache.rows = rows;
        if (texts) run.cache.rowTexts = texts;
        return rows;
      },
      (e: unknown) => {
        run.cache.rowsLoading = undefined; // let a later request retry
        throw e;
      },
    );
  }
  return run.cache.rowsLoading;
}

/**
 * A history file: JSON Lines (one row object per line) or one JSON array of rows. For JSON Lines
 * whose rows all carry `_step`, `texts` holds the lines themselves, which already are the rows'
 * JSON text (so `history` answers them without serializing again).
 */
export function parseHistoryFile(text: string, where: string): { rows: HistoryRow[]; texts?: string[] } {
  const trimmed = text.trimStart();
  let raw: unknown[];
  let lineTexts: string[] | undefined;
  if (trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = parseJsonExtended(text);
    } catch (e) {
      throw new HistoryFileError(`${where}: invalid JSON: ${(e as Error).message}`);
    }
    raw = doc as unknown[];
  } else {
    const lines = text.split('\n');
    raw = [];
    // Fast path: the whole file as one array; on failure go line by line for NaN tokens / messages.
    const nonEmpty = lines.filter((l) => l.trim() !== '');
    lineTexts = nonEmpty;
    try {
      raw = JSON.parse('[' + nonEmpty.join(',') + ']') as unknown[];
    } catch {
      raw = [];
      lines.forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          raw.push(parseJsonExtended(line));
        } catch (e) {
          throw new HistoryFileError(`${where} line ${i + 1}: invalid JSON: ${(e as Error).message}`);
        }
      });
    }
  }
  const rows: HistoryRow[] = [];
  const issue = normalizeHistoryRows(raw, rows);
  if (issue) throw new HistoryFileError(`${where} row ${(issue.index ?? 0) + 1}: ${issue.message}`);
  // Rows given a `_step` by normalizeHistoryRows are new objects; then the lines are not their text.
  const verbatim = lineTexts !== undefined && rows.every((r, i) => r === raw[i]);
  return verbatim ? { rows, texts: lineTexts!.map((l) => l.trim()) } : { rows };
}

export function rowStep(row: HistoryRow): number {
  return row._step as number;
}

/** Rows with minStep <= _step < maxStep (either bound optional). */
export function rowsInRange(rows: HistoryRow[], minStep?: number | null, maxStep?: number | null): HistoryRow[] {
  if ((minStep === null || minStep === undefined) && (maxStep === null || maxStep === undefined)) return rows;
  return rows.filter((r) => {
    const s = rowStep(r);
    return (minStep == null || s >= minStep) && (maxStep == null || s < maxStep);
  });
}

/**
 * Deterministic down-sampling to at most `samples` rows: evenly spaced positions that always keep
 * the first and the last row. No sampling when `samples` is absent or not smaller than the count.
 */
export function sampleRows<T>(rows: T[], samples?: number | null): T[] {
  if (samples === null || samples === undefined || samples >= rows.length) return rows;
  if (samples <= 0) return [];
  if (samples === 1) return [rows[rows.length - 1]];
  const out: T[] = [];
  const n = rows.length;
  for (let i = 0; i < samples; i++) out.push(rows[Math.round((i * (n - 1)) / (samples - 1))]);
  return out;
}

export function rowTexts(run: StoreRun, rows: HistoryRow[]): string[] {
  if (run.history.kind === 'inline' || run.cache.rows === rows) {
    return (run.cache.rowTexts ??= rows.map((r) => stringifyJsonExtended(r)));
  }
  return rows.map((r) => stringifyJsonExtended(r));
}

/** W&B's history type names: number, string, bool, nil, map, list, or the `_type` of a media object. */
export function historyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (isPlainObject(v)) {
    const t = v._type;
    return typeof t === 'string' ? t : 'map';
  }
  return 'unknown';
}

/** `{lastStep, keys: {<key>: {typeCounts: [{type, count}]}}}` over all rows. */
export function historyKeysOf(rows: HistoryRow[]): Record<string, unknown> {
  const counts = new Map<string, Map<string, number>>();
  let lastStep = -1;
  for (const row of rows) {
    const s = rowStep(row);
    if (s > lastStep) lastStep = s;
    for (const k of Object.keys(row)) {
      let m = counts.get(k);
      if (!m) counts.set(k, (m = new Map()));
      const t = historyTypeName(row[k]);
      m.set(t, (m.get(t) ?? 0) + 1);
    }
  }
  const keys: Record<string, unknown> = {};
  for (const [k, m] of counts) {
    setOwn(keys, k, { typeCounts: [...m].map(([type, count]) => ({ type, count })) });
  }
  return { lastStep, keys };
}

export interface HistorySpec {
  keys: string[];
  samples?: number;
  minStep?: number;
  maxStep?: number;
}

export function parseHistorySpec(text: string, index: number): HistorySpec {
  let spec: unknown;
  try {
    spec = parseJsonExtended(text);
  } catch (e) {
    throw new Error(`specs[${index}] is not valid JSON: ${(e as Error).message}`);
  }
  if (!isPlainObject(spec)) throw new Error(`specs[${index}] must be a JSON object {"keys": [...], "samples": N}`);
  const keys = spec.keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new Error(`specs[${index}].keys must be an array of strings`);
  }
  const num = (name: string): number | undefined => {
    const v = spec[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new Error(`specs[${index}].${name} must be a number`);
    return v;
  };
  return { keys: keys as string[], samples: num('samples'), minStep: num('minStep'), maxStep: num('maxStep') };
}

/**
 * One `sampledHistory` spec: rows in the step range that hold every requested key, projected to
 * those keys, then sampled. As on W&B, a spec whose only key is `_step` returns no rows.
 */
export function sampleSpec(rows: HistoryRow[], spec: HistorySpec): Record<string, unknown>[] {
  if (spec.keys.length === 0 || spec.keys.every((k) => k === '_step')) return [];
  const keys = [...new Set(spec.keys)];
  const out: Record<string, unknown>[] = [];
  for (const row of rowsInRange(rows, spec.minStep, spec.maxStep)) {
    if (!keys.every((k) => hasOwn(row, k) && row[k] !== undefined)) continue;
    out.push(pick(row, keys));
  }
  return sampleRows(out, spec.samples);
}

/** Projects a row on `keys` (own data properties only, `__proto__` stays data). */
export function pick(row: HistoryRow, keys: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k of keys) {
    if (hasOwn(row, k)) setOwn(o, k, row[k]);
  }
  return o;
}
