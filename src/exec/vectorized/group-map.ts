/**
 * `groupby` over columnar rows, and the ops over its groups.
 *
 * Groups are held as offsets + a permutation over the same rows (`groupBy` / `groupRows`), in the
 * row-wise op's order; a group's value (a list tagged `{groupKey}` over its key's tags) is built
 * only when something reads it, its key from the row-wise key lambda on the group's first row.
 * A lambda over groups (`map`, `filter`) is planned once: `g.count`, `g.groupkey`,
 * `g["c"].agg` (one grouped aggregation), constants, and any op over those (its row-wise
 * resolver once per group). A body that reads the group list itself (`g.sort(…)`) gets the exact
 * group lists, per group (counted as a fallback).
 */
import { isFunctionLiteral, type FunctionConstNode, type Node, type OutputNode } from '../../graph/node.js';
import type { LambdaFn } from '../../ops/opdef.js';
import { compareItems } from '../../ops/list-values.js';
import { stripTags, Tagged, tagValue, untag } from '../../ops/values.js';
import { RuntimeError } from '../rowwise.js';
import { aggregate, gather, groupAggregate, groupBy, groupRows, numbersFrom, toJS, type AggSpec, type Column, type GroupRows, type NumberColumn } from '../columnar/index.js';
import { inputTypesOf, isPickOf, isVar, paramOf, usesAnyVarOtherThanRoot, usesVar } from './graph-shape.js';
import { pickPathColumn } from './join.js';
import { asNumbers, defineOwn, pickColumn, type LVal } from './lambda-values.js';
import { REDUCE } from './op-tables.js';
import { unsupported } from './unsupported.js';
import { ColumnarRows, LazyList } from './values.js';
import type { VectorizedOptions } from './engine.js';

/** What the group paths need of the engine. */
export interface GroupEnv {
  readonly options: VectorizedOptions;
  readonly vars: Readonly<Record<string, unknown>>;
  /** A row-independent node's value (materialized). */
  value(n: Node): unknown;
  constKey(n: Node): string;
  lambda(rows: ColumnarRows, fn: FunctionConstNode): LVal;
  /** The row-wise lambda of a function literal. */
  rowwiseLambda(fn: FunctionConstNode): LambdaFn;
  /** Counts a fallback (throws in strict mode). */
  fellBack(op: string, reason: string): void;
}

/** The groups of a columnar row list. */
export interface Groups {
  readonly rows: ColumnarRows;
  readonly numGroups: number;
  readonly sizes: Int32Array;
  /** Base rows of each group, in list order (`groupRows`), or null (fused aggregation only). */
  readonly gr: GroupRows | null;
  /** Base row of each group's first row. */
  readonly first: Uint32Array;
  /** The key lambda as the row-wise executor runs it. */
  readonly keyLambda: LambdaFn;
  /** Grouping pieces for later aggregations (null for the fused path). */
  readonly grouping: ReturnType<typeof groupBy> | null;
  readonly compacted: boolean;
}

/** The key column of `groupby(keyFn)` over `rows`. */
function keyColumn(env: GroupEnv, rows: ColumnarRows, keyFn: FunctionConstNode): { col: Column; compacted: boolean } {
  const lv = env.lambda(rows, keyFn);
  if (lv.k !== 'col') return unsupported('group key is not a column');
  // Object keys bucket by their untagged JSON row-wise: only plain values are keyed by the kernel.
  if (lv.col.kind === 'mixed' && lv.col.values.some((x) => x !== null && typeof x === 'object')) return unsupported('group key holds objects');
  const compacted = lv.sel !== rows.sel;
  if (compacted && lv.sel !== null) return unsupported('group key space');
  return { col: lv.col, compacted };
}

/** `groupby(keyFn)` as offsets + permutation. */
export function groupsOf(env: GroupEnv, rows: ColumnarRows, keyFn: FunctionConstNode): Groups {
  const { col, compacted } = keyColumn(env, rows, keyFn);
  const grouping = groupBy(col, compacted ? null : rows.sel);
  const gr = groupRows(grouping, rows.sel);
  const first = new Uint32Array(grouping.numGroups);
  for (let g = 0; g < first.length; g++) first[g] = gr.rows[gr.offsets[g]];
  return { rows, numGroups: grouping.numGroups, sizes: grouping.sizes, gr, first, keyLambda: env.rowwiseLambda(keyFn), grouping, compacted };
}

/** The groups as the row-wise `groupby` returns them (built on demand). */
export class GroupedRows extends LazyList {
  private readonly built = new Map<number, unknown>();

  constructor(
    readonly groups: Groups,
    /** Group ids in list order (a filter keeps some). */
    readonly order: readonly number[],
  ) {
    super();
  }

