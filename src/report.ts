/**
 * An error as the library reports it to callers (and the CLI and server render it): what kind
 * of problem, a stable code, the message, and where (1-based line and column).
 */
import { lineColumn, type Diagnostic } from './parser/diagnostic.js';

export interface ErrorReport {
  readonly kind: 'parse' | 'type' | 'runtime';
  readonly code: string;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
  readonly suggestions: readonly string[];
  readonly hint?: string;
  readonly diagnostic?: Diagnostic;
}

/** The report of a parse or type diagnostic found in `text`. */
export function reportFromDiagnostic(text: string, d: Diagnostic): ErrorReport {
  const at = lineColumn(text, d.span.start);
  return {
    kind: d.kind,
    code: d.code,
    message: d.message,
    line: at.line,
    column: at.column,
    suggestions: d.suggestions,
    ...(d.hint ? { hint: d.hint } : {}),
    diagnostic: d,
  };
}
