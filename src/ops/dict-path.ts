/**
 * Pick paths: `obj["a.b"]` walks `a` then `b`; `\.` is a literal dot inside a key; `*` fans out
 * over every key of a dict (or every element of a list). The type walk and the value walk follow
 * the same rules, so `{a: {b: 2}}["a.b"]` is typed `number` and evaluates to 2.
 */
import {
  isList,
  isListLike,
  isTypedDictLike,
  list,
  listObjectType,
  nullableTaggable,
  objectKeyType,
  typedDict,
  typedDictPropertyTypes,
  type Type,
} from '../types/index.js';
import { defineKey, getKey, isTagged, nullableTaggableVal } from './values.js';

const ESCAPED_DOT = /\\\./g;

/**
 * Splits a pick key on unescaped dots: `a.b` → [a, b], `a\.b` → [a.b]. (Only the two-character
 * sequence backslash-dot is an escape; a lone backslash stays in the key.)
 */
export function splitPickPath(key: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < key.length; i++) {
    const ch = key[i];
    if (ch === '\\' && key[i + 1] === '.') {
      current += '.';
      i++;
    } else if (ch === '.') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Escapes the dots of a key so that it is picked as one path segment. */
export function escapeDots(key: string): string {
  return key.replace(/\./g, '\\.');
}

/** Undoes `escapeDots`. */
export function unescapeDots(key: string): string {
  return key.replace(ESCAPED_DOT, '.');
}

// ---------------------------------------------------------------------------------------
// Types

/** The type of picking `path` out of a value of type `t` (a dict; anything else gives `none`). */
export function pathType(t: Type, path: readonly string[]): Type {
  return nullableTaggable(t, (u) => {
    if (!isTypedDictLike(u)) return 'none';
    const [key, ...rest] = path;
    if (key === '*') {
      const props = typedDictPropertyTypes(u);
      const out: Record<string, Type> = {};
      for (const k of Object.keys(props)) defineKey(out, k, innerPathType(props[k] as Type, rest));
      return typedDict(out);
    }
    const keyType = objectKeyType(u, key ?? 'undefined');
    return rest.length > 0 ? innerPathType(keyType, rest) : keyType;
  });
}

/** Below the first segment a path may also cross lists with `*`. */
function innerPathType(t: Type, path: readonly string[]): Type {
  return nullableTaggable(t, (u) => {
    if (isTypedDictLike(u)) return pathType(u, path);
    if (isListLike(u) && path[0] === '*') {
      const element = listObjectType(u);
      const min = isList(u) ? u.minLength : undefined;
      const max = isList(u) ? u.maxLength : undefined;
      return list(path.length === 1 ? element : innerPathType(element, path.slice(1)), min, max);
    }
    return 'none';
  });
}

// ---------------------------------------------------------------------------------------
// Values

function isObjectLike(v: unknown): v is Record<string, unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && !isTagged(v);
}

/** The value at `path` in `v` (tags met on the way are kept on the result). */
export function pathValue(v: unknown, path: readonly string[]): unknown {
  return nullableTaggableVal(v, (u) => {
    if (!isObjectLike(u)) return null;
    const [key, ...rest] = path;
    if (key === '*') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(u)) defineKey(out, k, innerPathValue(u[k], rest));
      return out;
    }
    // The reference reads `obj[key]` (arrays included: `{a: [5]}["a.0"]` is 5), but only own
    // properties here: `{}["constructor"]` is null, not a function.
    const found = getKey(u, key ?? 'undefined');
    if (found == null) return null;
    return rest.length > 0 ? innerPathValue(found, rest) : found;
  });
}

function innerPathValue(v: unknown, path: readonly string[]): unknown {
  return nullableTaggableVal(v, (u) => {
    if (!isObjectLike(u)) return null;
    if (Array.isArray(u) && path[0] === '*') {
      return path.length === 1 ? u : u.map((item) => innerPathValue(item, path.slice(1)));
    }
    return pathValue(u, path);
  });
}
