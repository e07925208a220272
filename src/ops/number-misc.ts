/**
 * Unary number ops, conversions, binning and number generators, in the reference's order
 * (`number-floor` … `throwError`), followed by the function-form `range` and `gauss` (which the
 * reference declares with the list ops; no other op shares their names, so their position does
 * not affect dispatch).
 */
import { functionType, list, maybe } from '../types/index.js';
import type { LambdaFn, OpDeclaration } from './opdef.js';
import { asNumber, checkGeneratedLength, NUMBER_PAGES, numberBin, numbersArg } from './number-common.js';
import { untag } from './values.js';

/** A standard op on one number, argument `arg` (the reference names it `in`, `n` or `val`). */
function unary(
  name: string,
  fn: (x: number) => number,
  description: string,
  returnValueDescription: string,
  extra: Partial<OpDeclaration> & { readonly arg?: string; readonly argDescription?: string } = {},
): OpDeclaration {
  const { arg = 'in', argDescription = 'The number', ...rest } = extra;
  return {
    name,
    kind: 'standard',
    argTypes: { [arg]: 'number' },
    returnType: 'number',
    resolver: (inputs) => fn(inputs[arg] as number),
    description,
    argDescriptions: { [arg]: argDescription },
    returnValueDescription,
    ...rest,
  };
}

/** `(x).toByteString`: the reference formats with numeral's `0.00b` (decimal units, 2 decimals). */
const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

export function formatBytes(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  let value = x;
  let unit = '';
  for (let power = 0; power < BYTE_UNITS.length; power++) {
    const min = 1000 ** power;
    if (value === 0 || (value >= min && value < min * 1000)) {
      unit = BYTE_UNITS[power];
      value /= min;
      break;
    }
  }
  // Round half away from zero on the decimal text (numeral shifts the exponent instead of
  // multiplying, so 1.005 rounds to 1.01), then print two decimals.
  const text = String(value);
  const scaled = text.includes('e') ? value * 100 : Number(`${text}e+2`);
  const rounded = Math.round(scaled) / 100;
  return `${(Object.is(rounded, -0) ? 0 : rounded).toFixed(2)}${unit}`;
}

/** Seconds in 1000 years: the unit thresholds of `toTimestamp`. */
const SECONDS_BOUND = 60 * 60 * 24 * 365 * 1000;

export function toTimestampMs(x: number): number | null {
  if (x < SECONDS_BOUND) return Math.floor(x * 1000);
  if (x < SECONDS_BOUND * 1e3) return Math.floor(x);
  if (x < SECONDS_BOUND * 1e6) return Math.floor(x / 1000);
  if (x < SECONDS_BOUND * 1e9) return Math.floor(x / 1000 / 1000);
  return null;
}

/** The bin function of `binsfixed(step)`: `row` → `{start, stop}` of its bin. */
export function fixedBins(step: number): LambdaFn {
  const mult = 1 / step;
  return (row) => {
    const x = asNumber(row);
    if (x == null) return { start: null, stop: null };
    const start = Math.floor(x * mult) / mult;
    return { start, stop: start + step };
  };
}

/** lodash's `_.range(0, stop)`: counts towards `stop` by ±1; ±Infinity is clamped, NaN is 0. */
export function rangeTo(stop: number): number[] {
  const end = Number.isNaN(stop) ? 0 : Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, stop));
  const step = 0 < end ? 1 : -1;
  const length = Math.max(Math.ceil(end / step), 0);
  checkGeneratedLength(length, `(${stop}).range`);
  const out = new Array<number>(length);
  for (let i = 0, v = 0; i < length; i++, v += step) out[i] = v;
  return out;
}

/** `range(start, stop, step)`: `start, start + step, …` while below `stop`. */
export function rangeStep(start: number, stop: number, step: number): number[] {
  if (!(start < stop)) return [];
  if (Number.isNaN(step)) return [start];
  if (!(step > 0)) throw new Error(`range(${start}, ${stop}, ${step}) never reaches ${stop}: the step must be positive`);
  checkGeneratedLength(Math.ceil((stop - start) / step), `range(${start}, ${stop}, ${step})`);
  const out: number[] = [];
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

/** `n` samples of a normal distribution (Box–Muller). */
export function gaussian(mean: number, std: number, n: number): number[] {
  if (n > 0) checkGeneratedLength(Math.ceil(n), `gauss(${mean}, ${std}, ${n})`);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let u = 0;
    let v = 0;
    while (u === 0) u = Math.random();
    while (v === 0) v = Math.random();
    out.push(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * std + mean);
  }
  return out;
}

