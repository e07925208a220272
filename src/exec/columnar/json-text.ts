/**
 * JSON object texts → columns, without building the objects. The W&B API returns a run's history
 * as one JSON text per row (`history(samples: …)`: `[JSONString]`); parsing each into an object
 * only to copy its fields into columns costs a JS object per row, which the vectorized engine
 * never reads. This scans the texts once and writes every top-level field straight into the same
 * column builders `tableFromJsonRows` uses, so the table is identical to
 * `tableFromJsonRows(texts.map(parseJsonExtended))` (same columns, order, kinds, storage). Nested
 * objects and arrays are parsed as JS values (they are cells of `mixed` columns either way).
 *
 * It also keeps, per column, what typing the rows needs (`KeyTypes`): how many rows hold the key
 * and the values that decide its type — the first value of each primitive kind and every object
 * or array, in row order — so the data oracle types the history without the rows.
 *
 * Anything where objects would not be a plain field copy gives up (null: the caller parses the
 * rows): a text that is not a string or not valid extended JSON (the row parser reports the
 * error), a key twice in one row (the last value wins, at the first one's place), an array-index
 * key such as "0" (objects enumerate those first) and `__proto__`.
 */
import { parseJsonExtended } from '../../backends/json.js';
import { JsonColumnBuilder } from './json.js';
import type { Column } from './column.js';
import { ColumnTable } from './table.js';

/** What typing one column's rows needs (see the module comment). */
export interface KeyTypes {
  /** Rows holding the key (null values included). */
  readonly present: number;
  /** The first value of each primitive kind (null included) and every object or array, in row order. */
  readonly samples: readonly unknown[];
}

export interface TextTable {
  readonly table: ColumnTable;
  /** Per column, in the table's column order. */
  readonly keyTypes: readonly KeyTypes[];
}

const KIND_NUMBER = 1;
const KIND_STRING = 2;
const KIND_BOOLEAN = 4;
const KIND_NULL = 8;

/** Thrown inside the scan when the texts are not a plain field copy (caught: null). */
const GIVE_UP = new Error('not a plain JSON object text');

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * A table from JSON texts, one object per text (a text holding another JSON value is a row with
 * no keys, as the history reader treats it), or null (module comment). `cell` maps each
 * top-level object or array value (W&B table references become files).
 */
