import { classifyResource, type ResourceVerdict } from './arn.js';
import type { IamSettings } from './config.js';
import { issueAt, type Issue, type PolicyDocument, type PolicyKind } from './issue.js';
import { entryOf, stringOf, valueOf, type ObjectNode, type PNode } from './node.js';
import { literalOf, normalize, type Value } from './value.js';

/**
 * Reads one statement: validates its shape (what makes a policy malformed) and evaluates its
 * actions and resources once, for the least-privilege checks that follow.
 */

/** A leaf of an element with its possible values. */
export interface EvaluatedLeaf {
  readonly node: PNode;
  readonly values: readonly Value[];
}

export interface ResourceLeaf extends EvaluatedLeaf {
  readonly verdicts: readonly ResourceVerdict[];
}

/** A statement that passed validation. */
export interface ReadStatement {
  readonly node: ObjectNode;
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly EvaluatedLeaf[] | undefined;
  readonly notActions: readonly EvaluatedLeaf[] | undefined;
  readonly resources: readonly ResourceLeaf[] | undefined;
  readonly notResources: readonly EvaluatedLeaf[] | undefined;
}

/** What reading a statement needs: the document, its effective kind, the settings, the text. */
export interface StatementContext {
  readonly doc: PolicyDocument;
  readonly kind: PolicyKind;
  readonly settings: IamSettings;
  readonly source: string;
}

/** The statement's name in messages and fingerprints: its Sid, else its 1-based number. */
export function labelOf(node: PNode, index: number): string {
  const sid = stringOf(valueOf(node, 'Sid'));
  return sid ? sid : `#${index + 1}`;
}

/**
 * Validates and evaluates a statement. Problems are pushed to `issues`; the statement is
 * returned only when it is well formed, since a malformed statement is not analysed further.
 */
export function readStatement(
  node: PNode,
  index: number,
  context: StatementContext,
  issues: Issue[],
): ReadStatement | undefined {
  const label = labelOf(node, index);
  if (node.kind !== 'object') {
    issues.push(malformed('statementNotObject', node, label, 'Statement'));
    return undefined;
  }

  const before = issues.length;
  const effect = readEffect(node, label, context, issues);
  checkElementPairs(node, label, context.kind, issues);
  checkPrincipals(node, label, context, issues);
  const actions = evaluateElement(node, 'Action', label, context, issues);
  const notActions = evaluateElement(node, 'NotAction', label, context, issues);
  const notResources = evaluateElement(node, 'NotResource', label, context, issues);
  const resources = evaluateElement(node, 'Resource', label, context, issues)?.map((leaf) => ({
    ...leaf,
    verdicts: leaf.values.map((value) => classifyResource(value, context.settings)),
  }));
  // A resource that is no ARN (a queue URL from `Ref`) makes the statement malformed: IAM
  // rejects it, so its least-privilege verdicts would be meaningless.
  for (const leaf of resources ?? []) {
    const invalid = leaf.verdicts.find((verdict) => verdict.kind === 'invalid');
    if (invalid?.kind === 'invalid') {
      issues.push(
        malformed('notAnArn', leaf.node, label, display(leaf.node, context), invalid.reason),
      );
    }
  }

  if (issues.length > before || effect === undefined) {
    return undefined;
  }
  return { node, label, effect, actions, notActions, resources, notResources };
}

function readEffect(
  node: ObjectNode,
  label: string,
  context: StatementContext,
  issues: Issue[],
): 'Allow' | 'Deny' | undefined {
  const effect = valueOf(node, 'Effect');
  if (effect === undefined) {
    issues.push(malformed('invalidEffect', node, label, 'Effect', 'it is missing'));
    return undefined;
  }

  const evaluation = context.doc.resolver.evaluate(effect, context.doc.mode);
  const values = 'values' in evaluation ? evaluation.values.map(literalOf) : [undefined];
  if (values.some((value) => value === undefined) && 'values' in evaluation) {
    issues.push(unresolvedAt(effect, label, display(effect, context)));
    return undefined;
  }
  // Both branches of an `Fn::If` may be valid; the statement is as wide as its widest one.
  const invalid = values.find((value) => value !== 'Allow' && value !== 'Deny');
  if (values.length === 0 || invalid !== undefined) {
    const shown = invalid ?? display(effect, context);
    issues.push(malformed('invalidEffect', effect, label, shown, `it is "${shown}"`));
    return undefined;
  }
  return values.includes('Allow') ? 'Allow' : 'Deny';
}

