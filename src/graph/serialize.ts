/**
 * The reference's wire format for graphs: `{nodes: [...], targetNodes: [...]}`, where
 * `nodes` holds nodes and ops side by side and every reference is an index into it.
 *
 * `toWire` assigns indices depth-first on first sight (node, its op, the op's inputs in
 * argument order; a lambda visits its body), sharing equal subgraphs. `fromWire` accepts any
 * order, validates everything (indices, cycles, shapes, types) and reports the JSON path of
 * the first problem.
 */
import { fromWeaveTypeJson, toWeaveTypeJson, type Type } from '../types/index.js';
import { hashNode } from './hash.js';
import { isFunctionLiteral, VOID, type Node } from './node.js';

export type WireItem =
  | { nodeType: 'output'; fromOp: number; type: unknown; id?: string }
  | { nodeType: 'const'; type: unknown; val: unknown }
  | { nodeType: 'var'; type: unknown; varName: string }
  | { nodeType: 'void'; type?: unknown }
  | { name: string; inputs: Record<string, number> };

export interface WireGraph {
  nodes: WireItem[];
  targetNodes: number[];
}

export class WireFormatError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'WireFormatError';
  }
}

export function toWire(targets: readonly Node[]): WireGraph {
  const nodes: WireItem[] = [];
  const indexByHash = new Map<string, number>();
  const memo = new Map<Node, string>();
  const add = (node: Node): number => {
    const h = hashNode(node, memo);
    const known = indexByHash.get(h);
    if (known !== undefined) return known;
    const index = nodes.length;
    indexByHash.set(h, index);
    nodes.push({ nodeType: 'void' }); // placeholder, filled below (keeps depth-first numbering)
    switch (node.nodeType) {
      case 'void':
        nodes[index] = { nodeType: 'void', type: 'invalid' };
        break;
      case 'var':
        nodes[index] = { nodeType: 'var', type: toWeaveTypeJson(node.type), varName: node.varName };
        break;
      case 'const':
        if (isFunctionLiteral(node)) {
          const body = node.val;
          const item: WireItem = { nodeType: 'const', type: toWeaveTypeJson(node.type), val: null };
          nodes[index] = item;
          if (body.nodeType === 'output') {
            const bodyIndex = add(body);
            (item as { val: unknown }).val = { nodeType: 'output', fromOp: (nodes[bodyIndex] as { fromOp: number }).fromOp };
          } else {
            (item as { val: unknown }).val = nodes[add(body)];
          }
        } else {
          nodes[index] = { nodeType: 'const', type: toWeaveTypeJson(node.type), val: encodeConst(node.val) };
        }
        break;
      case 'output': {
        const opIndex = nodes.length;
        nodes.push({ name: node.fromOp.name, inputs: {} });
        nodes[index] = { nodeType: 'output', fromOp: opIndex, type: toWeaveTypeJson(node.type), id: h.length > 64 ? shortHash(h) : h };
        const inputs: Record<string, number> = Object.create(null);
        for (const k of Object.keys(node.fromOp.inputs)) inputs[k] = add(node.fromOp.inputs[k]);
        nodes[opIndex] = { name: node.fromOp.name, inputs };
        break;
      }
    }
    return index;
  };
  const targetNodes = targets.map(add);
  return { nodes, targetNodes };
}

function encodeConst(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v;
}

