import { describe, expect, test } from 'vitest';

import { runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo } from '../helpers/git.js';

const KEY = fakeAccessKeyId('AKIA', 201);
const OTHER_KEY = fakeAccessKeyId('AKIA', 202);

interface JsonFinding {
  path: string;
  line: number;
  column: number;
  ruleId: string;
}

function findingsOf(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

describe('keyfence staged', () => {
  test('reports the staged content even after the work-tree copy was cleaned', async () => {
    const repo = await createRepo();
    repo.write('app.py', `import os\nKEY = "${KEY}"\n`);
    await repo.git.add('app.py');
    repo.write('app.py', 'import os\nKEY = os.environ["KEY"]\n');

    const result = runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(findingsOf(result.stdout)).toMatchObject([{ path: 'app.py', line: 2, column: 8 }]);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  test('ignores a secret that exists only in the work tree', async () => {
    const repo = await createRepo();
    await repo.commit('base', { 'app.py': 'KEY = None\n' });
    repo.write('app.py', 'KEY = None  # changed\n');
    await repo.git.add('app.py');
    repo.write('app.py', `KEY = "${KEY}"\n`);
    repo.write('untracked.txt', `${OTHER_KEY}\n`);

    const result = runCli(['staged'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 file scanned');
  });

  test('scans only the staged paths, not the whole index', async () => {
    const repo = await createRepo();
    await repo.commit('old key', { 'old.txt': `${OTHER_KEY}\n` });
    repo.write('new.txt', `${KEY}\n`);
    await repo.git.add('new.txt');

    const result = runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(findingsOf(result.stdout).map((finding) => finding.path)).toEqual(['new.txt']);
  });

  test('skips deleted files', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'leak.txt': `${KEY}\n`, 'keep.txt': 'ok\n' });
    await repo.git.rm('leak.txt');

    const result = runCli(['staged'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 files scanned');
  });

  test('sees a rename under its new name', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'notes.txt': `${KEY}\n` });
    await repo.git.mv('notes.txt', 'moved.txt');

    const result = runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(findingsOf(result.stdout).map((finding) => finding.path)).toEqual(['moved.txt']);
  });

  test('works before the first commit', async () => {
    const repo = await createRepo();
    repo.write('first.txt', `${KEY}\n`);
    await repo.git.add('first.txt');

    const result = runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(findingsOf(result.stdout)).toMatchObject([{ path: 'first.txt', line: 1, column: 1 }]);
  });

  test('works from a subfolder and reports repository-relative paths', async () => {
    const repo = await createRepo();
    repo.write('deep/er/file name.txt', `x ${KEY}\n`);
    await repo.git.add('.');

    const result = runCli(['staged', '--format', 'json'], {
      cwd: `${repo.dir}/deep`,
      env: repo.env,
    });

    expect(findingsOf(result.stdout)).toMatchObject([{ path: 'deep/er/file name.txt', column: 3 }]);
  });

  test('skips binary blobs and counts them', async () => {
    const repo = await createRepo();
    repo.write('blob.bin', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(KEY)]));
    await repo.git.add('blob.bin');

    const result = runCli(['staged'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 skipped (1 binary)');
  });

  test('reads many staged files in one batch with the right paths', async () => {
    const repo = await createRepo();
    for (let index = 0; index < 25; index++) {
      repo.write(
        `files/f${String(index).padStart(2, '0')}.txt`,
        index === 17 ? `${KEY}\n` : `clean ${index}\n`,
      );
    }
    await repo.git.add('.');

    const result = runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(findingsOf(result.stdout).map((finding) => finding.path)).toEqual(['files/f17.txt']);
  });
});
