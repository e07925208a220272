/** Literal values the checker builds directly. */

/**
 * `Date("…")`: ISO 8601 text; without an offset the time is read as UTC, which is what the
 * reference's moment parse gives on a UTC machine and what W&B dates mean (documented in
 * docs/semantics.md). Returns null for text that is not a date.
 */
export function parseDateLiteral(text: string): Date | null {
  const trimmed = text.trim();
  const isoLocal = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/;
  const withZone = isoLocal.test(trimmed) ? `${trimmed.replace(' ', 'T')}${trimmed.length === 10 ? 'T00:00:00' : ''}Z` : trimmed;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? null : new Date(ms);
}
