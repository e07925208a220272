/**
 * Where JSON text goes wrong. `JSON.parse` messages on Node 20 do not always carry a position
 * (`Unexpected token 'x', "…" is not valid JSON`), so the server finds the offset of the first
 * problem itself, with a small non-recursive JSON scanner, and reports it with line and column.
 */

export interface JsonProblem {
  /** 0-based UTF-16 offset of the first character that cannot be part of valid JSON (text.length: unexpected end). */
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** The first problem in `text`, or null when it is valid JSON. */
export function findJsonProblem(text: string): JsonProblem | null {
  const at = scan(text);
  if (at === null) return null;
  return describe(text, at.position, at.message);
}

function describe(text: string, position: number, message: string): JsonProblem {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { position, line, column: position - lineStart + 1, message };
}

type Frame = 'array' | 'object';

function scan(text: string): { position: number; message: string } | null {
  let i = 0;
  const n = text.length;
  const stack: Frame[] = [];
  const skip = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const fail = (message: string): { position: number; message: string } => ({ position: i, message });
  const what = (): string => (i >= n ? 'end of input' : `${JSON.stringify(text[i])}`);

  /** Scans a string starting at the quote; returns false at a problem (i points at it). */
  const string = (): string | null => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c < 0x20) return 'control character in a string';
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            return 'bad \\u escape';
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return 'bad escape';
        }
      } else i++;
    }
    return 'unterminated string';
  };

  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

  /** Scans one scalar or opens a container. */
  const value = (): string | null => {
    skip();
    if (i >= n) return 'expected a value, got end of input';
    const c = text[i];
    if (c === '{') {
      stack.push('object');
      i++;
      return null;
    }
    if (c === '[') {
      stack.push('array');
      i++;
      return null;
    }
    if (c === '"') return string();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return null;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0] !== '-' && m[0].length > 0) {
      i += m[0].length;
      return null;
    }
    return `expected a value, got ${what()}`;
  };

  // Object states: after '{' expect key or '}'; after key expect ':'; after value expect ',' or '}'.
  let problem = value();
  if (problem) return fail(problem);
  // `fresh` is true right after an opening bracket (an immediate close is allowed).
  let fresh = true;
  while (stack.length > 0) {
    skip();
    const top = stack[stack.length - 1];
    const c = text[i];
    if (top === 'array') {
      if (c === ']' && fresh) {
        stack.pop();
        i++;
        fresh = false;
        continue;
      }
      if (!fresh) {
        if (c === ']') {
          stack.pop();
          i++;
          continue;
        }
        if (c !== ',') return fail(`expected ',' or ']' in an array, got ${what()}`);
        i++;
      }
      const before = stack.length;
      problem = value();
      if (problem) return fail(problem);
      fresh = stack.length > before;
      continue;
    }
    // object
    if (c === '}' && fresh) {
      stack.pop();
      i++;
      fresh = false;
      continue;
    }
    if (!fresh) {
      if (c === '}') {
        stack.pop();
        i++;
        continue;
      }
      if (c !== ',') return fail(`expected ',' or '}' in an object, got ${what()}`);
      i++;
      skip();
    }
    if (text[i] !== '"') return fail(`expected a property name in double quotes, got ${what()}`);
    problem = string();
    if (problem) return fail(problem);
    skip();
    if (text[i] !== ':') return fail(`expected ':' after a property name, got ${what()}`);
    i++;
    const before = stack.length;
    problem = value();
    if (problem) return fail(problem);
    fresh = stack.length > before;
  }
  skip();
  if (i < n) return fail(`unexpected ${what()} after the JSON value`);
  return null;
}

/** Parses JSON; on failure throws a `JsonSyntaxError` carrying the position, line and column. */
export class JsonSyntaxError extends Error {
  constructor(readonly problem: JsonProblem) {
    super(`invalid JSON at line ${problem.line}, column ${problem.column} (position ${problem.position}): ${problem.message}`);
    this.name = 'JsonSyntaxError';
  }
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const problem = findJsonProblem(text) ?? describe(text, text.length, e instanceof Error ? e.message : 'invalid JSON');
    throw new JsonSyntaxError(problem);
  }
}
