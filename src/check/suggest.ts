/**
 * Completions at a cursor, for editors and the REPL: ops valid for the type to the left of a
 * `.`, dict keys inside `[`, variables and function-form ops where an expression starts.
 * Works on incomplete text: the editor-mode parser gives a partial tree, the checker types
 * what it can, and we read the receiver's type from the nodes it built.
 */
import type { Expression, Span } from '../parser/ast.js';
import { parseForEditor } from '../parser/index.js';
import type { OpDef } from '../ops/opdef.js';
import type { OpRegistry } from '../ops/registry.js';
import {
  isAssignableTo,
  isFunctionType,
  isListLike,
  isTypedDictLike,
  listObjectType,
  nullableTaggableValue,
  typedDictPropertyTypes,
  typeToString,
  typesAreEqual,
  union,
  maybe,
  type Type,
} from '../types/index.js';
import { typeAt, type Binding } from './checker.js';
import { withTypeOracle, type TypeOracle } from '../ops/domain/oracle.js';
import { acceptedHeads, headsMeet, typeHeads, type Accepted } from './shapes.js';

export type CompletionKind = 'op' | 'key' | 'variable' | 'function';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** Text to put in place of `replace` (e.g. `summary`, `"loss"]`, `map((row) => row)`). */
  readonly insertText: string;
  /** The source range the completion replaces (the partial word being typed). */
  readonly replace: Span;
  /** Result type of the completion, readable form. */
  readonly detail?: string;
  readonly documentation?: string;
  /** Hidden ops are offered too, ranked after visible ones. */
  readonly hidden?: boolean;
}

export interface SuggestOptions {
  readonly registry: OpRegistry;
  readonly variables?: Readonly<Record<string, Binding>>;
  /** At most this many items (default 200). */
  readonly limit?: number;
  /** Typing the receiver gives up (no items) after this many op nodes (default `MAX_SUGGEST_BUILDS`). */
  readonly maxBuilds?: number;
  /** … or after this many milliseconds (default `SUGGEST_TIME_BUDGET_MS`). */
  readonly timeBudgetMs?: number;
  /**
   * Answers data-dependent types while typing the receiver (e.g. the oracle of
   * `refineWithBackend`): `runs.summary["` and, inside a lambda, `row.summary["` then offer
   * the keys in the data.
   */
  readonly typeOracle?: TypeOracle;
}

type Site =
  | { kind: 'chain'; receiver: Expression; prefix: string; replace: Span }
  | { kind: 'key'; receiver: Expression; prefix: string; replace: Span; quoted: boolean }
  | { kind: 'start'; prefix: string; replace: Span };

export function suggest(text: string, cursor: number, options: SuggestOptions): Completion[] {
  const at = Math.max(0, Math.min(cursor, text.length));
  const prefixText = text.slice(0, at);
  const { ast } = parseForEditor(prefixText);
  const site = ast ? findSite(ast, at) : { kind: 'start' as const, prefix: '', replace: { start: at, end: at } };
  if (!site) return [];
  const limit = options.limit ?? 200;
  switch (site.kind) {
    case 'start':
      return rank(startItems(site, options), site.prefix).slice(0, limit);
    case 'chain': {
      const t = receiverType(ast!, site.receiver, prefixText, options);
      return t ? rank(chainItems(t, site, options.registry), site.prefix).slice(0, limit) : [];
    }
    case 'key': {
      const t = receiverType(ast!, site.receiver, prefixText, options);
      return t ? rank(keyItems(t, site), site.prefix).slice(0, limit) : [];
    }
  }
}

/** The completion site: the innermost unfinished construct ending at the cursor. */
function findSite(ast: Expression, at: number): Site | null {
  const walk = { at, found: null as Site | null };
  visitSite(ast, walk);
  return walk.found;
}

