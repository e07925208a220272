/**
 * What an op is: its declaration (written once, in an op family file) and the definition the
 * registry derives from it by applying the op's kind.
 */
import type { Node } from '../graph/node.js';
import type { Type } from '../types/index.js';

/** How an op is written. */
export type RenderInfo =
  | { readonly type: 'chain' }
  | { readonly type: 'function' }
  | { readonly type: 'binary'; readonly repr: string }
  | { readonly type: 'unary'; readonly repr: string }
  | { readonly type: 'brackets' }
  | { readonly type: 'arrayLiteral' }
  | { readonly type: 'dictionaryLiteral' };

export type RenderForm = RenderInfo['type'];

/**
 * How the first argument is unwrapped (see docs/semantics.md and language.md §4):
 * - `basic`: nullable + taggable, the list is taken whole (`count`, `map`, `filter` …);
 * - `basic-dim-down`: like basic, and element tags are removed (`sum`, `avg` …);
 * - `standard`: nullable + taggable + maps over one list level (`+`, `lower`, `pick` …);
 * - `standard-tag`: standard, and the result is tagged with the op's inputs (`run-summary` …);
 * - `standard-tag-consuming`: maps through all list levels, the resolver sees tags (`file-table`);
 * - `equal` / `not-equal`: like standard for the type, but nulls are compared, not propagated;
 * - `tag-getter`: reads a named tag (`run`, `groupkey` …);
 * - `raw`: no wrapping; the declaration's types and resolver are used as they are.
 */
export type OpKind =
  | 'basic'
  | 'basic-dim-down'
  | 'standard'
  | 'standard-tag'
  | 'standard-tag-consuming'
  | 'equal'
  | 'not-equal'
  | 'tag-getter'
  | 'raw';

/** Ordered argument name → type. The first entry is the receiver. */
export type ArgTypes = Readonly<Record<string, Type>>;

/** A lambda as resolvers receive it: positional parameters (row, index). */
export type LambdaFn = (row: unknown, index: number) => unknown;

/** What a resolver may use besides its inputs. */
export interface ResolveContext {
  /** Declared-or-refined input types, receiver unwrapped as the kind unwraps its value. */
  readonly inputTypes: ArgTypes;
  /** The inputs before the kind unwrapped them (tags still attached). */
  readonly rawInputs: Readonly<Record<string, unknown>>;
  /** Domain data access; null where no backend is attached (pure expressions). */
  readonly data: DataAccess | null;
}

/** Implemented by the executor's data layer (see src/exec); domain ops read W&B objects through it. */
export interface DataAccess {
  readonly [capability: string]: unknown;
}

/** Computes an op's output type from its (refined) input types and nodes (const nodes expose `val`). */
export type ReturnTypeFn = (inputTypes: ArgTypes, inputs: Readonly<Record<string, Node>>) => Type;

export type ResolverFn = (inputs: Record<string, unknown>, ctx: ResolveContext) => unknown;

/** Which typed frame a lambda argument of this op sees (the reference's `getFunctionFrame`). */
export type LambdaFrame = 'element' | 'element-of-element';

export interface OpDocs {
  readonly description: string;
  readonly argDescriptions: Readonly<Record<string, string>>;
  readonly returnValueDescription: string;
}

/** An op as written in an op family file. */
export interface OpDeclaration extends Partial<OpDocs> {
  readonly name: string;
  readonly kind: OpKind;
  readonly renderInfo?: RenderInfo;
  readonly hidden?: boolean;
  /** Argument types as the op's own resolver sees them (before the kind's wrapping). */
  readonly argTypes: ArgTypes;
  /** Output type before the kind's wrapping (a type, or a function of the unwrapped input types). */
  readonly returnType?: Type | ReturnTypeFn;
  readonly resolver?: ResolverFn;
  /** Tag getters: the tag's name and type. */
  readonly tagName?: string;
  readonly tagType?: Type;
  /** For `standard-tag-consuming`-like ops applied at a fixed depth (`dropna`: dims 1). */
  readonly typeConfig?: { readonly dims?: number; readonly tags?: boolean; readonly nones?: boolean };
  /** Lambda arguments: which frame their parameters are typed from. Default 'element'. */
  readonly lambdaFrame?: LambdaFrame;
  /** Names of the doc pages (`../shared/reference/query-expression-language.txt`) that list this op. */
  readonly docPages?: readonly string[];
  /** Optional columnar kernel (filled by the Arrow engine). */
  readonly kernel?: unknown;
  /** Optional GraphQL fragment contribution (filled by the planner / domain layer). */
  readonly gql?: unknown;
}

/** An op as the checker and executor use it: the kind applied. */
export interface OpDef extends OpDocs {
  readonly name: string;
  readonly displayName: string;
  readonly kind: OpKind;
  readonly renderInfo: RenderInfo;
  readonly hidden: boolean;
  /** Full input types, the kind's wrapping applied (what dispatch and assignability check). */
  readonly inputTypes: ArgTypes;
  /** The parameter names, in order (`Object.keys(inputTypes)`, computed once). */
  readonly params: readonly string[];
  /** The first parameter's type (the receiver's), or `'invalid'` for an op without parameters. */
  readonly receiverType: Type;
  readonly outputType: (inputs: Readonly<Record<string, Node>>) => Type;
  readonly resolve: (inputs: Record<string, unknown>, ctx: Omit<ResolveContext, 'inputTypes' | 'rawInputs'> & { readonly inputTypes: ArgTypes }) => unknown;
  readonly lambdaFrame: LambdaFrame;
  readonly declaration: OpDeclaration;
}

/** The display name used for dispatch: the symbol of operators, else the part after the first `-`. */
export function displayNameOf(name: string, renderInfo: RenderInfo): string {
  if (renderInfo.type === 'binary' || renderInfo.type === 'unary') return renderInfo.repr;
  const dash = name.indexOf('-');
  return dash === -1 ? name : name.slice(dash + 1);
}
