/**
 * Element-wise kernels: arithmetic, comparison, boolean logic, and the fused compare-and-select
 * used by `filter`.
 *
 * Operands are a number column or a scalar (`number`, or `null` for a null literal). All column
 * operands are read through the same optional selection; outputs are compacted to it (output
 * row k ↔ input row `sel[k]`). Semantics (language.md §5.1, §5.5):
 *
 * - `+ - * / % **`: JS double arithmetic (`1/0 = Infinity`, `0/0 = NaN`, `x % 0 = NaN`, `%` has
 *   the dividend's sign, `**` = `Math.pow`); null on either side → null.
 * - `< <= > >=`: null on either side → null.
 * - `== !=`: null is a value (`null == null` is true, `null == 1` is false); otherwise `===`
 *   (so `NaN == NaN` is false). Never null.
 * - `and` / `or`: no short-circuit; null on either side → null; else JS `&&` / `||`.
 * - `not`: null → null.
 *
 * Values are computed for every row (null slots hold unspecified numbers, which is harmless in
 * JS) and the output validity is the AND of the input validities, computed a byte at a time.
 */
import { allocBitmap, andValidity, gatherValidity } from './bitmap.js';
import {
  boolColumn,
  numberColumn,
  type BoolColumn,
  type NumberColumn,
  type NumValues,
  type Selection,
} from './column.js';
import { alignedValidity, selectedValidity } from './selection.js';

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'pow';
export type CmpOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';
export type NumOperand = NumberColumn | number | null;

function isCol(x: NumOperand): x is NumberColumn {
  return x !== null && typeof x === 'object';
}

function operandLength(a: NumOperand, b: NumOperand, sel: Selection): number {
  if (sel !== null) return sel.length;
  if (isCol(a)) {
    if (isCol(b) && b.length !== a.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
    return a.length;
  }
  if (isCol(b)) return b.length;
  throw new Error('at least one operand must be a column');
}

function combinedValidity(a: NumOperand, b: NumOperand, sel: Selection, m: number): Uint8Array | null {
  const va = isCol(a) ? selectedValidity(a, sel, m) : null;
  const vb = isCol(b) ? selectedValidity(b, sel, m) : null;
  return andValidity(va, 0, vb, 0, m);
}

// ---------------------------------------------------------------------------------------------
// arithmetic

function arithCC(op: ArithOp, a: NumValues, b: NumValues, out: Float64Array, sel: Selection): void {
  const m = out.length;
  if (sel === null) {
    switch (op) {
      case 'add':
        for (let i = 0; i < m; i++) out[i] = a[i] + b[i];
        return;
      case 'sub':
        for (let i = 0; i < m; i++) out[i] = a[i] - b[i];
        return;
      case 'mul':
        for (let i = 0; i < m; i++) out[i] = a[i] * b[i];
        return;
      case 'div':
        for (let i = 0; i < m; i++) out[i] = a[i] / b[i];
        return;
      case 'mod':
        for (let i = 0; i < m; i++) out[i] = a[i] % b[i];
        return;
      case 'pow':
        for (let i = 0; i < m; i++) out[i] = Math.pow(a[i], b[i]);
        return;
    }
  }
  switch (op) {
    case 'add':
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        out[k] = a[i] + b[i];
      }
      return;
    case 'sub':
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        out[k] = a[i] - b[i];
      }
      return;
    case 'mul':
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        out[k] = a[i] * b[i];
      }
      return;
    case 'div':
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        out[k] = a[i] / b[i];
      }
      return;
    case 'mod':
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        out[k] = a[i] % b[i];
      }
      return;
    case 'pow':
      for (let k = 0; k < m; k++) {
        const i = sel[k];
        out[k] = Math.pow(a[i], b[i]);
      }
      return;
  }
}

