import rule from '../../rules/iam-not-principal.js';
import { clean, flaggedAt, jsonPolicy, tfDocument } from '../iam/cases.js';
import { testRule } from '../helpers/rule-tester.js';

const QUEUE = 'arn:aws:sqs:*:*:wipsie-orders';
const BOB = { AWS: 'arn:aws:iam::111122223333:user/bob' };

const TF = tfDocument([
  'actions   = ["sqs:SendMessage"]',
  `resources = ["${QUEUE}"]`,
  'not_principals {',
  '  type        = "AWS"',
  '  identifiers = ["arn:aws:iam::111122223333:user/bob"]',
  '}',
]);

testRule(rule, {
  valid: [
    clean(
      'Principal',
      jsonPolicy({ Effect: 'Allow', Principal: BOB, Action: 'sqs:SendMessage', Resource: QUEUE }),
      'p.json',
    ),
    clean(
      'Deny with NotPrincipal',
      jsonPolicy({ Effect: 'Deny', NotPrincipal: BOB, Action: 'sqs:*', Resource: QUEUE }),
      'p.json',
    ),
    clean(
      'a malformed statement is not analysed',
      jsonPolicy({
        Effect: 'Allow',
        NotPrincipal: BOB,
        Principal: BOB,
        Action: 'sqs:SendMessage',
        Resource: QUEUE,
      }),
      'p.json',
    ),
  ],
  invalid: [
    flaggedAt(
      'in JSON',
      jsonPolicy({
        Effect: 'Allow',
        NotPrincipal: BOB,
        Action: 'sqs:SendMessage',
        Resource: QUEUE,
      }),
      'p.json',
      '{\n        "AWS"',
    ),
    flaggedAt(
      'in a compact policy',
      `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"*"},"Action":"sqs:SendMessage","Resource":"${QUEUE}"}]}`,
      'q.json',
      '{"AWS"',
    ),
    flaggedAt('in Terraform', TF, 'main.tf', 'not_principals'),
  ],
});
