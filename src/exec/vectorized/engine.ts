/**
 * The vectorized executor: runs a typed graph over columnar row lists with the columnar
 * kernels, and every op it has no kernel for through the row-wise resolver (that op only,
 * its columnar inputs materialized; each such fallback is counted). See docs/vectorized.md.
 */
import { constNode, isFunctionLiteral, type FunctionConstNode, type Node, type OutputNode } from '../../graph/node.js';
import { executeNode, RuntimeError, type ExecuteOptions } from '../rowwise.js';
import { stripTags, tagValue, untag } from '../../ops/values.js';
import type { LambdaFn } from '../../ops/opdef.js';
import { gather, mixedColumn, reduce, selectCompare, selectTrue, sliceSelection, toJS, type BoolColumn } from '../columnar/index.js';
import { bodyKernel, type BodyFrame } from './body-kernels.js';
import { asLambda, inputTypesOf, isGroupby, isPickOf, paramOf, usesAnyVarOtherThanRoot, usesVar } from './graph-shape.js';
import { tagGetterOverRows } from './tag-getter.js';
import { asNumbers, pickColumn, reader, reduceNulls, scalar, tagChains, type LVal } from './lambda-values.js';
import { CMP, REDUCE } from './op-tables.js';
import { concatRowLists, columnarFromValue, ROW_SOURCE_OPS } from './sources.js';
import { NOT_HELD, tableRowsFromInput } from './table-sources.js';
import { concatHeldHistories, HISTORY_OPS, holdingHistories } from './history-source.js';
import { filterGroups, groupMapFused, GroupedRows, groupsOf, mapGroups, type GroupEnv } from './group-map.js';
import { joinPick, joinRows, keyFrame } from './join.js';
import { identity, sortRows } from './sort.js';
import { Unsupported, unsupported } from './unsupported.js';
import { MappedValues } from './mapped.js';
import { listOpKernel, NOT_LISTED } from './list-ops.js';
import { ColumnarRows, ColumnarValues, isColumnar, LazyList, materialize, materializePlain } from './values.js';

export interface VectorizedStats {
  /** Ops that ran as kernels. */
  vectorized: number;
  /** Ops with columnar inputs that ran through the row-wise resolver. */
  fallbacks: number;
  /** Names of the ops that fell back, in order (with the reason). */
  readonly fallbackOps: string[];
}

export interface VectorizedOptions extends ExecuteOptions {
  /** Turn every fallback into an error (tests). */
  readonly strict?: boolean;
  /** Row lists shorter than this stay row-wise (default 0: every eligible list is columnar). */
  readonly threshold?: number;
  /** Filled with counters when given. */
  readonly stats?: VectorizedStats;
}

export function newStats(): VectorizedStats {
  return { vectorized: 0, fallbacks: 0, fallbackOps: [] };
}

/** Raised in strict mode when an op would fall back. */
export class FallbackError extends Error {
  constructor(
    readonly opName: string,
    readonly reason: string,
  ) {
    super(`vectorized: ${opName} fell back to the row-wise resolver (${reason})`);
    this.name = 'FallbackError';
  }
}

// --------------------------------------------------------------------------------------

/** Evaluates `node` with the vectorized engine; the result keeps its tags, as `executeNode`'s. */
export function executeVectorizedGraph(node: Node, options: VectorizedOptions): unknown {
  const ex = new Executor(options);
  return materialize(ex.eval(node));
}

/** `stripTags(executeVectorizedGraph(node, options))`, without building tagged values for columnar results. */
export function executeVectorizedGraphPlain(node: Node, options: VectorizedOptions): unknown {
  const ex = new Executor(options, node);
  return materializePlain(ex.eval(node));
}

class Executor {
  private readonly memo = new Map<Node, unknown>();
  private readonly maybeColumnar = new Map<Node, boolean>();
  readonly stats: VectorizedStats;
  private readonly vars: Readonly<Record<string, unknown>>;
  /** False while evaluating a lambda whose result is only read for its value (filter, sort). */
  private tagsMatter = true;

  constructor(
    private readonly options: VectorizedOptions,
    /** The root of a graph whose result is wanted without tags: its kernel may skip building them. */
    private readonly plainRoot: Node | null = null,
  ) {
    this.stats = options.stats ?? newStats();
    this.vars = options.variables ?? {};
  }

