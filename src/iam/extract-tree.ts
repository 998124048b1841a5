import { cfnLeaves, cfnResolver, intrinsicOf } from './cfn-resolver.js';
import { looksLikeJsonPolicy, readEmbeddedJson } from './embedded.js';
import { issueAt, type Extraction, type PolicyKind } from './issue.js';
import { stringOf, valueOf, type PNode, type StringNode } from './node.js';
import { PLAIN_RESOLVER } from './plain-resolver.js';
import type { Resolver, StringMode } from './value.js';

/**
 * Finds the policy documents in a parsed JSON or YAML file: the file itself when it is a
 * policy, the policies of a CloudFormation template, or policies embedded anywhere else (as
 * objects with a `Statement`, or as JSON strings).
 */
export function extractFromTree(root: PNode, source: string, out: Extraction): void {
  if (isTemplate(root)) {
    extractTemplate(root, source, out);
  } else if (isPolicyRoot(root)) {
    out.documents.push({ node: root, kind: 'unknown', mode: 'literal', resolver: PLAIN_RESOLVER });
  } else {
    findEmbedded(root, 'unknown', source, out);
  }
}

/** IAM's two policy language versions. */
const POLICY_VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/** A policy at the top of a file: it has a `Statement`, or an IAM `Version` without one. */
export function isPolicyRoot(node: PNode): boolean {
  if (node.kind !== 'object') {
    return false;
  }
  const version = stringOf(valueOf(node, 'Version'));
  return (
    valueOf(node, 'Statement') !== undefined ||
    (version !== undefined && POLICY_VERSIONS.has(version))
  );
}

function isTemplate(node: PNode): boolean {
  const resources = valueOf(node, 'Resources');
  return (
    resources?.kind === 'object' &&
    (valueOf(node, 'AWSTemplateFormatVersion') !== undefined ||
      resources.entries.some(
        (entry) => stringOf(valueOf(entry.value, 'Type'))?.includes('::') === true,
      ))
  );
}

const IDENTITY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);
const PRINCIPAL_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group']);
const RESOURCE_POLICY_TYPES = new Set([
  'AWS::SQS::QueuePolicy',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::TopicPolicy',
]);

function extractTemplate(template: PNode, source: string, out: Extraction): void {
  const resolver = cfnResolver(template);
  const resources = valueOf(template, 'Resources');

  for (const entry of resources?.kind === 'object' ? resources.entries : []) {
    const type = stringOf(valueOf(entry.value, 'Type')) ?? '';
    const properties = valueOf(entry.value, 'Properties');
    const document = valueOf(properties, 'PolicyDocument');
    if (document) {
      const kind = IDENTITY_TYPES.has(type)
        ? 'identity'
        : RESOURCE_POLICY_TYPES.has(type)
          ? 'resource'
          : 'unknown';
      addTemplateDocuments(document, kind, resolver, source, out);
    }
    if (!PRINCIPAL_TYPES.has(type)) {
      continue;
    }
    for (const policy of cfnLeaves(valueOf(properties, 'Policies') ?? emptyList())) {
      const inline = valueOf(policy, 'PolicyDocument');
      if (inline) {
        addTemplateDocuments(inline, 'identity', resolver, source, out);
      }
    }
    const trust = valueOf(properties, 'AssumeRolePolicyDocument');
    if (trust) {
      addTemplateDocuments(trust, 'trust', resolver, source, out);
    }
  }
}

/**
 * A `PolicyDocument` value: an object, a JSON string, a `Fn::Sub` of one, or both branches of an
 * `Fn::If`.
 */
function addTemplateDocuments(
  node: PNode,
  kind: PolicyKind,
  resolver: Resolver,
  source: string,
  out: Extraction,
): void {
  for (const leaf of cfnLeaves(node)) {
    const intrinsic = intrinsicOf(leaf);
    const template = intrinsic?.name === 'Fn::Sub' ? subTemplate(intrinsic.argument) : undefined;
    if (template) {
      addJsonString(template, kind, 'cfn-sub', resolver, source, out);
    } else if (intrinsic) {
      out.issues.push(
        issueAt('iam-unresolved-reference', 'unresolvedDocument', leaf, intrinsic.name, {
          expression: intrinsic.name,
        }),
      );
    } else if (leaf.kind === 'string') {
      addJsonString(leaf, kind, 'literal', resolver, source, out);
    } else {
      out.documents.push({ node: leaf, kind, mode: 'literal', resolver });
    }
  }
}

function subTemplate(argument: PNode): StringNode | undefined {
  const template = argument.kind === 'array' ? argument.items[0] : argument;
  return template?.kind === 'string' ? template : undefined;
}

/** Parses a JSON policy written as a string; a string that is not JSON is malformed. */
export function addJsonString(
  node: StringNode,
  kind: PolicyKind,
  mode: StringMode,
  resolver: Resolver,
  source: string,
  out: Extraction,
): void {
  const result = readEmbeddedJson(node, source);
  if (!result.ok) {
    const at = { start: result.offset, end: result.offset + 1 };
    out.issues.push(issueAt('iam-malformed-policy', 'invalidJson', at, 'invalid JSON', {}));
    return;
  }
  out.documents.push({ node: result.node, kind, mode, resolver });
}

/** How many nodes the search for embedded policies visits before it stops. */
const MAX_VISITS = 100_000;

/** Walks a tree for objects with a `Statement` of statements and for JSON policy strings. */
function findEmbedded(root: PNode, kind: PolicyKind, source: string, out: Extraction): void {
  const stack: { node: PNode; key: string }[] = [{ node: root, key: '' }];
  let visits = 0;

  while (stack.length > 0 && visits < MAX_VISITS) {
    const { node, key } = stack.pop() ?? { node: root, key: '' };
    visits += 1;
    const nodeKind: PolicyKind = /assume_?role_?policy/i.test(key) ? 'trust' : kind;
    if (node.kind === 'string' && looksLikeJsonPolicy(node.value)) {
      addJsonString(node, nodeKind, 'literal', PLAIN_RESOLVER, source, out);
    } else if (node.kind === 'object' && hasStatements(node)) {
      out.documents.push({ node, kind: nodeKind, mode: 'literal', resolver: PLAIN_RESOLVER });
    } else if (node.kind === 'object') {
      stack.push(...node.entries.map((entry) => ({ node: entry.value, key: entry.key })));
    } else if (node.kind === 'array') {
      stack.push(...node.items.map((item) => ({ node: item, key })));
    }
  }
}

/** An object whose `Statement` holds objects with an `Effect`: a policy, not a lookalike. */
function hasStatements(node: PNode): boolean {
  const statement = valueOf(node, 'Statement');
  const items = statement?.kind === 'array' ? statement.items : statement ? [statement] : [];
  return items.some((item) => valueOf(item, 'Effect') !== undefined);
}

function emptyList(): PNode {
  return { kind: 'array', items: [], start: 0, end: 0 };
}
