import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  "Scope the resource to the application's queues: `arn:aws:sqs:<region>:<account>:wipsie-...`.",
  'The literal text before the first wildcard must start with the configured prefix.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-resource-outside-prefix'),
  id: 'iam-resource-outside-prefix',
  description: 'Detect IAM policy resources not provably inside the allowed queue prefix',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    outsidePrefix: 'Resource `{{resource}}` is not inside the allowed queues: {{reason}}.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:*:*:wipsie*',
        }),
        path: 'policy.json',
        note: 'without the hyphen it also matches wipsieprod-queue',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json', note: 'the guide policy' },
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:eu-west-1:123456789012:wipsie-orders',
        }),
        path: 'policy.json',
        note: 'region and account do not matter',
      },
    ],
  },
});