  /** Could evaluating this subtree produce a columnar value? (a `concat`, or a variable holding rows) */
  private canBeColumnar(node: Node): boolean {
    const known = this.maybeColumnar.get(node);
    if (known !== undefined) return known;
    let r = false;
    if (node.nodeType === 'var') r = columnarFromValue(this.vars[node.varName], this.options.threshold ?? 0) !== null;
    else if (node.nodeType === 'output') {
      if (node.fromOp.name === 'concat' || ROW_SOURCE_OPS.has(node.fromOp.name)) r = true;
      else for (const input of Object.values(node.fromOp.inputs)) if (this.canBeColumnar(input)) r = true;
    }
    this.maybeColumnar.set(node, r);
    return r;
  }

  eval(node: Node): unknown {
    if (this.memo.has(node)) return this.memo.get(node);
    let v: unknown;
    if (!this.canBeColumnar(node)) v = executeNode(node, this.options);
    else if (node.nodeType === 'var') v = columnarFromValue(this.vars[node.varName], this.options.threshold ?? 0);
    else if (node.nodeType === 'output') v = this.evalOp(node);
    else v = executeNode(node, this.options);
    this.memo.set(node, v);
    return v;
  }

  private evalOp(node: OutputNode): unknown {
    try {
      const r = this.kernel(node);
      this.stats.vectorized++;
      return r;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      return this.fallback(node, e.message);
    }
  }

  /** Runs one op through the row-wise executor, its inputs evaluated here and materialized. */
  private fallback(node: OutputNode, reason: string): unknown {
    const inputs: Record<string, Node> = Object.create(null);
    let columnar = false;
    for (const [name, input] of Object.entries(node.fromOp.inputs)) {
      if (isFunctionLiteral(input) || !this.canBeColumnar(input)) {
        Object.defineProperty(inputs, name, { value: input, enumerable: true, writable: true, configurable: true });
        continue;
      }
      const v = this.eval(input);
      if (isColumnar(v) || v instanceof LazyList) columnar = true;
      Object.defineProperty(inputs, name, { value: constNode(input.type, materialize(v)), enumerable: true, writable: true, configurable: true });
    }
    if (columnar) {
      if (this.options.strict) throw new FallbackError(node.fromOp.name, reason);
      this.stats.fallbacks++;
      this.stats.fallbackOps.push(`${node.fromOp.name}: ${reason}`);
    }
    const one: OutputNode = { nodeType: 'output', type: node.type, fromOp: { name: node.fromOp.name, inputs } };
    const spans = this.options.spans;
    const span = spans?.get(node);
    try {
      const result = executeNode(one, { ...this.options, spans: span ? new Map([[one as Node, span]]) : undefined });
      // A row list made by a row-wise op (a `concat` of small lists …) may feed kernels later.
      return result;
    } catch (e) {
      if (e instanceof RuntimeError && e.span === null && span) throw new RuntimeError(e.message, e.opName, span, e.cause);
      throw e;
    }
  }

  // ------------------------------------------------------------------ top-level kernels

