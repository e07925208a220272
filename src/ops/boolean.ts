/**
 * Boolean ops, in the reference's order: `and`, `or`, `boolean-not`, the hidden equality ops and
 * the hidden `cond`.
 *
 * `and` / `or` are standard binary ops and do not short-circuit: both sides are evaluated, a null
 * on either side gives null (`false and null` is null), otherwise JavaScript's `&&` / `||`.
 */
import {
  dict,
  maybe,
  skipTaggable,
  typedDictPropertyTypes,
  union,
  type Type,
} from '../types/index.js';
import type { ArgTypes, OpDeclaration } from './opdef.js';
import { isPlainObject, untag } from './values.js';

const BOOLEAN_PAGES: readonly string[] = ['boolean'];

const booleanBinaryArgs: ArgTypes = { lhs: 'boolean', rhs: maybe('boolean') };

const sameAsRhs = (types: ArgTypes): Type => skipTaggable(types.rhs, (t) => t);

export const booleanOps: OpDeclaration[] = [
  {
    name: 'and',
    kind: 'standard',
    renderInfo: { type: 'binary', repr: 'and' },
    argTypes: booleanBinaryArgs,
    returnType: sameAsRhs,
    resolver: ({ lhs, rhs }) => (rhs == null ? null : (lhs as boolean) && (rhs as boolean)),
    description: 'Logical and of two booleans (both sides are always evaluated; null on either side gives null)',
    argDescriptions: { lhs: 'The first boolean', rhs: 'The second boolean' },
    returnValueDescription: 'True when both are true',
    docPages: BOOLEAN_PAGES,
  },
  {
    name: 'or',
    kind: 'standard',
    renderInfo: { type: 'binary', repr: 'or' },
    argTypes: booleanBinaryArgs,
    returnType: sameAsRhs,
    resolver: ({ lhs, rhs }) => (rhs == null ? null : (lhs as boolean) || (rhs as boolean)),
    description: 'Logical or of two booleans (both sides are always evaluated; null on either side gives null)',
    argDescriptions: { lhs: 'The first boolean', rhs: 'The second boolean' },
    returnValueDescription: 'True when at least one is true',
    docPages: BOOLEAN_PAGES,
  },
  {
    name: 'boolean-not',
    kind: 'standard',
    renderInfo: { type: 'unary', repr: '!' },
    argTypes: { bool: 'boolean' },
    returnType: 'boolean',
    resolver: ({ bool }) => !bool,
    description: 'Logical negation (null stays null)',
    argDescriptions: { bool: 'The boolean to negate' },
    returnValueDescription: 'True for false, false for true',
    docPages: BOOLEAN_PAGES,
  },
  {
    name: 'boolean-equal',
    kind: 'equal',
    hidden: true,
    renderInfo: { type: 'binary', repr: '==' },
    argTypes: { lhs: 'boolean', rhs: 'boolean' },
    description: 'Tells whether two booleans are the same (null equals null)',
    argDescriptions: { lhs: 'The first boolean, or null', rhs: 'The second boolean, or null' },
    returnValueDescription: 'True when both sides are equal',
  },
  {
    name: 'boolean-notEqual',
    kind: 'not-equal',
    hidden: true,
    renderInfo: { type: 'binary', repr: '!=' },
    argTypes: { lhs: 'boolean', rhs: 'boolean' },
    description: 'Tells whether two booleans differ (null equals null)',
    argDescriptions: { lhs: 'The first boolean, or null', rhs: 'The second boolean, or null' },
    returnValueDescription: 'True when the sides differ',
  },
  {
    name: 'cond',
    kind: 'standard',
    hidden: true,
    argTypes: { cases: dict(maybe('boolean')), results: dict('any') },
    returnType: (types) => maybe(union(Object.values(typedDictPropertyTypes(types.results)))),
    resolver: ({ cases, results }) => {
      const conditions = cases as Record<string, unknown>;
      const values = isPlainObject(results) ? results : {};
      for (const key of Object.keys(conditions)) {
        if (untag(conditions[key])) {
          return Object.prototype.hasOwnProperty.call(values, key) ? values[key] ?? null : null;
        }
      }
      return null;
    },
    description: 'Picks the result whose condition is the first true one (`{a: c1, b: c2}.cond({a: r1, b: r2})`)',
    argDescriptions: {
      cases: 'A dict of conditions, tried in key order',
      results: 'A dict with a result for each condition key',
    },
    returnValueDescription: 'The result of the first true condition, or null if none is true',
  },
];
