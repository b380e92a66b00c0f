/** Why a JSON text was refused by {@link parseStrictJson}. */
export type JsonFault = 'invalid_json' | 'json_too_deep' | 'duplicate_member';

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly fault: JsonFault };

class Fault {
  constructor(readonly fault: JsonFault) {}
}
const INVALID = new Fault('invalid_json');
const TOO_DEEP = new Fault('json_too_deep');
const DUPLICATE = new Fault('duplicate_member');

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * RFC 8259 JSON, stricter than `JSON.parse` where JWT attacks live: a duplicate member name is refused
 * (parsers disagree on which copy wins), nesting is bounded (no stack exhaustion from a token), and every
 * object and array comes back frozen, so a verified claim set shared through the cache cannot be changed.
 */
export function parseStrictJson(text: string, maxDepth: number): JsonParse {
  const parser = new Parser(text, maxDepth);
  try {
    parser.skipSpace();
    const value = parser.value(0);
    parser.skipSpace();
    if (parser.pos !== text.length) return { ok: false, fault: 'invalid_json' };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Fault) return { ok: false, fault: error.fault };
    // A RangeError from a stack overflow cannot happen within maxDepth, but never let it escape.
    return { ok: false, fault: 'invalid_json' };
  }
}

class Parser {
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else break;
    }
    this.pos = pos;
  }

  value(depth: number): unknown {
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x22) return this.string();
    if (c === 0x7b) return this.object(depth + 1);
    if (c === 0x5b) return this.array(depth + 1);
    if (c === 0x74) return this.literal('true', true);
    if (c === 0x66) return this.literal('false', false);
    if (c === 0x6e) return this.literal('null', null);
    return this.number();
  }

  private object(depth: number): Record<string, unknown> {
    if (depth > this.maxDepth) throw TOO_DEEP;
    const result: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return Object.freeze(result);
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) throw INVALID;
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) throw INVALID;
      this.pos++;
      this.skipSpace();
      const member = this.value(depth);
      if (Object.hasOwn(result, key)) throw DUPLICATE;
      // defineProperty keeps "__proto__" an ordinary own member, as JSON.parse does.
      if (key === '__proto__') {
        Object.defineProperty(result, key, {
          value: member,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        result[key] = member;
      }
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 0x7d) return Object.freeze(result);
      if (next !== 0x2c) throw INVALID;
      this.skipSpace();
    }
  }

  private array(depth: number): unknown[] {
    if (depth > this.maxDepth) throw TOO_DEEP;
    const result: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return Object.freeze(result) as unknown[];
    }
    for (;;) {
      result.push(this.value(depth));
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 0x5d) return Object.freeze(result) as unknown[];
      if (next !== 0x2c) throw INVALID;
      this.skipSpace();
    }
  }

  private string(): string {
    const text = this.text;
    const start = ++this.pos;
    let pos = start;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return text.slice(start, pos);
      }
      if (c === 0x5c) break;
      if (c < 0x20 || Number.isNaN(c)) throw INVALID;
      pos++;
    }
    // Slow path: the string holds escapes.
    let out = text.slice(start, pos);
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        this.pos = pos + 1;
        return out;
      }
      if (c < 0x20 || Number.isNaN(c)) throw INVALID;
      if (c !== 0x5c) {
        out += text[pos];
        pos++;
        continue;
      }
      const escaped = text.charAt(pos + 1);
      if (escaped === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw INVALID;
        out += String.fromCharCode(Number.parseInt(hex, 16));
        pos += 6;
      } else {
        const decoded = ESCAPES[escaped];
        if (decoded === undefined) throw INVALID;
        out += decoded;
        pos += 2;
      }
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw INVALID;
    this.pos += word.length;
    return value;
  }

  /**
   * `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, the longest match at `pos` (a fraction or exponent
   * without digits is left unread, for the caller to reject). Integers of up to 15 digits are summed
   * exactly; anything else goes through Number(), as JSON.parse rounds it.
   */
  private number(): number {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    const negative = c === 0x2d;
    if (negative) c = text.charCodeAt(++pos);
    let value = 0;
    if (c === 0x30) {
      c = text.charCodeAt(++pos);
    } else if (c >= 0x31 && c <= 0x39) {
      do {
        value = value * 10 + (c - 0x30);
        c = text.charCodeAt(++pos);
      } while (c >= 0x30 && c <= 0x39);
    } else {
      throw INVALID;
    }
    let exact = pos - start <= (negative ? 16 : 15);
    if (c === 0x2e && isDigit(text.charCodeAt(pos + 1))) {
      pos += 2;
      while (isDigit(text.charCodeAt(pos))) pos++;
      c = text.charCodeAt(pos);
      exact = false;
    }
    if (c === 0x65 || c === 0x45) {
      let at = pos + 1;
      let next = text.charCodeAt(at);
      if (next === 0x2b || next === 0x2d) next = text.charCodeAt(++at);
      if (isDigit(next)) {
        pos = at + 1;
        while (isDigit(text.charCodeAt(pos))) pos++;
        exact = false;
      }
    }
    this.pos = pos;
    if (exact) return negative ? -value : value;
    return Number(text.slice(start, pos));
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
