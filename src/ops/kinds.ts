/**
 * Applies an op's kind to its declaration: the kind decides how the first argument's
 * nullability, tags and list-ness are handled, both for types and for values, so that no
 * resolver re-implements mapping, null pass-through or tag propagation.
 */
import type { Node } from '../graph/node.js';
import {
  findNamedTagInType,
  isListLike,
  isTaggedValueLike,
  mappableNullable,
  mappableNullableTaggable,
  maybe,
  mntTypeApply,
  nullable,
  nullableOneOrMany,
  nullableTaggable,
  taggedValue,
  taggedValueTagType,
  taggedValueValueType,
  typedDict,
  type ListType,
  type Type,
} from '../types/index.js';
import {
  displayNameOf,
  type ArgTypes,
  type OpDeclaration,
  type OpDef,
  type ResolveContext,
  type ReturnTypeFn,
} from './opdef.js';
import {
  findNamedTag,
  mappableNullableTaggableVal,
  mappableTaggableVal,
  nullableTaggableVal,
  nullableVal,
  Tagged,
  tagValue,
  untag,
} from './values.js';

type Inputs = Readonly<Record<string, Node>>;
type Ctx = Parameters<OpDef['resolve']>[1];

export function defineOp(decl: OpDeclaration): OpDef {
  const def = applyKind(decl);
  const params = Object.freeze(Object.keys(def.inputTypes));
  const receiverType: Type = params.length > 0 ? (def.inputTypes[params[0]] as Type) : 'invalid';
  return { ...def, params, receiverType };
}

