/**
 * Lambda-body kernels of the string ops (`string-*`). Each gets the op's evaluated arguments and
 * returns its lambda value, or signals `Unsupported` (the op then runs row-wise, per row):
 * a pattern or bound given as a column, an invalid regular expression (the row-wise resolver
 * raises the exact error), a result a UTF-8 column cannot hold (an unpaired surrogate).
 *
 * Tags follow the op kinds: a standard op keeps its receiver's tags (`tagged` of the first
 * argument), the equal ops too; a null receiver row stays null. List-valued ops (`split`,
 * `partition`, `findAll`) give a `mixed` column of fresh arrays; a receiver held as JS values
 * (a `mixed` column) goes through the op's own resolver per distinct string (`perElement`).
 */
import levenshtein from 'fast-levenshtein';
import type { OutputNode } from '../../graph/node.js';
import {
  boolsFrom,
  columnFromValues,
  mixedColumn,
  strConcat,
  strContains,
  strEndsWith,
  strEquals,
  strIsAlnum,
  strIsAlpha,
  strIsNumeric,
  strLen,
  strReplace,
  strSlice,
  strStartsWith,
  strToLower,
  strToUpper,
  strTrim,
  toJS,
  type Column,
  type StringLikeColumn,
  type StrValue,
} from '../columnar/index.js';
import { boolsPerString, numbersPerString, numbersPerStringPair, valuesPerString, valuesPerStringPair, type StrArg } from '../columnar/strings-list.js';
import { globalRegExp, parseNumberWithSeparator, partition } from '../../ops/string.js';
import { mappableNullableTaggableVal } from '../../ops/values.js';
import { hasLoneSurrogate } from '../columnar/utf8.js';
import { isAllNull, numOperand, sameSpace, scalar, strOperand, type LVal, type Operand } from './lambda-values.js';
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

/** The kernels over string and dictionary receivers (a `mixed` receiver: see `perElement`). */
const COLUMN_KERNELS: Readonly<Record<string, FamilyKernel>> = {
  'string-lower': unary((c, sel) => strToLower(c, sel)),
  'string-upper': unary((c, sel) => strToUpper(c, sel)),
  'string-strip': unary((c, sel) => strTrim(c, 'both', sel)),
  'string-lStrip': unary((c, sel) => strTrim(c, 'start', sel)),
  'string-rStrip': unary((c, sel) => strTrim(c, 'end', sel)),
  'string-len': unary((c, sel) => strLen(c, sel)),
  'string-startsWith': affixTest(false),
  'string-endsWith': affixTest(true),
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
  'string-split': bySeparator((s, sep) => s.split(sep ?? '')),
  'string-partition': bySeparator((s, sep) => partition(s, sep)),
  'string-findAll': (n, a, frame) => {
    const [p] = constStrings(a, frame.rows.length, 1);
    const re = regExpOrUnsupported(p);
    return listResult((s) => s.match(re) ?? [])(n, a, frame);
  },
  'string-levenshtein': (n, a, frame) => {
    const len = frame.rows.length;
    const [x, y] = sameSpace(strOperand(a[0], len), strOperand(a[1], len));
    if (x.s && y.s) return scalar(frame.resolveScalar(n, [x.v, y.v]));
    const sel = x.s ? y.sel : x.sel;
    const m = sel === null ? len : sel.length;
    // the resolver's rule: a null receiver gives null, a null other side counts as ""
    const col = numbersPerStringPair(strArg(x), strArg(y), sel, m, (p, q) => (p === null ? null : levenshtein.get(p, q ?? '')), true);
    return colVal(col, receiverTagged(a));
  },
  'string-in': (n, a, frame) => {
    const len = frame.rows.length;
    const x = strOperand(a[0], len);
    const r = a[1];
    // the list of strings as a constant (a list literal of constants, or null)
    let needles: readonly unknown[] | null;
    if (r.k === 'scalar' && r.v === null) needles = null;
    else if (r.k === 'list' && r.items.every((it) => it.k === 'scalar')) needles = r.items.map((it) => (it as { readonly v: unknown }).v);
    else return unsupported('`in` of a list that is not a constant');
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, needles]));
    if (needles === null) return colVal(boolsPerString(x.col as StringLikeColumn, x.sel, () => false), receiverTagged(a));
    // the resolver compares untagged items with ===: a Set of them answers the same
    const set = new Set(needles);
    return colVal(boolsPerString(x.col as StringLikeColumn, x.sel, (s) => set.has(s)), receiverTagged(a));
  },
  'string-parseNumberWithSeparator': (n, a, frame) => {
    const len = frame.rows.length;
    const x = strOperand(a[0], len);
    const [thousands, decimal] = constStrings(a, len, 1);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, thousands, decimal]));
    const col = numbersPerString(x.col as StringLikeColumn, x.sel, (s) => parseNumberWithSeparator(s, thousands, decimal));
    return colVal(col, receiverTagged(a));
  },
};