const minMax = (values: readonly unknown[]) => {
  let min: number | undefined;
  let max: number | undefined;
  for (const raw of values) {
    const v = asNumber(raw);
    if (v == null || Number.isNaN(v)) continue;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  return { min: min ?? 0, max: max ?? 0 };
};

const num = (v: unknown) => untag(v) as number;

export const numberMiscOps: OpDeclaration[] = [
  unary('number-floor', Math.floor, 'Rounds a number down to a whole number', 'The largest whole number not above it', {
    hidden: true,
  }),
  unary(
    'number-roundthousand',
    (x) => Math.round(x / 1000) * 1000,
    'Rounds a number to the nearest multiple of 1000',
    'The rounded number',
    { hidden: true },
  ),
  unary(
    'number-roundHundredth',
    (x) => Math.round(x * 100) / 100,
    'Rounds a number to two decimal places',
    'The rounded number',
    { hidden: true },
  ),
  unary('number-roundtenth', (x) => Math.round(x * 10) / 10, 'Rounds a number to one decimal place', 'The rounded number', {
    hidden: true,
  }),
  {
    name: 'number-toFixed',
    kind: 'standard',
    hidden: true,
    argTypes: { in: 'number', digits: 'number' },
    returnType: 'number',
    resolver: ({ in: x, digits }) => {
      // JavaScript's toFixed: the digits are truncated (NaN counts as 0) and must be 0 to 100.
      const d = Number.isNaN(digits) ? 0 : Math.trunc(digits as number);
      if (!(d >= 0 && d <= 100)) throw new Error(`toFixed takes 0 to 100 digits, not ${String(digits)}`);
      return Number((x as number).toFixed(d));
    },
    description: 'Rounds a number to a given count of decimal places (the result is a number)',
    argDescriptions: { in: 'The number', digits: 'How many decimal places to keep (0 to 100)' },
    returnValueDescription: 'The rounded number',
  },
  {
    name: 'number-toString',
    kind: 'standard',
    argTypes: { in: 'number' },
    returnType: 'string',
    resolver: ({ in: x }) => String(x),
    description: 'Writes a number as text, the way JavaScript does (`1.5`, `1e+21`, `NaN`)',
    argDescriptions: { in: 'The number' },
    returnValueDescription: 'The number as a string',
    docPages: NUMBER_PAGES,
  },
  {
    name: 'number-toByteString',
    kind: 'standard',
    hidden: true,
    argTypes: { in: 'number' },
    returnType: 'string',
    resolver: ({ in: x }) => formatBytes(x as number),
    description: 'Writes a count of bytes with a decimal unit and two decimals (`1.50KB`)',
    argDescriptions: { in: 'A count of bytes' },
    returnValueDescription: 'The size as text',
  },
  {
    name: 'root_number-binsfixed',
    kind: 'standard',
    hidden: true,
    renderInfo: { type: 'function' },
    argTypes: { step: 'number' },
    returnType: functionType({ row: maybe('number') }, numberBin),
    resolver: ({ step }) => fixedBins(step as number),
    description: 'A binning function with bins of a fixed width',
    argDescriptions: { step: 'The width of each bin' },
    returnValueDescription: 'A function from a number to the `{start, stop}` of its bin',
  },
  {
    name: 'numbers-binsequal',
    kind: 'basic',
    hidden: true,
    argTypes: { arr: numbersArg, bins: 'number' },
    returnType: functionType({ row: 'number' }, numberBin),
    resolver: ({ arr, bins }) => {
      const { min, max } = minMax(arr as unknown[]);
      return fixedBins((max - min) / (bins as number));
    },
    description: 'A binning function that splits the range of a list into equal bins',
    argDescriptions: { arr: 'The numbers to bin', bins: 'How many bins' },
    returnValueDescription: 'A function from a number to the `{start, stop}` of its bin',
  },
  {
    name: 'number-bin',
    kind: 'standard',
    hidden: true,
    argTypes: { in: maybe('number'), binFn: functionType({ row: 'number' }, numberBin) },
    returnType: numberBin,
    resolver: ({ in: x, binFn }) => (binFn as LambdaFn)(untag(x), 0),
    description: 'Puts a number into a bin',
    argDescriptions: { in: 'The number', binFn: 'A binning function, such as `binsfixed(10)`' },
    returnValueDescription: 'The `{start, stop}` of the bin',
  },
  {
    name: 'root_number-range',
    kind: 'standard',
    hidden: true,
    argTypes: { stop: 'number' },
    returnType: list('number'),
    resolver: ({ stop }) => rangeTo(stop as number),
    description: 'The whole numbers from 0 towards a bound (`(3).range` is `[0, 1, 2]`)',
    argDescriptions: { stop: 'The bound, not included' },
    returnValueDescription: 'The list of numbers',
  },
  unary('number-abs', Math.abs, 'The absolute value of a number', 'The number without its sign', {
    renderInfo: { type: 'function' },
    arg: 'n',
    docPages: NUMBER_PAGES,
  }),
  unary('number-sin', Math.sin, 'The sine of an angle in radians', 'The sine', {
    renderInfo: { type: 'function' },
    arg: 'n',
    argDescription: 'The angle in radians',
  }),
  unary('number-cos', Math.cos, 'The cosine of an angle in radians', 'The cosine', {
    renderInfo: { type: 'function' },
    arg: 'n',
    argDescription: 'The angle in radians',
  }),
  {
    name: 'number-toTimestamp',
    kind: 'standard',
    argTypes: { val: 'number' },
    returnType: { type: 'timestamp', unit: 'ms' },
    resolver: ({ val }) => toTimestampMs(val as number),
    description:
      'Reads a number as a point in time. Its size tells the unit: below 31536000000 it counts seconds, ' +
      'below 31536000000000 milliseconds, below 31536000000000000 microseconds, below ' +
      '31536000000000000000 nanoseconds; larger numbers give null',
    argDescriptions: { val: 'Seconds, milliseconds, microseconds or nanoseconds since 1970-01-01 UTC' },
    returnValueDescription: 'The timestamp, in milliseconds since the epoch',
    docPages: NUMBER_PAGES,
  },
  unary('number-negate', (x) => x * -1, 'Changes the sign of a number', 'The number times -1', {
    renderInfo: { type: 'unary', repr: '-' },
    arg: 'val',
    docPages: NUMBER_PAGES,
  }),
  {
    name: 'throwError',
    kind: 'standard',
    hidden: true,
    argTypes: { obj: 'any' },
    returnType: 'string',
    resolver: () => {
      throw new Error('an error raised on purpose (throwError)');
    },
    description: 'Fails the evaluation (a debugging aid)',
    argDescriptions: { obj: 'Any value' },
    returnValueDescription: 'Nothing: it always fails',
  },
  {
    name: 'range',
    kind: 'raw',
    renderInfo: { type: 'function' },
    argTypes: { start: 'int', stop: 'int', step: 'int' },
    returnType: list('number'),
    resolver: ({ start, stop, step }) => rangeStep(num(start), num(stop), num(step)),
    description: 'The numbers from `start` up to `stop`, counting by `step`',
    argDescriptions: {
      start: 'The first number',
      stop: 'The bound, not included',
      step: 'The increment; it must be positive when start < stop',
    },
    returnValueDescription: 'The list of numbers',
  },
  {
    name: 'gauss',
    kind: 'raw',
    renderInfo: { type: 'function' },
    argTypes: { mean: 'number', std: 'number', n: 'number' },
    returnType: list('number'),
    resolver: ({ mean, std, n }) => gaussian(num(mean), num(std), num(n)),
    description: 'Random samples of a normal distribution',
    argDescriptions: {
      mean: 'The mean of the distribution',
      std: 'Its standard deviation',
      n: 'How many samples',
    },
    returnValueDescription: 'A list of `n` random numbers',
  },
];