/** Visits `e` left to right; the last construct that ends at the cursor wins. */
function visitSite(e: Expression, walk: { readonly at: number; found: Site | null }): void {
  const at = walk.at;
  if (e.span.end < at && e.kind !== 'Lambda') return;
  switch (e.kind) {
    case 'Member':
      visitSite(e.receiver, walk);
      for (const a of e.args) visitSite(a, walk);
      if (!e.called && e.nameSpan.end === at) walk.found = { kind: 'chain', receiver: e.receiver, prefix: e.name, replace: e.nameSpan };
      return;
    case 'Subscript':
      visitSite(e.receiver, walk);
      visitSite(e.key, walk);
      if (e.key.kind === 'Missing' && e.key.span.end <= at) {
        walk.found = { kind: 'key', receiver: e.receiver, prefix: '', replace: { start: at, end: at }, quoted: false };
      } else if (e.key.kind === 'String' && e.key.span.end === at && e.span.end === at) {
        walk.found = { kind: 'key', receiver: e.receiver, prefix: e.key.value, replace: e.key.span, quoted: true };
      }
      return;
    case 'Identifier':
      if (e.span.end === at) walk.found = { kind: 'start', prefix: e.name, replace: e.span };
      return;
    case 'Missing':
      if (e.span.end === at || e.span.start === at) walk.found = { kind: 'start', prefix: '', replace: { start: at, end: at } };
      return;
    case 'Binary':
      visitSite(e.left, walk);
      visitSite(e.right, walk);
      return;
    case 'Unary':
      visitSite(e.operand, walk);
      return;
    case 'Call':
      for (const a of e.args) visitSite(a, walk);
      if (e.calleeSpan.end === at && e.args.length === 0 && e.span.end === e.calleeSpan.end) {
        walk.found = { kind: 'start', prefix: e.callee, replace: e.calleeSpan };
      }
      return;
    case 'Array':
      for (const el of e.elements) visitSite(el, walk);
      return;
    case 'Object':
      for (const en of e.entries) visitSite(en.value, walk);
      return;
    case 'Lambda':
      visitSite(e.body, walk);
      return;
    default:
      return;
  }
}

/**
 * Most op nodes typing the receiver may build: a receiver that needs more (thousands of
 * computed list elements, very long chains) gets no completions rather than a slow answer.
 */
export const MAX_SUGGEST_BUILDS = 2000;

/** Time typing the receiver may take, in milliseconds (then no completions). */
export const SUGGEST_TIME_BUDGET_MS = 100;

/**
 * Types the receiver by checking the partial expression up to the node built for it (the
 * first one that is not invalid); null when the check cannot get there.
 */
function receiverType(ast: Expression, receiver: Expression, text: string, options: SuggestOptions): Type | null {
  const at = {
    registry: options.registry,
    variables: options.variables,
    source: text,
    maxBuilds: options.maxBuilds ?? MAX_SUGGEST_BUILDS,
    timeBudgetMs: options.timeBudgetMs ?? SUGGEST_TIME_BUDGET_MS,
  };
  if (!options.typeOracle) return typeAt(ast, receiver.span, at);
  return withTypeOracle(options.typeOracle, () => typeAt(ast, receiver.span, at));
}

/**
 * A closed expression whose data-refined check types the receiver at the cursor — what a
 * caller fetches (e.g. with `refineWithBackend`) before calling `suggest` with the oracle:
 * the receiver itself (`runs.summary["lo` → `runs.summary`), or, inside lambdas, the receiver
 * mapped over each enclosing lambda's list (`runs.filter((row) => row.config["` →
 * `runs.map((row) => row.config)`), so that the data of every element is fetched. Null when
 * the cursor is not at a `.` or `[` after a receiver, or a lambda around it is not an
 * argument of a chain call.
 */
export function completionDataExpression(text: string, cursor: number = text.length): string | null {
  const at = Math.max(0, Math.min(cursor, text.length));
  const prefixText = text.slice(0, at);
  const { ast } = parseForEditor(prefixText);
  if (!ast) return null;
  const site = findSite(ast, at);
  if (!site || site.kind === 'start') return null;
  const path: Expression[] = [];
  if (!pathTo(ast, site.receiver, path)) return null;
  const slice = (e: Expression): string => {
    const t = prefixText.slice(e.span.start, e.span.end);
    return e.kind === 'Binary' || e.kind === 'Unary' || e.kind === 'Lambda' ? `(${t})` : t;
  };
  let out = prefixText.slice(site.receiver.span.start, site.receiver.span.end);
  // path: root … parent of the receiver; wrap at each lambda, innermost first.
  for (let i = path.length - 1; i >= 0; i--) {
    const lambda = path[i];
    if (lambda.kind !== 'Lambda') continue;
    const call = path[i - 1];
    if (!call || call.kind !== 'Member' || !call.called || !call.args.includes(lambda)) return null;
    out = `${slice(call.receiver)}.map((${lambda.params.map((p) => p.name).join(', ')}) => ${out})`;
  }
  return out;
}

