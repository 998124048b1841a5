import rule from '../../rules/iam-malformed-policy.js';
import { clean, flaggedAt, jsonPolicy, WIPSIE_ARN } from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

const send = (extra: Record<string, unknown>): string =>
  jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: WIPSIE_ARN, ...extra });

const QUEUE_REF = [
  "AWSTemplateFormatVersion: '2010-09-09'",
  'Resources:',
  '  Orders:',
  '    Type: AWS::SQS::Queue',
  '    Properties: { QueueName: wipsie-orders }',
  '  WorkerPolicy:',
  '    Type: AWS::IAM::ManagedPolicy',
  '    Properties:',
  '      PolicyDocument:',
  '        Statement:',
  '          - Effect: Allow',
  '            Action: sqs:SendMessage',
  '            Resource: !Ref Orders',
  '',
].join('\n');

const TRAILING_COMMA = `{
  "Statement": [
    { "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "${WIPSIE_ARN}", }
  ]
}
`;

const EMBEDDED = `{
  "name": "worker",
  "policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"sqs:SendMessage\\"}]}"
}
`;

const QUEUE_POLICY_WITHOUT_PRINCIPAL = [
  'resource "aws_sqs_queue_policy" "orders" {',
  '  queue_url = aws_sqs_queue.orders.id',
  '  policy = jsonencode({',
  '    Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }]',
  '  })',
  '}',
  '',
].join('\n');

testRule(rule, {
  valid: [
    clean('a well-formed policy', send({}), 'p.json'),
    clean('broken JSON that is not a policy', '{ "name": "x", }\n', 'package.json'),
    clean(
      'a tsconfig with comments',
      '{\n  // strict\n  "compilerOptions": { "strict": true }\n}\n',
      'tsconfig.json',
    ),
    clean(
      'a trust policy without a resource',
      jsonPolicy({
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      't.json',
    ),
  ],
  invalid: [
    flaggedAt('Effect in the wrong case', send({ Effect: 'allow' }), 'p.json', '"allow"', {
      message: 'exactly "Allow" or "Deny"',
    }),
    flaggedAt('a trailing comma', TRAILING_COMMA, 'policy.json', '}\n  ]'),
    flaggedAt('a queue URL from Ref', QUEUE_REF, 'stack.yaml', 'Orders\n', {
      message: 'neither an ARN',
    }),
    flaggedAt('an embedded policy without a resource', EMBEDDED, 'worker.json', '{\\"Effect', {
      message: 'neither "Resource"',
    }),
    flaggedAt(
      'a partial wildcard principal',
      send({ Principal: { AWS: 'arn:aws:iam::*:role/w' } }),
      'p.json',
      '"arn:aws:iam::*',
    ),
    flaggedAt(
      'a queue policy without a principal',
      QUEUE_POLICY_WITHOUT_PRINCIPAL,
      'main.tf',
      '{ Effect',
    ),
  ],
});
