/**
 * Prints a typed graph as canonical expression text, with the reference's conventions
 * (language.md §1.9): `and`/`or`, `==`, dict keys raw, strings JSON-quoted (single quotes when
 * the text holds `"` but no `'`), numbers as JSON, and parentheses only around binary ops whose
 * operand the consumer could otherwise "steal" given types and precedence.
 *
 * `multiline` puts each chained `.op` on its own line and function-call arguments one per line,
 * as the reference's indented form does.
 */
import { isFunctionLiteral, type Node, type OutputNode } from '../graph/node.js';
import type { OpDef } from '../ops/opdef.js';
import type { OpRegistry } from '../ops/registry.js';
import { isAssignableTo } from '../types/index.js';

export interface PrintOptions {
  readonly multiline?: boolean;
  /**
   * Reproduce the reference printer exactly, including its two outputs that do not read back
   * as the same graph: a unary op never parenthesises its operand (`-(2 ** 2)` prints
   * `-2 ** 2`) and a double negation prints `--1`. Off by default: we parenthesise there.
   */
  readonly reference?: boolean;
}

export function printGraph(node: Node, registry: OpRegistry, options: PrintOptions = {}): string {
  return new GraphPrinter(registry, options.multiline === true, options.reference === true).node(node, null);
}

interface Consumer {
  readonly node: OutputNode;
  readonly argIndex: number;
}

/** Low → high; ops not listed bind tightest. */
const PRECEDENCE: readonly (readonly string[])[] = [
  ['or'],
  ['and'],
  ['number-equal', 'number-notEqual'],
  ['number-less', 'number-greater', 'number-lessEqual', 'number-greaterEqual'],
  ['number-add', 'number-sub'],
  ['number-mult', 'number-div', 'number-modulo'],
  ['number-negate', 'boolean-not'],
  ['number-powBinary'],
];

function precedence(opName: string): number {
  const i = PRECEDENCE.findIndex((names) => names.includes(opName));
  return i === -1 ? PRECEDENCE.length : i;
}