  /** The same groups, all of them in order. */
  all(): GroupedRows {
    return this.order.length === this.groups.numGroups ? this : new GroupedRows(this.groups, range(this.groups.numGroups));
  }

  /** Group g's value as an element of the list (no list tag). */
  group(g: number): unknown {
    let v = this.built.get(g);
    if (v === undefined) {
      const { rows, gr, first, keyLambda } = this.groups;
      const key = keyLambda(rows.rowAt(first[g]), 0);
      const items: unknown[] = [];
      if (gr !== null) for (let p = gr.offsets[g]; p < gr.offsets[g + 1]; p++) items.push(rows.rowAt(gr.rows[p]));
      v = groupValue(key == null ? '' : key, items);
      this.built.set(g, v);
    }
    return v;
  }

  /**
   * `[q]` of this list: the group's rows as a row list whose list tag is the chain the
   * row-wise element carries (list tag over `{groupKey}`), no row built until read.
   */
  groupAt(q: number): ColumnarRows {
    const { rows, gr } = this.groups;
    const g = this.order[q];
    if (gr === null) return unsupported('groups without rows');
    const elem = tagValue(rows.listTag, tagsOnly(this, g)) as Tagged;
    const sel = gr.rows.subarray(gr.offsets[g], gr.offsets[g + 1]);
    return new ColumnarRows(rows.table, sel, rows.tagIds, rows.tagValues, elem.tag, rows.origin, rows.join);
  }

  toRowwise(): unknown {
    return tagValue(this.groups.rows.listTag, this.order.map((g) => this.group(g)));
  }

  toPlain(): unknown {
    return stripTags(this.toRowwise());
  }
}

type Out =
  | { k: 'agg'; spec: number }
  | { k: 'count' }
  | { k: 'groupkey'; node: OutputNode }
  | { k: 'group' }
  | { k: 'dict'; entries: [string, Out][] }
  | { k: 'const'; v: unknown }
  | { k: 'op'; node: OutputNode; args: Out[] };

interface Plan {
  readonly shape: Out;
  readonly specs: AggSpec[];
  /** The body reads the group list itself. */
  readonly usesGroup: boolean;
}

function plan(env: GroupEnv, rows: ColumnarRows, fn: FunctionConstNode): Plan {
  const param = paramOf(fn);
  const specs: AggSpec[] = [];
  let usesGroup = false;
  const p = (n: Node): Out => {
    if (isVar(n, param)) {
      usesGroup = true;
      return { k: 'group' };
    }
    if (isFunctionLiteral(n)) {
      if (usesVar(n, param) || !closedOver(n.val, env.vars, Object.keys(n.type.inputTypes))) return unsupported('lambda over the group');
      return { k: 'const', v: env.rowwiseLambda(n) };
    }
    if (n.nodeType === 'const') return { k: 'const', v: n.val };
    if (n.nodeType === 'output' && !usesVar(n, param)) {
      if (usesAnyVarOtherThanRoot(n, env.vars)) return unsupported('free lambda variable');
      return { k: 'const', v: env.value(n) };
    }
    if (n.nodeType !== 'output') return unsupported('group map body');
    const nm = n.fromOp.name;
    const ins = Object.values(n.fromOp.inputs);
    if (nm === 'dict') return { k: 'dict', entries: Object.entries(n.fromOp.inputs).map(([key, v]) => [key, p(v)]) };
    if (nm === 'count' && isVar(ins[0], param)) return { k: 'count' };
    if (nm === 'group-groupkey' && isVar(ins[0], param)) return { k: 'groupkey', node: n };
    const op = REDUCE[nm];
    const picked =
      op === undefined
        ? null
        : rows.join !== null
          ? pickPathColumn(rows, ins[0], param, (k) => env.constKey(k))
          : isPickOf(ins[0], param)
            ? pickColumn(rows.table, env.constKey(ins[0].fromOp.inputs.key), rows.table.length, null)
            : null;
    if (op !== undefined && picked !== null) {
      const col = asNumbers(picked, null);
      specs.push({ op, col: col ?? numbersFrom(new Array<null>(rows.table.length).fill(null)) });
      return { k: 'agg', spec: specs.length - 1 };
    }
    // Any other op over planned values: its row-wise resolver once per group.
    if (env.options.registry.find(nm) === undefined) return unsupported(`unknown op ${nm}`);
    return { k: 'op', node: n, args: ins.map(p) };
  };
  const shape = p(fn.val);
  return { shape, specs, usesGroup };
}

