/**
 * Rendering results for a terminal or a pipe: aligned tables for lists of dicts, readable
 * values otherwise, and the machine formats (json, jsonl, csv, Arrow IPC).
 *
 * Values arrive in the API's lossless JSON form: NaN / ±Infinity as `{"$float": "NaN"}`, dates
 * as `{"$date": "…"}`. The machine formats keep that form (json, jsonl) or map it to the
 * format's own notion (csv: `NaN`, ISO dates; Arrow: float64 NaN, timestamp columns).
 */
import type { DataType, Vector } from 'apache-arrow';
import type { JsonValue } from '../api.js';
import type { Style } from './style.js';

export const FORMATS = ['table', 'json', 'jsonl', 'csv', 'arrow'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(s: string): s is Format {
  return (FORMATS as readonly string[]).includes(s);
}

type JsonObject = { [key: string]: JsonValue };

export function isObject(v: JsonValue): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `{"$float": …}` → the number it stands for; `{"$date": …}` → a Date; else undefined. */
export function special(v: JsonValue): number | Date | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  if (keys[0] === '$float' && typeof v.$float === 'string') return Number(v.$float);
  if (keys[0] === '$date' && typeof v.$date === 'string') return new Date(v.$date);
  return undefined;
}

/** True for a non-empty list whose elements are all dicts (the shape shown as a table). */
export function isListOfDicts(v: JsonValue): v is JsonObject[] {
  return Array.isArray(v) && v.length > 0 && v.every((e) => isObject(e) && special(e) === undefined);
}

/** Column names of a list of dicts, in first-seen order. */
export function columnsOf(rows: readonly JsonObject[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** Compact one-line text of a value: NaN, ISO dates, strings unquoted at the top level only. */
export function cellText(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return inlineText(v);
}

/** A value as compact text: JSON-like, with NaN/Infinity and dates written plainly. */
export function inlineText(v: JsonValue): string {
  const s = special(v);
  if (s !== undefined) return s instanceof Date ? s.toISOString() : String(s);
  if (v === null) return 'null';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(inlineText).join(', ')}]`;
  return `{${Object.keys(v)
    .map((k) => `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k)}: ${inlineText(v[k])}`)
    .join(', ')}}`;
}

function numberText(n: number): string {
  return Number.isInteger(n) || Math.abs(n) >= 1e-4 ? String(n) : n.toExponential();
}

export interface TableOptions {
  readonly style: Style;
  /** Cells wider than this are cut with `…` (default 60). */
  readonly maxCellWidth?: number;
  /** At most this many rows (default: all); a footer says how many were left out. */
  readonly maxRows?: number;
}

/** Display width: code points, not UTF-16 units (good enough for a terminal table). */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function cut(s: string, max: number): string {
  const oneLine = s.replace(/\r?\n/g, '⏎');
  if (width(oneLine) <= max) return oneLine;
  return [...oneLine].slice(0, Math.max(1, max - 1)).join('') + '…';
}

/** An aligned text table; numbers right-aligned. */
export function renderTable(rows: readonly JsonObject[], opts: TableOptions): string {
  const max = opts.maxCellWidth ?? 60;
  const columns = columnsOf(rows);
  const shown = opts.maxRows !== undefined ? rows.slice(0, opts.maxRows) : rows;
  const cells = shown.map((r) => columns.map((c) => cut(cellText(r[c]), max)));
  const numeric = columns.map((c) =>
    shown.every((r) => r[c] === undefined || r[c] === null || typeof r[c] === 'number' || typeof special(r[c]) === 'number'),
  );
  const widths = columns.map((c, i) => Math.max(width(cut(c, max)), ...cells.map((row) => width(row[i]))));
  const pad = (s: string, i: number): string => {
    const fill = ' '.repeat(widths[i] - width(s));
    return numeric[i] ? fill + s : s + fill;
  };
  const lines: string[] = [];
  lines.push(columns.map((c, i) => opts.style.bold(pad(cut(c, max), i))).join('  ').trimEnd());
  lines.push(opts.style.dim(widths.map((w) => '─'.repeat(w)).join('  ')));
  for (const row of cells) lines.push(row.map(pad).join('  ').trimEnd());
  if (shown.length < rows.length) lines.push(opts.style.dim(`… ${rows.length - shown.length} more rows (${rows.length} in all)`));
  return lines.join('\n');
}

/** Multi-line readable text of a value (pretty JSON with NaN / dates written plainly). */
export function prettyText(v: JsonValue, indent = ''): string {
  const s = special(v);
  if (s !== undefined || v === null || typeof v !== 'object') return inlineText(v);
  const one = inlineText(v);
  if (one.length <= 80 - indent.length) return one;
  const inner = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((e) => inner + prettyText(e, inner)).join(',\n')}\n${indent}]`;
  return `{\n${Object.keys(v)
    .map((k) => `${inner}${/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k)}: ${prettyText(v[k], inner)}`)
    .join(',\n')}\n${indent}}`;
}

