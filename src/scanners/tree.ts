import { lstatSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { FileInput } from '../engine/engine.js';
import { KeyfenceError, usageError } from '../errors.js';
import { debugFor, info, warn } from '../log.js';
import type { FileSet } from './file-set.js';
import { git, splitNulBytes } from './git.js';
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
  if (
    relative.some((entry) => entry.startsWith('../') || entry === '..' || path.isAbsolute(entry))
  ) {
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
  const rawNames = new Map<string, Buffer>();
  const listed = repository
    ? await listGitFiles(root, targets, rawNames)
    : await listPlainFiles(root, targets);
  const paths = listed.filter((entry) => !options.isExcluded(entry)).sort();
  const fsPath = (entry: string): string | Buffer => {
    const raw = rawNames.get(entry);
    return raw ? Buffer.concat([Buffer.from(`${root}${path.sep}`), raw]) : path.join(root, entry);
  };
  debug(`${paths.length} files listed under ${root} (${listed.length - paths.length} excluded)`);

  return {
    root,
    gitDir: repository?.gitDir,
    paths,
    allPaths: () => Promise.resolve(paths),
    read: async (onFile) => {
      for (const entry of paths) {
        const file = readWorkTreeFile(fsPath(entry), entry, options.maxFileSize);
        if (file) {
          onFile(file);
        }
      }
    },
    readText: (entry) => readOptionalText(fsPath(entry)),
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

/**
 * `--literal-pathspecs`: a file named `*.env` means that file, not a glob. Names that are not
 * valid UTF-8 are reported with U+FFFD and read by their bytes, kept in `rawNames`, so a key in
 * a Latin-1 named file is still found.
 */
async function listGitFiles(
  root: string,
  pathspecs: readonly string[],
  rawNames: Map<string, Buffer>,
): Promise<string[]> {
  const specs = pathspecs.filter((spec) => spec !== '');
  const args = ['--literal-pathspecs', 'ls-files', '-z', '--cached', '--others'];
  args.push('--exclude-standard', '--deduplicate', '--full-name', '--', ...specs);

  return splitNulBytes(await git(args, root)).map((raw) => {
    const entry = raw.toString('utf8');
    if (!Buffer.from(entry, 'utf8').equals(raw)) {
      rawNames.set(entry, raw);
    }
    return entry;
  });
}

/**
 * Reads one listed file, or says why it was not read. Undefined for a tracked file deleted from
 * the work tree: git would commit the deletion, so there is nothing to scan.
 */
function readWorkTreeFile(
  absolute: string | Buffer,
  entry: string,
  maxFileSize: number,
): FileInput | undefined {
  let stats;
  try {
    stats = lstatSync(absolute);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') {
      return missingFile(entry);
    }
    // EACCES on a folder on the way: the file is there, it cannot be read, and it is not clean.
    warn(`could not read ${entry}: ${code}`);
    return { path: entry, skipped: 'unreadable' };
  }

  if (stats.isSymbolicLink()) {
    return { path: entry, skipped: 'symlink' };
  }
  if (stats.isDirectory()) {
    info(`skipped submodule ${entry}: scan it on its own with \`keyfence scan ${entry}\``);
    return { path: entry, skipped: 'submodule' };
  }
  if (!stats.isFile()) {
    // A FIFO or a device node: reading one blocks forever or never ends (a hostile tarball can
    // hold a pipe named config.yml), and git itself never commits one.
    info(`skipped ${entry}: not a regular file`);
    return { path: entry, skipped: 'unreadable' };
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

/**
 * A listed file that is gone. Inside git that is a deleted tracked file, with nothing to scan.
 * A name with U+FFFD is one that could not be decoded, so it could not be opened (outside git
 * the listing has no raw bytes): say so rather than pass it silently as clean.
 */
function missingFile(entry: string): FileInput | undefined {
  if (!entry.includes('\uFFFD')) {
    return undefined;
  }
  warn(`could not read ${entry}: its name is not valid UTF-8`);
  return { path: entry, skipped: 'unreadable' };
}

// Synchronous, like the reads of file contents above: these are small text files, and
// node:fs/promises alone costs the pre-commit hook 2 ms to load.
async function readOptionalText(absolute: string | Buffer): Promise<string | undefined> {
  try {
    return readFileSync(absolute, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    const reason = (cause as Error).message;
    throw new KeyfenceError('input', `could not read ${String(absolute)}: ${reason}`);
  }
}

export function toPosix(entry: string): string {
  return entry.split(path.sep).join('/');
}
