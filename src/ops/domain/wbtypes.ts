/**
 * Types of W&B table columns: the serialized `column_types` of a `*.table.json`
 * (`{"wb_type": NAME, "params": {...}}`, users.md §4.3) as PanelQL types, and a type detected
 * from the cells when a table has no `column_types`.
 */
import {
  constType,
  list,
  MEDIA_KINDS,
  typedDict,
  typeOfValue,
  union,
  type Type,
} from '../../types/index.js';
import { isPlainObject } from '../values.js';

const MEDIA: ReadonlySet<string> = new Set(MEDIA_KINDS);
const TABLES: ReadonlySet<string> = new Set(['table', 'joined-table', 'partitioned-table', 'incremental-table']);

/** The type map (`column_types.params.type_map`) of a serialized table type, or null. */
export function wbTypeMap(columnTypes: unknown): Readonly<Record<string, unknown>> | null {
  if (!isPlainObject(columnTypes)) return null;
  const params = columnTypes.params;
  if (!isPlainObject(params)) return null;
  const map = params.type_map;
  return isPlainObject(map) ? map : null;
}

/** Is a serialized column type a foreign key / foreign index into a peer table? */
export function foreignRef(wb: unknown): { kind: 'index' | 'key'; table: string; column: string | null } | null {
  if (!isPlainObject(wb)) return null;
  const name = wb.wb_type;
  const params = isPlainObject(wb.params) ? wb.params : {};
  const table = typeof params.table === 'string' ? params.table : null;
  if (table == null) return null;
  if (name === 'foreignIndex' || name === 'wandb.TableForeignIndex') return { kind: 'index', table, column: null };
  if (name === 'foreignKey' || name === 'wandb.TableForeignKey') {
    return { kind: 'key', table, column: typeof params.col_name === 'string' ? params.col_name : null };
  }
  return null;
}

/** A serialized W&B type as a PanelQL type (unknown names → `any`). */
export function wbTypeToType(wb: unknown, depth = 0): Type {
  if (depth > 64 || !isPlainObject(wb)) return 'any';
  const name = typeof wb.wb_type === 'string' ? wb.wb_type : '';
  const params = isPlainObject(wb.params) ? wb.params : {};
  switch (name) {
    case 'none':
    case 'any':
    case 'unknown':
    case 'invalid':
    case 'string':
    case 'number':
    case 'boolean':
      return name;
    case 'timestamp':
      return { type: 'timestamp', unit: 'ms' };
    case 'const':
      return constType(typeOfValue(params.val), params.val ?? null);
    case 'union': {
      const members = Array.isArray(params.allowed_types) ? params.allowed_types : [];
      return members.length === 0 ? 'invalid' : union(members.map((m) => wbTypeToType(m, depth + 1)));
    }
    case 'list':
      return list(wbTypeToType(params.element_type, depth + 1));
    case 'ndarray':
      return { type: 'ndarray', shape: Array.isArray(params.shape) ? params.shape.filter((n): n is number => typeof n === 'number') : [] };
    case 'typedDict':
    case 'dictionary': {
      const map = isPlainObject(params.type_map) ? params.type_map : {};
      const props: Record<string, Type> = {};
      for (const k of Object.keys(map)) Object.defineProperty(props, k, { value: wbTypeToType(map[k], depth + 1), enumerable: true });
      return typedDict(props);
    }
    case 'table':
    case 'wandb.Table':
      return { type: 'table', columnTypes: {} };
    case 'artifactVersion':
      return 'artifactVersion';
    default:
      if (MEDIA.has(name)) return TABLES.has(name) ? { type: name as 'joined-table', columnTypes: {} } : ({ type: name } as Type);
      return 'any';
  }
}

/** The type of one table cell: media references by their `_type`, anything else by value. */
export function cellType(v: unknown): Type {
  if (isPlainObject(v) && typeof v._type === 'string' && MEDIA.has(v._type) && !TABLES.has(v._type)) {
    return { type: v._type } as Type;
  }
  return typeOfValue(v);
}

/** Column name → type, from `column_types` when present, else from the cells. */
export function tableColumnTypes(columns: readonly string[], rows: readonly (readonly unknown[])[], columnTypes: unknown): Record<string, Type> {
  const declared = wbTypeMap(columnTypes);
  const out: Record<string, Type> = {};
  columns.forEach((c, i) => {
    let t: Type;
    const wb = declared ? (Object.prototype.hasOwnProperty.call(declared, c) ? declared[c] : declared[`${c}.0`]) : undefined;
    if (wb !== undefined && !foreignRef(wb)) t = wbTypeToType(wb);
    else {
      const seen = new Map<string, Type>();
      for (const row of rows) {
        const ct = cellType(row[i]);
        const key = JSON.stringify(ct);
        if (!seen.has(key)) seen.set(key, ct);
        if (seen.size > 16) break;
      }
      t = seen.size === 0 ? 'none' : union([...seen.values()]);
    }
    Object.defineProperty(out, c, { value: t, enumerable: true, writable: true, configurable: true });
  });
  return out;
}
