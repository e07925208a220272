/**
 * The parser: tokens → AST with spans, in strict and editor modes.
 *
 * Tokens come from the chevrotain lexer (`lexer.ts`), which also matches brackets and retags
 * lambda openers (`LambdaParen`, `ArrowParam`), so every decision here is LL(1) and nothing
 * backtracks. The grammar itself is a hand-written recursive descent over that token vector
 * rather than a chevrotain `EmbeddedActionsParser`: the DSL costs about 44 stack frames per
 * nesting level (rule wrappers, OR/MANY/OPTION closures), which overflowed Node's default stack
 * at about 180 levels before the JIT warmed up; this parser uses 4 frames per level, so the
 * 256 levels the language allows always fit. Binary operators are read as a flat
 * operand/operator list and folded by precedence, and prefix operators are collected in a
 * loop, so `1 + 1 + … + 1` and `- - - x` cost no stack either.
 *
 * Error handling: every place where input can be wrong checks the next token, records a
 * diagnostic and recovers (a `Missing` node where an expression was expected, implicit closing
 * of unclosed brackets, skipping to the matching bracket after junk). Editor mode returns that
 * best-effort tree with every diagnostic; strict mode returns the first diagnostic (by source
 * position) and no tree.
 */
import { EOF, type IToken, type TokenType } from 'chevrotain';
import type {
  BinaryOperator as BinaryOperatorName,
  Expression,
  Lambda,
  MemberCall,
  Missing,
  ObjectEntry,
  Parameter,
  Span,
} from './ast.js';
import { lineColumn, type Diagnostic } from './diagnostic.js';
import {
  ALL_TOKEN_TYPES,
  CATEGORY_TYPES,
  And,
  AndAnd,
  Amp,
  Arrow,
  ArrowParam,
  Assign,
  Bang,
  BinaryOperator,
  Caret,
  Colon,
  Comma,
  CompoundAssign,
  Const,
  Delete,
  Dot,
  Ellipsis,
  EqEq,
  EqEqEq,
  False,
  FunctionKw,
  Ge,
  Gt,
  Identifier,
  If,
  In,
  Instanceof,
  Keyword,
  LambdaParen,
  LBrace,
  LBracket,
  Le,
  Let,
  LParen,
  Lt,
  Minus,
  MinusMinus,
  New,
  NotEq,
  NotEqEq,
  Null,
  NumberLit,
  OptionalChain,
  Or,
  OrOr,
  Percent,
  Pipe,
  Plus,
  PlusPlus,
  PrefixOperator,
  Question,
  QuestionQuestion,
  RBrace,
  RBracket,
  RegexLiteral,
  Return,
  RParen,
  Semicolon,
  Shl,
  Shr,
  Slash,
  SlashAssign,
  Star,
  StarStar,
  StringLit,
  TemplateString,
  This,
  Tilde,
  tokenEnd,
  tokenize,
  tokenSpan,
  True,
  Typeof,
  Undefined,
  UShr,
  Var,
  Void,
  stringTokenValue,
  type LexResult,
} from './lexer.js';

/** Inputs longer than this many UTF-8 bytes are rejected (`too-long`). */
export const MAX_INPUT_BYTES = 64 * 1024;
/** Deepest allowed nesting, of brackets and lambda bodies and of the syntax tree (`too-deep`). */
export const MAX_NESTING = 256;
/** At most this many diagnostics are returned (then one `too-many-errors`). */
export const MAX_DIAGNOSTICS = 100;

