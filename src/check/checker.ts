/**
 * The type checker: AST → typed op graph.
 *
 * Every call is bound to an op the way the reference binds it — by display name, render form
 * and the type of the first argument — trying each candidate and keeping those whose output
 * type is valid (language.md §1.3). Where the reference would silently drop text or void the
 * whole graph, we stop with a diagnostic that says what is wrong, where, and what to write.
 */
import levenshtein from 'fast-levenshtein';
import type { Expression, Lambda, Span } from '../parser/ast.js';
import type { Diagnostic } from '../parser/diagnostic.js';
import {
  constNode,
  functionNode,
  outputNode,
  varNode,
  VOID,
  type Node,
  type OutputNode,
} from '../graph/node.js';
import { buildOpNode } from '../ops/build.js';
import type { OpDef, RenderForm } from '../ops/opdef.js';
import type { OpRegistry } from '../ops/registry.js';
import {
  isAssignableTo,
  isFunctionType,
  isList,
  listObjectType,
  nullableTaggableStrip,
  typeToMessageString,
  type Type,
} from '../types/index.js';
import { parseDateLiteral } from './literals.js';
import { explainDispatchFailure } from './explain.js';

/** A variable visible to an expression: a type (its value supplied at run time) or a node. */
export type Binding = Type | { readonly node: Node };

export interface CheckOptions {
  readonly registry: OpRegistry;
  /** Root variables (`runs`, `project` …) and their types. */
  readonly variables?: Readonly<Record<string, Binding>>;
  /** The source text, when available (tells `row => …` from `(row) => …`). */
  readonly source?: string;
}

export interface CheckResult {
  /** The typed graph, or null when the expression has an error. */
  readonly node: Node | null;
  readonly type: Type;
  readonly diagnostics: readonly Diagnostic[];
  /** Where each node of the graph came from in the source. */
  readonly spans: ReadonlyMap<Node, Span>;
}

/** Raised inside the checker to abandon the expression with one diagnostic. */
export class CheckFailure extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

type Scope = ReadonlyMap<string, Node>;

/**
 * Where each node came from: a read-only map that records cheaply while checking (a check
 * records a span per node, most results are never asked) and becomes a `Map` when first read.
 * A node recorded twice keeps its first span and its first place in the iteration order.
 */
class SpanMap implements ReadonlyMap<Node, Span> {
  // Private fields: like a Map, nothing of it shows as own properties (JSON, Object.keys).
  readonly #nodes: Node[] = [];
  readonly #places: Span[] = [];
  #map: Map<Node, Span> | null = null;
  #merged = 0;

  record(node: Node, span: Span): void {
    this.#nodes.push(node);
    this.#places.push(span);
  }

