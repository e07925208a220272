/**
 * `map`, `filter` and `sort` over a list of values (`rows["c"].map((x) => …)`,
 * `rows.map(f).filter((x) => …)`) as lambdas over the rows the values come from: the
 * element `x` of `rows["c"]` is `row["c"]` with the row's tag chain, and the element of
 * `rows.map(f)` is `f(row)` (unless the list is tagged and `f` leaves its result untagged:
 * the list tag would then sit on the element alone), so the lambda's body with `x` replaced by that
 * expression is an ordinary row lambda the engine's kernels evaluate. The receiver's graph
 * node tells which expression: a `pick` with a constant key or a `map`, over rows or over
 * such values, possibly behind ops that keep elements as they are (`filter`, `sort`,
 * `dropna`, `unique`, `limit`, `offset`); a chain of maps becomes one composed lambda.
 */
import { functionNode, isFunctionLiteral, outputNode, varNode, type FunctionConstNode, type Node, type OutputNode } from '../../graph/node.js';
import { gather, selectTrue, toJS, type BoolColumn } from '../columnar/index.js';
import { stripTags, untag } from '../../ops/values.js';
import { asLambda, paramOf, usesVar } from './graph-shape.js';
import type { GroupEnv } from './group-map.js';
import type { LVal } from './lambda-values.js';
import { selectMapped, selectRows } from './list-select.js';
import { MappedValues } from './mapped.js';
import { sortRows } from './sort.js';
import { unsupported } from './unsupported.js';
import { ColumnarValues, type ColumnarRows } from './values.js';

/** Ops between the values' source and the lambda op that keep each element as it is. */
const KEEPS_ELEMENTS = new Set(['dropna', 'unique', 'limit', 'offset', 'filter', 'sort']);

/** `map` / `filter` / `sort` over held values. */
export function valuesLambdaOp(env: GroupEnv, name: 'map' | 'filter' | 'sort', recv: ColumnarValues | MappedValues, inputs: Readonly<Record<string, Node>>): unknown {
  const fnNode = name === 'map' ? inputs.mapFn : name === 'filter' ? inputs.filterFn : inputs.compFn;
  const fused = fuse(env, inputs.arr, asLambda(fnNode), recv);
  const rows = recv.rows;
  const lv = env.lambda(rows, fused);
  if (name === 'map') return new MappedValues(lv, rows);
  if (name === 'filter') return restrict(recv, truePositions(lv, rows));
  const dirs = stripTags(env.value(inputs.columnDirs)) ?? [];
  if (!Array.isArray(dirs)) return unsupported('sort directions');
  return restrict(recv, positionsOf(rows, sortRows(rows, lv, dirs, undefined)));
}

/** Op kinds that apply to each element of a list receiver (tags kept per element, the list's on the list). */
const MAPPED_KINDS = new Set(['standard', 'standard-tag', 'equal', 'not-equal']);
/** The element's name in a lambda made for a mapped op (not a name a user variable can have). */
const ELEMENT = '\u0000element';

/**
 * A mapped op over held values (`rows["a"] * 2`, `rows["s"].lower`, `rows.map(f)["k"]`): per
 * element exactly `map((x) => op(x, …))`, when the list has no tag (the lambda would push it
 * onto each element) and the other arguments are constants. The element keeps the list's
 * type, so a resolver run per row sees the input types of the top-level call. Null: not a
 * mapped op.
 */
export function valuesMappedOp(env: GroupEnv, name: string, recv: ColumnarValues | MappedValues, inputs: Readonly<Record<string, Node>>): unknown {
  if (!isMapped(env, name)) return null;
  if (recv.rows.listTag !== undefined) return unsupported('mapped op over a tagged list');
  const recvNode = Object.values(inputs)[0];
  return new MappedValues(env.lambda(recv.rows, fuse(env, recvNode, elementLambda(name, inputs), recv)), recv.rows);
}

function isMapped(env: GroupEnv, name: string): boolean {
  const def = env.options.registry.find(name);
  return def !== undefined && MAPPED_KINDS.has(def.kind);
}

