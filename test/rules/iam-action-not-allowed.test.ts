import rule from '../../rules/iam-action-not-allowed.js';
import {
  clean,
  cfnManagedPolicy,
  flaggedAt,
  GUIDE_ACTIONS,
  jsonPolicy,
  WIPSIE_ARN,
} from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

const HEREDOC = [
  'resource "aws_iam_policy" "worker" {',
  '  policy = <<EOF',
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [{ "Effect": "Allow", "Action": "sqs:TagQueue", "Resource": "*" }]',
  '}',
  'EOF',
  '}',
  '',
].join('\n');

const JSONENCODE = [
  'resource "aws_iam_role_policy" "worker" {',
  '  policy = jsonencode({',
  '    Statement = [{',
  '      Effect   = "Allow"',
  '      Action   = ["sqs:SendMessage", "kms:Decrypt"]',
  `      Resource = "${WIPSIE_ARN}"`,
  '    }]',
  '  })',
  '}',
  '',
].join('\n');

const SUB_STRING = cfnManagedPolicy([], []).replace(
  "      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n",
  '      PolicyDocument: !Sub |\n        {"Statement": [{"Effect": "Allow", "Action": "sqs:AddPermission",\n' +
    '          "Resource": "arn:${AWS::Partition}:sqs:*:*:wipsie-*"}]}\n',
);

testRule(rule, {
  valid: [
    clean(
      'the guide actions',
      jsonPolicy({ Effect: 'Allow', Action: GUIDE_ACTIONS, Resource: WIPSIE_ARN }),
      'p.json',
    ),
    clean(
      'mixed case',
      jsonPolicy({ Effect: 'Allow', Action: 'Sqs:ReceiveMESSAGE', Resource: WIPSIE_ARN }),
      'p.json',
    ),
    clean(
      'a Deny of everything',
      jsonPolicy({ Effect: 'Deny', Action: '*', Resource: '*' }),
      'p.json',
    ),
    clean(
      'an unknown action is reported elsewhere',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessageBatch', Resource: WIPSIE_ARN }),
      'p.json',
    ),
  ],
  invalid: [
    flaggedAt(
      'sqs:* lists what it grants',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:*', Resource: WIPSIE_ARN }),
      'p.json',
      '"sqs:*"',
      {
        message: 'sqs:AddPermission, sqs:CancelMessageMoveTask',
      },
    ),
    flaggedAt('in a Terraform heredoc', HEREDOC, 'main.tf', '"sqs:TagQueue"', {
      message: 'sqs:TagQueue',
    }),
    flaggedAt('in jsonencode', JSONENCODE, 'iam.tf', '"kms:Decrypt"', {
      message: 'actions of other services',
    }),
    flaggedAt('in a !Sub JSON string', SUB_STRING, 'stack.yaml', '"sqs:AddPermission"'),
  ],
});
