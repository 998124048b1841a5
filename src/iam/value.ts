import type { PNode } from './node.js';

/**
 * A resolved value: literal text and the parts keyfence cannot know statically. The analysis
 * needs to know *which* part is unknown: an unknown region or account cannot change whether a
 * resource is inside the queue prefix, an unknown queue name can.
 */
export type UnknownKind =
  /** `${AWS::Partition}` or the provider's partition: the partition the stack deploys to. */
  | 'partition'
  | 'region'
  | 'account'
  /** An IAM policy variable such as `${aws:username}`: any text at request time. */
  | 'variable'
  /** Anything else: a parameter without allowed values, a Terraform variable, an import. */
  | 'opaque';

export type Part =
  { readonly text: string } | { readonly unknown: UnknownKind; readonly label: string };

export type Value = readonly Part[];

/** What a node evaluates to: its possible values, or why it is not a string at all. */
export type Evaluation = { readonly values: readonly Value[] } | { readonly invalid: string };

/** How `${...}` in a string is read, which depends on where the string was written. */
export type StringMode =
  /** Plain IAM JSON: `${aws:username}` is a policy variable. */
  | 'literal'
  /** The template of a CloudFormation `Fn::Sub`. */
  | 'cfn-sub'
  /** A Terraform string: `${...}` is interpolation, `$${...}` a literal (policy variable). */
  | 'tf'
  /** A string of `aws_iam_policy_document`: as `tf`, and `&{...}` is a policy variable. */
  | 'tf-document';

/**
 * Resolves the values of one document's nodes. Each source format (plain JSON, CloudFormation,
 * Terraform) has its own, so the analysis never needs to know where a policy was written.
 */
export interface Resolver {
  /** The possible values of a leaf node (a string, an intrinsic function, a reference). */
  evaluate(node: PNode, mode: StringMode): Evaluation;
  /** The leaves of a list-valued element, with conditional branches expanded. */
  leaves(node: PNode): readonly PNode[];
}

/**
 * How many alternative values one node may stand for (each `AllowedValues` entry, each `Fn::If`
 * branch, multiplied out). Past this, the node is reported as unresolved instead.
 */
export const MAX_ALTERNATIVES = 64;

export function text(value: string): Part {
  return { text: value };
}

export function unknown(kind: UnknownKind, label: string): Part {
  return { unknown: kind, label };
}

/** The value as a string when every part is literal, else undefined. */
export function literalOf(value: Value): string | undefined {
  let result = '';
  for (const part of value) {
    if (!('text' in part)) {
      return undefined;
    }
    result += part.text;
  }
  return result;
}

/** Every concatenation of one alternative from each list, or undefined when there are too many. */
export function product(lists: readonly (readonly Value[])[]): Value[] | undefined {
  let results: Value[] = [[]];
  for (const list of lists) {
    if (results.length * list.length > MAX_ALTERNATIVES) {
      return undefined;
    }
    results = results.flatMap((prefix) => list.map((value) => [...prefix, ...value]));
  }
  return results;
}

/** A value a reader could not pin down, shown to the user under `label`. */
export function opaque(label: string): Evaluation {
  return { values: [[unknown('opaque', label)]] };
}

/**
 * Splits a string at its `${...}` (and, for Terraform documents, `&{...}`) placeholders; `onName`
 * turns each placeholder's inner text into the values it may take.
 *
 * Matches "${aws:username}"; does not match "$ {x}".
 */
const PLACEHOLDER_RE = /([$&])\{([^}]*)\}/g;

export function splitTemplate(
  source: string,
  onPlaceholder: (sigil: '$' | '&', inner: string, escaped: boolean) => readonly Value[],
): Value[] | undefined {
  const lists: Value[][] = [];
  let last = 0;

  for (const match of source.matchAll(PLACEHOLDER_RE)) {
    const sigil = match[1] === '&' ? '&' : '$';
    const escaped = sigil === '$' && source.charAt(match.index - 1) === '$';
    const before = source.slice(last, escaped ? match.index - 1 : match.index);
    lists.push([[text(before)]]);
    lists.push([...onPlaceholder(sigil, match[2] ?? '', escaped)]);
    last = match.index + match[0].length;
  }
  lists.push([[text(source.slice(last))]]);
  return product(lists)?.map(normalize);
}

/** Merges adjacent literal parts and drops empty ones, so a value starts with what it says. */
export function normalize(value: Value): Value {
  const parts: Part[] = [];
  for (const part of value) {
    const previous = parts.at(-1);
    if ('text' in part && part.text === '') {
      continue;
    }
    if ('text' in part && previous && 'text' in previous) {
      parts[parts.length - 1] = text(previous.text + part.text);
    } else {
      parts.push(part);
    }
  }
  return parts;
}

/** A plain IAM string: every `${...}` is a policy variable, known only at request time. */
export function iamStringValue(source: string): Value {
  if (!source.includes('{')) {
    return source === '' ? [] : [text(source)];
  }
  const values = splitTemplate(source, (sigil, inner) =>
    sigil === '$' ? [[unknown('variable', inner)]] : [[text(`&{${inner}}`)]],
  );
  return values?.[0] ?? [text(source)];
}