/** Exactly one of Action/NotAction, and of Resource/NotResource (trust policies name none). */
function checkElementPairs(
  node: ObjectNode,
  label: string,
  kind: PolicyKind,
  issues: Issue[],
): void {
  const pairs: [string, string, boolean][] = [
    ['Action', 'NotAction', false],
    ['Resource', 'NotResource', kind === 'trust'],
  ];
  for (const [positive, negative, mayOmit] of pairs) {
    const has = entryOf(node, positive) !== undefined;
    const hasNot = entryOf(node, negative) !== undefined;
    if (has && hasNot) {
      const at = entryOf(node, negative)?.value ?? node;
      issues.push(malformed('bothElements', at, label, negative, `${positive}" and "${negative}`));
    } else if (!has && !hasNot && !mayOmit) {
      issues.push(
        malformed('missingElement', node, label, positive, `${positive}" nor "${negative}`),
      );
    }
  }
}

function checkPrincipals(
  node: ObjectNode,
  label: string,
  context: StatementContext,
  issues: Issue[],
): void {
  const principal = valueOf(node, 'Principal');
  const notPrincipal = valueOf(node, 'NotPrincipal');
  const given = principal ?? notPrincipal;

  if (principal && notPrincipal) {
    issues.push(
      malformed(
        'bothElements',
        notPrincipal,
        label,
        'NotPrincipal',
        'Principal" and "NotPrincipal',
      ),
    );
  } else if (given && context.kind === 'identity') {
    issues.push(malformed('principalInIdentityPolicy', given, label, 'Principal'));
  } else if (!given && (context.kind === 'resource' || context.kind === 'trust')) {
    issues.push(malformed('missingPrincipal', node, label, 'Principal'));
  }
  if (given) {
    checkPrincipalValues(given, label, context, issues);
  }
}

/** A principal is `"*"` or a map of types to IDs; an AWS ID is `*` or has no wildcard at all. */
function checkPrincipalValues(
  node: PNode,
  label: string,
  context: StatementContext,
  issues: Issue[],
): void {
  if (node.kind === 'string') {
    if (node.value !== '*') {
      issues.push(malformed('invalidPrincipal', node, label, node.value));
    }
    return;
  }
  if (node.kind !== 'object') {
    issues.push(malformed('invalidPrincipal', node, label, display(node, context)));
    return;
  }

  for (const entry of node.entries) {
    for (const leaf of context.doc.resolver.leaves(entry.value)) {
      const evaluation = context.doc.resolver.evaluate(leaf, context.doc.mode);
      if ('invalid' in evaluation) {
        issues.push(malformed('invalidPrincipal', leaf, label, display(leaf, context)));
        continue;
      }
      for (const value of evaluation.values) {
        const literal = literalOf(value);
        if (literal !== undefined && literal !== '*' && /[*?]/.test(literal)) {
          issues.push(malformed('partialWildcardPrincipal', leaf, label, literal));
        }
      }
    }
  }
}

function evaluateElement(
  node: ObjectNode,
  key: string,
  label: string,
  context: StatementContext,
  issues: Issue[],
): EvaluatedLeaf[] | undefined {
  const element = valueOf(node, key);
  if (element === undefined) {
    return undefined;
  }

  const leaves: EvaluatedLeaf[] = [];
  for (const leaf of context.doc.resolver.leaves(element)) {
    const evaluation = context.doc.resolver.evaluate(leaf, context.doc.mode);
    if ('invalid' in evaluation) {
      issues.push(
        malformed(
          'notAString',
          leaf,
          label,
          display(leaf, context),
          `${key}: ${evaluation.invalid}`,
        ),
      );
      continue;
    }
    leaves.push({ node: leaf, values: evaluation.values.map(normalize) });
  }
  return leaves;
}

/** The text a finding shows for a node: a string's value, else its source, shortened. */
export function display(node: PNode, context: { readonly source: string }): string {
  const shown = node.kind === 'string' ? node.value : context.source.slice(node.start, node.end);
  const flat = shown.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SHOWN ? `${flat.slice(0, MAX_SHOWN)}…` : flat;
}

/** Findings quote at most this much of a value, so a pasted blob cannot flood the report. */
const MAX_SHOWN = 120;

export function malformed(
  messageId: string,
  at: PNode,
  label: string,
  shown: string,
  detail = '',
): Issue {
  return issueAt('iam-malformed-policy', messageId, at, `${shown} (statement ${label})`, {
    statement: label,
    value: shown,
    detail,
  });
}

function unresolvedAt(at: PNode, label: string, shown: string): Issue {
  return issueAt(
    'iam-unresolved-reference',
    'unresolvedValue',
    at,
    `${shown} (statement ${label})`,
    {
      statement: label,
      value: shown,
      label: shown,
    },
  );
}
