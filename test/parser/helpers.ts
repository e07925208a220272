import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { childrenOf, isIdentifierName, type Expression } from '../../src/parser/index.js';

/** A compact, readable form of a tree: `(+ 1 (* 2 3))`, `(.map() xs (=> (row) row))`. */
export function sexpr(e: Expression): string {
  switch (e.kind) {
    case 'Number':
      return e.raw;
    case 'String':
      return JSON.stringify(e.value);
    case 'Boolean':
      return String(e.value);
    case 'Null':
      return 'null';
    case 'Identifier':
      return e.name;
    case 'Array':
      return `[${e.elements.map(sexpr).join(' ')}]`;
    case 'Object':
      return `{${e.entries.map((x) => `${isIdentifierName(x.key) ? x.key : JSON.stringify(x.key)}: ${sexpr(x.value)}`).join(', ')}}`;
    case 'Member':
      return `(.${e.name}${e.called ? '()' : ''} ${[e.receiver, ...e.args].map(sexpr).join(' ')})`;
    case 'Call':
      return `(${e.callee}()${e.args.map((a) => ` ${sexpr(a)}`).join('')})`;
    case 'Subscript':
      return `([] ${sexpr(e.receiver)} ${sexpr(e.key)})`;
    case 'Unary':
      return `(${e.operator} ${sexpr(e.operand)})`;
    case 'Binary':
      return `(${e.operator} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'Lambda':
      return `(=> (${e.params.map((p) => p.name).join(' ')}) ${sexpr(e.body)})`;
    case 'Missing':
      return '?';
  }
}

/** The tree without source locations (spans), for structural comparison. */
export function withoutSpans(e: unknown): unknown {
  return JSON.parse(JSON.stringify(e, (k, v) => (k === 'span' || k === 'nameSpan' || k === 'operatorSpan' || k === 'calleeSpan' || k === 'keySpan' ? undefined : v)));
}

/**
 * The tree as the printer preserves it: no spans, no raw number text (numbers compare by
 * value, NaN equal to NaN), and `called` only when arguments were written.
 */
export function canonical(e: Expression): unknown {
  const walk = (n: Expression): unknown => {
    switch (n.kind) {
      case 'Number':
        return { kind: 'Number', value: Number.isNaN(n.value) ? 'NaN' : Object.is(n.value, -0) ? '-0' : n.value };
      case 'String':
        return { kind: 'String', value: n.value };
      case 'Boolean':
        return { kind: 'Boolean', value: n.value };
      case 'Null':
      case 'Missing':
        return { kind: n.kind };
      case 'Identifier':
        return { kind: 'Identifier', name: n.name };
      case 'Array':
        return { kind: 'Array', elements: n.elements.map(walk) };
      case 'Object':
        return { kind: 'Object', entries: n.entries.map((x) => ({ key: x.key, value: walk(x.value) })) };
      case 'Member':
        return { kind: 'Member', receiver: walk(n.receiver), name: n.name, args: n.args.map(walk) };
      case 'Call':
        return { kind: 'Call', callee: n.callee, args: n.args.map(walk) };
      case 'Subscript':
        return { kind: 'Subscript', receiver: walk(n.receiver), key: walk(n.key) };
      case 'Unary':
        return { kind: 'Unary', operator: n.operator, operand: walk(n.operand) };
      case 'Binary':
        return { kind: 'Binary', operator: n.operator, left: walk(n.left), right: walk(n.right) };
      case 'Lambda':
        return { kind: 'Lambda', params: n.params.map((p) => p.name), body: walk(n.body) };
    }
  };
  return walk(e);
}

/** Every node of a tree, pre-order. */
export function allNodes(e: Expression): Expression[] {
  const out: Expression[] = [];
  const stack = [e];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    const kids = childrenOf(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

/** Span invariants: inside the input, children inside their parent and in source order. */
export function spanProblems(text: string, root: Expression): string[] {
  const problems: string[] = [];
  const check = (what: string, s: { start: number; end: number }): void => {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length)) {
      problems.push(`${what} span ${JSON.stringify(s)} outside [0, ${text.length}]`);
    }
  };
  for (const n of allNodes(root)) {
    check(n.kind, n.span);
    let prevEnd = n.span.start;
    for (const c of childrenOf(n)) {
      if (c.span.start < n.span.start || c.span.end > n.span.end) {
        problems.push(`${c.kind} ${JSON.stringify(c.span)} not inside its parent ${n.kind} ${JSON.stringify(n.span)}`);
      }
      if (c.span.start < prevEnd) problems.push(`${c.kind} ${JSON.stringify(c.span)} overlaps its previous sibling in ${n.kind}`);
      prevEnd = c.span.end;
    }
    if (n.kind === 'Binary') check('operator', n.operatorSpan);
    if (n.kind === 'Member') check('name', n.nameSpan);
    if (n.kind === 'Call') check('callee', n.calleeSpan);
    if (n.kind === 'Object') for (const e of n.entries) check('key', e.keySpan);
    if (n.kind === 'Lambda') for (const p of n.params) check('parameter', p.span);
  }
  return problems;
}

export interface ConformanceCase {
  readonly id: string;
  readonly expr: string;
  readonly expect?: unknown;
  readonly print?: string;
  readonly print_multiline?: string;
}

/** The reference's recorded answers (copied into `test/conformance/data`). */
export function conformance(file: string): ConformanceCase[] {
  return readFileSync(fileURLToPath(new URL(`../conformance/data/${file}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ConformanceCase);
}

/** `process.env.PANELQL_LONG` set: run the long property tests. */
export const LONG = typeof process !== 'undefined' && !!process.env.PANELQL_LONG;
