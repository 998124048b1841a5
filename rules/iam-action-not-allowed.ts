import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Remove the action, or, if the application truly needs it, add it to `iam.allowedActions`',
  'in the keyfence configuration after a review: the allowlist is the least-privilege contract.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-action-not-allowed'),
  id: 'iam-action-not-allowed',
  description: 'Detect IAM policy actions outside the allowed SQS actions',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    actionNotAllowed: '`{{action}}` grants {{granted}}, outside the allowed actions.',
    notActionNotAllowed:
      '`NotAction` with Allow grants every action it does not list, including {{granted}}.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SetQueueAttributes',
          Resource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'policy.json',
        note: 'SetQueueAttributes can rewrite the queue policy',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json', note: 'the guide policy' },
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'SQS:sendmessage',
          Resource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'policy.json',
        note: 'action names are case-insensitive',
      },
    ],
  },
});
