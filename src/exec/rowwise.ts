/**
 * The row-wise executor: evaluates a typed graph over plain JS values.
 *
 * The graph is compiled once into a tree of closures. Lambda arguments become `LambdaFn`s
 * that bind their parameters by position (element, index) in a fresh frame. A node inside a
 * lambda body that does not depend on the lambda's parameters is evaluated once, in the
 * frame that binds the variables it does use; a node consumed more than once is cached in
 * that frame, so shared subgraphs are evaluated once.
 */
import { isFunctionLiteral, type Node } from '../graph/node.js';
import type { Span } from '../parser/ast.js';
import type { DataAccess, LambdaFn, OpDef } from '../ops/opdef.js';
import type { OpRegistry } from '../ops/registry.js';

export interface ExecuteOptions {
  readonly registry: OpRegistry;
  /** Values of the root variables the graph refers to. */
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly data?: DataAccess | null;
  /** Where each node came from, for runtime error messages. */
  readonly spans?: ReadonlyMap<Node, Span>;
  /** Checked between elements of long loops; throw to cancel. */
  readonly signal?: AbortSignal;
}

/** A failure while executing an op, naming the op and (when known) the source span. */
export class RuntimeError extends Error {
  constructor(
    message: string,
    readonly opName: string | null,
    readonly span: Span | null,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'RuntimeError';
  }
}

type Evaluator = (frame: Frame) => unknown;

/** One level of variable bindings: the root, or one call of a lambda. */
class Frame {
  cache: Map<Node, unknown> | null = null;
  constructor(
    readonly parent: Frame | null,
    readonly depth: number,
    readonly names: readonly string[],
    readonly values: unknown[],
  ) {}

  at(depth: number): Frame {
    let f: Frame = this;
    while (f.depth > depth) f = f.parent!;
    return f;
  }
}

/** Evaluates `node`; the result still carries tags (strip them with `stripTags`). */
export function executeNode(node: Node, options: ExecuteOptions): unknown {
  const compiler = new Compiler(options);
  const evaluator = compiler.compile(node, []);
  const vars = options.variables ?? {};
  const names = Object.keys(vars);
  const root = new Frame(null, 0, names, names.map((n) => vars[n]));
  return evaluator(root);
}

/** The lexical scopes a node is compiled in: the parameter names of each enclosing lambda. */
type Scopes = readonly (readonly string[])[];

class Compiler {
  private readonly consumers = new Map<Node, number>();

  constructor(private readonly options: ExecuteOptions) {}

  compile(node: Node, scopes: Scopes): Evaluator {
    this.countConsumers(node);
    return this.compileNode(node, scopes);
  }

  private countConsumers(root: Node): void {
    const stack: Node[] = [root];
    const seen = new Set<Node>();
    while (stack.length > 0) {
      const n = stack.pop()!;
      const children = n.nodeType === 'output' ? Object.values(n.fromOp.inputs) : isFunctionLiteral(n) ? [n.val] : [];
      if (seen.has(n)) continue;
      seen.add(n);
      for (const c of children) {
        this.consumers.set(c, (this.consumers.get(c) ?? 0) + 1);
        stack.push(c);
      }
    }
  }

  /** The depth of the innermost scope a node's free variables come from (0 = root). */
  private depthOf(node: Node, scopes: Scopes, memo = new Map<Node, number>()): number {
    const known = memo.get(node);
    if (known !== undefined) return known;
    let depth = 0;
    if (node.nodeType === 'var') {
      for (let i = scopes.length - 1; i >= 0; i--) {
        if (scopes[i].includes(node.varName)) {
          depth = i + 1;
          break;
        }
      }
    } else if (node.nodeType === 'output') {
      for (const input of Object.values(node.fromOp.inputs)) depth = Math.max(depth, this.depthOf(input, scopes, memo));
    } else if (isFunctionLiteral(node)) {
      const inner = [...scopes, Object.keys(node.type.inputTypes)];
      const d = this.depthOf(node.val, inner, new Map());
      depth = Math.min(d, scopes.length);
    }
    memo.set(node, depth);
    return depth;
  }

