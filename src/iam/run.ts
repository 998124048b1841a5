import type { Report, SourceFile } from '../engine/types.js';
import { analyzeDocument } from './analyze.js';
import { settingsFor } from './config.js';
import { extractTerraform } from './extract-tf.js';
import { extractFromTree, type Reading } from './extract-tree.js';
import type { Extraction, IamRuleId, Issue } from './issue.js';
import { readJson } from './json-reader.js';
import type { ReadResult } from './node.js';
import { tfResolver } from './tf-resolver.js';
import { readYaml } from './yaml-reader.js';

/** Terraform's JSON syntax. Matches "main.tf.json"; does not match "main.json". */
const TF_JSON_RE = /\.tf\.json$/i;

const TF_JSON_READING: Reading = { mode: 'tf', resolver: tfResolver([]) };

/**
 * Runs the IAM analysis of one file once and shares the result between the eleven IAM rules
 * through the file's memo. Non-policy files stay cheap: a file is parsed only when its bytes
 * contain `statement` (or, for Terraform, `policy`), or its name says it is a policy.
 */
export function iamIssuesOf(file: SourceFile): readonly Issue[] {
  return file.memo(MEMO_KEY, () => analyzeFile(file));
}

const MEMO_KEY = 'iam:issues';

/** The check shared by every IAM rule: report the file's issues that carry the rule's id. */
export function reportIamIssues(ruleId: IamRuleId, file: SourceFile, report: Report): void {
  for (const issue of iamIssuesOf(file)) {
    if (issue.ruleId !== ruleId) {
      continue;
    }
    report({
      messageId: issue.messageId,
      data: issue.data,
      start: issue.start,
      end: issue.end,
      value: issue.value,
      secret: false,
      ...(issue.severity ? { severity: issue.severity } : {}),
      ...(issue.data['statement'] ? { properties: { statement: issue.data['statement'] } } : {}),
    });
  }
}

type Format = 'json' | 'yaml' | 'terraform';

/**
 * The extensions IAM policies are written in. Matches "main.tf", "policy.json",
 * "stack.template", "main.tf.json"; does not match "app.ts".
 */
const POLICY_FILE_RE = /\.(?:json|ya?ml|template|tf)$/i;

/** Whether a path may hold a policy; the IAM rules' `appliesTo`. */
export function isPolicyPath(path: string): boolean {
  return POLICY_FILE_RE.test(path);
}

function formatOf(path: string, text: string): Format {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tf')) {
    return 'terraform';
  }
  if (lower.endsWith('.json')) {
    return 'json';
  }
  // A `.template` may be JSON or YAML; JSON is also YAML, but the JSON reader is stricter.
  return lower.endsWith('.template') && text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/** A file named like a policy is read even without a statement, so broken JSON is reported. */
const POLICY_NAME_RE = /polic(?:y|ies)[^/]*$/i;

/**
 * A `Statement` key, as JSON or YAML writes it. Matches `"Statement": [` and `Statement:`;
 * does not match "statements are".
 */
const STATEMENT_KEY_RE = /(?:"Statement"\s*:|^\s*Statement\s*:)/m;

function analyzeFile(file: SourceFile): Issue[] {
  const text = file.text;
  if (text === undefined) {
    return [];
  }
  const format = formatOf(file.path, text);
  const named = POLICY_NAME_RE.test(file.path);
  // IAM keys are case-sensitive, so the exact `Statement` must occur in a JSON or YAML policy.
  const due =
    named ||
    (format === 'terraform'
      ? file.hasKeyword('policy') || file.hasKeyword('statement')
      : (file.hasKeyword('statement') && text.includes('Statement')) ||
        // A template whose document is a reference has no statement, and must still be reported.
        (file.hasKeyword('policy') && text.includes('PolicyDocument')));
  if (!due) {
    return [];
  }

  const out: Extraction = { documents: [], issues: [] };
  if (format === 'terraform') {
    extractTerraform(text, out);
  } else {
    const result = format === 'json' ? readJson(text) : readYaml(text);
    // Terraform's JSON syntax keeps `${...}` interpolation in its strings.
    const reading = TF_JSON_RE.test(file.path) ? TF_JSON_READING : undefined;
    const syntax = format === 'json' ? 'invalidJson' : 'invalidYaml';
    extractParsed(result, reading, syntax, text, named, out);
  }

  const settings = settingsFor(file.config, file.path);
  for (const doc of out.documents) {
    analyzeDocument(doc, settings, text, out.issues);
  }
  return out.issues;
}

/** What a whole-file problem shows as its value. */
const PREVIEWS: Readonly<Record<string, string>> = {
  invalidJson: 'invalid JSON',
  invalidYaml: 'invalid YAML',
  tooComplex: 'too complex to check',
};

function extractParsed(
  result: ReadResult,
  reading: Reading | undefined,
  syntaxMessage: string,
  text: string,
  named: boolean,
  out: Extraction,
): void {
  if (result.ok) {
    extractFromTree(result.node, text, out, reading);
    return;
  }
  // Broken JSON or YAML is a malformed policy only where a policy was meant to be.
  if (named || STATEMENT_KEY_RE.test(text)) {
    const messageId = result.limit ? 'tooComplex' : syntaxMessage;
    const at = { start: result.offset, end: result.offset + 1 };
    out.issues.push({
      ruleId: 'iam-malformed-policy',
      messageId,
      data: {},
      ...at,
      value: PREVIEWS[messageId] ?? messageId,
    });
  }
}
