import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { ruleIdsOf } from './cases.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/iam');

interface CorpusCase {
  readonly name: string;
  readonly format: 'json' | 'cfn-json' | 'cfn-yaml' | 'terraform';
  readonly text: string;
  readonly expect: readonly string[];
}

const CASES = JSON.parse(
  readFileSync(path.join(FIXTURES, 'iam-cases.json'), 'utf8'),
) as CorpusCase[];

/** The corpus's codes and the rule ids they stand for (fixtures/iam/SOURCE.md). */
const RULE_OF_CODE: Readonly<Record<string, string>> = {
  malformed: 'iam-malformed-policy',
  'wildcard-action': 'iam-wildcard-action',
  'action-outside-allowlist': 'iam-action-not-allowed',
  'unknown-action': 'iam-unknown-action',
  'wildcard-resource': 'iam-wildcard-resource',
  'resource-outside-prefix': 'iam-resource-outside-prefix',
  'not-action-allow': 'iam-not-action',
  'not-resource-allow': 'iam-not-resource',
  'not-principal-allow': 'iam-not-principal',
  'principal-star': 'iam-public-principal',
  'unresolved-reference': 'iam-unresolved-reference',
};

/** Where each format is scanned; "policy.json" also marks a broken file as meant to be a policy. */
const PATH_OF_FORMAT: Readonly<Record<CorpusCase['format'], string>> = {
  json: 'policy.json',
  'cfn-json': 'template.json',
  'cfn-yaml': 'template.yaml',
  terraform: 'main.tf',
};

describe('the public IAM corpus', () => {
  test('maps every code it uses to a rule id', () => {
    const codes = new Set(CASES.flatMap((entry) => entry.expect));
    expect([...codes].filter((code) => RULE_OF_CODE[code] === undefined)).toEqual([]);
  });

  test.each(CASES.map((entry) => [entry.name, entry] as const))(
    '%s yields its expected rules',
    (_name, entry) => {
      const expected = [...new Set(entry.expect.map((code) => RULE_OF_CODE[code]))].sort();
      expect(ruleIdsOf(entry.text, PATH_OF_FORMAT[entry.format])).toEqual(expected);
    },
  );
});
