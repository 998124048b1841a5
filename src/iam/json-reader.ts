import { MAX_DEPTH, type Entry, type PNode, type ReadResult } from './node.js';
import type { Locate } from './offset-map.js';

/**
 * A strict JSON reader (RFC 8259) that keeps the source offsets of every value. It is linear and
 * bounded: nesting deeper than {@link MAX_DEPTH} stops it, so a hostile file cannot exhaust the
 * stack. IAM rejects what JSON rejects (a trailing comma, a comment), so this reader does too.
 *
 * @param locate maps offsets in `text` to offsets in the file, for JSON embedded in a string
 */
export function readJson(text: string, locate: Locate = (offset) => offset): ReadResult {
  const reader = new JsonReader(text, locate);

  try {
    const node = reader.value(0);
    reader.skipSpace();
    if (reader.at < text.length) {
      return { ok: false, offset: locate(reader.at) };
    }
    return { ok: true, node };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      return {
        ok: false,
        offset: locate(error.at),
        ...(error.limit ? { limit: error.limit } : {}),
      };
    }
    throw error;
  }
}

class JsonSyntaxError extends Error {
  readonly at: number;
  readonly limit: 'depth' | undefined;

  constructor(at: number, limit?: 'depth') {
    super('invalid JSON');
    this.at = at;
    this.limit = limit;
  }
}

/**
 * Whitespace JSON allows, and the rest of a number once its first character is seen.
 * Matches "-12.5e3"; does not match "+1" or "01".
 */
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL_RE = /true|false|null/y;
/** A run of characters that need no decoding inside a string. */
const PLAIN_RUN_RE = /[^"\\\u0000-\u001f]*/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Recursive descent over one text; `at` is the next unread offset. */
class JsonReader {
  at = 0;
  readonly #text: string;
  readonly #locate: Locate;

  constructor(text: string, locate: Locate) {
    this.#text = text;
    this.#locate = locate;
  }

  skipSpace(): void {
    const text = this.#text;
    let at = this.at;
    for (;;) {
      const code = text.charCodeAt(at);
      if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) {
        break;
      }
      at += 1;
    }
    this.at = at;
  }

  value(depth: number): PNode {
    if (depth > MAX_DEPTH) {
      throw new JsonSyntaxError(this.at, 'depth');
    }

    this.skipSpace();
    const char = this.#text.charAt(this.at);
    if (char === '{') {
      return this.#object(depth);
    }
    if (char === '[') {
      return this.#array(depth);
    }
    if (char === '"') {
      const start = this.at;
      const value = this.#string();
      return { kind: 'string', value, start: this.#locate(start), end: this.#locate(this.at) };
    }
    return this.#scalar();
  }

  #object(depth: number): PNode {
    const start = this.at;
    const entries: Entry[] = [];
    this.at += 1;
    this.skipSpace();

    if (this.#text.charAt(this.at) === '}') {
      this.at += 1;
      return { kind: 'object', entries, start: this.#locate(start), end: this.#locate(this.at) };
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.at;
      if (this.#text.charAt(keyStart) !== '"') {
        throw new JsonSyntaxError(keyStart);
      }
      const key = this.#string();
      this.skipSpace();
      this.#expect(':');
      const value = this.value(depth + 1);
      entries.push({ key, keyStart: this.#locate(keyStart), value });
      if (this.#separator('}')) {
        return { kind: 'object', entries, start: this.#locate(start), end: this.#locate(this.at) };
      }
    }
  }

  #array(depth: number): PNode {
    const start = this.at;
    const items: PNode[] = [];
    this.at += 1;
    this.skipSpace();

    if (this.#text.charAt(this.at) === ']') {
      this.at += 1;
      return { kind: 'array', items, start: this.#locate(start), end: this.#locate(this.at) };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      if (this.#separator(']')) {
        return { kind: 'array', items, start: this.#locate(start), end: this.#locate(this.at) };
      }
    }
  }

  /** Reads `,` (more to come: false) or the closing bracket (done: true). */
  #separator(close: string): boolean {
    this.skipSpace();
    const char = this.#text.charAt(this.at);
    this.at += 1;
    if (char === close) {
      return true;
    }
    if (char !== ',') {
      throw new JsonSyntaxError(this.at - 1);
    }
    return false;
  }

  #expect(char: string): void {
    if (this.#text.charAt(this.at) !== char) {
      throw new JsonSyntaxError(this.at);
    }
    this.at += 1;
  }

  /** Plain runs are copied in one slice each: most strings have no escape at all. */
  #string(): string {
    const text = this.#text;
    let value = '';
    this.at += 1;

    for (;;) {
      PLAIN_RUN_RE.lastIndex = this.at;
      const run = PLAIN_RUN_RE.exec(text)?.[0] ?? '';
      value += run;
      this.at += run.length;
      const char = text.charAt(this.at);
      if (char === '"') {
        this.at += 1;
        return value;
      }
      if (char !== '\\') {
        throw new JsonSyntaxError(this.at);
      }
      value += this.#escape();
    }
  }

  #escape(): string {
    const text = this.#text;
    const kind = text.charAt(this.at + 1);
    const simple = ESCAPES[kind];
    if (simple !== undefined) {
      this.at += 2;
      return simple;
    }

    const hex = text.slice(this.at + 2, this.at + 6);
    if (kind !== 'u' || !/^[0-9a-fA-F]{4}$/.test(hex)) {
      throw new JsonSyntaxError(this.at);
    }
    this.at += 6;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }

  #scalar(): PNode {
    const start = this.at;
    for (const pattern of [LITERAL_RE, NUMBER_RE]) {
      pattern.lastIndex = start;
      const match = pattern.exec(this.#text);
      if (match) {
        this.at = start + match[0].length;
        const value: number | boolean | null =
          pattern === NUMBER_RE ? Number(match[0]) : (JSON.parse(match[0]) as boolean | null);
        return { kind: 'scalar', value, start: this.#locate(start), end: this.#locate(this.at) };
      }
    }
    throw new JsonSyntaxError(start);
  }
}
