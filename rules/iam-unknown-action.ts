import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Check the spelling against the AWS service authorization reference. Batch API calls such as',
  '`SendMessageBatch` are authorized by the single-message action (`sqs:SendMessage`).',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-unknown-action'),
  id: 'iam-unknown-action',
  description: 'Detect IAM policy actions that match no known action',
  severity: 'warning',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    unknownAction:
      '`{{action}}` matches no known IAM action: it grants nothing, ' +
      'so it is a typo or an API name.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SendMessageBatch',
          Resource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'policy.json',
        note: 'SendMessageBatch is an API call authorized by sqs:SendMessage',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json', note: 'every action exists' },
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:Get*',
          Resource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'policy.json',
        note: 'a pattern that matches known actions (reported as a wildcard instead)',
      },
    ],
  },
});
