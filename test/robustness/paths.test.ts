import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir, type TestRepo } from '../helpers/git.js';
import { gitIn, runBounded } from './harness.js';

/**
 * File names are chosen by whoever made the repository. Each of these holds a distinct key and
 * must be listed, read and reported under its exact name, in a tree scan and a staged scan.
 */
const LONG_PATH = `${Array.from({ length: 8 }, (_, index) => `${index}${'d'.repeat(199)}`).join('/')}/f.txt`;

const ODD_NAMES: readonly (readonly [label: string, name: string])[] = [
  ['spaces', 'dir with space/file name.txt'],
  ['a newline', 'new\nline.txt'],
  ['a carriage return', 'car\rriage.txt'],
  ['a tab', 'tab\there.txt'],
  ['double quotes', 'say "hi".txt'],
  ['single quotes', "it's.txt"],
  ['a backslash', 'back\\slash.txt'],
  ['a leading dash', '-rf'],
  ['a leading double dash', '--help'],
  ['an option-like name with a value', '--config=evil.js'],
  ['a glob character', '*.env'],
  ['unicode NFC', 'caf\u00e9.txt'],
  ['unicode NFD', 'cafe\u0301-nfd.txt'],
  ['an emoji', 'key-\u{1f511}.txt'],
  ['an escape sequence', 'esc\u001b[31mred\u001b[0m.txt'],
  ['a very long path', LONG_PATH],
];

function keyFor(index: number): string {
  return fakeAccessKeyId('AKIA', 3000 + index);
}

async function repoWithOddNames(stage: 'commit' | 'stage'): Promise<TestRepo> {
  const repo = await createRepo();
  // quotePath is git's default; set it anyway, since -z output must not depend on it.
  await repo.git.raw(['config', 'core.quotePath', 'true']);
  ODD_NAMES.forEach(([, name], index) => repo.write(name, `id=${keyFor(index)}\n`));

  if (stage === 'commit') {
    await repo.commit('odd names');
  } else {
    await repo.git.raw(['add', '--all']);
  }
  return repo;
}

interface JsonFinding {
  readonly ruleId: string;
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/** The planted keys' findings; other rules (repository hygiene) may report too. */
function findingsOf(stdout: string): JsonFinding[] {
  const { findings } = JSON.parse(stdout) as { findings: JsonFinding[] };
  return findings.filter((finding) => finding.ruleId === 'aws-access-key-id');
}

describe.each(['scan', 'staged', 'history'] as const)(
  'odd file names in `keyfence %s`',
  (command) => {
    test('every file is found once, under its exact name', async () => {
      const repo = await repoWithOddNames(command === 'staged' ? 'stage' : 'commit');

      const result = runBounded([command, '-f', 'json'], { cwd: repo.dir, env: repo.env });

      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      const paths = findingsOf(result.stdout).map((finding) => finding.path);
      expect(paths.sort()).toEqual(ODD_NAMES.map(([, name]) => name).sort());
    });

    test('the text report replaces control characters in names', async () => {
      const repo = await repoWithOddNames(command === 'staged' ? 'stage' : 'commit');

      const result = runBounded([command], { cwd: repo.dir, env: repo.env });

      expect(result.code).toBe(1);
      expect(result.stdout).not.toMatch(/[\u001b\r\u0007]/);
      expect(result.stdout).toContain('new\uFFFDline.txt');
      expect(result.stdout).toContain('esc\uFFFD[31mred\uFFFD[0m.txt');
    });
  },
);

describe('odd file names outside git', () => {
  test('every file is found once, under its exact name', () => {
    const dir = tempDir();
    ODD_NAMES.forEach(([, name], index) => {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), `id=${keyFor(index)}\n`);
    });
    writeFileSync(path.join(dir, 'line\u2028separator.txt'), `id=${keyFor(98)}\n`);

    const result = runBounded(['scan', '.', '-f', 'json'], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.stderr).toBe('');
    const paths = findingsOf(result.stdout).map((finding) => finding.path);
    const expected = [...ODD_NAMES.map(([, name]) => name), 'line\u2028separator.txt'];
    expect(paths.sort()).toEqual(expected.sort());
  });
});

