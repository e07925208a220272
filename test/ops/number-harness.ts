/**
 * Calls one registered op on constant inputs, the way the checker and the executor do, without
 * going through the parser: the kind's input check, output type and resolver. Used by the tests
 * of the number, string, boolean, none and date ops.
 */
import { constNode, type Node } from '../../src/graph/node.js';
import { standardRegistry } from '../../src/ops/index.js';
import { stripTags, Tagged } from '../../src/ops/values.js';
import { isAssignableTo, list, maybe, taggedValue, typedDict, type Type } from '../../src/types/index.js';

export interface Arg {
  readonly type: Type;
  readonly value: unknown;
}

export const arg = (type: Type, value: unknown): Arg => ({ type, value });
export const num = (value: number): Arg => arg('number', value);
export const str = (value: string): Arg => arg('string', value);
export const bool = (value: boolean): Arg => arg('boolean', value);
export const none: Arg = arg('none', null);
export const date = (iso: string): Arg => arg('date', new Date(iso));
export const numList = (values: readonly (number | null)[]): Arg =>
  arg(list(values.includes(null) ? maybe('number') : 'number', values.length, values.length), [...values]);
export const strList = (values: readonly (string | null)[]): Arg =>
  arg(list(values.includes(null) ? maybe('string') : 'string', values.length, values.length), [...values]);
/** A value tagged `{t: tag}` (the tag is a string). */
export const tagged = (a: Arg, tag = 'x'): Arg =>
  arg(taggedValue(typedDict({ t: 'string' }), a.type), new Tagged({ t: tag }, a.value));

export interface CallResult {
  /** The output type; `invalid` when an input does not fit its parameter. */
  readonly type: Type;
  /** The value with tags stripped (undefined when the call does not type-check). */
  readonly value: unknown;
  /** The value as the op returned it, tags included. */
  readonly raw: unknown;
}

/** Type-checks and runs `opName` on `args` (in the op's parameter order). */
export function call(opName: string, ...args: Arg[]): CallResult {
  const def = standardRegistry().get(opName);
  const names = Object.keys(def.inputTypes);
  const inputs: Record<string, Node> = {};
  const values: Record<string, unknown> = {};
  const types: Record<string, Type> = {};
  args.forEach((a, i) => {
    const name = names[i] ?? String(i);
    inputs[name] = constNode(a.type, a.value);
    values[name] = a.value;
    types[name] = a.type;
  });
  for (const name of names) {
    if (!inputs[name] || !isAssignableTo(inputs[name].type, def.inputTypes[name])) {
      return { type: 'invalid', value: undefined, raw: undefined };
    }
  }
  const type = def.outputType(inputs);
  const raw = def.resolve(values, { inputTypes: types, data: null });
  return { type, value: stripTags(raw), raw };
}

/** Just the value of `call`. */
export const value = (opName: string, ...args: Arg[]): unknown => call(opName, ...args).value;
/** Just the type of `call`. */
export const typeOf = (opName: string, ...args: Arg[]): Type => call(opName, ...args).type;
