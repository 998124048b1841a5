import rule from '../../rules/iam-unresolved-reference.js';
import { clean, cfnManagedPolicy, flaggedAt, jsonPolicy } from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

const send = (resource: string): string[] => [
  '- Effect: Allow',
  '  Action: sqs:SendMessage',
  `  Resource: ${resource}`,
];
const PARAMETER = ['Parameters:', '  Queue:', '    Type: String', '    Default: wipsie-orders'];

const TF_VARIABLE = [
  'resource "aws_iam_policy" "worker" {',
  '  policy = <<EOF',
  '{"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage",',
  '  "Resource": "arn:aws:sqs:*:*:${var.queue_name}"}]}',
  'EOF',
  '}',
  '',
].join('\n');

const TF_FILE = 'resource "aws_iam_policy" "worker" {\n  policy = file("policy.json")\n}\n';

testRule(rule, {
  valid: [
    clean(
      'pseudo parameters',
      cfnManagedPolicy(
        send('!Sub arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:wipsie-x'),
      ),
      't.yaml',
    ),
    clean(
      'an unknown after the prefix',
      cfnManagedPolicy(send('!Sub arn:aws:sqs:*:*:wipsie-${Queue}'), PARAMETER),
      't.yaml',
    ),
    clean(
      'a decided service',
      jsonPolicy({ Effect: 'Deny', Action: 'sqs:*', Resource: 'arn:aws:sqs:*:*:${aws:username}' }),
      'p.json',
    ),
  ],
  invalid: [
    flaggedAt(
      'a parameter with a Default only',
      cfnManagedPolicy(send('!Sub arn:aws:sqs:*:*:${Queue}'), PARAMETER),
      't.yaml',
      'arn:aws:sqs:*:*:${Queue}',
      {
        message: 'Queue',
      },
    ),
    flaggedAt(
      'a Terraform variable in the name',
      TF_VARIABLE,
      'main.tf',
      '"arn:aws:sqs:*:*:${var',
      { message: 'var.queue_name' },
    ),
    flaggedAt('a policy read from a file', TF_FILE, 'main.tf', 'file(', {
      message: 'file("policy.json")',
    }),
    flaggedAt(
      'an import',
      cfnManagedPolicy(send("!ImportValue 'shared-queue-arn'")),
      't.yaml',
      "'shared-queue-arn'",
    ),
  ],
});
