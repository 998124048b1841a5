import { describe, expect, test } from 'vitest';

import { iamFindings, jsonPolicy, WIPSIE_ARN } from './cases.js';
import { RULES } from '../../rules/index.js';
import type { ContentRule, ReportDescriptor, SourceFile } from '../../src/engine/types.js';

const IAM_RULES = RULES.filter((rule): rule is ContentRule => rule.id.startsWith('iam-'));

const TEXT = jsonPolicy(
  { Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
  { Effect: 'Allow', NotAction: 'sqs:DeleteQueue', NotResource: WIPSIE_ARN },
);

describe('the shared IAM analysis', () => {
  test('parses and analyses a file once for all eleven rules', () => {
    let computed = 0;
    const memo = new Map<string, unknown>();
    const file: SourceFile = {
      path: 'policy.json',
      text: TEXT,
      hasKeyword: (word) => TEXT.toLowerCase().includes(word),
      memo<T>(key: string, compute: () => T): T {
        if (!memo.has(key)) {
          computed += 1;
          memo.set(key, compute());
        }
        return memo.get(key) as T;
      },
      config: {},
      mode: 'tree',
    };
    const reports: ReportDescriptor[] = [];

    expect(IAM_RULES).toHaveLength(11);
    for (const rule of IAM_RULES) {
      rule.check(file, (descriptor) => reports.push(descriptor));
    }

    expect(computed).toBe(1);
    expect(reports.length).toBeGreaterThan(4);
    expect(reports.every((report) => report.secret === false)).toBe(true);
  });

  test('shows the offending value verbatim and fingerprints it with its statement', () => {
    const findings = iamFindings(TEXT, 'policy.json');
    const wildcard = findings.find((finding) => finding.ruleId === 'iam-wildcard-action');
    expect(wildcard?.preview).toBe('sqs:* (statement #1)');

    const moved = iamFindings(`\n\n${TEXT}`, 'policy.json');
    const same = moved.find((finding) => finding.ruleId === 'iam-wildcard-action');
    expect(same?.line).toBe((wildcard?.line ?? 0) + 2);
    expect(same?.fingerprint).toBe(wildcard?.fingerprint);
  });

  test('only looks at files that can hold a policy', () => {
    const [rule] = IAM_RULES;
    expect(rule?.appliesTo?.('infra/main.tf')).toBe(true);
    expect(rule?.appliesTo?.('stack.template')).toBe(true);
    expect(rule?.appliesTo?.('main.tf.json')).toBe(true);
    expect(rule?.appliesTo?.('src/policy.ts')).toBe(false);
    expect(rule?.appliesTo?.('README.md')).toBe(false);
  });
});
