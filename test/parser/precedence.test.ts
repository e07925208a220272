import { describe, expect, it } from 'vitest';
import { parse } from '../../src/parser/index.js';
import { sexpr } from './helpers.js';

/** Precedence, highest first (language.md §1.5): postfix › unary › ** › * / % › + - › < <= > >= › == != › and › or. */
const TABLE: [string, string][] = [
  // postfix binds tightest
  ['-x.a', '(- (.a x))'],
  ['!x[0]', '(! ([] x 0))'],
  ['-x.f(1)[2]', '(- ([] (.f() x 1) 2))'],
  // unary binds tighter than ** (unlike JS and Python)
  ['-2 ** 2', '(** (- 2) 2)'],
  ['2 ** -2', '(** 2 (- 2))'],
  ['!a ** b', '(** (! a) b)'],
  ['-(2 ** 2)', '(- (** 2 2))'],
  // ** is right-associative
  ['2 ** 3 ** 2', '(** 2 (** 3 2))'],
  ['(2 ** 3) ** 2', '(** (** 2 3) 2)'],
  ['a ** b * c', '(* (** a b) c)'],
  ['a * b ** c', '(* a (** b c))'],
  // multiplicative over additive, left-associative
  ['1 + 2 * 3', '(+ 1 (* 2 3))'],
  ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
  ['a - b - c', '(- (- a b) c)'],
  ['a - (b - c)', '(- a (- b c))'],
  ['a / b / c', '(/ (/ a b) c)'],
  ['a % b * c', '(* (% a b) c)'],
  ['a * b % c', '(% (* a b) c)'],
  ['a + b - c + d', '(+ (- (+ a b) c) d)'],
  // additive over comparison
  ['a + 1 < b * 2', '(< (+ a 1) (* b 2))'],
  ['a < b < c', '(< (< a b) c)'],
  ['a <= b >= c', '(>= (<= a b) c)'],
  // comparison over equality
  ['1 < 2 == 2 < 3', '(== (< 1 2) (< 2 3))'],
  ['a == b != c', '(!= (== a b) c)'],
  ['a === b !== c', '(!= (== a b) c)'],
  // equality over and, and over or
  ['a == b and c != d', '(and (== a b) (!= c d))'],
  ['a or b and c', '(or a (and b c))'],
  ['a and b or c', '(or (and a b) c)'],
  ['a || b && c', '(or a (and b c))'],
  ['a && b || c && d', '(or (and a b) (and c d))'],
  ['a or b or c', '(or (or a b) c)'],
  ['a and b and c', '(and (and a b) c)'],
  ['!a and b', '(and (! a) b)'],
  ['!(a and b)', '(! (and a b))'],
  // a lambda body takes the whole rest of its expression
  ['xs.map((r) => r * 2 + 1)', '(.map() xs (=> (r) (+ (* r 2) 1)))'],
  // everything at once
  ['-a.b ** 2 * c + d < e == f and g or h', '(or (and (== (< (+ (* (** (- (.b a)) 2) c) d) e) f) g) h)'],
];

describe('operator precedence and associativity', () => {
  it.each(TABLE)('%s  ⇒  %s', (text, expected) => {
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    expect(sexpr(r.ast!)).toBe(expected);
  });

  it('folds long chains without recursion', () => {
    const text = Array.from({ length: 200 }, (_, i) => `x${i}`).join(' - ');
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    let e = r.ast!;
    let depth = 0;
    while (e.kind === 'Binary') {
      expect(e.right.kind).toBe('Identifier');
      e = e.left;
      depth++;
    }
    expect(depth).toBe(199);
  });
});
