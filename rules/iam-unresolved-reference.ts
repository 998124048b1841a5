import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const UNRESOLVED_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  QueueArn:
    Type: String
    Default: arn:aws:sqs:us-east-1:123456789012:wipsie-orders
Resources:
  SenderPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: !Ref QueueArn
`;

const HELP = [
  'Write the value out, or make it provable: a parameter with `AllowedValues`, a queue in the',
  'same template or file with a literal name, or `!Sub` with pseudo parameters. If the value',
  'comes from elsewhere by design, turn the rule off for that path with a reason.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-unresolved-reference'),
  id: 'iam-unresolved-reference',
  description: 'Detect IAM policy values that cannot be resolved statically',
  severity: 'warning',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    unresolvedValue:
      '`{{value}}` depends on `{{label}}`, which cannot be resolved here; ' +
      'it is not proven least-privilege.',
    unresolvedDocument:
      'The policy document comes from `{{expression}}`, which cannot be resolved here; ' +
      'it is not checked.',
  },
  examples: {
    flagged: [
      {
        text: UNRESOLVED_TEMPLATE,
        path: 'template.yaml',
        note: 'a Default alone proves nothing: a deploy can pass any ARN',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json' },
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:*:*:wipsie-${aws:username}',
        }),
        path: 'policy.json',
        note: 'a policy variable after the prefix cannot leave it',
      },
    ],
  },
});
