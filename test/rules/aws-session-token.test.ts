import { describe, expect, test } from 'vitest';

import rule from '../../rules/aws-session-token.js';
import { fakeSessionToken } from '../helpers/fake-secrets.js';
import { runRule, testFormatMatrix, testRule } from '../helpers/rule-tester.js';

const TOKEN = fakeSessionToken(31);
const URL_ENCODED = encodeURIComponent(fakeSessionToken(32));

testRule(rule, {
  valid: [
    { text: 'AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}', name: 'a shell reference' },
    { text: 'sessionToken: process.env.AWS_SESSION_TOKEN,', name: 'process.env' },
    { text: `aws_session_token = ${'x'.repeat(200)}`, name: 'a placeholder' },
    { text: `aws_session_token = ${TOKEN.slice(0, 80)}`, name: 'too short for a token' },
    { text: `cache_blob = ${TOKEN}`, name: 'no session-token name' },
    { text: `session = ${TOKEN}`, name: 'a generic session name' },
  ],
  invalid: [
    {
      text: `aws_session_token = ${TOKEN}`,
      line: 1,
      column: 21,
      message: 'AWS session token found',
    },
    { text: `{\n  "SessionToken": "${TOKEN}"\n}`, line: 2, column: 20, name: 'STS JSON output' },
    { text: `const c = { sessionToken: '${TOKEN}' };`, line: 1, column: 28 },
    { text: `aws_security_token=${TOKEN}`, line: 1, column: 20, name: 'the legacy boto name' },
    {
      text: `https://b.s3.amazonaws.com/k?X-Amz-Security-Token=${URL_ENCODED}&X-Amz-Signature=abc`,
      line: 1,
      column: 51,
      name: 'a presigned URL',
    },
  ],
});

describe('aws-session-token in every file format', () => {
  testFormatMatrix(rule, [
    {
      value: TOKEN,
      keys: {
        default: 'aws_session_token',
        '.env': 'AWS_SESSION_TOKEN',
        'shell export': 'AWS_SESSION_TOKEN',
        TypeScript: 'sessionToken',
        XML: 'SessionToken',
        CSV: 'SessionToken',
        'URL query': 'X-Amz-Security-Token',
      },
    },
  ]);
});

describe('aws-session-token known limitations', () => {
  test.fails('misses a token under a generic name', () => {
    expect(runRule(rule, `token = ${TOKEN}`)).toHaveLength(1);
  });
});
