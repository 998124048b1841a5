import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { runCli } from '../helpers/cli.js';
import {
  fakeAccessKeyId,
  fakeBedrockLongTermKey,
  fakePrivateKey,
  fakeSecretAccessKey,
  fakeSessionToken,
} from '../helpers/fake-secrets.js';
import { createRepo, tempDir, type TestRepo } from '../helpers/git.js';
import { runBounded, type BoundedResult } from './harness.js';

/**
 * The whole CLI, in every mode, every format and every diagnostic setting, over a repository
 * with secrets planted in its history, its index, its work tree and its configuration: no raw
 * secret may appear in stdout, stderr, a report file, the GitHub job summary or a baseline.
 * Only `--show-secrets` may print one, and only where it says.
 */

const HAS_RULE = new Set(RULES.map((rule) => rule.id));

const COMMITTED = fakeAccessKeyId('AKIA', 8001);
const REMOVED = fakeAccessKeyId('ASIA', 8002);
const STAGED = fakeAccessKeyId('AKIA', 8003);
const WORK_TREE = fakeAccessKeyId('AKIA', 8004);
const SUPPRESSED = fakeAccessKeyId('AKIA', 8005);
const IN_CONFIG = fakeAccessKeyId('AKIA', 8006);
/** A key inside an IAM policy's values, which IAM findings quote in their messages. */
const IN_POLICY = fakeAccessKeyId('AKIA', 8011);

const PLANTED = [COMMITTED, REMOVED, STAGED, WORK_TREE, SUPPRESSED, IN_CONFIG, IN_POLICY];

/**
 * Credentials planted only when a rule can find them (a value no rule finds is not a secret to
 * keyfence), each with the line that holds it and the values to search the output for.
 */
const EXTRA: readonly { rule: string; line: string; values: readonly string[] }[] = [
  {
    rule: 'aws-secret-access-key',
    line: `aws_secret_access_key = ${fakeSecretAccessKey(8007)}`,
    values: [fakeSecretAccessKey(8007)],
  },
  {
    rule: 'aws-session-token',
    line: `aws_session_token = ${fakeSessionToken(8008)}`,
    values: [fakeSessionToken(8008)],
  },
  {
    rule: 'aws-bedrock-api-key',
    line: `bedrock_key = ${fakeBedrockLongTermKey(8009)}`,
    values: [fakeBedrockLongTermKey(8009)],
  },
].filter((extra) => HAS_RULE.has(extra.rule));

const PRIVATE_KEY = fakePrivateKey('RSA PRIVATE KEY', 8010);
const HAS_PRIVATE_KEY = HAS_RULE.has('private-key');

PLANTED.push(...EXTRA.flatMap((extra) => extra.values));
if (HAS_PRIVATE_KEY) {
  PLANTED.push(...PRIVATE_KEY.split('\n').slice(1, -1));
}

let repo: TestRepo;

beforeAll(async () => {
  repo = await createRepo();
  await repo.commit('old key', { 'legacy/creds.sh': `export AWS_ACCESS_KEY_ID=${REMOVED}\n` });
  await repo.git.raw(['rm', '--quiet', 'legacy/creds.sh']);
  const extraLines = EXTRA.map((extra) => `${extra.line}\n`).join('');
  await repo.commit('config', {
    'config/app.ini': `[default]\naws_access_key_id = ${COMMITTED}\n${extraLines}region = eu-west-1\n`,
    'iam/policy.json': JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: `${IN_POLICY}:Get`, Resource: `arn:aws:s3:::${IN_POLICY}/*` },
      ],
    }),
    ...(HAS_PRIVATE_KEY ? { 'deploy/key.pem': `${PRIVATE_KEY}\n` } : {}),
    'test/fixture.py': `KEY = "${SUPPRESSED}"  # keyfence:allow aws-access-key-id -- fixture\n`,
    // A pasted key in the config itself: in a reason, where no rule of the config reads it.
    '.keyfencerc.json': JSON.stringify({
      rules: { 'aws-access-key-id': { level: 'error', reason: `was ${IN_CONFIG}` } },
    }),
  });
  repo.write('deploy/.env', `AWS_ACCESS_KEY_ID=${STAGED}\n`);
  await repo.git.raw(['add', 'deploy/.env']);
  repo.write('notes.txt', `temporary ${WORK_TREE}\n`);
}, 60_000);

/** Every file a run may have written: report files, the job summary, a baseline. */
function writtenFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter(
      (name) => name.startsWith('out.') || name === 'summary.md' || name.endsWith('baseline.json'),
    )
    .map((name) => readFileSync(path.join(dir, name), 'utf8'));
}

function expectNoSecret(result: BoundedResult, extra: readonly string[] = []): void {
  expect(result.timedOut).toBe(false);
  const streams: [string, string][] = [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
    ...extra.map((text, index): [string, string] => [`written file ${index + 1}`, text]),
  ];
  for (const [name, text] of streams) {
    for (const secret of PLANTED) {
      expect(text.includes(secret), `${name} holds ${secret.slice(0, 4)}…`).toBe(false);
    }
  }
}

