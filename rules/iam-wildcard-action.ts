import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'List the actions the application calls instead of a pattern.',
  "For the guide's Celery worker that is the ten SQS actions of its policy; a pattern such as",
  '`sqs:Send*` also grants every action AWS adds later under that name.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-wildcard-action'),
  id: 'iam-wildcard-action',
  description: 'Detect IAM policy actions written with a wildcard',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    wildcardAction:
      'Action `{{value}}` uses a wildcard; list the actions it needs, ' +
      'since AWS adds actions that a pattern then grants.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:Send*',
          Resource: 'arn:aws:sqs:*:*:wipsie-*',
        }),
        path: 'policy.json',
        note: 'sqs:Send* grants only SendMessage today, but any future sqs:Send action too',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json', note: 'the guide policy names every action' },
      {
        text: policyWith({ Effect: 'Deny', Action: 'sqs:*', Resource: '*' }),
        path: 'policy.json',
        note: 'a Deny statement only narrows access',
      },
    ],
  },
});
