import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { findWorkTreeFast } from '../../src/scanners/find-work-tree.js';
import { findRepository } from '../../src/scanners/repository.js';
import { createRepo, tempDir, type TestRepo } from '../helpers/git.js';

function git(repo: TestRepo, args: readonly string[], cwd = repo.dir): void {
  const result = spawnSync('git', args, { cwd, env: repo.env, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
}

describe('findWorkTreeFast', () => {
  test('answers what git rev-parse answers, from the root and from a subfolder', async () => {
    const repo = await createRepo();
    await repo.commit('first', { 'deep/er/file.txt': 'x\n' });

    for (const cwd of [repo.dir, path.join(repo.dir, 'deep/er')]) {
      expect(findWorkTreeFast(cwd, {})).toEqual(await findRepository(cwd));
    }
  });

  test('sees a shallow clone as git does', async () => {
    const origin = await createRepo();
    await origin.commit('one', { 'a.txt': 'a\n' });
    await origin.commit('two', { 'b.txt': 'b\n' });
    const clone = await createRepo({ init: false });
    git(clone, ['clone', '--quiet', '--depth', '1', `file://${origin.dir}`, '.']);

    expect(findWorkTreeFast(clone.dir, {})).toEqual(await findRepository(clone.dir));
    expect(findWorkTreeFast(clone.dir, {})?.isShallow).toBe(true);
  });

  test.each([
    ['GIT_DIR is set', { GIT_DIR: '/elsewhere/.git' }],
    ['GIT_WORK_TREE is set', { GIT_WORK_TREE: '/elsewhere' }],
  ])('leaves the answer to git when %s', async (_, env) => {
    const repo = await createRepo();

    expect(findWorkTreeFast(repo.dir, env)).toBeUndefined();
  });

  test('leaves a linked worktree, whose .git is a file, to git', async () => {
    const repo = await createRepo();
    await repo.commit('first', { 'a.txt': 'a\n' });
    const linked = path.join(tempDir(), 'linked');
    git(repo, ['worktree', 'add', '--quiet', linked]);

    expect(findWorkTreeFast(linked, {})).toBeUndefined();
  });

  test('leaves core.worktree to git', async () => {
    const repo = await createRepo();
    git(repo, ['config', 'core.worktree', repo.dir]);

    expect(findWorkTreeFast(repo.dir, {})).toBeUndefined();
  });

  test('finds nothing outside a repository', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'sub'));

    expect(findWorkTreeFast(path.join(dir, 'sub'), {})).toBeUndefined();
  });
});
