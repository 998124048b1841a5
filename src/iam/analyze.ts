import { KNOWN_ACTIONS, grantOf } from './actions.js';
import type { IamSettings } from './config.js';
import {
  issueAt,
  type IamRuleId,
  type Issue,
  type PolicyDocument,
  type PolicyKind,
} from './issue.js';
import { entryOf, valueOf, type PNode } from './node.js';
import {
  display,
  malformed,
  readStatement,
  type EvaluatedLeaf,
  type ReadStatement,
  type StatementContext,
} from './statement.js';
import type { ResourceVerdict } from './arn.js';
import { literalOf, type Value } from './value.js';

/**
 * The least-privilege analysis of one policy document: every `Allow` statement may grant only
 * the allowed actions, on queues inside the prefix, to named principals. `Deny` statements only
 * narrow access, so they are checked for shape alone.
 */
export function analyzeDocument(
  doc: PolicyDocument,
  settings: IamSettings,
  source: string,
  issues: Issue[],
): void {
  const root = doc.node;
  const statementNode = valueOf(root, 'Statement');
  if (root.kind !== 'object' || statementNode === undefined) {
    issues.push(malformed('missingStatement', root, 'document', 'Statement'));
    return;
  }

  const statements =
    statementNode.kind === 'object' ? [statementNode] : doc.resolver.leaves(statementNode);
  const context: StatementContext = {
    doc,
    kind: effectiveKind(doc.kind, statements),
    settings,
    source,
  };
  for (const [index, node] of statements.entries()) {
    const statement = readStatement(node, index, context, issues);
    if (statement?.effect === 'Allow') {
      checkAllow(statement, context, issues);
    }
  }
}

/**
 * A standalone file does not say what it is attached to; its statements do. Statements with
 * principals and no resources, granting `sts:` actions, are a trust policy; statements with
 * principals are a resource policy, and then every statement needs one.
 */
function effectiveKind(kind: PolicyKind, statements: readonly PNode[]): PolicyKind {
  if (kind !== 'unknown') {
    return kind;
  }
  const withPrincipal = statements.filter(
    (node) =>
      entryOf(node, 'Principal') !== undefined || entryOf(node, 'NotPrincipal') !== undefined,
  );
  if (withPrincipal.length === 0) {
    return 'unknown';
  }
  const isTrust = statements.every(
    (node) =>
      valueOf(node, 'Resource') === undefined &&
      valueOf(node, 'NotResource') === undefined &&
      STS_ACTION_RE.test(firstString(valueOf(node, 'Action'))),
  );
  return isTrust ? 'trust' : 'resource';
}

/** Actions of the security token service, which trust policies grant. Matches "sts:AssumeRole". */
const STS_ACTION_RE = /^sts:/i;

function firstString(node: PNode | undefined): string {
  if (node?.kind === 'string') {
    return node.value;
  }
  return node?.kind === 'array' && node.items[0]?.kind === 'string' ? node.items[0].value : '';
}

function checkAllow(statement: ReadStatement, context: StatementContext, issues: Issue[]): void {
  checkPublicPrincipal(statement, context, issues);
  const notPrincipal = valueOf(statement.node, 'NotPrincipal');
  if (notPrincipal) {
    issues.push(finding('iam-not-principal', 'notPrincipal', notPrincipal, statement, context));
  }
  if (context.kind === 'trust') {
    return;
  }

  const resourceLess = checkActions(statement, context, issues);
  checkNotActions(statement, context, issues);
  checkResources(statement, resourceLess, context, issues);
  const [firstNotResource] = statement.notResources ?? [];
  if (firstNotResource) {
    issues.push(
      finding('iam-not-resource', 'notResource', firstNotResource.node, statement, context),
    );
  }
}

function checkPublicPrincipal(
  statement: ReadStatement,
  context: StatementContext,
  issues: Issue[],
): void {
  const principal = valueOf(statement.node, 'Principal');
  const stars =
    principal?.kind === 'string'
      ? [principal]
      : context.doc.resolver
          .leaves(valueOf(principal, 'AWS') ?? { kind: 'array', items: [], start: 0, end: 0 })
          .filter((leaf) => leaf.kind === 'string' && leaf.value === '*');
  const conditioned = valueOf(statement.node, 'Condition') !== undefined;

  for (const star of stars) {
    const issue = finding(
      'iam-public-principal',
      conditioned ? 'publicPrincipalConditioned' : 'publicPrincipal',
      star,
      statement,
      context,
    );
    issues.push(conditioned ? { ...issue, severity: 'warning' } : issue);
  }
}

/** Checks each `Action` entry; returns whether every action granted takes no resource. */
function checkActions(
  statement: ReadStatement,
  context: StatementContext,
  issues: Issue[],
): boolean {
  const { allowedActions, resourceLessActions } = context.settings;
  // Whether `*` is acceptable as the resource: only when every granted action is resource-less.
  let resourceLess = statement.actions !== undefined;

  for (const leaf of statement.actions ?? []) {
    for (const value of leaf.values) {
      const action = literalOf(value);
      if (action === undefined) {
        issues.push(unresolved(leaf, value, statement, context));
        resourceLess = false;
        continue;
      }

      const grant = grantOf(action);
      const data = { action };
      if (grant.hasWildcard) {
        issues.push(
          finding('iam-wildcard-action', 'wildcardAction', leaf.node, statement, context, data),
        );
      }
      if (grant.unknown) {
        issues.push(
          finding('iam-unknown-action', 'unknownAction', leaf.node, statement, context, data),
        );
        resourceLess = false;
        continue;
      }

      // A literal action of another service may be allowlisted by name; a pattern reaching
      // other services never is, since keyfence cannot list what it matches.
      const outside = grant.known.filter((name) => !allowedActions.has(name));
      const beyond = grant.beyond && !allowedActions.has(action.toLowerCase());
      if (outside.length > 0 || beyond) {
        const granted = describeGrant(outside, beyond);
        issues.push(
          finding('iam-action-not-allowed', 'actionNotAllowed', leaf.node, statement, context, {
            action,
            granted,
          }),
        );
      }
      resourceLess &&=
        !grant.beyond &&
        grant.known.length > 0 &&
        grant.known.every((name) => resourceLessActions.has(name));
    }
  }
  return resourceLess;
}

