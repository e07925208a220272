/**
 * Runtime values and the value-level half of the op kinds.
 *
 * A value is plain JS data (null, boolean, number, string, Date, arrays, plain objects) or a
 * `Tagged` wrapper that carries metadata beside a value (the run a summary came from, the key
 * of a group). Tags never reach the user: `stripTags` removes them at the API boundary.
 */

/** A value with tags. Nested tags live on the tag side: `tag` may itself be `Tagged`. */
export class Tagged {
  constructor(
    readonly tag: unknown,
    readonly value: unknown,
  ) {}
}

export function isTagged(v: unknown): v is Tagged {
  return v instanceof Tagged;
}

/**
 * Tags `value` with `tag`. A value that is already tagged keeps its own (more recent) tags,
 * which become the inner part of the new tag chain, as the reference nests them.
 */
export function tagValue(tag: unknown, value: unknown): unknown {
  if (tag == null) return value;
  if (value instanceof Tagged) {
    if (value.tag === tag) return value;
    return new Tagged(tagValue(tag, value.tag), value.value);
  }
  return new Tagged(tag, value);
}

/** The value without its outermost tags. */
export function untag(v: unknown): unknown {
  while (v instanceof Tagged) v = v.value;
  return v;
}

/** Deeply removes tags (for results). */
export function stripTags(v: unknown): unknown {
  v = untag(v);
  if (Array.isArray(v)) {
    let changed = false;
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      const s = e instanceof Tagged || (e !== null && typeof e === 'object') ? stripTags(e) : e;
      if (s !== e) changed = true;
      out[i] = s;
    }
    return changed ? out : v;
  }
  if (isPlainObject(v)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const e = v[k];
      const s = e instanceof Tagged || (e !== null && typeof e === 'object') ? stripTags(e) : e;
      if (s !== e) changed = true;
      defineKey(out, k, s);
    }
    return changed ? out : v;
  }
  return v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets a key on a record without ever invoking the `__proto__` setter. */
export function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Own-property read (never walks the prototype chain: `{}["constructor"]` is null). */
export function getKey(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

// ---------------------------------------------------------------------------------------
// Value-level modifiers: how each op kind unwraps its first argument before the op's own
// resolver sees it. They mirror the type-level modifiers in `src/types`.

/** null → null; otherwise `fn(v)`. */
export function nullableVal(v: unknown, fn: (v: unknown) => unknown): unknown {
  return v == null ? null : fn(v);
}

/** Strips the outer tags, applies `fn`, and puts the tags back on the result. */
export function taggableVal(v: unknown, fn: (v: unknown) => unknown): unknown {
  if (v instanceof Tagged) return tagValue(v.tag, taggableVal(v.value, fn));
  return fn(v);
}

/** nullable ∘ taggable ∘ nullable, as basic ops apply to their receiver. */
export function nullableTaggableVal(v: unknown, fn: (v: unknown) => unknown): unknown {
  if (v == null) return null;
  if (v instanceof Tagged) {
    const inner = untag(v);
    if (inner == null) return v;
    return tagValue(v.tag, nullableTaggableVal(v.value, fn));
  }
  return fn(v);
}

/**
 * The standard-op receiver rule: one list level is mapped; nulls pass through (at list and
 * element level) and tags are kept (on the list and on each element).
 */
export function mappableNullableTaggableVal(v: unknown, fn: (v: unknown) => unknown): unknown {
  if (v == null) return null;
  let outerTag: unknown;
  let hasOuter = false;
  if (v instanceof Tagged) {
    const inner = untag(v);
    if (inner == null) return v;
    outerTag = v.tag;
    hasOuter = true;
    v = v.value;
    while (v instanceof Tagged) {
      outerTag = tagValue(outerTag, v.tag);
      v = v.value;
    }
  }
  let result: unknown;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const e = v[i];
      if (e == null) out[i] = null;
      else if (e instanceof Tagged) {
        const inner = untag(e);
        out[i] = inner == null ? e : tagValue(e.tag, applyTagged(e.value, fn));
      } else out[i] = fn(e);
    }
    result = out;
  } else {
    result = fn(v);
  }
  return hasOuter ? tagValue(outerTag, result) : result;
}

function applyTagged(v: unknown, fn: (v: unknown) => unknown): unknown {
  if (v instanceof Tagged) return tagValue(v.tag, applyTagged(v.value, fn));
  return fn(v);
}

/** Like `mappableNullableTaggableVal` but nulls are passed to `fn` (the equal ops compare them). */
export function mappableTaggableVal(v: unknown, fn: (v: unknown) => unknown): unknown {
  if (v instanceof Tagged) return tagValue(v.tag, mappableTaggableVal(v.value, fn));
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = taggableVal(v[i], fn);
    return out;
  }
  return fn(v);
}

/**
 * The value of the tag named `name` on `v`, or null. The search walks the tag chain from the
 * most recent tag outwards; a found tag keeps the older tags of its chain (so `row.run` of a
 * history row still knows the run's project).
 */
export function findNamedTag(v: unknown, name: string): unknown {
  if (!(v instanceof Tagged)) return null;
  let tag = v.tag;
  for (;;) {
    if (tag instanceof Tagged) {
      const record = tag.value;
      if (isPlainObject(record) && Object.prototype.hasOwnProperty.call(record, name)) {
        return tagValue(tag.tag, record[name] ?? null);
      }
      tag = tag.tag;
      continue;
    }
    if (isPlainObject(tag) && Object.prototype.hasOwnProperty.call(tag, name)) return tag[name] ?? null;
    return null;
  }
}
