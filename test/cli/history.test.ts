import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, tempDir, type TestRepo } from '../helpers/git.js';

const KEY = fakeAccessKeyId('AKIA', 601);
const OTHER_KEY = fakeAccessKeyId('AKIA', 602);
const THIRD_KEY = fakeAccessKeyId('ASIA', 603);

interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
  properties: Record<string, unknown>;
  commit?: { sha: string; author: string; email: string; date: string; subject: string };
}

interface HistoryRun {
  code: number;
  findings: JsonFinding[];
  stats: { filesScanned: number; skipped: Record<string, number> };
  stderr: string;
  raw: string;
}

/** Runs `keyfence history --format json` in the repository and parses what it printed. */
function history(repo: TestRepo, args: readonly string[] = [], cwd = repo.dir): HistoryRun {
  const result = runCli(['history', '--format', 'json', ...args], { cwd, env: repo.env });
  const report = result.stdout === '' ? { findings: [], stats: {} } : JSON.parse(result.stdout);
  return {
    code: result.code,
    findings: report.findings,
    stats: report.stats,
    stderr: result.stderr,
    raw: result.stdout + result.stderr,
  };
}

/** Runs git in the repository with its isolated environment. */
function gitIn(repo: TestRepo, args: readonly string[], cwd = repo.dir): string {
  return execFileSync('git', args, { cwd, env: repo.env, encoding: 'utf8' }).trim();
}