/** column ∘ scalar, or scalar ∘ column when `scalarLeft`. */
function arithCS(op: ArithOp, a: NumValues, c: number, scalarLeft: boolean, out: Float64Array, sel: Selection): void {
  const m = out.length;
  if (sel === null) {
    switch (op) {
      case 'add':
        for (let i = 0; i < m; i++) out[i] = a[i] + c;
        return;
      case 'mul':
        for (let i = 0; i < m; i++) out[i] = a[i] * c;
        return;
      case 'sub':
        if (scalarLeft) for (let i = 0; i < m; i++) out[i] = c - a[i];
        else for (let i = 0; i < m; i++) out[i] = a[i] - c;
        return;
      case 'div':
        if (scalarLeft) for (let i = 0; i < m; i++) out[i] = c / a[i];
        else for (let i = 0; i < m; i++) out[i] = a[i] / c;
        return;
      case 'mod':
        if (scalarLeft) for (let i = 0; i < m; i++) out[i] = c % a[i];
        else for (let i = 0; i < m; i++) out[i] = a[i] % c;
        return;
      case 'pow':
        if (scalarLeft) for (let i = 0; i < m; i++) out[i] = Math.pow(c, a[i]);
        else for (let i = 0; i < m; i++) out[i] = Math.pow(a[i], c);
        return;
    }
  }
  switch (op) {
    case 'add':
      for (let k = 0; k < m; k++) out[k] = a[sel[k]] + c;
      return;
    case 'mul':
      for (let k = 0; k < m; k++) out[k] = a[sel[k]] * c;
      return;
    case 'sub':
      if (scalarLeft) for (let k = 0; k < m; k++) out[k] = c - a[sel[k]];
      else for (let k = 0; k < m; k++) out[k] = a[sel[k]] - c;
      return;
    case 'div':
      if (scalarLeft) for (let k = 0; k < m; k++) out[k] = c / a[sel[k]];
      else for (let k = 0; k < m; k++) out[k] = a[sel[k]] / c;
      return;
    case 'mod':
      if (scalarLeft) for (let k = 0; k < m; k++) out[k] = c % a[sel[k]];
      else for (let k = 0; k < m; k++) out[k] = a[sel[k]] % c;
      return;
    case 'pow':
      if (scalarLeft) for (let k = 0; k < m; k++) out[k] = Math.pow(c, a[sel[k]]);
      else for (let k = 0; k < m; k++) out[k] = Math.pow(a[sel[k]], c);
      return;
  }
}

function allNullNumbers(m: number): NumberColumn {
  return numberColumn(new Float64Array(m), { validity: allocBitmap(m), nullCount: m });
}

/** Element-wise arithmetic (`a op b`). Output is Float64 (JS doubles), compacted to `sel`. */
export function arith(op: ArithOp, a: NumOperand, b: NumOperand, sel: Selection = null): NumberColumn {
  const m = operandLength(a, b, sel);
  if (a === null || b === null) return allNullNumbers(m);
  const out = new Float64Array(m);
  if (isCol(a) && isCol(b)) arithCC(op, a.values, b.values, out, sel);
  else if (isCol(a)) arithCS(op, a.values, b as number, false, out, sel);
  else arithCS(op, (b as NumberColumn).values, a, true, out, sel);
  return numberColumn(out, { validity: combinedValidity(a, b, sel, m) });
}

export const add = (a: NumOperand, b: NumOperand, sel: Selection = null): NumberColumn => arith('add', a, b, sel);
export const sub = (a: NumOperand, b: NumOperand, sel: Selection = null): NumberColumn => arith('sub', a, b, sel);
export const mul = (a: NumOperand, b: NumOperand, sel: Selection = null): NumberColumn => arith('mul', a, b, sel);
export const div = (a: NumOperand, b: NumOperand, sel: Selection = null): NumberColumn => arith('div', a, b, sel);
export const mod = (a: NumOperand, b: NumOperand, sel: Selection = null): NumberColumn => arith('mod', a, b, sel);
export const pow = (a: NumOperand, b: NumOperand, sel: Selection = null): NumberColumn => arith('pow', a, b, sel);

/** `-a` (= a · (−1), so `-0` for 0). */
export function negate(a: NumberColumn, sel: Selection = null): NumberColumn {
  return arith('mul', a, -1, sel);
}

