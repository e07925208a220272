/**
 * String ops, in the reference's registration order.
 *
 * Every string op is a standard op: a null receiver gives null without calling the op, a list
 * of strings is mapped one level, tags on the receiver are kept. Other string arguments are
 * nullable and a null one counts as `""` (or "not given"), as in the reference.
 *
 * `replace`, `findAll` and `contains` read their pattern as a JavaScript regular expression with
 * the global flag; an invalid pattern is a runtime error that names the op and the pattern.
 */
import levenshtein from 'fast-levenshtein';
import { list, maybe, nullableSkipTaggable, type Type } from '../types/index.js';
import type { OpDeclaration } from './opdef.js';
import { untag } from './values.js';

const STRING_PAGES: readonly string[] = ['string'];
const maybeString: Type = maybe('string');
const maybeNumber: Type = maybe('number');
const stringList: Type = list('string');

type S = string | null | undefined;

/** Compiled patterns, by source (a list of strings usually shares one pattern). */
const patternCache = new Map<string, RegExp>();
const PATTERN_CACHE_SIZE = 256;

/**
 * The pattern of `replace` / `findAll` / `contains`: a global regular expression. The callers
 * only use it with `replace`, `match` and `search`, which ignore and reset `lastIndex`, so a
 * compiled pattern can be shared.
 */
export function globalRegExp(pattern: S): RegExp {
  const source = pattern ?? '';
  const cached = patternCache.get(source);
  if (cached) return cached;
  let re: RegExp;
  try {
    re = new RegExp(source, 'g');
  } catch (e) {
    // V8 says "Invalid regular expression: /(/g: Unterminated group"; keep the reason.
    const reason = e instanceof Error ? e.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(e);
    throw new Error(`${JSON.stringify(source)} is not a valid regular expression: ${reason}`);
  }
  if (patternCache.size >= PATTERN_CACHE_SIZE) patternCache.delete(patternCache.keys().next().value as string);
  patternCache.set(source, re);
  return re;
}