/** Per group (in `order`), the lambda's value exactly as the row-wise executor computes it. */
function emitAll(env: GroupEnv, groups: GroupedRows, pl: Plan, columns: readonly unknown[][], sizes: Int32Array): unknown[] {
  const rows = groups.groups.rows;
  const ctxFor = (n: OutputNode) => ({ inputTypes: inputTypesOf(n), data: env.options.data ?? null });
  const order = groups.order;
  const out = new Array<unknown>(order.length);
  // One pair of closures for all groups, over the current group `g` and its value: a pair per
  // group cost more than the aggregation itself at 100 groups (W11).
  let g = 0;
  // Only the tags of a group are read unless the body uses the list itself.
  let group: unknown;
  const groupOf = (): unknown => (group ??= tagValue(rows.listTag, pl.usesGroup ? groups.group(g) : tagsOnly(groups, g)));
  const emit = (o: Out): unknown => {
    switch (o.k) {
      case 'agg':
        return retag(groupOf(), columns[o.spec][g]);
      case 'count':
        return retag(groupOf(), sizes[g]);
      case 'group':
        return groupOf();
      case 'groupkey': {
        const def = env.options.registry.get(o.node.fromOp.name);
        return def.resolve({ [def.params[0]]: groupOf() }, ctxFor(o.node));
      }
      case 'dict': {
        const obj: Record<string, unknown> = {};
        for (const [k, e] of o.entries) defineOwn(obj, k, emit(e));
        return obj;
      }
      case 'const':
        return o.v;
      case 'op': {
        const def = env.options.registry.get(o.node.fromOp.name);
        const inputs: Record<string, unknown> = Object.create(null);
        Object.keys(o.node.fromOp.inputs).forEach((k, j) => (inputs[k] = emit(o.args[j])));
        try {
          return def.resolve(inputs, ctxFor(o.node));
        } catch (e) {
          if (e instanceof RuntimeError) throw e;
          throw new RuntimeError(`${def.name}: ${e instanceof Error ? e.message : String(e)}`, def.name, env.options.spans?.get(o.node) ?? null, e);
        }
      }
    }
  };
  for (let q = 0; q < order.length; q++) {
    g = order[q];
    group = undefined;
    out[q] = emit(pl.shape);
  }
  return out;
}

/** Does the body's value, tags stripped, depend on nothing but aggregates, counts and constants? */
function tagFree(o: Out): boolean {
  if (o.k === 'agg' || o.k === 'count' || o.k === 'const') return true;
  if (o.k === 'dict') return o.entries.every(([, e]) => tagFree(e));
  return false;
}

/** Per group in group order, the body's value with tags stripped (a `tagFree` body). */
function emitPlain(shape: Out, columns: readonly unknown[][], sizes: Int32Array, numGroups: number): unknown[] {
  const emit = (o: Out, g: number): unknown => {
    switch (o.k) {
      case 'agg':
        return columns[o.spec][g];
      case 'count':
        return sizes[g];
      case 'const':
        return stripTags(o.v);
      case 'dict': {
        const obj: Record<string, unknown> = {};
        for (const [k, e] of o.entries) defineOwn(obj, k, emit(e, g));
        return obj;
      }
      default:
        return unsupported('a body that reads group tags');
    }
  };
  const out = new Array<unknown>(numGroups);
  for (let g = 0; g < numGroups; g++) out[g] = emit(shape, g);
  return out;
}

/** A group's tags without its rows (what aggregates and `groupkey` read). */
function tagsOnly(groups: GroupedRows, g: number): unknown {
  const { rows, first, keyLambda } = groups.groups;
  const key = keyLambda(rows.rowAt(first[g]), 0);
  return groupValue(key == null ? '' : key, []);
}

/** Aggregate columns (as JS values, one entry per group) over existing groups. */
function aggregates(groups: Groups, specs: readonly AggSpec[]): unknown[][] {
  const grouping = groups.grouping;
  if (grouping === null) return unsupported('no grouping');
  const sel = groups.rows.sel;
  return specs.map((sp) => {
    const spec = groups.compacted && sp.col ? { op: sp.op, col: gather(sp.col, sel) as NumberColumn } : sp;
    return toJS(aggregate(grouping, spec, groups.compacted ? null : sel));
  });
}

/**
 * `groupby(k).map(body)`: one fused grouped aggregation when the body reads no group list.
 * `plain`: the result is wanted without tags (the graph's root, evaluated for its plain value);
 * a body of aggregates, counts, constants and dicts of those then needs no group tag at all.
 */
