/**
 * W&B's MongoDB-like run filters and order strings, evaluated in memory (docs/backends.md lists
 * what is supported). Generic over the object kind: a `FieldAccessor` turns a field path into a
 * value (or throws `FilterError` for an unknown field). Browser-safe.
 */
import { hasOwn, isPlainObject, parseJsonExtended } from '../json.js';
import { parseTimestamp } from './dates.js';

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** Reads a field of `obj`; returns undefined when absent. Dates come back as `Date`. */
export type FieldAccessor<T> = (obj: T, field: string) => unknown;

export type Predicate<T> = (obj: T) => boolean;

/** Checks a field name once at compile time (throws FilterError for an unknown field). */
export type FieldChecker = (field: string) => void;

const FIELD_OPS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$regex', '$options', '$exists', '$not']);

/** Parses the `filters` JSON text; `null`/empty/`{}` mean "everything". */
export function parseFilterText(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text.trim() === '') return {};
  try {
    return parseJsonExtended(text);
  } catch (e) {
    throw new FilterError(`filters is not valid JSON: ${(e as Error).message}`);
  }
}

export function compileFilter<T>(filter: unknown, get: FieldAccessor<T>, check: FieldChecker): Predicate<T> {
  if (!isPlainObject(filter)) throw new FilterError('a filter must be a JSON object');
  const parts: Predicate<T>[] = [];
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value)) throw new FilterError(`${key} takes an array of filters`);
      const subs = value.map((f) => compileFilter(f, get, check));
      if (key === '$and') parts.push((o) => subs.every((p) => p(o)));
      else if (key === '$or') parts.push((o) => subs.some((p) => p(o)));
      else parts.push((o) => !subs.some((p) => p(o)));
    } else if (key.startsWith('$')) {
      throw new FilterError(`unsupported filter operator ${key} (supported at the top: $and, $or, $nor)`);
    } else {
      check(key);
      const test = compileCondition(value, key);
      parts.push((o) => test(get(o, key)));
    }
  }
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0];
  return (o) => parts.every((p) => p(o));
}

type ValueTest = (v: unknown) => boolean;

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function compileCondition(cond: unknown, field: string): ValueTest {
  if (!isOperatorObject(cond)) return (v) => matchesEq(v, cond);
  const tests: ValueTest[] = [];
  for (const op of Object.keys(cond)) {
    if (!FIELD_OPS.has(op)) {
      throw new FilterError(
        `unsupported filter operator ${op} on "${field}" (supported: ${[...FIELD_OPS].join(', ')})`,
      );
    }
    const arg = cond[op];
    switch (op) {
      case '$eq':
        tests.push((v) => matchesEq(v, arg));
        break;
      case '$ne':
        tests.push((v) => !matchesEq(v, arg));
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const want = op;
        tests.push((v) =>
          anyElement(v, (x) => {
            const c = compareForFilter(x, arg);
            if (c === null) return false;
            return want === '$gt' ? c > 0 : want === '$gte' ? c >= 0 : want === '$lt' ? c < 0 : c <= 0;
          }),
        );
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(arg)) throw new FilterError(`${op} on "${field}" takes an array`);
        const inTest: ValueTest = (v) => arg.some((a) => matchesEq(v, a));
        tests.push(op === '$in' ? inTest : (v) => !inTest(v));
        break;
      }
      case '$regex': {
        const options = cond.$options;
        if (options !== undefined && (typeof options !== 'string' || !/^[imsu]*$/.test(options))) {
          throw new FilterError(`$options on "${field}" must be a string of i, m, s, u`);
        }
        let re: RegExp;
        if (typeof arg !== 'string') throw new FilterError(`$regex on "${field}" takes a string`);
        try {
          re = new RegExp(arg, (options as string | undefined) ?? '');
        } catch (e) {
          throw new FilterError(`invalid $regex on "${field}": ${(e as Error).message}`);
        }
        tests.push((v) => anyElement(v, (x) => typeof x === 'string' && re.test(x)));
        break;
      }
      case '$options':
        if (!hasOwn(cond, '$regex')) throw new FilterError(`$options on "${field}" needs $regex`);
        break;
      case '$exists': {
        const want = Boolean(arg);
        tests.push((v) => (v !== undefined) === want);
        break;
      }
      case '$not': {
        const inner = compileCondition(arg, field);
        tests.push((v) => !inner(v));
        break;
      }
    }
  }
  return (v) => tests.every((t) => t(v));
}

