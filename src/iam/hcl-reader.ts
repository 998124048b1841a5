import { readHeredoc, readQuoted } from './hcl-strings.js';
import { MAX_DEPTH, type Entry, type PNode, type StringNode } from './node.js';

/**
 * A reader for the subset of HCL (Terraform's language) that policies are written in: blocks
 * with labels, attributes, strings with `${...}` templates, heredocs, lists, objects, numbers,
 * references and function calls. Operators and conditionals are kept as opaque expressions,
 * which the analysis reports as unresolved rather than guessing. It never throws on bad input:
 * what it cannot read it skips to the end of the line, and it always moves forward, so it is
 * linear in the size of the file.
 */

export interface HclAttribute {
  readonly name: string;
  readonly start: number;
  readonly value: PNode;
}

export interface HclBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly start: number;
  readonly attributes: readonly HclAttribute[];
  readonly blocks: readonly HclBlock[];
}

/** Reads a Terraform file into its top-level blocks. */
export function readHcl(text: string): HclBlock[] {
  const reader = new HclReader(text);
  return reader.body(0).blocks;
}

/** An identifier; Terraform allows dashes after the first character. Matches "aws_iam-x1". */
const IDENT_RE = /[A-Za-z_][\w-]*/y;
/** A reference traversal step: `.name`, `.*`, `[0]` or `["key"]`. Matches ".arn"; not "(". */
const TRAVERSAL_RE = /\s*(?:\.(?:[A-Za-z_][\w-]*|\*|\d+)|\[[^\]\n]*\])/y;
/** A number literal. Matches "10", "1.5e3"; does not match "-". */
const NUMBER_RE = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Horizontal space, comments included. */
const INLINE_SPACE_RE = /(?:[ \t]+|\/\*[\s\S]*?\*\/)*/y;
/** Any space, line breaks and `#`, `//` and block comments included. */
const SPACE_RE = /(?:\s+|#[^\n]*|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/y;

class HclReader {
  at = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  body(depth: number): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];

    for (;;) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === '' || char === '}') {
        return { attributes, blocks };
      }
      const start = this.at;
      const name = this.#match(IDENT_RE);
      if (name === undefined) {
        this.#skipLine();
        continue;
      }
      this.#skip(INLINE_SPACE_RE);
      if (this.#text.charAt(this.at) === '=' && this.#text.charAt(this.at + 1) !== '=') {
        this.at += 1;
        attributes.push({ name, start, value: this.expression(depth + 1) });
        continue;
      }
      const block = this.#block(name, start, depth);
      if (block) {
        blocks.push(block);
      }
    }
  }

  #block(type: string, start: number, depth: number): HclBlock | undefined {
    const labels: string[] = [];
    for (;;) {
      this.#skip(INLINE_SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === '"') {
        labels.push(this.#quoted().value);
      } else if (char === '{') {
        break;
      } else {
        const label = this.#match(IDENT_RE);
        if (label === undefined) {
          this.#skipLine();
          return undefined;
        }
        labels.push(label);
      }
    }

    this.at += 1;
    const body = depth > MAX_DEPTH ? this.#skipBalanced() : this.body(depth + 1);
    if (this.#text.charAt(this.at) === '}') {
      this.at += 1;
    }
    return { type, labels, start, ...body };
  }

  /** Reads one expression, up to the end of its line or the enclosing bracket. */
  expression(depth: number): PNode {
    this.#skip(INLINE_SPACE_RE);
    const start = this.at;
    const primary = depth > MAX_DEPTH ? undefined : this.#primary(depth);

    this.#skip(INLINE_SPACE_RE);
    if (primary !== undefined && this.#atExpressionEnd()) {
      return primary;
    }
    // An operator or conditional follows (`a ? b : c`, `"x" + y`): keep the whole expression as
    // opaque text, which the resolver reports instead of guessing a branch.
    this.at = Math.max(this.at, start);
    this.#skipToExpressionEnd();
    const text = this.#text.slice(start, this.at).trim();
    return { kind: 'expr', text, start, end: start + text.length };
  }

  #primary(depth: number): PNode | undefined {
    const char = this.#text.charAt(this.at);
    if (char === '"') {
      return this.#quoted();
    }
    if (char === '<' && this.#text.startsWith('<<', this.at)) {
      return this.#heredoc();
    }
    if (char === '[') {
      return this.#list(depth);
    }
    if (char === '{') {
      return this.#object(depth);
    }
    return this.#scalarOrReference(depth);
  }

  #scalarOrReference(depth: number): PNode | undefined {
    const start = this.at;
    const number = this.#match(NUMBER_RE);
    if (number !== undefined) {
      return { kind: 'scalar', value: Number(number), start, end: this.at };
    }

    const name = this.#match(IDENT_RE);
    if (name === undefined) {
      return undefined;
    }
    if (name === 'true' || name === 'false' || name === 'null') {
      const value = name === 'null' ? null : name === 'true';
      return { kind: 'scalar', value, start, end: this.at };
    }
    if (this.#text.charAt(this.at) === '(') {
      return this.#call(name, start, depth);
    }
    while (this.#match(TRAVERSAL_RE) !== undefined) {
      // Each step of `aws_sqs_queue.orders.arn` is consumed; the text is kept below.
    }
    return { kind: 'expr', text: this.#text.slice(start, this.at), start, end: this.at };
  }

  #call(name: string, start: number, depth: number): PNode {
    const args: PNode[] = [];
    this.at += 1;
    for (;;) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === ')' || char === '') {
        this.at += char === ')' ? 1 : 0;
        break;
      }
      const before = this.at;
      args.push(this.expression(depth + 1));
      this.#skip(SPACE_RE);
      if (this.#text.charAt(this.at) === ',') {
        this.at += 1;
      } else if (this.at === before) {
        this.at += 1;
      }
    }
    const text = this.#text.slice(start, this.at);
    return { kind: 'expr', text, start, end: this.at, call: { name, args } };
  }

  #list(depth: number): PNode {
    const start = this.at;
    const items: PNode[] = [];
    this.at += 1;
    for (;;) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === ']' || char === '') {
        this.at += char === ']' ? 1 : 0;
        return { kind: 'array', items, start, end: this.at };
      }
      const before = this.at;
      items.push(this.expression(depth + 1));
      this.#skip(SPACE_RE);
      if (this.#text.charAt(this.at) === ',') {
        this.at += 1;
      } else if (this.at === before) {
        this.at += 1;
      }
    }
  }

  #object(depth: number): PNode {
    const start = this.at;
    const entries: Entry[] = [];
    this.at += 1;
    for (;;) {
      this.#skip(SPACE_RE);
      const char = this.#text.charAt(this.at);
      if (char === '}' || char === '') {
        this.at += char === '}' ? 1 : 0;
        return { kind: 'object', entries, start, end: this.at };
      }
      const entry = this.#objectEntry(depth);
      if (entry) {
        entries.push(entry);
      }
      this.#skip(SPACE_RE);
      if (this.#text.charAt(this.at) === ',') {
        this.at += 1;
      }
    }
  }

  #objectEntry(depth: number): Entry | undefined {
    const keyStart = this.at;
    const key = this.#text.charAt(this.at) === '"' ? this.#quoted().value : this.#match(IDENT_RE);
    this.#skip(INLINE_SPACE_RE);
    const separator = this.#text.charAt(this.at);
    if (key === undefined || (separator !== '=' && separator !== ':')) {
      this.#skipToExpressionEnd();
      this.at = Math.max(this.at, keyStart + 1);
      return undefined;
    }
    this.at += 1;
    return { key, keyStart, value: this.expression(depth + 1) };
  }

  #quoted(): StringNode {
    const { node, end } = readQuoted(this.#text, this.at);
    this.at = end;
    return node;
  }

  #heredoc(): PNode | undefined {
    const read = readHeredoc(this.#text, this.at);
    if (read) {
      this.at = read.end;
    }
    return read?.node;
  }

  #atExpressionEnd(): boolean {
    const char = this.#text.charAt(this.at);
    return (
      char === '' ||
      char === '\n' ||
      char === '\r' ||
      char === ',' ||
      char === ']' ||
      char === '}' ||
      char === ')' ||
      char === '#' ||
      this.#text.startsWith('//', this.at)
    );
  }

  /** Skips an opaque expression: brackets and strings balanced, up to a line end at depth 0. */
  #skipToExpressionEnd(): void {
    const text = this.#text;
    let depth = 0;
    while (this.at < text.length) {
      const char = text.charAt(this.at);
      if (
        depth === 0 &&
        (char === '\n' || char === ',' || char === ']' || char === '}' || char === ')')
      ) {
        return;
      }
      if (char === '"') {
        this.#quoted();
        continue;
      }
      depth += '([{'.includes(char) ? 1 : ')]}'.includes(char) ? -1 : 0;
      this.at += 1;
    }
  }

  #skipBalanced(): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    let depth = 1;
    while (this.at < this.#text.length && depth > 0) {
      const char = this.#text.charAt(this.at);
      depth += char === '{' ? 1 : char === '}' ? -1 : 0;
      this.at += depth > 0 ? 1 : 0;
    }
    return { attributes: [], blocks: [] };
  }

  #skipLine(): void {
    const end = this.#text.indexOf('\n', this.at);
    this.at = end === -1 ? this.#text.length : end + 1;
  }

  #skip(pattern: RegExp): void {
    pattern.lastIndex = this.at;
    if (pattern.exec(this.#text)) {
      this.at = pattern.lastIndex;
    }
  }

  #match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.#text);
    if (!match || match[0] === '') {
      return undefined;
    }
    this.at = pattern.lastIndex;
    return match[0];
  }
}
