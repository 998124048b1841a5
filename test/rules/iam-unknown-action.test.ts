import rule from '../../rules/iam-unknown-action.js';
import { clean, flaggedAt, jsonPolicy, tfDocument, WIPSIE_ARN } from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    clean(
      'known actions',
      jsonPolicy({
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:Get*'],
        Resource: WIPSIE_ARN,
      }),
      'p.json',
    ),
    clean(
      'another service',
      jsonPolicy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
      'p.json',
    ),
    clean(
      'in a Deny statement',
      jsonPolicy({ Effect: 'Deny', Action: 'sqs:SendMessageBatch', Resource: '*' }),
      'p.json',
    ),
  ],
  invalid: [
    flaggedAt(
      'a batch API name',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessageBatch', Resource: WIPSIE_ARN }),
      'p.json',
      '"sqs:SendMessageBatch"',
    ),
    flaggedAt(
      'a pattern matching nothing',
      jsonPolicy({ Effect: 'Allow', Action: 'sqs:Publish*', Resource: WIPSIE_ARN }),
      'p.json',
      '"sqs:Publish*"',
    ),
    flaggedAt(
      'an S3 API name',
      jsonPolicy({ Effect: 'Allow', Action: 's3:HeadBucket', Resource: 'arn:aws:s3:::b' }),
      'p.json',
      '"s3:HeadBucket"',
    ),
    flaggedAt(
      'in Terraform',
      tfDocument(['actions   = ["sqs:DeleteMessageBatch"]', `resources = ["${WIPSIE_ARN}"]`]),
      'main.tf',
      '"sqs:DeleteMessageBatch"',
    ),
  ],
});
