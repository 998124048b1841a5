import type { FileInput } from '../engine/engine.js';
import { KeyfenceError } from '../errors.js';
import { debugFor, info } from '../log.js';
import { readObjects, startObjectReader, type ObjectReader } from './cat-file.js';
import type { FileSet } from './file-set.js';
import { git, runGit, splitNul } from './git.js';
import type { Repository } from './repository.js';

const debug = debugFor('staged');

export interface StagedOptions {
  readonly repository: Repository;
  readonly maxFileSize: number;
  readonly isExcluded: (relativePath: string) => boolean;
  /** What {@link prefetchStaged} started while the repository was being found. */
  readonly prefetched?: PrefetchedStaged;
}

/** One staged change: the new content's blob and its mode. */
export interface StagedEntry {
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
  const listed = (await options.prefetched?.entries) ?? (await diffCached(root));
  const entries = listed.filter((entry) => !options.isExcluded(entry.path));
  debug(`${entries.length} staged paths`);

  return {
    root,
    gitDir: repository.gitDir,
    paths: entries.map((entry) => entry.path),
    allPaths: async () => splitNul(await git(['ls-files', '-z', '--full-name'], root)),
    read: (onFile) =>
      readStaged(root, entries, options.maxFileSize, onFile, options.prefetched?.reader),
    readText: (path) => readIndexText(root, path),
  };
}

/** The staged listing and the object reader, started before the repository's root is known. */
export interface PrefetchedStaged {
  /** Undefined when git failed: {@link listStaged} then lists again and reports the error. */
  readonly entries: Promise<readonly StagedEntry[] | undefined>;
  readonly reader: ObjectReader;
}

/**
 * Starts listing the staged changes, and the process that will read their content, from any
 * folder of the work tree while the repository's root is still being found: on every commit the
 * hook then waits for one git start-up instead of three in a row.
 */
export function prefetchStaged(cwd: string): PrefetchedStaged {
  // --no-relative keeps the paths relative to the root even where diff.relative is set.
  const entries = runGit([...DIFF_CACHED_ARGS, '--no-relative'], cwd).then(
    (result) => (result.code === 0 ? parseRawDiff(result.stdout) : undefined),
    () => undefined,
  );
  return { entries, reader: startObjectReader(cwd) };
}

const DIFF_CACHED_ARGS = [
  'diff',
  '--cached',
  '--raw',
  '-z',
  '--no-renames',
  '--no-abbrev',
  '--diff-filter=ACMT',
  '--no-ext-diff',
];

async function diffCached(root: string): Promise<StagedEntry[]> {
  return parseRawDiff(await git(DIFF_CACHED_ARGS, root));
}

function parseRawDiff(output: Buffer): StagedEntry[] {
  const fields = splitNul(output);
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
  reader: ObjectReader | undefined,
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
    reader,
  );
}

async function readIndexText(root: string, path: string): Promise<string | undefined> {
  const result = await runGit(['cat-file', 'blob', `:${path}`], root);
  return result.code === 0 ? result.stdout.toString('utf8') : undefined;
}