export interface ParseResult {
  readonly ast: Expression | null;
  readonly diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------
// Token classes

const TOKEN_COUNT = Math.max(...ALL_TOKEN_TYPES.map((t) => t.tokenTypeIdx!)) + 1;

function tokenSet(...types: TokenType[]): Uint8Array {
  const set = new Uint8Array(TOKEN_COUNT);
  for (const t of types) set[t.tokenTypeIdx!] = 1;
  return set;
}

/** Every concrete token type that belongs to `category`. */
function members(category: TokenType): TokenType[] {
  return ALL_TOKEN_TYPES.filter((t) => !CATEGORY_TYPES.includes(t) && category.categoryMatchesMap![t.tokenTypeIdx!] === true);
}

interface OperatorInfo {
  readonly prec: number;
  readonly right: boolean;
  /** The AST operator, or null when the operator is not part of the language. */
  readonly op: BinaryOperatorName | null;
}

const OPERATORS: (OperatorInfo | undefined)[] = new Array(TOKEN_COUNT);
function defOp(t: TokenType, prec: number, op: BinaryOperatorName | null, right = false): void {
  OPERATORS[t.tokenTypeIdx!] = { prec, right, op };
}
// Precedence, low → high. Unsupported operators get JS's levels so that the rest of the
// expression still groups sensibly around them; `=` sits with `==` (editor trees read it so).
defOp(CompoundAssign, 0, null, true);
defOp(SlashAssign, 0, null, true);
defOp(QuestionQuestion, 1, null);
defOp(Or, 2, 'or');
defOp(OrOr, 2, 'or');
defOp(And, 3, 'and');
defOp(AndAnd, 3, 'and');
defOp(Pipe, 4, null);
defOp(Caret, 5, null);
defOp(Amp, 6, null);
defOp(EqEq, 7, '==');
defOp(EqEqEq, 7, '==');
defOp(NotEq, 7, '!=');
defOp(NotEqEq, 7, '!=');
defOp(Assign, 7, null);
defOp(Lt, 8, '<');
defOp(Le, 8, '<=');
defOp(Gt, 8, '>');
defOp(Ge, 8, '>=');
defOp(In, 8, null);
defOp(Instanceof, 8, null);
defOp(Shl, 9, null);
defOp(Shr, 9, null);
defOp(UShr, 9, null);
defOp(Plus, 10, '+');
defOp(Minus, 10, '-');
defOp(Star, 11, '*');
defOp(Slash, 11, '/');
defOp(Percent, 11, '%');
defOp(StarStar, 12, '**', true);

const IS_BINARY = tokenSet(...members(BinaryOperator));
const IS_PREFIX = tokenSet(...members(PrefixOperator));
/** Tokens allowed as a member name or an object key besides identifiers: every keyword. */
const IS_KEYWORD = tokenSet(...members(Keyword));
const IS_STATEMENT = tokenSet(Const, Let, Var, FunctionKw, Return, If);
const PRIMARY_START_TYPES: TokenType[] = [
  NumberLit, StringLit, True, False, Null, Undefined, This, Identifier, ArrowParam, LambdaParen,
  LParen, LBracket, LBrace, TemplateString, RegexLiteral, Const, Let, Var, FunctionKw,
  Return, If, Ellipsis,
];
const STARTS_PRIMARY = tokenSet(...PRIMARY_START_TYPES);
const STARTS_EXPRESSION = tokenSet(...PRIMARY_START_TYPES, ...members(PrefixOperator));

for (const t of members(BinaryOperator)) {
  if (OPERATORS[t.tokenTypeIdx!] === undefined) throw new Error(`no precedence for ${t.name}`);
}

// ---------------------------------------------------------------------------------------
// Helpers

const EMPTY: readonly Expression[] = Object.freeze([]);

function span(start: number, end: number): Span {
  return { start, end };
}

function missing(start: number, end: number): Missing {
  return { kind: 'Missing', span: { start, end } };
}

/** A token's text for a message: one line, at most `n` characters. */
function truncate(s: string, n = 24): string {
  const line = /[\n\r\u2028\u2029]/.test(s) ? s.replace(/\r\n?|\n|\u2028|\u2029/g, '⏎') : s;
  return line.length <= n ? line : `${line.slice(0, n - 1)}…`;
}

function isEof(t: IToken): boolean {
  return t.tokenType === EOF;
}

/** How a token is named in messages: `'+'`, `'foo'`, `end of input`. */
export function describeToken(t: IToken): string {
  if (isEof(t)) return 'end of input';
  return `'${truncate(t.image)}'`;
}

function quoteImage(t: IToken): string {
  return `'${truncate(t.image)}'`;
}

function closerText(closer: TokenType): string {
  return closer === RParen ? "')'" : closer === RBracket ? "']'" : "'}'";
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

function diagnostic(code: string, message: string, where: Span, hint?: string, suggestions: readonly string[] = []): Diagnostic {
  return hint === undefined
    ? { kind: 'parse', code, message, span: where, suggestions }
    : { kind: 'parse', code, message, span: where, suggestions, hint };
}

const UNSUPPORTED_PREFIX: Record<string, { code: string; message: string; hint: string }> = {
  '+': { code: 'unsupported-unary-plus', message: "unary '+' is not supported", hint: "drop the '+': numbers need no sign" },
  '~': { code: 'unsupported-bitwise', message: "the bitwise operator '~' is not supported", hint: 'there are no bitwise operators; use `!` for logical not' },
  '++': { code: 'unsupported-increment', message: "the increment operator '++' is not supported", hint: 'values cannot be changed; write `x + 1`' },
  '--': { code: 'unsupported-increment', message: "the decrement operator '--' is not supported", hint: 'values cannot be changed; write `x - 1`, or `-(-x)` to negate twice' },
  typeof: { code: 'unsupported-operator', message: "'typeof' is not supported", hint: 'types are checked statically; there is no run-time type test' },
  void: { code: 'unsupported-operator', message: "'void' is not supported", hint: 'write `null` for an empty value' },
  delete: { code: 'unsupported-operator', message: "'delete' is not supported", hint: 'values cannot be changed; build a new dict with `{…}` instead' },
  new: { code: 'unsupported-operator', message: "'new' is not supported", hint: 'there are no constructors; call ops such as `Date("2024-01-01")` directly' },
};

const UNSUPPORTED_BINARY: Record<string, { code: string; message: string; hint: string; suggestions?: string[] }> = {
  '??': { code: 'unsupported-nullish', message: "the '??' operator is not supported", hint: 'write `a.coalesce(b)`' },
  '&': { code: 'unsupported-bitwise', message: "the bitwise operator '&' is not supported", hint: 'for logical and, write `and` (or `&&`)', suggestions: ['and'] },
  '|': { code: 'unsupported-bitwise', message: "the bitwise operator '|' is not supported", hint: 'for logical or, write `or` (or `||`)', suggestions: ['or'] },
  '^': { code: 'unsupported-bitwise', message: "the bitwise operator '^' is not supported", hint: 'for powers, write `**`', suggestions: ['**'] },
  '<<': { code: 'unsupported-bitwise', message: "the shift operator '<<' is not supported", hint: 'there are no bitwise operators; multiply by a power of two with `*` and `**`' },
  '>>': { code: 'unsupported-bitwise', message: "the shift operator '>>' is not supported", hint: 'there are no bitwise operators; divide with `/` and round with `.floor`' },
  '>>>': { code: 'unsupported-bitwise', message: "the shift operator '>>>' is not supported", hint: 'there are no bitwise operators' },
  in: { code: 'unsupported-operator', message: "the 'in' operator is not supported", hint: 'to test membership in a list, write `list.contains(x)`' },
  instanceof: { code: 'unsupported-operator', message: "'instanceof' is not supported", hint: 'types are checked statically; there is no run-time type test' },
  '=': { code: 'unsupported-assignment', message: "assignment '=' is not supported", hint: 'to compare, write `==`', suggestions: ['=='] },
};

function unsupportedAssignment(image: string): { code: string; message: string; hint: string } {
  return { code: 'unsupported-assignment', message: `assignment '${image}' is not supported`, hint: 'values cannot be changed; write the computed value as an expression' };
}

const STATEMENT_MESSAGES: Record<string, { message: string; hint: string }> = {
  const: { message: "declarations ('const') are not supported", hint: 'a Query Panel is a single expression; write the value where it is used' },
  let: { message: "declarations ('let') are not supported", hint: 'a Query Panel is a single expression; write the value where it is used' },
  var: { message: "declarations ('var') are not supported", hint: 'a Query Panel is a single expression; write the value where it is used' },
  function: { message: "'function' is not supported", hint: 'write a lambda: `(row) => expression`' },
  return: { message: "'return' is not supported", hint: 'a Query Panel is a single expression; lambda bodies are expressions too: `(row) => expression`' },
  if: { message: "'if' statements are not supported", hint: 'the language has no conditional; filter with `.filter((row) => condition)` instead' },
};

// ---------------------------------------------------------------------------------------
// The parser

interface ListState {
  readonly items: Expression[];
  /** True at the start and after a comma: an item is expected. */
  expectItem: boolean;
}

class Parser {
  private readonly tokens: IToken[];
  private readonly n: number;
  private readonly match: Int32Array;
  private readonly parent: Int32Array;
  private readonly eof: IToken;
  /** Index of the next token. */
  private i = 0;
  /** Nesting of `expression` calls (brackets, lambda bodies, …). */
  private depth = 0;
  /** After a too-deep report no more diagnostics are recorded. */
  private quiet = false;
  readonly diags: Diagnostic[] = [];

  constructor(private readonly text: string, lex: LexResult) {
    this.tokens = lex.tokens;
    this.n = lex.tokens.length;
    this.match = lex.match;
    this.parent = lex.parent;
    this.eof = { image: '', startOffset: text.length, tokenType: EOF, tokenTypeIdx: EOF.tokenTypeIdx! } as IToken;
  }

  // ----- tokens ----------------------------------------------------------------------

  private peek(): IToken {
    return this.i < this.n ? this.tokens[this.i] : this.eof;
  }

  private peekType(k = 0): TokenType {
    const j = this.i + k;
    return j < this.n ? this.tokens[j].tokenType : EOF;
  }

  private next(): IToken {
    return this.tokens[this.i++];
  }

  /** The last consumed token, or null at the start. */
  private prev(): IToken | null {
    return this.i > 0 ? this.tokens[this.i - 1] : null;
  }

  /** End offset of the last consumed token, or 0. */
  private prevEnd(): number {
    return this.i > 0 ? tokenEnd(this.tokens[this.i - 1]) : 0;
  }

  /** The span to blame for something wrong at the next token. */
  private hereSpan(): Span {
    if (this.i >= this.n) {
      const e = this.prevEnd();
      return span(e, e);
    }
    return tokenSpan(this.tokens[this.i]);
  }

  /** Skip tokens up to (not including) index `stop`, or to the end if `stop` < 0. */
  private skipTo(stop: number): void {
    const limit = stop < 0 ? this.n : Math.min(stop, this.n);
    if (this.i < limit) this.i = limit;
  }

  /** Skip to the end of the innermost enclosing bracket group (or of the input). */
  private skipToGroupEnd(): void {
    if (this.i >= this.n) return;
    const open = this.parent[this.i];
    this.skipTo(open >= 0 ? this.match[open] : -1);
  }

  private at(offset: number): string {
    const { line, column } = lineColumn(this.text, offset);
    return `${line}:${column}`;
  }

  // ----- diagnostics -----------------------------------------------------------------

  private report(code: string, message: string, where: Span, hint?: string, suggestions: readonly string[] = []): void {
    if (this.quiet) return;
    const last = this.diags.length > 0 ? this.diags[this.diags.length - 1] : undefined;
    if (last !== undefined && last.span.start === where.start) return; // a cascade of the error just reported there
    this.diags.push(diagnostic(code, message, where, hint, suggestions));
  }

  /** A `Missing` node where an expression was expected, with its diagnostic. */
  private missingExpression(): Missing {
    const prev = this.prev();
    const next = this.peek();
    const at = prev === null ? (isEof(next) ? 0 : next.startOffset) : tokenEnd(prev);
    let message = prev === null ? 'expected an expression' : `expected an expression after ${quoteImage(prev)}`;
    if (!isEof(next)) message += `, found ${describeToken(next)}`;
    const hint = prev !== null && prev.tokenType === Arrow ? 'a lambda body is one expression: `(row) => row["x"] * 2`' : undefined;
    this.report('expected-expression', message, isEof(next) ? span(at, at) : tokenSpan(next), hint);
    return missing(at, at);
  }

  /**
   * Close the bracket group opened at token index `openIdx`: skip junk before its partner, or
   * report the missing closer (closing implicitly). Consumes the closer when present.
   */
  private close(openIdx: number, closer: TokenType): void {
    const next = this.peek();
    if (next.tokenType === closer) {
      this.i++;
      return;
    }
    const open = this.tokens[openIdx];
    const partner = this.match[openIdx];
    if (partner >= this.i) {
      this.report('unexpected-token', `unexpected ${describeToken(next)}`, tokenSpan(next),
        STARTS_EXPRESSION[next.tokenTypeIdx]
          ? "is an operator or ',' missing before it?"
          : `expected ${closerText(closer)} to close ${quoteImage(open)} opened at ${this.at(open.startOffset)}`);
      this.i = partner + 1;
      return;
    }
    let message = `expected ${closerText(closer)} to close ${quoteImage(open)} opened at ${this.at(open.startOffset)}`;
    if (!isEof(next)) message += `, found ${describeToken(next)}`;
    this.report('expected-closing', message, this.hereSpan());
  }

  // ----- program ---------------------------------------------------------------------

  program(): Expression {
    const e = this.expression();
    if (this.i < this.n) this.leftovers();
    return e;
  }

  private leftovers(): void {
    const t = this.peek();
    const type = t.tokenType;
    const s = tokenSpan(t);
    if (type === Semicolon) {
      const rest = this.i + 1 < this.n;
      this.report('unsupported-statement', rest ? 'statements are not supported: only one expression is allowed' : "';' is not supported",
        s, rest ? "a Query Panel is a single expression; remove the ';' and what follows" : "remove the ';'");
    } else if (type === Arrow) {
      this.report('unexpected-token', "unexpected '=>'", s, 'a lambda starts with its parameter names: `(row) => …` or `row => …`');
    } else if (type === RParen || type === RBracket || type === RBrace) {
      this.report('unexpected-token', `unexpected ${describeToken(t)}`, s, 'there is no opening bracket for it');
    } else if (type === Colon) {
      this.report('unexpected-token', "unexpected ':'", s, 'the language has no conditional `a ? b : c`; dicts are written `{key: value}`');
    } else if (type === LambdaParen) {
      this.report('unexpected-token', `unexpected ${describeToken(t)}`, s, 'a lambda is an argument or a whole expression, e.g. `rows.map((row) => row["x"])`');
    } else {
      this.report('unexpected-token', `unexpected ${describeToken(t)}`, s,
        STARTS_EXPRESSION[t.tokenTypeIdx] ? 'only one expression is allowed; is an operator missing before it?' : undefined);
    }
    this.i = this.n;
  }

  // ----- expressions -----------------------------------------------------------------

  private expression(): Expression {
    if (++this.depth > MAX_NESTING + 1) {
      this.report('too-deep', `expression nested too deeply (more than ${MAX_NESTING} levels)`, this.hereSpan(),
        'split the expression into simpler parts');
      this.quiet = true;
      const at = this.i < this.n ? this.tokens[this.i].startOffset : this.prevEnd();
      this.skipToGroupEnd();
      this.depth--;
      return missing(at, Math.max(at, this.prevEnd()));
    }
    let e = this.binary();
    if (this.peekType() === Question) {
      const start = this.outerStart;
      const q = this.next();
      this.expression();
      if (this.peekType() === Colon) {
        this.i++;
        this.expression();
      }
      this.report('unsupported-conditional', "the conditional operator '? :' is not supported", tokenSpan(q),
        'the language has no conditional expression; filter rows with `.filter((row) => condition)` or replace nulls with `.coalesce(x)`');
      e = missing(start, Math.max(start, this.prevEnd()));
    }
    this.depth--;
    return e;
  }

  /**
   * Source extent of the last operand or binary expression read, parentheses included (a
   * node's own span excludes parentheses around it; its parent's span includes them).
   */
  private outerStart = 0;
  private outerEnd = 0;

  private binary(): Expression {
    const first = this.operand();
    if (this.i >= this.n || !IS_BINARY[this.tokens[this.i].tokenTypeIdx]) return first;
    const start = this.outerStart;
    const op = this.next();
    const second = this.operand();
    if (this.i >= this.n || !IS_BINARY[this.tokens[this.i].tokenTypeIdx]) {
      // one operator (the common case): no folding needed
      this.outerStart = start;
      return this.binaryNode(op, first, second, span(start, this.outerEnd));
    }
    const operands: Expression[] = [first, second];
    const starts: number[] = [start, this.outerStart];
    const ends: number[] = [-1, this.outerEnd]; // the first operand's end is never read
    const ops: IToken[] = [op];
    while (this.i < this.n && IS_BINARY[this.tokens[this.i].tokenTypeIdx]) {
      ops.push(this.next());
      operands.push(this.operand());
      starts.push(this.outerStart);
      ends.push(this.outerEnd);
    }
    this.outerStart = starts[0];
    this.outerEnd = ends[ends.length - 1];
    return this.fold(operands, starts, ends, ops);
  }

  /** Fold `operands[0] ops[0] operands[1] …` by precedence and associativity, iteratively. */
  private fold(operands: Expression[], starts: number[], ends: number[], ops: IToken[]): Expression {
    const out: Expression[] = [operands[0]];
    const outStart: number[] = [starts[0]];
    const outEnd: number[] = [ends[0]];
    const stack: IToken[] = [];
    for (let k = 0; k < ops.length; k++) {
      const info = OPERATORS[ops[k].tokenTypeIdx]!;
      while (stack.length > 0) {
        const top = OPERATORS[stack[stack.length - 1].tokenTypeIdx]!;
        if (top.prec > info.prec || (top.prec === info.prec && !info.right)) this.reduce(out, outStart, outEnd, stack);
        else break;
      }
      stack.push(ops[k]);
      out.push(operands[k + 1]);
      outStart.push(starts[k + 1]);
      outEnd.push(ends[k + 1]);
    }
    while (stack.length > 0) this.reduce(out, outStart, outEnd, stack);
    return out[0];
  }

  private reduce(out: Expression[], outStart: number[], outEnd: number[], stack: IToken[]): void {
    const right = out.pop()!;
    const left = out.pop()!;
    const end = outEnd.pop()!; // the right operand's end
    outEnd.pop();
    outStart.pop();
    const start = outStart.pop()!; // the left operand's start
    out.push(this.binaryNode(stack.pop()!, left, right, span(start, end)));
    outStart.push(start);
    outEnd.push(end);
  }

  private binaryNode(opTok: IToken, left: Expression, right: Expression, whole: Span): Expression {
    const info = OPERATORS[opTok.tokenTypeIdx]!;
    const operatorSpan = tokenSpan(opTok);
    if (info.op !== null) {
      return { kind: 'Binary', operator: info.op, left, right, operatorSpan, span: whole };
    }
    const u = UNSUPPORTED_BINARY[opTok.image] ?? unsupportedAssignment(opTok.image);
    this.report(u.code, u.message, operatorSpan, u.hint, (u as { suggestions?: string[] }).suggestions ?? []);
    if (opTok.tokenType === Assign) {
      // the hint's replacement: read `a = b` as `a == b`
      return { kind: 'Binary', operator: '==', left, right, operatorSpan, span: whole };
    }
    return missing(whole.start, whole.end);
  }

  /** Prefix operators, a primary, postfix operations. Sets `outerStart`/`outerEnd`. */
  private operand(): Expression {
    const first = this.i;
    let prefixes: IToken[] | null = null;
    while (this.i < this.n && IS_PREFIX[this.tokens[this.i].tokenTypeIdx]) (prefixes ??= []).push(this.next());
    const primaryIdx = this.i;
    let node = this.i < this.n && STARTS_PRIMARY[this.tokens[this.i].tokenTypeIdx] ? this.primary() : this.missingExpression();
    const start = this.i > primaryIdx ? this.tokens[primaryIdx].startOffset : node.span.start;
    while (this.i < this.n) {
      const type = this.tokens[this.i].tokenType;
      if (type === Dot || type === OptionalChain) node = this.member(node, start);
      else if (type === LBracket) node = this.subscript(node, start);
      else if (type === LParen) node = this.callOnExpression(start);
      else if (type === PlusPlus || type === MinusMinus) {
        const t = this.next();
        const u = UNSUPPORTED_PREFIX[t.image]!;
        this.report(u.code, u.message, tokenSpan(t), u.hint);
        node = missing(start, tokenEnd(t));
      } else break;
    }
    const end = this.i > primaryIdx ? this.prevEnd() : node.span.end;
    if (prefixes !== null) node = this.applyPrefixes(prefixes, node, end);
    // (a Missing primary sits at the end of the previous token, which may precede `first`)
    this.outerStart = this.i > first ? Math.min(this.tokens[first].startOffset, node.span.start) : node.span.start;
    this.outerEnd = end;
    return node;
  }

  private applyPrefixes(prefixes: IToken[], operand: Expression, end: number): Expression {
    for (const p of prefixes) {
      if (p.tokenType !== Minus && p.tokenType !== Bang) {
        const u = UNSUPPORTED_PREFIX[p.image]!;
        this.report(u.code, u.message, tokenSpan(p), u.hint);
      }
    }
    let node = operand;
    for (let k = prefixes.length - 1; k >= 0; k--) {
      const p = prefixes[k];
      const type = p.tokenType;
      if (type === Minus || type === Bang) {
        node = { kind: 'Unary', operator: type === Minus ? '-' : '!', operand: node, span: span(p.startOffset, end) };
      } else if (type !== Plus) {
        node = missing(p.startOffset, end);
      }
    }
    return node;
  }

  private primary(): Expression {
    const t = this.tokens[this.i];
    const type = t.tokenType;
    switch (type) {
      case NumberLit:
        this.i++;
        return { kind: 'Number', value: Number(t.image), raw: t.image, span: tokenSpan(t) };
      case StringLit:
        this.i++;
        return { kind: 'String', value: stringTokenValue(t), span: tokenSpan(t) };
      case True:
      case False:
        this.i++;
        return { kind: 'Boolean', value: type === True, span: tokenSpan(t) };
      case Null:
        this.i++;
        return { kind: 'Null', span: tokenSpan(t) };
      case Identifier:
        this.i++;
        if (this.peekType() === LParen) return this.functionCall(t);
        return { kind: 'Identifier', name: t.image, span: tokenSpan(t) };
      case ArrowParam:
        return this.arrowLambda();
      case LambdaParen:
        return this.parenLambda();
      case LParen:
        return this.parenthesized();
      case LBracket:
        return this.arrayLiteral();
      case LBrace:
        return this.objectLiteral();
      case Ellipsis:
        return this.spread();
      case Undefined: {
        this.i++;
        const s = tokenSpan(t);
        this.report('unsupported-undefined', "'undefined' is not supported", s, 'write `null`', ['null']);
        return { kind: 'Null', span: s };
      }
      case This: {
        this.i++;
        const s = tokenSpan(t);
        this.report('unsupported-this', "'this' is not supported", s, 'refer to values by name, e.g. `runs` or a lambda parameter `row`');
        return missing(s.start, s.end);
      }
      case TemplateString: {
        this.i++;
        const s = tokenSpan(t);
        this.report('unsupported-template-string', 'template strings are not supported', s,
          'join strings with `+`: "loss: " + x.toString');
        return missing(s.start, s.end);
      }
      case RegexLiteral:
        return this.regexLiteral();
      default:
        // statement keywords (the only other tokens in STARTS_PRIMARY)
        return this.statementKeyword();
    }
  }

  // ----- postfix ---------------------------------------------------------------------

  private member(receiver: Expression, start: number): Expression {
    const dot = this.next();
    if (dot.tokenType === OptionalChain) {
      this.report('unsupported-optional-chaining', "optional chaining '?.' is not supported", tokenSpan(dot),
        "write '.': ops already pass null through", ['.']);
    }
    let name = '';
    let nameSpan: Span;
    const t = this.peek();
    if (t.tokenType === Identifier || t.tokenType === ArrowParam || IS_KEYWORD[t.tokenTypeIdx]) {
      this.i++;
      name = t.image;
      nameSpan = tokenSpan(t);
    } else {
      const e = tokenEnd(dot);
      nameSpan = span(e, e);
      this.report('expected-name', `expected a name after '${dot.image}'${isEof(t) ? '' : `, found ${describeToken(t)}`}`,
        this.hereSpan(), 'write an op name, e.g. `.count`; dict keys are read with brackets: `x["key"]`');
    }
    let args: readonly Expression[] = EMPTY;
    let called = false;
    if (this.peekType() === LParen) {
      called = true;
      args = this.argumentList();
    }
    const node: MemberCall = {
      kind: 'Member',
      receiver,
      name,
      nameSpan,
      called,
      args,
      span: span(start, called ? this.prevEnd() : nameSpan.end),
    };
    return node;
  }

  private subscript(receiver: Expression, start: number): Expression {
    const openIdx = this.i++;
    const key = this.expression();
    this.close(openIdx, RBracket);
    return { kind: 'Subscript', receiver, key, span: span(start, this.prevEnd()) };
  }

  private callOnExpression(receiverStart: number): Expression {
    const start = this.tokens[this.i].startOffset;
    this.argumentList();
    const end = this.prevEnd();
    this.report('unsupported-call', 'only op names can be called', span(start, end), 'call an op by name: `op(args)` or `x.op(args)`');
    return missing(receiverStart, end);
  }

  // ----- lists -----------------------------------------------------------------------

  /** `(` arguments `)`, at a `(`. */
  private argumentList(): Expression[] {
    const openIdx = this.i++;
    const st: ListState = { items: [], expectItem: true };
    this.listItems(st, false);
    this.close(openIdx, RParen);
    return st.items;
  }

  /** Comma-separated expressions up to something that cannot continue the list. */
  private listItems(st: ListState, array: boolean): void {
    while (this.i < this.n) {
      const t = this.tokens[this.i];
      if (t.tokenType === Comma) {
        this.i++;
        if (st.expectItem) {
          if (array) this.report('unsupported-array-hole', 'empty array elements (holes) are not supported', tokenSpan(t), "remove the extra ','");
          else this.report('expected-expression', "expected an argument before ','", tokenSpan(t), "remove the extra ','");
        }
        st.expectItem = true;
      } else if (STARTS_EXPRESSION[t.tokenTypeIdx]) {
        if (!st.expectItem) {
          this.report('expected-comma', `expected ',' between ${array ? 'array elements' : 'arguments'}`, span(t.startOffset, t.startOffset));
        }
        st.items.push(this.expression());
        st.expectItem = false;
      } else {
        return;
      }
    }
  }

  private functionCall(name: IToken): Expression {
    const args = this.argumentList();
    return { kind: 'Call', callee: name.image, calleeSpan: tokenSpan(name), args, span: span(name.startOffset, this.prevEnd()) };
  }

  private arrayLiteral(): Expression {
    const openIdx = this.i++;
    const st: ListState = { items: [], expectItem: true };
    this.listItems(st, true);
    this.close(openIdx, RBracket);
    return { kind: 'Array', elements: st.items, span: span(this.tokens[openIdx].startOffset, this.prevEnd()) };
  }

  private parenthesized(): Expression {
    const openIdx = this.i++;
    const first = this.expression();
    let sequence = false;
    while (this.peekType() === Comma) {
      sequence = true;
      this.i++;
      if (this.i < this.n && STARTS_EXPRESSION[this.tokens[this.i].tokenTypeIdx]) this.expression();
    }
    this.close(openIdx, RParen);
    if (!sequence) return first;
    const s = span(this.tokens[openIdx].startOffset, this.prevEnd());
    this.report('unsupported-sequence', "the comma operator '(a, b)' is not supported", s,
      'parentheses hold one expression; for a list write `[a, b]`');
    return missing(s.start, s.end);
  }

  private spread(): Expression {
    const dots = this.next();
    const e = this.expression();
    const s = span(dots.startOffset, Math.max(e.span.end, this.prevEnd()));
    this.report('unsupported-spread', "spread '...' is not supported", s, 'write the elements or arguments out one by one');
    return missing(s.start, s.end);
  }

  // ----- lambdas ---------------------------------------------------------------------

  private arrowLambda(): Expression {
    const p = this.next();
    this.i++; // =>
    const body = this.expression();
    const node: Lambda = {
      kind: 'Lambda',
      params: [{ name: p.image, span: tokenSpan(p) }],
      body,
      span: span(p.startOffset, Math.max(body.span.end, this.prevEnd())),
    };
    return node;
  }

  private parenLambda(): Expression {
    const openIdx = this.i++;
    const close = this.match[openIdx]; // the lexer retags only `(` whose `)` is followed by `=>`
    const params: Parameter[] = [];
    let expectName = true;
    while (this.i < close) {
      const t = this.tokens[this.i];
      if (expectName && t.tokenType === Identifier) {
        if (params.some((p) => p.name === t.image)) {
          this.report('duplicate-parameter', `duplicate parameter name '${t.image}'`, tokenSpan(t), 'give each parameter its own name');
        }
        params.push({ name: t.image, span: tokenSpan(t) });
        expectName = false;
        this.i++;
      } else if (!expectName && t.tokenType === Comma) {
        expectName = true;
        this.i++;
      } else {
        let hint = 'lambda parameters are plain names: `(row, index) => …`';
        if (t.tokenType === Ellipsis) hint = 'rest parameters are not supported; name each parameter';
        else if (t.tokenType === Assign) hint = 'default parameter values are not supported';
        else if (t.tokenType === LBrace || t.tokenType === LBracket) hint = 'destructuring is not supported; take the whole value and pick keys with `row["key"]`';
        else if (IS_KEYWORD[t.tokenTypeIdx]) hint = `'${t.image}' is a reserved word; choose another name`;
        const message = expectName
          ? `expected a parameter name, found ${describeToken(t)}`
          : `expected ',' or ')' after a parameter, found ${describeToken(t)}`;
        this.report('expected-parameter', message, tokenSpan(t), hint);
        this.i = close;
      }
    }
    this.i = close + 2; // `)` `=>`
    const body = this.expression();
    const node: Lambda = { kind: 'Lambda', params, body, span: span(this.tokens[openIdx].startOffset, Math.max(body.span.end, this.prevEnd())) };
    return node;
  }

  // ----- objects ---------------------------------------------------------------------

  private objectLiteral(): Expression {
    const openIdx = this.i++;
    const open = this.tokens[openIdx];
    const entries: ObjectEntry[] = [];
    if (this.i < this.n && IS_STATEMENT[this.tokens[this.i].tokenTypeIdx] && this.peekType(1) !== Colon) {
      const close = this.match[openIdx];
      const s = span(open.startOffset, close >= 0 ? tokenEnd(this.tokens[close]) : this.text.length);
      const afterArrow = openIdx > 0 && this.tokens[openIdx - 1].tokenType === Arrow;
      this.report('unsupported-block-body', afterArrow ? 'a lambda body cannot be a statement block' : 'statement blocks are not supported',
        s, 'write the expression itself: `(row) => row["x"] + 1`');
      this.skipTo(close);
    }
    let expectEntry = true;
    while (this.i < this.n) {
      const t = this.tokens[this.i];
      const type = t.tokenType;
      if (type === Comma) {
        this.i++;
        if (expectEntry) this.report('expected-key', "expected a key before ','", tokenSpan(t), "remove the extra ','");
        expectEntry = true;
        continue;
      }
      if (!(type === Identifier || type === ArrowParam || type === StringLit || type === NumberLit || type === LBracket
        || type === Ellipsis || IS_KEYWORD[t.tokenTypeIdx])) break;
      if (!expectEntry) this.report('expected-comma', "expected ',' between entries", span(t.startOffset, t.startOffset));
      const entry = this.objectEntry();
      if (entry !== null) entries.push(entry);
      expectEntry = false;
    }
    this.close(openIdx, RBrace);
    return { kind: 'Object', entries, span: span(open.startOffset, this.prevEnd()) };
  }

  /** One `key: value` entry (or an unsupported one, reported and dropped: `null`). */
  private objectEntry(): ObjectEntry | null {
    const k = this.next();
    const type = k.tokenType;
    if (type === Ellipsis) {
      const v = this.expression();
      this.report('unsupported-spread', "spread '...' is not supported", span(k.startOffset, Math.max(v.span.end, this.prevEnd())),
        'write each entry as `key: value`');
      return null;
    }
    if (type === LBracket) {
      // computed key `[expr]`: reported and skipped; the value is still read
      const close = this.match[this.i - 1];
      this.report('unsupported-computed-key', 'computed keys `{[k]: v}` are not supported',
        span(k.startOffset, close >= 0 ? tokenEnd(this.tokens[close]) : this.text.length),
        'write the key as a name or a string: `{"key": v}`');
      this.skipTo(close);
      if (close >= 0) this.i = close + 1;
      if (this.peekType() === Colon) {
        this.i++;
        this.expression();
      }
      return null;
    }
    const keySpan = tokenSpan(k);
    const key = type === StringLit ? stringTokenValue(k) : k.image;
    const next = this.peek();
    if (next.tokenType === Colon) {
      this.i++;
      return { key, keySpan, value: this.expression() };
    }
    const isName = type !== StringLit && type !== NumberLit;
    if (isName && (next.tokenType === Comma || next.tokenType === RBrace || isEof(next))) {
      this.report('unsupported-shorthand', `object shorthand '{${k.image}}' is not supported`, keySpan,
        `write \`{${k.image}: ${k.image}}\`; a lambda returning a dict is written \`(row) => {key: value}\``);
      return { key, keySpan, value: { kind: 'Identifier', name: k.image, span: keySpan } };
    }
    if (next.tokenType === LParen) {
      this.report('unsupported-method', 'methods in object literals are not supported', keySpan,
        'write `key: value`; functions are lambdas `(row) => …`');
      const close = this.match[this.i];
      if (close < 0) {
        this.skipToGroupEnd();
        return null;
      }
      this.i = close + 1;
      if (this.peekType() === LBrace) {
        const bodyClose = this.match[this.i];
        if (bodyClose >= 0) this.i = bodyClose + 1;
        else this.skipToGroupEnd();
      }
      return null;
    }
    this.report('expected-colon', `expected ':' after the key ${quoteImage(k)}${isEof(next) ? '' : `, found ${describeToken(next)}`}`,
      isEof(next) ? span(keySpan.end, keySpan.end) : tokenSpan(next));
    if (STARTS_EXPRESSION[next.tokenTypeIdx] && next.tokenType !== LParen) {
      return { key, keySpan, value: this.expression() }; // `{a 1}`: take the value anyway
    }
    return { key, keySpan, value: missing(keySpan.end, keySpan.end) };
  }

  // ----- unsupported primaries -------------------------------------------------------

  private regexLiteral(): Expression {
    const t = this.next();
    const s = tokenSpan(t);
    this.report('unsupported-regex', 'regular expression literals are not supported', s,
      'ops such as `replace`, `contains` and `findAll` take the pattern as a string: "a.*b"');
    return missing(s.start, s.end);
  }

  private statementKeyword(): Expression {
    const kw = this.next();
    const m = STATEMENT_MESSAGES[kw.image] ?? { message: `unexpected ${quoteImage(kw)}`, hint: 'a Query Panel is a single expression' };
    this.report('unsupported-statement', m.message, tokenSpan(kw), m.hint);
    this.skipToGroupEnd();
    return missing(kw.startOffset, Math.max(tokenEnd(kw), this.prevEnd()));
  }
}

// Depth of the syntax tree

/** Children of a node, in source order. */
export function childrenOf(node: Expression): readonly Expression[] {
  switch (node.kind) {
    case 'Array':
      return node.elements;
    case 'Object':
      return node.entries.map((e) => e.value);
    case 'Member':
      return node.args.length === 0 ? [node.receiver] : [node.receiver, ...node.args];
    case 'Call':
      return node.args;
    case 'Subscript':
      return [node.receiver, node.key];
    case 'Unary':
      return [node.operand];
    case 'Binary':
      return [node.left, node.right];
    case 'Lambda':
      return [node.body];
    default:
      return EMPTY;
  }
}

/** The first node (pre-order) deeper than `MAX_NESTING` (root = level 0), or null. */
function firstTooDeep(root: Expression): Expression | null {
  const nodes: Expression[] = [root];
  const levels: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const level = levels.pop()!;
    if (level > MAX_NESTING) return node;
    const kids = childrenOf(node);
    for (let i = kids.length - 1; i >= 0; i--) {
      nodes.push(kids[i]);
      levels.push(level + 1);
    }
  }
  return null;
}

/** `node` with every subtree below `MAX_NESTING` replaced by a `Missing` of the same span. */
function prune(node: Expression, level: number): Expression {
  if (level > MAX_NESTING) return missing(node.span.start, node.span.end);
  const l = level + 1;
  switch (node.kind) {
    case 'Array':
      return { ...node, elements: node.elements.map((e) => prune(e, l)) };
    case 'Object':
      return { ...node, entries: node.entries.map((e) => ({ ...e, value: prune(e.value, l) })) };
    case 'Member':
      return { ...node, receiver: prune(node.receiver, l), args: node.args.map((a) => prune(a, l)) };
    case 'Call':
      return { ...node, args: node.args.map((a) => prune(a, l)) };
    case 'Subscript':
      return { ...node, receiver: prune(node.receiver, l), key: prune(node.key, l) };
    case 'Unary':
      return { ...node, operand: prune(node.operand, l) };
    case 'Binary':
      return { ...node, left: prune(node.left, l), right: prune(node.right, l) };
    case 'Lambda':
      return { ...node, body: prune(node.body, l) };
    default:
      return node;
  }
}

// ---------------------------------------------------------------------------------------
// Entry points

function run(text: string): { ast: Expression; diagnostics: Diagnostic[] } {
  if (text.length > MAX_INPUT_BYTES / 4) {
    const bytes = utf8Length(text);
    if (bytes > MAX_INPUT_BYTES) {
      return {
        ast: missing(0, text.length),
        diagnostics: [diagnostic('too-long', `expression too long (${bytes} bytes; the limit is ${MAX_INPUT_BYTES})`,
          span(0, text.length), 'split the query into smaller expressions')],
      };
    }
  }
  const lex = tokenize(text);
  const p = new Parser(text, lex);
  let ast = p.program();
  const lexDiags = lex.diagnostics;
  let diagnostics = lexDiags.length === 0 ? p.diags : p.diags.length === 0 ? lexDiags : [...lexDiags, ...p.diags];
  // every node below a leaf's level consumes a token, so fewer tokens than levels cannot nest too deep
  if (lex.tokens.length > MAX_NESTING && !diagnostics.some((d) => d.code === 'too-deep')) {
    const deep = firstTooDeep(ast);
    if (deep !== null) {
      diagnostics = [...diagnostics, diagnostic('too-deep', `expression nested too deeply (more than ${MAX_NESTING} levels)`, deep.span,
        'split the expression into simpler parts')];
      ast = prune(ast, 0);
    }
  }
  if (diagnostics.length > 1) {
    diagnostics = diagnostics
      .map((d, k) => ({ d, k }))
      .sort((a, b) => a.d.span.start - b.d.span.start || a.k - b.k)
      .map((x) => x.d);
    if (diagnostics.length > MAX_DIAGNOSTICS) {
      const cut = diagnostics[MAX_DIAGNOSTICS];
      diagnostics = diagnostics.slice(0, MAX_DIAGNOSTICS);
      diagnostics.push(diagnostic('too-many-errors', `too many errors; only the first ${MAX_DIAGNOSTICS} are reported`, cut.span));
    }
  }
  return { ast, diagnostics };
}

/** Strict parse: the tree, or no tree and exactly one diagnostic (the first error). */
export function parse(text: string): ParseResult {
  const r = parseForEditor(text);
  if (r.diagnostics.length === 0) return r;
  return { ast: null, diagnostics: [r.diagnostics[0]] };
}

/**
 * Editor parse: never throws; a best-effort tree (with `Missing` holes, implicitly closed
 * brackets, hanging `.` as a member with an empty name) and every diagnostic found.
 */
export function parseForEditor(text: string): ParseResult {
  try {
    const r = run(typeof text === 'string' ? text : String(text));
    return { ast: r.ast, diagnostics: r.diagnostics };
  } catch (err) {
    const t = typeof text === 'string' ? text : '';
    return {
      ast: missing(0, t.length),
      diagnostics: [diagnostic('internal-error', `internal parser error: ${err instanceof Error ? err.message : String(err)}`, span(0, t.length))],
    };
  }
}

/** A parse failure, carrying its diagnostic. */
export class ParseError extends Error {
  readonly diagnostic: Diagnostic;
  readonly text: string;
  constructor(text: string, diagnostic: Diagnostic) {
    const { line, column } = lineColumn(text, diagnostic.span.start);
    super(`${line}:${column}: ${diagnostic.message}`);
    this.name = 'ParseError';
    this.diagnostic = diagnostic;
    this.text = text;
  }
}

/** Strict parse that returns the tree or throws a `ParseError`. */
export function parseOrThrow(text: string): Expression {
  const r = parse(text);
  if (r.ast === null) throw new ParseError(text, r.diagnostics[0]);
  return r.ast;
}

