import { describe, expect, test } from 'vitest';

import { jsonPolicy, ruleIdsOf, WIPSIE_ARN } from './cases.js';
import { settingsFor, globToRegExp } from '../../src/iam/config.js';
import { validate, CONFIG_SCHEMA } from '../../src/config/schema.js';

const ENVIRONMENTS = {
  iam: {
    overrides: [
      { files: ['infra/prod/**'], queuePrefix: 'wipsie-prod-' },
      { files: ['infra/dev/**'], queuePrefix: 'wipsie-dev-' },
    ],
  },
};

const send = (resource: string): string =>
  jsonPolicy({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: resource });

describe('the iam configuration section', () => {
  test('defaults to the guide policy', () => {
    const settings = settingsFor({}, 'policy.json');
    expect(settings.queuePrefix).toBe('wipsie-');
    expect(settings.partitions).toEqual(['aws']);
    expect(settings.service).toBe('sqs');
    expect(settings.allowedActions.size).toBe(10);
    expect([...settings.resourceLessActions]).toEqual(['sqs:listqueues']);
  });

  test.each([
    ['infra/prod/iam/worker.json', 'arn:aws:sqs:*:*:wipsie-prod-orders', []],
    [
      'infra/prod/iam/worker.json',
      'arn:aws:sqs:*:*:wipsie-dev-orders',
      ['iam-resource-outside-prefix'],
    ],
    ['infra/dev/worker.json', 'arn:aws:sqs:*:*:wipsie-dev-*', []],
    ['infra/dev/worker.json', 'arn:aws:sqs:*:*:wipsie-*', ['iam-resource-outside-prefix']],
    ['infra/production/worker.json', 'arn:aws:sqs:*:*:wipsie-orders', []],
  ])('in %s, %s yields %j', (path, resource, expected) => {
    expect(ruleIdsOf(send(resource), path, ENVIRONMENTS)).toEqual(expected);
  });

  test('allowing another partition clears a partition finding', () => {
    const text = send('arn:aws-cn:sqs:*:*:wipsie-*');
    expect(ruleIdsOf(text, 'p.json')).toEqual(['iam-resource-outside-prefix']);
    expect(ruleIdsOf(text, 'p.json', { iam: { partitions: ['aws', 'aws-cn'] } })).toEqual([]);
  });

  test('allowed and resource-less actions are configurable', () => {
    const tag = jsonPolicy({ Effect: 'Allow', Action: 'sqs:TagQueue', Resource: WIPSIE_ARN });
    expect(ruleIdsOf(tag, 'p.json')).toEqual(['iam-action-not-allowed']);
    expect(ruleIdsOf(tag, 'p.json', { iam: { allowedActions: ['SQS:TagQueue'] } })).toEqual([]);

    const star = jsonPolicy({ Effect: 'Allow', Action: 'sqs:GetQueueUrl', Resource: '*' });
    const config = { iam: { resourceLessActions: ['sqs:ListQueues', 'sqs:GetQueueUrl'] } };
    expect(ruleIdsOf(star, 'p.json', config)).toEqual([]);
  });

  test('is validated with the rest of the configuration', () => {
    expect(validate(ENVIRONMENTS, CONFIG_SCHEMA)).toEqual([]);
    const problems = validate(
      { iam: { queuePrefx: 'x', overrides: [{ files: 'a' }] } },
      CONFIG_SCHEMA,
    );
    expect(problems.map((problem) => problem.key)).toEqual([
      'iam.queuePrefx',
      'iam.overrides[0].files',
    ]);
  });

  test.each([
    ['infra/prod/**', 'infra/prod/a/b.tf', true],
    ['infra/prod/**', 'infra/production/b.tf', false],
    ['*.tf', 'modules/queues/main.tf', true],
    ['infra/*/main.tf', 'infra/dev/main.tf', true],
    ['infra/*/main.tf', 'infra/dev/x/main.tf', false],
  ])('glob %s matches %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
