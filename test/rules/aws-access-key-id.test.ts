import { describe, expect, test } from 'vitest';

import rule from '../../rules/aws-access-key-id.js';
import { accountIdOf } from '../../rules/lib/key-ids.js';
import {
  fakeAccessKeyId,
  fakeAccessKeyIdForAccount,
  fakeSecretAccessKey,
} from '../helpers/fake-secrets.js';
import { runRule, testFormatMatrix, testRule } from '../helpers/rule-tester.js';

const ACCOUNT = '123456789012';
const AKIA = fakeAccessKeyIdForAccount('AKIA', ACCOUNT, 11);
const ASIA = fakeAccessKeyIdForAccount('ASIA', '210987654321', 12);
const ABIA = fakeAccessKeyIdForAccount('ABIA', ACCOUNT, 13);
const ACCA = fakeAccessKeyIdForAccount('ACCA', ACCOUNT, 14);
const LEGACY = 'AKIA' + 'J' + fakeAccessKeyId('AKIA', 15).slice(5);
const SECRET = fakeSecretAccessKey(16);
const UNIQUE_ID_PREFIXES = ['AIDA', 'AROA', 'AGPA', 'AIPA', 'ANPA', 'ANVA', 'APKA', 'ASCA'];

testRule(rule, {
  valid: [
    { text: 'key = AKIAIOSFODNN7EXAMPLE', name: 'the documentation example' },
    { text: `key = ${AKIA.slice(0, 13)}EXAMPLE`, name: 'any key ending in EXAMPLE' },
    ...UNIQUE_ID_PREFIXES.map((prefix) => ({
      text: `id = ${fakeAccessKeyId(prefix, 20)}`,
      name: `an IAM unique ID (${prefix})`,
    })),
    { text: `key = AKIA${'X'.repeat(16)}`, name: 'an X placeholder' },
    { text: `key = AKIA${'ABCDEFGHIJKLMNOP'}`, name: 'a sequential placeholder' },
    { text: `key = AKIA${'DEADBEEF'.repeat(2)}`, name: 'a repeated unit' },
    { text: `key = ASIA${'SIA'.repeat(6)}`, name: 'a repeated prefix' },
    { text: `x${AKIA}`, name: 'glued to a letter before' },
    { text: `${AKIA}9`, name: 'glued to a digit after' },
    { text: `blob = Zm9vYmFyYmF6cXV4+${AKIA}/cXV4Zm9vYmFy`, name: 'inside a base64 run' },
    { text: AKIA.slice(0, 19), name: 'one character short' },
    { text: AKIA.toLowerCase(), name: 'lowercase' },
    { text: `${AKIA.slice(0, 10)}0${AKIA.slice(11)}`, name: 'a 0, outside the base32 alphabet' },
  ],
  invalid: [
    {
      text: `AWS_ACCESS_KEY_ID=${AKIA}`,
      line: 1,
      column: 19,
      message: `AWS access key ID (long-term) of account ${ACCOUNT} found`,
      preview: 'AKIA********',
    },
    { text: `a\nb\n  "${ASIA}"`, line: 3, column: 4, message: 'Temporary AWS access key ID (STS)' },
    { text: `token: ${ABIA}`, line: 1, column: 8, message: 'STS service bearer token' },
    { text: `credential: ${ACCA}`, line: 1, column: 13, message: 'context-specific' },
    { text: `x = 1\r\nkey='${AKIA}'\r\n`, line: 2, column: 6, name: 'CRLF line endings' },
    {
      text: `key = ${LEGACY}`,
      line: 1,
      column: 7,
      message: 'of an account that older key IDs do not encode',
      name: 'an older key without an encoded account',
    },
    { text: `{"ini": "a=1\\n${AKIA}\\n"}`, line: 1, column: 15, name: 'after an escaped newline' },
    { text: `https://example.com/?AWSAccessKeyId=${AKIA}&Signature=x`, line: 1, column: 37 },
    { text: `accessKeyIdForProduction=${AKIA}`, line: 1, column: 26, name: 'after a long name' },
    { text: `path = /home/build/keys/${AKIA}.txt`, line: 1, column: 25, name: 'in a path' },
  ],
});

describe('aws-access-key-id in every file format', () => {
  testFormatMatrix(rule, [
    {
      value: AKIA,
      keys: { default: 'aws_access_key_id', CSV: 'Access key ID', XML: 'AccessKeyId' },
    },
    { value: ASIA, keys: { default: 'AWS_ACCESS_KEY_ID', TypeScript: 'accessKeyId' } },
  ]);
});

describe('aws-access-key-id account and pairing', () => {
  test('decodes the account ID offline, except for the older AKIAI and AKIAJ keys', () => {
    expect(accountIdOf(AKIA)).toBe(ACCOUNT);
    expect(accountIdOf(LEGACY)).toBeUndefined();
    expect(accountIdOf('AKIA' + 'I' + AKIA.slice(5))).toBeUndefined();
  });

  test('puts the key type, account and temporariness in the properties', () => {
    const [finding] = runRule(rule, `id = ${ASIA}\n`);
    expect(finding?.properties).toEqual({
      keyType: 'ASIA',
      temporary: true,
      paired: false,
      accountId: '210987654321',
    });
  });

  test('says the key and its secret form a usable credential when both are there', () => {
    const text = `aws_access_key_id = ${AKIA}\naws_secret_access_key = ${SECRET}\n`;
    const [finding] = runRule(rule, text);
    expect(finding?.message).toContain('with its secret access key: together they form a usable');
    expect(finding?.properties).toMatchObject({ paired: true, accountId: ACCOUNT });
  });

  test('says a temporary key with its secret is usable until it expires', () => {
    const [finding] = runRule(rule, `key_id: ${ASIA}\nsecret: ${SECRET}\n`);
    expect(finding?.message).toContain('usable credential until it expires');
  });

  test('never puts the key in the message, preview or frame', () => {
    const [finding] = runRule(rule, `before\nkey = ${AKIA}\nafter\n`);
    expect(JSON.stringify(finding)).not.toContain(AKIA);
    expect(finding?.frame.map((line) => line.text)).toEqual([
      'before',
      'key = AKIA********',
      'after',
    ]);
  });

  test('follows the incident steps of the guide in its help', () => {
    for (const step of [
      'Disable the access key in IAM now',
      'new access key',
      'Update every application',
      'CloudTrail',
      'git history',
      'Temporary keys',
    ]) {
      expect(rule.help).toContain(step);
    }
  });
});

describe('aws-access-key-id known limitations', () => {
  test.fails('misses a key split across a string concatenation', () => {
    expect(runRule(rule, `key = "${AKIA.slice(0, 8)}" + "${AKIA.slice(8)}"`)).toHaveLength(1);
  });

  test.fails('takes a 16-letter uppercase word after a prefix for a key', () => {
    expect(runRule(rule, `region = ${'ASIA' + 'PACIFICSOUTHEAST'}`)).toEqual([]);
  });

  test.fails('misses a key inside base64', () => {
    const encoded = Buffer.from(`aws_access_key_id = ${AKIA}`).toString('base64');
    expect(runRule(rule, `config: ${encoded}`)).toHaveLength(1);
  });
});
