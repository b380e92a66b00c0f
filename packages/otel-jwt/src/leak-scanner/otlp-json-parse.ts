/** A JSON string with where its literal (quotes included) lies in the text. */
export interface JsonString {
  readonly type: 'string';
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface JsonMember {
  readonly name: JsonString;
  readonly value: JsonNode;
}

/** A parsed JSON value that keeps string positions; numbers, booleans and null are `other`. */
export type JsonNode =
  | JsonString
  | { readonly type: 'array'; readonly items: readonly JsonNode[] }
  | { readonly type: 'object'; readonly members: readonly JsonMember[] }
  | { readonly type: 'other' };

export type JsonParse =
  | { readonly ok: true; readonly root: JsonNode }
  | { readonly ok: false; readonly reason: 'invalid_json' | 'too_deep'; readonly offset: number };

class JsonFailure {
  constructor(
    readonly reason: 'invalid_json' | 'too_deep',
    readonly offset: number,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const OTHER: JsonNode = { type: 'other' };

class Parser {
  pos = 0;

  constructor(
    readonly text: string,
    readonly maxDepth: number,
  ) {}

  fail(reason: 'invalid_json' | 'too_deep' = 'invalid_json'): never {
    throw new JsonFailure(reason, this.pos);
  }

  space(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const code = text.charCodeAt(this.pos);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return;
      this.pos++;
    }
  }

  value(depth: number): JsonNode {
    this.space();
    const code = this.text.charCodeAt(this.pos);
    if (code === 0x22) return this.string();
    if (code === 0x7b || code === 0x5b) {
      if (depth >= this.maxDepth) this.fail('too_deep');
      return code === 0x7b ? this.object(depth + 1) : this.array(depth + 1);
    }
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return OTHER;
      }
    }
    NUMBER.lastIndex = this.pos;
    if (!NUMBER.test(this.text)) this.fail();
    this.pos = NUMBER.lastIndex;
    return OTHER;
  }

  string(): JsonString {
    const text = this.text;
    const start = this.pos;
    let escaped = false;
    for (let at = start + 1; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        this.pos = at + 1;
        const literal = text.slice(start, this.pos);
        let value = literal.slice(1, -1);
        if (escaped) {
          try {
            value = JSON.parse(literal) as string; // checks the escapes
          } catch {
            this.pos = start;
            this.fail();
          }
        }
        return { type: 'string', value, start, end: this.pos };
      }
      if (code < 0x20) break;
      if (code === 0x5c) {
        escaped = true;
        at++;
      }
    }
    return this.fail();
  }

  expect(code: number): void {
    this.space();
    if (this.text.charCodeAt(this.pos) !== code) this.fail();
    this.pos++;
  }

  /** Whether the next character closes the container (consumed) or a comma follows (consumed). */
  more(close: number): boolean {
    this.space();
    const code = this.text.charCodeAt(this.pos);
    if (code !== close && code !== 0x2c) this.fail();
    this.pos++;
    return code === 0x2c;
  }

  object(depth: number): JsonNode {
    this.pos++;
    const members: JsonMember[] = [];
    this.space();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return { type: 'object', members };
    }
    do {
      this.space();
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail();
      const name = this.string();
      this.expect(0x3a);
      members.push({ name, value: this.value(depth) });
    } while (this.more(0x7d));
    return { type: 'object', members };
  }

  array(depth: number): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.space();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return { type: 'array', items };
    }
    do items.push(this.value(depth));
    while (this.more(0x5d));
    return { type: 'array', items };
  }
}

/**
 * RFC 8259 JSON, keeping where each string literal lies in the text (JSON.parse loses positions, and
 * the raw scan needs them to tell reported fields from the rest). Nesting deeper than `maxDepth`
 * containers is refused, so hostile input cannot exhaust the stack. Never throws.
 */
export function parseJsonWithPositions(text: string, maxDepth: number): JsonParse {
  const parser = new Parser(text, maxDepth);
  try {
    const root = parser.value(0);
    parser.space();
    if (parser.pos !== text.length) parser.fail();
    return { ok: true, root };
  } catch (error) {
    if (error instanceof JsonFailure) return { ok: false, reason: error.reason, offset: error.offset };
    throw error;
  }
}
