/**
 * Turns a failed dispatch into one precise diagnostic: which op, which argument, expected
 * versus got, and — where there is one — what to write instead.
 */
import type { Expression, Span } from '../parser/ast.js';
import type { Node } from '../graph/node.js';
import type { OpDef, RenderForm } from '../ops/opdef.js';
import { isAssignableTo, typeToMessageString, typeToString } from '../types/index.js';
import { closest, firstInputType, typeError, type CheckFailure, type Checker, type Scope } from './checker.js';

export interface DispatchAttempt {
  readonly name: string;
  readonly form: RenderForm;
  readonly receiver: Node;
  readonly args: readonly Expression[];
  readonly span: Span;
  readonly nameSpan: Span;
  readonly scope: Scope;
}

export function explainDispatchFailure(checker: Checker, a: DispatchAttempt): CheckFailure {
  const { registry } = checker;
  const written = spelled(a.name, a.form);
  const got = typeToMessageString(a.receiver.type);
  const sameForm = registry.candidates(a.name, a.form);

  if (sameForm.length === 0) {
    const other = otherForm(checker, a);
    if (other) return other;
    const applicable = registry
      .all()
      .filter((d) => d.renderInfo.type === a.form && isAssignableTo(a.receiver.type, firstInputType(d)))
      .map((d) => d.displayName);
    const suggestions = closest(a.name, applicable);
    const where = a.form === 'function' ? '' : ` on ${got}`;
    return typeError(
      'unknown-op',
      `${written} is not an op${where}${suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => spelled(s, a.form)).join(', ')}?` : ''}`,
      a.nameSpan,
      suggestions,
      a.form === 'chain' && isDictLike(a.receiver)
        ? `dict keys are read with brackets: ["${a.name}"]`
        : undefined,
    );
  }

  const fitting = sameForm.filter((d) => isAssignableTo(a.receiver.type, firstInputType(d)));
  if (fitting.length === 0) {
    const expected = unique(sameForm.map((d) => typeToMessageString(firstInputType(d))));
    const subject = a.form === 'binary' ? `the left side of ${a.name}` : a.form === 'function' ? `the first argument of ${written}` : written;
    return typeError(
      'wrong-receiver',
      `${subject} does not apply to ${got}; it takes ${expected.join(' or ')}`,
      a.form === 'binary' || a.form === 'function' ? spanOfFirst(checker, a) : a.nameSpan,
      [],
      nestedListHint(a.receiver),
    );
  }

  // The receiver fits: an argument does not.
  const def = fitting[0];
  const params = Object.keys(def.inputTypes).slice(1);
  const rest = a.args.slice(1);
  if (rest.length > params.length) {
    return typeError(
      'too-many-arguments',
      `${written} takes ${params.length} argument${params.length === 1 ? '' : 's'}${params.length > 0 ? ` (${params.join(', ')})` : ''}, got ${rest.length}`,
      spanOf(rest[params.length]) ?? a.span,
    );
  }
  const node = checker.callWith(def, a.receiver, rest, null, a.scope);
  if (node === null) {
    const missing = params[rest.length];
    return typeError('missing-argument', `${written} needs its \`${missing}\` argument (${typeToMessageString(def.inputTypes[missing])})`, a.span);
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    const input = node.fromOp.inputs[p];
    if (!isAssignableTo(input.type, def.inputTypes[p])) {
      const what = a.form === 'binary' ? `the right side of ${a.name}` : `argument \`${p}\` of ${written}`;
      return typeError(
        'wrong-argument',
        `${what} expects ${typeToMessageString(def.inputTypes[p])}, got ${typeToMessageString(input.type)}`,
        spanOf(rest[i]) ?? a.span,
      );
    }
  }
  return typeError('invalid-call', `${written} cannot be applied to these arguments (${got}${rest.length ? ', …' : ''})`, a.span);
}

/** The name exists, but is written another way (`.index(0)` → `[0]`, `x.abs` → `abs(x)`, `.add` → `+`). */
function otherForm(checker: Checker, a: DispatchAttempt): CheckFailure | null {
  const forms: RenderForm[] = ['chain', 'function', 'brackets'];
  for (const form of forms) {
    if (form === a.form) continue;
    const defs = checker.registry.candidates(a.name, form);
    if (defs.length === 0) continue;
    const hint =
      form === 'function'
        ? `write ${a.name}(${a.form === 'chain' ? 'x' : ''}${a.args.length > 1 ? ', …' : ''}) — ${a.name} is a function, not a method`
        : form === 'brackets'
          ? a.name === 'index'
            ? 'write x[i] to take an element of a list'
            : 'write x["key"] to read a dict key'
          : `write x.${a.name}${a.args.length > 1 ? '(…)' : ''} — ${a.name} is a method`;
    return typeError('wrong-form', `${spelled(a.name, a.form)} is not written this way; ${hint}`, a.nameSpan, [], hint);
  }
  const symbol = checker.registry
    .all()
    .find((d) => (d.renderInfo.type === 'binary' || d.renderInfo.type === 'unary') && d.name.slice(d.name.indexOf('-') + 1) === a.name);
  if (symbol && a.form !== 'binary') {
    const repr = (symbol.renderInfo as { repr: string }).repr;
    const hint = symbol.renderInfo.type === 'binary' ? `write a ${repr} b` : `write ${repr}x`;
    return typeError('wrong-form', `${spelled(a.name, a.form)} is the operator ${repr}; ${hint}`, a.nameSpan, [repr], hint);
  }
  return null;
}

function spelled(name: string, form: RenderForm): string {
  switch (form) {
    case 'chain':
      return `\`.${name}\``;
    case 'function':
      return `\`${name}(…)\``;
    case 'binary':
      return `\`${name}\``;
    default:
      return `\`${name}\``;
  }
}

function isDictLike(node: Node): boolean {
  const t = node.type;
  const s = typeToString(t);
  return s.startsWith('{') || s.startsWith('Dict') || s.startsWith('Maybe<{');
}

function nestedListHint(receiver: Node): string | undefined {
  const s = typeToString(receiver.type);
  return /^List<(Maybe<)?List</.test(s)
    ? 'this is a list of lists: flatten it with .concat, or apply the op inside .map((row) => …)'
    : undefined;
}

function spanOf(e: Expression | undefined): Span | undefined {
  return e?.span;
}

function spanOfFirst(checker: Checker, a: DispatchAttempt): Span {
  return checker.spans.get(a.receiver) ?? a.args[0]?.span ?? a.span;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

export type { OpDef };