function applyKind(decl: OpDeclaration): Omit<OpDef, 'params' | 'receiverType'> {
  const renderInfo = decl.renderInfo ?? { type: 'chain' };
  const argNames = Object.keys(decl.argTypes);
  const arg0 = argNames[0];
  const docs = {
    description: decl.description ?? '',
    argDescriptions: decl.argDescriptions ?? Object.fromEntries(argNames.map((n) => [n, ''])),
    returnValueDescription: decl.returnValueDescription ?? '',
  };
  const base = {
    name: decl.name,
    displayName: displayNameOf(decl.name, renderInfo),
    kind: decl.kind,
    renderInfo,
    hidden: decl.hidden ?? false,
    lambdaFrame: decl.lambdaFrame ?? 'element',
    declaration: decl,
    ...docs,
  } as const;
  const coreReturn = returnTypeFn(decl);
  const coreResolver = decl.resolver ?? missingResolver(decl.name);

  switch (decl.kind) {
    case 'raw':
      return {
        ...base,
        inputTypes: decl.argTypes,
        outputType: (inputs) => coreReturn(typesOf(inputs), inputs),
        resolve: (inputs, ctx) => coreResolver(inputs, { ...ctx, rawInputs: inputs }),
      };

    case 'basic':
    case 'basic-dim-down': {
      const dimDown = decl.kind === 'basic-dim-down';
      return {
        ...base,
        inputTypes: withFirst(decl.argTypes, arg0, maybe(decl.argTypes[arg0])),
        outputType: (inputs) =>
          nullableTaggable(inputs[arg0].type, (t) => coreReturn(typesWithFirst(inputs, arg0, t), inputs)),
        resolve: (inputs, ctx) => {
          const rest = untagRest(inputs, arg0);
          return nullableTaggableVal(inputs[arg0], (v) => {
            rest[arg0] = dimDown && Array.isArray(v) ? v.map(untag) : v;
            return coreResolver(rest, resolveCtx(ctx, inputs));
          });
        },
      };
    }

    case 'standard':
    case 'standard-tag': {
      const tagging = decl.kind === 'standard-tag';
      const ret: ReturnTypeFn = tagging
        ? (types, inputs) => taggedValue(typedDict(types), coreReturn(types, inputs))
        : coreReturn;
      return {
        ...base,
        inputTypes: withFirst(decl.argTypes, arg0, nullableOneOrMany(decl.argTypes[arg0])),
        outputType: (inputs) =>
          mappableNullableTaggable(inputs[arg0].type, (t) => ret(typesWithFirst(inputs, arg0, t), inputs)),
        resolve: (inputs, ctx) => {
          const rest = untagRest(inputs, arg0);
          const rctx = resolveCtx(ctx, inputs);
          // One argument record reused for every element: resolvers must not keep it.
          return mappableNullableTaggableVal(inputs[arg0], (v) => {
            rest[arg0] = v;
            const result = coreResolver(rest, rctx);
            return tagging ? tagValue(tagRecord(decl.name, rest), result) : result;
          });
        },
      };
    }

    case 'standard-tag-consuming': {
      // A configurable op (`dropna`) states its config; a plain tag-consuming op keeps tags.
      const config = decl.typeConfig ?? { tags: true };
      return {
        ...base,
        inputTypes: withFirst(decl.argTypes, arg0, nullableOneOrMany(decl.argTypes[arg0])),
        outputType: (inputs) =>
          mntTypeApply(inputs[arg0].type, (t) => coreReturn(typesWithFirst(inputs, arg0, t), inputs), config),
        resolve: (inputs, ctx) => {
          const rest = untagRest(inputs, arg0);
          const rctx = resolveCtx(ctx, inputs);
          return applyAtDepth(inputs[arg0], (v) => coreResolver({ ...rest, [arg0]: v }, rctx), config);
        },
      };
    }

    case 'equal':
    case 'not-equal': {
      const equal = decl.kind === 'equal';
      const [lhs, rhs] = argNames;
      return {
        ...base,
        inputTypes: { [lhs]: nullableOneOrMany(decl.argTypes[lhs]), [rhs]: maybe(decl.argTypes[rhs]) },
        outputType: (inputs) => mappableNullableTaggable(inputs[lhs].type, () => 'boolean'),
        resolve: (inputs) => {
          const r = untag(inputs[rhs]);
          const same = decl.resolver
            ? (v: unknown) => decl.resolver!({ [lhs]: v, [rhs]: r }, emptyCtx) as boolean
            : (v: unknown) => v === r || (v == null && r == null);
          return mappableTaggableVal(inputs[lhs], equal ? same : (v) => !same(v));
        },
      };
    }

    case 'tag-getter': {
      const tagName = decl.tagName!;
      const tagType = decl.tagType!;
      return {
        ...base,
        inputTypes: { [arg0]: nullableOneOrMany(taggedValue(typedDict({ [tagName]: tagType }), 'any')) },
        outputType: (inputs) => tagGetterType(inputs[arg0].type, tagName, tagType),
        resolve: (inputs) => tagGetterValue(inputs[arg0], tagName),
      };
    }
  }
}

const emptyCtx: ResolveContext = { inputTypes: {}, rawInputs: {}, data: null };

function returnTypeFn(decl: OpDeclaration): ReturnTypeFn {
  const rt = decl.returnType;
  if (rt === undefined) return () => 'any';
  if (typeof rt === 'function') return rt;
  return () => rt;
}

function missingResolver(name: string) {
  return (): never => {
    throw new Error(`op ${name} cannot be executed here`);
  };
}

/**
 * A record of input types. Like `Object.create(null)`, nothing is inherited (`types.constructor`
 * is undefined unless an input is named so, `__proto__` is an ordinary key); unlike it, the
 * object is not a hash table, so building and reading it is quick.
 */
const TypeRecord = function TypeRecord() {} as unknown as new () => Record<string, Type>;
TypeRecord.prototype = Object.create(null);

function typesOf(inputs: Inputs): Record<string, Type> {
  const out = new TypeRecord();
  for (const k of Object.keys(inputs)) out[k] = inputs[k].type;
  return out;
}

/** `withFirst(typesOf(inputs), first, type)` in one pass: the input types, the receiver's replaced. */
function typesWithFirst(inputs: Inputs, first: string, type: Type): Record<string, Type> {
  const out = new TypeRecord();
  out[first] = type;
  for (const k of Object.keys(inputs)) if (k !== first) out[k] = inputs[k].type;
  return out;
}

