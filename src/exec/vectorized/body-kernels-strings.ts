/**
 * Lambda-body kernels of the string ops (`string-*`). Each gets the op's evaluated arguments and
 * returns its lambda value, or signals `Unsupported` (the op then runs row-wise, per row):
 * a pattern or bound given as a column, an invalid regular expression (the row-wise resolver
 * raises the exact error), a result a UTF-8 column cannot hold (an unpaired surrogate).
 *
 * Tags follow the op kinds: a standard op keeps its receiver's tags (`tagged` of the first
 * argument), the equal ops too; a null receiver row stays null.
 */
import type { OutputNode } from '../../graph/node.js';
import {
  strConcat,
  strContains,
  strEquals,
  strIsAlnum,
  strIsAlpha,
  strIsNumeric,
  strReplace,
  strSlice,
  strToLower,
  strToUpper,
  strTrim,
  type Column,
  type StringLikeColumn,
  type StrValue,
} from '../columnar/index.js';
import { numOperand, sameSpace, scalar, strOperand, type LVal, type Operand } from './lambda-values.js';
import { unsupported } from './unsupported.js';
import type { BodyFrame } from './body-kernels.js';

export type FamilyKernel = (n: OutputNode, a: readonly LVal[], frame: BodyFrame) => LVal;

export function colVal(col: Column, tagged: boolean): LVal {
  return { k: 'col', col, sel: null, tagged };
}

export function receiverTagged(a: readonly LVal[]): boolean {
  return a[0].k === 'col' && a[0].tagged;
}

/** The constant string arguments after the receiver (a column argument: unsupported). */
function constStrings(a: readonly LVal[], len: number, from: number): (string | null)[] {
  const out: (string | null)[] = [];
  for (let j = from; j < a.length; j++) {
    const o = strOperand(a[j], len);
    if (!o.s) return unsupported('column argument');
    out.push(o.v as string | null);
  }
  return out;
}

/** A unary string op: `f` over the receiver column (a constant receiver: the resolver, once). */
function unary(f: (c: StringLikeColumn, sel: Uint32Array | null) => Column | null): FamilyKernel {
  return (n, a, frame) => {
    const len = frame.rows.length;
    const x = strOperand(a[0], len);
    const rest = constStrings(a, len, 1);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, ...rest]));
    const out = f(x.col as StringLikeColumn, x.sel);
    if (out === null) return unsupported('result not representable as UTF-8');
    return colVal(out, receiverTagged(a));
  };
}

function validPattern(p: string | null): RegExp {
  try {
    return new RegExp(p ?? '', 'g');
  } catch {
    return unsupported('invalid regular expression (the resolver reports it)');
  }
}

/** `x + y` style ops: `receiver` names the side whose null gives null; the other counts as "". */
function concat(receiver: 'left' | 'right', swap: boolean): FamilyKernel {
  return (n, a, frame) => {
    const len = frame.rows.length;
    const [p, q] = sameSpace(strOperand(a[0], len), strOperand(a[1], len));
    if (p.s && q.s) return scalar(frame.resolveScalar(n, [p.v, q.v]));
    // `swap`: the op's first argument goes last (prepend: str, prefix → prefix + str)
    const [x, y] = swap ? [q, p] : [p, q];
    const sel = x.s ? y.sel : x.sel;
    const m = sel === null ? len : sel.length;
    const val = (o: Operand): StrValue => (o.s ? (o.v as string | null) : (o.col as StringLikeColumn));
    return colVal(strConcat(val(x), val(y), receiver, sel, m), receiverTagged(a));
  };
}

export const STRING_KERNELS: Readonly<Record<string, FamilyKernel>> = {
  'string-lower': unary((c, sel) => strToLower(c, sel)),
  'string-upper': unary((c, sel) => strToUpper(c, sel)),
  'string-strip': unary((c, sel) => strTrim(c, 'both', sel)),
  'string-lStrip': unary((c, sel) => strTrim(c, 'start', sel)),
  'string-rStrip': unary((c, sel) => strTrim(c, 'end', sel)),
  'string-isAlpha': unary((c, sel) => strIsAlpha(c, sel)),
  'string-isAlnum': unary((c, sel) => strIsAlnum(c, sel)),
  'string-isNumeric': unary((c, sel) => strIsNumeric(c, sel)),
  'string-contains': (n, a, frame) => {
    const len = frame.rows.length;
    const x = strOperand(a[0], len);
    const [p] = constStrings(a, len, 1);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, p]));
    validPattern(p);
    return colVal(strContains(x.col as StringLikeColumn, p, x.sel), receiverTagged(a));
  },
  'string-replace': (n, a, frame) => {
    const len = frame.rows.length;
    const x = strOperand(a[0], len);
    const [sub, newSub] = constStrings(a, len, 1);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, sub, newSub]));
    const out = strReplace(x.col as StringLikeColumn, validPattern(sub), newSub ?? '', x.sel);
    if (out === null) return unsupported('result not representable as UTF-8');
    return colVal(out, receiverTagged(a));
  },
  'string-slice': (n, a, frame) => {
    const len = frame.rows.length;
    const x = strOperand(a[0], len);
    const b = numOperand(a[1], len);
    const e = numOperand(a[2], len);
    if (!b.s || !e.s) return unsupported('column bound');
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, b.v, e.v]));
    const out = strSlice(x.col as StringLikeColumn, b.v as number | null, e.v as number | null, x.sel);
    if (out === null) return unsupported('result cuts a surrogate pair');
    return colVal(out, receiverTagged(a));
  },
  'string-add': concat('left', false),
  'string-append': concat('left', false),
  'string-prepend': concat('right', true),
  'string-equal': equal(false),
  'string-notEqual': equal(true),
};

/** `==` / `!=` of strings: column with constant (either side) or column with column; never null. */
function equal(negate: boolean): FamilyKernel {
  return (n, a, frame) => {
    const len = frame.rows.length;
    const [x, y] = sameSpace(strOperand(a[0], len), strOperand(a[1], len));
    if (x.s && y.s) return scalar(frame.resolveScalar(n, [x.v, y.v]));
    const tagged = receiverTagged(a);
    if (y.s) return colVal(strEquals(x.col as StringLikeColumn, y.v as string | null, x.sel, negate), tagged);
    if (x.s) return colVal(strEquals(y.col as StringLikeColumn, x.v as string | null, y.sel, negate), tagged);
    return colVal(strEquals(x.col as StringLikeColumn, y.col as StringLikeColumn, x.sel, negate), tagged);
  };
}
