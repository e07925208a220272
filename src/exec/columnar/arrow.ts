/**
 * apache-arrow ⇄ columns.
 *
 * Ingest is zero-copy for the physical layouts the kernels read natively: Float64, Int32, Bool,
 * Utf8 and Dictionary<Utf8, Int32>. Other numeric widths are widened once (Int8/16, Uint8/16 →
 * Int32; Uint32, Float16/32, Int64/Uint64 → Float64), timestamps and dates become Float64
 * milliseconds, LargeUtf8 offsets are narrowed to Int32, Struct/List/Union/… fall back to a
 * `mixed` column of JS values read through Arrow's accessors (slow path, documented).
 *
 * Multi-chunk vectors are concatenated once, at the first access of the column (see
 * docs/columnar.md "Chunks"): selections, group ids, join and sort outputs are global row
 * indices, and binary kernels need both operands in one index space; the copy runs at memcpy
 * speed and is paid once per ingested column, never per query. Single-chunk vectors (the common
 * case for `tableFromIPC` of one record batch, `makeVector`, our own outputs) stay zero-copy.
 */
import {
  Bool,
  Data,
  DataType,
  Dictionary,
  Float64,
  Int32,
  makeData,
  makeVector,
  Table,
  Type,
  Utf8,
  Vector,
} from 'apache-arrow';
import { allocBitmap, sliceBits } from './bitmap.js';
import {
  boolColumn,
  decodeStrings,
  dictColumn,
  mixedColumn,
  numberColumn,
  stringColumn,
  type Column,
  type StringColumn,
} from './column.js';
import { concatColumns } from './concat.js';
import { ColumnTable } from './table.js';

const MS_PER_DAY = 86_400_000;

function validityOf(d: Data): { validity: Uint8Array | null; bitOffset: number; nullCount: number } {
  const nc = d.nullCount;
  if (nc === 0 || d.nullBitmap == null || d.nullBitmap.length === 0) return { validity: null, bitOffset: 0, nullCount: 0 };
  return { validity: d.nullBitmap, bitOffset: d.offset, nullCount: nc };
}

function toFloat64(values: ArrayLike<number | bigint>, n: number, scale: number): Float64Array {
  const out = new Float64Array(n);
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
    if (scale === 1) for (let i = 0; i < n; i++) out[i] = Number(values[i]);
    else for (let i = 0; i < n; i++) out[i] = Number(values[i]) * scale;
  } else {
    const v = values as ArrayLike<number>;
    if (scale === 1) for (let i = 0; i < n; i++) out[i] = v[i];
    else for (let i = 0; i < n; i++) out[i] = v[i] * scale;
  }
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}

/** Converts one Arrow `Data` chunk. */
export function columnFromArrowData(d: Data): Column {
  const type = d.type as DataType;
  const n = d.length;
  const v = validityOf(d);
  switch (type.typeId) {
    case Type.Float: {
      const values = d.values as Float64Array | Float32Array | Uint16Array;
      if (values instanceof Float64Array) return numberColumn(values.subarray(0, n), { ...v, length: n });
      if (values instanceof Uint16Array) {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = halfToFloat(values[i]);
        return numberColumn(out, { ...v, length: n });
      }
      return numberColumn(toFloat64(values, n, 1), { ...v, length: n });
    }
    case Type.Int: {
      const values = d.values as ArrayLike<number | bigint>;
      if (values instanceof Int32Array) return numberColumn(values.subarray(0, n), { ...v, length: n });
      if (values instanceof Int8Array || values instanceof Int16Array || values instanceof Uint8Array || values instanceof Uint16Array) {
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = values[i];
        return numberColumn(out, { ...v, length: n });
      }
      return numberColumn(toFloat64(values, n, 1), { ...v, length: n });
    }
    case Type.Timestamp: {
      const unit = (type as unknown as { unit: number }).unit; // TimeUnit: 0 s, 1 ms, 2 µs, 3 ns
      const scale = unit === 0 ? 1000 : unit === 1 ? 1 : unit === 2 ? 1e-3 : 1e-6;
      return numberColumn(toFloat64(d.values as ArrayLike<number | bigint>, n, scale), { ...v, length: n, logical: 'timestamp' });
    }
    case Type.Date: {
      const unit = (type as unknown as { unit: number }).unit; // DateUnit: 0 day, 1 ms
      return numberColumn(toFloat64(d.values as ArrayLike<number | bigint>, n, unit === 0 ? MS_PER_DAY : 1), { ...v, length: n, logical: 'date' });
    }
    case Type.Bool:
      return boolColumn(d.values as Uint8Array, n, { validity: v.validity, bitOffset: d.offset, nullCount: v.nullCount });
    case Type.Utf8: {
      const offsets = (d.valueOffsets as Int32Array).subarray(0, n + 1);
      return stringColumn(offsets, d.values as Uint8Array, { ...v, length: n });
    }
    case Type.LargeUtf8: {
      const big = d.valueOffsets as unknown as BigInt64Array;
      const offsets = new Int32Array(n + 1);
      for (let i = 0; i <= n; i++) offsets[i] = Number(big[i]);
      return stringColumn(offsets, d.values as Uint8Array, { ...v, length: n });
    }
    case Type.Dictionary: {
      const dictVec = d.dictionary;
      if (dictVec === undefined) break;
      const dict = columnFromArrow(dictVec);
      if (dict.kind !== 'string') break; // non-string dictionaries: generic path below
      let indices: Int32Array;
      const raw = d.values as ArrayLike<number | bigint>;
      if (raw instanceof Int32Array) indices = raw.subarray(0, n);
      else {
        indices = new Int32Array(n);
        if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) for (let i = 0; i < n; i++) indices[i] = Number(raw[i]);
        else for (let i = 0; i < n; i++) indices[i] = (raw as ArrayLike<number>)[i];
      }
      return dictWithNullEntries(indices, dict, v.validity, v.bitOffset, n);
    }
    case Type.Null:
      return mixedColumn(new Array<unknown>(n).fill(null));
    default:
      break;
  }
  // slow path: read JS values through Arrow's accessors
  const vec = makeVector(d);
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const x = vec.get(i) as unknown;
    out[i] = arrowValueToJS(x);
  }
  return mixedColumn(out);
}

