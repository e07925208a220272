/**
 * Deliberate differences from the reference engine, each documented in docs/semantics.md.
 * A case listed here must give the value (or error kind) below instead of the reference's.
 */
export interface Deviation {
  readonly expect: unknown;
  /** Which rule of docs/semantics.md this follows. */
  readonly rule: string;
}

export const answerDeviations: Readonly<Record<string, Deviation>> = {
  'gen-0136': { expect: { error: 'type_error' }, rule: 'A key written twice in a dict literal is a type error; the reference silently keeps the last value (docs/semantics.md, Lists, dicts and tags)' },
  'gen-0155': { expect: { value: [8, 32, 2] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-0194': { expect: { value: [10, 10] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-0383': { expect: { value: [[9007199254740992], [7], [-1]] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-0593': { expect: { value: [3, 0, 101] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-0664': { expect: { value: null }, rule: 'A left-out trailing argument that accepts null is null: slice(-2) reads to the end (docs/semantics.md, Parsing and checking)' },
  'gen-0921': { expect: { value: [[100], [1], [1.5]] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-1132': { expect: { error: 'type_error' }, rule: 'A key written twice in a dict literal is a type error; the reference silently keeps the last value (docs/semantics.md, Lists, dicts and tags)' },
  'gen-1410': { expect: { error: 'parse_error' }, rule: 'Syntax outside the language (destructuring parameters) is a parse error that names the construct (docs/semantics.md, Parsing and checking)' },
  'gen-1565': { expect: { value: false }, rule: 'There is one null: a missing list element equals a computed null (docs/semantics.md, Parsing and checking)' },
  'gen-1588': { expect: { error: 'parse_error' }, rule: 'Syntax outside the language (the shift operator) is a parse error that names the construct (docs/semantics.md, Parsing and checking)' },
  'gen-1697': { expect: { value: [[-2], [5, 31]] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-1817': { expect: { error: 'parse_error' }, rule: 'Syntax outside the language (function expressions) is a parse error that names the construct (docs/semantics.md, Parsing and checking)' },
  'gen-2661': { expect: { value: [[10, 10], [3]] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-2786': { expect: { value: [[0, -2], [null]] }, rule: 'Lambda parameters bind by position whatever their names (docs/semantics.md, Parsing and checking; Lists, dicts and tags)' },
  'gen-2860': { expect: { error: 'type_error' }, rule: 'A key written twice in a dict literal is a type error; the reference silently keeps the last value (docs/semantics.md, Lists, dicts and tags)' },
};