export function abs(a: NumberColumn, sel: Selection = null): NumberColumn {
  const m = sel === null ? a.length : sel.length;
  const out = new Float64Array(m);
  const v = a.values;
  if (sel === null) for (let i = 0; i < m; i++) out[i] = Math.abs(v[i]);
  else for (let k = 0; k < m; k++) out[k] = Math.abs(v[sel[k]]);
  return numberColumn(out, { validity: selectedValidity(a, sel, m) });
}

// ---------------------------------------------------------------------------------------------
// comparisons → bit-packed booleans

type OrderOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq';

/** Packs `a[i] op c` for rows of the output into `out` (bitmap, offset 0). */
function cmpCS(op: OrderOp, a: NumValues, c: number, out: Uint8Array, m: number, sel: Selection): void {
  if (sel === null) {
    const full = m >>> 3;
    switch (op) {
      case 'lt':
        for (let b = 0; b < full; b++) {
          const i = b << 3;
          out[b] =
            +(a[i] < c) | (+(a[i + 1] < c) << 1) | (+(a[i + 2] < c) << 2) | (+(a[i + 3] < c) << 3) |
            (+(a[i + 4] < c) << 4) | (+(a[i + 5] < c) << 5) | (+(a[i + 6] < c) << 6) | (+(a[i + 7] < c) << 7);
        }
        for (let i = full << 3; i < m; i++) if (a[i] < c) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'le':
        for (let b = 0; b < full; b++) {
          const i = b << 3;
          out[b] =
            +(a[i] <= c) | (+(a[i + 1] <= c) << 1) | (+(a[i + 2] <= c) << 2) | (+(a[i + 3] <= c) << 3) |
            (+(a[i + 4] <= c) << 4) | (+(a[i + 5] <= c) << 5) | (+(a[i + 6] <= c) << 6) | (+(a[i + 7] <= c) << 7);
        }
        for (let i = full << 3; i < m; i++) if (a[i] <= c) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'gt':
        for (let b = 0; b < full; b++) {
          const i = b << 3;
          out[b] =
            +(a[i] > c) | (+(a[i + 1] > c) << 1) | (+(a[i + 2] > c) << 2) | (+(a[i + 3] > c) << 3) |
            (+(a[i + 4] > c) << 4) | (+(a[i + 5] > c) << 5) | (+(a[i + 6] > c) << 6) | (+(a[i + 7] > c) << 7);
        }
        for (let i = full << 3; i < m; i++) if (a[i] > c) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'ge':
        for (let b = 0; b < full; b++) {
          const i = b << 3;
          out[b] =
            +(a[i] >= c) | (+(a[i + 1] >= c) << 1) | (+(a[i + 2] >= c) << 2) | (+(a[i + 3] >= c) << 3) |
            (+(a[i + 4] >= c) << 4) | (+(a[i + 5] >= c) << 5) | (+(a[i + 6] >= c) << 6) | (+(a[i + 7] >= c) << 7);
        }
        for (let i = full << 3; i < m; i++) if (a[i] >= c) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'eq':
        for (let i = 0; i < m; i++) if (a[i] === c) out[i >>> 3] |= 1 << (i & 7);
        return;
    }
  }
  for (let k = 0; k < m; k++) {
    const x = a[sel[k]];
    const r = op === 'lt' ? x < c : op === 'le' ? x <= c : op === 'gt' ? x > c : op === 'ge' ? x >= c : x === c;
    if (r) out[k >>> 3] |= 1 << (k & 7);
  }
}