describe('names that are not valid UTF-8', () => {
  const LATIN1_NAME = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "café.txt"

  test.each(['scan', 'staged'] as const)(
    '`keyfence %s` still reads and reports them',
    async (command) => {
      const repo = await createRepo();
      writeFileSync(
        Buffer.concat([Buffer.from(`${repo.dir}/`), LATIN1_NAME]),
        `id=${keyFor(99)}\n`,
      );
      await repo.git.raw(['add', '--all']);

      const result = runBounded([command, '-f', 'json'], { cwd: repo.dir, env: repo.env });

      expect(result.code).toBe(1);
      expect(findingsOf(result.stdout).map((finding) => finding.path)).toEqual(['caf\uFFFD.txt']);
    },
  );

  test('outside git, where the raw name is lost, the file is counted as unreadable, not clean', () => {
    const dir = tempDir();
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), LATIN1_NAME]), `id=${keyFor(99)}\n`);

    const result = runBounded(['scan', dir], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.stderr).toContain('not valid UTF-8');
    expect(result.stdout).toContain('1 unreadable');
    expect(result.code).toBe(2);
  });
});

describe('symbolic links are reported as links and never followed', () => {
  function outsideSecrets(): { file: string; dir: string } {
    const outside = tempDir('keyfence-outside-');
    mkdirSync(path.join(outside, 'dir'));
    writeFileSync(path.join(outside, 'secret.txt'), `id=${keyFor(200)}\n`);
    writeFileSync(path.join(outside, 'dir', 'deep.txt'), `id=${keyFor(201)}\n`);
    return { file: path.join(outside, 'secret.txt'), dir: path.join(outside, 'dir') };
  }

  test.each(['scan', 'staged'] as const)(
    '`keyfence %s` counts links and reads nothing outside',
    async (command) => {
      const repo = await createRepo();
      const outside = outsideSecrets();
      symlinkSync(outside.file, path.join(repo.dir, 'linked.txt'));
      symlinkSync(outside.dir, path.join(repo.dir, 'linked-dir'));
      symlinkSync('/dev/zero', path.join(repo.dir, 'zero'));
      symlinkSync('loop', path.join(repo.dir, 'loop'));
      await repo.git.raw(['add', '--all']);

      const result = runBounded([command, '-f', 'json'], { cwd: repo.dir, env: repo.env });
      const report = JSON.parse(result.stdout) as { stats: { skipped: { symlink: number } } };

      expect(result.code).not.toBe(2);
      expect(findingsOf(result.stdout)).toEqual([]);
      expect(report.stats.skipped.symlink).toBe(4);
    },
  );

  test('outside git, linked files and folders are not followed either', () => {
    const dir = tempDir();
    const outside = outsideSecrets();
    symlinkSync(outside.file, path.join(dir, 'linked.txt'));
    symlinkSync(outside.dir, path.join(dir, 'linked-dir'));
    symlinkSync('loop', path.join(dir, 'loop'));
    writeFileSync(path.join(dir, 'real.txt'), 'nothing\n');

    const result = runBounded(['scan', dir, '-f', 'json'], { cwd: dir, env: isolatedEnv(dir) });
    const report = JSON.parse(result.stdout) as { stats: { filesScanned: number } };

    expect(result.code).not.toBe(2);
    expect(findingsOf(result.stdout)).toEqual([]);
    expect(report.stats.filesScanned).toBe(1);
  });
});

describe('submodules are skipped with a note, not entered', () => {
  async function repoWithSubmodule(): Promise<TestRepo> {
    const inner = await createRepo();
    await inner.commit('inner key', { 'inner.txt': `id=${keyFor(300)}\n` });
    const repo = await createRepo();
    const add = ['-c', 'protocol.file.allow=always', 'submodule', 'add', '--quiet', inner.dir];
    gitIn(repo.dir, repo.env, [...add, 'vendor/sub']);
    return repo;
  }

  test.each(['scan', 'staged'] as const)(
    '`keyfence %s` notes the submodule and skips it',
    async (command) => {
      const repo = await repoWithSubmodule();

      const result = runBounded([command, '-f', 'json'], { cwd: repo.dir, env: repo.env });
      const report = JSON.parse(result.stdout) as { stats: { skipped: { submodule: number } } };

      expect(result.code).not.toBe(2);
      expect(findingsOf(result.stdout)).toEqual([]);
      expect(report.stats.skipped.submodule).toBe(1);
      expect(result.stderr).toContain('skipped submodule vendor/sub');
    },
  );

  test('a nested repository that is not a submodule is skipped the same way', async () => {
    const repo = await createRepo();
    await repo.commit('top', { 'top.txt': 'clean\n' });
    const nested = path.join(repo.dir, 'nested');
    mkdirSync(nested);
    gitIn(nested, repo.env, ['init', '--quiet']);
    writeFileSync(path.join(nested, 'n.txt'), `id=${keyFor(301)}\n`);

    const result = runBounded(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).not.toBe(2);
    expect(result.stderr).toContain('skipped submodule nested/');
  });
});
