/**
 * Canonical text of a syntax tree, following the reference printer's conventions
 * (language.md §1.9): `and`/`or`, `==`/`!=`; double-quoted strings unless the value contains
 * `"` and no `'`; numbers in their shortest JS form (`2.50` → `2.5`, `1e21` → `1e+21`); dict
 * keys bare when they are names; lambdas `(p1, p2) => body`; `recv.name` when no arguments were
 * written, `recv.name(a, b)` otherwise; minimal parentheses.
 *
 * Unlike the reference (which prints typed graphs and need not read back), this printer's
 * output always parses back to the same tree: `parse(printExpression(ast))` equals `ast` up to
 * spans, the raw text of numbers, and `called` on argument-less members. Where a value has no
 * faithful spelling the choice made is documented at the function that prints it.
 *
 * Multi-line form (the reference's): each chained `.op` on a new line indented 2 spaces,
 * function-call arguments one per line indented 4, and lambda bodies' continuation lines
 * indented 4 more.
 */
import type { BinaryOperator, Expression } from './ast.js';
import { isIdentifierName, isKeyword, isNumberToken } from './lexer.js';

export interface PrintOptions {
  /** The reference's indented multi-line form. */
  readonly multiline?: boolean;
}

// Binding power of each kind of expression, low → high.
const LAMBDA = 0;
const UNARY = 8;
const POSTFIX = 9;

const BINARY_PREC: Record<BinaryOperator, number> = {
  or: 1,
  and: 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
  '**': 7,
};

function precedence(e: Expression): number {
  switch (e.kind) {
    case 'Lambda':
      return LAMBDA;
    case 'Binary':
      return BINARY_PREC[e.operator];
    case 'Unary':
      return UNARY;
    case 'Number':
      // a negative value (never produced by the parser) prints as `-5`: it binds like a negation
      return e.value < 0 || Object.is(e.value, -0) || e.value === -Infinity ? UNARY : POSTFIX;
    default:
      return POSTFIX;
  }
}

/**
 * A number in its shortest JS spelling (as JSON would print it). Values JSON cannot spell:
 * `Infinity` prints as `1e999` (which reads back as Infinity); NaN prints as the literal's raw
 * text when that text reads back as NaN (`1_000`, `10n`), otherwise as `0n`. Negative values
 * and -0 cannot come from the parser (`-5` is a negation); they print as `-5` and `0`.
 */
export function printNumber(value: number, raw?: string): string {
  if (Number.isNaN(value)) {
    return raw !== undefined && Number.isNaN(Number(raw)) && isNumberToken(raw) ? raw : '0n';
  }
  if (value === Infinity) return '1e999';
  if (value === -Infinity) return '-1e999';
  return String(value);
}

/**
 * The content between `quote`s that reads back as `value` under the reference's reading
 * (only `\"` is unescaped), or null when there is none: a double-quoted string cannot hold a
 * `"` preceded by an odd run of backslashes, a single-quoted one cannot hold a `'` preceded
 * by an even run, neither can end in an odd run of backslashes or hold a line break.
 */
function encodeString(value: string, quote: '"' | "'"): string | null {
  let out = '';
  let run = 0; // backslashes just before the current character
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 92) {
      run++;
      continue;
    }
    if (c === 10 || c === 13) return null;
    if (c === 34) {
      if (quote === '"') {
        if (run % 2 === 1) return null;
        out += `${value.slice(from, i)}\\"`;
        from = i + 1;
      } else if (run > 0) {
        out += `${value.slice(from, i)}\\"`;
        from = i + 1;
      }
    } else if (c === 39 && quote === "'" && run % 2 === 0) {
      return null;
    }
    run = 0;
  }
  if (run % 2 === 1) return null;
  return out + value.slice(from);
}

/** Whether `printString(value)` reads back as exactly `value`. */
export function canPrintString(value: string): boolean {
  return encodeString(value, '"') !== null || encodeString(value, "'") !== null;
}

