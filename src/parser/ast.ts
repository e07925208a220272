/**
 * The syntax tree of a Query Panel expression.
 *
 * Nodes are plain, immutable data. Every node carries the half-open source range it was
 * parsed from (`span`, UTF-16 offsets into the original text), so diagnostics can point at
 * it and an editor can map a cursor back to a node.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '%' | '**'
  | '<' | '<=' | '>' | '>='
  | '==' | '!='
  | 'and' | 'or';

export type UnaryOperator = '-' | '!';

export interface NumberLiteral {
  readonly kind: 'Number';
  /** `Number(raw)`, as the reference reads number tokens: `1_000` and `10n` are NaN, `0x1F` is 31. */
  readonly value: number;
  readonly raw: string;
  readonly span: Span;
}

export interface StringLiteral {
  readonly kind: 'String';
  /** The text between the quotes with only `\"` unescaped (the reference's reading). */
  readonly value: string;
  readonly span: Span;
}

export interface BooleanLiteral {
  readonly kind: 'Boolean';
  readonly value: boolean;
  readonly span: Span;
}

export interface NullLiteral {
  readonly kind: 'Null';
  readonly span: Span;
}

/** A bare name: a variable such as `runs`, `row` or `project`. */
export interface Identifier {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly span: Span;
}

export interface ArrayLiteral {
  readonly kind: 'Array';
  readonly elements: readonly Expression[];
  readonly span: Span;
}

export interface ObjectEntry {
  /** Identifier text, string-literal value (same unescaping), or number text. */
  readonly key: string;
  readonly keySpan: Span;
  readonly value: Expression;
}

export interface ObjectLiteral {
  readonly kind: 'Object';
  readonly entries: readonly ObjectEntry[];
  readonly span: Span;
}

/**
 * `receiver.name` or `receiver.name(args)`: a chain-form op call.
 * `called` records whether parentheses were written; `x.count` and `x.count()` mean the same.
 * In editor mode a hanging dot (`runs.`) gives `name: ''`.
 */
export interface MemberCall {
  readonly kind: 'Member';
  readonly receiver: Expression;
  readonly name: string;
  readonly nameSpan: Span;
  readonly called: boolean;
  readonly args: readonly Expression[];
  readonly span: Span;
}

/** `name(args)`: a function-form op call, including `Date("…")` and `Link(…)`. */
export interface FunctionCall {
  readonly kind: 'Call';
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly args: readonly Expression[];
  readonly span: Span;
}

/** `receiver[key]`: a pick (string key) or an index (number). */
export interface Subscript {
  readonly kind: 'Subscript';
  readonly receiver: Expression;
  readonly key: Expression;
  readonly span: Span;
}

export interface UnaryExpression {
  readonly kind: 'Unary';
  readonly operator: UnaryOperator;
  readonly operand: Expression;
  readonly span: Span;
}

export interface BinaryExpression {
  readonly kind: 'Binary';
  /** Normalised: `&&` → `and`, `||` → `or`, `===` → `==`, `!==` → `!=`. */
  readonly operator: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
  /** Span of the operator token, for diagnostics that point at it. */
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface Parameter {
  readonly name: string;
  readonly span: Span;
}

/** `(row) => body`, `row => body`, `(row, index) => body`, `() => body`. */
export interface Lambda {
  readonly kind: 'Lambda';
  readonly params: readonly Parameter[];
  readonly body: Expression;
  readonly span: Span;
}

/** A hole left by editor-mode recovery where an expression was expected (e.g. after `x +`). */
export interface Missing {
  readonly kind: 'Missing';
  readonly span: Span;
}

export type Expression =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | Identifier
  | ArrayLiteral
  | ObjectLiteral
  | MemberCall
  | FunctionCall
  | Subscript
  | UnaryExpression
  | BinaryExpression
  | Lambda
  | Missing;

export type ExpressionKind = Expression['kind'];
