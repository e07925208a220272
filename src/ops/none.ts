/**
 * Null handling and control flow: `isNone`, the hidden `none-coalesce` and the hidden `if`.
 * All three are raw ops: their inputs arrive as they are (tags included, lists not mapped).
 */
import {
  isListLike,
  isNullable,
  isTaggedValue,
  list,
  listObjectType,
  maybe,
  nonNullable,
  nullableOneOrMany,
  taggedValue,
  union,
  type Type,
} from '../types/index.js';
import type { OpDeclaration } from './opdef.js';
import { Tagged, tagValue, untag } from './values.js';

// ---------------------------------------------------------------------------------------------
// coalesce: the output type follows the reference's table over six shapes of each side
// (C/N = concrete/nullable value; S = single, LC / LN = list of concrete / nullable elements).

const isNullableType = (t: Type): boolean => t === 'none' || isNullable(t);
const isListShaped = (t: Type): boolean => isListLike(nonNullable(t));
const elementsNullable = (t: Type): boolean => isNullableType(listObjectType(nonNullable(t)));

type Shape = 'CS' | 'NS' | 'CLC' | 'CLN' | 'NLC' | 'NLN';

export function coalesceShape(t: Type): Shape {
  const n = isNullableType(t) ? 'N' : 'C';
  if (!isListShaped(t)) return `${n}S` as Shape;
  return `${n}L${elementsNullable(t) ? 'N' : 'C'}` as Shape;
}

/** The output type of `lhs.coalesce(rhs)` (genericOps tests: all 81 combinations). */
export function coalesceType(lhsIn: Type, rhsIn: Type): Type {
  const lhs = isTaggedValue(lhsIn) ? lhsIn.value : lhsIn;
  const rhs = isTaggedValue(rhsIn) ? rhsIn.value : rhsIn;
  const lhsTagged = (t: Type) => (isTaggedValue(lhsIn) ? taggedValue(lhsIn.tag, t) : t);
  const rhsTagged = (t: Type) => (isTaggedValue(rhsIn) ? taggedValue(rhsIn.tag, t) : t);
  const left = coalesceShape(lhs);
  const right = coalesceShape(rhs);
  const rightIsSingle = right === 'CS' || right === 'NS';
  const rightIsConcreteList = right === 'CLC' || right === 'CLN';
  switch (left) {
    case 'CS':
    case 'CLC':
      // Nothing to fill.
      return lhsTagged(lhs);
    case 'NS':
    case 'NLC': {
      const present = nonNullable(lhs);
      if (left === 'NS' && present === 'none') return rhsIn;
      return union([lhsTagged(present), left === 'NS' ? rhsIn : rhsTagged(rhs)]);
    }
    case 'CLN': {
      const element = lhsTagged(nonNullable(listObjectType(lhs)));
      if (rightIsSingle) return list(union([element, rhsTagged(rhs)]));
      const filled = list(union([element, rhsTagged(listObjectType(rhs))]));
      return rightIsConcreteList ? filled : union([lhs, filled]);
    }
    case 'NLN': {
      const element = lhsTagged(nonNullable(listObjectType(nonNullable(lhs))));
      if (rightIsSingle) return union([rhsTagged(rhs), list(union([element, rhsTagged(rhs)]))]);
      if (rightIsConcreteList) return union([rhsTagged(rhs), list(union([element, rhsTagged(listObjectType(rhs))]))]);
      return union([rhsTagged(rhs), list(maybe(union([element, rhsTagged(listObjectType(nonNullable(rhs)))])))]);
    }
  }
}

/** Is this value null once its tags are removed? (`coalesce` fills tagged nulls too.) */
const isNull = (v: unknown): boolean => untag(v) == null;

/** The value of `lhs.coalesce(rhs)`: null → rhs; a list's null elements filled from rhs. */
export function coalesceValue(lhsIn: unknown, rhsIn: unknown): unknown {
  const lhs = untag(lhsIn);
  const rhs = untag(rhsIn);
  const lhsTag = lhsIn instanceof Tagged ? lhsIn.tag : null;
  const rhsTag = rhsIn instanceof Tagged ? rhsIn.tag : null;
  if (lhs == null) return rhs == null ? null : tagValue(rhsTag, rhs);
  if (rhs == null || !Array.isArray(lhs)) return tagValue(lhsTag, lhs);
  if (Array.isArray(rhs)) {
    // Position-wise; the result is as long as the left list.
    return lhs.map((item, i) => (isNull(item) ? (i < rhs.length ? tagValue(rhsTag, rhs[i]) : null) : tagValue(lhsTag, item)));
  }
  return lhs.map((item) => (isNull(item) ? tagValue(rhsTag, rhs) : tagValue(lhsTag, item)));
}

export const noneOps: OpDeclaration[] = [
  {
    name: 'isNone',
    kind: 'raw',
    argTypes: { val: maybe('any') },
    returnType: 'boolean',
    resolver: ({ val }) => untag(val) == null,
    description: 'Tells whether a value is null (the whole value: a list is not looked into)',
    argDescriptions: { val: 'Any value' },
    returnValueDescription: 'True when the value is null',
  },
  {
    name: 'none-coalesce',
    kind: 'raw',
    hidden: true,
    argTypes: { lhs: nullableOneOrMany('any'), rhs: nullableOneOrMany('any') },
    returnType: (types) => coalesceType(types.lhs, types.rhs),
    resolver: ({ lhs, rhs }) => coalesceValue(lhs, rhs),
    description:
      'Replaces null by another value. On a list, each null element is replaced: by the value, or by the ' +
      'element at the same position when the replacement is a list',
    argDescriptions: { lhs: 'The value (or list) that may be null', rhs: 'The replacement (or list of replacements)' },
    returnValueDescription: 'The value with its nulls replaced',
  },
  {
    name: 'if',
    kind: 'raw',
    hidden: true,
    argTypes: { condition: maybe('boolean'), then: 'any', else: 'any' },
    // The reference refines the type by evaluating the condition; a constant condition is the
    // case the checker can see without data.
    returnType: (types, inputs) => {
      const condition = inputs.condition;
      if (condition?.nodeType === 'const') return condition.val ? types.then : types.else;
      return union([types.then, types.else]);
    },
    resolver: (inputs) => (untag(inputs.condition) ? inputs.then : inputs.else),
    description: 'Chooses between two values (`cond.if(a, b)`); a null condition chooses the second',
    argDescriptions: {
      condition: 'The condition',
      then: 'The value when the condition is true',
      else: 'The value otherwise',
    },
    returnValueDescription: 'One of the two values',
  },
];