/** `(x) => op(x, …)` for a mapped op whose other arguments are constants. */
function elementLambda(name: string, inputs: Readonly<Record<string, Node>>): FunctionConstNode {
  const [arg0, ...rest] = Object.keys(inputs);
  const recvType = inputs[arg0].type;
  const args: Record<string, Node> = Object.create(null);
  args[arg0] = varNode(recvType, ELEMENT);
  for (const k of rest) {
    const a = inputs[k];
    if (a.nodeType !== 'const' || isFunctionLiteral(a)) return unsupported('mapped op with a computed argument');
    args[k] = a;
  }
  return functionNode({ [ELEMENT]: recvType }, outputNode(name, args, 'any'));
}

/** The lambda over the rows: `fn`'s body with its element replaced by the expression that made it. */
function fuse(env: GroupEnv, arr: Node, fn: FunctionConstNode, recv: ColumnarValues | MappedValues): FunctionConstNode {
  // The row-wise lambda sees a map result's element with the list's tag pushed onto it: that is
  // `f(row)` when there is no list tag, or when `f(row)` already carries the row's chain (which
  // starts with the list tag).
  if (recv instanceof MappedValues && recv.rows.listTag !== undefined) {
    const lv = recv.lv;
    if (lv.k !== 'col' || !lv.tagged || lv.chain !== undefined) return unsupported('untagged map result of a tagged list');
  }
  return compose(fn, rowLambda(env, arr));
}

/**
 * The row lambda giving the elements of the held values `node` evaluates to. Held values come
 * from `map` and from mapped ops (`pick`, arithmetic …), over rows or over held values, and
 * keep their elements through `filter`, `sort`, `dropna`, `unique`, `limit`, `offset`.
 */
function rowLambda(env: GroupEnv, node: Node): FunctionConstNode {
  let src = node;
  while (src.nodeType === 'output' && KEEPS_ELEMENTS.has(src.fromOp.name)) src = Object.values(src.fromOp.inputs)[0];
  if (src.nodeType !== 'output') return unsupported('values of unknown origin');
  const op = src.fromOp;
  const arr = Object.values(op.inputs)[0];
  let lam: FunctionConstNode;
  if (op.name === 'map' && isFunctionLiteral(op.inputs.mapFn)) lam = asLambda(op.inputs.mapFn);
  else if (op.name !== 'flatten' && isMapped(env, op.name)) lam = elementLambda(op.name, op.inputs);
  else return unsupported('values of unknown origin');
  return isRows(env, arr) ? lam : compose(lam, rowLambda(env, arr));
}

/**
 * Does `node` evaluate to rows rather than to values? Values are what `map`, `flatten` and the
 * mapped ops (one result per element) make, kept through the element-keeping ops.
 */
function isRows(env: GroupEnv, node: Node): boolean {
  let n = node;
  while (n.nodeType === 'output' && KEEPS_ELEMENTS.has(n.fromOp.name)) n = Object.values(n.fromOp.inputs)[0];
  if (n.nodeType !== 'output') return true;
  const name = n.fromOp.name;
  return !(name === 'map' || name === 'flatten' || isMapped(env, name));
}

/** `(p) => g(inner(p))`: `g`'s body with its element replaced by `inner`'s body, over `inner`'s parameter. */
function compose(g: FunctionConstNode, inner: FunctionConstNode): FunctionConstNode {
  const x = paramOf(g);
  const p = paramOf(inner);
  if (p !== x && usesVar(g.val, p)) return unsupported('name clash');
  return functionNode({ [p]: inner.type.inputTypes[p] }, substitute(g.val, x, inner.val));
}

