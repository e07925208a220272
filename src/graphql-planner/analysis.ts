/**
 * Consumer analysis: which fields of each fetched object an expression uses.
 *
 * An abstract interpretation of the typed graph. Every node gets an abstract value (`AV`)
 * saying where its (possibly nested, tagged, nullable) contents come from:
 * - `sels`: GraphQL objects of these selections (a run, a list of runs …);
 * - `jsons`: JSON dict fields (`summaryMetrics`, `config`, `metadata`) — picks add top-level keys;
 * - `hist`: history rows of runs — picks add columns;
 * - `tags`: for each tag name, what the tag holds (`summary["loss"].run` is the run's selection);
 * - `entries`: the entries of a dict literal (`{a: run.summary}["a"]["loss"]` projects `loss`);
 * - `origins`: objects a derived value came from (a file knows its artifact version).
 *
 * Domain ops declare their GraphQL needs (`gql` in their declaration); list and dict ops are
 * seen through (lambdas are entered with `row` bound to the list's elements). Any other op, and
 * every target, *uses* its inputs whole: a JSON dict used whole is fetched without key
 * projection, history rows used whole are fetched whole. When in doubt, fetch more, never less.
 */
import { isFunctionLiteral, type Node, type OutputNode } from '../graph/node.js';
import { splitPickPath } from '../ops/dict-path.js';
import { responseKey, type GqlArgs } from '../ops/domain/alias.js';
import type { GqlSpec, GqlStep } from '../ops/domain/gql.js';
import type { OpDef } from '../ops/opdef.js';
import type { OpRegistry } from '../ops/registry.js';
import { isListLike, nullableTaggableStrip } from '../types/index.js';
import { FieldSel, HistoryNeed, Sel } from './selection.js';

/**
 * Tags as an immutable list (most recent first): adding a tag is one allocation, and a value
 * carries only a few. A name may appear more than once (after a union): `tagOf` unions them.
 */
export class Tags {
  constructor(
    readonly name: string,
    readonly av: AV,
    readonly next: Tags | null,
  ) {}
}

const NO_TAGS: Tags | null = null;

function tagOf(tags: Tags | null, name: string): AV | undefined {
  let out: AV | undefined;
  for (let t = tags; t; t = t.next) if (t.name === name) out = out ? union(out, t.av) : t.av;
  return out;
}

function withTag(tags: Tags | null, name: string, av: AV): Tags {
  return new Tags(name, av, tags);
}
const NONE: readonly never[] = [];

export class AV {
  constructor(
    readonly sels: readonly Sel[] = NONE,
    readonly jsons: readonly FieldSel[] = NONE,
    readonly hist: readonly HistoryNeed[] = NONE,
    readonly tags: Tags | null = NO_TAGS,
    readonly entries: ReadonlyMap<string, AV> | null = null,
    readonly origins: readonly Sel[] = NONE,
  ) {}

  get isEmpty(): boolean {
    return (
      this.sels.length === 0 &&
      this.jsons.length === 0 &&
      this.hist.length === 0 &&
      this.tags === null &&
      this.entries === null &&
      this.origins.length === 0
    );
  }

  withTags(tags: Tags | null): AV {
    return new AV(this.sels, this.jsons, this.hist, tags, this.entries, this.origins);
  }
}

export const EMPTY = new AV();

function uniq<T>(a: readonly T[], b: readonly T[]): readonly T[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

function mergeTags(a: Tags | null, b: Tags | null): Tags | null {
  if (a === null || a === b) return b;
  if (b === null) return a;
  // Prepend b's entries that a does not already hold (the same AV under the same name).
  let out: Tags = a;
  const entries: Tags[] = [];
  for (let t: Tags | null = b; t; t = t.next) entries.push(t);
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    let held = false;
    for (let t: Tags | null = a; t; t = t.next) if (t.name === e.name && t.av === e.av) held = true;
    if (!held) out = new Tags(e.name, e.av, out);
  }
  return out;
}

