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
export function extractFromTree(
  root: PNode,
  source: string,
  out: Extraction,
  reading: Reading = PLAIN_READING,
): void {
  if (isTemplate(root)) {
    extractTemplate(root, source, out);
  } else if (isPolicyRoot(root)) {
    out.documents.push({ node: root, kind: 'unknown', ...reading });
  } else {
    findEmbedded(root, reading, source, out);
  }
}

/** How the strings of a file's policies are read: plainly, or as Terraform templates. */
export interface Reading {
  readonly mode: StringMode;
  readonly resolver: Resolver;
}

const PLAIN_READING: Reading = { mode: 'literal', resolver: PLAIN_RESOLVER };

/** IAM's two policy language versions. */
const POLICY_VERSIONS = new Set(['2012-10-17', '2008-10-17']);

/**
 * A policy at the top of a file: an IAM `Version`, or a `Statement` whose entries use IAM's
 * element names. A bank statement in a JSON file is not a policy, and stays unreported.
 */
export function isPolicyRoot(node: PNode): boolean {
  if (node.kind !== 'object') {
    return false;
  }
  const version = stringOf(valueOf(node, 'Version'));
  if (version !== undefined && POLICY_VERSIONS.has(version)) {
    return true;
  }
  const statement = valueOf(node, 'Statement');
  const items = statement?.kind === 'array' ? statement.items : statement ? [statement] : [];
  return items.some((item) => STATEMENT_KEYS.some((key) => valueOf(item, key) !== undefined));
}

/** The elements of an IAM statement; one of them marks an object as a statement. */
const STATEMENT_KEYS = [
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Sid',
];

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
      addTemplateDocuments(document, kind, template, source, out);
    }
    if (!PRINCIPAL_TYPES.has(type)) {
      continue;
    }
    for (const policy of cfnLeaves(valueOf(properties, 'Policies') ?? emptyList())) {
      const inline = valueOf(policy, 'PolicyDocument');
      if (inline) {
        addTemplateDocuments(inline, 'identity', template, source, out);
      }
    }
    const trust = valueOf(properties, 'AssumeRolePolicyDocument');
    if (trust) {
      addTemplateDocuments(trust, 'trust', template, source, out);
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
  template: PNode,
  source: string,
  out: Extraction,
): void {
  const resolver = cfnResolver(template);
  for (const leaf of cfnLeaves(node)) {
    const intrinsic = intrinsicOf(leaf);
    const sub = intrinsic?.name === 'Fn::Sub' ? subTemplate(intrinsic.argument) : undefined;
    if (sub) {
      // `Fn::Sub: [json, {Name: value}]`: the JSON's `${Name}` placeholders use the map.
      const variables =
        intrinsic?.argument.kind === 'array' ? intrinsic.argument.items[1] : undefined;
      const subResolver = variables ? cfnResolver(template, variables) : resolver;
      addJsonString(sub, kind, 'cfn-sub', subResolver, source, out);
    } else if (intrinsic) {
      const argument = intrinsic.argument;
      const written = argument.kind === 'string' ? ` ${argument.value}` : '';
      const expression = `${intrinsic.name}${written}`.slice(0, MAX_EXPRESSION_SHOWN);
      out.issues.push(
        issueAt('iam-unresolved-reference', 'unresolvedDocument', leaf, expression, { expression }),
      );
    } else if (leaf.kind === 'string') {
      addJsonString(leaf, kind, 'literal', resolver, source, out);
    } else {
      out.documents.push({ node: leaf, kind, mode: 'literal', resolver });
    }
  }
}

/** Findings quote at most this much of a document's expression. */
const MAX_EXPRESSION_SHOWN = 120;

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

/**
 * Walks a tree for objects with a `Statement` of statements, for JSON policy strings, and for
 * the Serverless Framework's statement lists (`iamRoleStatements`, `iam.role.statements`).
 */
function findEmbedded(root: PNode, reading: Reading, source: string, out: Extraction): void {
  const stack: { node: PNode; key: string; parent: string }[] = [
    { node: root, key: '', parent: '' },
  ];
  let visits = 0;

  while (stack.length > 0 && visits < MAX_VISITS) {
    const { node, key, parent } = stack.pop() ?? { node: root, key: '', parent: '' };
    visits += 1;
    const kind: PolicyKind = ASSUME_ROLE_KEY_RE.test(key) ? 'trust' : 'unknown';
    if (node.kind === 'string' && looksLikeJsonPolicy(node.value)) {
      addJsonString(node, kind, reading.mode, reading.resolver, source, out);
    } else if (node.kind === 'object' && hasStatements(node)) {
      out.documents.push({ node, kind, ...reading });
    } else if (node.kind === 'array' && isStatementList(key, parent, node)) {
      const statement = { key: 'Statement', keyStart: node.start, value: node };
      const document: PNode = {
        kind: 'object',
        entries: [statement],
        start: node.start,
        end: node.end,
      };
      out.documents.push({ node: document, kind: 'identity', ...reading });
    } else if (node.kind === 'object') {
      stack.push(
        ...node.entries.map((entry) => ({ node: entry.value, key: entry.key, parent: key })),
      );
    } else if (node.kind === 'array') {
      stack.push(...node.items.map((item) => ({ node: item, key, parent })));
    }
  }
}

/** Keys of trust policies in templates and tools. Matches "AssumeRolePolicyDocument". */
const ASSUME_ROLE_KEY_RE = /assume_?role_?policy/i;

function isStatementList(key: string, parent: string, node: PNode): boolean {
  const named = key === 'iamRoleStatements' || (key === 'statements' && parent === 'role');
  return named && node.kind === 'array' && node.items.some((item) => valueOf(item, 'Effect'));
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