/**
 * `startsWith` / `endsWith`: a constant prefix is compared on bytes (once per dictionary entry);
 * a prefix given as a column, or a column as the argument of a constant receiver, per row on
 * strings (once per entry of a dictionary operand). A null or empty prefix always matches.
 */
function affixTest(suffix: boolean): FamilyKernel {
  return (n, a, frame) => {
    const len = frame.rows.length;
    const [x, y] = sameSpace(strOperand(a[0], len), strOperand(a[1], len));
    if (x.s && y.s) return scalar(frame.resolveScalar(n, [x.v, y.v]));
    const tagged = receiverTagged(a);
    if (y.s) {
      const p = y.v as string | null;
      // a UTF-8 needle cannot stand for a lone surrogate (which may match half of a pair)
      if (p !== null && hasLoneSurrogate(p)) return unsupported('lone surrogate in the argument');
      const col = x.col as StringLikeColumn;
      return colVal(suffix ? strEndsWith(col, p, x.sel) : strStartsWith(col, p, x.sel), tagged);
    }
    const sel = x.s ? y.sel : x.sel;
    const m = sel === null ? len : sel.length;
    const vals = valuesPerStringPair(strArg(x), strArg(y), sel, m, (s, p) => (s === null ? null : !p ? true : suffix ? s.endsWith(p) : s.startsWith(p)));
    return colVal(boolsFrom(vals as (boolean | null)[]), tagged);
  };
}

/** Ops whose receiver is not mapped over a list (null and lists are values to them). */
const NOT_MAPPED = new Set(['string-equal', 'string-notEqual']);

export const STRING_KERNELS: Readonly<Record<string, FamilyKernel>> = {
  ...Object.fromEntries(Object.entries(COLUMN_KERNELS).map(([name, k]) => [name, NOT_MAPPED.has(name) ? k : withMixedReceiver(k)])),
  'string-equal': equal(false),
  'string-notEqual': equal(true),
};

/** The pattern of `findAll` as the resolver compiles it; an invalid one is left to the resolver (its error). */
function regExpOrUnsupported(p: string | null): RegExp {
  try {
    return globalRegExp(p);
  } catch {
    return unsupported('invalid regular expression (the resolver reports it)');
  }
}

/** A string operand as the per-pair helpers take it: the constant (or null), or the column. */
function strArg(o: Operand): StrArg {
  return o.s ? (o.v as string | null) : (o.col as StringLikeColumn);
}

/**
 * `split` / `partition`: a constant separator as `listResult`; a separator given as a column
 * (or a constant receiver with a column separator) per row, once per entry of a dictionary
 * operand, one fresh array per row.
 */
function bySeparator(f: (s: string, sep: string | null) => unknown[]): FamilyKernel {
  const constant = listResult((s, [sep]) => f(s, sep));
  return (n, a, frame) => {
    if (a[1].k === 'scalar') return constant(n, a, frame);
    const len = frame.rows.length;
    const [x, y] = sameSpace(strOperand(a[0], len), strOperand(a[1], len));
    if (x.s && y.s) return scalar(frame.resolveScalar(n, [x.v, y.v]));
    const sel = x.s ? y.sel : x.sel;
    const m = sel === null ? len : sel.length;
    const vals = valuesPerStringPair(strArg(x), strArg(y), sel, m, (s, sep) => (s === null ? null : f(s, sep)));
    return colVal(mixedColumn(vals), receiverTagged(a));
  };
}

