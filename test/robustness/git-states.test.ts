import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir, type TestRepo } from '../helpers/git.js';
import { gitIn, IS_ROOT, NOBODY, runBounded, type BoundedResult } from './harness.js';

/**
 * Every repository state keyfence may meet: each is scanned correctly, or stops with exit 2 and
 * a message that says what is wrong. Never a stack trace, never a silent "clean".
 */

const KEY = fakeAccessKeyId('AKIA', 4001);

function expectCleanFailure(result: BoundedResult, message: RegExp | string): void {
  expect(result.timedOut).toBe(false);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(
    typeof message === 'string' ? new RegExp(escape(message)) : message,
  );
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where the planted keys were found; other rules (repository hygiene) may report too. */
function foundPaths(result: BoundedResult): string[] {
  expect(result.stderr).toBe('');
  const { findings } = JSON.parse(result.stdout) as {
    findings: { path: string; ruleId: string }[];
  };
  return findings.filter((f) => f.ruleId === 'aws-access-key-id').map((f) => f.path);
}

async function repoWithKey(): Promise<TestRepo> {
  const repo = await createRepo();
  await repo.commit('key', { 'a.txt': `${KEY}\n` });
  return repo;
}

describe('not a working tree', () => {
  test('outside any repository, scan reads plain files and staged exits 2', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.txt'), `${KEY}\n`);
    const env = isolatedEnv(dir);

    expect(foundPaths(runBounded(['scan', '-f', 'json'], { cwd: dir, env }))).toEqual(['a.txt']);
    expectCleanFailure(runBounded(['staged'], { cwd: dir, env }), 'not inside a git repository');
  });

  test.each(['scan', 'staged'])('a bare repository: %s exits 2 and says why', async (command) => {
    const repo = await repoWithKey();
    const bare = path.join(tempDir(), 'bare.git');
    gitIn(repo.dir, repo.env, ['clone', '--quiet', '--bare', repo.dir, bare]);

    expectCleanFailure(runBounded([command], { cwd: bare, env: repo.env }), 'bare repository');
  });

  test('inside the .git folder, scan exits 2', async () => {
    const repo = await repoWithKey();

    const result = runBounded(['scan'], { cwd: path.join(repo.dir, '.git'), env: repo.env });

    expectCleanFailure(result, 'must be run in a work tree');
  });

  test('a .git file that points nowhere is not a repository: plain files are scanned', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.git'), 'gitdir: /nonexistent/repo.git\n');
    writeFileSync(path.join(dir, 'a.txt'), `${KEY}\n`);
    const env = isolatedEnv(dir);

    expect(foundPaths(runBounded(['scan', '-f', 'json'], { cwd: dir, env }))).toEqual(['a.txt']);
    expectCleanFailure(runBounded(['staged'], { cwd: dir, env }), 'not inside a git repository');
  });
});