describe('keyfence history', () => {
  test('reports a key that was added and removed later, at the commit that added it', async () => {
    const repo = await createRepo();
    await repo.commit('start', { 'README.md': '# app\n' });
    const added = await repo.commit('add settings', {
      'config/app.env.txt': `# keys\nID=${KEY}\n`,
    });
    await repo.commit('remove the key', { 'config/app.env.txt': '# keys\nID=\n' });

    const run = history(repo);

    expect(run.code).toBe(1);
    expect(run.findings).toMatchObject([
      {
        ruleId: 'aws-access-key-id',
        path: 'config/app.env.txt',
        line: 2,
        column: 4,
        commit: { sha: added, subject: 'add settings', author: 'Test Author' },
        properties: { commitCount: 1, pathCount: 1 },
      },
    ]);
    expect(run.raw).not.toContain(KEY);
  });

  test('finds a key added between clean versions of a long file, at its line', async () => {
    // Each clean version is the keyword-free base of the next one read, so the keyword pass
    // reads only the lines that changed; the key must be found all the same.
    const repo = await createRepo();
    const lines = Array.from({ length: 3000 }, (_, line) => `export const v${line} = ${line};`);
    const write = (edited: string[]) => ({ 'src/values.ts': `${edited.join('\n')}\n` });
    await repo.commit('v1', write(lines));
    await repo.commit('v2', write(lines.map((line, at) => (at === 10 ? `${line} // ten` : line))));
    const withKey = [...lines.slice(0, 1500), `const id = "${KEY}";`, ...lines.slice(1500)];
    const added = await repo.commit('v3', write(withKey));
    await repo.commit('v4', write(lines));

    const run = history(repo);

    expect(run.code).toBe(1);
    expect(run.findings).toMatchObject([
      { ruleId: 'aws-access-key-id', path: 'src/values.ts', line: 1501, commit: { sha: added } },
    ]);
  });

  test('finds a key that exists only on a branch that was never merged', async () => {
    const repo = await createRepo();
    await repo.commit('start', { 'app.py': 'print(1)\n' });
    await repo.git.raw(['checkout', '--quiet', '-b', 'experiment']);
    const leaked = await repo.commit('try a key', { 'app.py': `print(1)\nKEY = "${KEY}"\n` });
    await repo.git.raw(['checkout', '--quiet', 'main']);

    const run = history(repo);

    expect(run.findings).toMatchObject([{ path: 'app.py', line: 2, commit: { sha: leaked } }]);
    expect(history(repo, ['--branch', 'main']).findings).toEqual([]);
    expect(history(repo, ['--branch', 'experiment']).findings).toHaveLength(1);
  });

  test('finds a key that only a merge commit added, while resolving a conflict', async () => {
    const repo = await createRepo();
    await repo.commit('start', { 'settings.ini': 'mode=a\n' });
    await repo.git.raw(['checkout', '--quiet', '-b', 'side']);
    await repo.commit('side change', { 'settings.ini': 'mode=side\n' });
    await repo.git.raw(['checkout', '--quiet', 'main']);
    await repo.commit('main change', { 'settings.ini': 'mode=main\n' });
    await repo.git.raw(['merge', '--quiet', 'side']).catch(() => undefined);
    const merge = await repo.commit('merge side', { 'settings.ini': `mode=both\nkey=${KEY}\n` });

    const run = history(repo);

    expect(gitIn(repo, ['rev-list', '--parents', '-1', merge]).split(' ')).toHaveLength(3);
    expect(run.findings).toMatchObject([
      {
        ruleId: 'aws-access-key-id',
        path: 'settings.ini',
        line: 2,
        column: 5,
        commit: { sha: merge },
      },
    ]);
  });

  test('reports a renamed file once, at the path and commit where the key entered', async () => {
    const repo = await createRepo();
    const added = await repo.commit('add', { 'old/name.txt': `first\n${KEY}\n` });
    await repo.git.raw(['mv', 'old/name.txt', 'moved.txt']);
    await repo.commit('rename');
    await repo.git.raw(['mv', 'moved.txt', 'newer.txt']);
    await repo.commit('rename and edit', { 'newer.txt': `first\n${KEY}\nmore\n` });

    const run = history(repo);

    expect(run.findings).toMatchObject([
      { path: 'old/name.txt', line: 2, column: 1, commit: { sha: added } },
    ]);
    expect(run.findings[0]?.properties).toMatchObject({ commitCount: 3, pathCount: 3 });
  });

  test('reports the same key once per file it entered, with how far it spread', async () => {
    const repo = await createRepo();
    const first = await repo.commit('one', { 'a.txt': `${KEY}\n` });
    await repo.commit('edit a', { 'a.txt': `${KEY}\nedited\n`, 'b.txt': 'clean\n' });
    const second = await repo.commit('copy', {
      'b.txt': `clean\nx ${KEY}\n`,
      'c/d.txt': `${KEY}\n`,
    });
    await repo.commit('edit again', { 'a.txt': `${KEY}\nedited twice\n` });

    const run = history(repo);

    expect(run.findings).toMatchObject([
      { path: 'a.txt', line: 1, column: 1, commit: { sha: first } },
      { path: 'b.txt', line: 2, column: 3, commit: { sha: second } },
      { path: 'c/d.txt', line: 1, column: 1, commit: { sha: second } },
    ]);
    for (const finding of run.findings) {
      expect(finding.properties).toMatchObject({ commitCount: 4, pathCount: 3 });
    }
  });

  test('reads each distinct blob once, however many commits and paths share it', async () => {
    const repo = await createRepo();
    await repo.commit('one', { 'a.txt': 'same\n', 'b.txt': 'same\n' });
    await repo.commit('two', { 'c.txt': 'same\n', 'd.txt': 'other\n' });
    await repo.commit('three', { 'a.txt': 'other\n' });

    const run = history(repo);

    expect(run.code).toBe(0);
    expect(run.stats.filesScanned).toBe(2);
  });

  test('does not report a key-like byte run inside a binary blob', async () => {
    const repo = await createRepo();
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x00, 0x01]), Buffer.from(` ${KEY} `)]);
    await repo.commit('add image', { 'logo.png': bytes });
    await repo.commit('remove image');

    const run = history(repo);

    expect(run.code).toBe(0);
    expect(run.findings).toEqual([]);
    expect(run.stats.skipped.binary).toBe(1);
  });

  test('skips a symbolic link, whose blob is only the path it points to', async () => {
    const repo = await createRepo();
    await repo.commit('start', { 'a.txt': 'a\n' });
    symlinkSync(KEY, path.join(repo.dir, 'link'));
    await repo.commit('add a link');

    const run = history(repo);

    expect(run.findings).toEqual([]);
    expect(run.stats.skipped.symlink).toBe(1);
  });

  test('finds commits reachable only from a tag, and content kept only in the stash', async () => {
    const repo = await createRepo();
    await repo.commit('start', { 'a.txt': 'a\n' });
    await repo.git.raw(['checkout', '--quiet', '-b', 'release']);
    const tagged = await repo.commit('release notes', { 'notes.md': `key ${KEY}\n` });
    await repo.git.raw(['tag', 'v1.0']);
    await repo.git.raw(['checkout', '--quiet', 'main']);
    await repo.git.raw(['branch', '--quiet', '-D', 'release']);
    repo.write('a.txt', `a\n${OTHER_KEY}\n`);
    await repo.git.raw(['stash', '--quiet']);

    const run = history(repo);

    expect(run.findings.map((finding) => [finding.path, finding.line])).toEqual([
      ['a.txt', 2],
      ['notes.md', 1],
    ]);
    expect(run.findings[1]?.commit?.sha).toBe(tagged);
  });

  test('masks a key pasted into a commit subject', async () => {
    const repo = await createRepo();
    await repo.commit(`add ${KEY} for now`, { 'k.txt': `${KEY}\n` });

    const run = history(repo);

    expect(run.findings[0]?.commit?.subject).toBe('add AKIA******** for now');
    expect(run.raw).not.toContain(KEY);
  });
});

