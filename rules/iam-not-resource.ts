import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Replace `NotResource` with a `Resource` list of the queues needed; keep `NotResource` for',
  'Deny statements.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-not-resource'),
  id: 'iam-not-resource',
  description: 'Detect NotResource in IAM policy statements that allow',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    notResource: '`NotResource` with Allow grants every resource not listed, of every service.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          NotResource: 'arn:aws:sqs:*:*:wipsie-secret',
        }),
        path: 'policy.json',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json' },
      {
        text: policyWith({
          Effect: 'Deny',
          Action: 'sqs:*',
          NotResource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'policy.json',
        note: 'Deny with NotResource narrows access',
      },
    ],
  },
});