/** Everything either value may hold (dict entries are merged key by key). */
export function union(a: AV, b: AV): AV {
  if (a === b || b.isEmpty) return a;
  if (a.isEmpty) return b;
  let entries: Map<string, AV> | null = null;
  if (a.entries || b.entries) {
    entries = new Map(a.entries ?? []);
    for (const [k, v] of b.entries ?? []) entries.set(k, entries.has(k) ? union(entries.get(k) as AV, v) : v);
  }
  return new AV(
    uniq(a.sels, b.sels),
    uniq(a.jsons, b.jsons),
    uniq(a.hist, b.hist),
    mergeTags(a.tags, b.tags),
    entries,
    uniq(a.origins, b.origins),
  );
}

function unionAll(avs: readonly AV[]): AV {
  return avs.reduce(union, EMPTY);
}

/** A connection read by an op node, and the node, for `first:` pushdown. */
interface ConnectionUse {
  readonly field: FieldSel;
  readonly node: OutputNode;
  /** The connection is the single step of its op (a limit right after it limits it). */
  readonly direct: boolean;
}

const PASS_THROUGH = new Set([
  'limit',
  'offset',
  'index',
  'dropna',
  'concat',
  'flatten',
  'randomlyDownsample',
  'list-createIndexCheckpointTag',
]);

/** Ops that do not look inside their (first) input at all. */
const NO_USE = new Set(['count', 'isNone']);

type Env = ReadonlyMap<string, AV>;

export interface AnalysisResult {
  /** The query-root selection of the targets. */
  readonly root: Sel;
}

/** Runs the analysis of `targets` into the query-root selection `root`. */
export function analyze(targets: readonly Node[], registry: OpRegistry, root: Sel = new Sel('Query', null)): AnalysisResult {
  const a = new Analyzer(registry, root, targets);
  for (const t of targets) a.useAll(a.value(t, new Map(), new Map()));
  a.finishConnections();
  return { root };
}

class Analyzer {
  private readonly connections: ConnectionUse[] = [];
  private readonly consumers = new Map<Node, { node: OutputNode; arg: string }[]>();
  private readonly targetSet: ReadonlySet<Node>;

  constructor(
    private readonly registry: OpRegistry,
    private readonly root: Sel,
    targets: readonly Node[],
  ) {
    this.targetSet = new Set(targets);
  }

  value(node: Node, env: Env, memo: Map<Node, AV>): AV {
    const known = memo.get(node);
    if (known) return known;
    const av = this.compute(node, env, memo);
    memo.set(node, av);
    return av;
  }

  private compute(node: Node, env: Env, memo: Map<Node, AV>): AV {
    switch (node.nodeType) {
      case 'const':
      case 'void':
        return EMPTY;
      case 'var':
        return env.get(node.varName) ?? EMPTY;
      case 'output':
        return this.op(node, env, memo);
    }
  }

  /** The abstract value of a lambda's body with its parameters bound. */
  private lambda(fn: Node, params: readonly AV[], env: Env): AV {
    if (!isFunctionLiteral(fn)) return EMPTY;
    const names = Object.keys(fn.type.inputTypes);
    const inner = new Map(env);
    names.forEach((n, i) => inner.set(n, params[i] ?? EMPTY));
    return this.value(fn.val, inner, new Map());
  }

