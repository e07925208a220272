/**
 * The type oracle over fetched data: refined types for summary, config, history, metadata and
 * table columns, as the reference refines them (the union over the values actually there).
 *
 * The receiver of a data-dependent op is evaluated with the fetched data when it can be (no
 * lambda parameter in it): `runs.summary` is typed from exactly those runs. Inside a lambda
 * (`runs.map((row) => row.summary["x"])`) the parameter has no value at check time, so the
 * type is the union over every run the batch fetched.
 */
import { isFunctionLiteral, outputNode, type Node } from '../../graph/node.js';
import {
  DomainObject,
  FileValue,
  isPending,
  PENDING,
  isPlainTable,
  readTableValue,
  runConfig,
  runHistory,
  runSummary,
  TableValue,
  tableColumnTypes,
  tableRowsType,
  foreignRef,
  wbTypeMap,
  type TypeOracle,
} from '../../ops/domain/index.js';
import type { OpRegistry } from '../../ops/registry.js';
import { isPlainObject, stripTags, untag } from '../../ops/values.js';
import {
  emptyProps,
  filePathToType,
  list,
  maybe,
  typedDict,
  typedDictFromOwnedProps,
  typeOfValue,
  union,
  withJoinTag,
  withTableRowTag,
  type Type,
} from '../../types/index.js';
import { executeNode } from '../rowwise.js';
import type { DataStore } from './store.js';
import { historyColumns } from './history-columns.js';
import type { TextTable } from '../columnar/index.js';

/** The type of a value as data typing sees it (files by their path, as table references are typed). */
export function valueType(v: unknown, depth = 0): Type {
  // Primitives first (the common case: history and summary cells); too deep is `any`.
  if (depth <= 32) {
    switch (typeof v) {
      case 'number':
        return 'number';
      case 'string':
        return 'string';
      case 'boolean':
        return 'boolean';
      default:
        break;
    }
  }
  v = untag(v);
  if (v == null) return 'none';
  if (depth > 32) return 'any';
  if (v instanceof FileValue) return filePathToType(v.path);
  if (v instanceof TableValue) return { type: 'table', columnTypes: tableColumnTypes(v.columnNames, v.rows, v.columnTypes) };
  if (v instanceof DomainObject) return v.kind === 'instance' ? 'any' : v.kind;
  if (Array.isArray(v)) {
    const members = new TypeCollector();
    for (let i = 0; i < v.length; i++) members.add(valueType(v[i], depth + 1));
    return list(members.union());
  }
  if (isPlainObject(v)) {
    // A null-prototype map: plain assignment makes an own property for every key (even `__proto__`).
    const props = emptyProps();
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      props[k] = valueType(v[k], depth + 1);
    }
    return typedDictFromOwnedProps(props);
  }
  return typeOfValue(v);
}

function setKey(o: Record<string, Type>, k: string, t: Type): void {
  Object.defineProperty(o, k, { value: t, enumerable: true, writable: true, configurable: true });
}

/**
 * The members of a union being collected, in first-occurrence order. A simple type (`number`,
 * `none`, …) is kept once; other types are all handed to `union`, whose de-duplication is
 * near-linear and drops later exact duplicates exactly as de-duplicating them first would (a
 * member equal to an earlier one never survives, and dropping it changes nothing else).
 */
class TypeCollector {
  readonly members: Type[] = [];
  private simple = new Set<string>();

  add(t: Type): void {
    if (typeof t === 'string') {
      if (this.simple.has(t)) return;
      this.simple.add(t);
    }
    this.members.push(t);
  }

  has(simple: string): boolean {
    return this.simple.has(simple);
  }

  union(): Type {
    return this.members.length === 0 ? 'invalid' : union(this.members);
  }
}

/** A union over many types (unions of thousands of equal types are cheap). */
export function unionOf(types: readonly Type[]): Type {
  const c = new TypeCollector();
  for (const t of types) c.add(t);
  return c.union();
}

/** Per key: the kinds of primitive values seen (a bit each), the collected types, how many dicts have it. */
interface KeyState {
  kinds: number;
  count: number;
  readonly types: TypeCollector;
}

const KIND_NUMBER = 1;
const KIND_STRING = 2;
const KIND_BOOLEAN = 4;
const KIND_NONE = 8;