  private kernel(node: OutputNode): unknown {
    const name = node.fromOp.name;
    const inputs = node.fromOp.inputs;
    const first = Object.values(inputs)[0];
    if (name === 'concat') return this.concat(first);
    if (ROW_SOURCE_OPS.has(name)) {
      // Table rows come from the tables as columns, without running the per-row resolver.
      const held = tableRowsFromInput(name, Object.values(inputs).map((n) => materialize(this.eval(n))), this.options.data, this.options.threshold ?? 0);
      return held !== NOT_HELD ? held : this.fallback(node, 'table cells that are not row arrays, a join key without kernel, or no W&B data');
    }
    if (name === 'map' && isGroupby(first) && !this.memo.has(first)) {
      const gb = first.fromOp.inputs;
      return groupMapFused(this.groupEnv(), this.rowsOf(gb.arr), asLambda(gb.groupByFn), asLambda(inputs.mapFn), node === this.plainRoot);
    }
    if (name === 'groupby') return new GroupedRows(groupsOf(this.groupEnv(), this.rowsOf(first), asLambda(inputs.groupByFn)), []).all();
    if (name === 'limit' && first.nodeType === 'output' && first.fromOp.name === 'sort' && !this.memo.has(first) && this.eval(first.fromOp.inputs.arr) instanceof ColumnarRows) {
      const n = this.constNumber(inputs.limit);
      const rows = this.rowsOf(first.fromOp.inputs.arr);
      return this.sort(rows, first.fromOp.inputs.compFn, first.fromOp.inputs.columnDirs, n);
    }
    if (name === 'join') return this.join(node);
    const recv = this.eval(first);
    if (recv instanceof GroupedRows && name === 'map') return mapGroups(this.groupEnv(), recv, asLambda(inputs.mapFn));
    if (recv instanceof GroupedRows && name === 'filter') return filterGroups(this.groupEnv(), recv, asLambda(inputs.filterFn));
    if (recv instanceof GroupedRows && name === 'count') return tagValue(recv.groups.rows.listTag, recv.order.length);
    if (recv instanceof MappedValues && name === 'count') return tagValue(recv.rows.listTag, recv.rows.length);
    if (recv instanceof MappedValues && REDUCE[name] !== undefined && recv.lv.k === 'col') {
      const col = asNumbers(recv.lv.col, recv.lv.sel);
      const r = col === null ? reduceNulls(REDUCE[name], recv.rows.length) : reduce(REDUCE[name], col, recv.lv.sel);
      return tagValue(recv.rows.listTag, r);
    }
    const listed = listOpKernel(this.groupEnv(), name, recv, inputs);
    if (listed !== NOT_LISTED) return listed;
    if (!isColumnar(recv)) return unsupported('receiver not columnar');
    if (name === 'pick' || name === 'dict-pick') {
      if (!(recv instanceof ColumnarRows)) return unsupported('pick of values');
      const key = this.constKey(inputs.key);
      return new ColumnarValues(pickColumn(recv.table, key, recv.table.length, null), recv);
    }
    const def = this.options.registry.find(name);
    if (def !== undefined && def.kind === 'tag-getter' && Object.keys(inputs).length === 1) return tagGetterOverRows(def, node, recv instanceof ColumnarRows ? recv : recv.rows, this.options.data);
    if (name === 'count') return tagValue(recv instanceof ColumnarRows ? recv.listTag : recv.rows.listTag, recv instanceof ColumnarRows ? recv.length : recv.rows.length);
    const op = REDUCE[name];
    if (op !== undefined) {
      if (!(recv instanceof ColumnarValues)) return unsupported('reduce of rows');
      const col = asNumbers(recv.col, recv.sel);
      const r = col === null ? reduceNulls(op, recv.rows.length) : reduce(op, col, col === recv.col ? recv.sel : null);
      return tagValue(recv.rows.listTag, r);
    }
    if (!(recv instanceof ColumnarRows)) return unsupported('no kernel');
    switch (name) {
      case 'filter':
        return this.filter(recv, inputs.filterFn);
      case 'map':
        return this.map(recv, inputs.mapFn);
      case 'sort':
        return this.sort(recv, inputs.compFn, inputs.columnDirs, undefined);
      case 'limit':
      case 'offset': {
        const n = this.constNumber(name === 'limit' ? inputs.limit : inputs.offset);
        const len = recv.length;
        const start = name === 'limit' ? 0 : clampSlice(n, len);
        const end = name === 'limit' ? clampSlice(n, len) : len;
        return recv.withSel(sliceSelection(recv.sel, recv.table.length, start, Math.max(start, end)));
      }
      default:
        return unsupported('no kernel');
    }
  }

  /** `join` by hashing; the result keeps both sides (see join.ts). */
  private join(node: OutputNode): ColumnarRows {
    const ins = node.fromOp.inputs;
    const left = this.rowsOrIngest(ins.arr1);
    const right = this.rowsOrIngest(ins.arr2);
    const flag = (n: Node): boolean => Boolean(stripTags(materialize(this.eval(n))));
    const text = (n: Node): string => String(stripTags(materialize(this.eval(n))));
    const lk = this.valueLambda(keyFrame(left), asLambda(ins.join1Fn));
    const rk = this.valueLambda(keyFrame(right), asLambda(ins.join2Fn));
    return joinRows(left, right, lk, rk, [text(ins.alias1), text(ins.alias2)], flag(ins.leftOuter), flag(ins.rightOuter));
  }