/** `n` with the free occurrences of variable `name` replaced by `by` (shared subtrees stay shared). */
function substitute(n: Node, name: string, by: Node): Node {
  const memo = new Map<Node, Node>();
  const walk = (m: Node): Node => {
    const hit = memo.get(m);
    if (hit !== undefined) return hit;
    let r: Node = m;
    if (m.nodeType === 'var' && m.varName === name) r = by;
    else if (m.nodeType === 'output') {
      const inputs: Record<string, Node> = Object.create(null);
      let changed = false;
      for (const [k, v] of Object.entries(m.fromOp.inputs)) {
        const w = walk(v);
        if (w !== v) changed = true;
        Object.defineProperty(inputs, k, { value: w, enumerable: true, writable: true, configurable: true });
      }
      const isPick = m.fromOp.name === 'pick' || m.fromOp.name === 'dict-pick';
      if (changed) r = (isPick ? pickOfDict(inputs) : null) ?? ({ nodeType: 'output', type: m.type, fromOp: { name: m.fromOp.name, inputs } } as OutputNode);
    } else if (isFunctionLiteral(m) && !Object.keys(m.type.inputTypes).includes(name) && usesVar(m.val, name)) {
      // A nested lambda sees the element too: the engine then falls back (nested lambdas have no kernel).
      r = { ...m, val: walk(m.val) };
    }
    memo.set(m, r);
    return r;
  };
  return walk(n);
}

/**
 * `{k: e, …}["k"]` is `e` itself, tags and all (the literal is untagged and `pick` returns the
 * entry as it is): a mapped dict read back by key needs no dict. Plain keys only (a dotted
 * key is a path).
 */
function pickOfDict(inputs: Readonly<Record<string, Node>>): Node | null {
  const [obj, key] = Object.values(inputs);
  if (obj?.nodeType !== 'output' || obj.fromOp.name !== 'dict' || key?.nodeType !== 'const' || typeof key.val !== 'string') return null;
  if (/[.*\\]/.test(key.val) || !Object.prototype.hasOwnProperty.call(obj.fromOp.inputs, key.val)) return null;
  return obj.fromOp.inputs[key.val];
}

/** Positions (list order) where the row-wise filter keeps the element: `Boolean(untag(pred))`. */
function truePositions(pred: LVal, rows: ColumnarRows): Uint32Array {
  const n = rows.length;
  if (pred.k === 'scalar') return Boolean(untag(pred.v)) ? positions(n, () => true) : new Uint32Array(0);
  if (pred.k === 'pertag') {
    const keep = pred.values.map((v) => Boolean(untag(v)));
    const ids = rows.tagIds;
    const sel = rows.sel;
    return positions(n, (k) => keep[ids === null ? 0 : ids[sel === null ? k : sel[k]]]);
  }
  if (pred.k === 'col' && pred.col.kind === 'mixed') {
    const vals = toJS(pred.col, pred.sel);
    return positions(n, (k) => Boolean(untag(vals[k])));
  }
  if (pred.k !== 'col' || pred.col.kind !== 'bool') return unsupported('predicate is not boolean');
  return selectTrue(pred.sel === null ? pred.col : (gather(pred.col, pred.sel) as BoolColumn));
}

function positions(n: number, keep: (k: number) => boolean): Uint32Array {
  const out = new Uint32Array(n);
  let c = 0;
  for (let k = 0; k < n; k++) if (keep(k)) out[c++] = k;
  return out.subarray(0, c);
}

/** The positions (in `rows`' order) of the base rows `sorted` selects. */
function positionsOf(rows: ColumnarRows, sorted: ColumnarRows): Uint32Array {
  const s = sorted.sel ?? positions(sorted.length, () => true);
  if (rows.sel === null) return s;
  const at = new Int32Array(rows.table.length);
  const sel = rows.sel;
  for (let k = 0; k < sel.length; k++) at[sel[k]] = k;
  const out = new Uint32Array(s.length);
  for (let k = 0; k < s.length; k++) out[k] = at[s[k]];
  return out;
}

function restrict(recv: ColumnarValues | MappedValues, pos: Uint32Array): unknown {
  if (recv instanceof ColumnarValues) return new ColumnarValues(recv.col, selectRows(recv.rows, pos));
  const sub = selectMapped(recv.lv, recv.rows, pos);
  return new MappedValues(sub.lv, sub.rows);
}