const ALL_FORMATS = [
  '-f',
  'text',
  '-f',
  'json',
  '-o',
  'out.json',
  '-f',
  'sarif',
  '-o',
  'out.sarif',
];
const GITHUB_FORMAT = ['-f', 'github', '-o', 'out.github'];

describe.each(['scan', 'staged', 'history'])(
  '`keyfence %s` never prints a planted secret',
  (command) => {
    test.each<[string, string[], Record<string, string>]>([
      ['--debug', ['--debug'], {}],
      ['NODE_DEBUG=keyfence*', [], { NODE_DEBUG: 'keyfence*' }],
      ['--no-suppressions --quiet --ci', ['--no-suppressions', '--quiet', '--ci'], {}],
      ['GitHub Actions', ['--ci'], { GITHUB_ACTIONS: 'true', CI: 'true' }],
    ])('with %s, in every format', (_name, flags, env) => {
      const out = tempDir('keyfence-out-');
      const summary = path.join(out, 'summary.md');
      const args = [command, ...ALL_FORMATS, ...GITHUB_FORMAT, ...flags].map((arg) =>
        arg.startsWith('out.') ? path.join(out, arg) : arg,
      );

      const result = runBounded(args, {
        cwd: repo.dir,
        env: { ...repo.env, ...env, GITHUB_STEP_SUMMARY: summary },
        timeoutMs: 30_000,
      });

      expect(result.code, result.stderr).toBe(1);
      expectNoSecret(result, writtenFiles(out));
      if (flags.includes('--debug') || 'NODE_DEBUG' in env) {
        expect(result.stderr).toMatch(/keyfence[:-]/);
      }
    });
  },
);

describe('other commands and failures never print a planted secret', () => {
  test('keyfence baseline writes fingerprints, not values', () => {
    const result = runBounded(['baseline', '--debug', '--baseline', 'leak-baseline.json'], {
      cwd: repo.dir,
      env: repo.env,
    });

    expect(result.code).toBe(0);
    expectNoSecret(result, writtenFiles(repo.dir));
  });

  test.each([
    ['an invalid JSON config', '.keyfencerc.json', `{ "failOn": ${COMMITTED} }`],
    ['an invalid YAML config', '.keyfencerc.yaml', `failOn: [${COMMITTED}\n`],
    ['an unknown key', '.keyfencerc.json', JSON.stringify({ [COMMITTED]: 1 })],
    ['a bad value', '.keyfencerc.json', JSON.stringify({ failOn: COMMITTED })],
    ['a bad rule id', '.keyfencerc.json', JSON.stringify({ rules: { [COMMITTED]: 'off' } })],
    [
      'a bad allow.values pattern',
      '.keyfencerc.json',
      JSON.stringify({ allow: { values: [`(${COMMITTED}`] } }),
    ],
    [
      'an unsafe allow.values pattern',
      '.keyfencerc.json',
      JSON.stringify({ allow: { values: [`(${COMMITTED}+)+`] } }),
    ],
    ['a broken baseline', 'bad-baseline.json', `{ "version": 1, "salt": "${COMMITTED}" }`],
  ])('%s, with --debug', async (_name, file, content) => {
    const broken = await createRepo();
    broken.write(file, content);
    await broken.commit('broken', { 'a.txt': `${COMMITTED}\n` });
    const args = file.includes('baseline') ? ['--baseline', file] : [];

    const result = runBounded(['scan', '--debug', ...args], { cwd: broken.dir, env: broken.env });

    expect(result.code).toBe(2);
    expectNoSecret(result);
  });

  test('--show-secrets prints them in the report, and still never in debug lines', () => {
    const result = runBounded(['scan', '--show-secrets', '--debug'], {
      cwd: repo.dir,
      env: repo.env,
    });

    expect(result.stdout).toContain(COMMITTED);
    const debugLines = result.stderr.split('\n').filter((line) => line.startsWith('keyfence:'));
    expect(debugLines.length).toBeGreaterThan(0);
    for (const secret of PLANTED) {
      expect(debugLines.join('\n')).not.toContain(secret);
    }
  });

  test('every runCli run of the suite is checked the same way', () => {
    // A path argument is echoed in the usage error: the user typed it, but it proves the check.
    const run = () => runCli(['scan', COMMITTED], { cwd: repo.dir, env: repo.env });

    expect(run).toThrow(/printed a planted secret \(AKIA…\) on stderr/);
  });

  test('the fixture really holds what the other tests look for', () => {
    expect(existsSync(path.join(repo.dir, 'notes.txt'))).toBe(true);
    const result = runBounded(['history', '-f', 'json'], { cwd: repo.dir, env: repo.env });
    const { findings } = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
    const found = new Set(findings.map((finding) => finding.ruleId));
    const expected = ['aws-access-key-id', ...EXTRA.map((extra) => extra.rule)];
    expect([...found]).toEqual(
      expect.arrayContaining(HAS_PRIVATE_KEY ? [...expected, 'private-key'] : expected),
    );
  });
});
