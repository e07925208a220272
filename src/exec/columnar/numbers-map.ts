/**
 * Element-wise unary number kernels (number in, number out) with the semantics of the
 * `number-*` resolvers (src/ops/number-misc.ts): a null row stays null, NaN and ±Infinity go
 * through the JS `Math` functions unchanged, results are stored as Float64 (so −0 survives).
 *
 * | op               | per value                                   |
 * |------------------|---------------------------------------------|
 * | `floor`          | `Math.floor(x)`                             |
 * | `abs`            | `Math.abs(x)`                               |
 * | `sin` / `cos`    | `Math.sin(x)` / `Math.cos(x)`               |
 * | `negate`         | `x * -1`                                    |
 * | `roundThousand`  | `Math.round(x / 1000) * 1000`               |
 * | `roundHundredth` | `Math.round(x * 100) / 100`                 |
 * | `roundTenth`     | `Math.round(x * 10) / 10`                   |
 *
 * plus `toFixed(digits)` (`Number(x.toFixed(d))`) and `toTimestamp` (the unit read from the
 * magnitude; null past nanoseconds), whose outputs can gain nulls.
 */
import { allocBitmap } from './bitmap.js';
import { numberColumn, type NumberColumn, type NumberLogical, type Selection } from './column.js';
import { selectedValidity } from './selection.js';

export type NumMapOp = 'floor' | 'abs' | 'sin' | 'cos' | 'negate' | 'roundThousand' | 'roundHundredth' | 'roundTenth';

/** A unary op over every row (null rows keep their validity; their slots hold unspecified values). */
export function mapNumbers(op: NumMapOp, a: NumberColumn, sel: Selection = null): NumberColumn {
  const m = sel === null ? a.length : sel.length;
  const out = new Float64Array(m);
  const v = a.values;
  switch (op) {
    case 'floor':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = Math.floor(v[k]);
      else for (let k = 0; k < m; k++) out[k] = Math.floor(v[sel[k]]);
      break;
    case 'abs':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = Math.abs(v[k]);
      else for (let k = 0; k < m; k++) out[k] = Math.abs(v[sel[k]]);
      break;
    case 'sin':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = Math.sin(v[k]);
      else for (let k = 0; k < m; k++) out[k] = Math.sin(v[sel[k]]);
      break;
    case 'cos':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = Math.cos(v[k]);
      else for (let k = 0; k < m; k++) out[k] = Math.cos(v[sel[k]]);
      break;
    case 'negate':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = v[k] * -1;
      else for (let k = 0; k < m; k++) out[k] = v[sel[k]] * -1;
      break;
    case 'roundThousand':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = Math.round(v[k] / 1000) * 1000;
      else for (let k = 0; k < m; k++) out[k] = Math.round(v[sel[k]] / 1000) * 1000;
      break;
    case 'roundHundredth':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = Math.round(v[k] * 100) / 100;
      else for (let k = 0; k < m; k++) out[k] = Math.round(v[sel[k]] * 100) / 100;
      break;
    case 'roundTenth':
      if (sel === null) for (let k = 0; k < m; k++) out[k] = Math.round(v[k] * 10) / 10;
      else for (let k = 0; k < m; k++) out[k] = Math.round(v[sel[k]] * 10) / 10;
      break;
  }
  return numberColumn(out, { validity: selectedValidity(a, sel, m), length: m });
}

/**
 * `fn` on every valid row; a null result makes the row null. `logical` tags the output
 * (`timestamp` for `toTimestamp`, `addms`).
 */
export function mapNumbersWith(a: NumberColumn, sel: Selection, fn: (x: number) => number | null, logical: NumberLogical = 'number'): NumberColumn {
  const m = sel === null ? a.length : sel.length;
  const out = new Float64Array(m);
  const { values, validity, bitOffset } = a;
  let outValid: Uint8Array | null = null;
  let nulls = 0;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    let r: number | null = null;
    const j = bitOffset + i;
    if (validity === null || (validity[j >>> 3] & (1 << (j & 7))) !== 0) r = fn(values[i]);
    if (r === null) {
      if (outValid === null) {
        outValid = allocBitmap(m);
        for (let t = 0; t < k; t++) outValid[t >>> 3] |= 1 << (t & 7);
      }
      nulls++;
    } else {
      out[k] = r;
      if (outValid !== null) outValid[k >>> 3] |= 1 << (k & 7);
    }
  }
  return numberColumn(out, { validity: outValid, nullCount: nulls, length: m, logical });
}

/**
 * The digits `toFixed(digits)` uses (integer part, NaN → 0), or null when JavaScript's `toFixed`
 * would throw (outside 0…100: the op then fails, row-wise).
 */
export function toFixedDigits(digits: number | null): number | null {
  const d = Number.isNaN(digits) ? 0 : Math.trunc(digits as number);
  return d >= 0 && d <= 100 ? d : null;
}

/** `toFixed(d)` as a number: `Number(x.toFixed(d))` (the exact decimal rounding of JavaScript). */
export function toFixedNumbers(a: NumberColumn, d: number, sel: Selection = null): NumberColumn {
  const m = sel === null ? a.length : sel.length;
  const out = new Float64Array(m);
  const { values, validity, bitOffset } = a;
  for (let k = 0; k < m; k++) {
    const i = sel === null ? k : sel[k];
    if (validity !== null) {
      const j = bitOffset + i;
      if ((validity[j >>> 3] & (1 << (j & 7))) === 0) continue;
    }
    out[k] = Number(values[i].toFixed(d));
  }
  return numberColumn(out, { validity: selectedValidity(a, sel, m), length: m });
}

/** Seconds in 1000 years: the unit thresholds of `toTimestamp`. */
const SECONDS_BOUND = 60 * 60 * 24 * 365 * 1000;

/** `toTimestamp` of one number: milliseconds since the epoch, the unit read from the magnitude. */
export function timestampMsOf(x: number): number | null {
  if (x < SECONDS_BOUND) return Math.floor(x * 1000);
  if (x < SECONDS_BOUND * 1e3) return Math.floor(x);
  if (x < SECONDS_BOUND * 1e6) return Math.floor(x / 1000);
  if (x < SECONDS_BOUND * 1e9) return Math.floor(x / 1000 / 1000);
  return null;
}

/** `toTimestamp` per row (a `timestamp` column; NaN and numbers past nanoseconds give null). */
export function toTimestamps(a: NumberColumn, sel: Selection = null): NumberColumn {
  return mapNumbersWith(a, sel, timestampMsOf, 'timestamp');
}
