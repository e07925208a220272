/**
 * A `map` result over columnar rows, kept as the body's lambda value: its JS values are built
 * only when asked for — exactly (one tagged value per row where the row-wise executor tags it)
 * for callers that read values with their tags, or plain (no `Tagged` at all) for the encoder.
 */
import { toJS } from '../columnar/index.js';
import { stripTags, tagValue } from '../../ops/values.js';
import { defineOwn, reader, type LVal } from './lambda-values.js';
import { LazyList, type ColumnarRows } from './values.js';

export class MappedValues extends LazyList {
  private exact: { v: unknown } | null = null;

  constructor(
    readonly lv: LVal,
    readonly rows: ColumnarRows,
  ) {
    super();
  }

  toRowwise(): unknown {
    if (this.exact !== null) return this.exact.v;
    const rows = this.rows;
    const lv = this.lv;
    let out: unknown[];
    if (lv.k === 'col' && lv.col.kind !== 'mixed' && (!lv.tagged || untaggedRows(rows, lv))) out = toJS(lv.col, lv.sel);
    else {
      const n = rows.length;
      out = new Array<unknown>(n);
      const f = reader(lv, rows);
      for (let k = 0; k < n; k++) out[k] = f(k);
    }
    const v = tagValue(rows.listTag, out);
    this.exact = { v };
    return v;
  }

  toPlain(): unknown {
    if (this.exact !== null) return stripTags(this.exact.v);
    const n = this.rows.length;
    const f = plainReader(this.lv, this.rows);
    if (f === null) return stripTags(this.toRowwise());
    const out = new Array<unknown>(n);
    for (let k = 0; k < n; k++) out[k] = f(k);
    return out;
  }
}

/** Do the rows carry no tag at all (so a tagged column's values are plain)? */
function untaggedRows(rows: ColumnarRows, lv: Extract<LVal, { k: 'col' }>): boolean {
  return rows.listTag === undefined && rows.tagIds === null && lv.chain === undefined && rows.join === null && (rows.origin === null || rows.origin.row === undefined);
}

/** Row k of a lambda value with tags stripped, without building tagged values; null: use the exact reader. */
function plainReader(lv: LVal, rows: ColumnarRows): ((k: number) => unknown) | null {
  switch (lv.k) {
    case 'scalar': {
      const v = stripTags(lv.v);
      return () => v;
    }
    case 'col': {
      const vals = toJS(lv.col, lv.sel);
      if (lv.col.kind === 'mixed') return (k) => stripTags(vals[k]);
      return (k) => vals[k];
    }
    case 'dict': {
      const fs: [string, (k: number) => unknown][] = [];
      for (const [key, e] of lv.entries) {
        const f = plainReader(e, rows);
        if (f === null) return null;
        fs.push([key, f]);
      }
      return (k) => {
        const o: Record<string, unknown> = {};
        for (const [key, f] of fs) defineOwn(o, key, f(k));
        return o;
      };
    }
    case 'list': {
      const fs: ((k: number) => unknown)[] = [];
      for (const e of lv.items) {
        const f = plainReader(e, rows);
        if (f === null) return null;
        fs.push(f);
      }
      return (k) => fs.map((f) => f(k));
    }
    default: {
      const f = reader(lv, rows);
      return (k) => stripTags(f(k));
    }
  }
}
