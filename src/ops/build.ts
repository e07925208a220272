/** Building a typed op node: the one rule the checker and type refinement share. */
import { outputNode, type Node, type OutputNode } from '../graph/node.js';
import { isAssignableTo, type Type } from '../types/index.js';
import type { OpDef } from './opdef.js';

/**
 * The node calling `def` on `inputs`, typed `invalid` when an input is missing, void or does not
 * fit its parameter (`receiverChecked`: the caller already checked the first one).
 */
export function buildOpNode(def: OpDef, inputs: Record<string, Node>, receiverChecked = false): OutputNode {
  const params = def.params;
  for (let i = 0; i < params.length; i++) {
    const name = params[i];
    const input = inputs[name];
    if (!input || input.nodeType === 'void' || (!(receiverChecked && i === 0) && !isAssignableTo(input.type, def.inputTypes[name]))) {
      return outputNode(def.name, inputs, 'invalid');
    }
  }
  // Variadic literals (`list`, `dict`) declare no parameters; every input is fine.
  let type: Type;
  try {
    type = def.outputType(inputs);
  } catch {
    type = 'invalid';
  }
  return outputNode(def.name, inputs, type);
}
