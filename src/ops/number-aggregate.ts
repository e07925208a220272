/**
 * The `numbers-*` reductions (`sum`, `avg`, `argmax`, `argmin`, `stddev`, `min`, `max`): basic
 * dim-down ops over a list of nullable numbers. The kind has already removed element tags; nulls
 * are still in the list and each op decides what they mean (language.md §5.1).
 */
import type { OpDeclaration } from './opdef.js';
import { NUMBER_PAGES, numbersArg } from './number-common.js';

type Num = number | null | undefined;

/**
 * Left-to-right sum of the non-null numbers; 0 for none. The first number is taken as is, so
 * the sum of `[-0]` is `-0` (the reference sums the same way).
 */
export function sumNumbers(numbers: readonly Num[]): number {
  let acc: number | undefined;
  for (const n of numbers) {
    if (n == null) continue;
    acc = acc === undefined ? n : acc + n;
  }
  return acc ?? 0;
}

function nonNull(numbers: readonly Num[]): number[] {
  return numbers.filter((n): n is number => n != null);
}

/**
 * The extreme number under `better` (strict, so ties keep the first), skipping nulls and NaN;
 * undefined when there is none.
 */
function extreme(numbers: readonly Num[], better: (a: number, b: number) => boolean): number | undefined {
  let best: number | undefined;
  for (const n of numbers) {
    if (n == null || Number.isNaN(n)) continue;
    if (best === undefined || better(n, best)) best = n;
  }
  return best;
}

/** Position of the extreme number in the original list (nulls count); -1 without one. */
function argExtreme(numbers: readonly Num[], better: (a: number, b: number) => boolean): number {
  const best = extreme(numbers, better);
  if (best === undefined) return -1;
  return numbers.findIndex((n) => n === best);
}

const greater = (a: number, b: number) => a > b;
const less = (a: number, b: number) => a < b;

const listArgDescription = (what: string) => ({ numbers: `The list of numbers ${what}; nulls are skipped` });

function numbersOp(
  name: string,
  description: string,
  what: string,
  returnValueDescription: string,
  resolver: (numbers: readonly Num[]) => number | null,
): OpDeclaration {
  return {
    name,
    kind: 'basic-dim-down',
    argTypes: { numbers: numbersArg },
    returnType: 'number',
    resolver: ({ numbers }) => resolver(numbers as Num[]),
    description,
    argDescriptions: listArgDescription(what),
    returnValueDescription,
    docPages: NUMBER_PAGES,
  };
}

export const numbersAggregateOps: OpDeclaration[] = [
  numbersOp('numbers-sum', 'Adds up the numbers of a list', 'to add up', 'The total, 0 for a list without numbers', sumNumbers),
  numbersOp(
    'numbers-avg',
    'The arithmetic mean of the numbers of a list',
    'to average',
    'The mean, NaN for a list without numbers',
    (numbers) => {
      const present = nonNull(numbers);
      return sumNumbers(present) / present.length;
    },
  ),
  numbersOp(
    'numbers-argmax',
    'Finds where the largest number of a list is',
    'to search',
    'The position of the first largest number (counting nulls), or -1 if there is none',
    (numbers) => argExtreme(numbers, greater),
  ),
  numbersOp(
    'numbers-argmin',
    'Finds where the smallest number of a list is',
    'to search',
    'The position of the first smallest number (counting nulls), or -1 if there is none',
    (numbers) => argExtreme(numbers, less),
  ),
  numbersOp(
    'numbers-stddev',
    'The population standard deviation of the numbers of a list',
    'to measure',
    'The standard deviation, NaN for a list without numbers',
    (numbers) => {
      const present = nonNull(numbers);
      const mean = sumNumbers(present) / present.length;
      return Math.sqrt(sumNumbers(present.map((v) => (v - mean) * (v - mean))) / present.length);
    },
  ),
  numbersOp(
    'numbers-min',
    'The smallest number of a list',
    'to search',
    'The smallest number, or null if the list has none',
    (numbers) => extreme(numbers, less) ?? null,
  ),
  numbersOp(
    'numbers-max',
    'The largest number of a list',
    'to search',
    'The largest number, or null if the list has none',
    (numbers) => extreme(numbers, greater) ?? null,
  ),
];