  /** A row list as columns: columnar already, or a JS row list of any length ingested now. */
  private rowsOrIngest(node: Node): ColumnarRows {
    const v = this.eval(node);
    if (v instanceof ColumnarRows) return v;
    return columnarFromValue(v, 0) ?? unsupported('not a row list');
  }

  private rowsOf(node: Node): ColumnarRows {
    const v = this.eval(node);
    if (!(v instanceof ColumnarRows)) return unsupported('not a columnar row list');
    return v;
  }

  private constNumber(node: Node): number {
    const v = node.nodeType === 'const' ? node.val : this.eval(node);
    if (typeof v !== 'number' || !Number.isInteger(v)) return unsupported('non-integer count');
    return v;
  }

  private constKey(node: Node): string {
    const v = node.nodeType === 'const' ? node.val : this.eval(node);
    if (typeof v !== 'string' || v.includes('.') || v.includes('*') || v.includes('\\')) return unsupported('key is not a plain string');
    return v;
  }

  /** `concat` of row lists (each possibly tagged: history rows remember their run; table rows their table). */
  private concat(arrNode: Node): unknown {
    const threshold = this.options.threshold ?? 0;
    const held = this.heldHistories(arrNode);
    const rows = held === null ? null : concatHeldHistories(held, threshold);
    return rows ?? concatRowLists(this.eval(arrNode), threshold) ?? unsupported('concat of non-row lists, or below the threshold');
  }

  /**
   * `runs.history` with each run's history held as columns from its row texts
   * (history-source.ts), or null when the node is not a history op. Only this one op sees the
   * capability (its runs are evaluated first), and the result is not memoized: held histories
   * are for `concat` alone.
   */
  private heldHistories(node: Node): unknown {
    const data = this.options.data;
    if (node.nodeType !== 'output' || !HISTORY_OPS.has(node.fromOp.name) || this.memo.has(node) || data == null) return null;
    const inputs: Record<string, Node> = Object.create(null);
    for (const [name, input] of Object.entries(node.fromOp.inputs)) {
      Object.defineProperty(inputs, name, { value: constNode(input.type, materialize(this.eval(input))), enumerable: true, writable: true, configurable: true });
    }
    const one: OutputNode = { nodeType: 'output', type: node.type, fromOp: { name: node.fromOp.name, inputs } };
    try {
      return executeNode(one, { ...this.options, data: holdingHistories(data) });
    } catch {
      return null; // the ordinary path reports the error, with its place in the expression
    }
  }

  // ------------------------------------------------------------------ lambda ops

  private filter(rows: ColumnarRows, fnNode: Node): ColumnarRows {
    const fn = asLambda(fnNode);
    const body = fn.val;
    // Fused `row["c"] <op> number`.
    if (body.nodeType === 'output' && CMP[body.fromOp.name] !== undefined) {
      const [l, r] = Object.values(body.fromOp.inputs);
      const param = paramOf(fn);
      if (isPickOf(l, param) && r.nodeType === 'const' && (typeof r.val === 'number' || r.val === null)) {
        const key = this.constKey(l.fromOp.inputs.key);
        const col = rows.table.column(key);
        if (col !== undefined && col.kind === 'number') {
          return rows.withSel(selectCompare(CMP[body.fromOp.name], col, r.val as number | null, rows.sel));
        }
      }
    }
    const pred = this.valueLambda(rows, fn);
    if (pred.k === 'scalar') {
      const keep = Boolean(untag(pred.v));
      return rows.withSel(keep ? rows.sel ?? identity(rows.table.length) : new Uint32Array(0));
    }
    if (pred.k === 'pertag') {
      const keepTag = pred.values.map((v) => Boolean(untag(v)));
      const ids = rows.tagIds;
      const n = rows.length;
      const keep: number[] = [];
      for (let k = 0; k < n; k++) {
        const i = rows.sel === null ? k : rows.sel[k];
        if (keepTag[ids === null ? 0 : ids[i]]) keep.push(i);
      }
      return rows.withSel(Uint32Array.from(keep));
    }
    if (pred.k === 'col' && pred.col.kind === 'mixed') {
      const vals = toJS(pred.col, pred.sel);
      const keep: number[] = [];
      for (let k = 0; k < vals.length; k++) if (untag(vals[k])) keep.push(rows.sel === null ? k : rows.sel[k]);
      return rows.withSel(Uint32Array.from(keep));
    }
    if (pred.k !== 'col' || pred.col.kind !== 'bool') return unsupported('predicate is not boolean');
    const compact = pred.sel === null ? pred.col : (gather(pred.col, pred.sel) as BoolColumn);
    return rows.withSel(selectTrue(compact as BoolColumn, rows.sel));
  }

