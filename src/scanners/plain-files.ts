import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Ignore } from 'ignore';

import { KeyfenceError } from '../errors.js';
import { debugFor } from '../log.js';

const debug = debugFor('plain-files');

/**
 * Lists files outside git: everything under the targets, minus what the `.gitignore` files of
 * the tree exclude, each applying to its own folder and below as in git. `.git` folders are
 * never listed, symbolic links are listed (and later skipped as links) but never followed.
 * ignore is loaded here, on first use, so that scans inside a repository do not pay for it.
 *
 * @param root absolute directory the returned paths are relative to
 * @param targets root-relative targets; '' is the root itself
 */
export async function listPlainFiles(root: string, targets: readonly string[]): Promise<string[]> {
  const { default: ignore } = await import('ignore');

  const files = walk(root);
  const matchers = new Map<string, Ignore>();

  for (const entry of files.filter((file) => path.posix.basename(file) === '.gitignore')) {
    const folder = path.posix.dirname(entry);
    const rules = readIgnoreFile(path.join(root, entry));
    matchers.set(folder === '.' ? '' : folder, ignore().add(rules));
  }

  const kept = files.filter(
    (entry) => isUnderTargets(entry, targets) && !isIgnored(entry, matchers),
  );
  debug(`${kept.length} of ${files.length} files kept, ${matchers.size} .gitignore files`);
  return kept;
}

/**
 * Every entry under `root` that is not a folder, root-relative with `/`. A plain walk rather
 * than a glob: fast-glob's `**` silently leaves out names with a newline, a carriage return or
 * U+2028 (its patterns are regexes whose `.` stops at line ends), and a file named "a\nb.env"
 * would then never be scanned.
 */
function walk(root: string): string[] {
  const files: string[] = [];
  const pending: string[] = [''];

  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries;
    try {
      entries = readdirSync(path.join(root, folder), { withFileTypes: true });
    } catch (cause) {
      throw unreadableFolder(cause);
    }
    for (const entry of entries) {
      const relative = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.name === '.git') {
        continue;
      }
      if (entry.isDirectory()) {
        pending.push(relative);
      } else {
        files.push(relative);
      }
    }
  }
  return files;
}

/**
 * A `.gitignore` as git reads it: a regular file only. Git does not follow a symbolic link
 * named `.gitignore`, and a FIFO or folder by that name would block or fail the read.
 */
function readIgnoreFile(absolute: string): string {
  try {
    return lstatSync(absolute).isFile() ? readFileSync(absolute, 'utf8') : '';
  } catch {
    return '';
  }
}

/**
 * A folder the walk cannot enter. Skipping it quietly would report its files as clean, so the
 * scan stops with a message naming it.
 */
function unreadableFolder(cause: unknown): unknown {
  const error = cause as NodeJS.ErrnoException;
  if (error.code !== 'EACCES' && error.code !== 'EPERM') {
    return cause;
  }
  return new KeyfenceError(
    'input',
    `cannot read the folder ${error.path ?? ''}: permission denied`,
    'Scan as a user who can read every folder, or name readable paths only.',
  );
}

function isUnderTargets(entry: string, targets: readonly string[]): boolean {
  return targets.some(
    (target) => target === '' || entry === target || entry.startsWith(`${target}/`),
  );
}

/**
 * Git's precedence: the `.gitignore` nearest to the file decides first, so a `!keep.env` in a
 * sub-folder re-includes what the root file excludes. A matcher that neither ignores nor
 * re-includes the path passes the question up to the next folder.
 */
function isIgnored(entry: string, matchers: ReadonlyMap<string, Ignore>): boolean {
  const nearestFirst = [...matchers.keys()].sort((a, b) => b.length - a.length);

  for (const folder of nearestFirst) {
    if (folder !== '' && !entry.startsWith(`${folder}/`)) {
      continue;
    }
    const relative = folder === '' ? entry : entry.slice(folder.length + 1);
    const verdict = matchers.get(folder)?.test(relative);
    if (verdict?.ignored) {
      return true;
    }
    if (verdict?.unignored) {
      return false;
    }
  }
  return false;
}
