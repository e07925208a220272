/**
 * The planner's own selection tree, built by the consumer analysis and turned into a graphql-js
 * document by `emit.ts`. One `Sel` is the selection set of one GraphQL object type; its fields
 * are keyed by response key (`responseKey`, shared with the resolvers).
 */
import { responseKey, type GqlArgs } from '../ops/domain/alias.js';
import type { FieldReq } from '../ops/domain/gql.js';

/** Which top-level keys of a JSON dict field are read: a set, or all of them. */
export type KeyNeed = Set<string> | 'all';

/** How many elements of a connection are needed: a count (from a `limit`) or all of them. */
export type CountNeed = number | 'all';

export class FieldSel {
  /** Sub-selection of an object-typed field. */
  sel: Sel | null = null;
  /** Top-level keys read from a JSON dict field (`summaryMetrics`, `config`). */
  keys: KeyNeed | null = null;
  /** Elements needed from a connection (max over consumers; `all` wins). */
  count: CountNeed | null = null;
  /** Never page this connection (`first` fixed by the op, e.g. the last membership). */
  fixedFirst: number | null = null;
  /** Deferred: its arguments are computed by other expressions, so it is fetched in a later round. */
  deferred = false;

  constructor(
    readonly name: string,
    readonly key: string,
    readonly args: GqlArgs | undefined,
    readonly many: 'connection' | 'list' | undefined,
    /** The member to select through `... on` when the field's type is a union/interface. */
    readonly on: string | undefined,
  ) {}

  needCount(n: CountNeed): void {
    if (this.count === 'all') return;
    if (n === 'all' || this.count === null) this.count = n;
    else this.count = Math.max(this.count, n);
  }

  needKeys(keys: Iterable<string> | 'all'): void {
    if (this.keys === 'all') return;
    if (keys === 'all') {
      this.keys = 'all';
      return;
    }
    this.keys ??= new Set();
    for (const k of keys) this.keys.add(k);
  }
}

export class Sel {
  readonly fields = new Map<string, FieldSel>();
  /** Per target: the history needs of this (Run) selection. */
  history: HistoryNeed | null = null;

  constructor(
    /** GraphQL type name (`Query`, `Project`, `Run` …). */
    readonly type: string,
    /** The field this selection hangs under (null for the query root). */
    readonly parent: { readonly sel: Sel; readonly field: FieldSel } | null,
  ) {}

  /** The field `name(args)`, created on first use. */
  field(name: string, args?: GqlArgs, many?: 'connection' | 'list', on?: string): FieldSel {
    const key = responseKey(name, args);
    let f = this.fields.get(key);
    if (!f) {
      f = new FieldSel(name, key, args, many, on);
      this.fields.set(key, f);
    }
    return f;
  }

  /** The selection under object field `name(args)` of type `type`. */
  child(name: string, type: string, args?: GqlArgs, many?: 'connection' | 'list', on?: string): { field: FieldSel; sel: Sel } {
    const f = this.field(name, args, many, on);
    f.sel ??= new Sel(type, { sel: this, field: f });
    return { field: f, sel: f.sel };
  }

  /** Adds the fields of `reqs` (scalars and nested objects). */
  need(reqs: readonly FieldReq[]): void {
    for (const r of reqs) {
      if (typeof r === 'string') this.field(r);
      else this.child(r.field, r.type, r.args, r.many).sel.need(r.fields);
    }
  }

  historyNeed(): HistoryNeed {
    return (this.history ??= new HistoryNeed());
  }
}

/** What the history of a run is used for: some columns, all of them, or only its length. */
export class HistoryNeed {
  columns: KeyNeed = new Set();

  needColumns(keys: Iterable<string> | 'all'): void {
    if (this.columns === 'all') return;
    if (keys === 'all') {
      this.columns = 'all';
      return;
    }
    for (const k of keys) this.columns.add(k);
  }
}