  /** The body as kernels; the result's JS values are built when a consumer asks (see mapped.ts). */
  private map(rows: ColumnarRows, fnNode: Node): MappedValues {
    return new MappedValues(this.lambda(rows, asLambda(fnNode)), rows);
  }

  private sort(rows: ColumnarRows, fnNode: Node, dirsNode: Node, limit: number | undefined): ColumnarRows {
    const fn = asLambda(fnNode);
    const dirs = stripTags(materialize(this.eval(dirsNode)));
    if (!Array.isArray(dirs)) return unsupported('sort directions');
    return sortRows(rows, this.valueLambda(rows, fn), dirs, limit);
  }

  /** What the group paths (group-map.ts) need of the engine. */
  private groupEnv(): GroupEnv {
    return {
      options: this.options,
      vars: this.vars,
      value: (n) => materialize(this.eval(n)),
      constKey: (n) => this.constKey(n),
      lambda: (rows, fn) => this.lambda(rows, fn),
      rowwiseLambda: (fn) => executeNode(fn, this.options) as LambdaFn,
      fellBack: (op, reason) => this.countFallback(op, reason),
    };
  }

  private countFallback(op: string, reason: string): void {
    if (this.options.strict) throw new FallbackError(op, reason);
    this.stats.fallbacks++;
    this.stats.fallbackOps.push(`${op}: ${reason}`);
  }

  // ------------------------------------------------------------------ lambda bodies

  /** A lambda whose result's tags are never read (filter predicates, sort keys). */
  private valueLambda(rows: ColumnarRows, fn: FunctionConstNode): LVal {
    const before = this.tagsMatter;
    this.tagsMatter = false;
    try {
      return this.lambda(rows, fn);
    } finally {
      this.tagsMatter = before;
    }
  }

  private lambda(rows: ColumnarRows, fn: FunctionConstNode): LVal {
    const param = paramOf(fn);
    const memo = new Map<Node, LVal>();
    const ev = (n: Node): LVal => {
      const hit = memo.get(n);
      if (hit) return hit;
      const r = this.body(n, param, rows, ev);
      memo.set(n, r);
      return r;
    };
    return ev(fn.val);
  }

  private body(n: Node, param: string, rows: ColumnarRows, ev: (n: Node) => LVal): LVal {
    if (n.nodeType === 'var') {
      if (n.varName === param) return { k: 'row' };
      return unsupported(`variable ${n.varName} in a lambda`);
    }
    if (n.nodeType === 'const') {
      if (isFunctionLiteral(n)) return unsupported('nested lambda');
      return scalar(n.val);
    }
    if (n.nodeType !== 'output') return unsupported('void');
    if (!usesVar(n, param)) {
      // Independent of the row: evaluated once, at the top level.
      if (usesAnyVarOtherThanRoot(n, this.vars)) return unsupported('free lambda variable');
      return scalar(materialize(this.eval(n)));
    }
    const args = Object.values(n.fromOp.inputs);
    const a = args.map(ev);
    try {
      if (rows.join !== null && (n.fromOp.name === 'pick' || n.fromOp.name === 'dict-pick') && n.fromOp.inputs.key?.nodeType === 'const') {
        const jp = joinPick(rows, a, this.constKey(n.fromOp.inputs.key));
        if (jp !== null) return jp;
      }
      const r = bodyKernel(n, a, this.frame(rows));
      // An op keeps its receiver's tags: a custom tag chain (a pick through a tagged join side) goes along.
      const a0 = a[0];
      if (r.k === 'col' && r.tagged && r.chain === undefined && a0 !== undefined && a0.k === 'col' && a0.chain !== undefined) return { ...r, chain: a0.chain };
      return r;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      return this.rowFallback(n, a, rows);
    }
  }

