import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { coverRequiredEntries } from '../helpers/gitignore.js';
import { createRepo, type TestRepo } from '../helpers/git.js';

const KEY = fakeAccessKeyId('AKIA', 831);
const OTHER_KEY = fakeAccessKeyId('AKIA', 832);
const THIRD_KEY = fakeAccessKeyId('AKIA', 833);
const BASELINE = '.keyfence-baseline.json';

interface JsonFinding {
  path: string;
  line: number;
  ruleId: string;
  suppression?: { kind: string; source: string; justification?: string };
}

/** A repository whose ignore rules already cover the guide's entries, for tests about baselines. */
async function quietRepo(): Promise<TestRepo> {
  const repo = await createRepo();
  coverRequiredEntries(repo);
  return repo;
}

function run(repo: TestRepo, args: readonly string[]) {
  return runCli(args, { cwd: repo.dir, env: repo.env });
}

/** Scans with the baseline and returns the exit code and the findings of the JSON report. */
function scanWithBaseline(repo: TestRepo, ...extra: string[]) {
  const result = run(repo, ['scan', '--baseline', BASELINE, '--format', 'json', ...extra]);
  const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
  return { code: result.code, findings, stderr: result.stderr };
}

function baselineText(repo: TestRepo): string {
  return readFileSync(path.join(repo.dir, BASELINE), 'utf8');
}

