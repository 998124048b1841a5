import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { backtrackingRisk } from '../../src/suppress/values.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir } from '../helpers/git.js';
import { runBounded, runMain, scanWithAllRules } from './harness.js';

/**
 * A repository can widen what keyfence allows (inline comments, `allow.values`, a baseline).
 * That must always be visible, never silent, and the means of doing it must not be turned into
 * a way to hang or misdirect keyfence.
 */

const INLINE_KEY = fakeAccessKeyId('AKIA', 7001);
const VALUE_KEY = `${fakeAccessKeyId('AKIA', 7002).slice(0, 13)}FAKEKEY`;
const BASELINE_KEY = fakeAccessKeyId('AKIA', 7003);
const OPEN_KEY = fakeAccessKeyId('AKIA', 7004);

async function repoWithEverySuppression() {
  const repo = await createRepo();
  repo.write('.keyfencerc.json', JSON.stringify({ allow: { values: ['FAKEKEY$'] } }));
  await repo.commit('keys', {
    'inline.py': `KEY = "${INLINE_KEY}"  # keyfence:allow aws-access-key-id -- LocalStack\n`,
    'values.txt': `${VALUE_KEY}\n`,
    'old.txt': `${BASELINE_KEY}\n`,
  });
  const written = runBounded(['baseline', '--no-suppressions'], { cwd: repo.dir, env: repo.env });
  expect(written.code).toBe(0);
  repo.write(
    '.keyfencerc.json',
    JSON.stringify({ allow: { values: ['FAKEKEY$'] }, baseline: '.keyfence-baseline.json' }),
  );
  repo.write('open.txt', `${OPEN_KEY}\n`);
  return repo;
}

interface JsonFinding {
  readonly ruleId: string;
  readonly suppression?: { readonly source: string };
}

/** The planted keys' findings; repository hygiene rules may report too. */
function keyFindings(stdout: string): JsonFinding[] {
  const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
  return findings.filter((finding) => finding.ruleId === 'aws-access-key-id');
}

describe('suppressions are visible', () => {
  test('the summary counts each kind, JSON lists them marked, and --no-suppressions shows all', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.json', JSON.stringify({ allow: { values: ['FAKEKEY$'] } }));
    repo.write(
      'inline.py',
      `KEY = "${INLINE_KEY}"  # keyfence:allow aws-access-key-id -- LocalStack\n`,
    );
    repo.write('values.txt', `${VALUE_KEY}\n`);
    repo.write('open.txt', `${OPEN_KEY}\n`);
    await repo.commit('keys');

    const text = runBounded(['scan', '--ci'], { cwd: repo.dir, env: repo.env });
    const json = runBounded(['scan', '-f', 'json'], { cwd: repo.dir, env: repo.env });
    const all = runBounded(['scan', '-f', 'json', '--no-suppressions'], {
      cwd: repo.dir,
      env: repo.env,
    });

    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/2 suppressed \(1 inline, 1 config\)/);
    const marked = keyFindings(json.stdout);
    expect(marked.map((finding) => finding.suppression?.source).sort()).toEqual([
      'config',
      'inline',
      undefined,
    ]);
    const shown = keyFindings(all.stdout);
    expect(shown).toHaveLength(3);
    expect(shown.every((finding) => finding.suppression === undefined)).toBe(true);
  });

  test('a baseline from the configuration is counted too', async () => {
    const repo = await repoWithEverySuppression();

    const result = runBounded(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/suppressed \(.*baseline.*\)/);
  });
});

describe('suppression inputs cannot hang keyfence', () => {
  test('a marker after a 200 KB run of comment characters is parsed in linear time', () => {
    const text = `${OPEN_KEY} ${'#'.repeat(200_000)}x keyfence:allow\n${'#'.repeat(200_000)} keyfence:allow\n${OPEN_KEY}\n`;

    const scan = scanWithAllRules('banner.txt', Buffer.from(text));

    expect(scan.findings).toHaveLength(2);
    expect(scan.findings.filter((finding) => finding.suppression).length).toBe(1);
    expect(scan.ms).toBeLessThan(2_000);
  });

  test('30,000 keys on one line with a directive at its end parse the line once', () => {
    const keys = Array.from({ length: 30_000 }, (_, index) =>
      fakeAccessKeyId('AKIA', 20_000 + index),
    );
    const text = `${keys.join(' ')} # keyfence:allow aws-access-key-id -- generated fixtures\n`;

    const scan = scanWithAllRules('fixtures.txt', Buffer.from(text));

    expect(scan.findings.every((finding) => finding.suppression?.source === 'inline')).toBe(true);
    expect(scan.ms).toBeLessThan(10_000);
  });

  test.each([
    ['eight adjacent unbounded repeats', '^' + '[A-Za-z0-9]*'.repeat(8) + '$'],
    ['three unbounded repeats', 'A+B*C{2,}'],
    ['a nested repeat', '^(A+)+$'],
  ])('allow.values with %s is refused with the reason, exit 2', async (_name, pattern) => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, '.keyfencerc.json'),
      JSON.stringify({ allow: { values: [pattern] } }),
    );
    writeFileSync(path.join(dir, 'a.txt'), `${OPEN_KEY}\n`);

    const result = await runMain(['scan', dir], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('allow.values[0]');
    expect(result.stderr).toMatch(/repeat/);
    expect(result.stderr).not.toContain(pattern);
  });

  test('allow.values with a pattern that does not compile names the reason, not the pattern', async () => {
    const dir = tempDir();
    const pattern = `(${OPEN_KEY}`;
    writeFileSync(
      path.join(dir, '.keyfencerc.json'),
      JSON.stringify({ allow: { values: [pattern] } }),
    );

    const result = await runMain(['scan', dir], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not a valid regular expression (Unterminated group)');
    expect(result.stderr).not.toContain(OPEN_KEY);
  });

  test.each(['^AKIA[A-Z2-7]{12}EXAMPLE$', '^AKIA.*EXAMPLE.*$', 'FAKE(KEY)?$'])(
    'allow.values %j is accepted',
    (pattern) => {
      expect(backtrackingRisk(pattern)).toBeUndefined();
    },
  );
});

describe('a repository cannot point the baseline outside itself', () => {
  test.each(['../outside.json', '/tmp/keyfence-outside.json'])(
    'a configured baseline %j is a config error, and nothing is written',
    async (baseline) => {
      const repo = await createRepo();
      repo.write('.keyfencerc.json', JSON.stringify({ baseline }));
      await repo.commit('key', { 'a.txt': `${OPEN_KEY}\n` });

      const result = runBounded(['baseline'], { cwd: repo.dir, env: repo.env });

      expect(result.code).toBe(2);
      expect(result.stderr).toContain('"baseline" must be a file in the configuration');
      expect(existsSync(path.resolve(repo.dir, baseline))).toBe(false);
    },
  );

  test('a baseline that is a dangling link is not written through', async () => {
    const repo = await createRepo();
    const target = path.join(tempDir(), 'planted.json');
    await repo.commit('key', { 'a.txt': `${OPEN_KEY}\n` });
    symlinkSync(target, path.join(repo.dir, '.keyfence-baseline.json'));

    const result = runBounded(['baseline'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('symbolic link');
    expect(existsSync(target)).toBe(false);
  });

  test('a baseline that links to /dev/zero is refused at once', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'a.txt': `${OPEN_KEY}\n` });
    symlinkSync('/dev/zero', path.join(repo.dir, 'zero.json'));

    const result = runBounded(['scan', '--baseline', 'zero.json'], {
      cwd: repo.dir,
      env: repo.env,
      timeoutMs: 10_000,
    });

    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a regular file');
  });
});