function anyElement(v: unknown, test: (x: unknown) => boolean): boolean {
  return Array.isArray(v) ? v.some(test) : test(v);
}

/** Mongo equality: null matches missing; arrays match when any element (or the whole) matches. */
function matchesEq(v: unknown, want: unknown): boolean {
  if (want === null) return v === null || v === undefined;
  if (Array.isArray(v) && !Array.isArray(want)) return v.some((x) => scalarEq(x, want));
  return scalarEq(v, want);
}

function scalarEq(a: unknown, b: unknown): boolean {
  if (a instanceof Date) return compareForFilter(a, b) === 0;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => scalarEq(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => hasOwn(b, k) && scalarEq(a[k], b[k]));
  }
  return false;
}

function toMillis(v: unknown): number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return parseTimestamp(v)?.ms ?? null;
  return null;
}

/** Orders two values of the same kind (numbers, strings, booleans, dates); null when incomparable. */
function compareForFilter(a: unknown, b: unknown): number | null {
  if (a instanceof Date || b instanceof Date) {
    const x = toMillis(a);
    const y = toMillis(b);
    return x === null || y === null ? null : Math.sign(x - y);
  }
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return null;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Order
// ---------------------------------------------------------------------------------------------

export interface OrderKey {
  field: string;
  desc: boolean;
}

/** `-createdAt`, `+summary_metrics.loss`, `config.lr.value`, comma-separated for several keys. */
export function parseOrder(order: string | null | undefined, check: FieldChecker): OrderKey[] {
  if (order === null || order === undefined || order.trim() === '') return [];
  return order.split(',').map((part) => {
    const p = part.trim();
    const desc = p.startsWith('-');
    const field = p.replace(/^[+-]/, '').trim();
    if (field === '') throw new FilterError(`invalid order ${JSON.stringify(order)}`);
    check(field);
    return { field, desc };
  });
}

function kindRank(v: unknown): number {
  if (typeof v === 'number') return Number.isNaN(v) ? 4 : 0;
  if (v instanceof Date) return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  return 3; // objects, arrays
}

function compareForSort(a: unknown, b: unknown): number {
  const ra = kindRank(a);
  const rb = kindRank(b);
  if (ra !== rb) return ra - rb;
  const c = compareForFilter(a instanceof Date ? a.getTime() : a, b instanceof Date ? b.getTime() : b);
  return c ?? 0;
}

/**
 * Stable sort by the order keys; missing/null values (and NaN) always go last, whatever the
 * direction; ties keep the input order.
 */
export function sortBy<T>(items: readonly T[], keys: OrderKey[], get: FieldAccessor<T>): T[] {
  if (keys.length === 0) return items.slice();
  const decorated = items.map((item, i) => ({ item, i, vals: keys.map((k) => get(item, k.field)) }));
  decorated.sort((x, y) => {
    for (let k = 0; k < keys.length; k++) {
      const a = x.vals[k];
      const b = y.vals[k];
      const aMissing = a === undefined || a === null || (typeof a === 'number' && Number.isNaN(a));
      const bMissing = b === undefined || b === null || (typeof b === 'number' && Number.isNaN(b));
      if (aMissing || bMissing) {
        if (aMissing && bMissing) continue;
        return aMissing ? 1 : -1;
      }
      const c = compareForSort(a, b);
      if (c !== 0) return keys[k].desc ? -c : c;
    }
    return x.i - y.i;
  });
  return decorated.map((d) => d.item);
}

/**
 * Looks up a dotted path in nested objects, preferring the longest key that exists at each level,
 * so `eval.acc` finds a flat key `"eval.acc"` as well as `{eval: {acc}}`.
 */
export function lookupDotted(obj: unknown, segments: readonly string[]): unknown {
  if (segments.length === 0) return obj;
  if (!isPlainObject(obj)) return undefined;
  for (let i = segments.length; i >= 1; i--) {
    const key = segments.slice(0, i).join('.');
    if (hasOwn(obj, key)) {
      const found = lookupDotted(obj[key], segments.slice(i));
      if (found !== undefined || i === segments.length) return found;
    }
  }
  return undefined;
}
