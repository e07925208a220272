/**
 * Output-type refinement for the lambda ops, as the reference's `resolveOutputType` does it:
 *
 * - `map` re-types its lambda body once per element with `row` bound to `arr[i]` (the element
 *   type *with* nulls, not the `dropna` frame the checker types lambdas in), and unions the
 *   results; the element count comes from evaluating the list (`none` elements for an empty
 *   list). `[1, null].map((row) => row + 1)` is therefore `List<Maybe<number>>`.
 * - `groupby` re-types its key function with `row` bound to `arr[0]`; `join` each key function
 *   with `row` bound to the first element of its own list; `joinAll` bounds the column lists by
 *   the number of lists.
 *
 * Re-typing substitutes the lambda's parameter in the body graph and recomputes the output type
 * of every op node above it (nested lambdas are re-framed from their new receivers). Evaluation
 * at check time happens only for closed subgraphs (no free variables: literals and ops on them);
 * when a subgraph depends on data (`runs`) or on another lambda's parameter, the static type is
 * used instead.
 */
import { executeNode } from '../exec/rowwise.js';
import { constNode, functionNode, isFunctionLiteral, outputNode, varNode, type Node } from '../graph/node.js';
import { deepEqual, isAssignableTo, isFunctionType, type Type } from '../types/index.js';
import { buildOpNode } from './build.js';
import type { OpDef } from './opdef.js';
import { standardRegistry } from './index.js';
import type { OpRegistry } from './registry.js';
import { untag } from './values.js';

/** The reference caps the number of elements `map` refines its type over. */
export const MAX_REFINE_ELEMENTS = 50;

/** Refinement re-types ops through the standard registry (read lazily: the modules import each other). */
function registry(): OpRegistry | null {
  try {
    return standardRegistry();
  } catch {
    return null;
  }
}

type FnNode = Extract<Node, { nodeType: 'const' }> & {
  readonly type: { readonly type: 'function'; readonly inputTypes: Readonly<Record<string, Type>>; readonly outputType: Type };
  readonly val: Node;
};

export function asFunctionNode(node: Node | undefined): FnNode | null {
  return node && isFunctionLiteral(node) ? (node as FnNode) : null;
}

/** Builds an op node and types it the way the checker does (`invalid` when an input does not fit). */
export function typedOpNode(def: OpDef, inputs: Record<string, Node>): Node {
  return buildOpNode(def, inputs);
}

/** `arr[i]` as a typed node. */
export function indexNode(arr: Node, i: number): Node | null {
  const reg = registry();
  const def = reg?.find('index');
  if (!def) return null;
  const [a, n] = Object.keys(def.inputTypes);
  return typedOpNode(def, { [a as string]: arr, [n as string]: constNode('number', i) });
}

/** The node a lambda argument's first parameter stands for: `receiver.dropna[0]` (`[0][0]` for joinAll). */
function frameNode(def: OpDef, receiver: Node): Node | null {
  const reg = registry();
  const dropna = reg?.find('dropna');
  if (!dropna) return null;
  let node: Node = typedOpNode(dropna, { [Object.keys(dropna.inputTypes)[0] as string]: receiver });
  const first = indexNode(node, 0);
  if (!first) return null;
  node = first;
  if (def.lambdaFrame === 'element-of-element') {
    const inner = indexNode(node, 0);
    if (!inner) return null;
    node = inner;
  }
  return node;
}

/**
 * The lambda's body with its first parameter replaced by `row`, every op above it re-typed.
 * Returns the body unchanged when nothing depends on the parameter.
 */
export function bindFirstParam(fn: FnNode, row: Node): Node {
  const param = Object.keys(fn.type.inputTypes)[0];
  if (param === undefined) return fn.val;
  return substitute(fn.val, new Map([[param, row]]), new Map());
}