describe('keyfence baseline', () => {
  test('keeps a key suppressed through moved lines, reformatting and a squash', async () => {
    const repo = await quietRepo();
    await repo.commit('settings', { 'config/app.py': `# settings\nKEY = "${KEY}"\n` });

    const created = run(repo, ['baseline']);
    const written = baselineText(repo);
    expect(created.code).toBe(0);
    expect(created.stderr).toContain(`wrote 1 entry to ${BASELINE}`);
    expect(written).not.toContain(KEY);
    expect(scanWithBaseline(repo).code).toBe(0);

    await repo.commit('move', {
      'config/app.py': `# settings\n\nimport os\n\nDEBUG = True\nKEY = "${KEY}"\n`,
    });
    await repo.commit('reformat', { 'config/app.py': `import os\nDEBUG=True\nKEY='${KEY}'  \n` });
    await repo.git.raw(['reset', '--soft', 'HEAD~2']);
    await repo.git.raw(['commit', '--quiet', '-m', 'squash the move and the reformat']);

    /** A repository whose ignore rules already cover the guide's entries, for tests about baselines. */
    async function quietRepo(): Promise<TestRepo> {
      const repo = await createRepo();
      coverRequiredEntries(repo);
      return repo;
    }

    const after = scanWithBaseline(repo);
    expect(after.code).toBe(0);
    expect(after.findings).toMatchObject([
      { path: 'config/app.py', line: 3, suppression: { kind: 'external', source: 'baseline' } },
    ]);
    expect(run(repo, ['baseline']).code).toBe(0);
    expect(baselineText(repo)).toBe(written);
  });

  test('reports the key again once the file is renamed, and in any other file', async () => {
    const repo = await quietRepo();
    await repo.commit('settings', { 'app.py': `KEY = "${KEY}"\n` });
    run(repo, ['baseline']);

    await repo.git.raw(['mv', 'app.py', 'settings.py']);
    await repo.commit('rename', { 'copy.py': `COPY = "${KEY}"\n` });
    const result = scanWithBaseline(repo);

    expect(result.code).toBe(1);
    expect(result.findings.map((finding) => [finding.path, finding.suppression])).toEqual([
      ['copy.py', undefined],
      ['settings.py', undefined],
    ]);
  });

  test('writes byte-identical files on reruns of an unchanged repository', async () => {
    const repo = await quietRepo();
    await repo.commit('keys', {
      'b.conf': `K=${KEY}\n`,
      'a.conf': `K=${OTHER_KEY}\nJ=${THIRD_KEY}\n`,
    });

    run(repo, ['baseline']);
    const first = baselineText(repo);
    run(repo, ['baseline']);

    expect(baselineText(repo)).toBe(first);
    const entries = (JSON.parse(first) as { entries: { path: string }[] }).entries;
    expect(entries.map((entry) => entry.path)).toEqual(['a.conf', 'a.conf', 'b.conf']);
  });

  test('never suppresses a new key in a baselined file', async () => {
    const repo = await quietRepo();
    await repo.commit('old', { 'app.py': `OLD = "${KEY}"\n` });
    run(repo, ['baseline']);

    await repo.commit('new', { 'app.py': `OLD = "${KEY}"\nNEW = "${OTHER_KEY}"\n` });
    const result = scanWithBaseline(repo);

    expect(result.code).toBe(1);
    expect(result.findings.map((finding) => finding.suppression?.source)).toEqual([
      'baseline',
      undefined,
    ]);
  });

  test('--update-baseline drops entries that match nothing and says how many', async () => {
    const repo = await quietRepo();
    await repo.commit('keys', { 'a.py': `A = "${KEY}"\n`, 'b.py': `B = "${OTHER_KEY}"\n` });
    run(repo, ['baseline']);
    await repo.commit('remove one', { 'b.py': 'B = None\n' });

    const updated = scanWithBaseline(repo, '--update-baseline');
    const entries = (JSON.parse(baselineText(repo)) as { entries: { path: string }[] }).entries;

    expect(updated.code).toBe(0);
    expect(updated.stderr).toContain(`removed 1 stale entry from ${BASELINE}`);
    expect(entries.map((entry) => entry.path)).toEqual(['a.py']);
  });

  test('refuses --update-baseline on a staged or partial scan, which misses files', async () => {
    const repo = await quietRepo();
    await repo.commit('key', { 'a.py': `A = "${KEY}"\n` });
    run(repo, ['baseline']);

    const staged = run(repo, ['staged', '--baseline', BASELINE, '--update-baseline']);
    const partial = run(repo, ['scan', 'a.py', '--baseline', BASELINE, '--update-baseline']);

    expect(staged.code).toBe(2);
    expect(staged.stderr).toContain('--update-baseline needs a scan of the whole repository');
    expect(partial.code).toBe(2);
  });

  test('suppresses staged findings, and `baseline staged` lists only staged files', async () => {
    const repo = await quietRepo();
    await repo.commit('committed', { 'old.py': `OLD = "${KEY}"\n` });
    repo.write('new.py', `NEW = "${OTHER_KEY}"\n`);
    await repo.git.add('new.py');

    const written = run(repo, ['baseline', 'staged']);
    const staged = run(repo, ['staged', '--baseline', BASELINE]);

    expect(written.stderr).toContain('wrote 1 entry');
    expect(baselineText(repo)).toContain('"path": "new.py"');
    expect(baselineText(repo)).not.toContain('"path": "old.py"');
    expect(staged.code).toBe(0);
    expect(staged.stdout).toContain('1 suppressed (1 baseline)');
  });

  test('adds to the entries on a staged or partial run instead of replacing them', async () => {
    const repo = await quietRepo();
    await repo.commit('committed', {
      'old.py': `OLD = "${KEY}"\n`,
      'src/a.py': `A = "${THIRD_KEY}"\n`,
    });
    run(repo, ['baseline']);
    repo.write('new.py', `NEW = "${OTHER_KEY}"\n`);
    await repo.git.add('new.py');

    run(repo, ['baseline', 'staged']);
    run(repo, ['baseline', 'scan', 'src']);
    const entries = (JSON.parse(baselineText(repo)) as { entries: { path: string }[] }).entries;

    expect(entries.map((entry) => entry.path)).toEqual(['new.py', 'old.py', 'src/a.py']);
    expect(scanWithBaseline(repo).code).toBe(0);
  });

  test('is read from the config key `baseline`, relative to the config file', async () => {
    const repo = await quietRepo();
    await repo.commit('key', {
      'a.py': `A = "${KEY}"\n`,
      '.keyfencerc.json': '{ "baseline": "security/accepted.json" }',
      'security/.keep': '',
    });

    const written = run(repo, ['baseline']);
    const scanned = run(repo, ['scan']);

    expect(written.stderr).toContain('security/accepted.json');
    expect(scanned.code).toBe(0);
    expect(scanned.stdout).toContain('1 suppressed (1 baseline)');
  });

  test('stops with exit 2 on a missing or malformed baseline', async () => {
    const repo = await quietRepo();
    await repo.commit('key', { 'a.py': `A = "${KEY}"\n` });
    writeFileSync(path.join(repo.dir, 'broken.json'), '{"version": 1}');

    const missing = run(repo, ['scan', '--baseline', 'nowhere.json']);
    const broken = run(repo, ['scan', '--baseline', 'broken.json']);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere.json could not be read');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not a keyfence baseline');
  });

  test('writes a history baseline that silences old commits but not a new key', async () => {
    const repo = await quietRepo();
    await repo.commit('leak', { 'old.py': `A = "${KEY}"\n` });
    await repo.commit('remove', { 'old.py': 'A = None\n' });

    const written = run(repo, ['baseline', 'history']);
    const before = run(repo, ['history', '--baseline', '.keyfence-baseline.json']);
    await repo.commit('new leak', { 'new.py': `B = "${OTHER_KEY}"\n` });
    const after = run(repo, ['history', '--baseline', '.keyfence-baseline.json', '-f', 'json']);

    expect(written.code).toBe(0);
    expect(before.code).toBe(0);
    expect(after.code).toBe(1);
    const active = JSON.parse(after.stdout).findings.filter(
      (finding: { suppressed: boolean }) => !finding.suppressed,
    );
    expect(active.map((finding: { path: string }) => finding.path)).toEqual(['new.py']);
  });
});

