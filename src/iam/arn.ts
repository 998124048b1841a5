import { WILDCARD_RE, patternToRegExp } from './actions.js';
import type { Part, Value } from './value.js';

/** What the resource checks need from the configuration. */
export interface ResourceScope {
  readonly service: string;
  readonly queuePrefix: string;
  readonly partitions: readonly string[];
}

/** The verdict on one resource value. */
export type ResourceVerdict =
  | { readonly kind: 'inside' }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'outside'; readonly reason: string }
  | { readonly kind: 'unresolved'; readonly label: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/** The partitions AWS has; a wildcard partition is outside unless it covers allowed ones only. */
const PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
];

/** An ARN has six colon-separated parts; the sixth (the resource) may contain colons itself. */
const ARN_PARTS = 6;

/**
 * Decides whether a resource is provably inside the allowed queues. ARN matching is
 * case-sensitive, and a `*` at the end of a part matches across the colons that follow
 * (`arn:aws:sqs:*` covers every queue), as IAM does.
 */
export function classifyResource(value: Value, scope: ResourceScope): ResourceVerdict {
  const segments = splitArn(value);
  const scheme = literalSegment(segments[0]);
  if (scheme === '*' && segments.length === 1) {
    return { kind: 'wildcard' };
  }
  if (scheme !== 'arn') {
    const first = value[0];
    return first && 'unknown' in first
      ? { kind: 'unresolved', label: first.label }
      : { kind: 'invalid', reason: 'it is neither an ARN nor "*"' };
  }

  const padded = padArn(segments);
  if ('kind' in padded) {
    return padded;
  }

  // Every resource of its kind first: `arn:aws:s3:::*` is a wildcard before it is another service.
  const name = padded[5] ?? [];
  if (isAllWildcard(name)) {
    return { kind: 'wildcard' };
  }
  // Region and account (parts 4 and 5) never decide: any value there still names a queue
  // whose name the prefix check governs.
  return (
    checkPartition(padded[1], scope) ?? checkService(padded[2], scope) ?? checkName(name, scope)
  );
}

/** Splits a value at the first five literal colons, keeping unknown parts inside a segment. */
function splitArn(value: Value): Part[][] {
  const segments: Part[][] = [[]];
  for (const part of value) {
    if (!('text' in part)) {
      segments.at(-1)?.push(part);
      continue;
    }
    let rest = part.text;
    let colon = rest.indexOf(':');
    while (colon !== -1 && segments.length < ARN_PARTS) {
      segments.at(-1)?.push({ text: rest.slice(0, colon) });
      segments.push([]);
      rest = rest.slice(colon + 1);
      colon = rest.indexOf(':');
    }
    segments.at(-1)?.push({ text: rest });
  }
  return segments;
}

/** Fills the parts a trailing `*` swallowed; fewer than six parts otherwise is no ARN. */
function padArn(segments: Part[][]): Part[][] | ResourceVerdict {
  if (segments.length >= ARN_PARTS) {
    return segments;
  }
  const last = segments.at(-1)?.at(-1);
  if (last && 'unknown' in last) {
    return { kind: 'unresolved', label: last.label };
  }
  if (!last?.text.endsWith('*')) {
    return { kind: 'invalid', reason: 'an ARN has six parts separated by colons' };
  }
  const padding = Array.from({ length: ARN_PARTS - segments.length }, () => [{ text: '*' }]);
  return [...segments, ...padding];
}

function checkPartition(
  segment: Part[] | undefined,
  scope: ResourceScope,
): ResourceVerdict | undefined {
  const parts = segment ?? [];
  if (parts.some((part) => 'unknown' in part && part.unknown === 'partition')) {
    return undefined;
  }
  const opaque = firstOpaque(parts);
  if (opaque) {
    return { kind: 'unresolved', label: opaque };
  }

  const partition = literalSegment(parts) ?? '';
  const covered = WILDCARD_RE.test(partition)
    ? PARTITIONS.filter((name) => patternToRegExp(partition).test(name))
    : [partition];
  const refused = covered.find((name) => !scope.partitions.includes(name));
  return refused === undefined
    ? undefined
    : { kind: 'outside', reason: `partition "${refused}" is not allowed` };
}

function checkService(
  segment: Part[] | undefined,
  scope: ResourceScope,
): ResourceVerdict | undefined {
  const parts = segment ?? [];
  const opaque = firstOpaque(parts);
  if (opaque) {
    return { kind: 'unresolved', label: opaque };
  }
  const service = literalSegment(parts) ?? '';
  if (service === scope.service) {
    return undefined;
  }
  return { kind: 'outside', reason: `it names service "${service}", not "${scope.service}"` };
}

/** The queue name: its literal text before the first wildcard must start with the prefix. */
function checkName(name: readonly Part[], scope: ResourceScope): ResourceVerdict {
  const prefix = scope.queuePrefix;
  let literal = '';
  for (const part of name) {
    if ('unknown' in part) {
      // Unknown text after the prefix cannot leave it. Before the prefix is complete an opaque
      // value might still complete it (unresolved); a policy variable is chosen by the caller
      // at request time, so it is as good as a wildcard (outside).
      if (literal.startsWith(prefix)) {
        return { kind: 'inside' };
      }
      if (part.unknown !== 'variable' && prefix.startsWith(literal)) {
        return { kind: 'unresolved', label: part.label };
      }
      return outsidePrefix(literal, prefix);
    }
    const wildcard = part.text.search(WILDCARD_RE);
    literal += wildcard === -1 ? part.text : part.text.slice(0, wildcard);
    if (wildcard !== -1) {
      break;
    }
  }
  return literal.startsWith(prefix) ? { kind: 'inside' } : outsidePrefix(literal, prefix);
}

function outsidePrefix(literal: string, prefix: string): ResourceVerdict {
  return {
    kind: 'outside',
    reason: `the queue name's literal start "${literal}" is not "${prefix}…"`,
  };
}

function isAllWildcard(parts: readonly Part[]): boolean {
  const literal = literalSegment(parts);
  return literal !== undefined && literal.includes('*') && /^[*?]+$/.test(literal);
}

function literalSegment(parts: readonly Part[] | undefined): string | undefined {
  let result = '';
  for (const part of parts ?? []) {
    if (!('text' in part)) {
      return undefined;
    }
    result += part.text;
  }
  return result;
}

function firstOpaque(parts: readonly Part[]): string | undefined {
  for (const part of parts) {
    if ('unknown' in part) {
      return part.label;
    }
  }
  return undefined;
}
