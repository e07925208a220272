/**
 * Tokens of the Query Panel expression language, lexed with chevrotain.
 *
 * The lexer reads everything a JavaScript lexer would (so that unsupported constructs can be
 * reported precisely by the parser) and attaches a few facts the parser needs in constant time:
 *
 * - keywords are recognised after lexing (an identifier whose text is a keyword is retagged);
 * - brackets are matched (`match[i]` is the index of the partner of bracket token `i`, or -1);
 * - a `(` whose partner `)` is followed by `=>` is retagged `LambdaParen`, and an identifier
 *   followed by `=>` is retagged `ArrowParam`, so the parser never backtracks on lambdas;
 * - lexical errors (unexpected characters, unterminated strings and comments, malformed
 *   numbers) become diagnostics.
 *
 * Reading of literals follows the reference (weave-js): a number token's value is JS
 * `Number(text)` (so `1_000` and `10n` are NaN, not errors) and a string's value is the text
 * between the quotes with only `\"` unescaped.
 */
import {
  createToken,
  Lexer,
  type CustomPatternMatcherReturn,
  type IToken,
  type TokenType,
} from 'chevrotain';
import type { Span } from './ast.js';
import type { Diagnostic } from './diagnostic.js';

// ---------------------------------------------------------------------------------------
// Character classes

const ID_START_RE = /[\p{ID_Start}$_]/u;
const ID_CONTINUE_RE = /[\p{ID_Continue}$\u200C\u200D]/u;

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 36 || c === 95;
}

function isAsciiIdPart(c: number): boolean {
  return isAsciiIdStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length (1 or 2 UTF-16 units) of the identifier-start code point at `i`, or 0. */
function idStartLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiIdStart(c) ? 1 : 0;
  if (Number.isNaN(c)) return 0;
  const cp = text.codePointAt(i)!;
  return ID_START_RE.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** Length (1 or 2 UTF-16 units) of the identifier-part code point at `i`, or 0. */
function idPartLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiIdPart(c) ? 1 : 0;
  if (Number.isNaN(c)) return 0;
  const cp = text.codePointAt(i)!;
  return ID_CONTINUE_RE.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** The end offset of a run of identifier-part characters starting at `i`. */
function scanIdParts(text: string, i: number): number {
  for (;;) {
    const n = idPartLength(text, i);
    if (n === 0) return i;
    i += n;
  }
}

/** Whether `name` reads as one identifier or keyword token (JS IdentifierName, no escapes). */
export function isIdentifierName(name: string): boolean {
  if (name.length === 0) return false;
  const n = idStartLength(name, 0);
  if (n === 0) return false;
  return scanIdParts(name, n) === name.length;
}

// ---------------------------------------------------------------------------------------
// Custom matchers. Each returns a match array (with an optional payload) or null.

function match(image: string, payload?: unknown): CustomPatternMatcherReturn {
  const m = [image] as CustomPatternMatcherReturn;
  if (payload !== undefined) m.payload = payload;
  return m;
}

/** Payload of a malformed token (unterminated string/comment/template, bad number). */
export interface TokenProblem {
  readonly problem: 'unterminated' | 'invalid';
}

const UNTERMINATED: TokenProblem = Object.freeze({ problem: 'unterminated' });
const INVALID: TokenProblem = Object.freeze({ problem: 'invalid' });

function matchIdentifier(text: string, offset: number): CustomPatternMatcherReturn | null {
  const c = text.charCodeAt(offset);
  let i: number;
  if (c < 128) {
    if (!isAsciiIdStart(c)) return null;
    i = offset + 1;
    // ASCII fast path
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d < 128) {
        if (!isAsciiIdPart(d)) break;
        i++;
      } else {
        i = scanIdParts(text, i);
        break;
      }
    }
  } else {
    const n = idStartLength(text, offset);
    if (n === 0) return null;
    i = scanIdParts(text, offset + n);
  }
  return match(text.slice(offset, i));
}

function scanDigits(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (isDigit(c) || c === 95) i++;
    else return i;
  }
}