/** `NotAction` with Allow grants everything it does not name, other services included. */
function checkNotActions(
  statement: ReadStatement,
  context: StatementContext,
  issues: Issue[],
): void {
  const [first] = statement.notActions ?? [];
  if (!first) {
    return;
  }

  // What the NotAction list leaves granted: every SQS action it does not match, and (unless it
  // excludes everything, as `NotAction: "*"` does) every action of every other service.
  const excluded = new Set<string>();
  let excludesEverything = false;
  for (const leaf of statement.notActions ?? []) {
    for (const value of leaf.values) {
      const grant = grantOf(literalOf(value) ?? '');
      grant.known.forEach((name) => excluded.add(name));
      excludesEverything ||= grant.beyond && grant.known.length === KNOWN_ACTIONS.length;
    }
  }
  issues.push(finding('iam-not-action', 'notAction', first.node, statement, context));

  const granted = KNOWN_ACTIONS.map((entry) => entry.name).filter(
    (name) => !excluded.has(name) && !context.settings.allowedActions.has(name),
  );
  if (!excludesEverything) {
    const data = { granted: describeGrant(granted, true) };
    issues.push(
      finding(
        'iam-action-not-allowed',
        'notActionNotAllowed',
        first.node,
        statement,
        context,
        data,
      ),
    );
  }
}

/**
 * Checks each `Resource` entry. An entry standing for several values (each `AllowedValues`
 * entry, each `Fn::If` branch) is reported once per rule, for the first value that fails.
 */
function checkResources(
  statement: ReadStatement,
  resourceLess: boolean,
  context: StatementContext,
  issues: Issue[],
): void {
  for (const leaf of statement.resources ?? []) {
    const reported = new Set<string>();
    for (const [index, verdict] of leaf.verdicts.entries()) {
      const issue = resourceIssue(verdict, leaf, leaf.values[index] ?? [], resourceLess, {
        statement,
        context,
      });
      if (issue && !reported.has(issue.ruleId)) {
        reported.add(issue.ruleId);
        issues.push(issue);
      }
    }
  }
}

function resourceIssue(
  verdict: ResourceVerdict,
  leaf: EvaluatedLeaf,
  value: Value,
  resourceLess: boolean,
  where: { readonly statement: ReadStatement; readonly context: StatementContext },
): Issue | undefined {
  const { statement, context } = where;
  const resource = literalOf(value) ?? display(leaf.node, context);
  switch (verdict.kind) {
    case 'wildcard': {
      // `*` is what IAM requires for actions without a resource type, such as ListQueues.
      const data = { resource, prefix: context.settings.queuePrefix };
      const rule = 'iam-wildcard-resource';
      return resourceLess
        ? undefined
        : finding(rule, 'wildcardResource', leaf.node, statement, context, data);
    }
    case 'outside': {
      const data = { resource, reason: verdict.reason };
      return finding(
        'iam-resource-outside-prefix',
        'outsidePrefix',
        leaf.node,
        statement,
        context,
        data,
      );
    }
    case 'unresolved':
      return unresolved(leaf, value, statement, context, verdict.label);
    default:
      return undefined;
  }
}

/** "sqs:AddPermission, sqs:TagQueue and actions of other services", at most six names. */
function describeGrant(names: readonly string[], beyond: boolean): string {
  const shown = names.slice(0, MAX_NAMES_SHOWN).map(displayAction);
  if (names.length > MAX_NAMES_SHOWN) {
    shown.push(`${names.length - MAX_NAMES_SHOWN} more SQS actions`);
  }
  if (beyond) {
    shown.push('actions of other services');
  }
  return shown.length <= 1
    ? (shown[0] ?? '')
    : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

const MAX_NAMES_SHOWN = 6;

/** The list's own spelling of an action name, for messages. */
function displayAction(lowercase: string): string {
  return CANONICAL_NAMES.get(lowercase) ?? lowercase;
}

const CANONICAL_NAMES = new Map(
  KNOWN_ACTIONS.map((entry) => [entry.name, entry.displayName] as const),
);

function finding(
  ruleId: IamRuleId,
  messageId: string,
  node: PNode,
  statement: ReadStatement,
  context: StatementContext,
  data: Readonly<Record<string, string>> = {},
): Issue {
  const shown = display(node, context);
  return issueAt(ruleId, messageId, node, `${shown} (statement ${statement.label})`, {
    statement: statement.label,
    value: shown,
    ...data,
  });
}

function unresolved(
  leaf: EvaluatedLeaf,
  value: Value,
  statement: ReadStatement,
  context: StatementContext,
  label?: string,
): Issue {
  const unknownPart = value.find((part) => 'unknown' in part);
  const depends = label ?? (unknownPart && 'label' in unknownPart ? unknownPart.label : 'a value');
  return finding('iam-unresolved-reference', 'unresolvedValue', leaf.node, statement, context, {
    label: depends,
  });
}