  private op(node: OutputNode, env: Env, memo: Map<Node, AV>): AV {
    const def = this.registry.find(node.fromOp.name);
    const inputs = node.fromOp.inputs;
    const names = Object.keys(inputs);
    for (let i = 0; i < names.length; i++) {
      const input = inputs[names[i]];
      // Only op nodes can be connections whose consumers matter (`first:` pushdown).
      if (input.nodeType === 'output') this.consumed(input, node, names[i]);
    }
    if (!def) return this.unknown(node, env, memo);

    if (def.kind === 'tag-getter') {
      const tagName = def.declaration.tagName ?? '';
      const obj = this.input(inputs, names[0], env, memo);
      return tagOf(obj.tags, tagName) ?? EMPTY;
    }

    const spec = def.declaration.gql as GqlSpec | undefined;
    if (spec) return this.domain(node, def, spec, env, memo);

    const opName = def.name;
    const first = names.length > 0 ? this.input(inputs, names[0], env, memo) : EMPTY;
    switch (opName) {
      case 'pick':
      case 'dict-pick':
        return this.pick(first, inputs[names[1]]);
      case 'dict': {
        const entries = new Map<string, AV>();
        for (const k of names) entries.set(k, this.input(inputs, k, env, memo));
        return new AV([], [], [], NO_TAGS, entries);
      }
      case 'list':
        return unionAll(names.map((k) => this.input(inputs, k, env, memo)));
      case 'map': {
        const body = this.lambda(inputs[names[1]], [first, EMPTY], env);
        return body.withTags(mergeTags(first.tags, body.tags));
      }
      case 'filter':
      case 'sort':
        this.useAll(this.lambda(inputs[names[1]], [first], env));
        return first;
      case 'groupby': {
        const key = this.lambda(inputs[names[1]], [first], env);
        this.useAll(key);
        return first.withTags(withTag(first.tags, 'groupKey', key));
      }
      case 'join': {
        const second = this.input(inputs, names[1], env, memo);
        this.useAll(this.lambda(inputs[names[2]], [first], env));
        this.useAll(this.lambda(inputs[names[3]], [second], env));
        const a1 = constValue(inputs[names[4]]);
        const a2 = constValue(inputs[names[5]]);
        const tags = mergeTags(first.tags, second.tags);
        if (typeof a1 === 'string' && typeof a2 === 'string') {
          return new AV([], [], [], tags, new Map([
            [a1, first],
            [a2, second],
          ]));
        }
        return union(first, second);
      }
      case 'joinAll': {
        const key = this.lambda(inputs[names[1]], [first], env);
        this.useAll(key);
        return first.withTags(withTag(first.tags, 'joinObj', key));
      }
      case 'mapEach':
        return this.lambda(inputs[names[1]], [first], env);
      default:
        break;
    }
    if (opName === 'unique') {
      // Elements are compared whole.
      this.useAll(first);
      return first;
    }
    if (PASS_THROUGH.has(opName)) {
      for (let i = 1; i < names.length; i++) this.useAll(this.input(inputs, names[i], env, memo));
      return first;
    }
    if (NO_USE.has(opName)) {
      for (let i = 1; i < names.length; i++) this.useAll(this.input(inputs, names[i], env, memo));
      return first.tags === null ? EMPTY : new AV(NONE, NONE, NONE, first.tags);
    }
    return this.unknown(node, env, memo);
  }

  private input(inputs: Readonly<Record<string, Node>>, name: string, env: Env, memo: Map<Node, AV>): AV {
    const n = inputs[name];
    return n ? this.value(n, env, memo) : EMPTY;
  }

  /** An op the analysis does not understand: every input is used whole and may flow into the result. */
  private unknown(node: OutputNode, env: Env, memo: Map<Node, AV>): AV {
    const names = Object.keys(node.fromOp.inputs);
    let first: AV = EMPTY;
    const all: AV[] = [];
    names.forEach((n, i) => {
      const input = node.fromOp.inputs[n];
      if (isFunctionLiteral(input)) {
        const body = this.lambda(input, [first, EMPTY], env);
        this.useAll(body);
        all.push(body);
        return;
      }
      const av = this.value(input, env, memo);
      if (i === 0) first = av;
      this.useAll(av);
      all.push(av);
    });
    const u = unionAll(all);
    return new AV(u.sels, u.jsons, u.hist, u.tags, null, u.origins);
  }

  /** `x[key]`: through dict literals to their entries, into JSON dicts and history rows as projections. */
  private pick(obj: AV, keyNode: Node | undefined): AV {
    const key = keyNode ? constValue(keyNode) : undefined;
    const path = typeof key === 'string' ? splitPickPath(key) : null;
    let out: AV = new AV([], [], [], obj.tags);
    if (obj.entries) {
      if (path && path[0] !== '*') {
        const entry = obj.entries.get(path[0]);
        if (entry) {
          let sub = entry;
          for (const seg of path.slice(1)) sub = this.pickSegment(sub, seg);
          out = union(out, sub);
        }
      } else {
        for (const e of obj.entries.values()) {
          this.useAll(e);
          out = union(out, e);
        }
      }
    }
    const top = path && path[0] !== '*' ? [path[0]] : 'all';
    for (const j of obj.jsons) j.needKeys(top);
    for (const h of obj.hist) h.needColumns(top);
    if (obj.sels.length > 0 || obj.origins.length > 0) out = union(out, new AV(obj.sels, [], [], NO_TAGS, null, obj.origins));
    return out;
  }

