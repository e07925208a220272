/** Typed graphs from text, with `project` and `runs` bound as a panel binds them. */
import { parse as parseGraphQL, validate, type DocumentNode } from 'graphql';
import { buildWandbSchema } from '../../src/backends/schema.js';
import { check } from '../../src/check/checker.js';
import { bindVariables, projectBindings } from '../../src/exec/driver.js';
import type { Node } from '../../src/graph/node.js';
import { standardRegistry } from '../../src/ops/index.js';
import type { Expression } from '../../src/parser/ast.js';
import { parse } from '../../src/parser/index.js';

export const registry = standardRegistry();
const schema = buildWandbSchema();

export function bindings(project = 'acme/mnist'): { project: Node; runs: Node } {
  return projectBindings(project, registry);
}

/** The checked graph of `text` with the panel variables replaced by their nodes. */
export function graph(text: string, project = 'acme/mnist'): Node {
  const parsed = parse(text);
  if (!parsed.ast) throw new Error(`parse error in ${text}: ${parsed.diagnostics[0]?.message}`);
  return graphOfAst(parsed.ast, text, project);
}

export function graphOfAst(ast: Expression, source: string | undefined, project = 'acme/mnist'): Node {
  const b = bindings(project);
  const r = check(ast, { registry, variables: { project: { node: b.project }, runs: { node: b.runs } }, source });
  if (!r.node) throw new Error(`type error in ${source ?? '<ast>'}: ${r.diagnostics[0]?.message}`);
  return bindVariables([r.node], new Map([['project', b.project], ['runs', b.runs]])).nodes[0];
}

/** graphql-js validation errors of a document text against the W&B schema subset. */
export function validationErrors(text: string): string[] {
  return validate(schema, parseGraphQL(text)).map((e) => e.message);
}

export function expectValid(doc: DocumentNode | string | null): void {
  if (doc === null) throw new Error('no document');
  const text = typeof doc === 'string' ? doc : printDoc(doc);
  const errors = validationErrors(text);
  if (errors.length > 0) throw new Error(`invalid document:\n${errors.join('\n')}\n${text}`);
}

import { print } from 'graphql';
export function printDoc(doc: DocumentNode): string {
  return print(doc);
}

// Tiny AST builders (any text may be a key, whatever the string-literal rules of the language).
const span = { start: 0, end: 0 };
export const A = {
  id: (name: string): Expression => ({ kind: 'Identifier', name, span }),
  str: (value: string): Expression => ({ kind: 'String', value, span }),
  member: (receiver: Expression, name: string, args: Expression[] = []): Expression =>
    ({ kind: 'Member', receiver, name, args, called: args.length > 0, span, nameSpan: span }) as unknown as Expression,
  call: (callee: string, args: Expression[]): Expression =>
    ({ kind: 'Call', callee, args, span, calleeSpan: span }) as unknown as Expression,
  pick: (receiver: Expression, key: Expression): Expression => ({ kind: 'Subscript', receiver, key, span }) as unknown as Expression,
};

import { withTypeOracle } from '../../src/ops/domain/oracle.js';
import type { Type } from '../../src/types/index.js';

/** Like `graph`, with data-dependent ops typed as given (as the driver's oracle would type them). */
export function graphWithTypes(text: string, types: Readonly<Record<string, Type>>, project = 'acme/mnist'): Node {
  return withTypeOracle({ refine: (op) => types[op] }, () => graph(text, project));
}