  private compileNode(node: Node, scopes: Scopes): Evaluator {
    const raw = this.compileRaw(node, scopes);
    if (node.nodeType !== 'output') return raw;
    const depth = this.depthOf(node, scopes);
    // Cache a node that is shared, or that sits in a lambda body without depending on the
    // lambda's parameters (it is then computed once, not once per element).
    const shared = (this.consumers.get(node) ?? 0) >= 2;
    if (!shared && depth === scopes.length) return raw;
    return (frame) => {
      const owner = frame.at(depth);
      const cache = owner.cache ?? (owner.cache = new Map());
      if (cache.has(node)) return cache.get(node);
      const v = raw(frame);
      cache.set(node, v);
      return v;
    };
  }

  private compileRaw(node: Node, scopes: Scopes): Evaluator {
    switch (node.nodeType) {
      case 'const': {
        if (isFunctionLiteral(node)) return this.compileLambda(node.val, Object.keys(node.type.inputTypes), scopes);
        const v = node.val;
        return () => v;
      }
      case 'var':
        return this.compileVar(node.varName, scopes);
      case 'void':
        return () => {
          throw new RuntimeError('cannot execute an incomplete expression', null, null);
        };
      case 'output':
        return this.compileOp(node, scopes);
    }
  }

  private compileVar(name: string, scopes: Scopes): Evaluator {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const pos = scopes[i].indexOf(name);
      if (pos !== -1) {
        const depth = i + 1;
        return (frame) => frame.at(depth).values[pos];
      }
    }
    return (frame) => {
      const root = frame.at(0);
      const pos = root.names.indexOf(name);
      if (pos === -1) throw new RuntimeError(`the variable \`${name}\` has no value`, null, null);
      return root.values[pos];
    };
  }

  /** A lambda value: calling it binds (element, index) to its parameters in a new frame. */
  private compileLambda(body: Node, params: string[], scopes: Scopes): Evaluator {
    const inner = [...scopes, params];
    const depth = inner.length;
    const bodyEval = this.compileNode(body, inner);
    const signal = this.options.signal;
    return (frame) => {
      let calls = 0;
      const fn: LambdaFn = (row, index) => {
        if (signal && (++calls & 4095) === 0 && signal.aborted) throw signal.reason ?? new Error('cancelled');
        return bodyEval(new Frame(frame, depth, params, [row, index]));
      };
      return fn;
    };
  }

  private compileOp(node: Extract<Node, { nodeType: 'output' }>, scopes: Scopes): Evaluator {
    const def = this.options.registry.find(node.fromOp.name);
    if (!def) {
      return () => {
        throw new RuntimeError(`unknown op ${node.fromOp.name}`, node.fromOp.name, this.spanOf(node));
      };
    }
    const names = Object.keys(node.fromOp.inputs);
    const evals = names.map((n) => this.compileNode(node.fromOp.inputs[n], scopes));
    const inputTypes: Record<string, (typeof node)['type']> = Object.create(null);
    for (const n of names) inputTypes[n] = node.fromOp.inputs[n].type;
    const ctx = { inputTypes, data: this.options.data ?? null };
    const span = this.spanOf(node);
    const resolve = def.resolve;
    return (frame) => {
      // Null prototype: an input named `__proto__` (a dict literal key) is an ordinary key.
      const inputs: Record<string, unknown> = Object.create(null);
      for (let i = 0; i < names.length; i++) inputs[names[i]] = evals[i](frame);
      try {
        return resolve(inputs, ctx);
      } catch (e) {
        throw wrapError(e, def, span);
      }
    };
  }

  private spanOf(node: Node): Span | null {
    return this.options.spans?.get(node) ?? null;
  }
}

function wrapError(e: unknown, def: OpDef, span: Span | null): RuntimeError {
  if (e instanceof RuntimeError) return e;
  if (e instanceof Error && e.name === 'AbortError') throw e;
  const message = e instanceof Error ? e.message : String(e);
  return new RuntimeError(`${def.name}: ${message}`, def.name, span, e);
}