/** How the parser groups binary operators (by symbol, whatever the op), low → high. */
const SYMBOL_PRECEDENCE: readonly (readonly string[])[] = [
  ['or'],
  ['and'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%', '//'],
  [],
  ['**'],
];

function symbolPrecedence(def: OpDef): number {
  const repr = def.renderInfo.type === 'binary' ? def.renderInfo.repr : '';
  const i = SYMBOL_PRECEDENCE.findIndex((symbols) => symbols.includes(repr));
  return i === -1 ? SYMBOL_PRECEDENCE.length : i;
}

function indent(text: string, level: number): string {
  const pad = '  '.repeat(level);
  return text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');
}

class GraphPrinter {
  constructor(
    private readonly registry: OpRegistry,
    private readonly multiline: boolean,
    private readonly reference: boolean,
  ) {}

  node(node: Node, consumer: Consumer | null): string {
    switch (node.nodeType) {
      case 'void':
        return '';
      case 'var':
        return node.varName;
      case 'const':
        return this.constant(node);
      case 'output':
        return this.op(node, consumer);
    }
  }

  private constant(node: Extract<Node, { nodeType: 'const' }>): string {
    if (isFunctionLiteral(node)) {
      const params = [...new Set(Object.keys(node.type.inputTypes))];
      const text = `(${params.join(', ')}) => ${this.node(node.val, null)}`;
      if (!this.multiline) return text;
      return text
        .split('\n')
        .map((l, i) => (i === 0 ? l : indent(l, 2)))
        .join('\n');
    }
    if (node.type === 'none' || node.val === null || node.val === undefined) return 'null';
    const v = node.val;
    if (typeof v === 'string' && v.includes('"') && !v.includes("'")) return `'${v}'`;
    if (v instanceof Date) return JSON.stringify(v);
    const json = JSON.stringify(v);
    return json === undefined ? 'null' : json.replace(/\\\\/g, '\\');
  }

  private op(node: OutputNode, consumer: Consumer | null): string {
    const def = this.registry.find(node.fromOp.name);
    const names = Object.keys(node.fromOp.inputs);
    const args = names.map((n) => node.fromOp.inputs[n]);
    const child = (i: number) => this.node(args[i], { node, argIndex: i });
    if (!def) return `${node.fromOp.name}(${args.map((_, i) => child(i)).join(', ')})`;
    switch (def.renderInfo.type) {
      case 'arrayLiteral':
        return `[${args.map((_, i) => child(i)).join(', ')}]`;
      case 'dictionaryLiteral':
        return `{${names.map((k, i) => `${this.key(k)}: ${child(i)}`).join(', ')}}`;
      case 'unary': {
        const operand = child(0);
        if (!this.reference && this.unaryNeedsParens(args[0], operand)) return `${def.renderInfo.repr}(${operand})`;
        return `${def.renderInfo.repr}${operand}`;
      }
      case 'binary': {
        const parens = this.needsParens(node, consumer);
        const text = `${child(0)} ${def.renderInfo.repr} ${child(1)}`;
        return parens ? `(${text})` : text;
      }
      case 'brackets':
        return `${this.receiver(args[0], child(0))}[${child(1)}]`;
      case 'chain': {
        const rest = args.length > 1 ? `(${args.slice(1).map((_, i) => child(i + 1)).join(', ')})` : '';
        return `${args.length > 0 ? this.receiver(args[0], child(0)) : ''}${this.multiline ? '\n  ' : ''}.${def.displayName}${rest}`;
      }
      case 'function': {
        const texts = args.map((_, i) => (this.multiline ? indent(child(i), 2) : child(i)));
        return `${def.displayName}(${this.multiline ? '\n' : ''}${texts.join(this.multiline ? ',\n' : ', ')})`;
      }
    }
  }

  /** A dict key: raw in reference mode, quoted when it is not an identifier otherwise. */
  private key(k: string): string {
    if (this.reference || /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) return k;
    return this.constant({ nodeType: 'const', type: 'string', val: k });
  }

  /** A unary receiver of `.op` or `[k]` needs parentheses: `(-x).abs`, not `-x.abs`. */
  private receiver(node: Node, text: string): string {
    if (this.reference || node.nodeType !== 'output') return text;
    const def = this.registry.find(node.fromOp.name);
    return def?.renderInfo.type === 'unary' ? `(${text})` : text;
  }

  /** Unary ops bind tighter than every binary op, and `--` would read as a decrement. */
  private unaryNeedsParens(operand: Node, text: string): boolean {
    if (text.startsWith('-') || text.startsWith('!')) return true;
    if (operand.nodeType !== 'output') return false;
    const def = this.registry.find(operand.fromOp.name);
    return def?.renderInfo.type === 'binary' && !isWrapped(text);
  }

  /** The reference's rule (opStore/util.ts `opNeedsParens`), applied to the actual consumer. */
  private needsParens(node: OutputNode, consumer: Consumer | null): boolean {
    if (!consumer) return false;
    const consumerDef = this.registry.find(consumer.node.fromOp.name);
    if (!consumerDef) return false;
    const form = consumerDef.renderInfo.type;
    if (form === 'chain' || form === 'brackets') return consumer.argIndex === 0;
    const ourSide = consumer.argIndex !== 0 ? 'right' : 'left';
    const ambiguous = ourSide === 'left' ? node.fromOp.inputs.rhs : node.fromOp.inputs.lhs;
    const claim = ourSide === 'left' ? 'lhs' : 'rhs';
    const reference = couldTake(consumerDef, claim, ambiguous) && steals(ourSide, precedence(node.fromOp.name), precedence(consumerDef.name), consumerDef.name === 'number-powBinary');
    if (this.reference || reference) return reference;
    // The reference leaves parentheses out where the consumer could not take the operand by
    // type or does not know the op's precedence (`(null != true) + 1`), but the parser groups
    // by operator symbols alone: canonical text adds them where the symbols need them.
    const ours = this.registry.find(node.fromOp.name);
    if (!ours || form !== 'binary') return false;
    return steals(ourSide, symbolPrecedence(ours), symbolPrecedence(consumerDef), consumerDef.renderInfo.type === 'binary' && consumerDef.renderInfo.repr === '**');
  }
}

/** Is the whole text one parenthesised group (`(a + b)`, not `(a) ** b`)? Strings are skipped. */
function isWrapped(text: string): boolean {
  if (!text.startsWith('(')) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/** Would a consumer of precedence `theirs` take our operand if we were not parenthesised? */
function steals(ourSide: 'left' | 'right', ours: number, theirs: number, rightAssoc: boolean): boolean {
  if (!rightAssoc) return ourSide === 'left' ? theirs > ours : theirs >= ours;
  return ourSide === 'left' ? theirs >= ours : theirs > ours;
}

/** Could `arg` be passed as `consumer`'s parameter `name`? (A parameter it does not declare takes anything.) */
function couldTake(consumer: OpDef, name: string, arg: Node | undefined): boolean {
  if (!Object.prototype.hasOwnProperty.call(consumer.inputTypes, name)) return true;
  if (!arg) return true;
  return isAssignableTo(arg.type, consumer.inputTypes[name]);
}
