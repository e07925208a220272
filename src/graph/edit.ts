/**
 * Graph edits for editors: replace a node, or insert an op after a node. Graphs are
 * immutable; immer produces the new graph with every untouched subgraph shared.
 */
import { produce, type Draft } from 'immer';
import { isFunctionLiteral, outputNode, type Node } from './node.js';

/** `root` with every occurrence of `target` (by identity) replaced by `replacement`. */
export function replaceNode(root: Node, target: Node, replacement: Node): Node {
  if (root === target) return replacement;
  const memo = new Map<Node, Node>();
  const visit = (node: Node): Node => {
    if (node === target) return replacement;
    const done = memo.get(node);
    if (done) return done;
    let out: Node = node;
    if (node.nodeType === 'output') {
      const keys = Object.keys(node.fromOp.inputs);
      const next = keys.map((k) => visit(node.fromOp.inputs[k]));
      if (next.some((n, i) => n !== node.fromOp.inputs[keys[i]])) {
        out = produce(node, (draft) => {
          keys.forEach((k, i) => {
            draft.fromOp.inputs[k] = next[i] as Draft<Node>;
          });
        });
      }
    } else if (isFunctionLiteral(node)) {
      const body = visit(node.val);
      if (body !== node.val) out = produce(node, (draft) => void ((draft as { val: unknown }).val = body));
    }
    memo.set(node, out);
    return out;
  };
  return visit(root);
}

/**
 * Wraps `target` in a call of `opName`: the target becomes the op's first input and the other
 * inputs are given. The result is untyped (`any`) until it is checked again.
 */
export function insertOp(root: Node, target: Node, opName: string, firstArg: string, otherInputs: Record<string, Node> = {}): Node {
  const call = outputNode(opName, { [firstArg]: target, ...otherInputs }, 'any');
  return replaceNode(root, target, call);
}
