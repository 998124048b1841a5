import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/types.js';
import type { InvalidCase, ValidCase } from '../helpers/rule-tester.js';

/**
 * Small builders for IAM rule tables: policies as JSON, CloudFormation YAML and Terraform, and
 * the line and column of the offending string, found by its text so tables stay readable.
 */

/** 1-based line and column of the first occurrence of `needle` (or of its `nth` occurrence). */
export function locate(text: string, needle: string, nth = 1): { line: number; column: number } {
  let index = -1;
  for (let count = 0; count < nth; count++) {
    index = text.indexOf(needle, index + 1);
  }
  if (index === -1) {
    throw new Error(`test text does not contain ${needle}`);
  }
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** An invalid case whose finding is expected at `needle`. */
export function flaggedAt(
  name: string,
  text: string,
  path: string,
  needle: string,
  extra: Partial<InvalidCase> = {},
): InvalidCase {
  return { name, text, path, ...locate(text, needle), ...extra };
}

export function clean(name: string, text: string, path: string): ValidCase {
  return { name, text, path };
}

/** A one-statement policy document, pretty-printed as JSON. */
export function jsonPolicy(...statements: Record<string, unknown>[]): string {
  return `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
}

/** A CloudFormation YAML template with one managed policy whose statement lines are given. */
export function cfnManagedPolicy(
  statementLines: readonly string[],
  head: readonly string[] = [],
): string {
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    ...head,
    'Resources:',
    '  WorkerPolicy:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument:',
    "        Version: '2012-10-17'",
    '        Statement:',
    ...statementLines.map((line) => `          ${line}`),
    '',
  ].join('\n');
}

/** A Terraform `aws_iam_policy_document` with one statement of the given body lines. */
export function tfDocument(bodyLines: readonly string[], extra: readonly string[] = []): string {
  return [
    'data "aws_iam_policy_document" "worker" {',
    '  statement {',
    ...bodyLines.map((line) => `    ${line}`),
    '  }',
    '}',
    ...extra,
    '',
  ].join('\n');
}

/** The guide's ten actions, for statements that should only differ in one respect. */
export const GUIDE_ACTIONS = [
  'sqs:CreateQueue',
  'sqs:DeleteQueue',
  'sqs:GetQueueAttributes',
  'sqs:GetQueueUrl',
  'sqs:ListQueues',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:PurgeQueue',
  'sqs:ChangeMessageVisibility',
];

export const WIPSIE_ARN = 'arn:aws:sqs:*:*:wipsie-*';

const IAM_RULES = RULES.filter((rule) => rule.id.startsWith('iam-'));

/** Every IAM finding of a text, as a scan with the given configuration reports them. */
export function iamFindings(
  text: string,
  filePath: string,
  config: Record<string, unknown> = {},
): Finding[] {
  const engine = new Engine({ rules: IAM_RULES, mode: 'tree', config });
  return engine.scanFile({ path: filePath, bytes: Buffer.from(text, 'utf8') });
}

/** The sorted set of IAM rule ids a text yields. */
export function ruleIdsOf(
  text: string,
  filePath: string,
  config: Record<string, unknown> = {},
): string[] {
  return [...new Set(iamFindings(text, filePath, config).map((finding) => finding.ruleId))].sort();
}
