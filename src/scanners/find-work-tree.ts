import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { Repository } from './repository.js';

/** Variables that move the repository or its work tree away from where `.git` is found. */
const RELOCATING_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
];

/** A `worktree = ...` line in .git/config, which puts the work tree somewhere else. */
const CORE_WORKTREE_RE = /^\s*worktree\s*=/im;

/**
 * Finds the repository around `cwd` from the file system alone, for the pre-commit path: in the
 * common layout, a `.git` folder in `cwd` or above, it answers what `git rev-parse` would, and
 * saves a git process on every commit. Anything else (a linked worktree or submodule, whose
 * `.git` is a file; GIT_DIR and its kin; `core.worktree`) returns undefined, and the caller asks
 * git, which knows every layout.
 */
export function findWorkTreeFast(
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Repository | undefined {
  if (RELOCATING_VARIABLES.some((name) => env[name] !== undefined)) {
    return undefined;
  }

  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const gitDir = path.join(dir, '.git');
    const kind = kindOf(gitDir);
    if (kind === 'directory') {
      const isShallow = existsSync(path.join(gitDir, 'shallow'));
      return isPlainLayout(gitDir) ? { root: dir, gitDir, isShallow } : undefined;
    }
    if (kind === 'other' || path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

function kindOf(file: string): 'directory' | 'other' | 'missing' {
  try {
    return statSync(file).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'missing';
  }
}

function isPlainLayout(gitDir: string): boolean {
  try {
    const config = readFileSync(path.join(gitDir, 'config'), 'utf8');
    return existsSync(path.join(gitDir, 'HEAD')) && !CORE_WORKTREE_RE.test(config);
  } catch {
    return false;
  }
}