function shortHash(s: string): string {
  // FNV-1a, 2×32 bits: a compact id for long hashes (ids are informational).
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

const MAX_ITEMS = 100_000;

/** Parses a wire graph; throws `WireFormatError` naming the JSON path of the first problem. */
export function fromWire(json: unknown): Node[] {
  if (!isRecord(json)) throw new WireFormatError('$', 'expected an object with "nodes" and "targetNodes"');
  const items = json.nodes;
  const targets = json.targetNodes ?? json.rootNodes;
  if (!Array.isArray(items)) throw new WireFormatError('$.nodes', 'expected an array');
  if (items.length > MAX_ITEMS) throw new WireFormatError('$.nodes', `more than ${MAX_ITEMS} items`);
  if (!Array.isArray(targets)) throw new WireFormatError('$.targetNodes', 'expected an array of node indices');
  const built = new Map<number, Node>();
  const inProgress = new Set<number>();

  const item = (i: unknown, path: string): Record<string, unknown> => {
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= items.length) {
      throw new WireFormatError(path, `expected an index into nodes (0…${items.length - 1}), got ${JSON.stringify(i)}`);
    }
    const it = items[i];
    if (!isRecord(it)) throw new WireFormatError(`$.nodes[${i}]`, 'expected an object');
    return it;
  };

  const type = (t: unknown, path: string): Type => {
    try {
      return fromWeaveTypeJson(t);
    } catch (e) {
      throw new WireFormatError(`${path}.type`, e instanceof Error ? e.message : String(e));
    }
  };

  // Iterative over an explicit stack would be ideal; graphs are bounded by MAX_ITEMS and the
  // depth is checked, so recursion with a depth guard stays safe.
  const node = (i: unknown, path: string, depth: number): Node => {
    if (depth > 2000) throw new WireFormatError(path, 'graph nested deeper than 2000 levels');
    const it = item(i, path);
    const index = i as number;
    const done = built.get(index);
    if (done) return done;
    const here = `$.nodes[${index}]`;
    if (inProgress.has(index)) throw new WireFormatError(here, 'the graph has a cycle through this node');
    inProgress.add(index);
    let result: Node;
    switch (it.nodeType) {
      case 'void':
        result = VOID;
        break;
      case 'var':
        if (typeof it.varName !== 'string') throw new WireFormatError(`${here}.varName`, 'expected a string');
        result = { nodeType: 'var', type: type(it.type, here), varName: it.varName };
        break;
      case 'const': {
        const t = type(it.type, here);
        if (typeof t === 'object' && t.type === 'function') {
          const body = it.val;
          if (!isRecord(body)) throw new WireFormatError(`${here}.val`, 'a function const needs a body node');
          const bodyNode =
            body.nodeType === 'output' && typeof body.fromOp === 'number'
              ? opNode(body.fromOp, `${here}.val.fromOp`, depth + 1, body.type)
              : inlineNode(body, `${here}.val`, depth + 1);
          result = { nodeType: 'const', type: t, val: bodyNode };
        } else {
          result = { nodeType: 'const', type: t, val: t === 'date' && typeof it.val === 'string' ? new Date(it.val) : it.val };
        }
        break;
      }
      case 'output':
        result = opNode(it.fromOp, `${here}.fromOp`, depth + 1, it.type);
        break;
      default:
        throw new WireFormatError(`${here}.nodeType`, `expected "output", "const", "var" or "void", got ${JSON.stringify(it.nodeType)}`);
    }
    inProgress.delete(index);
    built.set(index, result);
    return result;
  };

  const opNode = (opIndex: unknown, path: string, depth: number, rawType: unknown): Node => {
    const op = item(opIndex, path);
    const here = `$.nodes[${opIndex as number}]`;
    if (typeof op.name !== 'string') throw new WireFormatError(`${here}.name`, 'expected an op name');
    if (!isRecord(op.inputs)) throw new WireFormatError(`${here}.inputs`, 'expected an object of input indices');
    const inputs: Record<string, Node> = {};
    for (const k of Object.keys(op.inputs)) {
      const child = node(op.inputs[k], `${here}.inputs.${k}`, depth + 1);
      Object.defineProperty(inputs, k, { value: child, enumerable: true, writable: true, configurable: true });
    }
    return { nodeType: 'output', type: rawType === undefined ? 'any' : type(rawType, here), fromOp: { name: op.name, inputs } };
  };

  const inlineNode = (raw: Record<string, unknown>, path: string, depth: number): Node => {
    if (raw.nodeType === 'var' && typeof raw.varName === 'string') return { nodeType: 'var', type: type(raw.type, path), varName: raw.varName };
    if (raw.nodeType === 'const') return { nodeType: 'const', type: type(raw.type, path), val: raw.val };
    if (raw.nodeType === 'void') return VOID;
    throw new WireFormatError(path, 'expected a node');
    void depth;
  };

  return targets.map((t, i) => node(t, `$.targetNodes[${i}]`, 0));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
