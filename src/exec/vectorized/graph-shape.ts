/** Questions about the shape of a typed graph that decide which kernel path applies. */
import { isFunctionLiteral, type FunctionConstNode, type Node, type OutputNode } from '../../graph/node.js';
import { unsupported } from './unsupported.js';

export function asLambda(n: Node): FunctionConstNode {
  if (!isFunctionLiteral(n)) return unsupported('lambda argument is not a literal');
  if (Object.keys(n.type.inputTypes).length < 1) return unsupported('lambda without parameters');
  return n;
}

export function paramOf(fn: FunctionConstNode): string {
  return Object.keys(fn.type.inputTypes)[0];
}

export function isVar(n: Node | undefined, name: string): boolean {
  return n !== undefined && n.nodeType === 'var' && n.varName === name;
}

export function isPickOf(n: Node | undefined, param: string): n is OutputNode {
  return n !== undefined && n.nodeType === 'output' && (n.fromOp.name === 'pick' || n.fromOp.name === 'dict-pick') && isVar(Object.values(n.fromOp.inputs)[0], param) && n.fromOp.inputs.key?.nodeType === 'const';
}

export function isGroupby(n: Node | undefined): n is OutputNode {
  return n !== undefined && n.nodeType === 'output' && n.fromOp.name === 'groupby';
}

export function usesVar(n: Node, name: string): boolean {
  if (n.nodeType === 'var') return n.varName === name;
  if (n.nodeType === 'output') return Object.values(n.fromOp.inputs).some((i) => usesVar(i, name));
  if (isFunctionLiteral(n)) return !Object.keys(n.type.inputTypes).includes(name) && usesVar(n.val, name);
  return false;
}

/** Does a row-independent subtree use a variable that is not a root variable (an outer lambda's)? */
export function usesAnyVarOtherThanRoot(n: Node, vars: Readonly<Record<string, unknown>>): boolean {
  if (n.nodeType === 'var') return !Object.prototype.hasOwnProperty.call(vars, n.varName);
  if (n.nodeType === 'output') return Object.values(n.fromOp.inputs).some((i) => usesAnyVarOtherThanRoot(i, vars));
  return false;
}

export function inputTypesOf(n: OutputNode): Record<string, Node['type']> {
  const t: Record<string, Node['type']> = Object.create(null);
  for (const [k, v] of Object.entries(n.fromOp.inputs)) t[k] = v.type;
  return t;
}
