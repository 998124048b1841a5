import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

import {
  createIgnoreStack,
  type IgnoreSource,
  type IgnoreStack,
} from '../../src/gitignore/coverage.js';
import { createRepo, type TestRepo } from '../helpers/git.js';

/** Where `.git/info/exclude` goes in a case's file map. */
export const EXCLUDE = '.git/info/exclude';

/** Ignore files by repository path: `.gitignore`, `app/.gitignore`, {@link EXCLUDE}. */
export type IgnoreFiles = Readonly<Record<string, string>>;

/** Our matcher over the same files git would read. */
export function stackOf(files: IgnoreFiles): IgnoreStack {
  const gitignores: IgnoreSource[] = Object.entries(files)
    .filter(([file]) => file !== EXCLUDE)
    .map(([file, text]) => {
      const folder = path.posix.dirname(file);
      return { folder: folder === '.' ? '' : folder, label: file, text };
    });
  return createIgnoreStack(gitignores, files[EXCLUDE]);
}

let shared: Promise<TestRepo> | undefined;
let written: string[] = [];

/**
 * Asks git which of `paths` it ignores, in a repository holding exactly `files`. One repository
 * serves a whole test file (tests in a file run one after another): each call removes what the
 * previous one wrote, which is much cheaper than a `git init` per row. The paths need not
 * exist: `git check-ignore` matches path names.
 */
export async function gitIgnored(
  files: IgnoreFiles,
  paths: readonly string[],
): Promise<Set<string>> {
  shared ??= createRepo();
  const repo = await shared;
  for (const file of written) {
    rmSync(path.join(repo.dir, file), { force: true });
  }
  written = Object.keys(files);
  repo.write(EXCLUDE, '');
  for (const [file, text] of Object.entries(files)) {
    repo.write(file, text);
  }

  const result = spawnSync('git', ['check-ignore', '--stdin', '-z'], {
    cwd: repo.dir,
    env: repo.env,
    input: paths.map((entry) => `${entry}\0`).join(''),
    encoding: 'utf8',
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`git check-ignore failed: ${result.stderr}`);
  }
  return new Set(result.stdout.split('\0').filter((entry) => entry !== ''));
}