/** Fills `path` with the ancestors of `target` (root first); false when it is not in `e`. */
function pathTo(e: Expression, target: Expression, path: Expression[]): boolean {
  if (e === target) return true;
  path.push(e);
  for (const c of children(e)) if (pathTo(c, target, path)) return true;
  path.pop();
  return false;
}

function children(e: Expression): readonly Expression[] {
  switch (e.kind) {
    case 'Member':
      return [e.receiver, ...e.args];
    case 'Subscript':
      return [e.receiver, e.key];
    case 'Binary':
      return [e.left, e.right];
    case 'Unary':
      return [e.operand];
    case 'Call':
      return e.args;
    case 'Array':
      return e.elements;
    case 'Object':
      return e.entries.map((en) => en.value);
    case 'Lambda':
      return [e.body];
    default:
      return [];
  }
}

/** What completing an op needs that does not depend on the receiver, per registry. */
interface OpEntry {
  readonly def: OpDef;
  readonly insertText: string;
  readonly detail: string | undefined;
  readonly documentation: string | undefined;
  /** Index of the op's receiver type in `RegistryIndex.receiverTypes`. */
  readonly group: number;
}

interface RegistryIndex {
  /** Chain ops whose other arguments can be written (in registration order). */
  readonly chain: readonly OpEntry[];
  /**
   * The chain ops' receiver types, each structurally distinct one once (a few dozen for
   * ~200 ops): assignability depends on the structure only, so a receiver is tested against
   * each of these once.
   */
  readonly receiverTypes: readonly Type[];
  /** What each of those accepts (a sound pre-test, see shapes.ts). */
  readonly accepted: readonly Accepted[];
  /** The ops a simple receiver type (`number`, `run` …) gets, once computed. */
  readonly simpleOps: Map<string, OpEntry[]>;
  /** Function-form ops, the first of each display name. */
  readonly functions: readonly OpDef[];
}

const indexes = new WeakMap<OpRegistry, { size: number; index: RegistryIndex }>();

function registryIndex(registry: OpRegistry): RegistryIndex {
  const all = registry.all();
  const known = indexes.get(registry);
  if (known && known.size === all.length) return known.index;
  const chain: OpEntry[] = [];
  const functions: OpDef[] = [];
  const seenFunctions = new Set<string>();
  const receiverTypes: Type[] = [];
  const byJson = new Map<string, number[]>();
  const groupOf = (t: Type): number => {
    // Bucket by JSON text, then confirm with structural equality.
    const key = JSON.stringify(t) ?? '';
    const bucket = byJson.get(key) ?? [];
    const found = bucket.find((g) => typesAreEqual(receiverTypes[g] as Type, t));
    if (found !== undefined) return found;
    receiverTypes.push(t);
    bucket.push(receiverTypes.length - 1);
    byJson.set(key, bucket);
    return receiverTypes.length - 1;
  };
  for (const def of all) {
    if (def.renderInfo.type === 'chain' && otherArgsProducible(def)) {
      chain.push({
        def,
        insertText: def.displayName + argTemplate(def),
        detail: def.returnValueDescription || undefined,
        documentation: def.description || undefined,
        group: groupOf(def.receiverType),
      });
    } else if (def.renderInfo.type === 'function' && !seenFunctions.has(def.displayName)) {
      seenFunctions.add(def.displayName);
      functions.push(def);
    }
  }
  const index = { chain, receiverTypes, accepted: receiverTypes.map(acceptedHeads), simpleOps: new Map(), functions };
  indexes.set(registry, { size: all.length, index });
  return index;
}

function chainItems(t: Type, site: Extract<Site, { kind: 'chain' }>, registry: OpRegistry): Completion[] {
  const index = registryIndex(registry);
  // A simple receiver type (`number`, `run` …) always gets the same ops.
  let entries = typeof t === 'string' ? index.simpleOps.get(t) : undefined;
  if (!entries) {
    entries = fittingOps(t, index);
    if (typeof t === 'string') index.simpleOps.set(t, entries);
  }
  return entries.map((entry) => ({
    label: entry.def.displayName,
    kind: 'op' as const,
    insertText: entry.insertText,
    replace: site.replace,
    detail: entry.detail,
    documentation: entry.documentation,
    hidden: entry.def.hidden,
  }));
}