/** The `table` format: a table for lists of dicts, the bare text of a top-level string, readable text otherwise. */
export function renderValue(v: JsonValue, opts: TableOptions): string {
  if (isListOfDicts(v)) return renderTable(v, opts);
  if (typeof v === 'string') return v;
  return prettyText(v);
}

/** `json`: the lossless JSON on one line. */
export function renderJson(v: JsonValue): string {
  return JSON.stringify(v);
}

/** `jsonl`: one line per element of a list, or one line for anything else. */
export function renderJsonl(v: JsonValue): string {
  return Array.isArray(v) ? v.map((e) => JSON.stringify(e)).join('\n') : JSON.stringify(v);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvCell(v: JsonValue | undefined): string {
  if (v === undefined || v === null) return '';
  const s = special(v);
  if (s !== undefined) return s instanceof Date ? s.toISOString() : String(s);
  if (typeof v === 'string') return csvField(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return csvField(JSON.stringify(v));
}

/** `csv` (RFC 4180): a header row of the columns of a list of dicts; a `value` column otherwise. */
export function renderCsv(v: JsonValue): string {
  if (isListOfDicts(v)) {
    const columns = columnsOf(v);
    return [columns.map(csvField).join(','), ...v.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n');
  }
  const items = Array.isArray(v) ? v : [v];
  return ['value', ...items.map((e) => csvCell(e))].join('\n');
}

/**
 * `arrow`: an Arrow IPC stream. Lists of dicts become one column per key; other lists a
 * `value` column; a scalar a one-row table. Column types: float64 for numbers (NaN kept),
 * bool, timestamp[ms] for dates, utf8 for strings, and utf8 JSON text for anything nested or
 * mixed.
 */
export async function renderArrow(v: JsonValue): Promise<Uint8Array> {
  // apache-arrow is large; load it only when Arrow output is asked for.
  const arrow = await import('apache-arrow');
  let rows: JsonObject[];
  let columns: string[];
  if (isListOfDicts(v)) {
    rows = v;
    columns = columnsOf(v);
  } else {
    rows = (Array.isArray(v) ? v : [v]).map((e) => ({ value: e }));
    columns = ['value'];
  }
  const vectors: Record<string, Vector> = {};
  for (const c of columns) vectors[c] = arrowColumn(arrow, rows.map((r) => r[c]));
  return arrow.tableToIPC(new arrow.Table(vectors), 'stream');
}

function arrowColumn(arrow: typeof import('apache-arrow'), values: readonly (JsonValue | undefined)[]): Vector {
  const { Bool, Float64, TimestampMillisecond, Utf8, vectorFromArray } = arrow;
  const present = values.filter((x): x is JsonValue => x !== undefined && x !== null);
  const kind = (x: JsonValue): string => {
    const s = special(x);
    if (s instanceof Date) return 'date';
    if (typeof s === 'number') return 'number';
    return Array.isArray(x) ? 'nested' : typeof x === 'object' ? 'nested' : typeof x;
  };
  const kinds = new Set(present.map(kind));
  const only = kinds.size === 1 ? [...kinds][0] : kinds.size === 0 ? 'string' : 'mixed';
  const make = <T extends DataType>(type: T, data: unknown[]): Vector => vectorFromArray(data, type) as unknown as Vector;
  switch (only) {
    case 'number':
      return make(new Float64(), values.map((x) => (x === undefined || x === null ? null : (special(x) as number | undefined) ?? x)));
    case 'boolean':
      return make(new Bool(), values.map((x) => (x === undefined ? null : x)));
    case 'date':
      return make(new TimestampMillisecond(), values.map((x) => (x === undefined || x === null ? null : (special(x) as Date).getTime())));
    case 'string':
      return make(new Utf8(), values.map((x) => (x === undefined ? null : x)));
    default:
      return make(new Utf8(), values.map((x) => (x === undefined || x === null ? null : typeof x === 'string' ? x : JSON.stringify(x))));
  }
}