/** The output type of the lambda's body with its first parameter bound to `row`. */
export function refinedOutputType(fn: FnNode, row: Node | null): Type {
  // The reference refines only op nodes: a body that is just a variable (`(row) => row`) or a
  // constant keeps the type it was checked with.
  if (!row || fn.val.nodeType !== 'output') return fn.type.outputType;
  try {
    return bindFirstParam(fn, row).type;
  } catch {
    return fn.type.outputType;
  }
}

function substitute(node: Node, subst: ReadonlyMap<string, Node>, memo: Map<Node, Node>): Node {
  const known = memo.get(node);
  if (known) return known;
  let out: Node = node;
  if (node.nodeType === 'var') {
    out = subst.get(node.varName) ?? node;
  } else if (node.nodeType === 'const') {
    const fn = asFunctionNode(node);
    if (fn) {
      const params = Object.keys(fn.type.inputTypes);
      const inner = new Map([...subst].filter(([name]) => !params.includes(name)));
      if (inner.size > 0) {
        const body = substitute(fn.val, inner, new Map());
        if (body !== fn.val) out = functionNode({ ...fn.type.inputTypes }, body);
      }
    }
  } else if (node.nodeType === 'output') {
    const names = Object.keys(node.fromOp.inputs);
    const inputs: Record<string, Node> = {};
    let changed = false;
    for (const n of names) {
      const input = node.fromOp.inputs[n] as Node;
      const next = substitute(input, subst, memo);
      if (next !== input) changed = true;
      inputs[n] = next;
    }
    if (changed) out = retype(node.fromOp.name, inputs, node.type);
  }
  memo.set(node, out);
  return out;
}

/** Re-types an op node whose inputs changed; lambda arguments are re-framed from the new receiver. */
function retype(name: string, inputs: Record<string, Node>, previous: Type): Node {
  const def = registry()?.find(name);
  if (!def) return outputNode(name, inputs, previous);
  const names = Object.keys(inputs);
  const receiver = names.length > 0 ? inputs[names[0] as string] : undefined;
  if (receiver) {
    for (const n of names.slice(1)) {
      const fn = asFunctionNode(inputs[n]);
      if (!fn || !isFunctionType(def.inputTypes[n] as Type)) continue;
      const frame = frameNode(def, receiver);
      const param = Object.keys(fn.type.inputTypes)[0];
      if (!frame || param === undefined || deepEqual(fn.type.inputTypes[param] as Type, frame.type)) continue;
      const body = substitute(fn.val, new Map([[param, varNode(frame.type, param)]]), new Map());
      inputs[n] = functionNode({ ...fn.type.inputTypes, [param]: frame.type }, body);
    }
  }
  return typedOpNode(def, inputs);
}

/** Does the graph under `node` read a variable it does not bind itself? */
export function hasFreeVariables(node: Node, bound: ReadonlySet<string> = new Set(), seen = new Set<Node>()): boolean {
  if (node.nodeType === 'var') return !bound.has(node.varName);
  if (node.nodeType === 'void') return true;
  if (seen.has(node)) return false;
  seen.add(node);
  if (node.nodeType === 'const') {
    const fn = asFunctionNode(node);
    if (!fn) return false;
    const inner = new Set([...bound, ...Object.keys(fn.type.inputTypes)]);
    return hasFreeVariables(fn.val, inner, new Set());
  }
  return Object.values(node.fromOp.inputs).some((input) => hasFreeVariables(input, bound, seen));
}

/**
 * The value of a closed subgraph, evaluated at check time, or `undefined` when it cannot be
 * evaluated here (it reads variables, or fails).
 */
export function evaluateClosed(node: Node): { readonly value: unknown } | undefined {
  const reg = registry();
  if (!reg || hasFreeVariables(node)) return undefined;
  try {
    return { value: executeNode(node, { registry: reg }) };
  } catch {
    return undefined;
  }
}

/** `count` of a closed list subgraph (null for a null list), or undefined when unknown. */
export function closedListCount(node: Node): number | null | undefined {
  const result = evaluateClosed(node);
  if (!result) return undefined;
  const v = untag(result.value);
  return Array.isArray(v) ? v.length : null;
}