function cmpCC(op: OrderOp, a: NumValues, b: NumValues, out: Uint8Array, m: number, sel: Selection): void {
  if (sel === null) {
    switch (op) {
      case 'lt':
        for (let i = 0; i < m; i++) if (a[i] < b[i]) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'le':
        for (let i = 0; i < m; i++) if (a[i] <= b[i]) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'gt':
        for (let i = 0; i < m; i++) if (a[i] > b[i]) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'ge':
        for (let i = 0; i < m; i++) if (a[i] >= b[i]) out[i >>> 3] |= 1 << (i & 7);
        return;
      case 'eq':
        for (let i = 0; i < m; i++) if (a[i] === b[i]) out[i >>> 3] |= 1 << (i & 7);
        return;
    }
  }
  for (let k = 0; k < m; k++) {
    const i = sel[k];
    const x = a[i];
    const y = b[i];
    const r = op === 'lt' ? x < y : op === 'le' ? x <= y : op === 'gt' ? x > y : op === 'ge' ? x >= y : x === y;
    if (r) out[k >>> 3] |= 1 << (k & 7);
  }
}

const FLIP: Record<OrderOp, OrderOp> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le', eq: 'eq' };

/** Output-space validity bits for a number operand (all ones for a non-null scalar). */
function validBits(x: NumOperand, sel: Selection, m: number): Uint8Array | null {
  if (x === null) return allocBitmap(m);
  if (!isCol(x)) return null;
  return selectedValidity(x, sel, m);
}

/**
 * Number comparison. `lt/le/gt/ge` propagate nulls; `eq/ne` treat null as a value and are
 * never null.
 */
export function compare(op: CmpOp, a: NumOperand, b: NumOperand, sel: Selection = null): BoolColumn {
  const m = operandLength(a, b, sel);
  const bits = allocBitmap(m);
  const base: OrderOp = op === 'ne' ? 'eq' : op;
  if (a !== null && b !== null) {
    if (isCol(a) && isCol(b)) cmpCC(base, a.values, b.values, bits, m, sel);
    else if (isCol(a)) cmpCS(base, a.values, b as number, bits, m, sel);
    else cmpCS(FLIP[base], (b as NumberColumn).values, a, bits, m, sel);
  }
  if (op !== 'eq' && op !== 'ne') {
    if (a === null || b === null) return boolColumn(bits, m, { validity: allocBitmap(m), nullCount: m });
    return boolColumn(bits, m, { validity: combinedValidity(a, b, sel, m) });
  }
  // null-as-value equality: eq = (both valid && equal) || (both null)
  const va = validBits(a, sel, m);
  const vb = validBits(b, sel, m);
  if (va !== null || vb !== null) {
    const bytes = (m + 7) >>> 3;
    for (let k = 0; k < bytes; k++) {
      const x = va === null ? 0xff : va[k];
      const y = vb === null ? 0xff : vb[k];
      bits[k] = (bits[k] & x & y) | (~x & ~y & 0xff);
    }
  }
  if (op === 'ne') invertBits(bits, m);
  return boolColumn(bits, m);
}

function invertBits(bits: Uint8Array, m: number): void {
  const full = m >>> 3;
  for (let k = 0; k < full; k++) bits[k] = ~bits[k] & 0xff;
  for (let i = full << 3; i < m; i++) bits[i >>> 3] ^= 1 << (i & 7);
}

// ---------------------------------------------------------------------------------------------
// boolean logic

export type BoolOperand = BoolColumn | boolean | null;

function boolBitsOut(x: BoolColumn, sel: Selection, m: number): Uint8Array {
  if (sel === null) {
    const al = alignedValidity(x.values, x.bitOffset, m) as Uint8Array;
    return al;
  }
  return gatherValidity(x.values, x.bitOffset, sel) as Uint8Array;
}

