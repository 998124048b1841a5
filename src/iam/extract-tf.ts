import { addJsonString } from './extract-tree.js';
import { readHcl, type HclAttribute, type HclBlock } from './hcl-reader.js';
import { issueAt, type Extraction, type PolicyKind } from './issue.js';
import { looksLikeJsonPolicy } from './embedded.js';
import { itemsOf, valueOf, type Entry, type PNode } from './node.js';
import { tfResolver } from './tf-resolver.js';
import type { Resolver } from './value.js';

/**
 * Finds the policy documents of a Terraform file: `aws_iam_policy_document` data sources, and
 * `policy` / `assume_role_policy` attributes written as a heredoc or quoted JSON string, as
 * `jsonencode({...})`, or as a reference to a policy document data source of the same file.
 * Any other expression (a variable, `file()`, another module's output) is reported as
 * unresolved: keyfence cannot see that document, and passing it silently would be a false clean.
 */
export function extractTerraform(source: string, out: Extraction): void {
  const blocks = readHcl(source);
  const resolver = tfResolver(blocks);
  const documents = new Set<string>();
  const merged: HclBlock[] = [];

  for (const block of blocks) {
    if (block.type === 'data' && block.labels[0] === POLICY_DOCUMENT && block.labels[1]) {
      documents.add(block.labels[1]);
      merged.push(block);
      out.documents.push({
        node: documentNode(block),
        kind: 'unknown',
        mode: 'tf-document',
        resolver,
      });
    }
  }

  const context = { resolver, documents, source, out };
  for (const block of merged) {
    checkMergedDocuments(block, context);
  }
  for (const block of blocks) {
    if (
      block.type === 'resource' ||
      (block.type === 'data' && block.labels[0] !== POLICY_DOCUMENT)
    ) {
      extractAttributes(block, kindOf(block.labels[0] ?? ''), context);
    } else if (block.type === 'locals' || block.type === 'module') {
      extractWrittenDocuments(block, context);
    }
  }
}

/**
 * Policies written out in `locals` or passed to a module: any value that is a JSON policy
 * string or a `jsonencode` of an object with a `Statement`. Other values there are ordinary
 * inputs, so an expression is not reported as unresolved.
 */
function extractWrittenDocuments(block: HclBlock, context: TfContext): void {
  const { out, resolver, source } = context;
  for (const { value } of block.attributes) {
    const argument =
      value.kind === 'expr' && value.call?.name === 'jsonencode' ? value.call.args[0] : undefined;
    if (value.kind === 'string' && looksLikeJsonPolicy(value.value)) {
      addJsonString(value, 'unknown', 'tf', resolver, source, out);
    } else if (argument && valueOf(argument, 'Statement') !== undefined) {
      out.documents.push({ node: argument, kind: 'unknown', mode: 'tf', resolver });
    }
  }
}

const POLICY_DOCUMENT = 'aws_iam_policy_document';

/**
 * A reference to a policy document data source's JSON. Matches
 * "data.aws_iam_policy_document.queue.json"; does not match "var.policy".
 */
const DOCUMENT_REFERENCE_RE = /^data\.aws_iam_policy_document\.([\w-]+)\.(?:minified_)?json$/;

/** A string holding only one interpolation: `"${data.x.json}"`. Matches "${a.b}"; not "a${b}". */
const WHOLE_INTERPOLATION_RE = /^\$\{([^}]*)\}$/;

interface TfContext {
  readonly resolver: Resolver;
  readonly documents: ReadonlySet<string>;
  readonly source: string;
  readonly out: Extraction;
}

/** Resource types whose `policy` is a resource policy; `aws_iam_*` ones hold identity policies. */
const RESOURCE_POLICY_TYPE_RE =
  /^aws_(?:sqs_queue|sqs_queue_policy|s3_bucket_policy|sns_topic_policy|sns_topic)$/;

function kindOf(type: string): PolicyKind {
  if (RESOURCE_POLICY_TYPE_RE.test(type)) {
    return 'resource';
  }
  return type.startsWith('aws_iam_') ? 'identity' : 'unknown';
}

function extractAttributes(block: HclBlock, kind: PolicyKind, context: TfContext): void {
  for (const attribute of block.attributes) {
    if (attribute.name === 'policy') {
      extractPolicyValue(attribute, kind, context);
    } else if (attribute.name === 'assume_role_policy') {
      extractPolicyValue(attribute, 'trust', context);
    }
  }
  for (const nested of block.blocks) {
    if (nested.type === 'inline_policy') {
      extractAttributes(nested, 'identity', context);
    }
  }
}