/** `e`/`E` followed by an optional sign and a digit: the end of the exponent, or -1. */
function scanExponent(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c !== 101 && c !== 69) return -1;
  let j = i + 1;
  const s = text.charCodeAt(j);
  if (s === 43 || s === 45) j++;
  if (!isDigit(text.charCodeAt(j))) return -1;
  return scanDigits(text, j);
}

/**
 * A JS numeric literal. One deliberate extension: `42.name` lexes as `42` `.name` (JS rejects
 * it), so that the reference's printed form `42.toString` reads back; `42.e3` and `42.` stay
 * numbers as in JS. A literal immediately followed by identifier characters (`3px`, `0b12`)
 * becomes one malformed token.
 */
function matchNumber(text: string, offset: number): CustomPatternMatcherReturn | null {
  const c = text.charCodeAt(offset);
  let i: number;
  let integer = true;
  if (c === 46) {
    // .5
    if (!isDigit(text.charCodeAt(offset + 1))) return null;
    i = scanDigits(text, offset + 1);
    integer = false;
    const e = scanExponent(text, i);
    if (e >= 0) i = e;
  } else if (isDigit(c)) {
    const d = text.charCodeAt(offset + 1);
    if (c === 48 && (d === 120 || d === 88 || d === 111 || d === 79 || d === 98 || d === 66)) {
      // 0x.. 0o.. 0b..: any hex-ish digits and separators; Number() decides the value
      i = offset + 2;
      for (;;) {
        const h = text.charCodeAt(i);
        if (isDigit(h) || h === 95 || (h >= 97 && h <= 102) || (h >= 65 && h <= 70)) i++;
        else break;
      }
    } else {
      i = scanDigits(text, offset + 1);
      if (text.charCodeAt(i) === 46) {
        const after = text.charCodeAt(i + 1);
        if (isDigit(after)) {
          i = scanDigits(text, i + 1);
          integer = false;
        } else if (scanExponent(text, i + 1) >= 0) {
          i = i + 1;
          integer = false;
        } else if (idStartLength(text, i + 1) > 0) {
          // 42.toString → `42` `.toString`
        } else {
          i = i + 1; // `1.`
          integer = false;
        }
      }
      const e = scanExponent(text, i);
      if (e >= 0) {
        i = e;
        integer = false;
      }
    }
    if (integer && text.charCodeAt(i) === 110) i++; // BigInt suffix: Number() gives NaN
  } else {
    return null;
  }
  if (idPartLength(text, i) > 0) {
    return match(text.slice(offset, scanIdParts(text, i)), INVALID);
  }
  return match(text.slice(offset, i));
}

/** Whether `text` is exactly one well-formed number token. */
export function isNumberToken(text: string): boolean {
  const m = matchNumber(text, 0);
  return m !== null && m[0].length === text.length && m.payload === undefined;
}

/**
 * A string literal. A backslash keeps the next character from ending the string; a raw line
 * break (LF or CR) ends an unterminated string, so no string spans lines.
 */
function matchString(text: string, offset: number): CustomPatternMatcherReturn | null {
  const q = text.charCodeAt(offset);
  if (q !== 34 && q !== 39) return null;
  let i = offset + 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === q) return match(text.slice(offset, i + 1));
    if (c === 10 || c === 13) break;
    if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (i + 1 >= n || d === 10 || d === 13) {
        i++;
        break;
      }
      i += 2;
    } else {
      i++;
    }
  }
  return match(text.slice(offset, Math.min(i, n)), UNTERMINATED);
}

function matchTemplate(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 96) return null;
  let i = offset + 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 96) return match(text.slice(offset, i + 1));
    i += c === 92 ? 2 : 1;
  }
  return match(text.slice(offset, n), UNTERMINATED);
}

function matchBlockComment(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 47 || text.charCodeAt(offset + 1) !== 42) return null;
  const end = text.indexOf('*/', offset + 2);
  if (end < 0) return match(text.slice(offset), UNTERMINATED);
  return match(text.slice(offset, end + 2));
}

/** Token types after which `/` is division (they end an operand); anywhere else it starts a regex. */
const OPERAND_END = new Set<string>(['Number', 'String', 'TemplateString', 'Identifier', 'RParen', 'RBracket', 'RBrace', 'RegexLiteral']);

