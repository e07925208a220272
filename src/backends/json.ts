/**
 * "Extended" JSON as W&B writes it: standard JSON plus the bare tokens `NaN`, `Infinity` and
 * `-Infinity` (Python's `json` default). Browser-safe, no dependencies.
 *
 * - `parseJsonExtended` tries the native `JSON.parse` first (fast path) and falls back to a
 *   hand-written parser only when the text holds a non-standard token. Both produce plain objects
 *   whose keys are own data properties, so a key named `__proto__` is data, never a prototype.
 * - `stringifyJsonExtended` writes non-finite numbers back as bare tokens (the way the W&B API
 *   returns them inside JSONString fields); everything else is byte-identical to `JSON.stringify`.
 */

export class JsonSyntaxError extends SyntaxError {
  constructor(
    message: string,
    /** 0-based character offset in the source text. */
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Defines `obj[key] = value` as an own data property, even for `__proto__`. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** `Object.prototype.hasOwnProperty.call`, spelled once. */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A short phrase for a value in error messages: `null`, `an array`, `the string "x"`, `the number 7`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return `the number ${String(v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Parses JSON that may contain bare `NaN` / `Infinity` / `-Infinity`. Throws `JsonSyntaxError`. */
export function parseJsonExtended(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new ExtendedJsonParser(text).parseDocument();
  }
}

const WS = new Uint8Array(128);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

class ExtendedJsonParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parseDocument(): unknown {
    this.skipWs();
    const value = this.parseValue();
    this.skipWs();
    if (this.pos < this.src.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private fail(message: string): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < this.pos && i < this.src.length; i++) {
      if (this.src.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = this.pos - lineStart + 1;
    throw new JsonSyntaxError(`${message} at line ${line} column ${column}`, this.pos, line, column);
  }

  private skipWs(): void {
    const s = this.src;
    let p = this.pos;
    while (p < s.length) {
      const c = s.charCodeAt(p);
      if (c < 128 && WS[c] === 1) p++;
      else break;
    }
    this.pos = p;
  }

  private parseValue(): unknown {
    const s = this.src;
    if (this.pos >= s.length) this.fail('unexpected end of input');
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.parseObject();
      case 0x5b: // [
        return this.parseArray();
      case 0x22: // "
        return this.parseString();
      case 0x74: // t
        return this.literal('true', true);
      case 0x66: // f
        return this.literal('false', false);
      case 0x6e: // n
        return this.literal('null', null);
      case 0x4e: // N
        return this.literal('NaN', Number.NaN);
      case 0x49: // I
        return this.literal('Infinity', Number.POSITIVE_INFINITY);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.parseNumber();
        return this.fail(`unexpected character ${JSON.stringify(s[this.pos])}`);
    }
  }

  private literal<T>(word: string, value: T): T {
    if (this.src.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail(`unexpected token`);
  }

  private parseNumber(): number {
    const s = this.src;
    const start = this.pos;
    if (s.charCodeAt(this.pos) === 0x2d) {
      this.pos++;
      if (s.startsWith('Infinity', this.pos)) {
        this.pos += 8;
        return Number.NEGATIVE_INFINITY;
      }
    }
    const digitsFrom = this.pos;
    if (s.charCodeAt(this.pos) === 0x30) {
      this.pos++;
    } else {
      while (this.pos < s.length && isDigit(s.charCodeAt(this.pos))) this.pos++;
    }
    if (this.pos === digitsFrom) this.fail('invalid number');
    if (s.charCodeAt(this.pos) === 0x2e) {
      this.pos++;
      const f = this.pos;
      while (this.pos < s.length && isDigit(s.charCodeAt(this.pos))) this.pos++;
      if (this.pos === f) this.fail('invalid number');
    }
    const e = s.charCodeAt(this.pos);
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = s.charCodeAt(this.pos);
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      const f = this.pos;
      while (this.pos < s.length && isDigit(s.charCodeAt(this.pos))) this.pos++;
      if (this.pos === f) this.fail('invalid number');
    }
    return Number(s.slice(start, this.pos));
  }

  private parseString(): string {
    const s = this.src;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    while (true) {
      if (this.pos >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.pos);
      if (c === 0x22) {
        out += s.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x5c) {
        out += s.slice(chunkStart, this.pos);
        this.pos++;
        const e = s[this.pos];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = s.slice(this.pos + 1, this.pos + 5);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid unicode escape');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 4;
            break;
          }
          default:
            this.fail('invalid escape');
        }
        this.pos++;
        chunkStart = this.pos;
        continue;
      }
      if (c < 0x20) this.fail('control character in string');
      this.pos++;
    }
  }

  private parseArray(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.skipWs();
    if (this.src.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return out;
    }
    while (true) {
      this.skipWs();
      out.push(this.parseValue());
      this.skipWs();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      this.fail("expected ',' or ']'");
    }
  }

  private parseObject(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.skipWs();
    if (this.src.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    while (true) {
      this.skipWs();
      if (this.src.charCodeAt(this.pos) !== 0x22) this.fail('expected a string key');
      const key = this.parseString();
      this.skipWs();
      if (this.src.charCodeAt(this.pos) !== 0x3a) this.fail("expected ':'");
      this.pos++;
      this.skipWs();
      setOwn(out, key, this.parseValue());
      this.skipWs();
      const c = this.src.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return out;
      }
      this.fail("expected ',' or '}'");
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when `v` holds a non-finite number anywhere (so plain `JSON.stringify` would lose it). */
function hasNonFinite(v: unknown): boolean {
  if (typeof v === 'number') return !Number.isFinite(v);
  if (Array.isArray(v)) return v.some(hasNonFinite);
  if (typeof v === 'object' && v !== null) {
    for (const k in v) {
      if (hasOwn(v, k) && hasNonFinite((v as Record<string, unknown>)[k])) return true;
    }
  }
  return false;
}

function nonFiniteToken(n: number): string {
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
}

function stringifySlow(v: unknown, indent: string, depth: string): string | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : nonFiniteToken(v);
  const inner = depth + indent;
  const open = indent ? '\n' + inner : '';
  const close = indent ? '\n' + depth : '';
  const sep = indent ? ',\n' + inner : ',';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + open + v.map((x) => stringifySlow(x, indent, inner) ?? 'null').join(sep) + close + ']';
  }
  if (typeof v === 'object' && v !== null && !hasToJSON(v)) {
    const parts: string[] = [];
    for (const k of Object.keys(v)) {
      const s = stringifySlow((v as Record<string, unknown>)[k], indent, inner);
      if (s !== undefined) parts.push(JSON.stringify(k) + (indent ? ': ' : ':') + s);
    }
    if (parts.length === 0) return '{}';
    return '{' + open + parts.join(sep) + close + '}';
  }
  return JSON.stringify(v);
}

function hasToJSON(v: object): boolean {
  return typeof (v as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * `JSON.stringify` that writes NaN/±Infinity as bare tokens instead of `null`. `indent` (a number
 * of spaces) pretty-prints like `JSON.stringify(v, null, indent)`. Returns `undefined` for
 * `undefined`/functions, like `JSON.stringify`.
 */
export function stringifyJsonExtended(v: unknown, indent = 0): string {
  if (!hasNonFinite(v)) return indent > 0 ? JSON.stringify(v, null, indent) : JSON.stringify(v);
  return stringifySlow(v, ' '.repeat(indent), '') as string;
}

/** Decodes UTF-8 bytes (strict BOM-tolerant) and parses them with `parseJsonExtended`. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseJsonExtended(text);
}
