import { describe, expect, test } from 'vitest';

import rule from '../../rules/dotenv-file.js';
import { fakeAccessKeyId, fakeSecretAccessKey } from '../helpers/fake-secrets.js';
import { runRule, testRule } from '../helpers/rule-tester.js';

const KEY = fakeAccessKeyId('AKIA', 401);
const SECRET = fakeSecretAccessKey(402);

testRule(rule, {
  valid: [
    { path: 'src/env.ts', text: 'export const env = process.env;\n', name: 'env.ts' },
    { path: 'src/environment.ts', text: 'export {};\n', name: 'environment.ts' },
    { path: 'docs/env.md', text: '# Env\n', name: 'docs/env.md' },
    { path: '.environment', text: 'A=1\n', name: 'a name that only starts with .env' },
    { path: 'env/settings.py', text: 'A = 1\n', name: 'a folder named env' },
    { path: '.env/bin/activate', text: 'VIRTUAL_ENV=x\n', name: 'a virtualenv folder named .env' },
    {
      path: '.env.example',
      text: 'PORT=3000\nDEBUG=true\nAWS_REGION=eu-west-1\nAWS_ACCESS_KEY_ID=\nDB_PASS=changeme\n',
      name: 'a template with empty values and placeholders',
    },
    {
      path: 'config/.env.sample',
      text: 'API_KEY=<your-api-key>\nTOKEN="${TOKEN}"\nSECRET=xxxx\n# PASSWORD=real-one\n',
      name: 'placeholders, references and comments',
    },
    {
      path: 'app.env.template',
      text: 'DATABASE_URL=postgres://app:app@localhost:5432/app\nTOKEN_TTL=3600\n',
      name: 'a localhost URL and a number under a secret-sounding name',
    },
    {
      path: 'example.env',
      text: `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n`,
      name: 'the AWS example key',
    },
  ],
  invalid: [
    {
      path: '.env',
      text: 'A=1\n',
      line: 1,
      column: 1,
      message: 'does not remove it from the index',
    },
    {
      path: 'api/.env.local',
      text: 'A=1\n',
      line: 1,
      column: 1,
      message: 'git rm --cached api/.env.local',
    },
    { path: '.env.production', text: '', line: 1, column: 1, name: 'an empty .env.production' },
    { path: '.env.staging', text: 'A=1\n', line: 1, column: 1, message: 'add it to `.gitignore`' },
    { path: 'deploy/prod.env', text: 'A=1\n', line: 1, column: 1, name: '*.env in a folder' },
    { path: '.envrc', text: 'export A=1\n', line: 1, column: 1, message: 'add it to `.gitignore`' },
    { path: 'PROD.ENV', text: 'A=1\n', line: 1, column: 1, name: 'upper case' },
    {
      path: '.env.example',
      text: `REGION=eu-west-1\nAWS_ACCESS_KEY_ID=${KEY}\n`,
      line: 2,
      column: 19,
      message: 'Template `.env.example` holds a real-looking value for AWS_ACCESS_KEY_ID',
      preview: 'AKIA********',
    },
    {
      path: 'app.env.sample',
      text: `# sample\nexport DB_PASSWORD="hunter2-prod"\n`,
      line: 2,
      column: 21,
      message: 'real-looking value for DB_PASSWORD',
    },
    {
      path: 'sample.env',
      text: 'DATABASE_URL=postgres://app:Pr0dPass@db.internal:5432/app\n',
      line: 1,
      column: 14,
      name: 'a URL with a password for a real host',
    },
  ],
});

describe('dotenv-file in a staged scan and in history', () => {
  test('says the file is staged, or was committed', () => {
    const [staged] = runRule(rule, 'A=1\n', { path: '.env', mode: 'staged' });
    const [history] = runRule(rule, 'A=1\n', { path: '.env', mode: 'history' });

    expect(staged?.message).toContain('is staged for commit');
    expect(history?.message).toContain('was committed');
  });

  test('follows a configured list: a removed entry no longer counts as covered', () => {
    const config = { gitignore: { remove: ['.env.local'] } };
    const [finding] = runRule(rule, 'A=1\n', { path: '.env.local', config });

    expect(finding?.message).toContain('add it to `.gitignore`');
    expect(finding?.properties).toMatchObject({ coveredByRequiredEntries: false });
  });
});

describe('dotenv-file never shows what the file holds', () => {
  test('a .env finding has no code frame', () => {
    const [finding] = runRule(rule, `AWS_SECRET_ACCESS_KEY=${SECRET}\n`, { path: '.env' });

    expect(finding?.frame).toEqual([]);
    expect(JSON.stringify(finding)).not.toContain(SECRET);
  });

  test('every real value of a template is reported and masked in the frames', () => {
    const text = `AWS_ACCESS_KEY_ID=${KEY}\nAWS_SECRET_ACCESS_KEY=${SECRET}\n`;
    const findings = runRule(rule, text, { path: '.env.example' });

    expect(findings.map((finding) => finding.line)).toEqual([1, 2]);
    expect(JSON.stringify(findings)).not.toContain(SECRET);
    expect(JSON.stringify(findings)).not.toContain(KEY);
  });
});

describe('dotenv-file known limitations', () => {
  test.fails('misses a dotenv file named with a dash (.env-local)', () => {
    expect(runRule(rule, 'A=1\n', { path: '.env-local' })).toHaveLength(1);
  });

  test.fails('misses a short password under a neutral name in a template', () => {
    expect(runRule(rule, 'DB_PASS2=abc\n', { path: '.env.example' })).toHaveLength(1);
  });
});