  private pickSegment(av: AV, seg: string): AV {
    if (av.entries) {
      const e = av.entries.get(seg);
      return e ?? EMPTY;
    }
    for (const j of av.jsons) j.needKeys(seg === '*' ? 'all' : [seg]);
    for (const h of av.hist) h.needColumns(seg === '*' ? 'all' : [seg]);
    return new AV([], [], [], av.tags);
  }

  /** Marks everything a value holds as used whole (it escapes into a result or an unknown op). */
  useAll(av: AV): void {
    if (av.jsons.length === 0 && av.hist.length === 0 && av.entries === null) return;
    this.useAllSeen(av, new Set());
  }

  private useAllSeen(av: AV, seen: Set<AV>): void {
    if (seen.has(av)) return;
    seen.add(av);
    for (const j of av.jsons) j.needKeys('all');
    for (const h of av.hist) h.needColumns('all');
    if (av.entries) for (const e of av.entries.values()) this.useAllSeen(e, seen);
  }

  // -------------------------------------------------------------------------------------------
  // Domain ops

  private domain(node: OutputNode, def: OpDef, spec: GqlSpec, env: Env, memo: Map<Node, AV>): AV {
    const names = Object.keys(node.fromOp.inputs);
    const inputs = node.fromOp.inputs;
    const isRoot = spec.kind === 'root';
    const receiver = !isRoot && names.length > 0 ? this.value(inputs[names[0]], env, memo) : EMPTY;
    // Other inputs are used whole (they become GraphQL arguments or resolver parameters).
    const argNames = isRoot ? names : names.slice(1);
    const others = argNames.map((n) => this.value(inputs[n], env, memo));
    for (const o of others) this.useAll(o);
    const consts = constInputs(node, argNames);

    let tags = receiver.tags;
    if (def.kind === 'raw') for (const o of others) tags = mergeTags(tags, o.tags);
    if (def.kind === 'standard-tag' && names.length > 0) {
      // Roots are tagged with their (constant) arguments: nothing to fetch through those tags.
      if (!isRoot) tags = withTag(tags, names[0], receiver.tags === null ? receiver : new AV(receiver.sels, receiver.jsons, receiver.hist, NO_TAGS, receiver.entries, receiver.origins));
    }

    switch (spec.kind) {
      case 'root': {
        const sels = this.steps([this.root], spec.steps, consts, node);
        return new AV(sels, [], [], tags);
      }
      case 'path': {
        const sels = this.steps(receiver.sels, spec.steps, consts, node);
        const last = spec.steps[spec.steps.length - 1];
        // Raw nodes (files of a version): the values derive from the receiver objects.
        if (last && last.kind === null) return new AV([], [], [], tags, null, uniq(receiver.sels, receiver.origins));
        return new AV(sels, [], [], tags);
      }
      case 'fields':
        for (const s of receiver.sels) s.need(spec.fields);
        return new AV([], [], [], tags);
      case 'json': {
        const jsons: FieldSel[] = [];
        for (const s of receiver.sels) {
          const f = s.field(spec.field);
          if (!spec.projectable) f.needKeys('all');
          if (spec.fields) s.need(spec.fields);
          jsons.push(f);
        }
        return new AV([], jsons, [], tags);
      }
      case 'history': {
        const hist = receiver.sels.map((s) => s.historyNeed());
        return new AV([], [], hist, tags);
      }
      case 'fileVersion': {
        // The version a file came from, or (for files found in data) one fetched by id later.
        const deferred = this.root.child(deferredKey('artifact'), 'Artifact');
        deferred.field.deferred = true;
        const sels = uniq(uniq(receiver.origins, receiver.sels.filter((s) => s.type === 'Artifact')), [deferred.sel]);
        return new AV(sels, [], [], tags);
      }
      case 'local':
        return new AV([], [], [], tags, null, uniq(receiver.origins, receiver.sels));
    }
  }

