import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Name the principals that need access in `Principal`; `NotPrincipal` belongs in Deny',
  'statements only.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-not-principal'),
  id: 'iam-not-principal',
  description: 'Detect NotPrincipal in IAM policy statements that allow',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    notPrincipal:
      '`NotPrincipal` with Allow grants access to everyone except the principals listed.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/bob' },
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:*:*:wipsie-orders',
        }),
        path: 'queue-policy.json',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json' },
      {
        text: policyWith({
          Effect: 'Deny',
          NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'sqs:*',
          Resource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'queue-policy.json',
        note: 'Deny with NotPrincipal locks others out',
      },
    ],
  },
});
