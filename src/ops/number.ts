/**
 * Number ops, in the reference's registration order: the `numbers-*` reductions, the binary
 * arithmetic and comparison operators, then the unary and conversion ops (number-misc.ts).
 *
 * Binary operators are standard ops: the receiver may be a number, null, a tagged number or a
 * list of those (mapped one level); the right operand is a nullable number. A null right operand
 * gives null, and the static type follows the right operand (`1 + null` is `none`).
 */
import { nullableSkipTaggable, skipTaggable, type Type } from '../types/index.js';
import type { ArgTypes, OpDeclaration } from './opdef.js';
import { numbersAggregateOps } from './number-aggregate.js';
import { NUMBER_PAGES, numberBinaryArgs } from './number-common.js';
import { numberMiscOps } from './number-misc.js';

/** `number op number?` keeps the right operand's nullability: `none` when it is null. */
const sameAsRhs = (types: ArgTypes): Type => skipTaggable(types.rhs, (t) => t);
/** Comparisons: boolean, nullable when the right operand is. */
const booleanUnlessRhsNull = (types: ArgTypes): Type => nullableSkipTaggable(types.rhs, () => 'boolean');

interface BinarySpec {
  readonly name: string;
  readonly repr: string;
  readonly fn: (a: number, b: number) => number | boolean;
  readonly returnType: (types: ArgTypes) => Type;
  readonly description: string;
  readonly lhs: string;
  readonly rhs: string;
  readonly result: string;
}

function binary(spec: BinarySpec): OpDeclaration {
  const { fn } = spec;
  return {
    name: spec.name,
    kind: 'standard',
    renderInfo: { type: 'binary', repr: spec.repr },
    argTypes: numberBinaryArgs,
    returnType: spec.returnType,
    resolver: ({ lhs, rhs }) => (rhs == null ? null : fn(lhs as number, rhs as number)),
    description: spec.description,
    argDescriptions: { lhs: spec.lhs, rhs: spec.rhs },
    returnValueDescription: spec.result,
    docPages: NUMBER_PAGES,
  };
}

const arithmetic = (
  name: string,
  repr: string,
  fn: (a: number, b: number) => number,
  description: string,
  lhs: string,
  rhs: string,
  result: string,
): OpDeclaration => {
  const op = binary({ name, repr, fn, returnType: sameAsRhs, description, lhs, rhs, result });
  // `//` cannot be typed (it starts a comment), so the W&B docs do not list floorDiv.
  return name === 'number-floorDiv' ? { ...op, docPages: undefined } : op;
};

const comparison = (name: string, repr: string, fn: (a: number, b: number) => boolean, relation: string): OpDeclaration =>
  binary({
    name,
    repr,
    fn,
    returnType: booleanUnlessRhsNull,
    description: `Tells whether a number is ${relation} another`,
    lhs: 'The number on the left',
    rhs: 'The number on the right; null gives null',
    result: `True when the left number is ${relation} the right one`,
  });

const arithmeticOps: OpDeclaration[] = [
  arithmetic('number-add', '+', (a, b) => a + b, 'Adds two numbers', 'The first term', 'The second term; null gives null', 'The sum'),
  arithmetic(
    'number-sub',
    '-',
    (a, b) => a - b,
    'Subtracts one number from another',
    'The number to subtract from',
    'The number to subtract; null gives null',
    'The difference',
  ),
  arithmetic(
    'number-mult',
    '*',
    (a, b) => a * b,
    'Multiplies two numbers',
    'The first factor',
    'The second factor; null gives null',
    'The product',
  ),
  arithmetic(
    'number-div',
    '/',
    (a, b) => a / b,
    'Divides one number by another (floating point: x / 0 is ±Infinity, 0 / 0 is NaN)',
    'The dividend',
    'The divisor; null gives null',
    'The quotient',
  ),
  arithmetic(
    'number-floorDiv',
    '//',
    (a, b) => Math.floor(a / b),
    'Divides one number by another and rounds the quotient down to a whole number',
    'The dividend',
    'The divisor; null gives null',
    'The quotient rounded towards -Infinity',
  ),
  arithmetic(
    'number-modulo',
    '%',
    (a, b) => a % b,
    'The remainder of a division; it has the sign of the dividend and x % 0 is NaN',
    'The dividend',
    'The divisor; null gives null',
    'The remainder',
  ),
  arithmetic(
    'number-powBinary',
    '**',
    (a, b) => a ** b,
    'Raises a number to a power',
    'The base',
    'The exponent; null gives null',
    'The base raised to the exponent',
  ),
  {
    name: 'number-pow',
    kind: 'standard',
    hidden: true,
    renderInfo: { type: 'function' },
    argTypes: numberBinaryArgs,
    returnType: sameAsRhs,
    resolver: ({ lhs, rhs }) => (rhs == null ? null : (lhs as number) ** (rhs as number)),
    description: 'Raises a number to a power (function form of `**`)',
    argDescriptions: { lhs: 'The base', rhs: 'The exponent; null gives null' },
    returnValueDescription: 'The base raised to the exponent',
  },
];

const equalityOps: OpDeclaration[] = [
  {
    name: 'number-equal',
    kind: 'equal',
    renderInfo: { type: 'binary', repr: '==' },
    argTypes: { lhs: 'number', rhs: 'number' },
    description: 'Tells whether two numbers are the same (null equals null; NaN equals nothing)',
    argDescriptions: { lhs: 'The first number, or null', rhs: 'The second number, or null' },
    returnValueDescription: 'True when both sides are the same number, or both are null',
    docPages: NUMBER_PAGES,
  },
  {
    name: 'number-notEqual',
    kind: 'not-equal',
    renderInfo: { type: 'binary', repr: '!=' },
    argTypes: { lhs: 'number', rhs: 'number' },
    description: 'Tells whether two numbers differ (null equals null; NaN differs from everything)',
    argDescriptions: { lhs: 'The first number, or null', rhs: 'The second number, or null' },
    returnValueDescription: 'True unless both sides are the same number or both are null',
    docPages: NUMBER_PAGES,
  },
];

const comparisonOps: OpDeclaration[] = [
  comparison('number-less', '<', (a, b) => a < b, 'less than'),
  comparison('number-greater', '>', (a, b) => a > b, 'greater than'),
  comparison('number-lessEqual', '<=', (a, b) => a <= b, 'less than or equal to'),
  comparison('number-greaterEqual', '>=', (a, b) => a >= b, 'greater than or equal to'),
];

export const numberOps: OpDeclaration[] = [
  ...numbersAggregateOps,
  ...arithmeticOps,
  ...equalityOps,
  ...comparisonOps,
  ...numberMiscOps,
];
