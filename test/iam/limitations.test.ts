import { describe, expect, test } from 'vitest';

import { ruleIdsOf } from './cases.js';

/**
 * Known gaps, stated as the behaviour keyfence should have. Each is listed in the README's
 * "Rules: IAM policies" section or in the rule doc's "Known limitations".
 */
describe('known IAM limitations', () => {
  test.fails('interpolation in .tf.json policy strings is read as an IAM variable', () => {
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

  test.fails('a whole document written as Fn::Sub with a variables map loses the map', () => {
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

  test.fails('a counted Terraform queue is not resolved', () => {
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

  test.fails('serverless.yml iamRoleStatements are not read as a policy', () => {
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