/**
 * A list-valued op (`split`, `partition`, `findAll`): `f` once per dictionary entry or per
 * string row, one fresh array per row, held as a `mixed` column (there is no list column kind).
 */
function listResult(f: (s: string, rest: readonly (string | null)[]) => unknown[]): FamilyKernel {
  return (n, a, frame) => {
    const len = frame.rows.length;
    const x = strOperand(a[0], len);
    const rest = constStrings(a, len, 1);
    if (x.s) return scalar(frame.resolveScalar(n, [x.v, ...rest]));
    return colVal(mixedColumn(valuesPerString(x.col as StringLikeColumn, x.sel, (s) => f(s, rest))), receiverTagged(a));
  };
}

/**
 * A receiver or argument held as JS values (a `mixed` column: lists of strings such as a
 * `split` result or a list-valued cell, strings with a lone surrogate, a fallback's tagged
 * results): the row-wise op's own receiver rule (`mappableNullableTaggableVal`: one list level
 * mapped, nulls and tags kept) around its resolver, run once per distinct string when the other
 * arguments are constants, else once per element.
 */
function withMixedReceiver(k: FamilyKernel): FamilyKernel {
  return (n, a, frame) => {
    const len = frame.rows.length;
    const held = (lv: LVal): boolean => lv.k === 'col' && lv.col.kind === 'mixed' && !isAllNull(lv.col, lv.sel, len);
    if (!a.some(held)) return k(n, a, frame);
    return perElement(n, a, frame);
  };
}

function perElement(n: OutputNode, a: readonly LVal[], frame: BodyFrame): LVal {
  const len = frame.rows.length;
  /** Per argument: the frame's rows as JS values, or a constant. */
  const valuesOf = (lv: LVal): { readonly c: unknown } | { readonly rows: unknown[] } => {
    if (lv.k === 'scalar') return { c: lv.v };
    if (lv.k === 'col') return { rows: toJS(lv.col, lv.sel) };
    if (lv.k === 'list' && lv.items.every((it) => it.k === 'scalar')) return { c: lv.items.map((it) => (it as { readonly v: unknown }).v) };
    return unsupported(`a ${lv.k} argument`);
  };
  const args = a.map(valuesOf);
  const recv = args[0];
  const rest = args.slice(1);
  const constRest = rest.every((r) => 'c' in r);
  const cache = new Map<string, unknown>();
  let restAt: unknown[] = rest.map((r) => ('c' in r ? r.c : null));
  const resolve = (e: string): unknown => {
    try {
      return frame.resolveScalar(n, [e, ...restAt]);
    } catch {
      // the fallback runs the resolver per row and raises its error exactly
      return unsupported('the resolver fails on this input');
    }
  };
  const each = (e: unknown): unknown => {
    if (typeof e !== 'string') return unsupported('non-string element');
    if (!constRest) return resolve(e);
    if (cache.has(e)) {
      const v = cache.get(e);
      return Array.isArray(v) ? v.slice() : v;
    }
    const v = resolve(e);
    cache.set(e, v);
    return v;
  };
  const out = new Array<unknown>(len);
  for (let k = 0; k < len; k++) {
    if (!constRest) restAt = rest.map((r) => ('c' in r ? r.c : r.rows[k]));
    out[k] = mappableNullableTaggableVal('c' in recv ? recv.c : recv.rows[k], each);
  }
  return colVal(typedOrMixed(out), receiverTagged(a));
}

/**
 * Plain numbers, booleans or well-formed strings (and nulls) as a typed column, so that the ops
 * after it keep their kernels; anything else (lists, tagged values, a lone surrogate) as JS values.
 */
function typedOrMixed(vals: unknown[]): Column {
  let kind: string | null = null;
  for (const v of vals) {
    if (v == null) continue;
    const t = typeof v;
    if (t !== 'number' && t !== 'boolean' && t !== 'string') return mixedColumn(vals);
    if (kind === null) kind = t;
    else if (kind !== t) return mixedColumn(vals);
    if (t === 'string' && hasLoneSurrogate(v as string)) return mixedColumn(vals);
  }
  return kind === null ? mixedColumn(vals) : columnFromValues(vals);
}

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
