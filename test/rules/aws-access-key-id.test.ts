import { describe, expect, test } from 'vitest';

import rule from '../../rules/aws-access-key-id.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { runRule, testContextMatrix, testRule } from '../helpers/rule-tester.js';

const AKIA = fakeAccessKeyId('AKIA', 11);
const ASIA = fakeAccessKeyId('ASIA', 12);
const ABIA = fakeAccessKeyId('ABIA', 13);

testRule(rule, {
  valid: [
    { text: 'key = AKIAIOSFODNN7EXAMPLE', name: 'the documentation example' },
    { text: `id = ${fakeAccessKeyId('AIDA', 14)}`, name: 'an IAM user unique ID' },
    { text: `x${AKIA}`, name: 'glued to a letter before' },
    { text: `${AKIA}9`, name: 'glued to a digit after' },
    { text: `${AKIA.slice(0, 19)}`, name: 'one character short' },
    { text: `${AKIA.toLowerCase()}`, name: 'lowercase' },
  ],
  invalid: [
    { text: `AWS_ACCESS_KEY_ID=${AKIA}`, line: 1, column: 19, message: 'long-term', preview: 'AKIA********' },
    { text: `a\nb\n  "${ASIA}"`, line: 3, column: 4, message: 'temporary' },
    { text: `token: ${ABIA}`, line: 1, column: 8 },
    { text: `x = 1\r\nkey='${AKIA}'\r\n`, line: 2, column: 6, name: 'CRLF line endings' },
  ],
});

describe('aws-access-key-id in common file formats', () => {
  testContextMatrix(rule, [AKIA, ASIA]);
});

describe('aws-access-key-id redaction', () => {
  test('never puts the key in the message, preview or frame', () => {
    const [finding] = runRule(rule, `before\nkey = ${AKIA}\nafter\n`);
    const visible = JSON.stringify(finding);
    expect(visible).not.toContain(AKIA);
    expect(finding?.frame.map((line) => line.text)).toEqual(['before', 'key = AKIA********', 'after']);
  });
});
