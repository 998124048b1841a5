import type { FileInput } from '../engine/engine.js';
import { KeyfenceError } from '../errors.js';
import { debugFor, info } from '../log.js';
import { readObjects } from './cat-file.js';
import type { FileSet } from './file-set.js';
import { git, runGit, splitNul } from './git.js';
import type { Repository } from './repository.js';

const debug = debugFor('staged');

export interface StagedOptions {
  readonly repository: Repository;
  readonly maxFileSize: number;
  readonly isExcluded: (relativePath: string) => boolean;
}

/** One staged change: the new content's blob and its mode. */
interface StagedEntry {
  readonly path: string;
  readonly mode: string;
  readonly sha: string;
}

/** Git file modes (see `git help index-format`): links and submodules have no text to scan. */
const MODE_SYMLINK = '120000';
const MODE_SUBMODULE = '160000';

/**
 * The staged changes: what the index holds for every path added, copied, modified or changed in
 * type since HEAD (or since nothing, before the first commit). Content comes from the index, not
 * the work tree, because that is what the commit will contain. Renames are listed as their new
 * path, so a file renamed to `.env` is seen as a new `.env`. Deleted paths are left out.
 */
export async function listStaged(options: StagedOptions): Promise<FileSet> {
  const { repository } = options;
  const root = repository.root;
  const entries = (await diffCached(root)).filter((entry) => !options.isExcluded(entry.path));
  debug(`${entries.length} staged paths`);

  return {
    root,
    gitDir: repository.gitDir,
    paths: entries.map((entry) => entry.path),
    allPaths: async () => splitNul(await git(['ls-files', '-z', '--full-name'], root)),
    read: (onFile) => readStaged(root, entries, options.maxFileSize, onFile),
    readText: (path) => readIndexText(root, path),
  };
}

async function diffCached(root: string): Promise<StagedEntry[]> {
  const args = ['diff', '--cached', '--raw', '-z', '--no-renames', '--no-abbrev'];
  const fields = splitNul(await git([...args, '--diff-filter=ACMT', '--no-ext-diff'], root));
  const entries: StagedEntry[] = [];

  // -z --raw prints ":<old mode> <new mode> <old sha> <new sha> <status>" then the path.
  for (let index = 0; index + 1 < fields.length; index += 2) {
    const [, mode = '', , sha = ''] = (fields[index] ?? '').slice(1).split(' ');
    entries.push({ path: fields[index + 1] ?? '', mode, sha });
  }

  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function readStaged(
  root: string,
  entries: readonly StagedEntry[],
  maxFileSize: number,
  onFile: (file: FileInput) => void,
): Promise<void> {
  const blobs: StagedEntry[] = [];

  for (const entry of entries) {
    if (entry.mode === MODE_SUBMODULE) {
      info(`skipped submodule ${entry.path}: its own repository is scanned on its own`);
      onFile({ path: entry.path, skipped: 'submodule' });
    } else if (entry.mode === MODE_SYMLINK) {
      onFile({ path: entry.path, skipped: 'symlink' });
    } else {
      blobs.push(entry);
    }
  }

  let next = 0;
  await readObjects(
    root,
    blobs.map((entry) => entry.sha),
    maxFileSize,
    (object) => {
      const path = blobs[next]?.path ?? object.name;
      next += 1;
      if (object.kind === 'missing') {
        // The index names this blob, so git must have it: a corrupt or truncated object store.
        // Counting it as skipped would let the commit through as clean.
        throw new KeyfenceError(
          'git',
          `the staged content of ${path} (${object.name}) cannot be read from the repository`,
          'The repository may be corrupt: run `git fsck`, then stage the file again.',
        );
      }
      if (object.kind === 'blob') {
        onFile({ path, bytes: object.bytes });
      } else {
        onFile({ path, skipped: 'too-large' });
      }
    },
  );
}

async function readIndexText(root: string, path: string): Promise<string | undefined> {
  const result = await runGit(['cat-file', 'blob', `:${path}`], root);
  return result.code === 0 ? result.stdout.toString('utf8') : undefined;
}