function logic(and: boolean, a: BoolOperand, b: BoolOperand, sel: Selection): BoolColumn {
  const colA = a !== null && typeof a === 'object' ? a : null;
  const colB = b !== null && typeof b === 'object' ? b : null;
  const m = sel !== null ? sel.length : colA !== null ? colA.length : colB !== null ? colB.length : -1;
  if (m < 0) throw new Error('at least one operand must be a column');
  if (colA !== null && colB !== null && sel === null && colA.length !== colB.length) throw new Error('length mismatch');
  if (a === null || b === null) return boolColumn(allocBitmap(m), m, { validity: allocBitmap(m), nullCount: m });
  const bytes = (m + 7) >>> 3;
  const out = allocBitmap(m);
  const xa = colA !== null ? boolBitsOut(colA, sel, m) : null;
  const xb = colB !== null ? boolBitsOut(colB, sel, m) : null;
  const ca = colA === null ? ((a as boolean) ? 0xff : 0) : 0;
  const cb = colB === null ? ((b as boolean) ? 0xff : 0) : 0;
  for (let k = 0; k < bytes; k++) {
    const x = xa === null ? ca : xa[k];
    const y = xb === null ? cb : xb[k];
    out[k] = and ? x & y : x | y;
  }
  if ((m & 7) !== 0) out[bytes - 1] &= (1 << (m & 7)) - 1;
  const va = colA !== null ? selectedValidity(colA, sel, m) : null;
  const vb = colB !== null ? selectedValidity(colB, sel, m) : null;
  return boolColumn(out, m, { validity: andValidity(va, 0, vb, 0, m) });
}

/** `a and b`: null on either side → null, else `a && b` (no short-circuit). */
export function and(a: BoolOperand, b: BoolOperand, sel: Selection = null): BoolColumn {
  return logic(true, a, b, sel);
}

/** `a or b`: null on either side → null, else `a || b` (no short-circuit). */
export function or(a: BoolOperand, b: BoolOperand, sel: Selection = null): BoolColumn {
  return logic(false, a, b, sel);
}

/** `!a`; null → null. */
export function not(a: BoolColumn, sel: Selection = null): BoolColumn {
  const m = sel === null ? a.length : sel.length;
  const src = boolBitsOut(a, sel, m);
  const out = allocBitmap(m);
  const bytes = (m + 7) >>> 3;
  for (let k = 0; k < bytes; k++) out[k] = ~src[k] & 0xff;
  if ((m & 7) !== 0) out[bytes - 1] &= (1 << (m & 7)) - 1;
  return boolColumn(out, m, { validity: selectedValidity(a, sel, m) });
}

// ---------------------------------------------------------------------------------------------
// fused filter: rows where `col op scalar` is true

/**
 * `filter((row) => row[c] op scalar)` without materializing the boolean column: the base row
 * indices (ascending) where the comparison is `true`. Null rows drop for every operator except
 * `==`/`!=` with a null scalar (`== null` keeps the null rows, `!= null` the valid ones).
 * The result is a view of a buffer of `sel.length` (or `col.length`) entries.
 */
export function selectCompare(op: CmpOp, col: NumberColumn, scalar: number | null, sel: Selection = null): Uint32Array {
  const n = col.length;
  const m = sel === null ? n : sel.length;
  const v = col.values;
  const bm = alignedValidity(col.validity, col.bitOffset, n);
  const out = new Uint32Array(m);
  let c = 0;
  if (scalar === null) {
    if (op !== 'eq' && op !== 'ne') return out.subarray(0, 0);
    const keepNull = op === 'eq';
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      const valid = bm === null || (bm[i >>> 3] & (1 << (i & 7))) !== 0;
      if (valid !== keepNull) out[c++] = i;
    }
    return out.subarray(0, c);
  }
  const t = scalar;
  if (op === 'ne') {
    // null != t is true (null is a value), NaN != t is true
    for (let k = 0; k < m; k++) {
      const i = sel === null ? k : sel[k];
      if ((bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) || v[i] !== t) out[c++] = i;
    }
    return out.subarray(0, c);
  }
  if (sel === null) {
    if (bm === null) c = selDense(op, v, t, out, n);
    else c = selMasked(op, v, t, bm, out, n);
  } else {
    for (let k = 0; k < m; k++) {
      const i = sel[k];
      if (bm !== null && (bm[i >>> 3] & (1 << (i & 7))) === 0) continue;
      const x = v[i];
      const r = op === 'lt' ? x < t : op === 'le' ? x <= t : op === 'gt' ? x > t : op === 'ge' ? x >= t : x === t;
      if (r) out[c++] = i;
    }
  }
  return out.subarray(0, c);
}

