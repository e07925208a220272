/**
 * Columnar runtime values of the vectorized executor.
 *
 * `ColumnarRows` is a list of dict rows held as a `ColumnTable`, a selection (row order and
 * subset, in the table's base row space), and the tags the row-wise executor would carry:
 * a per-row tag (the run of a `runs.history.concat` row) stored as a tag id per base row plus
 * the distinct tag values, and the tag of the list itself. `ColumnarValues` is a list of
 * scalars (`rows["loss"]`): one column read through the same selection, with the same tags.
 *
 * Both materialize to exactly the JS values the row-wise executor produces (`toRowwise`).
 */
import { type Column, type ColumnTable, type Selection, toJS, selLength } from '../columnar/index.js';
import { defineKey, stripTags, tagValue } from '../../ops/values.js';

/** Where whole rows come from when a row must be materialized (the ingested JS rows, if any). */
export interface RowOrigin {
  /** The ingested row arrays, one per part (per run); base row i lives in part `partOf(i)`. */
  readonly parts: readonly (readonly unknown[])[];
  /** Base row index of each part's first row (length = parts.length + 1). */
  readonly starts: Int32Array;
  /**
   * When given, base row i exactly as the row-wise executor holds it, element tags included
   * (table rows: the tagged row of the resolver, or one built from the table's cells); `parts`
   * and the tag ids are then not used to build rows.
   */
  readonly row?: (i: number) => unknown;
}

/**
 * The rows of a `join` held as two sides and the base row of each side per output row (−1: the
 * null side of an outer row). Output row i is `{alias0: side0 row, alias1: side1 row}`, tagged
 * `{joinKey}` (its `ColumnarRows` tag id is the key's index).
 */
export interface JoinInfo {
  readonly aliases: readonly [string, string];
  /** Each side's rows in its own base row space (their selection and list tag are not used). */
  readonly sides: readonly [ColumnarRows, ColumnarRows];
  readonly idx: readonly [Int32Array, Int32Array];
  /** Side columns gathered into the join's row space, by side and key. */
  readonly cache: Map<string, Column>;
}

/** The part holding base row i (binary search over the parts' start rows). */
export function partOf(starts: Int32Array, i: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class ColumnarRows {
  constructor(
    readonly table: ColumnTable,
    readonly sel: Selection,
    /** Tag id of every base row (index into `tagValues`), or null when rows carry no tag. */
    readonly tagIds: Int32Array | null,
    readonly tagValues: readonly unknown[],
    /** The tag of the list itself (undefined: none). */
    readonly listTag: unknown,
    readonly origin: RowOrigin | null,
    /** Set when these are the rows of a join (the table then has no columns). */
    readonly join: JoinInfo | null = null,
  ) {}

  get length(): number {
    return selLength(this.sel, this.table.length);
  }

  withSel(sel: Selection): ColumnarRows {
    return new ColumnarRows(this.table, sel, this.tagIds, this.tagValues, this.listTag, this.origin, this.join);
  }

  /** The tag of base row i (undefined: none). */
  rowTag(i: number): unknown {
    return this.tagIds === null ? undefined : this.tagValues[this.tagIds[i]];
  }

  /** The base row i as the row-wise executor holds it (element tag included, list tag not). */
  rowAt(i: number): unknown {
    let row: unknown;
    if (this.origin !== null && this.origin.row !== undefined) return this.origin.row(i);
    if (this.origin !== null) {
      const { parts, starts } = this.origin;
      const p = parts.length === 1 ? 0 : partOf(starts, i);
      row = parts[p][i - starts[p]];
    } else if (this.join !== null) {
      const { aliases, sides, idx } = this.join;
      const out: Record<string, unknown> = {};
      const a = idx[0][i];
      const b = idx[1][i];
      defineKey(out, aliases[0], a < 0 ? null : sides[0].rowAt(a));
      defineKey(out, aliases[1], b < 0 ? null : sides[1].rowAt(b));
      row = out;
    } else {
      const out: Record<string, unknown> = {};
      for (const name of this.table.names) {
        const col = this.table.get(name);
        out[name] = toJS(col, Uint32Array.of(i))[0];
      }
      row = out;
    }
    return tagValue(this.rowTag(i), row);
  }

  /** The list with its tags stripped (`stripTags(toRowwise())`), without building tagged rows. */
  toPlain(): unknown {
    if (this.origin === null || this.origin.row !== undefined) return stripTags(this.toRowwise());
    const n = this.length;
    const out = new Array<unknown>(n);
    const sel = this.sel;
    const { parts, starts } = this.origin;
    for (let k = 0; k < n; k++) {
      const i = sel === null ? k : sel[k];
      const p = parts.length === 1 ? 0 : partOf(starts, i);
      out[k] = stripTags(parts[p][i - starts[p]]);
    }
    return out;
  }

  /** The list as the row-wise executor holds it. */
  toRowwise(): unknown {
    const n = this.length;
    const out = new Array<unknown>(n);
    const sel = this.sel;
    if (this.origin !== null && this.origin.row === undefined && this.tagIds === null && this.origin.parts.length === 1) {
      const rows = this.origin.parts[0];
      for (let k = 0; k < n; k++) out[k] = rows[sel === null ? k : sel[k]];
    } else {
      for (let k = 0; k < n; k++) out[k] = this.rowAt(sel === null ? k : sel[k]);
    }
    return tagValue(this.listTag, out);
  }
}

/** `rows[key]`: a list of scalars (one column through a selection), element tags kept. */
export class ColumnarValues {
  constructor(
    readonly col: Column,
    readonly rows: ColumnarRows,
  ) {}

  get sel(): Selection {
    return this.rows.sel;
  }

  /** `stripTags(toRowwise())` without building tagged values. */
  toPlain(): unknown {
    const vals = toJS(this.col, this.rows.sel);
    if (this.col.kind === 'mixed') for (let k = 0; k < vals.length; k++) vals[k] = stripTags(vals[k]);
    return vals;
  }

  toRowwise(): unknown {
    const vals = toJS(this.col, this.rows.sel);
    const rows = this.rows;
    if (rows.tagIds !== null) {
      const sel = rows.sel;
      for (let k = 0; k < vals.length; k++) vals[k] = tagValue(rows.rowTag(sel === null ? k : sel[k]), vals[k]);
    }
    return tagValue(rows.listTag, vals);
  }
}

export type ColumnarValue = ColumnarRows | ColumnarValues;

export function isColumnar(v: unknown): v is ColumnarValue {
  return v instanceof ColumnarRows || v instanceof ColumnarValues;
}

/**
 * A result held as columns whose JS values are built when first asked for (a `map` result):
 * exactly, tags included (`toRowwise`), or with tags stripped (`toPlain`: what the encoder needs).
 */
export abstract class LazyList {
  abstract toRowwise(): unknown;
  abstract toPlain(): unknown;
}

/** Materializes a columnar value; other values are returned as they are. */
export function materialize(v: unknown): unknown {
  return isColumnar(v) || v instanceof LazyList ? v.toRowwise() : v;
}

/** `stripTags(materialize(v))`, built from the columns directly where `v` is columnar. */
export function materializePlain(v: unknown): unknown {
  return isColumnar(v) || v instanceof LazyList ? v.toPlain() : stripTags(v);
}
