/**
 * Safe name → type maps.
 *
 * Property names are arbitrary user strings (run summary keys, table columns), including
 * `__proto__`, `constructor` and `toString`. Maps built here have a null prototype and are filled
 * with `defineProperty`, and lookups only ever see own properties, so no key can reach or
 * modify `Object.prototype`.
 */
import type { PropertyTypes, Type } from './model.js';

const hasOwn = Object.prototype.hasOwnProperty;

/** A fresh empty null-prototype map. */
export function emptyProps<T = Type>(): { [key: string]: T } {
  return Object.create(null) as { [key: string]: T };
}

/**
 * Set `key` on `map` as an own data property, never triggering the `__proto__` setter: maps
 * from `emptyProps` have no prototype, so plain assignment creates an own property for every
 * key; any other object goes through `defineProperty`.
 */
export function setProp<T>(map: { [key: string]: T }, key: string, value: T): void {
  if (Object.getPrototypeOf(map) === null) map[key] = value;
  else Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The own property `key` of `map`, or undefined. */
export function getProp<T>(map: { readonly [key: string]: T }, key: string): T | undefined {
  return hasOwn.call(map, key) ? map[key] : undefined;
}

/** Does `map` have `key` as an own property? */
export function hasProp(map: object, key: string): boolean {
  return hasOwn.call(map, key);
}

/** Copy `[key, value]` pairs into a null-prototype map (later pairs win). */
export function propsFromEntries<T = Type>(entries: Iterable<readonly [string, T]>): { [key: string]: T } {
  const out = emptyProps<T>();
  for (const [k, v] of entries) setProp(out, k, v);
  return out;
}

/** Own enumerable entries, in insertion order. */
export function propEntries<T>(map: { readonly [key: string]: T }): [string, T][] {
  return Object.keys(map).map((k) => [k, map[k] as T]);
}

/** A null-prototype copy of `map` with each value transformed. */
export function mapProps<T, R = Type>(
  map: { readonly [key: string]: T },
  fn: (value: T, key: string) => R,
): { [key: string]: R } {
  const out = emptyProps<R>();
  for (const k of Object.keys(map)) setProp(out, k, fn(map[k] as T, k));
  return out;
}

/** A null-prototype copy of a property map. */
export function copyProps(map: PropertyTypes): { [key: string]: Type } {
  return mapProps(map, (v) => v);
}