/** The first chain op of each display name whose receiver `t` fits, in registration order. */
function fittingOps(t: Type, index: RegistryIndex): OpEntry[] {
  // Per receiver type group: 0 not tested yet, 1 fits, 2 does not.
  const fits = new Uint8Array(index.receiverTypes.length);
  const heads = typeHeads(t);
  const seen = new Set<string>();
  const out: OpEntry[] = [];
  for (const entry of index.chain) {
    const def = entry.def;
    if (seen.has(def.displayName)) continue;
    const g = entry.group;
    let fit = fits[g];
    if (fit === 0) {
      const possible = heads === null || headsMeet(heads, index.accepted[g] as Accepted);
      fits[g] = fit = possible && isAssignableTo(t, index.receiverTypes[g] as Type) ? 1 : 2;
    }
    if (fit !== 1) continue;
    seen.add(def.displayName);
    out.push(entry);
  }
  return out;
}

const PRODUCIBLE: Type[] = ['string', 'number', 'boolean', 'none', maybe('string'), maybe('number'), maybe('boolean')];

function otherArgsProducible(def: OpDef): boolean {
  const names = Object.keys(def.inputTypes).slice(1);
  return names.every((n) => {
    const t = def.inputTypes[n];
    return isFunctionType(t) || isAssignableTo(t, union(PRODUCIBLE)) || PRODUCIBLE.some((p) => isAssignableTo(t, p)) || isListLike(t);
  });
}

function argTemplate(def: OpDef): string {
  const names = Object.keys(def.inputTypes).slice(1);
  if (names.length === 0) return '';
  const parts = names.map((n) => {
    const t = def.inputTypes[n];
    if (isFunctionType(t)) {
      const params = Object.keys(t.inputTypes);
      return `(${params.length > 0 ? params.join(', ') : 'row'}) => ${params[0] ?? 'row'}`;
    }
    return isAssignableTo('string', t) ? '""' : n;
  });
  return `(${parts.join(', ')})`;
}

function keyItems(t: Type, site: Extract<Site, { kind: 'key' }>): Completion[] {
  let inner = nullableTaggableValue(t);
  if (isListLike(inner)) inner = nullableTaggableValue(listObjectType(inner));
  if (!isTypedDictLike(inner)) return [];
  const props = typedDictPropertyTypes(inner);
  return Object.keys(props).map((key) => {
    const escaped = key.replace(/\./g, '\\.');
    return {
      label: escaped,
      kind: 'key' as const,
      insertText: `${JSON.stringify(escaped)}]`,
      replace: site.quoted ? site.replace : site.replace,
      detail: typeToString(props[key]),
    };
  });
}

function startItems(site: Extract<Site, { kind: 'start' }>, options: SuggestOptions): Completion[] {
  const out: Completion[] = [];
  for (const name of Object.keys(options.variables ?? {})) {
    const b = options.variables![name];
    const type = typeof b === 'object' && b !== null && 'node' in b ? b.node.type : (b as Type);
    out.push({ label: name, kind: 'variable', insertText: name, replace: site.replace, detail: typeToString(type) });
  }
  for (const def of registryIndex(options.registry).functions) {
    out.push({
      label: def.displayName,
      kind: 'function',
      insertText: `${def.displayName}(`,
      replace: site.replace,
      documentation: def.description || undefined,
      hidden: def.hidden,
    });
  }
  return out;
}

/** Matching items first (prefix, then substring), visible before hidden, then alphabetical. */
function rank(items: Completion[], prefix: string): Completion[] {
  const p = prefix.toLowerCase();
  const kept: { item: Completion; score: number }[] = [];
  for (const c of items) {
    if (c.label === prefix) continue;
    const l = c.label.toLowerCase();
    const contains = p === '' || l.includes(p);
    if (!contains && !isNear(l, p)) continue;
    const match = p === '' ? 0 : l.startsWith(p) ? 0 : contains ? 1 : 2;
    kept.push({ item: c, score: match * 4 + (c.hidden ? 2 : 0) + (c.kind === 'key' || c.kind === 'variable' ? 0 : 1) });
  }
  kept.sort((a, b) => a.score - b.score || a.item.label.localeCompare(b.item.label));
  return kept.map((k) => k.item);
}

/** Typos still find their op: one edit away from a prefix of the label. */
function isNear(label: string, p: string): boolean {
  if (p.length < 3) return false;
  const head = label.slice(0, p.length);
  let diff = 0;
  for (let i = 0; i < p.length; i++) if (head[i] !== p[i]) diff++;
  return diff <= 1;
}