// Branch-free writes: the index is always stored, the cursor advances by the predicate. The
// predicate is converted with unary `+` (`+(x < t)`), which V8 compiles to a flag-to-integer
// move; `x < t ? 1 : 0` compiles to a branch, which mispredicts on unsorted data (4× slower).
function selDense(op: OrderOp, v: NumValues, t: number, out: Uint32Array, n: number): number {
  let c = 0;
  switch (op) {
    case 'lt':
      for (let i = 0; i < n; i++) {
        out[c] = i;
        c += +(v[i] < t);
      }
      break;
    case 'le':
      for (let i = 0; i < n; i++) {
        out[c] = i;
        c += +(v[i] <= t);
      }
      break;
    case 'gt':
      for (let i = 0; i < n; i++) {
        out[c] = i;
        c += +(v[i] > t);
      }
      break;
    case 'ge':
      for (let i = 0; i < n; i++) {
        out[c] = i;
        c += +(v[i] >= t);
      }
      break;
    case 'eq':
      for (let i = 0; i < n; i++) {
        out[c] = i;
        c += +(v[i] === t);
      }
      break;
  }
  return c;
}

/** Validity-aware select: bytes of 8 valid rows run unrolled and branch-free; one function per operator. */
function selMasked(op: OrderOp, v: NumValues, t: number, bm: Uint8Array, out: Uint32Array, n: number): number {
  switch (op) {
    case 'lt':
      return selMaskedLt(v, t, bm, out, n);
    case 'le':
      return selMaskedLe(v, t, bm, out, n);
    case 'gt':
      return selMaskedGt(v, t, bm, out, n);
    case 'ge':
      return selMaskedGe(v, t, bm, out, n);
    case 'eq':
      return selMaskedEq(v, t, bm, out, n);
  }
}

function selMaskedLt(v: NumValues, t: number, bm: Uint8Array, out: Uint32Array, n: number): number {
  let c = 0;
  const full = n >>> 3;
  for (let b = 0; b < full; b++) {
    const byte = bm[b];
    const i = b << 3;
    if (byte === 0xff) {
      out[c] = i;
      c += +(v[i] < t);
      out[c] = i + 1;
      c += +(v[i + 1] < t);
      out[c] = i + 2;
      c += +(v[i + 2] < t);
      out[c] = i + 3;
      c += +(v[i + 3] < t);
      out[c] = i + 4;
      c += +(v[i + 4] < t);
      out[c] = i + 5;
      c += +(v[i + 5] < t);
      out[c] = i + 6;
      c += +(v[i + 6] < t);
      out[c] = i + 7;
      c += +(v[i + 7] < t);
    } else if (byte !== 0) {
      for (let s = 0; s < 8; s++) {
        out[c] = i + s;
        c += ((byte >>> s) & 1) & +(v[i + s] < t);
      }
    }
  }
  for (let i = full << 3; i < n; i++) {
    out[c] = i;
    c += ((bm[i >>> 3] >>> (i & 7)) & 1) & +(v[i] < t);
  }
  return c;
}

function selMaskedLe(v: NumValues, t: number, bm: Uint8Array, out: Uint32Array, n: number): number {
  let c = 0;
  const full = n >>> 3;
  for (let b = 0; b < full; b++) {
    const byte = bm[b];
    const i = b << 3;
    if (byte === 0xff) {
      out[c] = i;
      c += +(v[i] <= t);
      out[c] = i + 1;
      c += +(v[i + 1] <= t);
      out[c] = i + 2;
      c += +(v[i + 2] <= t);
      out[c] = i + 3;
      c += +(v[i + 3] <= t);
      out[c] = i + 4;
      c += +(v[i + 4] <= t);
      out[c] = i + 5;
      c += +(v[i + 5] <= t);
      out[c] = i + 6;
      c += +(v[i + 6] <= t);
      out[c] = i + 7;
      c += +(v[i + 7] <= t);
    } else if (byte !== 0) {
      for (let s = 0; s < 8; s++) {
        out[c] = i + s;
        c += ((byte >>> s) & 1) & +(v[i + s] <= t);
      }
    }
  }
  for (let i = full << 3; i < n; i++) {
    out[c] = i;
    c += ((bm[i >>> 3] >>> (i & 7)) & 1) & +(v[i] <= t);
  }
  return c;
}