/**
 * A regex literal `/…/flags`, recognised like a JS lexer does: only where an operand may
 * start. The language has no regex literals; lexing them lets the parser report one
 * precise diagnostic instead of a cascade from lexing the pattern as code.
 */
function matchRegex(text: string, offset: number, tokens: IToken[]): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 47) return null;
  const c1 = text.charCodeAt(offset + 1);
  if (c1 === 47 || c1 === 42) return null; // comments
  const prev = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
  if (prev !== undefined && OPERAND_END.has(prev.tokenType.name)) return null;
  let i = offset + 1;
  let inClass = false;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return match(text.slice(offset, i), UNTERMINATED);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === 47 && !inClass) return match(text.slice(offset, scanIdParts(text, i + 1)));
    i++;
  }
  return match(text.slice(offset, n), UNTERMINATED);
}

function matchOptionalChain(text: string, offset: number): CustomPatternMatcherReturn | null {
  if (text.charCodeAt(offset) !== 63 || text.charCodeAt(offset + 1) !== 46) return null;
  if (isDigit(text.charCodeAt(offset + 2))) return null; // `a?.5:1` is a conditional
  return match('?.');
}

// Start-character hints keep chevrotain's first-character optimisation on for custom tokens.
const NON_ASCII_HINTS: number[] = (() => {
  const out: number[] = [];
  for (let c = 128; c < 256; c++) out.push(c);
  // chevrotain groups code points above 255 into buckets (currently 255 wide); one hint every
  // 128 code points reaches every bucket whatever the exact width
  for (let c = 256; c < 0x10000; c += 128) out.push(c);
  return out;
})();
const ID_START_HINTS: (string | number)[] = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_',
  ...NON_ASCII_HINTS,
];

// ---------------------------------------------------------------------------------------
// Token types

/** Categories (abstract token types the parser matches on). */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
export const PrefixOperator = createToken({ name: 'PrefixOperator', pattern: Lexer.NA });
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });
export const StatementKeyword = createToken({ name: 'StatementKeyword', pattern: Lexer.NA, categories: [Keyword] });
/** Assignment `=` and compound assignments: binary operators that are reported. */
export const AssignOperator = createToken({ name: 'AssignOperator', pattern: Lexer.NA, categories: [BinaryOperator] });

/** A single space: a one-character pattern takes chevrotain's fast path (most whitespace). */
export const Space = createToken({ name: 'Space', pattern: ' ', group: Lexer.SKIPPED });
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\n\r\v\f\u00A0\uFEFF\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\n\r\u2028\u2029]*/,
  group: 'comments',
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  start_chars_hint: ['/'],
  line_breaks: true,
  group: 'comments',
});
export const NumberLit = createToken({
  name: 'Number',
  pattern: { exec: matchNumber },
  start_chars_hint: [...'0123456789.'],
  line_breaks: false,
});
export const StringLit = createToken({
  name: 'String',
  pattern: { exec: matchString },
  start_chars_hint: ['"', "'"],
  line_breaks: false,
});
export const TemplateString = createToken({
  name: 'TemplateString',
  pattern: { exec: matchTemplate },
  start_chars_hint: ['`'],
  line_breaks: true,
});
export const RegexLiteral = createToken({
  name: 'RegexLiteral',
  pattern: { exec: matchRegex },
  start_chars_hint: ['/'],
  line_breaks: false,
});
export const Identifier = createToken({
  name: 'Identifier',
  pattern: { exec: matchIdentifier },
  start_chars_hint: ID_START_HINTS,
  line_breaks: false,
});
/** An identifier directly followed by `=>` (retagged after lexing). */
export const ArrowParam = createToken({ name: 'ArrowParam', pattern: Lexer.NA });

