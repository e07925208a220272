/**
 * A bounded cache of parsed + checked expressions, keyed by the expression text, the op
 * registry (and its revision) and the names and types of the variables.
 *
 * Why: a server answers the same few expressions again and again, and parsing + checking costs
 * about as much as executing a query over 10,000 rows (0.2–0.3 ms warm, 0.8–1 ms right after a
 * full GC, when the parser's and checker's code and data are no longer in the CPU caches).
 *
 * Entries are held strongly (a `WeakMap` keyed on the variables' type objects would drop them at
 * every full GC: exactly when a hit is worth the most) and evicted least-recently-used beyond
 * `limit`. An entry holds what the check produced (the typed graph, spans, diagnostics: made of
 * the text and the types) and the variables' types, never their values. Types match by identity
 * or by an ordered structural comparison (same keys in the same order, same members in the same
 * order), so a hit returns exactly what checking again would. Checks that may see a data oracle
 * (`withTypeOracle`) bypass the cache: their types depend on data.
 */
import type { Type } from '../types/index.js';
import type { OpRegistry } from '../ops/registry.js';

interface Entry<R> {
  readonly registry: OpRegistry;
  readonly revision: number;
  readonly types: readonly Type[];
  readonly result: R;
}

/** Texts longer than this are not cached (a bound on what one entry holds). */
const MAX_TEXT = 8192;
/** Entries kept per text + variable names (the same text with other variable types). */
const PER_KEY = 4;

export class CompileCache<R> {
  /** Insertion order is recency order: a hit moves its bucket to the end. */
  private readonly buckets = new Map<string, Entry<R>[]>();
  private count = 0;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.buckets.clear();
    this.count = 0;
  }

  /** The cached result for `text` checked with these variables, or undefined. */
  get(text: string, registry: OpRegistry, names: readonly string[], types: readonly Type[]): R | undefined {
    if (this.limit <= 0 || text.length > MAX_TEXT) return undefined;
    const key = keyOf(text, names);
    const bucket = this.buckets.get(key);
    if (bucket === undefined) return undefined;
    for (let i = bucket.length - 1; i >= 0; i--) {
      const e = bucket[i];
      if (e.registry !== registry || e.revision !== registry.revision || !sameTypes(e.types, types)) continue;
      this.buckets.delete(key);
      this.buckets.set(key, bucket);
      return e.result;
    }
    return undefined;
  }

  set(text: string, registry: OpRegistry, names: readonly string[], types: readonly Type[], result: R): void {
    if (this.limit <= 0 || text.length > MAX_TEXT) return;
    const key = keyOf(text, names);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) bucket = [];
    else this.buckets.delete(key);
    // A stale entry (same registry, older revision) or a full bucket gives up its oldest entry.
    const fresh = bucket.filter((e) => e.registry !== registry || e.revision === registry.revision);
    this.count -= bucket.length - fresh.length;
    bucket = fresh;
    if (bucket.length >= PER_KEY) {
      bucket.shift();
      this.count--;
    }
    bucket.push({ registry, revision: registry.revision, types: [...types], result });
    this.count++;
    this.buckets.set(key, bucket);
    while (this.count > this.limit) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) break;
      const b = this.buckets.get(oldest.value)!;
      b.shift();
      this.count--;
      if (b.length === 0) this.buckets.delete(oldest.value);
    }
  }
}

function keyOf(text: string, names: readonly string[]): string {
  // NUL cannot occur in a variable name the parser accepts, so the parts cannot run together.
  return names.length === 0 ? text : `${text}\u0000${names.join('\u0000')}`;
}

function sameTypes(a: readonly Type[], b: readonly Type[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

/**
 * Ordered structural equality: stricter than `typesAreEqual` (which compares union members as
 * sets and ignores key order), since member and key order show in printed types and in the
 * order of result columns.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aArr = Array.isArray(a);
  if (aArr !== Array.isArray(b)) return false;
  if (aArr) {
    const x = a as readonly unknown[];
    const y = b as readonly unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameValue(x[i], y[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (let i = 0; i < ak.length; i++) {
    const k = ak[i];
    if (k !== bk[i] || !sameValue(x[k], y[k])) return false;
  }
  return true;
}
