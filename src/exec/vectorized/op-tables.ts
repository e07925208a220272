/** Which ops map onto which kernel operator. */
import type { ArithOp, CmpOp, ReduceOp } from '../columnar/index.js';

export const ARITH: Readonly<Record<string, ArithOp>> = {
  'number-add': 'add',
  'number-sub': 'sub',
  'number-mult': 'mul',
  'number-div': 'div',
  'number-modulo': 'mod',
  'number-pow': 'pow',
  'number-powBinary': 'pow',
};
export const CMP: Readonly<Record<string, CmpOp>> = {
  'number-less': 'lt',
  'number-lessEqual': 'le',
  'number-greater': 'gt',
  'number-greaterEqual': 'ge',
  'number-equal': 'eq',
  'number-notEqual': 'ne',
};
export const REDUCE: Readonly<Record<string, ReduceOp>> = {
  'numbers-sum': 'sum',
  'numbers-avg': 'avg',
  'numbers-min': 'min',
  'numbers-max': 'max',
  'numbers-stddev': 'stddev',
  'numbers-argmin': 'argmin',
  'numbers-argmax': 'argmax',
};