function extractPolicyValue(attribute: HclAttribute, kind: PolicyKind, context: TfContext): void {
  const { value } = attribute;
  const { out, resolver, source } = context;

  if (value.kind === 'string') {
    const whole = WHOLE_INTERPOLATION_RE.exec(value.value.trim());
    if (!whole) {
      addJsonString(value, kind, 'tf', resolver, source, out);
      return;
    }
    checkReference(whole[1]?.trim() ?? '', value, context);
    return;
  }
  if (value.kind === 'expr' && value.call?.name === 'jsonencode' && value.call.args[0]) {
    out.documents.push({ node: value.call.args[0], kind, mode: 'tf', resolver });
    return;
  }
  checkReference(value.kind === 'expr' ? value.text : '', value, context);
}

/**
 * A policy document may merge others (`source_policy_documents`, `override_policy_documents`,
 * and the older `source_json` / `override_json`). Those of the same file are checked on their
 * own; any other source is unresolved, since its statements become part of this document.
 */
const MERGE_ATTRIBUTES = new Set([
  'source_policy_documents',
  'override_policy_documents',
  'source_json',
  'override_json',
]);

function checkMergedDocuments(block: HclBlock, context: TfContext): void {
  for (const attribute of block.attributes) {
    if (!MERGE_ATTRIBUTES.has(attribute.name)) {
      continue;
    }
    for (const item of itemsOf(attribute.value)) {
      const expression = item.kind === 'expr' ? item.text : '';
      if (item.kind === 'string') {
        const whole = WHOLE_INTERPOLATION_RE.exec(item.value.trim());
        checkReference(whole?.[1]?.trim() ?? '', item, context);
      } else {
        checkReference(expression, item, context);
      }
    }
  }
}

function checkReference(expression: string, node: PNode, context: TfContext): void {
  const match = DOCUMENT_REFERENCE_RE.exec(expression);
  if (match && context.documents.has(match[1] ?? '')) {
    return;
  }
  const shown = expression || context.source.slice(node.start, node.end).trim();
  context.out.issues.push(
    issueAt('iam-unresolved-reference', 'unresolvedDocument', node, shown, { expression: shown }),
  );
}

/**
 * The JSON document an `aws_iam_policy_document` stands for. Effect defaults to Allow, as in
 * the provider; `principals { type = "*" }` is `"Principal": "*"`.
 */
function documentNode(block: HclBlock): PNode {
  const statements = block.blocks
    .filter((nested) => nested.type === 'statement')
    .map((statement) => statementNode(statement));
  const span = { start: block.start, end: block.start };
  return {
    kind: 'object',
    entries: [
      {
        key: 'Statement',
        keyStart: block.start,
        value: { kind: 'array', items: statements, ...span },
      },
    ],
    ...span,
  };
}

const ATTRIBUTE_KEYS: Readonly<Record<string, string>> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

function statementNode(block: HclBlock): PNode {
  const entries: Entry[] = [];
  for (const attribute of block.attributes) {
    const key = ATTRIBUTE_KEYS[attribute.name];
    if (key) {
      entries.push({ key, keyStart: attribute.start, value: attribute.value });
    }
  }
  if (!entries.some((entry) => entry.key === 'Effect')) {
    const at = { start: block.start, end: block.start };
    entries.push({
      key: 'Effect',
      keyStart: block.start,
      value: { kind: 'string', value: 'Allow', ...at },
    });
  }

  for (const [type, key] of [
    ['principals', 'Principal'],
    ['not_principals', 'NotPrincipal'],
  ] as const) {
    const principal = principalNode(block.blocks.filter((nested) => nested.type === type));
    if (principal) {
      entries.push({ key, keyStart: principal.start, value: principal });
    }
  }
  const condition = block.blocks.find((nested) => nested.type === 'condition');
  if (condition) {
    const at = { start: condition.start, end: condition.start };
    entries.push({
      key: 'Condition',
      keyStart: condition.start,
      value: { kind: 'object', entries: [], ...at },
    });
  }
  return { kind: 'object', entries, start: block.start, end: block.start };
}

/** `principals` blocks as a JSON `Principal`; undefined when there are none. */
function principalNode(blocks: readonly HclBlock[]): PNode | undefined {
  const first = blocks[0];
  if (!first) {
    return undefined;
  }

  const entries: Entry[] = [];
  for (const block of blocks) {
    const type = block.attributes.find((attribute) => attribute.name === 'type')?.value;
    const identifiers = block.attributes.find(
      (attribute) => attribute.name === 'identifiers',
    )?.value;
    const name = type?.kind === 'string' ? type.value : '';
    if (name === '*' && identifiers?.kind === 'array' && identifiers.items[0]?.kind === 'string') {
      return identifiers.items[0];
    }
    if (identifiers) {
      entries.push({ key: name, keyStart: block.start, value: identifiers });
    }
  }
  return { kind: 'object', entries, start: first.start, end: first.start };
}
