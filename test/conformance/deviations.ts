/**
 * Deliberate differences from the reference engine, each documented in docs/semantics.md.
 * A case listed here must give the value (or error kind) below instead of the reference's.
 */
export interface Deviation {
  readonly expect: unknown;
  /** Which rule of docs/semantics.md this follows. */
  readonly rule: string;
}

export const answerDeviations: Readonly<Record<string, Deviation>> = {};
