/**
 * Errors at the edges: exit statuses, the JSON shape written by `--file` and the server, and
 * the human form (position, message, caret excerpt) written to stderr and in the REPL.
 */
import { formatDiagnosticText, type Diagnostic, type ErrorReport } from '../index.js';
import type { Style } from './style.js';

export type ErrorKind = ErrorReport['kind'];

/** Exit status of the CLI for one expression. */
export const EXIT = { ok: 0, runtime: 1, parse: 2, type: 3 } as const;

export function exitCodeFor(kind: ErrorKind): number {
  return EXIT[kind];
}

export { reportFromDiagnostic } from '../report.js';

/** A runtime error report not tied to a source position (internal failures, cancellation). */
export function runtimeReport(message: string, code = 'runtime-error'): ErrorReport {
  return { kind: 'runtime', code, message, line: null, column: null, suggestions: [] };
}

/** The JSON form used by `--file` lines and the server: kind, code, message, position, suggestions, hint. */
export interface ErrorJson {
  kind: ErrorKind;
  code: string;
  message: string;
  line: number | null;
  column: number | null;
  suggestions?: string[];
  hint?: string;
  /** UTF-16 offsets of the problem in the expression (half-open), when known. */
  span?: { start: number; end: number };
}

export function errorJson(e: ErrorReport, lineOffset = 0): ErrorJson {
  const out: ErrorJson = {
    kind: e.kind,
    code: e.code,
    message: e.message,
    line: e.line === null ? null : e.line + lineOffset,
    column: e.column,
  };
  if (e.suggestions.length > 0) out.suggestions = [...e.suggestions];
  if (e.hint) out.hint = e.hint;
  if (e.diagnostic) out.span = { start: e.diagnostic.span.start, end: e.diagnostic.span.end };
  return out;
}

/** The inverse of `errorJson` (positions relative to the expression). */
export function reportFromJson(j: ErrorJson): ErrorReport {
  const base = { kind: j.kind, code: j.code, message: j.message, line: j.line, column: j.column, suggestions: j.suggestions ?? [], ...(j.hint ? { hint: j.hint } : {}) };
  if (!j.span) return base;
  return { ...base, diagnostic: { kind: j.kind, code: j.code, message: j.message, span: j.span, suggestions: j.suggestions ?? [], ...(j.hint ? { hint: j.hint } : {}) } };
}

/**
 * `line:column: kind error: message`, the source line, a caret under the problem, and the
 * suggestions / hint, for stderr and the REPL.
 */
export function formatReport(text: string, e: ErrorReport, style: Style): string {
  const label = style.red(style.bold(`${e.kind} error`));
  if (e.diagnostic) {
    const [first, source, caret, ...rest] = formatDiagnosticText(text, e.diagnostic).split('\n');
    const colon = first.indexOf(': ');
    const head = colon >= 0 ? `${first.slice(0, colon)}: ${label}: ${first.slice(colon + 2)}` : `${label}: ${first}`;
    return [head, source, style.red(caret), ...rest.map((l) => style.yellow(l))].join('\n');
  }
  if (e.line !== null && e.column !== null) {
    const source = text.split('\n')[e.line - 1] ?? '';
    const out = [`${e.line}:${e.column}: ${label}: ${e.message}`, `  ${source}`, style.red(`  ${' '.repeat(Math.max(0, e.column - 1))}^`)];
    if (e.suggestions.length > 0) out.push(style.yellow(`did you mean ${e.suggestions.map((s) => `\`${s}\``).join(', ')}?`));
    if (e.hint) out.push(style.yellow(e.hint));
    return out.join('\n');
  }
  return `${label}: ${e.message}`;
}
