import { describe, expect, test } from 'vitest';

import rule from '../../rules/aws-credentials-file.js';
import { fakeAccessKeyId, fakeSecretAccessKey } from '../helpers/fake-secrets.js';
import { runRule, testRule } from '../helpers/rule-tester.js';

const KEY = fakeAccessKeyId('AKIA', 411);
const SECRET = fakeSecretAccessKey(412);

testRule(rule, {
  valid: [
    { path: 'src/aws/config.ts', text: 'export const region = "eu-west-1";\n' },
    { path: 'aws/credentials.md', text: '# Credentials\n', name: 'not under .aws/' },
    {
      path: 'docs/setup.md',
      text: `# Setup\nPut this in the file:\n[default]\naws_access_key_id = ${KEY}\n`,
      name: 'a Markdown page quoting a credentials file',
    },
    {
      path: 'example.ini',
      text: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n',
      name: 'the example key',
    },
    {
      path: 'template.ini',
      text: '[default]\naws_access_key_id =\nregion = eu-west-1\n',
      name: 'an empty value',
    },
    {
      path: 'settings.cfg',
      text: `[uploads]\naws_access_key_id = ${KEY}\n`,
      name: 'another section name without the secret key',
    },
    { path: 'src/client.py', text: `aws_access_key_id = "${KEY}"\n`, name: 'code, not INI' },
  ],
  invalid: [
    {
      path: '.aws/credentials',
      text: '[default]\n',
      line: 1,
      column: 1,
      message: 'does not remove it from the index',
    },
    {
      path: 'ci/home/.aws/config',
      text: '',
      line: 1,
      column: 1,
      message: 'AWS CLI file `ci/home/.aws/config`',
    },
    {
      path: 'deploy/creds.ini',
      text: `; copied from a laptop\n[default]\naws_access_key_id = ${KEY}\n`,
      line: 3,
      column: 21,
      message: 'profile [default] sets aws_access_key_id',
      preview: 'AKIA********',
    },
    {
      path: 'backup/aws.txt',
      text: `[default]\nregion = eu-west-1\n\n[profile ci]\n  aws_access_key_id=${KEY}\n`,
      line: 5,
      column: 21,
      message: 'profile [profile ci]',
    },
    {
      path: 'settings.cfg',
      text: `[uploads]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n`,
      line: 2,
      column: 21,
      name: 'another section name with the secret key beside the key ID',
    },
  ],
});

describe('aws-credentials-file masking', () => {
  test('masks the secret key on the next line of the frame too', () => {
    const text = `[default]\naws_access_key_id = ${KEY}\naws_secret_access_key = ${SECRET}\n`;
    const [finding] = runRule(rule, text, { path: 'creds.ini' });
    const frame = finding?.frame.map((line) => line.text).join('\n') ?? '';

    expect(frame).not.toContain(SECRET);
    expect(JSON.stringify(finding)).not.toContain(KEY);
  });

  test('a .aws/credentials finding shows none of the file', () => {
    const [finding] = runRule(rule, `[default]\naws_secret_access_key = ${SECRET}\n`, {
      path: '.aws/credentials',
    });

    expect(finding?.frame).toEqual([]);
  });
});

describe('aws-credentials-file known limitations', () => {
  test.fails('misses a named profile without its secret key outside .aws/', () => {
    expect(
      runRule(rule, `[prod]\naws_access_key_id = ${KEY}\n`, { path: 'creds.ini' }),
    ).toHaveLength(1);
  });
});