describe('damaged repositories', () => {
  test('a corrupt index stops scan and staged with exit 2', async () => {
    const repo = await repoWithKey();
    writeFileSync(path.join(repo.dir, '.git', 'index'), 'not an index');

    expectCleanFailure(runBounded(['scan'], { cwd: repo.dir, env: repo.env }), /index/);
    expectCleanFailure(runBounded(['staged'], { cwd: repo.dir, env: repo.env }), /index/);
  });

  test('a corrupt staged blob stops staged with exit 2 rather than passing as clean', async () => {
    const repo = await repoWithKey();
    repo.write('b.txt', `${KEY} again\n`);
    await repo.git.raw(['add', 'b.txt']);
    const sha = (await repo.git.revparse([':b.txt'])).trim();
    const object = path.join(repo.dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
    chmodSync(object, 0o644);
    writeFileSync(object, 'garbage');

    const result = runBounded(['staged'], { cwd: repo.dir, env: repo.env });

    expectCleanFailure(result, 'the staged content of b.txt');
    expect(result.stderr).toContain('git fsck');
  });

  test('a corrupt blob in history stops history with exit 2 rather than passing as clean', async () => {
    const repo = await repoWithKey();
    const sha = (await repo.git.revparse(['HEAD:a.txt'])).trim();
    const object = path.join(repo.dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2));
    chmodSync(object, 0o644);
    writeFileSync(object, 'garbage');

    const result = runBounded(['history'], { cwd: repo.dir, env: repo.env });

    expectCleanFailure(result, 'the blob of a.txt');
  });

  test('history reads a bare repository, which has commits but no work tree', async () => {
    const repo = await repoWithKey();
    const bare = path.join(tempDir(), 'bare.git');
    gitIn(repo.dir, repo.env, ['clone', '--quiet', '--bare', repo.dir, bare]);

    const result = runBounded(['history', '-f', 'json'], { cwd: bare, env: repo.env });

    expect(foundPaths(result)).toEqual(['a.txt']);
  });

  test('history outside a repository, and in a shallow clone, exits 2 and says why', async () => {
    const dir = tempDir();
    const repo = await repoWithKey();
    await repo.commit('second', { 'b.txt': 'clean\n' });
    const clone = path.join(tempDir(), 'shallow');
    gitIn(repo.dir, repo.env, ['clone', '--quiet', '--depth', '1', `file://${repo.dir}`, clone]);

    expectCleanFailure(runBounded(['history'], { cwd: dir, env: isolatedEnv(dir) }), 'not inside');
    expectCleanFailure(runBounded(['history'], { cwd: clone, env: repo.env }), /shallow/);
  });

  test('a missing git executable exits 2 and says how to fix it', async () => {
    const repo = await repoWithKey();
    const env = { ...repo.env, PATH: tempDir('keyfence-empty-path-') };

    expectCleanFailure(
      runBounded(['scan'], { cwd: repo.dir, env }),
      'git executable was not found',
    );
    expectCleanFailure(
      runBounded(['staged'], { cwd: repo.dir, env }),
      'git executable was not found',
    );
    expectCleanFailure(
      runBounded(['history'], { cwd: repo.dir, env }),
      'git executable was not found',
    );
  });
});

describe('unusual but healthy repositories are scanned', () => {
  test('a shallow clone', async () => {
    const repo = await repoWithKey();
    await repo.commit('second', { 'b.txt': `${fakeAccessKeyId('AKIA', 4002)}\n` });
    const clone = path.join(tempDir(), 'shallow');
    gitIn(repo.dir, repo.env, ['clone', '--quiet', '--depth', '1', `file://${repo.dir}`, clone]);
    writeFileSync(path.join(clone, 'c.txt'), `${fakeAccessKeyId('AKIA', 4003)}\n`);
    gitIn(clone, repo.env, ['add', 'c.txt']);

    const tree = foundPaths(runBounded(['scan', '-f', 'json'], { cwd: clone, env: repo.env }));
    const staged = foundPaths(runBounded(['staged', '-f', 'json'], { cwd: clone, env: repo.env }));

    expect(tree).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(staged).toEqual(['c.txt']);
  });

  test('a detached HEAD', async () => {
    const repo = await repoWithKey();
    await repo.git.raw(['checkout', '--quiet', '--detach']);
    repo.write('b.txt', `${fakeAccessKeyId('AKIA', 4004)}\n`);
    await repo.git.raw(['add', 'b.txt']);

    expect(
      foundPaths(runBounded(['scan', '-f', 'json'], { cwd: repo.dir, env: repo.env })),
    ).toEqual(['a.txt', 'b.txt']);
    expect(
      foundPaths(runBounded(['staged', '-f', 'json'], { cwd: repo.dir, env: repo.env })),
    ).toEqual(['b.txt']);
  });

  test('an unborn branch: everything staged is new', async () => {
    const repo = await createRepo();
    repo.write('a.txt', `${KEY}\n`);
    await repo.git.raw(['add', 'a.txt']);

    expect(
      foundPaths(runBounded(['staged', '-f', 'json'], { cwd: repo.dir, env: repo.env })),
    ).toEqual(['a.txt']);
    expect(
      foundPaths(runBounded(['scan', '-f', 'json'], { cwd: repo.dir, env: repo.env })),
    ).toEqual(['a.txt']);
  });

  test('an empty repository is clean, exit 0', async () => {
    const repo = await createRepo();

    expect(runBounded(['scan'], { cwd: repo.dir, env: repo.env }).code).toBe(0);
    expect(runBounded(['staged'], { cwd: repo.dir, env: repo.env }).code).toBe(0);
  });

  test('a .git file pointing to a separate git folder, as worktrees and --separate-git-dir use', async () => {
    const dir = tempDir();
    const gitDir = path.join(tempDir(), 'separate.git');
    const env = isolatedEnv(dir);
    gitIn(dir, env, ['init', '--quiet', `--separate-git-dir=${gitDir}`]);
    writeFileSync(path.join(dir, 'a.txt'), `${KEY}\n`);
    gitIn(dir, env, ['add', 'a.txt']);

    expect(foundPaths(runBounded(['scan', '-f', 'json'], { cwd: dir, env }))).toEqual(['a.txt']);
    expect(foundPaths(runBounded(['staged', '-f', 'json'], { cwd: dir, env }))).toEqual(['a.txt']);
  });

  test('a scan from a subfolder of the repository reports repository-relative paths', async () => {
    const repo = await createRepo();
    await repo.commit('nested', { 'deep/er/a.txt': `${KEY}\n` });

    const result = runBounded(['scan', '-f', 'json'], {
      cwd: path.join(repo.dir, 'deep'),
      env: repo.env,
    });

    expect(foundPaths(result)).toEqual(['deep/er/a.txt']);
  });
});

