/**
 * The library's front door: parse, check, print and evaluate Query Panel expressions.
 */
import { check as checkAst, type Binding, type CheckResult } from './check/checker.js';
import { CompileCache } from './check/compile-cache.js';
import { activeTypeOracle } from './ops/domain/oracle.js';
import { encodeValue, type JsonValue } from './exec/encode.js';
import { RuntimeError } from './exec/rowwise.js';
import { executeWith, type EngineName, type ResultForm } from './exec/vectorized/index.js';
import type { Node } from './graph/node.js';
import { standardRegistry, type OpRegistry } from './ops/index.js';
import { parse } from './parser/index.js';
import { formatDiagnostic, lineColumn, type Diagnostic } from './parser/diagnostic.js';
import { reportFromDiagnostic, type ErrorReport } from './report.js';
import { printGraph } from './check/print.js';
import { suggest as suggestAt, type Completion } from './check/suggest.js';
import { typeToString, type Type } from './types/index.js';
import type { TypeOracle } from './ops/domain/oracle.js';

export interface Variable {
  readonly type: Type;
  readonly value?: unknown;
}

export interface CompileOptions {
  readonly registry?: OpRegistry;
  /** Variables visible to the expression (`runs`, `project` …). */
  readonly variables?: Readonly<Record<string, Variable>>;
}

export interface Compiled extends CheckResult {
  readonly text: string;
}

/**
 * Parsed and checked expressions by text + registry + variable types (see check/compile-cache.ts):
 * a server or panel re-evaluating the same expressions skips parsing and checking.
 */
const compileCache = new CompileCache<Compiled>(256);

/** Empties the cache of checked expressions (tests; the cache is bounded on its own). */
export function clearCompileCache(): void {
  compileCache.clear();
}

/**
 * Parses and type-checks `text`. Never throws for bad input: problems are diagnostics. The
 * result may be shared with other calls for the same text and variable types: treat it (its
 * graph, spans and diagnostics) as read-only.
 */
export function compile(text: string, options: CompileOptions = {}): Compiled {
  const registry = options.registry ?? standardRegistry();
  const vars = options.variables ?? {};
  const names = Object.keys(vars);
  const types: Type[] = new Array<Type>(names.length);
  for (let i = 0; i < names.length; i++) types[i] = vars[names[i]].type;
  // Under a data oracle the types depend on data the key does not see.
  const cacheable = activeTypeOracle() === null;
  if (cacheable) {
    const hit = compileCache.get(text, registry, names, types);
    if (hit !== undefined) return hit;
  }
  const result = compileUncached(text, registry, names, types);
  if (cacheable) compileCache.set(text, registry, names, types, result);
  return result;
}

function compileUncached(text: string, registry: OpRegistry, names: readonly string[], types: readonly Type[]): Compiled {
  const parsed = parse(text);
  if (!parsed.ast) {
    return Object.freeze({ text, node: null, type: 'invalid', diagnostics: parsed.diagnostics, spans: new Map() });
  }
  const variables: Record<string, Binding> = {};
  for (let i = 0; i < names.length; i++) variables[names[i]] = types[i];
  const result = checkAst(parsed.ast, { registry, variables, source: text });
  return Object.freeze({ text, ...result });
}

export interface EvaluateOptions extends CompileOptions {
  readonly signal?: AbortSignal;
  /** `vectorized` (default): row lists in variables of 64+ rows run on the columnar engine; `rowwise`: the row-wise executor only. */
  readonly engine?: EngineName;
}

export type EvaluationResult =
  | { readonly ok: true; readonly value: JsonValue; readonly type: Type }
  | { readonly ok: false; readonly error: ErrorReport };

/** Parses, checks and evaluates `text` with the row-wise executor. */
export function evaluate(text: string, options: EvaluateOptions = {}): EvaluationResult {
  const compiled = compile(text, options);
  if (!compiled.node) return { ok: false, error: reportFromDiagnostic(text, compiled.diagnostics[0]) };
  // Tags are stripped from the answer: the engine can then build it straight from columns.
  const result = execute(compiled.node, compiled, options, 'plain');
  if (!result.ok) return result;
  return { ok: true, value: encodeValue(result.value), type: compiled.type };
}

/** Executes a checked graph; the value keeps its tags. */
export function run(
  node: Node,
  compiled: Pick<Compiled, 'spans' | 'text'>,
  options: EvaluateOptions = {},
): { ok: true; value: unknown } | { ok: false; error: ErrorReport } {
  return execute(node, compiled, options, 'tagged');
}

function execute(
  node: Node,
  compiled: Pick<Compiled, 'spans' | 'text'>,
  options: EvaluateOptions,
  form: ResultForm,
): { ok: true; value: unknown } | { ok: false; error: ErrorReport } {
  const values: Record<string, unknown> = Object.create(null);
  for (const [name, v] of Object.entries(options.variables ?? {})) values[name] = v.value;
  try {
    const value = executeWith(options.engine, node, {
      registry: options.registry ?? standardRegistry(),
      variables: values,
      spans: compiled.spans,
      signal: options.signal,
    }, form);
    return { ok: true, value };
  } catch (e) {
    const err = e instanceof RuntimeError ? e : new RuntimeError(e instanceof Error ? e.message : String(e), null, null, e);
    const at = err.span ? lineColumn(compiled.text, err.span.start) : null;
    return {
      ok: false,
      error: {
        kind: 'runtime',
        code: 'runtime-error',
        message: err.message,
        line: at?.line ?? null,
        column: at?.column ?? null,
        suggestions: [],
      },
    };
  }
}


/** Canonical text of an expression (or of a checked graph). */
export function print(input: string | Node, options: { multiline?: boolean; registry?: OpRegistry } = {}): string {
  const registry = options.registry ?? standardRegistry();
  if (typeof input !== 'string') return printGraph(input, registry, options);
  const compiled = compile(input, { registry });
  if (!compiled.node) throw new Error(compiled.diagnostics[0]?.message ?? 'invalid expression');
  return printGraph(compiled.node, registry, options);
}

export interface SuggestApiOptions extends CompileOptions {
  /** Answers data-dependent types (summary / config keys …), e.g. the oracle of `refineWithBackend`. */
  readonly typeOracle?: TypeOracle;
}

/** Completions for the cursor position in (possibly incomplete) `text`. */
export function suggest(text: string, cursor: number = text.length, options: SuggestApiOptions = {}): Completion[] {
  const variables: Record<string, Binding> = {};
  for (const [name, v] of Object.entries(options.variables ?? {})) variables[name] = v.type;
  return suggestAt(text, cursor, { registry: options.registry ?? standardRegistry(), variables, typeOracle: options.typeOracle });
}

export { typeToString, formatDiagnosticText };
export type { Completion, Diagnostic, Node, OpRegistry, Type, JsonValue };
export { standardRegistry };
export { parse, parseForEditor } from './parser/index.js';

function formatDiagnosticText(text: string, d: Diagnostic): string {
  return formatDiagnostic(text, d);
}

export { reportFromDiagnostic };
export type { ErrorReport };