/**
 * A string literal for `value`: double quotes unless the value contains `"` and no `'` (the
 * reference's rule), falling back to the other quote when only it can spell the value.
 * Values neither quote can spell (a line break, or `\"` together with a lone `'` — see
 * `canPrintString`) print JSON-escaped; they do not read back as the same value.
 */
export function printString(value: string): string {
  const preferred: '"' | "'" = value.includes('"') && !value.includes("'") ? "'" : '"';
  const other: '"' | "'" = preferred === '"' ? "'" : '"';
  let body = encodeString(value, preferred);
  if (body !== null) return preferred + body + preferred;
  body = encodeString(value, other);
  if (body !== null) return other + body + other;
  return JSON.stringify(value);
}

/** A dict key: bare when it reads as a name (keywords included), quoted otherwise. */
export function printKey(key: string): string {
  return isIdentifierName(key) ? key : printString(key);
}

function indentContinuation(text: string, spaces: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${spaces}`) : text;
}

class Printer {
  constructor(private readonly multiline: boolean) {}

  print(e: Expression): string {
    switch (e.kind) {
      case 'Number':
        return printNumber(e.value, e.raw);
      case 'String':
        return printString(e.value);
      case 'Boolean':
        return e.value ? 'true' : 'false';
      case 'Null':
        return 'null';
      case 'Identifier':
        return e.name;
      case 'Missing':
        return '';
      case 'Array':
        return `[${e.elements.map((x) => this.print(x)).join(', ')}]`;
      case 'Object':
        return `{${e.entries.map((x) => `${printKey(x.key)}: ${this.print(x.value)}`).join(', ')}}`;
      case 'Member': {
        const args = e.args.length > 0 ? `(${e.args.map((x) => this.print(x)).join(', ')})` : '';
        return `${this.receiver(e.receiver, e.name)}${this.multiline ? '\n  ' : ''}.${e.name}${args}`;
      }
      case 'Subscript':
        return `${this.receiver(e.receiver, null)}[${this.print(e.key)}]`;
      case 'Call': {
        if (e.args.length === 0 || !this.multiline) return `${e.callee}(${e.args.map((x) => this.print(x)).join(', ')})`;
        const args = e.args.map((x) => `    ${indentContinuation(this.print(x), '    ')}`);
        return `${e.callee}(\n${args.join(',\n')})`;
      }
      case 'Unary': {
        let operand = this.print(e.operand);
        if (precedence(e.operand) < UNARY || (e.operator === '-' && operand.startsWith('-'))) operand = `(${operand})`;
        return e.operator + operand;
      }
      case 'Binary': {
        const p = BINARY_PREC[e.operator];
        const right = e.operator === '**';
        const lp = precedence(e.left);
        const rp = precedence(e.right);
        const left = this.wrap(e.left, lp < p || (lp === p && right));
        const r = this.wrap(e.right, rp < p || (rp === p && !right));
        return `${left} ${e.operator} ${r}`;
      }
      case 'Lambda': {
        const text = `(${e.params.map((p) => p.name).join(', ')}) => ${this.print(e.body)}`;
        return this.multiline ? indentContinuation(text, '    ') : text;
      }
    }
  }

  private wrap(e: Expression, parens: boolean): string {
    const text = this.print(e);
    return parens ? `(${text})` : text;
  }

  /** A receiver of `.name` (`name` given) or of `[…]` (`name` null). */
  private receiver(e: Expression, name: string | null): string {
    if (precedence(e) < POSTFIX) return this.wrap(e, true);
    const text = this.print(e);
    // `42.e3` would read as a number: keep the dot away from an integer
    if (e.kind === 'Number' && name !== null && /^[eE]\d/.test(name) && /^[\d_]+$/.test(text)) return `(${text})`;
    return text;
  }
}

/** Canonical text of an expression (see the module comment for the conventions). */
export function printExpression(ast: Expression, options?: PrintOptions): string {
  return new Printer(options?.multiline === true).print(ast);
}

/** Whether `name` can be printed as a variable, parameter or callee and read back. */
export function isPrintableName(name: string): boolean {
  return isIdentifierName(name) && !isKeyword(name);
}
