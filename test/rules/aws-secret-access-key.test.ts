import { describe, expect, test } from 'vitest';

import rule from '../../rules/aws-secret-access-key.js';
import {
  fakeAccessKeyIdForAccount,
  fakeSecretAccessKey,
  seededRandom,
} from '../helpers/fake-secrets.js';
import { runRule, testFormatMatrix, testRule } from '../helpers/rule-tester.js';

const SECRET = fakeSecretAccessKey(21);
const ENDS_IN_PLUS = fakeSecretAccessKey(22).slice(0, 39) + '+';
const ENDS_IN_SLASH = fakeSecretAccessKey(23).slice(0, 39) + '/';
const ACCOUNT = '123456789012';
const KEY_ID = fakeAccessKeyIdForAccount('AKIA', ACCOUNT, 24);
const DOCUMENTATION_SECRET = 'wJalrXUtnFEMI/K7MDENG' + '/bPxRfiCYEXAMPLEKEY';

/** A 40-hex digest, as git and SHA-1 print them. */
function fakeHexDigest(seed: number): string {
  const random = seededRandom(seed);
  return Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
}

testRule(rule, {
  valid: [
    { text: 'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}', name: 'a shell reference' },
    { text: 'secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,', name: 'process.env' },
    { text: 'aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"]', name: 'os.environ' },
    { text: 'AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}', name: 'a CI secret' },
    { text: 'aws_secret_access_key = <your-secret>', name: 'an angle-bracket placeholder' },
    { text: `aws_secret_access_key = ${'x'.repeat(40)}`, name: 'an xxxx placeholder' },
    { text: `aws_secret_access_key = ${DOCUMENTATION_SECRET}`, name: 'the documentation example' },
    { text: `aws_secret_access_key = ${fakeHexDigest(25)}`, name: 'a 40-hex digest' },
    { text: `key = ${fakeHexDigest(26)}`, name: 'a 40-hex digest under a generic name' },
    { text: `api_key = ${SECRET}`, name: 'a generic name and no key ID nearby' },
    { text: `value = ${SECRET}`, name: 'no context at all' },
    { text: `aws_secret_access_key = ${'Ab1'.repeat(14).slice(0, 40)}`, name: 'low entropy' },
    { text: `aws_secret_access_key = ${SECRET}Q`, name: 'a longer run' },
    { text: `aws_secret_access_key = ${SECRET}==`, name: 'a padded base64 value' },
    { text: `secret_key = "${SECRET}"`, path: 'app/settings.py', name: 'secret_key outside AWS' },
    {
      text: 'SECRET_ACCESS_KEY = getDefaultSecretAccessKeyProviderChainXy',
      name: 'an identifier made of words',
    },
  ],
  invalid: [
    {
      text: `aws_secret_access_key = ${SECRET}`,
      line: 1,
      column: 25,
      preview: `${SECRET.slice(0, 4)}********`,
    },
    { text: `AWS_SECRET_KEY=${ENDS_IN_PLUS}`, line: 1, column: 16, name: 'ending in +' },
    { text: `SecretAccessKey: "${ENDS_IN_SLASH}"`, line: 1, column: 19, name: 'ending in /' },
    { text: `secret_access_key: ${SECRET}`, line: 1, column: 20 },
    { text: `  secretAccessKey: '${SECRET}',`, line: 1, column: 21 },
    {
      text: `provider "aws" {\n  secret_key = "${SECRET}"\n}`,
      path: 'main.tf',
      line: 2,
      column: 17,
      name: "Terraform's secret_key",
    },
    {
      text: `aws configure set aws_secret_access_key ${SECRET}`,
      line: 1,
      column: 41,
      name: 'aws configure set',
    },
    {
      text:
        'User name,Password,Access key ID,Secret access key,Console login link\n' +
        `ci,,${KEY_ID},${SECRET},https://x\n`,
      path: 'credentials.csv',
      line: 2,
      column: 26,
      message: `of account ${ACCOUNT}`,
      name: 'the console credentials.csv',
    },
    {
      text: `Access key ID,Secret access key\n${KEY_ID},${SECRET}\n`,
      path: 'ci_accessKeys.csv',
      line: 2,
      column: 22,
      name: 'the two-column credentials.csv',
    },
    {
      text: `id: ${KEY_ID}\npassword: ${SECRET}\n`,
      line: 2,
      column: 11,
      message: 'together they form a usable credential',
      name: 'a generic name next to a key ID',
    },
    { text: `${KEY_ID}:${SECRET}`, line: 1, column: 22, name: 'right after its key ID' },
    {
      text: `System.setProperty("aws.secretKey", "${SECRET}");`,
      path: 'Aws.java',
      line: 1,
      column: 38,
    },
  ],
});

describe('aws-secret-access-key in every file format', () => {
  const keys = {
    default: 'aws_secret_access_key',
    '.env': 'AWS_SECRET_ACCESS_KEY',
    'shell export': 'AWS_SECRET_ACCESS_KEY',
    TypeScript: 'secretAccessKey',
    'Java properties': 'aws.secretAccessKey',
    Terraform: 'secret_key',
    Dockerfile: 'AWS_SECRET_KEY',
    CSV: 'Secret access key',
    XML: 'SecretAccessKey',
    'minified line': 'secretAccessKey',
  } as const;
  testFormatMatrix(rule, [
    { value: SECRET, keys },
    { value: ENDS_IN_PLUS, keys },
    { value: ENDS_IN_SLASH, keys: { ...keys, default: 'SECRET_ACCESS_KEY' } },
  ]);
});

describe('aws-secret-access-key pairing', () => {
  test('says the secret and its key ID form a usable credential, and names the account', () => {
    const text = `[default]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n`;
    const [finding] = runRule(rule, text);
    expect(finding?.message).toBe(
      `AWS secret access key found with its access key ID of account ${ACCOUNT}: together they ` +
        'form a usable credential; disable the key in IAM now.',
    );
    expect(finding?.properties).toEqual({ paired: true, accountId: ACCOUNT });
  });

  test('reports a lone secret without claiming a pair', () => {
    const [finding] = runRule(rule, `aws_secret_access_key = ${SECRET}\n`);
    expect(finding?.message).toBe(
      'AWS secret access key found; disable its access key in IAM and rotate it.',
    );
    expect(finding?.properties).toEqual({ paired: false });
  });

  test('never shows the secret in the message, preview or frame', () => {
    const [finding] = runRule(rule, `aws_secret_access_key = ${SECRET}\n`);
    expect(JSON.stringify(finding)).not.toContain(SECRET);
  });
});

describe('aws-secret-access-key known limitations', () => {
  test.fails('misses a secret under a name split by doubled separators', () => {
    expect(runRule(rule, `aws__secret__access__key = ${SECRET}`)).toHaveLength(1);
  });

  test.fails('misses a secret split across a string concatenation', () => {
    const text = `aws_secret_access_key = "${SECRET.slice(0, 20)}" + "${SECRET.slice(20)}"`;
    expect(runRule(rule, text)).toHaveLength(1);
  });
});