  /** Follows GraphQL steps from `from` (selections of the step's parent type). */
  private steps(from: readonly Sel[], steps: readonly GqlStep[], consts: Readonly<Record<string, unknown>> | null, node: OutputNode): Sel[] {
    let current: Sel[] = [...from];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i];
      let args: GqlArgs | null | undefined;
      let deferred = false;
      if (step.args) {
        if (consts === null) deferred = true;
        else args = stepArgs(node, step, consts);
      }
      if (args === null) return [];
      const next: Sel[] = [];
      for (const s of current) {
        if (deferred) {
          const c = s.child(deferredKey(step.field), step.type, undefined, step.many, step.on);
          c.field.deferred = true;
          if (step.fields) c.sel.need(step.fields);
          next.push(c.sel);
          continue;
        }
        const c = s.child(step.field, step.type, args ?? undefined, step.many, step.on);
        if (step.fields) c.sel.need(step.fields);
        if (step.many === 'connection') {
          if (step.fixedFirst != null) {
            c.field.fixedFirst = c.field.fixedFirst == null ? step.fixedFirst : Math.max(c.field.fixedFirst, step.fixedFirst);
            c.field.needCount(step.fixedFirst);
          } else {
            this.connections.push({ field: c.field, node, direct: steps.length === 1 && i === 0 });
          }
        }
        next.push(c.sel);
      }
      current = next;
    }
    return current;
  }

  /** `first:` pushdown: a connection needs only N elements when every consumer of its op is `limit(N)`. */
  finishConnections(): void {
    for (const use of this.connections) use.field.needCount(this.countNeed(use));
  }

  private countNeed(use: ConnectionUse): number | 'all' {
    if (!use.direct || this.targetSet.has(use.node)) return 'all';
    const recv = Object.values(use.node.fromOp.inputs)[0];
    if (recv && isListLike(nullableTaggableStrip(recv.type))) return 'all';
    const consumers = this.consumerIndex().get(use.node) ?? [];
    if (consumers.length === 0) return 'all';
    let need = 0;
    for (const c of consumers) {
      const first = Object.keys(c.node.fromOp.inputs)[0];
      if (c.arg !== first) return 'all';
      const n = constValue(Object.values(c.node.fromOp.inputs)[1]);
      if (c.node.fromOp.name === 'limit' && typeof n === 'number' && Number.isFinite(n)) need = Math.max(need, Math.max(0, Math.ceil(n)));
      else if (c.node.fromOp.name === 'index' && typeof n === 'number' && Number.isFinite(n)) need = Math.max(need, Math.max(0, Math.floor(n) + 1));
      else return 'all';
    }
    return need;
  }

  /** Records that `node` reads `input` as argument `arg` (for `first:` pushdown). */
  private consumed(input: Node, node: OutputNode, arg: string): void {
    const list = this.consumers.get(input);
    if (!list) this.consumers.set(input, [{ node, arg }]);
    else if (!list.some((c) => c.node === node && c.arg === arg)) list.push({ node, arg });
  }

  private consumerIndex(): Map<Node, { node: OutputNode; arg: string }[]> {
    return this.consumers;
  }
}

/** Arguments of a step at an op node, computed once per node (graphs are immutable). */
const ARGS = new WeakMap<OutputNode, Map<GqlStep, GqlArgs | null>>();

function stepArgs(node: OutputNode, step: GqlStep, consts: Readonly<Record<string, unknown>>): GqlArgs | null {
  let byStep = ARGS.get(node);
  if (byStep?.has(step)) return byStep.get(step) as GqlArgs | null;
  const args = step.args ? step.args(consts) : null;
  if (!byStep) ARGS.set(node, (byStep = new Map()));
  byStep.set(step, args);
  return args;
}

/** The value of a const (non-function) node, else undefined. */
export function constValue(node: Node | undefined): unknown {
  if (!node || node.nodeType !== 'const' || isFunctionLiteral(node)) return undefined;
  return node.val;
}

/** The values of `names` when all are consts, else null (the op's arguments are computed). */
function constInputs(node: OutputNode, names: readonly string[]): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  for (const n of names) {
    const input = node.fromOp.inputs[n];
    if (!input || input.nodeType !== 'const' || isFunctionLiteral(input)) return null;
    out[n] = input.val;
  }
  return out;
}

/** The key under which a field with computed arguments is kept (never emitted). */
export function deferredKey(field: string): string {
  return `\u0000deferred:${field}`;
}

export { responseKey };