describe('suppressed findings in reports', () => {
  async function repoWithEverySuppression(): Promise<TestRepo> {
    const repo = await quietRepo();
    await repo.commit('keys', {
      'inline.py': `A = "${KEY}"  # keyfence:allow -- fake for tests\n`,
      'config.py': `B = "${OTHER_KEY}"\n`,
      'baseline.py': `C = "${THIRD_KEY}"\n`,
      '.keyfencerc.json': JSON.stringify({
        allow: { values: [{ pattern: `^${OTHER_KEY.slice(0, 10)}`, reason: 'docs key' }] },
      }),
    });
    run(repo, ['baseline']);
    return repo;
  }

  test('do not count for the exit code and appear marked in JSON', async () => {
    const repo = await repoWithEverySuppression();

    const result = scanWithBaseline(repo);

    expect(result.code).toBe(0);
    expect(result.findings.map((finding) => [finding.path, finding.suppression])).toEqual([
      ['baseline.py', { kind: 'external', source: 'baseline' }],
      ['config.py', { kind: 'external', source: 'config', justification: 'docs key' }],
      ['inline.py', { kind: 'inSource', source: 'inline', justification: 'fake for tests' }],
    ]);
  });

  test('are counted by what suppressed them in the text summary', async () => {
    const repo = await repoWithEverySuppression();

    const result = run(repo, ['scan', '--baseline', BASELINE]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 suppressed (1 inline, 1 config, 1 baseline)');
    expect(result.stdout).not.toContain('inline.py');
  });

  test('stop the run with exit 2 when a value pattern could hang the scan', async () => {
    const repo = await quietRepo();
    await repo.commit('config', {
      '.keyfencerc.json': JSON.stringify({ allow: { values: ['EXAMPLE', '^(A+)+$'] } }),
    });

    const result = run(repo, ['scan']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"allow.values[1]" repeats a group');
    expect(result.stdout).toBe('');
  });

  test('all come back with --no-suppressions', async () => {
    const repo = await repoWithEverySuppression();

    const result = scanWithBaseline(repo, '--no-suppressions');

    expect(result.code).toBe(1);
    expect(result.findings).toHaveLength(3);
    expect(result.findings.every((finding) => finding.suppression === undefined)).toBe(true);
  });
});