function kw(name: string, ...categories: TokenType[]): TokenType {
  return createToken({ name: `kw_${name}`, pattern: Lexer.NA, label: `'${name}'`, categories: [Keyword, ...categories] });
}
export const True = kw('true');
export const False = kw('false');
export const Null = kw('null');
export const And = kw('and', BinaryOperator);
export const Or = kw('or', BinaryOperator);
export const Typeof = kw('typeof', PrefixOperator);
export const Void = kw('void', PrefixOperator);
export const Delete = kw('delete', PrefixOperator);
export const New = kw('new', PrefixOperator);
export const This = kw('this');
export const Undefined = kw('undefined');
export const In = kw('in', BinaryOperator);
export const Instanceof = kw('instanceof', BinaryOperator);
export const Const = kw('const', StatementKeyword);
export const Let = kw('let', StatementKeyword);
export const Var = kw('var', StatementKeyword);
export const FunctionKw = kw('function', StatementKeyword);
export const Return = kw('return', StatementKeyword);
export const If = kw('if', StatementKeyword);

const KEYWORDS = new Map<string, TokenType>([
  ['true', True], ['false', False], ['null', Null], ['and', And], ['or', Or],
  ['typeof', Typeof], ['void', Void], ['delete', Delete], ['new', New], ['this', This],
  ['undefined', Undefined], ['in', In], ['instanceof', Instanceof], ['const', Const],
  ['let', Let], ['var', Var], ['function', FunctionKw], ['return', Return], ['if', If],
]);

/** Whether `name` is a keyword (and so cannot be a variable, parameter or callee). */
export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}

