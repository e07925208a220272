/**
 * A table of named columns of equal length. Columns may be supplied lazily (a thunk): a table
 * ingested from Arrow converts a column only when a kernel first asks for it, so columns a query
 * never reads are never touched (late materialization at the ingest boundary).
 */
import type { Column } from './column.js';

export type ColumnSource = Column | (() => Column);

export class ColumnTable {
  private readonly cache = new Map<string, Column>();
  private readonly sources: Map<string, ColumnSource>;

  constructor(
    readonly length: number,
    sources: Iterable<readonly [string, ColumnSource]>,
  ) {
    this.sources = new Map(sources);
  }

  static fromColumns(columns: Readonly<Record<string, Column>>, length?: number): ColumnTable {
    const entries = Object.entries(columns);
    const n = length ?? (entries.length > 0 ? entries[0][1].length : 0);
    for (const [name, c] of entries) {
      if (c.length !== n) throw new Error(`column ${name} has ${c.length} rows, expected ${n}`);
    }
    return new ColumnTable(n, entries);
  }

  /** Column names in schema / first-seen order. */
  get names(): string[] {
    return [...this.sources.keys()];
  }

  has(name: string): boolean {
    return this.sources.has(name);
  }

  /** The column, or undefined when the table has no such key. */
  column(name: string): Column | undefined {
    const hit = this.cache.get(name);
    if (hit !== undefined) return hit;
    const src = this.sources.get(name);
    if (src === undefined) return undefined;
    const col = typeof src === 'function' ? src() : src;
    if (col.length !== this.length) throw new Error(`column ${name} has ${col.length} rows, expected ${this.length}`);
    this.cache.set(name, col);
    return col;
  }

  /** Like `column`, but throws for a missing key. */
  get(name: string): Column {
    const c = this.column(name);
    if (c === undefined) throw new Error(`no column ${JSON.stringify(name)}`);
    return c;
  }

  /** A table with extra / replaced columns (shares the existing sources). */
  with(columns: Readonly<Record<string, ColumnSource>>): ColumnTable {
    const entries: [string, ColumnSource][] = [];
    for (const [k, v] of this.sources) entries.push([k, this.cache.get(k) ?? v]);
    const t = new ColumnTable(this.length, entries);
    for (const [k, v] of Object.entries(columns)) t.sources.set(k, v);
    return t;
  }
}
