import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Name the principal: an account, a role, or a service such as `sns.amazonaws.com`, and keep',
  'the Condition (for example `aws:SourceArn`) that ties it to one topic or bucket.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-public-principal'),
  id: 'iam-public-principal',
  description: 'Detect IAM policy statements that allow any principal',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    publicPrincipal:
      'Principal `*` with Allow grants access to anyone, in any AWS account or none.',
    publicPrincipalConditioned:
      'Principal `*` with Allow grants access to anyone its Condition lets through; ' +
      'name the principal instead.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          Principal: '*',
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:*:*:wipsie-orders',
        }),
        path: 'queue-policy.json',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json', note: 'no principal: an identity policy' },
      {
        text: policyWith({
          Effect: 'Allow',
          Principal: { Service: 'sns.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:*:*:wipsie-orders',
        }),
        path: 'queue-policy.json',
        note: 'a named service principal',
      },
      {
        text: policyWith({
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Resource: 'arn:aws:sqs:*:*:wipsie-orders',
        }),
        path: 'queue-policy.json',
        note: 'Deny for everyone narrows access',
      },
    ],
  },
});