  private frame(rows: ColumnarRows): BodyFrame {
    return {
      rows,
      tagsMatter: this.tagsMatter,
      perTag: (n, a) => this.perTag(n, a, rows),
      constKey: (k) => this.constKey(k),
      resolveScalar: (n, vals) => this.resolveScalar(n, vals),
    };
  }

  /**
   * Ops that read only the row's tags (a tag getter on the row), or only such values and
   * constants, run once per distinct tag (exact: the row-wise resolver on the row-wise inputs).
   */
  private perTag(n: OutputNode, a: readonly LVal[], rows: ColumnarRows): LVal | null {
    const def = this.options.registry.find(n.fromOp.name);
    if (def === undefined) return null;
    const chains = tagChains(rows);
    let any = false;
    if (def.kind === 'tag-getter' && a.length === 1 && a[0].k === 'row') {
      any = true;
    } else {
      for (const lv of a) {
        if (lv.k === 'pertag') any = true;
        else if (lv.k !== 'scalar') return null;
      }
    }
    if (!any) return null;
    const names = Object.keys(n.fromOp.inputs);
    const ctx = { inputTypes: inputTypesOf(n), data: this.options.data ?? null };
    const values = chains.map((chain, t) => {
      const inputs: Record<string, unknown> = Object.create(null);
      names.forEach((k, j) => {
        const lv = a[j];
        inputs[k] = lv.k === 'row' ? tagValue(chain, {}) : lv.k === 'pertag' ? lv.values[t] : lv.k === 'scalar' ? lv.v : null;
      });
      try {
        return def.resolve(inputs, ctx);
      } catch (e) {
        if (e instanceof RuntimeError) throw e;
        throw new RuntimeError(`${def.name}: ${e instanceof Error ? e.message : String(e)}`, def.name, this.options.spans?.get(n) ?? null, e);
      }
    });
    return { k: 'pertag', values };
  }

  /**
   * An op without a lambda kernel: its row-wise resolver once per row, on its inputs
   * materialized (tags included). The exact results (tags included) are kept as a mixed column.
   */
  private rowFallback(n: OutputNode, args: readonly LVal[], rows: ColumnarRows): LVal {
    const name = n.fromOp.name;
    if (this.options.strict) throw new FallbackError(name, 'no lambda kernel (per-row fallback)');
    this.stats.fallbacks++;
    this.stats.fallbackOps.push(`${name}: no lambda kernel (per-row fallback)`);
    const def = this.options.registry.find(name);
    if (def === undefined) return unsupported(`unknown op ${name}`);
    const names = Object.keys(n.fromOp.inputs);
    const readers = args.map((lv) => reader(lv, rows));
    const ctx = { inputTypes: inputTypesOf(n), data: this.options.data ?? null };
    const len = rows.length;
    const out = new Array<unknown>(len);
    const signal = this.options.signal;
    for (let k = 0; k < len; k++) {
      if (signal && (k & 4095) === 4095 && signal.aborted) throw signal.reason ?? new Error('cancelled');
      const inputs: Record<string, unknown> = Object.create(null);
      for (let j = 0; j < names.length; j++) inputs[names[j]] = readers[j](k);
      try {
        out[k] = def.resolve(inputs, ctx);
      } catch (e) {
        if (e instanceof RuntimeError) throw e;
        throw new RuntimeError(`${name}: ${e instanceof Error ? e.message : String(e)}`, name, this.options.spans?.get(n) ?? null, e);
      }
    }
    return { k: 'col', col: mixedColumn(out), sel: null, tagged: false };
  }

  /** An op of constant inputs: its own row-wise resolver, once. */
  private resolveScalar(n: OutputNode, vals: unknown[]): unknown {
    const def = this.options.registry.get(n.fromOp.name);
    const names = Object.keys(n.fromOp.inputs);
    const inputs: Record<string, unknown> = Object.create(null);
    names.forEach((k, i) => (inputs[k] = vals[i]));
    return def.resolve(inputs, { inputTypes: inputTypesOf(n), data: this.options.data ?? null });
  }
}

function clampSlice(n: number, len: number): number {
  // Array.prototype.slice semantics for an integer bound.
  if (n < 0) return Math.max(0, len + n);
  return Math.min(n, len);
}
