import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { RepositoryContext } from '../engine/types.js';
import type { IgnoreSource } from './coverage.js';

/** Everything git reads to decide what a repository ignores, as keyfence sees it. */
export interface IgnoreInputs {
  readonly gitignores: readonly IgnoreSource[];
  readonly exclude: string | undefined;
  readonly ignoreCase: boolean;
  /** Whether the repository has a root `.gitignore` at all. */
  readonly hasRoot: boolean;
}

/** `core.ignorecase = true` in a git config file (git writes it on case-folding file systems). */
const IGNORE_CASE_RE = /^\s*ignorecase\s*=\s*true\s*$/im;

/**
 * Reads the `.gitignore` files of the scanned view (the index for a staged scan, the work tree
 * otherwise) and `.git/info/exclude`. The root file is read even when the scan was limited to
 * some paths, since it applies to all of them.
 */
export async function readIgnoreInputs(repo: RepositoryContext): Promise<IgnoreInputs> {
  const nested = repo.paths.filter((entry) => entry.endsWith('/.gitignore'));
  const folders = ['', ...nested.map((entry) => entry.slice(0, -'/.gitignore'.length))];
  const gitignores: IgnoreSource[] = [];

  for (const folder of folders) {
    const label = folder === '' ? '.gitignore' : `${folder}/.gitignore`;
    const text = await repo.readText(label);
    if (text !== undefined) {
      gitignores.push({ folder, label, text });
    }
  }

  const commonDir = repo.gitDir ? await commonDirOf(repo.gitDir) : undefined;
  const readGitFile = (name: string): Promise<string | undefined> =>
    commonDir ? readOptional(path.join(commonDir, name)) : Promise.resolve(undefined);
  const exclude = await readGitFile(path.join('info', 'exclude'));
  const config = await readGitFile('config');
  return {
    gitignores,
    exclude,
    ignoreCase: IGNORE_CASE_RE.test(config ?? ''),
    hasRoot: gitignores.some((source) => source.folder === ''),
  };
}

/**
 * A linked work tree's git directory (`.git/worktrees/<name>`) keeps `info/exclude` and the
 * config in the main repository's directory, which its `commondir` file names.
 */
async function commonDirOf(gitDir: string): Promise<string> {
  const pointer = await readOptional(path.join(gitDir, 'commondir'));
  return pointer === undefined ? gitDir : path.resolve(gitDir, pointer.trim());
}

// Synchronous: these are small files, and node:fs/promises alone costs the pre-commit hook
// 2 ms to load.
async function readOptional(file: string): Promise<string | undefined> {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // A missing or unreadable exclude file means git reads nothing from it either.
    return undefined;
  }
}
