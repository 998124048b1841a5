import { describe, expect, test } from 'vitest';

import { ruleIdsOf } from './cases.js';

/** Forms of policy that take more than one reading step to resolve. */
describe('IAM resolution across formats', () => {
  test('reads interpolation in .tf.json policy strings as Terraform does', () => {
    const text = JSON.stringify({
      resource: {
        aws_iam_policy: {
          worker: {
            policy: JSON.stringify({
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'sqs:SendMessage',
                  Resource: 'arn:aws:sqs:*:*:${var.queue}',
                },
              ],
            }),
          },
        },
      },
    });
    expect(ruleIdsOf(text, 'main.tf.json')).toEqual(['iam-unresolved-reference']);
  });

  test('substitutes the variables map of a whole document written as Fn::Sub', () => {
    const text = [
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: !Sub',
      '        - \'{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage",',
      '          "Resource": "arn:aws:sqs:*:*:${Name}"}]}\'',
      '        - { Name: wipsie-orders }',
      '',
    ].join('\n');
    expect(ruleIdsOf(text, 'stack.yaml')).toEqual([]);
  });

  test('resolves one instance of a counted Terraform queue', () => {
    const text = [
      'resource "aws_sqs_queue" "q" {',
      '  count = 2',
      '  name  = "wipsie-q${count.index}"',
      '}',
      'resource "aws_iam_policy" "p" {',
      '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:SendMessage",',
      '    Resource = aws_sqs_queue.q[0].arn }] })',
      '}',
      '',
    ].join('\n');
    expect(ruleIdsOf(text, 'main.tf')).toEqual([]);
  });

  test('reads Serverless Framework iamRoleStatements as a policy', () => {
    const text = [
      'provider:',
      '  iamRoleStatements:',
      '    - Effect: Allow',
      '      Action: sqs:*',
      "      Resource: '*'",
      '',
    ].join('\n');
    expect(ruleIdsOf(text, 'serverless.yml')).toContain('iam-wildcard-action');
  });
});

describe('merged Terraform policy documents', () => {
  const merging = (source: string): string =>
    [
      'data "aws_iam_policy_document" "base" {',
      '  statement {',
      '    actions   = ["sqs:SendMessage"]',
      '    resources = ["arn:aws:sqs:*:*:wipsie-a"]',
      '  }',
      '}',
      'data "aws_iam_policy_document" "worker" {',
      `  source_policy_documents = [${source}]`,
      '  statement {',
      '    actions   = ["sqs:ReceiveMessage"]',
      '    resources = ["arn:aws:sqs:*:*:wipsie-b"]',
      '  }',
      '}',
      '',
    ].join('\n');

  test('accepts a source document of the same file', () => {
    expect(ruleIdsOf(merging('data.aws_iam_policy_document.base.json'), 'main.tf')).toEqual([]);
  });

  test('reports a source document it cannot see', () => {
    expect(ruleIdsOf(merging('var.extra_policy'), 'main.tf')).toEqual(['iam-unresolved-reference']);
  });
});

describe('Terraform policies outside resources', () => {
  test.each([
    [
      'locals',
      'locals {\n  worker_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "*" }] })\n  region = var.region\n}\n',
    ],
    [
      'a module input',
      'module "worker" {\n  source = "./worker"\n  policy = <<EOF\n{"Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}\nEOF\n  queues = var.queues\n}\n',
    ],
  ])('checks a policy written in %s', (_where, text) => {
    expect(ruleIdsOf(text, 'main.tf')).toEqual([
      'iam-action-not-allowed',
      'iam-wildcard-action',
      'iam-wildcard-resource',
    ]);
  });
});

describe('CloudFormation conditions', () => {
  const template = (effect: string): string =>
    [
      'Conditions:',
      '  IsProd: !Equals [!Ref AWS::AccountId, "111122223333"]',
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      `          - Effect: ${effect}`,
      '            Action: sqs:*',
      '            Resource: arn:aws:sqs:*:*:wipsie-*',
      '',
    ].join('\n');

  test('checks a statement as Allow when either branch allows', () => {
    expect(ruleIdsOf(template('!If [IsProd, Deny, Allow]'), 'stack.yaml')).toEqual([
      'iam-action-not-allowed',
      'iam-wildcard-action',
    ]);
  });

  test('reports a branch that is no valid Effect', () => {
    expect(ruleIdsOf(template('!If [IsProd, Deny, allow]'), 'stack.yaml')).toEqual([
      'iam-malformed-policy',
    ]);
  });
});

describe('CloudFormation documents that are references', () => {
  test('reports a PolicyDocument taken from a parameter', () => {
    const text = [
      'Parameters:',
      '  WorkerPolicy: { Type: String }',
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument: !Ref WorkerPolicy',
      '',
    ].join('\n');
    expect(ruleIdsOf(text, 'stack.yaml')).toEqual(['iam-unresolved-reference']);
  });
});