describe('keyfence history --range', () => {
  test('reports only what the range added, even a key added and removed inside it', async () => {
    const repo = await createRepo();
    await repo.commit('base', { 'old.txt': `${KEY}\nline\n` });
    const base = gitIn(repo, ['rev-parse', 'HEAD']);
    await repo.commit('touch the old file', { 'old.txt': `${KEY}\nline changed\n` });
    const added = await repo.commit('add a key', { 'tmp.txt': `${OTHER_KEY}\n` });
    await repo.commit('remove it', { 'tmp.txt': 'gone\n' });
    const moved = await repo.commit('copy the old key', { 'copy.txt': `${KEY}\n` });

    const run = history(repo, ['--range', `${base}..HEAD`]);

    expect(run.findings).toMatchObject([
      { path: 'copy.txt', line: 1, commit: { sha: moved } },
      { path: 'tmp.txt', line: 1, commit: { sha: added } },
    ]);
  });

  test('reports nothing for a range that added no secret, even if it moved one', async () => {
    const repo = await createRepo();
    await repo.commit('base', { 'old.txt': `${KEY}\n` });
    await repo.git.raw(['mv', 'old.txt', 'moved.txt']);
    await repo.commit('rename, then a clean change', { 'readme.md': 'hello\n' });

    const run = history(repo, ['--range', 'HEAD~1..HEAD']);

    expect(run.code).toBe(0);
    expect(run.findings).toEqual([]);
  });

  test('scans all of HEAD when the base is forty zeros (a push that made a branch)', async () => {
    const repo = await createRepo();
    const first = await repo.commit('old', { 'old.txt': `${KEY}\n` });
    await repo.commit('new', { 'new.txt': 'clean\n' });

    const run = history(repo, ['--range', `${'0'.repeat(40)}..HEAD`]);
    const empty = history(repo, ['--range', 'HEAD..HEAD']);

    expect(run.findings).toMatchObject([{ path: 'old.txt', commit: { sha: first } }]);
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('nothing to scan');
  });

  test('--since leaves out what the given revision already had', async () => {
    const repo = await createRepo();
    await repo.commit('old', { 'old.txt': `${KEY}\n` });
    await repo.git.raw(['tag', 'v1']);
    const added = await repo.commit('new', { 'new.txt': `${THIRD_KEY}\n` });

    const run = history(repo, ['--since', 'v1']);

    expect(run.findings).toMatchObject([{ path: 'new.txt', commit: { sha: added } }]);
  });

  test.each([
    [['--range', 'main'], '--range must be BASE..HEAD'],
    [['--range', 'a...b'], '--range must be BASE..HEAD'],
    [['--range', 'HEAD..HEAD', '--branch', 'main'], 'cannot be combined'],
    [['--range', 'nope..HEAD'], 'the revision "nope" does not name a commit'],
    [['--branch', 'nope'], 'the branch "nope" does not name a commit'],
  ])('rejects %j with exit 2', async (args, message) => {
    const repo = await createRepo();
    await repo.commit('start', { 'a.txt': 'a\n' });

    const result = runCli(['history', ...args], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });

  test('rejects history options on other commands', async () => {
    const repo = await createRepo();

    const result = runCli(['scan', '--range', 'a..b'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--range works only with `keyfence history`');
  });
});

describe('keyfence history on unusual repositories', () => {
  test('refuses a shallow clone whose history it cannot see, saying how to fetch it', async () => {
    const repo = await createRepo();
    await repo.commit('one', { 'a.txt': `${KEY}\n` });
    await repo.commit('two', { 'a.txt': 'clean\n' });
    await repo.commit('three', { 'b.txt': 'b\n' });
    const clone = path.join(tempDir(), 'clone');
    gitIn(repo, ['clone', '--quiet', '--depth', '2', `file://${repo.dir}`, clone]);

    const full = history(repo, [], clone);
    const inside = history(repo, ['--range', 'HEAD~1..HEAD'], clone);
    const beyond = history(repo, ['--range', 'HEAD~2..HEAD'], clone);

    expect(full.code).toBe(2);
    expect(full.stderr).toContain('shallow');
    expect(full.stderr).toContain('fetch-depth: 0');
    expect(full.stderr).toContain('git fetch --deepen');
    expect(inside.code).toBe(0);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('fetch-depth: 0');
  });

  test('reports an empty repository as clean, with a note', async () => {
    const repo = await createRepo();

    const run = history(repo);

    expect(run.code).toBe(0);
    expect(run.findings).toEqual([]);
    expect(run.stderr).toContain('nothing to scan');
  });

  test('scans the other refs when the current branch has no commits yet', async () => {
    const repo = await createRepo();
    const leaked = await repo.commit('key', { 'a.txt': `${KEY}\n` });
    await repo.git.raw(['checkout', '--quiet', '--orphan', 'fresh']);

    const all = history(repo);
    const own = history(repo, ['--branch', 'fresh']);

    expect(all.findings).toMatchObject([{ path: 'a.txt', line: 1, commit: { sha: leaked } }]);
    expect(own.code).toBe(0);
    expect(own.stderr).toContain('branch fresh has no commits yet');
  });

  test('scans a bare repository', async () => {
    const repo = await createRepo();
    const leaked = await repo.commit('key', { 'a.txt': `${KEY}\n` });
    const bare = path.join(tempDir(), 'bare.git');
    gitIn(repo, ['clone', '--quiet', '--bare', repo.dir, bare]);

    const run = history(repo, [], bare);

    expect(run.findings).toMatchObject([{ path: 'a.txt', commit: { sha: leaked } }]);
  });

  test('prints no progress when stderr is not a terminal', async () => {
    const repo = await createRepo();
    await repo.commit('one', { 'a.txt': 'a\n' });

    const result = runCli(['history'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('no findings');
  });
});

describe('keyfence history on worker threads', () => {
  test('finds and attributes the same secrets when the rules run on workers', async () => {
    const repo = await createRepo();
    const first = await repo.commit('one', { 'a.txt': `${KEY}\n`, 'big.txt': 'x\n'.repeat(5000) });
    const second = await repo.commit('two', {
      'b.txt': `y\n${OTHER_KEY}\n`,
      'bin.dat': Buffer.from([0, 1]),
    });
    const env = { ...repo.env, KEYFENCE_WORKERS: '2' };

    const result = runCli(['history', '--format', 'json'], { cwd: repo.dir, env });
    const report = JSON.parse(result.stdout);

    expect(result.code).toBe(1);
    expect(report.findings).toMatchObject([
      { path: 'a.txt', line: 1, commit: { sha: first } },
      { path: 'b.txt', line: 2, commit: { sha: second } },
    ]);
    expect(report.stats).toMatchObject({ filesScanned: 3, skipped: { binary: 1 } });
  });

  test('scans on the main thread too once each worker has a full queue', async () => {
    // Six blobs of 1.2 MB: each worker takes one, and the rest wait for a worker's queue to
    // drain or go to the main thread. Whoever scans a blob, every key is found once.
    const repo = await createRepo();
    const keys = Array.from({ length: 6 }, (_, index) => fakeAccessKeyId('AKIA', 640 + index));
    const files = Object.fromEntries(
      keys.map((key, index) => [`part-${index}.txt`, `${'x\n'.repeat(600_000)}${key}\n`]),
    );
    await repo.commit('parts', files);
    const env = { ...repo.env, KEYFENCE_WORKERS: '2' };

    const result = runCli(['history', '--format', 'json'], { cwd: repo.dir, env });
    const report = JSON.parse(result.stdout);

    expect(result.code).toBe(1);
    const found = report.findings as { path: string; line: number }[];
    expect(found.map((finding) => finding.path).sort()).toEqual(Object.keys(files).sort());
    expect(found.every((finding) => finding.line === 600_001)).toBe(true);
    expect(report.stats).toMatchObject({ filesScanned: 6 });
  });
});
