/**
 * Documented differences from the reference on the toy workspace answers
 * (`test/conformance/data/reference-answers-toy.jsonl`). Each entry is explained in
 * docs/semantics.md, section "Domain objects". There are none at present.
 */
export interface ToyDeviation {
  readonly expect: unknown;
  /** The rule of docs/semantics.md (Domain objects) this follows. */
  readonly rule: string;
}

export const toyDeviations: Readonly<Record<string, ToyDeviation>> = {};
