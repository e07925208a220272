/**
 * PanelQL parser: Query Panel expression text → syntax tree with spans, and back to text.
 *
 * - `parse(text)` — strict: a tree, or `ast: null` and exactly one diagnostic.
 * - `parseForEditor(text)` — never throws; a best-effort tree plus every diagnostic.
 * - `parseOrThrow(text)` — a tree, or throws a `ParseError` carrying the diagnostic.
 * - `printExpression(ast, { multiline })` — canonical text (reads back to the same tree).
 */
export type {
  ArrayLiteral,
  BinaryExpression,
  BinaryOperator,
  BooleanLiteral,
  Expression,
  ExpressionKind,
  FunctionCall,
  Identifier,
  Lambda,
  MemberCall,
  Missing,
  NullLiteral,
  NumberLiteral,
  ObjectEntry,
  ObjectLiteral,
  Parameter,
  Span,
  StringLiteral,
  Subscript,
  UnaryExpression,
  UnaryOperator,
} from './ast.js';
export type { Diagnostic, DiagnosticKind, LineColumn } from './diagnostic.js';
export { formatDiagnostic, lineColumn } from './diagnostic.js';
export {
  childrenOf,
  MAX_DIAGNOSTICS,
  MAX_INPUT_BYTES,
  MAX_NESTING,
  parse,
  ParseError,
  parseForEditor,
  parseOrThrow,
  type ParseResult,
} from './parser.js';
export { isIdentifierName, isKeyword } from './lexer.js';
export {
  canPrintString,
  isPrintableName,
  printExpression,
  printKey,
  printNumber,
  printString,
  type PrintOptions,
} from './printer.js';