  #read(): Map<Node, Span> {
    const map = (this.#map ??= new Map());
    for (let i = this.#merged; i < this.#nodes.length; i++) {
      const node = this.#nodes[i];
      if (!map.has(node)) map.set(node, this.#places[i]);
    }
    this.#merged = this.#nodes.length;
    return map;
  }

  get size(): number {
    return this.#read().size;
  }
  get(node: Node): Span | undefined {
    return this.#read().get(node);
  }
  has(node: Node): boolean {
    return this.#read().has(node);
  }
  forEach(fn: (span: Span, node: Node, map: ReadonlyMap<Node, Span>) => void, thisArg?: unknown): void {
    this.#read().forEach((span, node) => fn.call(thisArg, span, node, this));
  }
  entries(): MapIterator<[Node, Span]> {
    return this.#read().entries();
  }
  keys(): MapIterator<Node> {
    return this.#read().keys();
  }
  values(): MapIterator<Span> {
    return this.#read().values();
  }
  [Symbol.iterator](): MapIterator<[Node, Span]> {
    return this.#read()[Symbol.iterator]();
  }
  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

export function check(ast: Expression, options: CheckOptions): CheckResult {
  const checker = new Checker(options);
  try {
    const node = checker.convert(ast, checker.rootScope);
    return { node, type: node.type, diagnostics: [], spans: checker.spans };
  } catch (e) {
    if (e instanceof CheckFailure) {
      return { node: null, type: 'invalid', diagnostics: [e.diagnostic], spans: checker.spans };
    }
    throw e;
  }
}

/**
 * The type of the node the checker builds for the expression at `target` (the first one built
 * that is not `invalid`), or null when it builds none — e.g. an error stops it before. The
 * check stops as soon as that node is built: nothing right of it (or above it) is typed and no
 * error is explained. It gives up (null) after building `maxBuilds` op nodes, or once
 * `timeBudgetMs` have passed (looked at before the first node and every 16th; one op's own
 * typing is not cut short).
 */
export function typeAt(
  ast: Expression,
  target: Span,
  options: CheckOptions & { readonly maxBuilds?: number; readonly timeBudgetMs?: number },
): Type | null {
  const budget = options.timeBudgetMs ?? Infinity;
  const deadline = budget === Infinity ? Infinity : performance.now() + budget;
  const checker = new Checker(options, { target, maxBuilds: options.maxBuilds ?? Infinity, deadline, built: 0 });
  try {
    checker.convert(ast, checker.rootScope);
    return null;
  } catch (e) {
    if (e instanceof Found) return e.node.type;
    if (e instanceof CheckFailure || e instanceof GiveUp) return null;
    throw e;
  }
}

/** Thrown (without a stack) when `typeAt` reaches its target. */
class Found {
  constructor(readonly node: Node) {}
}

/** Thrown (without a stack) when `typeAt` cannot reach its target. */
class GiveUp {}

interface Search {
  readonly target: Span;
  readonly maxBuilds: number;
  readonly deadline: number;
  /** Op nodes built so far. */
  built: number;
}

export function typeError(code: string, message: string, span: Span, suggestions: string[] = [], hint?: string): CheckFailure {
  return new CheckFailure({ kind: 'type', code, message, span, suggestions, ...(hint ? { hint } : {}) });
}

class Checker {
  readonly spans = new SpanMap();
  readonly rootScope: Scope;
  readonly registry: OpRegistry;
  private readonly source: string | undefined;
  /** Set when looking for one node's type (`typeAt`). */
  private readonly search: Search | undefined;

  constructor(options: CheckOptions, search?: Search) {
    this.registry = options.registry;
    this.source = options.source;
    this.search = search;
    const scope = new Map<string, Node>();
    for (const [name, binding] of Object.entries(options.variables ?? {})) {
      scope.set(name, isNodeBinding(binding) ? binding.node : varNode(binding, name));
    }
    this.rootScope = scope;
  }

  /** Records where `node` came from; a node seen before keeps its first span. */
  private mark<N extends Node>(node: N, span: Span): N {
    if (this.search) this.reached(node, span);
    this.spans.record(node, span);
    return node;
  }

  /** `mark` for a node just built. */
  private markNew<N extends Node>(node: N, span: Span): N {
    if (this.search) this.reached(node, span);
    this.spans.record(node, span);
    return node;
  }

  private reached(node: Node, span: Span): void {
    const target = this.search!.target;
    if (span.start === target.start && span.end === target.end && node.type !== 'invalid') throw new Found(node);
  }

  convert(ast: Expression, scope: Scope): Node {
    switch (ast.kind) {
      case 'Number':
        return this.markNew(constNode('number', ast.value), ast.span);
      case 'String':
        return this.markNew(constNode('string', ast.value), ast.span);
      case 'Boolean':
        return this.markNew(constNode('boolean', ast.value), ast.span);
      case 'Null':
        return this.markNew(constNode('none', null), ast.span);
      case 'Identifier':
        return this.variable(ast.name, ast.span, scope);
      case 'Array':
        return this.arrayLiteral(ast.elements, ast.span, scope);
      case 'Object':
        return this.objectLiteral(ast, scope);
      case 'Member':
        if (ast.name === '') {
          // Completing `x.`: the receiver may be what is being looked for.
          if (this.search) this.convert(ast.receiver, scope);
          throw typeError('incomplete', 'expected an op name after "."', ast.nameSpan);
        }
        return this.dispatch(ast.name, 'chain', ast.receiver, ast.args, ast.span, ast.nameSpan, scope);
      case 'Call':
        return this.functionCall(ast.callee, ast.args, ast.span, ast.calleeSpan, scope);
      case 'Subscript':
        return this.subscript(ast.receiver, ast.key, ast.span, scope);
      case 'Unary':
        return this.unary(ast.operator, ast.operand, ast.span, scope);
      case 'Binary':
        return this.dispatch(ast.operator, 'binary', ast.left, [ast.right], ast.span, ast.operatorSpan, scope);
      case 'Lambda':
        return this.freeLambda(ast, scope);
      case 'Missing':
        throw typeError('incomplete', 'expected an expression here', ast.span);
    }
  }

  private variable(name: string, span: Span, scope: Scope): Node {
    const bound = scope.get(name);
    if (bound) {
      // A variable bound to an output node (a lambda's `row`) is referenced by name; a root
      // variable is its own var node.
      if (bound.nodeType === 'var' && bound.varName === name) return this.mark(bound, span);
      return this.markNew(varNode(bound.type, name), span);
    }
    const known = [...scope.keys()];
    throw typeError(
      'unknown-variable',
      `unknown variable \`${name}\``,
      span,
      closest(name, known),
      known.length > 0 ? `variables here: ${known.map((k) => `\`${k}\``).join(', ')}` : undefined,
    );
  }

  private arrayLiteral(elements: readonly Expression[], span: Span, scope: Scope): Node {
    const inputs: Record<string, Node> = {};
    elements.forEach((e, i) => {
      inputs[String(i)] = this.convert(e, scope);
    });
    return this.markNew(this.build(this.registry.get('list'), inputs), span);
  }

  private objectLiteral(ast: Extract<Expression, { kind: 'Object' }>, scope: Scope): Node {
    const inputs: Record<string, Node> = {};
    for (const entry of ast.entries) {
      const key = entry.key;
      if (Object.prototype.hasOwnProperty.call(inputs, key)) {
        throw typeError('duplicate-key', `the key "${key}" appears twice in this dict`, entry.keySpan);
      }
      const value = this.convert(entry.value, scope);
      // Plain assignment makes the same own data property, except for `__proto__` (a setter).
      if (key === '__proto__') {
        Object.defineProperty(inputs, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        inputs[key] = value;
      }
    }
    return this.markNew(this.build(this.registry.get('dict'), inputs), ast.span);
  }

  private functionCall(callee: string, args: readonly Expression[], span: Span, calleeSpan: Span, scope: Scope): Node {
    if (callee === 'Date') {
      const arg = args[0];
      if (args.length !== 1 || arg.kind !== 'String') {
        throw typeError('bad-date', 'Date(…) takes one string, e.g. Date("2023-01-01T00:00:00Z")', span);
      }
      const date = parseDateLiteral(arg.value);
      if (date == null) throw typeError('bad-date', `"${arg.value}" is not a date`, arg.span, [], 'use an ISO 8601 date such as "2023-01-01T00:00:00Z"');
      return this.markNew(constNode('date', date), span);
    }
    if (callee === 'Link') {
      const [url, label] = args;
      if (!url || url.kind !== 'String' || (label && label.kind !== 'String') || args.length > 2) {
        throw typeError('bad-link', 'Link(…) takes a url string and an optional label string', span);
      }
      return this.markNew(constNode('link', { name: label?.kind === 'String' ? label.value : url.value, url: url.value }), span);
    }
    return this.dispatch(callee, 'function', args[0], args.slice(1), span, calleeSpan, scope);
  }

  private subscript(receiver: Expression, key: Expression, span: Span, scope: Scope): Node {
    const recv = this.convert(receiver, scope);
    const keyNode = this.convert(key, scope);
    const rest = [key];
    const restNodes = [keyNode];
    for (const name of SUBSCRIPT_OPS) {
      const found = this.tryDispatch(name, 'brackets', recv, rest, restNodes, scope);
      if (found) return this.markNew(found, span);
    }
    throw typeError(
      'bad-subscript',
      `cannot subscript ${typeToMessageString(recv.type)} with ${typeToMessageString(keyNode.type)}`,
      span,
      [],
      'use ["key"] on dicts (or lists of dicts) and [number] on lists',
    );
  }

  private unary(operator: '-' | '!', operand: Expression, span: Span, scope: Scope): Node {
    const opName = operator === '-' ? 'number-negate' : 'boolean-not';
    const def = this.registry.get(opName);
    const arg = this.convert(operand, scope);
    const argName = def.params[0];
    const node = this.build(def, { [argName]: arg });
    if (node.type === 'invalid') {
      throw typeError(
        'bad-operand',
        `unary ${operator} expects ${operator === '-' ? 'a number' : 'a boolean'}, got ${typeToMessageString(arg.type)}`,
        span,
      );
    }
    return this.markNew(node, span);
  }

  /** A lambda that is not an op argument: a function value with untyped parameters. */
  private freeLambda(ast: Lambda, scope: Scope): Node {
    const inner = new Map(scope);
    const inputTypes: Record<string, Type> = {};
    for (const p of ast.params) {
      inputTypes[p.name] = 'any';
      inner.set(p.name, varNode('any', p.name));
    }
    const body = this.convert(ast.body, inner);
    return this.markNew(functionNode(inputTypes, body), ast.span);
  }

  /**
   * Builds an op node, typing it `invalid` when an input does not fit its parameter.
   * `receiverChecked`: the first input is already known to be assignable to its parameter.
   */
  build(def: OpDef, inputs: Record<string, Node>, receiverChecked = false): OutputNode {
    const search = this.search;
    if (search) {
      const n = ++search.built;
      if (n > search.maxBuilds || ((n & 15) === 1 && performance.now() > search.deadline)) throw new GiveUp();
    }
    return buildOpNode(def, inputs, receiverChecked);
  }

  /** A call written `name` in `form`: the first argument (if any) is the receiver. */
  private dispatch(
    name: string,
    form: RenderForm,
    first: Expression | undefined,
    rest: readonly Expression[],
    span: Span,
    nameSpan: Span,
    scope: Scope,
  ): Node {
    const receiver = first ? this.convert(first, scope) : VOID;
    const found = this.tryDispatch(name, form, receiver, rest, null, scope);
    if (found) return this.markNew(found, span);
    if (this.search) throw new GiveUp();
    const args = first ? [first, ...rest] : [...rest];
    throw explainDispatchFailure(this, { name, form, receiver, args, span, nameSpan, scope });
  }

  /**
   * The candidates' nodes for a call, best first; null when none is valid. `restNodes` are
   * already-converted arguments (subscript keys), used instead of converting `rest`.
   */
  tryDispatch(
    name: string,
    form: RenderForm,
    receiver: Node,
    rest: readonly Expression[],
    restNodes: readonly Node[] | null,
    scope: Scope,
  ): OutputNode | null {
    const candidates = this.registry.dispatchCandidates(name, form);
    if (candidates.length === 1) {
      // One candidate: valid or not, no tie-break.
      const def = candidates[0];
      if (!isAssignableTo(receiver.type, def.receiverType)) return null;
      const node = this.callWith(def, receiver, rest, restNodes, scope, true);
      return node && node.type !== 'invalid' ? node : null;
    }
    const valid = this.validCalls(name, form, receiver, rest, restNodes, scope);
    return valid.length === 0 ? null : pickCall(valid, name, receiver.type);
  }

  validCalls(
    name: string,
    form: RenderForm,
    receiver: Node,
    rest: readonly Expression[],
    restNodes: readonly Node[] | null,
    scope: Scope,
  ): { def: OpDef; node: OutputNode }[] {
    const candidates = this.registry.dispatchCandidates(name, form);
    const valid: { def: OpDef; node: OutputNode }[] = [];
    const fits: boolean[] = [];
    // Receiver fit first for every candidate (as before): lambda bodies are typed only for
    // candidates whose receiver fits.
    for (let i = 0; i < candidates.length; i++) fits.push(isAssignableTo(receiver.type, candidates[i].receiverType));
    for (let i = 0; i < candidates.length; i++) {
      if (!fits[i]) continue;
      const def = candidates[i];
      const node = this.callWith(def, receiver, rest, restNodes, scope, true);
      if (node && node.type !== 'invalid') valid.push({ def, node });
    }
    return valid;
  }

  /** Binds arguments positionally to `def`'s parameters; null when the arity does not fit. */
  callWith(
    def: OpDef,
    receiver: Node,
    rest: readonly Expression[],
    restNodes: readonly Node[] | null,
    scope: Scope,
    receiverChecked = false,
  ): OutputNode | null {
    const paramNames = def.params;
    const hasReceiver = paramNames.length > 0;
    const others = hasReceiver ? paramNames.length - 1 : 0;
    const given = restNodes ?? rest;
    if (given.length > others) return null;
    const inputs: Record<string, Node> = {};
    if (hasReceiver) inputs[paramNames[0]] = receiver;
    for (let i = 0; i < others; i++) {
      const param = paramNames[i + 1];
      const paramType = def.inputTypes[param];
      if (i < given.length) {
        inputs[param] = restNodes
          ? restNodes[i]
          : this.argument(rest[i], paramType, def, receiver, scope);
      } else {
        const placeholder = missingArgument(paramType);
        if (!placeholder) return null;
        inputs[param] = placeholder;
      }
    }
    return this.build(def, inputs, receiverChecked);
  }

  /** Converts an argument; a lambda is typed from the op's frame (`row` = an element of the receiver). */
  private argument(arg: Expression, paramType: Type, def: OpDef, receiver: Node, scope: Scope): Node {
    if (arg.kind !== 'Lambda' || !isFunctionType(paramType)) return this.convert(arg, scope);
    const frame = this.lambdaFrame(def, receiver);
    const declared = Object.keys(paramType.inputTypes);
    const inner = new Map(scope);
    const inputTypes: Record<string, Type> = {};
    // Parameters bind by position: the first is the element (`row`), the second its position.
    arg.params.forEach((p, i) => {
      inputTypes[p.name] = parameterType(i, frame);
      inner.set(p.name, i === 0 ? frame : varNode(parameterType(i, frame), p.name));
    });
    // The reference reads the bare form `row => …` as a lambda taking the op's own parameters
    // (`(row, index) => …` for map); keep that when the bare parameter is the op's first one.
    if (arg.params.length === 1 && declared[0] === arg.params[0].name && this.isBareParameter(arg)) {
      for (let i = 1; i < declared.length; i++) inputTypes[declared[i]] = parameterType(i, frame);
    }
    const body = this.convert(arg.body, inner);
    return this.markNew(functionNode(inputTypes, body), arg.span);
  }

  private isBareParameter(arg: Lambda): boolean {
    return this.source !== undefined && this.source[arg.span.start] !== '(';
  }

  /**
   * The node a lambda's first parameter stands for: `receiver.dropna[0]` (or `[0][0]` for joinAll).
   * The frame's types depend on the receiver's type alone (`dropna` and `index` type from their
   * input types; types are immutable), so they are computed once per registry and receiver type
   * and the nodes are built around them.
   */
  private lambdaFrame(def: OpDef, receiver: Node): Node {
    const dropna = this.registry.get('dropna');
    const index = this.registry.get('index');
    const zero = constNode('number', 0);
    let cache = frameTypeCache.get(this.registry);
    if (!cache) frameTypeCache.set(this.registry, (cache = { objects: new RecentTypes(FRAME_CACHE_SIZE), names: new Map() }));
    const t = receiver.type;
    let types = typeof t === 'string' ? cache.names.get(t) : cache.objects.get(t);
    let node: Node;
    if (types) {
      node = outputNode(dropna.name, { [firstParam(dropna)]: receiver }, types.dropna);
      node = outputNode(index.name, { [firstParam(index)]: node, [secondParam(index)]: zero }, types.first);
    } else {
      const d = this.build(dropna, { [firstParam(dropna)]: receiver });
      node = this.build(index, { [firstParam(index)]: d, [secondParam(index)]: zero });
      types = { dropna: d.type, first: node.type };
      if (typeof t === 'string') cache.names.set(t, types);
      else cache.objects.set(t, types);
    }
    if (def.lambdaFrame === 'element-of-element') {
      const inputs = { [firstParam(index)]: node, [secondParam(index)]: zero };
      if (types.inner === undefined) {
        node = this.build(index, inputs);
        types.inner = node.type;
      } else {
        node = outputNode(index.name, inputs, types.inner);
      }
    }
    return node;
  }
}

/** Frame types (`dropna`, `[0]`, `[0][0]`) of a receiver type; filled as needed. */
interface FrameTypes {
  readonly dropna: Type;
  readonly first: Type;
  inner?: Type;
}
const frameTypeCache = new WeakMap<OpRegistry, { objects: RecentTypes<FrameTypes>; names: Map<string, FrameTypes> }>();

/** Receiver types whose frames are remembered (a variable's and a few recent ones are what repeat). */
const FRAME_CACHE_SIZE = 64;

/**
 * The most recently used `limit` entries by type object identity. A `WeakMap` would do without
 * a limit, but every check adds fresh types to it and weak entries make each young-generation
 * GC slower; a small strong map does not.
 */
class RecentTypes<V> {
  private readonly map = new Map<object, V>();
  constructor(private readonly limit: number) {}

  get(key: object): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined && this.map.size > 1) {
      // Most recent last.
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: object, value: V): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as object);
    this.map.set(key, value);
  }
}

/** The type of a lambda's parameter `i` in an op's frame: the element, its position, anything. */
function parameterType(i: number, frame: Node): Type {
  return i === 0 ? frame.type : i === 1 ? 'number' : 'any';
}

/** `x[k]` is `pick` (dicts) or else `index` (lists). */
const SUBSCRIPT_OPS = ['pick', 'index'] as const;

function isNodeBinding(b: Binding): b is { readonly node: Node } {
  return typeof b === 'object' && b !== null && 'node' in b;
}

export function firstInputType(def: OpDef): Type {
  return def.receiverType;
}

function firstParam(def: OpDef): string {
  return def.params[0];
}

function secondParam(def: OpDef): string {
  return def.params[1];
}

/**
 * A left-out trailing argument: null where the parameter accepts null (`"abc".slice(1)`), the
 * reference's `""` placeholder where it accepts a string; otherwise the call does not fit.
 */
function missingArgument(paramType: Type): Node | null {
  if (isAssignableTo('none', paramType)) return constNode('none', null);
  if (isAssignableTo('string', paramType)) return constNode('string', '');
  return null;
}

/** The reference's tie-breaks among several valid calls (language.md §1.3 step 4). */
function pickCall(valid: { def: OpDef; node: OutputNode }[], name: string, receiverType: Type): OutputNode {
  if (valid.length === 1) return valid[0].node;
  if (name === '-') {
    const sub = valid.find((c) => c.def.name === 'number-sub');
    if (sub) return sub.node;
  }
  const names = valid.map((c) => c.def.name);
  if (names.length === 2 && names.includes('file-table') && names.includes('panel-table')) {
    return valid.find((c) => c.def.name === 'file-table')!.node;
  }
  let rest = valid;
  const unmapped = rest.filter((c) => !isMappedFor(c.def, receiverType));
  if (unmapped.length > 0) rest = unmapped;
  if (rest.length > 1) {
    const noGetters = rest.filter((c) => c.def.kind !== 'tag-getter');
    if (noGetters.length > 0) rest = noGetters;
  }
  return rest[0].node;
}

/** An op maps over the receiver when the receiver is a list whose elements fit the op's parameter. */
function isMappedFor(def: OpDef, receiverType: Type): boolean {
  const stripped = nullableTaggableStrip(receiverType);
  return isList(stripped) && isAssignableTo(listObjectType(stripped), firstInputType(def));
}

/** Up to three names from `candidates` closest to `name` (for "did you mean"). */
export function closest(name: string, candidates: Iterable<string>): string[] {
  const scored: { c: string; d: number }[] = [];
  const lower = name.toLowerCase();
  for (const c of new Set(candidates)) {
    if (c === name) continue;
    const d = editDistance(lower, c.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(name.length, c.length) / 3));
    if (d <= limit || (c.toLowerCase().startsWith(lower) && lower.length >= 2)) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  return scored.slice(0, 3).map((s) => s.c);
}

function editDistance(a: string, b: string): number {
  return levenshtein.get(a, b);
}

export { Checker };
export type { Scope };