export function groupMapFused(env: GroupEnv, rows: ColumnarRows, keyFn: FunctionConstNode, mapFn: FunctionConstNode, plain = false): unknown {
  const pl = plan(env, rows, mapFn);
  if (pl.usesGroup) {
    const gs = groupsOf(env, rows, keyFn);
    return mapGroups(env, new GroupedRows(gs, range(gs.numGroups)), mapFn, pl);
  }
  const { col, compacted } = keyColumn(env, rows, keyFn);
  const res = compacted
    ? groupAggregate(col, pl.specs.map((sp) => ({ op: sp.op, col: sp.col ? (gather(sp.col, rows.sel) as NumberColumn) : sp.col })), null)
    : groupAggregate(col, pl.specs, rows.sel);
  if (plain && tagFree(pl.shape)) return emitPlain(pl.shape, res.columns.map((c) => toJS(c)), res.sizes, res.numGroups);
  const first = new Uint32Array(res.numGroups);
  for (let g = 0; g < first.length; g++) first[g] = compacted && rows.sel !== null ? rows.sel[res.firstRow[g]] : res.firstRow[g];
  const groups: Groups = { rows, numGroups: res.numGroups, sizes: res.sizes, gr: null, first, keyLambda: env.rowwiseLambda(keyFn), grouping: null, compacted };
  const all = new GroupedRows(groups, range(res.numGroups));
  return tagValue(rows.listTag, emitAll(env, all, pl, res.columns.map((c) => toJS(c)), res.sizes));
}

/** `map` over held groups. */
export function mapGroups(env: GroupEnv, grouped: GroupedRows, mapFn: FunctionConstNode, pl?: Plan): unknown {
  const groups = grouped.groups;
  const p = pl ?? plan(env, groups.rows, mapFn);
  if (p.usesGroup) env.fellBack('map', 'the body reads group lists (built per group)');
  return tagValue(groups.rows.listTag, emitAll(env, grouped, p, aggregates(groups, p.specs), groups.sizes));
}

/** `filter` over held groups: the predicate per group, the kept groups still held. */
export function filterGroups(env: GroupEnv, grouped: GroupedRows, fn: FunctionConstNode): GroupedRows {
  const groups = grouped.groups;
  const p = plan(env, groups.rows, fn);
  if (p.usesGroup) env.fellBack('filter', 'the predicate reads group lists (built per group)');
  const keep = emitAll(env, grouped, p, aggregates(groups, p.specs), groups.sizes);
  return new GroupedRows(groups, grouped.order.filter((_, q) => Boolean(untag(keep[q]))));
}

/**
 * `sort` over held groups: each group's keys as the row-wise lambda gives them, ordered by the
 * row-wise comparator over an array of the same length and initial order (V8's sort then
 * makes the same moves: see sort.ts).
 */
export function sortGroups(env: GroupEnv, grouped: GroupedRows, fn: FunctionConstNode, dirs: readonly unknown[]): GroupedRows {
  const groups = grouped.groups;
  const p = plan(env, groups.rows, fn);
  if (p.usesGroup) env.fellBack('sort', 'the keys read group lists (built per group)');
  const keys = emitAll(env, grouped, p, aggregates(groups, p.specs), groups.sizes).map(stripTags);
  const keyAt = (ks: unknown, i: number): unknown => (Array.isArray(ks) ? ks[i] : undefined);
  const pos = range(keys.length);
  pos.sort((a, b) => {
    for (let i = 0; i < dirs.length; i++) {
      const c = compareItems(keyAt(keys[a], i), keyAt(keys[b], i));
      if (c !== 0) return c * (dirs[i] === 'asc' ? 1 : -1);
    }
    return 0;
  });
  return new GroupedRows(groups, pos.map((q) => grouped.order[q]));
}

/** Does `n` use only root variables and the names bound around it (a lambda's own parameters)? */
function closedOver(n: Node, vars: Readonly<Record<string, unknown>>, bound: readonly string[]): boolean {
  if (n.nodeType === 'var') return bound.includes(n.varName) || Object.prototype.hasOwnProperty.call(vars, n.varName);
  if (n.nodeType === 'output') return Object.values(n.fromOp.inputs).every((i) => closedOver(i, vars, bound));
  if (isFunctionLiteral(n)) return closedOver(n.val, vars, [...bound, ...Object.keys(n.type.inputTypes)]);
  return true;
}

export function range(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Re-tags `x` with the tags of `v` (how basic ops put a list's tags back on their result). */
function retag(v: unknown, x: unknown): unknown {
  if (v instanceof Tagged) return tagValue(v.tag, retag(v.value, x));
  return x;
}

/** A group's value as the row-wise `groupby` builds it. */
function groupValue(key: unknown, rows: unknown[]): unknown {
  if (key instanceof Tagged) {
    const flat = key.value instanceof Tagged ? (tagValue(key.tag, key.value) as Tagged) : key;
    return tagValue(flat.tag, new Tagged({ groupKey: flat.value }, rows));
  }
  return new Tagged({ groupKey: key }, rows);
}