/** One dict type for many dicts: each key typed by the union of its values, `none` added where some dict lacks it. */
export function mergeDictTypes(dicts: readonly Record<string, unknown>[]): Type {
  const m = new DictTypeMerger();
  for (let d = 0; d < dicts.length; d++) m.addDict(dicts[d] as Record<string, unknown>);
  return m.type();
}

/**
 * `mergeDictTypes`, fed dict by dict or a whole table of JSON rows at once (`addTable`: from the
 * typing data its ingest kept, without the rows), in row order.
 */
export class DictTypeMerger {
  private readonly keys = new Map<string, KeyState>();
  private dicts = 0;

  addDict(dict: Record<string, unknown>): void {
    this.dicts++;
    for (const k of Object.keys(dict)) {
      const st = this.state(k);
      st.count++;
      addValueType(st, dict[k]);
    }
  }

  /** The rows of a table read from JSON texts: the same as adding each row's dict. */
  addTable(t: TextTable): void {
    this.dicts += t.table.length;
    const names = t.table.names;
    for (let c = 0; c < names.length; c++) {
      const st = this.state(names[c] as string);
      const kt = t.keyTypes[c];
      st.count += kt.present;
      for (const v of kt.samples) addValueType(st, v);
    }
  }

  type(): Type {
    const props = emptyProps();
    for (const [k, st] of this.keys) {
      const members = st.types.members;
      if (st.count < this.dicts && !st.types.has('none')) members.unshift('none');
      props[k] = members.length === 1 ? (members[0] as Type) : union(members);
    }
    return typedDictFromOwnedProps(props);
  }

  private state(k: string): KeyState {
    let st = this.keys.get(k);
    if (st === undefined) this.keys.set(k, (st = { kinds: 0, count: 0, types: new TypeCollector() }));
    return st;
  }
}

/** Each primitive kind is typed once per key; everything else is typed per value. */
function addValueType(st: KeyState, v: unknown): void {
  let kind: number;
  switch (typeof v) {
    case 'number':
      kind = KIND_NUMBER;
      break;
    case 'string':
      kind = KIND_STRING;
      break;
    case 'boolean':
      kind = KIND_BOOLEAN;
      break;
    default:
      kind = v == null ? KIND_NONE : 0;
  }
  if (kind !== 0) {
    if ((st.kinds & kind) !== 0) return;
    st.kinds |= kind;
  }
  st.types.add(valueType(v));
}

const JSON_FIELD: Readonly<Record<string, string>> = {
  'run-summary': 'summaryMetrics',
  'run-config': 'config',
};

export class DataOracle implements TypeOracle {
  private scans = new Map<string, DomainObject[]>();

  constructor(
    private readonly store: DataStore,
    private readonly registry: OpRegistry,
    /** Root variables bound to nodes (`project`, `runs`), substituted before evaluating. */
    private readonly bind: (node: Node) => Node,
    private readonly values: Readonly<Record<string, unknown>>,
  ) {}

  /** Forget what was scanned (after more data arrived). */
  reset(): void {
    this.scans.clear();
  }

  refine(opName: string, inputs: Readonly<Record<string, Node>>): Type | undefined {
    try {
      return this.refineUnsafe(opName, inputs);
    } catch {
      return undefined;
    }
  }

