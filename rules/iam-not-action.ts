import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Replace `NotAction` with an `Action` list of what is needed; keep `NotAction` for Deny',
  'statements, where it narrows access.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-not-action'),
  id: 'iam-not-action',
  description: 'Detect NotAction in IAM policy statements that allow',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    notAction:
      '`NotAction` with Allow grants every action not listed, including those AWS adds later.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          NotAction: 'sqs:DeleteQueue',
          Resource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'policy.json',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json' },
      {
        text: policyWith({ Effect: 'Deny', NotAction: 'sqs:*', Resource: '*' }),
        path: 'policy.json',
        note: 'Deny with NotAction is a guard rail',
      },
    ],
  },
});