function punct(name: string, image: string, ...categories: TokenType[]): TokenType {
  // one-character string patterns take chevrotain's char-code fast path (not `/`, which
  // chevrotain's validation would deem shadowed by the regex-literal matcher)
  const pattern = image.length === 1 && image !== '/' ? image : new RegExp(image.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return createToken({ name, pattern, label: `'${image}'`, categories });
}

export const CompoundAssign = createToken({
  name: 'CompoundAssign',
  pattern: /(?:>>>|>>|<<|\*\*|&&|\|\||\?\?|[*%+\-&|^])=/,
  categories: [AssignOperator],
});
/** `/=` (a compound assignment). */
export const SlashAssign = createToken({ name: 'SlashAssign', pattern: /\/=/, label: "'/='", categories: [AssignOperator] });
export const UShr = punct('UShr', '>>>', BinaryOperator);
export const Shr = punct('Shr', '>>', BinaryOperator);
export const Ge = punct('Ge', '>=', BinaryOperator);
export const Gt = punct('Gt', '>', BinaryOperator);
export const Shl = punct('Shl', '<<', BinaryOperator);
export const Le = punct('Le', '<=', BinaryOperator);
export const Lt = punct('Lt', '<', BinaryOperator);
export const EqEqEq = punct('EqEqEq', '===', BinaryOperator);
export const EqEq = punct('EqEq', '==', BinaryOperator);
export const Arrow = punct('Arrow', '=>');
export const Assign = punct('Assign', '=', AssignOperator);
export const NotEqEq = punct('NotEqEq', '!==', BinaryOperator);
export const NotEq = punct('NotEq', '!=', BinaryOperator);
export const Bang = punct('Bang', '!', PrefixOperator);
export const StarStar = punct('StarStar', '**', BinaryOperator);
export const Star = punct('Star', '*', BinaryOperator);
export const AndAnd = punct('AndAnd', '&&', BinaryOperator);
export const Amp = punct('Amp', '&', BinaryOperator);
export const OrOr = punct('OrOr', '||', BinaryOperator);
export const Pipe = punct('Pipe', '|', BinaryOperator);
export const QuestionQuestion = punct('QuestionQuestion', '??', BinaryOperator);
export const OptionalChain = createToken({
  name: 'OptionalChain',
  pattern: { exec: matchOptionalChain },
  start_chars_hint: ['?'],
  line_breaks: false,
  label: "'?.'",
});
export const Question = punct('Question', '?');
export const PlusPlus = punct('PlusPlus', '++', PrefixOperator);
export const Plus = punct('Plus', '+', BinaryOperator, PrefixOperator);
export const MinusMinus = punct('MinusMinus', '--', PrefixOperator);
export const Minus = punct('Minus', '-', BinaryOperator, PrefixOperator);
export const Ellipsis = punct('Ellipsis', '...');
export const Dot = punct('Dot', '.');
export const Slash = punct('Slash', '/', BinaryOperator);
export const Percent = punct('Percent', '%', BinaryOperator);
export const Caret = punct('Caret', '^', BinaryOperator);
export const Tilde = punct('Tilde', '~', PrefixOperator);
export const Comma = punct('Comma', ',');
export const Colon = punct('Colon', ':');
export const Semicolon = punct('Semicolon', ';');
export const LParen = punct('LParen', '(');
/** A `(` that opens a lambda's parameter list (its `)` is followed by `=>`; retagged). */
export const LambdaParen = createToken({ name: 'LambdaParen', pattern: Lexer.NA, label: "'('" });
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');

/** Token types in lexing order (first match wins among candidates for a start character). */
const LEXING_ORDER: TokenType[] = [
  Space, WhiteSpace, LineComment, BlockComment, RegexLiteral, NumberLit, StringLit, TemplateString, Identifier,
  CompoundAssign, SlashAssign, UShr, Shr, Ge, Gt, Shl, Le, Lt, EqEqEq, EqEq, Arrow, Assign,
  NotEqEq, NotEq, Bang, StarStar, Star, AndAnd, Amp, OrOr, Pipe, QuestionQuestion,
  OptionalChain, Question, PlusPlus, Plus, MinusMinus, Minus, Ellipsis, Dot, Slash, Percent,
  Caret, Tilde, Comma, Colon, Semicolon, LParen, RParen, LBracket, RBracket, LBrace, RBrace,
];

/** The abstract token types (categories); no token has one of these as its own type. */
export const CATEGORY_TYPES: readonly TokenType[] = [BinaryOperator, PrefixOperator, Keyword, StatementKeyword, AssignOperator];

/** Every token type, concrete and abstract. */
export const ALL_TOKEN_TYPES: readonly TokenType[] = [...LEXING_ORDER, ArrowParam, LambdaParen, ...KEYWORDS.values(), ...CATEGORY_TYPES];

let lexerInstance: Lexer | null = null;
function lexer(): Lexer {
  if (lexerInstance === null) {
    lexerInstance = new Lexer(LEXING_ORDER, {
      positionTracking: 'onlyOffset',
      ensureOptimizations: true,
    });
  }
  return lexerInstance;
}

// ---------------------------------------------------------------------------------------
// Tokenize

// Reused between calls (allocating typed arrays costs more than lexing a short expression).
let matchBuffer = new Int32Array(256);
let parentBuffer = new Int32Array(256);

export interface LexResult {
  /** Tokens without whitespace and comments; keywords, `ArrowParam` and `LambdaParen` retagged. */
  readonly tokens: IToken[];
  /**
   * For a bracket token, the index of its partner bracket; -1 if unmatched or not a bracket.
   * This and `parent` are shared buffers, valid until the next `tokenize` call, and may be
   * longer than `tokens`.
   */
  readonly match: Int32Array;
  /** For each token, the index of the innermost unclosed opening bracket before it, or -1. */
  readonly parent: Int32Array;
  /** Lexical errors, in source order. */
  readonly diagnostics: Diagnostic[];
}

export function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
}

export function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

function lexDiagnostic(code: string, message: string, span: Span, hint?: string): Diagnostic {
  return hint === undefined
    ? { kind: 'parse', code, message, span, suggestions: [] }
    : { kind: 'parse', code, message, span, suggestions: [], hint };
}

function unexpectedCharacterHint(ch: string): string | undefined {
  switch (ch) {
    case '#': return 'private names and `#` are not part of the language';
    case '@': return 'decorators and `@` are not part of the language';
    case '\\': return 'a backslash can only appear inside a string';
    default: return undefined;
  }
}

/** The printable form of a character for messages (control characters as `U+XXXX`). */
export function showChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 32 || cp === 127 || (cp >= 0xd800 && cp <= 0xdfff)) {
    return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${ch}'`;
}

