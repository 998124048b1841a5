import rule from '../../rules/iam-wildcard-resource.js';
import { clean, cfnManagedPolicy, flaggedAt, jsonPolicy, WIPSIE_ARN } from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

const YAML_STAR = cfnManagedPolicy([
  '- Effect: Allow',
  '  Action: sqs:ReceiveMessage',
  "  Resource: 'arn:aws:sqs:*'",
]);

testRule(rule, {
  valid: [
    clean(
      'ListQueues on *',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' }),
      'p.json',
    ),
    clean(
      'the prefix',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: WIPSIE_ARN }),
      'p.json',
    ),
    clean('a Deny on *', jsonPolicy({ Effect: 'Deny', Action: 'sqs:*', Resource: '*' }), 'p.json'),
  ],
  invalid: [
    flaggedAt(
      '* for a queue action',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:GetQueueAttributes', Resource: '*' }),
      'p.json',
      '"*"',
      {
        preview: '* (statement #1)',
      },
    ),
    flaggedAt(
      'every queue',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:*:*:*' }),
      'p.json',
      '"arn:aws:sqs:*:*:*"',
    ),
    flaggedAt('a trailing * across colons, in YAML', YAML_STAR, 'stack.yml', "'arn:aws:sqs:*'"),
    flaggedAt(
      'ListQueues with another action',
      jsonPolicy({ Effect: 'Allow', Action: ['sqs:ListQueues', 'sqs:GetQueueUrl'], Resource: '*' }),
      'p.json',
      '"*"',
    ),
  ],
});
