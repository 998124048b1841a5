import type { StringNode } from './node.js';

/**
 * The two string forms of HCL: quoted template strings and heredocs. Both keep `${...}` and
 * `%{...}` as written (the resolver reads them); quoted strings decode their escapes.
 */

/** What a string reader consumed: the node and the offset after it. */
export interface ReadString {
  readonly node: StringNode;
  readonly end: number;
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
};

/**
 * Reads the quoted string starting at `start` (its opening quote). An unterminated string ends
 * at the line break, as HCL does not allow one inside quotes.
 */
export function readQuoted(text: string, start: number): ReadString {
  let value = '';
  let at = start + 1;

  while (at < text.length) {
    const char = text.charAt(at);
    if (char === '"' || char === '\n') {
      break;
    }
    if (char === '\\') {
      const kind = text.charAt(at + 1);
      value += ESCAPES[kind] ?? kind;
      at += 2;
    } else if ((char === '$' || char === '%') && text.charAt(at + 1) === '{') {
      const end = interpolationEnd(text, at + 2);
      value += text.slice(at, end);
      at = end;
    } else {
      value += char;
      at += 1;
    }
  }

  const end = text.charAt(at) === '"' ? at + 1 : at;
  return { node: { kind: 'string', value, start, end }, end };
}

/** The offset after the `}` closing an interpolation whose body starts at `from`. */
function interpolationEnd(text: string, from: number): number {
  let depth = 1;
  let at = from;
  while (at < text.length && depth > 0) {
    const char = text.charAt(at);
    if (char === '\n') {
      return at;
    }
    depth += char === '{' ? 1 : char === '}' ? -1 : 0;
    at += 1;
  }
  return at;
}

/** A heredoc opener: `<<EOF` or `<<-EOF`, up to the end of its line. Matches "<<-POLICY". */
const HEREDOC_RE = /<<(-?)([A-Za-z_]\w*)[ \t]*\r?\n/y;

/**
 * Reads the heredoc starting at `start` (its `<<`). The node's value is the raw body and its
 * span the body's, so offsets inside the value map one to one onto the file; the indentation
 * `<<-` strips does not matter to the JSON it usually holds.
 */
export function readHeredoc(text: string, start: number): ReadString | undefined {
  HEREDOC_RE.lastIndex = start;
  const match = HEREDOC_RE.exec(text);
  if (!match) {
    return undefined;
  }

  const marker = match[2] ?? '';
  const bodyStart = start + match[0].length;
  const closing = new RegExp(`^[ \\t]*${marker}[ \\t]*\\r?$`, 'gm');
  closing.lastIndex = bodyStart;
  const close = closing.exec(text);
  const bodyEnd = close ? close.index : text.length;
  const node: StringNode = {
    kind: 'string',
    value: text.slice(bodyStart, bodyEnd),
    start: bodyStart,
    end: bodyEnd,
  };
  return { node, end: close ? close.index + close[0].length : text.length };
}