/**
 * The suite runs as root here, and root reads files whatever their mode. These tests run the
 * CLI as `nobody` instead, which needs root to switch users; elsewhere chmod alone is enough.
 */
describe('permission-denied files and folders', () => {
  const asUser = IS_ROOT ? { uid: NOBODY } : {};

  function openDir(): string {
    const dir = tempDir();
    chmodSync(dir, 0o755);
    return dir;
  }

  test('an unreadable file outside git is warned about, counted and fails the run with exit 2', () => {
    const dir = openDir();
    writeFileSync(path.join(dir, 'locked.txt'), `${KEY}\n`);
    writeFileSync(path.join(dir, 'open.txt'), 'hello\n');
    chmodSync(path.join(dir, 'locked.txt'), 0o000);

    const result = runBounded(['scan', '.'], { cwd: dir, env: isolatedEnv(dir), ...asUser });

    expect(result.stderr).toContain('could not read locked.txt: EACCES');
    expect(result.stdout).toContain('1 unreadable');
    expect(result.stderr).toContain('1 file could not be read');
    expect(result.code).toBe(2);
  });

  test('an unreadable folder outside git stops the scan with exit 2 naming it', () => {
    const dir = openDir();
    mkdirSync(path.join(dir, 'locked'), { mode: 0o000 });
    writeFileSync(path.join(dir, 'open.txt'), 'hello\n');

    const result = runBounded(['scan', '.'], { cwd: dir, env: isolatedEnv(dir), ...asUser });

    expectCleanFailure(result, /cannot read the folder .*locked: permission denied/);
  });

  test('a tracked file under an untraversable folder is counted as unreadable, not skipped', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'locked/a.txt': `${KEY}\n`, 'open.txt': 'hello\n' });
    chmodSync(repo.dir, 0o755);
    chmodSync(path.join(repo.dir, 'locked'), 0o600);
    const env = { ...repo.env, ...safeDirectory() };

    const result = runBounded(['scan'], { cwd: repo.dir, env, ...asUser });

    expect(result.stderr).toContain('could not read locked/a.txt');
    expect(result.stdout).toContain('1 unreadable');
    expect(result.code).toBe(2);
  });

  test.runIf(IS_ROOT)('a repository owned by another user exits 2 with what to do', async () => {
    const repo = await repoWithKey();
    chmodSync(repo.dir, 0o755);

    const result = runBounded(['scan'], { cwd: repo.dir, env: repo.env, uid: NOBODY });

    expectCleanFailure(result, 'dubious ownership');
    expect(result.stderr).toContain('safe.directory');
  });
});

/** Git's ownership check, lifted for one run through the environment (git 2.31+). */
function safeDirectory(): Record<string, string> {
  return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: '*' };
}
