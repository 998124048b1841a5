import rule from '../../rules/iam-not-action.js';
import {
  clean,
  cfnManagedPolicy,
  flaggedAt,
  jsonPolicy,
  tfDocument,
  WIPSIE_ARN,
} from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    clean(
      'Action',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: WIPSIE_ARN }),
      'p.json',
    ),
    clean(
      'Deny with NotAction',
      jsonPolicy({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }),
      'p.json',
    ),
    clean(
      'a key named NotAction outside a policy',
      '{ "statement": { "NotAction": "x" } }\n',
      'data.json',
    ),
  ],
  invalid: [
    flaggedAt(
      'in JSON',
      jsonPolicy({ Effect: 'Allow', NotAction: ['sqs:DeleteQueue'], Resource: WIPSIE_ARN }),
      'p.json',
      '"sqs:DeleteQueue"',
    ),
    flaggedAt(
      'in YAML',
      cfnManagedPolicy(['- Effect: Allow', '  NotAction: iam:*', "  Resource: '*'"]),
      't.yaml',
      'iam:*',
    ),
    flaggedAt(
      'in Terraform',
      tfDocument(['not_actions = ["sqs:PurgeQueue"]', `resources   = ["${WIPSIE_ARN}"]`]),
      'main.tf',
      '"sqs:PurgeQueue"',
    ),
  ],
});
