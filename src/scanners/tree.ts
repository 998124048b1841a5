import { lstatSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { FileInput } from '../engine/engine.js';
import { KeyfenceError, usageError } from '../errors.js';
import { debugFor, info, warn } from '../log.js';
import type { FileSet } from './file-set.js';
import { git, splitNul } from './git.js';
import { listPlainFiles } from './plain-files.js';
import { findRepository, type Repository } from './repository.js';

const debug = debugFor('tree');

/** Where a tree scan happens: its root, its repository if any, and what to list under it. */
export interface TreeLocation {
  readonly root: string;
  readonly repository: Repository | undefined;
  /** Root-relative targets; '' stands for the root itself. */
  readonly targets: readonly string[];
}

export interface TreeOptions {
  readonly location: TreeLocation;
  readonly maxFileSize: number;
  /** Repository-relative paths that must not be read at all (the config's allowed paths). */
  readonly isExcluded: (relativePath: string) => boolean;
}

/**
 * Resolves the command line's paths: the repository containing the first of them is the root,
 * or, outside git, the first path itself (its folder, for a file).
 *
 * @param targets what the user named; the current directory when empty
 */
export async function locateTree(cwd: string, targets: readonly string[]): Promise<TreeLocation> {
  const absolute = resolveTargets(cwd, targets);
  const first = absolute[0] ?? cwd;
  const probe = statSync(first).isDirectory() ? first : path.dirname(first);
  const repository = await findRepository(probe);
  const root = repository?.root ?? probe;

  const relative = absolute.map((target) => toPosix(path.relative(root, target)));
  if (relative.some((entry) => entry.startsWith('../') || entry === '..' || path.isAbsolute(entry))) {
    throw usageError(
      'all paths of one scan must lie in the same repository',
      'Run keyfence once per repository.',
    );
  }
  return { root, repository, targets: relative };
}

/**
 * The working tree as git would commit it: tracked files plus untracked files that are not
 * ignored. Outside a repository, every file under the targets minus what their `.gitignore`
 * files exclude.
 */
export async function listTree(options: TreeOptions): Promise<FileSet> {
  const { root, repository, targets } = options.location;
  const listed = repository ? await listGitFiles(root, targets) : await listPlainFiles(root, targets);
  const paths = listed.filter((entry) => !options.isExcluded(entry)).sort();
  debug(`${paths.length} files listed under ${root} (${listed.length - paths.length} excluded)`);

  return {
    root,
    gitDir: repository?.gitDir,
    paths,
    allPaths: () => Promise.resolve(paths),
    read: async (onFile) => {
      for (const entry of paths) {
        const file = readWorkTreeFile(root, entry, options.maxFileSize);
        if (file) {
          onFile(file);
        }
      }
    },
    readText: (entry) => readOptionalText(path.join(root, entry)),
  };
}

function resolveTargets(cwd: string, given: readonly string[]): string[] {
  const targets = given.length > 0 ? given : ['.'];

  return targets.map((target) => {
    const absolute = path.resolve(cwd, target);
    try {
      statSync(absolute);
    } catch {
      throw usageError(`no such file or directory: ${target}`, 'Check the path and try again.');
    }
    return absolute;
  });
}

/** `--literal-pathspecs`: a file named `*.env` means that file, not a glob. */
async function listGitFiles(root: string, pathspecs: readonly string[]): Promise<string[]> {
  const specs = pathspecs.filter((spec) => spec !== '');
  const args = ['--literal-pathspecs', 'ls-files', '-z', '--cached', '--others'];
  args.push('--exclude-standard', '--deduplicate', '--full-name', '--', ...specs);
  return splitNul(await git(args, root));
}

/**
 * Reads one listed file, or says why it was not read. Undefined for a tracked file deleted from
 * the work tree: git would commit the deletion, so there is nothing to scan.
 */
function readWorkTreeFile(root: string, entry: string, maxFileSize: number): FileInput | undefined {
  const absolute = path.join(root, entry);
  let stats;
  try {
    stats = lstatSync(absolute);
  } catch {
    return undefined;
  }

  if (stats.isSymbolicLink()) {
    return { path: entry, skipped: 'symlink' };
  }
  if (stats.isDirectory()) {
    info(`skipped submodule ${entry}: scan it on its own with \`keyfence scan ${entry}\``);
    return { path: entry, skipped: 'submodule' };
  }
  if (stats.size > maxFileSize) {
    return { path: entry, skipped: 'too-large' };
  }

  try {
    return { path: entry, bytes: readFileSync(absolute) };
  } catch (cause) {
    warn(`could not read ${entry}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`);
    return { path: entry, skipped: 'unreadable' };
  }
}

async function readOptionalText(absolute: string): Promise<string | undefined> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new KeyfenceError('input', `could not read ${absolute}: ${(cause as Error).message}`);
  }
}

export function toPosix(entry: string): string {
  return entry.split(path.sep).join('/');
}