export function tokenize(text: string): LexResult {
  const result = lexer().tokenize(text);
  const tokens = result.tokens;
  const diagnostics: Diagnostic[] = [];

  for (const e of result.errors) {
    const chars = text.slice(e.offset, e.offset + e.length);
    const first = String.fromCodePoint(chars.codePointAt(0) ?? 0);
    const shown = chars.length === first.length ? showChar(first) : `'${chars}'`;
    diagnostics.push(lexDiagnostic(
      'unexpected-character',
      `unexpected character${chars.length === first.length ? '' : 's'} ${shown}`,
      { start: e.offset, end: e.offset + e.length },
      unexpectedCharacterHint(first),
    ));
  }
  const comments = result.groups['comments'];
  if (comments) {
    for (const c of comments) {
      if (c.payload === UNTERMINATED) {
        diagnostics.push(lexDiagnostic(
          'unterminated-comment',
          "unterminated comment: expected '*/' to close '/*'",
          { start: c.startOffset, end: c.startOffset + 2 },
        ));
      }
    }
  }

  const n = tokens.length;
  if (matchBuffer.length < n) {
    matchBuffer = new Int32Array(Math.max(n, 2 * matchBuffer.length));
    parentBuffer = new Int32Array(matchBuffer.length);
  }
  const matchIdx = matchBuffer;
  const parent = parentBuffer;
  matchIdx.fill(-1, 0, n);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = tokens[i];
    const type = t.tokenType;
    parent[i] = stack.length > 0 ? stack[stack.length - 1] : -1;
    if (type === Identifier) {
      const k = KEYWORDS.get(t.image);
      if (k !== undefined) {
        t.tokenType = k;
        t.tokenTypeIdx = k.tokenTypeIdx!;
      }
    } else if (type === LParen || type === LBracket || type === LBrace) {
      stack.push(i);
    } else if (type === RParen || type === RBracket || type === RBrace) {
      const top = stack.length > 0 ? stack[stack.length - 1] : -1;
      if (top >= 0) {
        const open = tokens[top].tokenType;
        if ((type === RParen && open === LParen) || (type === RBracket && open === LBracket) || (type === RBrace && open === LBrace)) {
          stack.pop();
          matchIdx[top] = i;
          matchIdx[i] = top;
        }
      }
    } else if (type === Arrow && i > 0) {
      const prev = tokens[i - 1];
      if (prev.tokenType === Identifier) {
        prev.tokenType = ArrowParam;
        prev.tokenTypeIdx = ArrowParam.tokenTypeIdx!;
      } else if (prev.tokenType === RParen && matchIdx[i - 1] >= 0) {
        const open = tokens[matchIdx[i - 1]];
        open.tokenType = LambdaParen;
        open.tokenTypeIdx = LambdaParen.tokenTypeIdx!;
      }
    } else if (type === StringLit || type === TemplateString) {
      if (t.payload === UNTERMINATED) {
        const q = t.image[0];
        const template = type === TemplateString;
        // a template string is reported as unsupported by the parser; only strings here
        if (!template) {
          diagnostics.push(lexDiagnostic(
            'unterminated-string',
            `unterminated string: expected ${q === '"' ? `'"'` : `"'"`} to close the string`,
            { start: t.startOffset, end: tokenEnd(t) },
            'a string must end on the line where it starts',
          ));
        }
      }
    } else if (type === NumberLit) {
      if (t.payload === INVALID) {
        diagnostics.push(lexDiagnostic(
          'invalid-number',
          `invalid number '${t.image}'`,
          tokenSpan(t),
          'a number cannot be directly followed by letters; separate a name with an operator or a space',
        ));
      }
    }
  }
  if (diagnostics.length > 1) diagnostics.sort((a, b) => a.span.start - b.span.start);
  return { tokens, match: matchIdx, parent, diagnostics };
}

/** The value of a string token: the text between the quotes with only `\"` unescaped. */
export function stringTokenValue(t: IToken): string {
  const image = t.image;
  const inner = t.payload === UNTERMINATED ? image.slice(1) : image.slice(1, -1);
  return readStringContent(inner);
}

/** The reference's reading of string content: every `\"` becomes `"`; nothing else changes. */
export function readStringContent(inner: string): string {
  return inner.indexOf('\\"') < 0 ? inner : inner.replaceAll('\\"', '"');
}

