/**
 * Response keys of GraphQL fields: the ONE function the planner uses to write aliases into a
 * document and the domain resolvers use to read the answer back. Nothing else may build an
 * alias.
 *
 * - Arguments that only page (`first`, `after`) or project (`keys` of `summaryMetrics` /
 *   `config`, `specs` of `sampledHistory`, `liveKeys` of `parquetHistory`) do not take part:
 *   selections that differ only there are merged into one field (pages are followed, key lists
 *   unioned), so every reader finds one field.
 * - A field without other arguments keeps its name as the response key; null arguments are
 *   absent arguments (the planner does not write them).
 * - Otherwise the key is `<field>_<hash>`, the hash being a 64-bit FNV-1a over a canonical text
 *   of the remaining arguments (names sorted, values as JSON), written in base 36. Equal
 *   arguments give equal keys in every document; different arguments give different keys, so
 *   no two fields ever conflict.
 */

/** A GraphQL input value as the planner writes it. Enum values are `{enum: NAME}`. */
export type GqlArgValue =
  | string
  | number
  | boolean
  | null
  | GqlEnumValue
  | readonly GqlArgValue[]
  | { readonly [key: string]: GqlArgValue };

export interface GqlEnumValue {
  readonly enum: string;
}

export type GqlArgs = Readonly<Record<string, GqlArgValue>>;

/** Arguments that never take part in a response key. */
export const PAGING_ARGS: ReadonlySet<string> = new Set(['first', 'after']);

/** field → its projection argument (merged by union; absent means "everything"). */
export const PROJECTION_ARGS: Readonly<Record<string, string>> = {
  summaryMetrics: 'keys',
  config: 'keys',
  sampledHistory: 'specs',
  parquetHistory: 'liveKeys',
};

/** Is `arg` of `field` excluded from the response key (paging or projection)? */
export function isMergeableArg(field: string, arg: string): boolean {
  return PAGING_ARGS.has(arg) || PROJECTION_ARGS[field] === arg;
}

const keyCache = new WeakMap<object, Map<string, string>>();

/** The response key (alias, or the field name itself) of `field(args)`. */
export function responseKey(field: string, args?: GqlArgs | null): string {
  if (!args) return field;
  let byField = keyCache.get(args);
  const hit = byField?.get(field);
  if (hit !== undefined) return hit;
  const key = computeKey(field, args);
  if (!byField) keyCache.set(args, (byField = new Map()));
  byField.set(field, key);
  return key;
}

function computeKey(field: string, args: GqlArgs): string {
  const names = Object.keys(args)
    .filter((a) => !isMergeableArg(field, a) && args[a] != null)
    .sort();
  if (names.length === 0) return field;
  const text = names.map((n) => `${n}:${canonicalArg(args[n] as GqlArgValue)}`).join(',');
  return `${field}_${hash64(text)}`;
}

/** Canonical text of an argument value (object keys sorted). */
export function canonicalArg(v: GqlArgValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((e) => canonicalArg(e as GqlArgValue)).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, GqlArgValue>;
    if (isEnumValue(v)) return `#${(v as GqlEnumValue).enum}`;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalArg(o[k] as GqlArgValue)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export function isEnumValue(v: unknown): v is GqlEnumValue {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    typeof (v as { enum?: unknown }).enum === 'string'
  );
}

/** 64-bit FNV-1a of the UTF-16 code units of `text`, written as two base-36 halves (at most 14 characters). */
export function hash64(text: string): string {
  // Two 32-bit halves; the 64-bit FNV prime is 2^40 + 2^8 + 0xb3.
  let hi = 0xcbf29ce4 | 0;
  let lo = 0x84222325 | 0;
  for (let i = 0; i < text.length; i++) {
    lo ^= text.charCodeAt(i);
    // (hi, lo) *= prime, modulo 2^64
    const loMulLow = Math.imul(lo, 0x1b3);
    const carry = Math.floor(((lo >>> 0) * 0x1b3) / 0x100000000);
    const newHi = (Math.imul(hi, 0x1b3) + (lo << 8) + carry) | 0;
    hi = newHi;
    lo = loMulLow | 0;
  }
  return (hi >>> 0).toString(36) + (lo >>> 0).toString(36).padStart(7, '0');
}
