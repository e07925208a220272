/**
 * Diagnostics are data. The parser and the checker produce them; only the edges (CLI, REPL,
 * server) render them, with `formatDiagnostic`.
 */
import type { Span } from './ast.js';

export type DiagnosticKind = 'parse' | 'type' | 'runtime';

export interface Diagnostic {
  /** Which stage found the problem. */
  readonly kind: DiagnosticKind;
  /** Stable machine-readable code, e.g. `expected-expression`, `unknown-op`. */
  readonly code: string;
  /** One sentence for a human: what is wrong ("expected an expression after '+'"). */
  readonly message: string;
  readonly span: Span;
  /** Replacements or names the user probably meant, best first (may be empty). */
  readonly suggestions: readonly string[];
  /** What to write instead, when there is one thing to say ("write `cond ? a : b` as …"). */
  readonly hint?: string;
}

export interface LineColumn {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export function lineColumn(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * `line:column: message`, the source line, and a caret under the span, e.g.
 *
 *     1:5: expected an expression after '+'
 *       1 + 
 *           ^
 */
export function formatDiagnostic(text: string, d: Diagnostic): string {
  const { line, column } = lineColumn(text, d.span.start);
  const lines = text.split('\n');
  const source = lines[line - 1] ?? '';
  const width = Math.max(1, Math.min(d.span.end, d.span.start + source.length - column + 1) - d.span.start);
  const caret = ' '.repeat(column - 1) + '^'.repeat(width);
  const out = [`${line}:${column}: ${d.message}`, `  ${source}`, `  ${caret}`];
  if (d.suggestions.length > 0 && !d.message.includes('did you mean')) {
    out.push(`did you mean ${d.suggestions.map((s) => `\`${s}\``).join(', ')}?`);
  }
  if (d.hint) out.push(d.hint);
  return out.join('\n');
}