/** The same record with the first argument replaced, keeping key order. */
function withFirst<T>(rec: Readonly<Record<string, T>>, first: string, value: T): Record<string, T> {
  const out: Record<string, T> = Object.create(null);
  out[first] = value;
  for (const k of Object.keys(rec)) if (k !== first) out[k] = rec[k];
  return out;
}

/** Every argument but the receiver loses its tags before the op's resolver sees it. */
function untagRest(inputs: Record<string, unknown>, first: string): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  out[first] = null;
  for (const k of Object.keys(inputs)) if (k !== first) out[k] = untag(inputs[k]);
  return out;
}

function resolveCtx(ctx: Ctx, rawInputs: Record<string, unknown>): ResolveContext {
  return { inputTypes: ctx.inputTypes, rawInputs, data: ctx.data };
}

/** The tag a tagging op puts on its result: the op's name and all its inputs. */
function tagRecord(opName: string, args: Record<string, unknown>): Record<string, unknown> {
  return { _opName: opName, ...args };
}

/** Value half of `mntTypeApply`: maps through every list level (or to a fixed depth), keeping tags. */
function applyAtDepth(
  value: unknown,
  fn: (v: unknown) => unknown,
  config: { dims?: number; tags?: boolean; nones?: boolean },
): unknown {
  const dims = config.dims ?? 0;
  let depth: number | null = null;
  if (dims > 0) {
    const d = valueDimDepth(value);
    if (d != null) depth = d - dims;
  }
  return applyValueAt(value, depth, null, fn, config);
}

function applyValueAt(
  v: unknown,
  depth: number | null,
  ancestorTag: unknown,
  fn: (v: unknown) => unknown,
  config: { tags?: boolean; nones?: boolean },
): unknown {
  if (v instanceof Tagged) {
    if (config.tags) return applyValueAt(v.value, depth, tagValue(ancestorTag, v.tag), fn, config);
    return tagValue(v.tag, applyValueAt(v.value, depth, null, fn, config));
  }
  if (Array.isArray(v) && (depth == null || depth > 0)) {
    const next = depth == null ? null : depth - 1;
    return v.map((e) => applyValueAt(e, next, ancestorTag, fn, config));
  }
  if (v == null && !config.nones) return ancestorTag == null ? null : tagValue(ancestorTag, null);
  const arg = config.tags && ancestorTag != null ? tagValue(ancestorTag, v) : v;
  return fn(arg);
}

function valueDimDepth(v: unknown): number | null {
  v = untag(v);
  if (Array.isArray(v)) {
    for (const e of v) {
      const d = valueDimDepth(e);
      if (d != null) return d + 1;
    }
    return 1;
  }
  return v == null ? null : 0;
}

function tagGetterType(objType: Type, tagName: string, tagType: Type): Type {
  return nullable(objType, (nonNull: Type) => {
    let outerTag: Type | null = null;
    let inner = nonNull;
    if (isTaggedValueLike(nonNull)) {
      outerTag = taggedValueTagType(nonNull);
      inner = taggedValueValueType(nonNull);
    }
    if (isListLike(inner)) {
      const items = mappableNullable(inner, (t: Type) => {
        const res = findNamedTagInType(t, tagName, tagType);
        return res !== 'none' && outerTag != null ? taggedValue(outerTag, res) : res;
      });
      if ((items as ListType).objectType !== 'none') return items;
    }
    const outer = findNamedTagInType(nonNull, tagName, tagType);
    return outer;
  });
}

function tagGetterValue(obj: unknown, tagName: string): unknown {
  return nullableVal(obj, (nonNull) => {
    let outerTag: unknown = null;
    let inner = nonNull;
    if (nonNull instanceof Tagged) {
      outerTag = nonNull.tag;
      inner = nonNull.value;
    }
    if (Array.isArray(inner)) {
      let any = false;
      const items = inner.map((e) => {
        if (e == null) return null;
        const res = findNamedTag(e, tagName);
        if (res != null) any = true;
        return res != null && outerTag != null ? tagValue(outerTag, res) : res;
      });
      if (any) return items;
    }
    return findNamedTag(nonNull, tagName);
  });
}

export type { ArgTypes };
