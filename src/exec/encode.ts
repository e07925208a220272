/**
 * Results as lossless JSON: NaN and ±Infinity as `{"$float": "NaN"}` …, dates as
 * `{"$date": "…ISO…"}`, tags stripped, `undefined` and `-0` normalised (to null and 0).
 */
import { defineKey, isPlainObject, untag } from '../ops/values.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function encodeValue(v: unknown): JsonValue {
  v = untag(v);
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      if (Number.isNaN(v)) return { $float: 'NaN' };
      if (v === Infinity) return { $float: 'Infinity' };
      if (v === -Infinity) return { $float: '-Infinity' };
      return Object.is(v, -0) ? 0 : v;
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    case 'object':
      if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : { $date: v.toISOString() };
      if (Array.isArray(v)) return encodeList(v);
      if (isPlainObject(v) || typeof v === 'object') {
        const out: { [key: string]: JsonValue } = {};
        for (const k of Object.keys(v as object)) defineKey(out, k, encodeValue((v as Record<string, unknown>)[k]));
        return out;
      }
      return null;
    default:
      return null;
  }
}

/** A list: numbers, strings and booleans inline (a long column of them is the common big result). */
function encodeList(v: readonly unknown[]): JsonValue[] {
  const n = v.length;
  const out = new Array<JsonValue>(n);
  for (let i = 0; i < n; i++) {
    const e = v[i];
    if (typeof e === 'number') out[i] = e - e === 0 ? (e === 0 ? 0 : e) : encodeValue(e);
    else if (typeof e === 'string' || typeof e === 'boolean') out[i] = e;
    else out[i] = e == null ? null : encodeValue(e);
  }
  return out;
}

/** The inverse of `encodeValue` for the special forms (used by tests and the wire format). */
export function decodeValue(v: JsonValue): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$float' && typeof v.$float === 'string') return Number(v.$float);
    if (keys.length === 1 && keys[0] === '$date' && typeof v.$date === 'string') return new Date(v.$date);
    const out: Record<string, unknown> = {};
    for (const k of keys) defineKey(out, k, decodeValue(v[k]));
    return out;
  }
  return v;
}
