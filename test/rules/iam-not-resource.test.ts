import rule from '../../rules/iam-not-resource.js';
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
      'Resource',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: WIPSIE_ARN }),
      'p.json',
    ),
    clean(
      'Deny with NotResource',
      jsonPolicy({ Effect: 'Deny', Action: 'sqs:*', NotResource: WIPSIE_ARN }),
      'p.json',
    ),
    clean(
      'Terraform resources',
      tfDocument(['actions   = ["sqs:SendMessage"]', `resources = ["${WIPSIE_ARN}"]`]),
      'main.tf',
    ),
  ],
  invalid: [
    flaggedAt(
      'in JSON',
      jsonPolicy({
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        NotResource: ['arn:aws:sqs:*:*:wipsie-a'],
      }),
      'p.json',
      '"arn:aws:sqs:*:*:wipsie-a"',
    ),
    flaggedAt(
      'in YAML',
      cfnManagedPolicy([
        '- Effect: Allow',
        '  Action: sqs:SendMessage',
        '  NotResource: arn:aws:sqs:*:*:x',
      ]),
      't.yaml',
      'arn:aws:sqs:*:*:x',
    ),
    flaggedAt(
      'in Terraform',
      tfDocument(['actions       = ["sqs:SendMessage"]', 'not_resources = ["arn:aws:sqs:*:*:x"]']),
      'main.tf',
      '"arn:aws:sqs:*:*:x"',
    ),
  ],
});
