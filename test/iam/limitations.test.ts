import { describe, expect, test } from 'vitest';

import { jsonPolicy, ruleIdsOf } from './cases.js';

/**
 * Known gaps, stated as the behaviour keyfence should have; each is listed in the rule doc's
 * "Known limitations".
 */
describe('known IAM limitations', () => {
  test.fails('a misspelt action of another service is not recognised as unknown', () => {
    const text = jsonPolicy({
      Effect: 'Allow',
      Action: 's3:GetObjectt',
      Resource: 'arn:aws:s3:::b/*',
    });
    expect(ruleIdsOf(text, 'p.json')).toContain('iam-unknown-action');
  });

  test.fails('a wildcard Federated principal is not reported as public', () => {
    const text = jsonPolicy({
      Effect: 'Allow',
      Principal: { Federated: '*' },
      Action: 'sqs:SendMessage',
      Resource: 'arn:aws:sqs:*:*:wipsie-a',
    });
    expect(ruleIdsOf(text, 'p.json')).toEqual(['iam-public-principal']);
  });
});