/** The number of Unicode code points (a lone surrogate counts as one), like `[...str].length`. */
export function codePointLength(str: string): number {
  let n = 0;
  for (let i = 0; i < str.length; i++, n++) {
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

/** `partition`: `[before the first sep, sep, the rest]`; a missing separator gives `[s, sep, ""]`. */
export function partition(str: string, sep: S): unknown[] {
  const parts = str.split(sep ?? '');
  return [parts[0] ?? null, sep ?? null, parts.slice(1).join(sep ?? '')];
}

/** `slice`: JavaScript's `slice` (UTF-16 positions, negatives from the end); null bounds are open. */
export function sliceString(str: string, begin: number | null, end: number | null): string {
  if (begin == null && end != null) return str.slice(0, end);
  return str.slice(begin ?? undefined, end ?? undefined);
}

/** `parseNumberWithSeparator`: drop thousands separators, make the decimal one a `.`, parse. */
export function parseNumberWithSeparator(str: string, thousands: S, decimal: S): number | null {
  if (!str) return null;
  let text = str;
  if (thousands) text = text.split(thousands).join('');
  if (decimal) {
    const at = text.indexOf(decimal);
    if (at !== -1) text = `${text.slice(0, at)}.${text.slice(at + decimal.length)}`;
  }
  return parseFloat(text) || null;
}

/** A standard op on a nullable string receiver named `str`. */
function strOp(
  name: string,
  args: Record<string, Type>,
  returnType: OpDeclaration['returnType'],
  resolver: (inputs: Record<string, unknown>) => unknown,
  description: string,
  argDescriptions: Record<string, string>,
  returnValueDescription: string,
  extra: Partial<OpDeclaration> = {},
): OpDeclaration {
  return {
    name,
    kind: 'standard',
    argTypes: { str: maybeString, ...args },
    returnType,
    resolver,
    description,
    argDescriptions: { str: 'The string', ...argDescriptions },
    returnValueDescription,
    docPages: STRING_PAGES,
    ...extra,
  };
}

const s = (v: unknown) => v as string;
const opt = (v: unknown) => (v == null ? null : (v as string));

export const stringOps: OpDeclaration[] = [
  {
    name: 'string-equal',
    kind: 'equal',
    renderInfo: { type: 'binary', repr: '==' },
    argTypes: { lhs: 'string', rhs: 'string' },
    description: 'Tells whether two strings are the same (null equals null)',
    argDescriptions: { lhs: 'The first string, or null', rhs: 'The second string, or null' },
    returnValueDescription: 'True when both sides are equal',
    docPages: STRING_PAGES,
  },
  {
    name: 'string-notEqual',
    kind: 'not-equal',
    renderInfo: { type: 'binary', repr: '!=' },
    argTypes: { lhs: 'string', rhs: 'string' },
    description: 'Tells whether two strings differ (null equals null)',
    argDescriptions: { lhs: 'The first string, or null', rhs: 'The second string, or null' },
    returnValueDescription: 'True when the sides differ',
    docPages: STRING_PAGES,
  },
  {
    name: 'string-in',
    kind: 'standard',
    hidden: true,
    argTypes: { lhs: maybeString, rhs: maybe(stringList) },
    returnType: (types) => nullableSkipTaggable(types.rhs, () => 'boolean'),
    resolver: ({ lhs, rhs }) => {
      if (rhs == null) return false;
      const needle = s(lhs ?? '');
      if (typeof rhs === 'string') return rhs.includes(needle);
      return (rhs as unknown[]).some((e) => untag(e) === needle);
    },
    description: 'Tells whether a string is one of a list of strings',
    argDescriptions: { lhs: 'The string to look for', rhs: 'The strings to look in' },
    returnValueDescription: 'True when the list contains the string',
  },
  strOp(
    'string-len',
    {},
    'number',
    ({ str }) => codePointLength(s(str)),
    'The length of a string in Unicode code points (an emoji counts 1)',
    {},
    'The number of code points',
  ),
  {
    name: 'string-add',
    kind: 'standard',
    renderInfo: { type: 'binary', repr: '+' },
    argTypes: { lhs: maybeString, rhs: maybeString },
    returnType: 'string',
    resolver: ({ lhs, rhs }) => `${s(lhs)}${opt(rhs) ?? ''}`,
    description: 'Concatenates two strings (a null right side counts as "")',
    argDescriptions: { lhs: 'The first string', rhs: 'The second string' },
    returnValueDescription: 'The two strings joined',
    docPages: STRING_PAGES,
  },
  strOp(
    'string-append',
    { suffix: maybeString },
    'string',
    ({ str, suffix }) => `${s(str)}${opt(suffix) ?? ''}`,
    'Adds text at the end of a string',
    { suffix: 'The text to add (null adds nothing)' },
    'The string followed by the suffix',
  ),
  strOp(
    'string-prepend',
    { prefix: maybeString },
    'string',
    ({ str, prefix }) => `${opt(prefix) ?? ''}${s(str)}`,
    'Adds text at the start of a string',
    { prefix: 'The text to add (null adds nothing)' },
    'The prefix followed by the string',
  ),
  strOp(
    'string-split',
    { sep: maybeString },
    stringList,
    ({ str, sep }) => s(str).split(opt(sep) ?? ''),
    'Splits a string at every occurrence of a separator (taken literally)',
    { sep: 'The separator; null or "" splits into UTF-16 characters' },
    'The pieces, in order',
  ),
  strOp(
    'string-partition',
    { sep: maybeString },
    stringList,
    ({ str, sep }) => partition(s(str), opt(sep)),
    'Splits a string in three at the first occurrence of a separator',
    { sep: 'The separator' },
    'The text before the separator, the separator, and the text after it ("" when the separator is absent)',
  ),
  strOp(
    'string-startsWith',
    { prefix: maybeString },
    'boolean',
    ({ str, prefix }) => (prefix ? s(str).startsWith(s(prefix)) : true),
    'Tells whether a string starts with a prefix',
    { prefix: 'The prefix (null or "" always matches)' },
    'True when the string starts with the prefix',
  ),
  strOp(
    'string-endsWith',
    { suffix: maybeString },
    'boolean',
    ({ str, suffix }) => (suffix ? s(str).endsWith(s(suffix)) : true),
    'Tells whether a string ends with a suffix',
    { suffix: 'The suffix (null or "" always matches)' },
    'True when the string ends with the suffix',
  ),
  strOp(
    'string-isAlpha',
    {},
    'boolean',
    ({ str }) => /^[a-z]+$/i.test(s(str)),
    'Tells whether a string is made of ASCII letters only',
    {},
    'True for a non-empty string of a-z / A-Z',
  ),
  strOp(
    'string-isNumeric',
    {},
    'boolean',
    ({ str }) => s(str).length > 0 && /^-?\d*(\.\d+)?$/.test(s(str)),
    'Tells whether a string is a plain decimal number (optional minus, digits, optional fraction)',
    {},
    'True for strings such as "42", "-3.14", ".5" (and "-"); false for "1e3" or ""',
  ),
  strOp(
    'string-isAlnum',
    {},
    'boolean',
    ({ str }) => /^[a-z0-9]+$/i.test(s(str)),
    'Tells whether a string is made of ASCII letters and digits only',
    {},
    'True for a non-empty string of a-z / A-Z / 0-9',
  ),
  strOp(
    'string-lower',
    {},
    'string',
    ({ str }) => s(str).toLowerCase(),
    'Converts a string to lower case',
    {},
    'The string in lower case',
  ),
  strOp(
    'string-upper',
    {},
    'string',
    ({ str }) => s(str).toUpperCase(),
    'Converts a string to upper case',
    {},
    'The string in upper case',
  ),
  strOp(
    'string-slice',
    { begin: maybeNumber, end: maybeNumber },
    'string',
    ({ str, begin, end }) => sliceString(s(str), begin as number | null, end as number | null),
    'A part of a string, by UTF-16 positions (negative positions count from the end)',
    { begin: 'Where the part starts (null: at the start)', end: 'Where it stops, not included (null: at the end)' },
    'The substring',
  ),
  strOp(
    'string-replace',
    { sub: maybeString, newSub: maybeString },
    'string',
    ({ str, sub, newSub }) => s(str).replace(globalRegExp(opt(sub)), opt(newSub) ?? ''),
    'Replaces every match of a regular expression (`"a.b".replace(".", "-")` replaces every character)',
    { sub: 'The regular expression to look for', newSub: 'The replacement; `$&`, `$1` … refer to the match' },
    'The string with every match replaced',
  ),
  strOp(
    'string-findAll',
    { sub: maybeString },
    stringList,
    ({ str, sub }) => s(str).match(globalRegExp(opt(sub))) ?? [],
    'Finds every match of a regular expression',
    { sub: 'The regular expression to look for' },
    'The matched texts, in order',
  ),
  strOp(
    'string-contains',
    { sub: maybeString },
    'boolean',
    ({ str, sub }) => s(str).search(globalRegExp(opt(sub))) !== -1,
    'Tells whether a regular expression matches somewhere in a string',
    { sub: 'The regular expression to look for' },
    'True when there is a match',
  ),
  strOp(
    'string-strip',
    {},
    'string',
    ({ str }) => s(str).trim(),
    'Removes white space at both ends of a string',
    {},
    'The trimmed string',
  ),
  strOp(
    'string-lStrip',
    {},
    'string',
    ({ str }) => s(str).trimStart(),
    'Removes white space at the start of a string',
    {},
    'The trimmed string',
  ),
  strOp(
    'string-rStrip',
    {},
    'string',
    ({ str }) => s(str).trimEnd(),
    'Removes white space at the end of a string',
    {},
    'The trimmed string',
  ),
  strOp(
    'string-parseNumberWithSeparator',
    { thousands_separator: maybeString, decimal_separator: maybeString },
    maybeString,
    ({ str, thousands_separator, decimal_separator }) =>
      parseNumberWithSeparator(s(str), opt(thousands_separator), opt(decimal_separator)),
    'Reads a number written with given thousands and decimal separators ("1.234,5" with "." and ",")',
    {
      thousands_separator: 'The thousands separator, removed everywhere',
      decimal_separator: 'The decimal separator (its first occurrence becomes the decimal point)',
    },
    'The number, or null when the text does not start with a number or the number is 0',
    { docPages: undefined },
  ),
  {
    name: 'string-levenshtein',
    kind: 'standard',
    renderInfo: { type: 'function' },
    argTypes: { str1: maybeString, str2: maybeString },
    returnType: 'number',
    resolver: ({ str1, str2 }) => levenshtein.get(s(str1), opt(str2) ?? ''),
    description: 'The edit distance between two strings (insertions, deletions, substitutions of UTF-16 characters)',
    argDescriptions: { str1: 'The first string', str2: 'The second string (null counts as "")' },
    returnValueDescription: 'The least number of single-character edits turning one string into the other',
    docPages: STRING_PAGES,
  },
];