  private refineUnsafe(opName: string, inputs: Readonly<Record<string, Node>>): Type | undefined {
    switch (opName) {
      case 'run-summary':
      case 'run-config': {
        const runs = this.objects(inputs.run, 'run', JSON_FIELD[opName]);
        if (runs === null) return undefined;
        const dicts: Record<string, unknown>[] = [];
        for (const r of runs) {
          const d = opName === 'run-summary' ? runSummary(r, this.store) : runConfig(r, this.store);
          if (!isPending(d)) dicts.push(d);
        }
        return mergeDictTypes(dicts);
      }
      case 'run-history':
      case 'run-history2':
      case 'run-history3': {
        const runs = this.objects(inputs.run, 'run', null);
        if (runs === null) return undefined;
        // Rows fetched whole are typed from their columns (no row objects); others row by row.
        const merged = new DictTypeMerger();
        for (const r of runs) {
          const columns = historyColumns(r, this.store);
          if (columns !== null) {
            merged.addTable(columns);
            continue;
          }
          const h = runHistory(r, this.store);
          if (!isPending(h)) for (const row of h) merged.addDict(row);
        }
        return list(merged.type());
      }
      case 'artifactVersion-metadata': {
        const versions = this.objects(inputs.artifactVersion, 'artifactVersion', 'metadata');
        if (versions === null) return undefined;
        const dicts: Record<string, unknown>[] = [];
        for (const v of versions) {
          const m = v.field('metadata');
          if (typeof m === 'string') {
            const parsed = this.store.parseJson(m);
            if (isPlainObject(parsed)) dicts.push(parsed);
          }
        }
        return mergeDictTypes(dicts);
      }
      case 'file-table': {
        const files = this.evaluateAll(inputs.file);
        if (files === null) return undefined;
        const tables: TableValue[] = [];
        for (const f of files) {
          if (!(f instanceof FileValue)) continue;
          const t = readTableValue(f, this.store);
          if (t instanceof TableValue) tables.push(t);
        }
        if (tables.length === 0) return undefined;
        return { type: 'table', columnTypes: this.columns(tables) };
      }
      case 'table-rows': {
        const tables = this.evaluateAll(inputs.table);
        if (tables === null) return undefined;
        const ts = tables.filter((t): t is TableValue => t instanceof TableValue);
        if (ts.length === 0) return undefined;
        return tableRowsType(inputs.table.type, isPlainTable, 'table', this.columns(ts));
      }
      case 'artifactVersion-file': {
        // A file that does not exist is typed none (the declared type is the path's file type).
        const v = this.evaluateOp(opName, inputs);
        return v === undefined ? undefined : untag(v) == null ? 'none' : undefined;
      }
      case 'joinedtable-rows':
      case 'partitionedtable-rows': {
        const rows = this.evaluateOp(opName, inputs);
        if (rows === undefined) return undefined;
        const flat = (Array.isArray(untag(rows)) ? (untag(rows) as unknown[]) : []).map(untag).filter(isPlainObject);
        if (flat.length === 0) return undefined;
        const rowType = mergeDictTypes(flat.map((r) => stripTags(r) as Record<string, unknown>));
        if (opName === 'joinedtable-rows') return list(withJoinTag(rowType, 'string'));
        const recv = inputs.partitionedTable;
        return list(withTableRowTag(rowType, recv ? recv.type : 'none'));
      }
      default:
        return undefined;
    }
  }

  private columns(tables: readonly TableValue[]): Record<string, Type> {
    const byKey = new Map<string, Map<string, Type>>();
    for (const t of tables) {
      const cols = this.tableColumns(t, 0);
      for (const k of Object.keys(cols)) {
        let m = byKey.get(k);
        if (!m) byKey.set(k, (m = new Map()));
        m.set(JSON.stringify(cols[k]), cols[k]);
      }
    }
    const out: Record<string, Type> = {};
    for (const [k, m] of byKey) setKey(out, k, m.size === 1 ? [...m.values()][0] : union([...m.values()]));
    return out;
  }

  /** Column types of one table; foreign index/key columns hold the peer table's rows. */
  private tableColumns(t: TableValue, depth: number): Record<string, Type> {
    const cols = tableColumnTypes(t.columnNames, t.rows, t.columnTypes);
    const map = wbTypeMap(t.columnTypes);
    if (!map || !t.file || depth > 4) return cols;
    for (const c of t.columnNames) {
      const ref = foreignRef(Object.prototype.hasOwnProperty.call(map, c) ? map[c] : map[`${c}.0`]);
      if (!ref) continue;
      const peer = readTableValue(t.file.sibling(ref.table), this.store);
      if (peer instanceof TableValue) setKey(cols, c, maybe(typedDict(this.tableColumns(peer, depth + 1))));
    }
    return cols;
  }

  /** Evaluates a closed node with the fetched data; undefined when it has lambda parameters or data is pending. */
  private evaluate(node: Node): unknown {
    const bound = this.bind(node);
    if (hasFreeVars(bound, new Set(Object.keys(this.values)))) return undefined;
    const before = this.store.requestCount;
    const v = executeNode(bound, { registry: this.registry, variables: this.values, data: { wandb: this.store } });
    if (this.store.requestCount !== before) return PENDING;
    return v;
  }