export function tableFromJsonTexts(texts: readonly unknown[], cell: (v: unknown) => unknown = (v) => v): TextTable | null {
  try {
    return new TextScanner(texts, cell).run();
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
}

class TextScanner {
  private s = '';
  private p = 0;
  private readonly cols: JsonColumnBuilder;
  private readonly ids = new Map<string, number>();
  private readonly present: number[] = [];
  private readonly seen: number[] = [];
  private readonly samples: unknown[][] = [];
  /** The previous row's keys (raw text, no escapes) and column ids: most rows repeat them. */
  private prevKeys: string[] = [];
  private prevIds: number[] = [];
  private prevCount = 0;
  private rowKeys: string[] = [];
  private rowIds: number[] = [];
  private rowCount = 0;

  constructor(
    private readonly texts: readonly unknown[],
    private readonly cell: (v: unknown) => unknown,
  ) {
    this.cols = new JsonColumnBuilder(texts.length);
  }

  run(): TextTable {
    const n = this.texts.length;
    for (let r = 0; r < n; r++) {
      const t = this.texts[r];
      if (typeof t !== 'string') throw GIVE_UP;
      this.s = t;
      this.p = 0;
      this.row(r);
    }
    const entries: [string, Column][] = [];
    const keyTypes: KeyTypes[] = [];
    for (let c = 0; c < this.cols.names.length; c++) {
      entries.push([this.cols.names[c], this.cols.finish(c)]);
      keyTypes.push({ present: this.present[c], samples: this.samples[c] });
    }
    return { table: new ColumnTable(n, entries), keyTypes };
  }

  private row(r: number): void {
    const s = this.s;
    this.ws();
    if (s.charCodeAt(this.p) !== 0x7b) {
      // Not an object: a row without keys, if the text is JSON at all.
      try {
        parseJsonExtended(s);
      } catch {
        throw GIVE_UP;
      }
      return;
    }
    this.p++;
    this.ws();
    this.rowCount = 0;
    if (s.charCodeAt(this.p) === 0x7d) {
      this.p++;
    } else {
      for (let q = 0; ; q++) {
        if (s.charCodeAt(this.p) !== 0x22) throw GIVE_UP;
        const c = this.key(q);
        this.ws();
        if (s.charCodeAt(this.p) !== 0x3a) throw GIVE_UP;
        this.p++;
        this.ws();
        // A key already written in this row is a duplicate.
        if (this.cols.lens[c] > r) throw GIVE_UP;
        this.value(c, r);
        this.ws();
        const d = s.charCodeAt(this.p);
        this.p++;
        if (d === 0x2c) {
          this.ws();
          continue;
        }
        if (d === 0x7d) break;
        throw GIVE_UP;
      }
    }
    this.ws();
    if (this.p !== s.length) throw GIVE_UP;
    // This row's keys are the next row's guess.
    const keys = this.rowKeys;
    const ids = this.rowIds;
    this.rowKeys = this.prevKeys;
    this.rowIds = this.prevIds;
    this.prevKeys = keys;
    this.prevIds = ids;
    this.prevCount = this.rowCount;
  }

  private keep(k: string, c: number): void {
    this.rowKeys[this.rowCount] = k;
    this.rowIds[this.rowCount] = c;
    this.rowCount++;
  }

  /** The key at p (on its opening quote) as a column id; p moves past the closing quote. */
  private key(q: number): number {
    const s = this.s;
    const start = this.p + 1;
    if (q < this.prevCount) {
      const guess = this.prevKeys[q];
      if (s.charCodeAt(start + guess.length) === 0x22 && s.startsWith(guess, start)) {
        this.p = start + guess.length + 1;
        const c = this.prevIds[q];
        this.keep(guess, c);
        return c;
      }
    }
    const end = this.stringEnd(start);
    const raw = s.slice(start, end);
    const escaped = raw.includes('\\');
    const k = escaped ? this.unescape(start, end) : raw;
    this.p = end + 1;
    if (k === '__proto__' || isArrayIndex(k)) throw GIVE_UP;
    let c = this.ids.get(k);
    if (c === undefined) {
      c = this.cols.add(k);
      this.ids.set(k, c);
      this.present.push(0);
      this.seen.push(0);
      this.samples.push([]);
    }
    // Only an unescaped key can be matched against the raw text of the next row.
    this.keep(escaped ? '\u0000\\' : k, c);
    return c;
  }

  /** Position of the closing quote of the string whose content starts at `from`. */
  private stringEnd(from: number): number {
    const s = this.s;
    const n = s.length;
    let i = from;
    while (i < n) {
      const ch = s.charCodeAt(i);
      if (ch === 0x22) return i;
      if (ch === 0x5c) i += 2;
      else if (ch < 0x20) throw GIVE_UP;
      else i++;
    }
    throw GIVE_UP;
  }

  /** The content [from, end) of a string with escapes, decoded (JSON's escapes only). */
  private unescape(from: number, end: number): string {
    try {
      return JSON.parse(this.s.slice(from - 1, end + 1)) as string;
    } catch {
      throw GIVE_UP;
    }
  }

  /** The value at p into column c, row r. */
  private value(c: number, r: number): void {
    const s = this.s;
    const ch = s.charCodeAt(this.p);
    let v: unknown;
    let kind: number;
    if (ch === 0x22) {
      const start = this.p + 1;
      const end = this.stringEnd(start);
      const raw = s.slice(start, end);
      v = raw.includes('\\') ? this.unescape(start, end) : raw;
      this.p = end + 1;
      kind = KIND_STRING;
    } else if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) {
      v = this.number();
      kind = KIND_NUMBER;
    } else if (ch === 0x7b || ch === 0x5b) {
      const end = this.nestedEnd();
      let parsed: unknown;
      try {
        parsed = parseJsonExtended(s.slice(this.p, end));
      } catch {
        throw GIVE_UP;
      }
      this.p = end;
      v = this.cell(parsed);
      kind = 0;
    } else {
      v = this.literal(ch);
      kind = v === null ? KIND_NULL : typeof v === 'boolean' ? KIND_BOOLEAN : KIND_NUMBER;
    }
    this.present[c]++;
    if (kind === 0) this.samples[c].push(v);
    else if ((this.seen[c] & kind) === 0) {
      this.seen[c] |= kind;
      this.samples[c].push(v);
    }
    this.cols.put(c, r, v);
  }

  private literal(ch: number): unknown {
    const s = this.s;
    const p = this.p;
    if (ch === 0x74 && s.startsWith('true', p)) return this.after(4, true);
    if (ch === 0x66 && s.startsWith('false', p)) return this.after(5, false);
    if (ch === 0x6e && s.startsWith('null', p)) return this.after(4, null);
    if (ch === 0x4e && s.startsWith('NaN', p)) return this.after(3, Number.NaN);
    if (ch === 0x49 && s.startsWith('Infinity', p)) return this.after(8, Number.POSITIVE_INFINITY);
    throw GIVE_UP;
  }

  private after<T>(len: number, v: T): T {
    this.p += len;
    return v;
  }

  /**
   * A number (JSON grammar, plus `-Infinity`). Up to 15 significant digits and a power of ten
   * within ±22 the value is m × 10^e or m / 10^e of two exact doubles, rounded once — the
   * correctly rounded result `Number` gives; anything longer goes through `Number`.
   */
  private number(): number {
    const s = this.s;
    const start = this.p;
    let i = start;
    const neg = s.charCodeAt(i) === 0x2d;
    if (neg) {
      i++;
      if (s.startsWith('Infinity', i)) {
        this.p = i + 8;
        return Number.NEGATIVE_INFINITY;
      }
    }
    let m = 0;
    let digits = 0;
    let exp = 0;
    let ch = s.charCodeAt(i);
    if (ch === 0x30) {
      i++;
      ch = s.charCodeAt(i);
    } else if (ch >= 0x31 && ch <= 0x39) {
      while (ch >= 0x30 && ch <= 0x39) {
        m = m * 10 + (ch - 0x30);
        digits++;
        ch = s.charCodeAt(++i);
      }
    } else throw GIVE_UP;
    if (ch === 0x2e) {
      ch = s.charCodeAt(++i);
      if (!(ch >= 0x30 && ch <= 0x39)) throw GIVE_UP;
      while (ch >= 0x30 && ch <= 0x39) {
        m = m * 10 + (ch - 0x30);
        if (m !== 0) digits++;
        exp--;
        ch = s.charCodeAt(++i);
      }
    }
    if (ch === 0x65 || ch === 0x45) {
      ch = s.charCodeAt(++i);
      let eneg = false;
      if (ch === 0x2b || ch === 0x2d) {
        eneg = ch === 0x2d;
        ch = s.charCodeAt(++i);
      }
      if (!(ch >= 0x30 && ch <= 0x39)) throw GIVE_UP;
      let e = 0;
      while (ch >= 0x30 && ch <= 0x39) {
        if (e < 100000) e = e * 10 + (ch - 0x30);
        ch = s.charCodeAt(++i);
      }
      exp += eneg ? -e : e;
    }
    this.p = i;
    if (digits <= 15 && exp >= -22 && exp <= 22) {
      const x = exp >= 0 ? m * POW10[exp] : m / POW10[-exp];
      return neg ? -x : x;
    }
    return Number(s.slice(start, i));
  }

  /** The end (exclusive) of the object or array at p, strings skipped. */
  private nestedEnd(): number {
    const s = this.s;
    const n = s.length;
    let depth = 0;
    let i = this.p;
    while (i < n) {
      const ch = s.charCodeAt(i);
      if (ch === 0x22) {
        i = this.stringEnd(i + 1) + 1;
        continue;
      }
      if (ch === 0x7b || ch === 0x5b) depth++;
      else if (ch === 0x7d || ch === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw GIVE_UP;
  }

  private ws(): void {
    const s = this.s;
    let p = this.p;
    for (;;) {
      const ch = s.charCodeAt(p);
      if (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) p++;
      else break;
    }
    this.p = p;
  }
}

/**
 * Keeps the scanner's hidden class alive between ingests: V8 holds the maps of short-lived
 * objects weakly, and the optimized scan code would be thrown away with a map that died.
 */
const KEEP_MAP = new TextScanner([], (v) => v);
void KEEP_MAP;

/** A canonical array index ("0", "17", not "01"): objects enumerate such keys first. */
export function isArrayIndex(k: string): boolean {
  const c = k.charCodeAt(0);
  if (!(c >= 0x30 && c <= 0x39)) return false;
  const n = Number(k);
  return Number.isInteger(n) && n < 4294967295 && String(n) === k;
}
