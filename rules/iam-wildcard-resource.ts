import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Name the queues: `arn:aws:sqs:*:*:wipsie-*` (or the per-environment prefix). Only actions',
  'that take no resource, such as `sqs:ListQueues`, belong in a statement on `*`.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-wildcard-resource'),
  id: 'iam-wildcard-resource',
  description: 'Detect IAM policy resources that cover every resource of their kind',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    wildcardResource:
      'Resource `{{resource}}` covers every resource of its kind; name the queues (`{{prefix}}*`).',
  },
  examples: {
    flagged: [
      {
        text: policyWith({ Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: '*' }),
        path: 'policy.json',
        note: 'GetQueueAttributes takes a queue, so "*" is broader than needed',
      },
    ],
    notFlagged: [
      {
        text: GUIDE_POLICY,
        path: 'policy.json',
        note: 'ListQueues takes no resource, so "*" is fine for it',
      },
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:*:*:wipsie-orders',
        }),
        path: 'policy.json',
        note: 'one named queue',
      },
    ],
  },
});
