import { expect, test } from 'vitest';

import rule from '../../rules/iam-public-principal.js';
import { clean, flaggedAt, jsonPolicy, tfDocument } from '../iam/cases.js';
import { runRule, testRule } from '../helpers/rule-tester.js';

const QUEUE = 'arn:aws:sqs:*:*:wipsie-orders';
const allow = (principal: unknown, extra: Record<string, unknown> = {}): string =>
  jsonPolicy({
    Effect: 'Allow',
    Principal: principal,
    Action: 'sqs:SendMessage',
    Resource: QUEUE,
    ...extra,
  });

const TF = tfDocument([
  'actions   = ["sqs:SendMessage"]',
  `resources = ["${QUEUE}"]`,
  'principals {',
  '  type        = "*"',
  '  identifiers = ["*"]',
  '}',
]);

const CONDITIONED = allow('*', {
  Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t' } },
});

testRule(rule, {
  valid: [
    clean('a service principal', allow({ Service: 'sns.amazonaws.com' }), 'p.json'),
    clean('an account', allow({ AWS: ['111122223333'] }), 'p.json'),
    clean(
      'Deny for everyone',
      jsonPolicy({ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE }),
      'p.json',
    ),
  ],
  invalid: [
    flaggedAt('Principal *', allow('*'), 'p.json', '"*"'),
    flaggedAt(
      '* inside an AWS list',
      allow({ AWS: ['arn:aws:iam::111122223333:role/sqs', '*'] }),
      'p.json',
      '"*"',
    ),
    flaggedAt('in Terraform principals', TF, 'main.tf', '"*"]', { message: 'anyone' }),
    flaggedAt('with a Condition', CONDITIONED, 'p.json', '"*"', { message: 'Condition' }),
  ],
});

test('a public principal under a Condition is a warning', () => {
  const [finding] = runRule(rule, CONDITIONED, { path: 'p.json' });
  expect(finding?.severity).toBe('warning');
  expect(runRule(rule, allow('*'), { path: 'p.json' })[0]?.severity).toBe('error');
});
