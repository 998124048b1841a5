/**
 * The document model every IAM reader produces: JSON, YAML and the Terraform subset all become
 * these nodes, each with the UTF-16 offsets of its source text, so one analysis serves every
 * format and every finding can point at the offending string.
 */

/** Source offsets of a node: `start` is the first character (the quote of a quoted string). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface StringNode extends Span {
  readonly kind: 'string';
  readonly value: string;
}

export interface ScalarNode extends Span {
  readonly kind: 'scalar';
  readonly value: number | boolean | null;
}

export interface ArrayNode extends Span {
  readonly kind: 'array';
  readonly items: readonly PNode[];
}

export interface Entry {
  readonly key: string;
  readonly keyStart: number;
  readonly value: PNode;
}

export interface ObjectNode extends Span {
  readonly kind: 'object';
  readonly entries: readonly Entry[];
}

/** A Terraform expression (a reference, a call, a conditional) kept as its source text. */
export interface ExprNode extends Span {
  readonly kind: 'expr';
  readonly text: string;
  /** Set for a function call such as `jsonencode({...})`: its name and arguments. */
  readonly call?: { readonly name: string; readonly args: readonly PNode[] };
}

export type PNode = StringNode | ScalarNode | ArrayNode | ObjectNode | ExprNode;

/** Why a reader gave up: not a syntax error of the document, but a limit keyfence sets itself. */
export type ReadLimit = 'depth' | 'size';

/** What a reader returns: the root node, or the offset and kind of the first problem. */
export type ReadResult =
  | { readonly ok: true; readonly node: PNode }
  | { readonly ok: false; readonly offset: number; readonly limit?: ReadLimit };

/**
 * How deep a document may nest before a reader gives up. Real policies and templates nest less
 * than 20 levels; the limit keeps recursion far from the stack size on hostile input.
 */
export const MAX_DEPTH = 128;

/** The value of `key` in an object node; keys compare exactly, as IAM and CloudFormation do. */
export function valueOf(node: PNode | undefined, key: string): PNode | undefined {
  if (node?.kind !== 'object') {
    return undefined;
  }
  return node.entries.find((entry) => entry.key === key)?.value;
}

/** The entry of `key`, for locating the key itself. */
export function entryOf(node: PNode | undefined, key: string): Entry | undefined {
  return node?.kind === 'object' ? node.entries.find((entry) => entry.key === key) : undefined;
}

/** A string node's value, or undefined for any other node. */
export function stringOf(node: PNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

/** The node itself as a one-item list unless it is an array. */
export function itemsOf(node: PNode | undefined): readonly PNode[] {
  if (node === undefined) {
    return [];
  }
  return node.kind === 'array' ? node.items : [node];
}