function selMaskedGt(v: NumValues, t: number, bm: Uint8Array, out: Uint32Array, n: number): number {
  let c = 0;
  const full = n >>> 3;
  for (let b = 0; b < full; b++) {
    const byte = bm[b];
    const i = b << 3;
    if (byte === 0xff) {
      out[c] = i;
      c += +(v[i] > t);
      out[c] = i + 1;
      c += +(v[i + 1] > t);
      out[c] = i + 2;
      c += +(v[i + 2] > t);
      out[c] = i + 3;
      c += +(v[i + 3] > t);
      out[c] = i + 4;
      c += +(v[i + 4] > t);
      out[c] = i + 5;
      c += +(v[i + 5] > t);
      out[c] = i + 6;
      c += +(v[i + 6] > t);
      out[c] = i + 7;
      c += +(v[i + 7] > t);
    } else if (byte !== 0) {
      for (let s = 0; s < 8; s++) {
        out[c] = i + s;
        c += ((byte >>> s) & 1) & +(v[i + s] > t);
      }
    }
  }
  for (let i = full << 3; i < n; i++) {
    out[c] = i;
    c += ((bm[i >>> 3] >>> (i & 7)) & 1) & +(v[i] > t);
  }
  return c;
}

function selMaskedGe(v: NumValues, t: number, bm: Uint8Array, out: Uint32Array, n: number): number {
  let c = 0;
  const full = n >>> 3;
  for (let b = 0; b < full; b++) {
    const byte = bm[b];
    const i = b << 3;
    if (byte === 0xff) {
      out[c] = i;
      c += +(v[i] >= t);
      out[c] = i + 1;
      c += +(v[i + 1] >= t);
      out[c] = i + 2;
      c += +(v[i + 2] >= t);
      out[c] = i + 3;
      c += +(v[i + 3] >= t);
      out[c] = i + 4;
      c += +(v[i + 4] >= t);
      out[c] = i + 5;
      c += +(v[i + 5] >= t);
      out[c] = i + 6;
      c += +(v[i + 6] >= t);
      out[c] = i + 7;
      c += +(v[i + 7] >= t);
    } else if (byte !== 0) {
      for (let s = 0; s < 8; s++) {
        out[c] = i + s;
        c += ((byte >>> s) & 1) & +(v[i + s] >= t);
      }
    }
  }
  for (let i = full << 3; i < n; i++) {
    out[c] = i;
    c += ((bm[i >>> 3] >>> (i & 7)) & 1) & +(v[i] >= t);
  }
  return c;
}

function selMaskedEq(v: NumValues, t: number, bm: Uint8Array, out: Uint32Array, n: number): number {
  let c = 0;
  const full = n >>> 3;
  for (let b = 0; b < full; b++) {
    const byte = bm[b];
    const i = b << 3;
    if (byte === 0xff) {
      out[c] = i;
      c += +(v[i] === t);
      out[c] = i + 1;
      c += +(v[i + 1] === t);
      out[c] = i + 2;
      c += +(v[i + 2] === t);
      out[c] = i + 3;
      c += +(v[i + 3] === t);
      out[c] = i + 4;
      c += +(v[i + 4] === t);
      out[c] = i + 5;
      c += +(v[i + 5] === t);
      out[c] = i + 6;
      c += +(v[i + 6] === t);
      out[c] = i + 7;
      c += +(v[i + 7] === t);
    } else if (byte !== 0) {
      for (let s = 0; s < 8; s++) {
        out[c] = i + s;
        c += ((byte >>> s) & 1) & +(v[i + s] === t);
      }
    }
  }
  for (let i = full << 3; i < n; i++) {
    out[c] = i;
    c += ((bm[i >>> 3] >>> (i & 7)) & 1) & +(v[i] === t);
  }
  return c;
}