  private evaluateOp(opName: string, inputs: Readonly<Record<string, Node>>): unknown {
    for (const n of Object.values(inputs)) if (isFunctionLiteral(n)) return undefined;
    const v = this.evaluate(outputNode(opName, { ...inputs }, 'any'));
    return v === PENDING ? undefined : v;
  }

  /** The values of a node, flattened (lists and tags removed); null when it cannot be evaluated. */
  private evaluateAll(node: Node | undefined): unknown[] | null {
    if (!node) return null;
    const v = this.evaluate(node);
    if (v === undefined || v === PENDING) return null;
    const out: unknown[] = [];
    const walk = (x: unknown): void => {
      x = untag(x);
      if (Array.isArray(x)) x.forEach(walk);
      else if (x != null) out.push(x);
    };
    walk(v);
    return out;
  }

  /**
   * The domain objects a receiver evaluates to; when it cannot be evaluated (a lambda
   * parameter) or holds none (an empty list), every fetched object of that kind holding
   * `field`.
   */
  private objects(node: Node | undefined, kind: 'run' | 'artifactVersion', field: string | null): DomainObject[] {
    const all = this.evaluateAll(node);
    if (all !== null) {
      const objs = all.filter((o): o is DomainObject => o instanceof DomainObject && o.kind === kind);
      // No object to learn from (an empty list): the batch's other objects give the keys.
      if (objs.length > 0) return objs;
    }
    return this.scan(kind, field);
  }

  private scan(kind: 'run' | 'artifactVersion', field: string | null): DomainObject[] {
    const key = `${kind}\u0000${field ?? ''}`;
    const hit = this.scans.get(key);
    if (hit) return hit;
    const out: DomainObject[] = [];
    const seen = new Set<object>();
    const marker = kind === 'run' ? (o: Record<string, unknown>) => typeof o.name === 'string' && typeof o.id === 'string' && ('summaryMetrics' in o || 'config' in o || 'historyLineCount' in o || 'sampledHistory' in o || Object.keys(o).some((k) => k.startsWith('history_'))) : (o: Record<string, unknown>) => 'versionIndex' in o;
    const walk = (v: unknown, depth: number): void => {
      if (v == null || typeof v !== 'object' || depth > 12 || seen.has(v)) return;
      if (Array.isArray(v)) {
        // An array without objects (a history column, tags …) holds nothing to find; it is not
        // remembered either (visiting it again finds nothing again).
        if (!v.some(isObject)) return;
        seen.add(v);
        for (const e of v) walk(e, depth + 1);
        return;
      }
      const o = v as Record<string, unknown>;
      const match = (field === null || Object.prototype.hasOwnProperty.call(o, field)) && marker(o);
      // Likewise an object that is no match and holds no object (a history row): nothing to
      // remember. Everything else is remembered, as before, so the answer is unchanged.
      if (!match && !hasObjectValue(o)) return;
      seen.add(v);
      if (match) out.push(DomainObject.of(kind, o, project));
      // Objects below a project know it (so that they can be found again, and their files).
      const isProject = typeof o.entityName === 'string' && typeof o.name === 'string' && typeof o.id === 'string';
      const outer = project;
      if (isProject) project = DomainObject.of('project', o, null);
      for (const k of Object.keys(o)) {
        const c = o[k];
        if (c != null && typeof c === 'object') walk(c, depth + 1);
      }
      project = outer;
    };
    let project: DomainObject | null = null;
    walk(this.store.roots, 0);
    this.scans.set(key, out);
    return out;
  }
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object';
}

function hasObjectValue(o: Record<string, unknown>): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k) && isObject(o[k])) return true;
  return false;
}

/** Does `node` use a variable not in `allowed` (outside the lambdas that bind it)? */
export function hasFreeVars(node: Node, allowed: ReadonlySet<string>): boolean {
  const visit = (n: Node, bound: ReadonlySet<string>, seen: Set<Node>): boolean => {
    if (seen.has(n)) return false;
    seen.add(n);
    if (n.nodeType === 'var') return !bound.has(n.varName) && !allowed.has(n.varName);
    if (n.nodeType === 'output') return Object.values(n.fromOp.inputs).some((c) => visit(c, bound, seen));
    if (isFunctionLiteral(n)) {
      const inner = new Set(bound);
      for (const p of Object.keys(n.type.inputTypes)) inner.add(p);
      return visit(n.val, inner, new Set());
    }
    return false;
  };
  return visit(node, new Set(), new Set());
}

