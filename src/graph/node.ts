/**
 * The op graph: what the checker produces and the executor and planner consume.
 *
 * The shapes follow the reference's wire format (`nodeType`, `fromOp`, `inputs`, `val`,
 * `varName`) so graphs serialize to `{nodes, targetNodes}` without translation.
 * Nodes are immutable; two structurally equal nodes may be shared (see `hash.ts`).
 */
import type { Type } from '../types/index.js';

export interface OutputNode {
  readonly nodeType: 'output';
  readonly type: Type;
  readonly fromOp: Op;
}

export interface Op {
  readonly name: string;
  /** Ordered as the op declares its arguments; the first one is the receiver. */
  readonly inputs: Readonly<Record<string, Node>>;
}

/** A constant. A function literal is a const whose type is a function type and whose `val` is the body node. */
export interface ConstNode {
  readonly nodeType: 'const';
  readonly type: Type;
  readonly val: unknown;
}

export interface VarNode {
  readonly nodeType: 'var';
  readonly type: Type;
  readonly varName: string;
}

/** A hole in an editing graph (an expression that could not be built). */
export interface VoidNode {
  readonly nodeType: 'void';
  readonly type: 'invalid';
}

export type Node = OutputNode | ConstNode | VarNode | VoidNode;

export interface FunctionConstNode extends ConstNode {
  readonly type: { readonly type: 'function'; readonly inputTypes: Readonly<Record<string, Type>>; readonly outputType: Type };
  readonly val: Node;
}

export const VOID: VoidNode = Object.freeze({ nodeType: 'void', type: 'invalid' });

export function constNode(type: Type, val: unknown): ConstNode {
  return { nodeType: 'const', type, val };
}

export function varNode(type: Type, varName: string): VarNode {
  return { nodeType: 'var', type, varName };
}

export function outputNode(name: string, inputs: Record<string, Node>, type: Type): OutputNode {
  return { nodeType: 'output', type, fromOp: { name, inputs } };
}

export function functionNode(inputTypes: Record<string, Type>, body: Node): FunctionConstNode {
  return {
    nodeType: 'const',
    type: { type: 'function', inputTypes, outputType: body.type },
    val: body,
  };
}

export function isFunctionLiteral(node: Node): node is FunctionConstNode {
  return (
    node.nodeType === 'const' &&
    typeof node.type === 'object' &&
    node.type !== null &&
    (node.type as { type?: unknown }).type === 'function'
  );
}

/** Visits every node reachable from `roots`, inputs before consumers, each once (function bodies included). */
export function walkNodes(roots: readonly Node[], visit: (node: Node) => void): void {
  const seen = new Set<Node>();
  const stack: { node: Node; expanded: boolean }[] = roots.map((node) => ({ node, expanded: false })).reverse();
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded) {
      visit(top.node);
      continue;
    }
    if (seen.has(top.node)) continue;
    seen.add(top.node);
    stack.push({ node: top.node, expanded: true });
    const children =
      top.node.nodeType === 'output'
        ? Object.values(top.node.fromOp.inputs)
        : isFunctionLiteral(top.node)
          ? [top.node.val]
          : [];
    for (let i = children.length - 1; i >= 0; i--) {
      if (!seen.has(children[i])) stack.push({ node: children[i], expanded: false });
    }
  }
}
