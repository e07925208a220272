import fc from 'fast-check';
import { canPrintString, isPrintableName, type BinaryOperator, type Expression } from '../../src/parser/index.js';

const S = { start: 0, end: 0 };

const NAMES = ['runs', 'project', 'row', 'index', 'x', 'y', '_a', '$b', 'héllo', 'Date', 'NaN', 'e3', 'E', 'a1'];
const OP_NAMES = ['count', 'avg', 'map', 'filter', 'summary', 'e', 'e3', 'E5', 'exp', 'in', 'and', 'true', 'null', 'toString', 'floor'];

export const nameArb = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,6}$/).filter(isPrintableName),
);
const opNameArb = fc.oneof(fc.constantFrom(...OP_NAMES), fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,6}$/));

const stringValueArb = fc
  .oneof(
    fc.string({ maxLength: 8 }),
    fc.string({ unit: fc.constantFrom('a', '"', "'", '\\', 'n', ' ', '🚀', 'é', '\t', '\u2028', '/', '*', '`', '$', '{'), maxLength: 8 }),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  )
  .filter(canPrintString);

const numberArb: fc.Arbitrary<{ value: number; raw: string }> = fc.oneof(
  fc.nat({ max: 1000 }).map((v) => ({ value: v, raw: String(v) })),
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: false }).filter((v) => !Object.is(v, -0)).map((v) => ({ value: v, raw: String(v) })),
  fc.constantFrom(0.5, 1e21, 1e-7, 123456789, 9007199254740993, Infinity).map((v) => ({ value: v, raw: String(v) })),
  fc.constantFrom('1_000', '10n', '0x1_F', '0b2', 'weird').map((raw) => ({ value: NaN, raw })),
);

const BINARY: BinaryOperator[] = ['+', '-', '*', '/', '%', '**', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'];

/** Random syntax trees (spans all zero) of the kinds the parser produces, without `Missing`. */
export const expressionArb: fc.Arbitrary<Expression> = fc.letrec<{ expr: Expression }>((tie) => {
  const expr = tie('expr');
  const leaf: fc.Arbitrary<Expression> = fc.oneof(
    numberArb.map(({ value, raw }): Expression => ({ kind: 'Number', value, raw, span: S })),
    stringValueArb.map((value): Expression => ({ kind: 'String', value, span: S })),
    fc.boolean().map((value): Expression => ({ kind: 'Boolean', value, span: S })),
    fc.constant<Expression>({ kind: 'Null', span: S }),
    nameArb.map((name): Expression => ({ kind: 'Identifier', name, span: S })),
  );
  const list = fc.array(expr, { maxLength: 3 });
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      list.map((elements): Expression => ({ kind: 'Array', elements, span: S })),
      fc
        .array(fc.record({ key: fc.oneof(nameArb, opNameArb, stringValueArb), value: expr }), { maxLength: 3 })
        .map((entries): Expression => ({ kind: 'Object', entries: entries.map((e) => ({ ...e, keySpan: S })), span: S })),
      fc.record({ receiver: expr, name: opNameArb, args: list, called: fc.boolean() }).map(
        ({ receiver, name, args, called }): Expression => ({ kind: 'Member', receiver, name, nameSpan: S, called: called || args.length > 0, args, span: S }),
      ),
      fc.record({ callee: nameArb, args: list }).map(({ callee, args }): Expression => ({ kind: 'Call', callee, calleeSpan: S, args, span: S })),
      fc.record({ receiver: expr, key: expr }).map(({ receiver, key }): Expression => ({ kind: 'Subscript', receiver, key, span: S })),
      fc.record({ operator: fc.constantFrom<'-' | '!'>('-', '!'), operand: expr }).map(
        ({ operator, operand }): Expression => ({ kind: 'Unary', operator, operand, span: S }),
      ),
      fc.record({ operator: fc.constantFrom(...BINARY), left: expr, right: expr }).map(
        ({ operator, left, right }): Expression => ({ kind: 'Binary', operator, left, right, operatorSpan: S, span: S }),
      ),
      fc.record({ params: fc.uniqueArray(nameArb, { maxLength: 3 }), body: expr }).map(
        ({ params, body }): Expression => ({ kind: 'Lambda', params: params.map((name) => ({ name, span: S })), body, span: S }),
      ),
    ),
  };
}).expr;

// ---------------------------------------------------------------------------------------
// Token soups for fuzzing

const SOUP_TOKENS = [
  '+', '-', '*', '/', '%', '**', '<', '<=', '>', '>=', '==', '!=', '===', '!==', '&&', '||', '!',
  '.', ',', '(', ')', '[', ']', '{', '}', ':', '=>', '?', '??', '?.', '=', '+=', '++', '--', '&', '|',
  '^', '~', '<<', '>>', '>>>', ';', '...', '`', '`t${x}`', '#', '@', '\\',
  'and', 'or', 'true', 'false', 'null', 'undefined', 'typeof', 'void', 'delete', 'new', 'this',
  'const', 'let', 'var', 'function', 'return', 'if', 'in', 'instanceof',
  'runs', 'row', 'x', 'map', 'summary', 'Date', 'héllo', '𝑥',
  '0', '1', '42', '3.14', '.5', '1e3', '0x1F', '1_000', '10n', '3px', '1.', '42.toString',
  '"a"', "'b'", '"a\\"b"', '"unterminated', "'x", '"\\', '/re/g', '/', '//c', '/* c */', '/* open',
  ' ', '\n', '\t', '\u00a0', '\u2028', '',
];

/** Random sequences of language (and not-language) tokens, with or without spaces between. */
export const tokenSoupArb = fc
  .tuple(fc.array(fc.constantFrom(...SOUP_TOKENS), { maxLength: 40 }), fc.boolean())
  .map(([tokens, spaced]) => tokens.join(spaced ? ' ' : ''));
