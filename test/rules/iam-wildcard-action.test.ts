import rule from '../../rules/iam-wildcard-action.js';
import {
  clean,
  cfnManagedPolicy,
  flaggedAt,
  jsonPolicy,
  tfDocument,
  WIPSIE_ARN,
} from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

const SEND_STAR = jsonPolicy({
  Effect: 'Allow',
  Action: ['sqs:SendMessage', 'sqs:Send*'],
  Resource: WIPSIE_ARN,
});
const YAML_STAR = cfnManagedPolicy([
  '- Effect: Allow',
  '  Action: sqs:*',
  `  Resource: '${WIPSIE_ARN}'`,
]);
const TF_STAR = tfDocument(['actions   = ["sqs:Get*"]', `resources = ["${WIPSIE_ARN}"]`]);
const QUESTION = jsonPolicy({ Effect: 'Allow', Action: 'sqs:?endMessage', Resource: WIPSIE_ARN });

testRule(rule, {
  valid: [
    clean(
      'named actions',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: WIPSIE_ARN }),
      'p.json',
    ),
    clean(
      'a wildcard in a Deny statement',
      jsonPolicy({ Effect: 'Deny', Action: 'sqs:*', Resource: '*' }),
      'p.json',
    ),
    clean(
      'a wildcard in the resource only',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: WIPSIE_ARN }),
      'q.json',
    ),
    clean(
      'a wildcard in a file that is no policy',
      '{ "name": "x", "files": ["sqs:*"], "statement": 1 }\n',
      'package.json',
    ),
  ],
  invalid: [
    flaggedAt('a pattern in a JSON list', SEND_STAR, 'policy.json', '"sqs:Send*"', {
      preview: 'sqs:Send* (statement #1)',
    }),
    flaggedAt('sqs:* in CloudFormation YAML', YAML_STAR, 'stack.yaml', 'sqs:*', {
      message: 'sqs:*',
    }),
    flaggedAt('a pattern in aws_iam_policy_document', TF_STAR, 'main.tf', '"sqs:Get*"'),
    flaggedAt('a question mark', QUESTION, 'policy.json', '"sqs:?endMessage"'),
  ],
});
