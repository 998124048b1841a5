import { describe, expect, test } from 'vitest';

import rule from '../../rules/aws-bedrock-api-key.js';
import { fakeBedrockLongTermKey, fakeBedrockShortTermKey } from '../helpers/fake-secrets.js';
import { runRule, testFormatMatrix, testRule } from '../helpers/rule-tester.js';

const LONG_TERM = fakeBedrockLongTermKey(41);
const SHORT_TERM = fakeBedrockShortTermKey(42);
const LONG_PREFIX = LONG_TERM.slice(0, 22);

testRule(rule, {
  valid: [
    { text: 'prefix = "bedrock-api-key-"', name: 'the short-term prefix alone' },
    { text: `key = "${SHORT_TERM.slice(0, 43)}x"`, name: 'another host in the encoded URL' },
    { text: `key = ${LONG_PREFIX}${'EXAMPLE'.repeat(18)}`, name: 'an EXAMPLE placeholder' },
    { text: `key = ${LONG_PREFIX}${'A'.repeat(120)}`, name: 'a repeated-character placeholder' },
    { text: `key = ${LONG_PREFIX}abc`, name: 'too short' },
    { text: `key = AXSK${LONG_TERM.slice(4)}`, name: 'another prefix' },
    { text: `key = x${LONG_TERM}`, name: 'inside a longer run' },
  ],
  invalid: [
    { text: `AWS_BEARER_TOKEN_BEDROCK=${LONG_TERM}`, line: 1, column: 26, message: 'long-term' },
    { text: `token = "${SHORT_TERM}"`, line: 1, column: 10, message: 'short-term' },
    { text: `a\nb = '${SHORT_TERM.split('&')[0]}'`, line: 2, column: 6, name: 'without &Version' },
  ],
});

describe('aws-bedrock-api-key in every file format', () => {
  const keys = { default: 'AWS_BEARER_TOKEN_BEDROCK', TypeScript: 'apiKey' };
  testFormatMatrix(rule, [
    { value: LONG_TERM, keys },
    { value: SHORT_TERM, keys },
  ]);
});

describe('aws-bedrock-api-key properties', () => {
  test('says which kind of key it found', () => {
    expect(runRule(rule, `k=${LONG_TERM}`)[0]?.properties).toEqual({ keyType: 'long-term' });
    expect(runRule(rule, `k=${SHORT_TERM}`)[0]?.properties).toEqual({ keyType: 'short-term' });
  });
});

describe('aws-bedrock-api-key known limitations', () => {
  test.fails('misses a long-term key more than 400 characters after its prefix', () => {
    expect(runRule(rule, `k=${LONG_PREFIX}${LONG_TERM.slice(22).repeat(4)}`)).toHaveLength(1);
  });
});