function arrowValueToJS(x: unknown): unknown {
  if (x == null) return null;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'object') {
    const t = x as { toJSON?: () => unknown; toArray?: () => unknown };
    if (x instanceof Date) return x.getTime();
    if (typeof t.toJSON === 'function') return t.toJSON();
  }
  return x;
}

/** Folds null dictionary entries (allowed by Arrow) into row validity. */
function dictWithNullEntries(indices: Int32Array, dict: StringColumn, validity: Uint8Array | null, bitOffset: number, n: number): Column {
  if (dict.nullCount === 0) return dictColumn(indices, dict, { validity, bitOffset, length: n });
  const strings = decodeStrings(dict);
  const out = allocBitmap(n);
  for (let i = 0; i < n; i++) {
    let ok = true;
    if (validity !== null) {
      const j = bitOffset + i;
      ok = (validity[j >>> 3] & (1 << (j & 7))) !== 0;
    }
    if (ok && strings[indices[i]] !== null) out[i >>> 3] |= 1 << (i & 7);
  }
  return dictColumn(indices, dict, { validity: out, length: n });
}

/** Converts an Arrow vector (zero-copy for one chunk of a native layout; concatenated once otherwise). */
export function columnFromArrow(vec: Vector): Column {
  const chunks = vec.data;
  if (chunks.length === 1) return columnFromArrowData(chunks[0]);
  if (chunks.length === 0) return mixedColumn([]);
  return concatColumns(chunks.map((d) => columnFromArrowData(d)));
}

/** Wraps an Arrow table; each column is converted on first access and cached. */
export function tableFromArrow(table: Table): ColumnTable {
  const entries: [string, () => Column][] = [];
  for (const field of table.schema.fields) {
    const name = field.name;
    entries.push([name, () => columnFromArrow(table.getChild(name) as Vector)]);
  }
  return new ColumnTable(table.numRows, entries);
}

/** A column as an Arrow vector (zero-copy for number/bool/string/dict with offset-0 bitmaps). */
export function columnToArrow(col: Column): Vector {
  const n = col.length;
  switch (col.kind) {
    case 'number': {
      const nullBitmap = col.validity === null ? undefined : sliceBits(col.validity, col.bitOffset, n);
      if (col.values instanceof Int32Array) {
        return makeVector(makeData({ type: new Int32(), length: n, nullCount: col.nullCount, nullBitmap, data: col.values.subarray(0, n) }));
      }
      return makeVector(makeData({ type: new Float64(), length: n, nullCount: col.nullCount, nullBitmap, data: col.values.subarray(0, n) }));
    }
    case 'bool': {
      const data = col.bitOffset === 0 ? col.values : sliceBits(col.values, col.bitOffset, n);
      const nullBitmap = col.validity === null ? undefined : sliceBits(col.validity, col.bitOffset, n);
      return makeVector(makeData({ type: new Bool(), length: n, nullCount: col.nullCount, nullBitmap, data }));
    }
    case 'string':
      return makeVector(stringData(col));
    case 'dict': {
      const dict = makeVector(stringData(col.dictionary));
      const nullBitmap = col.validity === null ? undefined : sliceBits(col.validity, col.bitOffset, n);
      return makeVector(
        makeData({
          type: new Dictionary(new Utf8(), new Int32()),
          length: n,
          nullCount: col.nullCount,
          nullBitmap,
          data: col.indices.subarray(0, n),
          dictionary: dict,
        }),
      );
    }
    case 'mixed':
      throw new Error('columnToArrow: mixed columns have no Arrow layout; convert with toJS');
  }
}

function stringData(col: StringColumn): Data<Utf8> {
  const n = col.length;
  const nullBitmap = col.validity === null ? undefined : sliceBits(col.validity, col.bitOffset, n);
  return makeData({ type: new Utf8(), length: n, nullCount: col.nullCount, nullBitmap, valueOffsets: col.offsets.subarray(0, n + 1), data: col.data });
}
