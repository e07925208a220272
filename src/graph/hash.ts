/**
 * Structural identity of graph nodes: a hash string per node (op name + input hashes; a
 * const's type and value; a var's name and type) and `dedupe`, which rebuilds a graph so
 * that structurally equal nodes are one object — shared subgraphs are then evaluated once.
 */
import { isFunctionLiteral, type Node } from './node.js';

export function hashNode(node: Node, memo: Map<Node, string> = new Map()): string {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let h: string;
  switch (node.nodeType) {
    case 'void':
      h = 'v';
      break;
    case 'var':
      h = `V${JSON.stringify(node.varName)}:${stableJson(node.type)}`;
      break;
    case 'const':
      h = isFunctionLiteral(node)
        ? `F${stableJson(node.type.inputTypes)}(${hashNode(node.val, memo)})`
        : `C${stableJson(node.type)}=${stableJson(node.val)}`;
      break;
    case 'output': {
      const parts = Object.keys(node.fromOp.inputs).map((k) => `${JSON.stringify(k)}:${hashNode(node.fromOp.inputs[k], memo)}`);
      h = `O${node.fromOp.name}{${parts.join(',')}}`;
      break;
    }
  }
  memo.set(node, h);
  return h;
}

/** JSON with object keys in insertion order, dates as ISO strings, NaN/±Infinity distinguishable. */
export function stableJson(v: unknown): string {
  if (v === undefined) return 'u';
  if (typeof v === 'number') return Number.isFinite(v) || Number.isNaN(v) ? (Object.is(v, -0) ? '-0' : String(v)) : String(v);
  if (v instanceof Date) return `D${v.toISOString()}`;
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Returns the roots rebuilt so that equal subgraphs are shared. Function bodies are deduped
 * among themselves too: a var means the same thing wherever its lambda binds it.
 */
export function dedupe(roots: readonly Node[]): Node[] {
  const memo = new Map<Node, string>();
  const canonical = new Map<string, Node>();
  const rebuilt = new Map<Node, Node>();
  const visit = (node: Node): Node => {
    const done = rebuilt.get(node);
    if (done) return done;
    const h = hashNode(node, memo);
    const existing = canonical.get(h);
    if (existing) {
      rebuilt.set(node, existing);
      return existing;
    }
    let out: Node = node;
    if (node.nodeType === 'output') {
      const inputs: Record<string, Node> = Object.create(null);
      let changed = false;
      for (const k of Object.keys(node.fromOp.inputs)) {
        const child = visit(node.fromOp.inputs[k]);
        if (child !== node.fromOp.inputs[k]) changed = true;
        inputs[k] = child;
      }
      if (changed) out = { ...node, fromOp: { name: node.fromOp.name, inputs } };
    } else if (isFunctionLiteral(node)) {
      const body = visit(node.val);
      if (body !== node.val) out = { ...node, val: body };
    }
    canonical.set(h, out);
    rebuilt.set(node, out);
    return out;
  };
  return roots.map(visit);
}
