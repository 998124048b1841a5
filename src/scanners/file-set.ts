import type { FileInput } from '../engine/engine.js';

/**
 * What a scanner produces: the set of files a scan is about, and a way to read them. The
 * orchestrator feeds the files to the engine and hands the set to repository rules, so a
 * scanner knows nothing about rules.
 */
export interface FileSet {
  /** Absolute path of the scanned root: the repository's top level inside git. */
  readonly root: string;
  /** Absolute `.git` directory when the root is inside a git repository. */
  readonly gitDir: string | undefined;
  /** The files to scan, repository-relative with `/` separators, sorted. */
  readonly paths: readonly string[];
  /** Every path the repository holds in this view (the whole index for a staged scan). */
  allPaths(): Promise<readonly string[]>;
  /** Reads each of `paths` and passes it on; skipped files arrive with a reason. */
  read(onFile: (file: FileInput) => void): Promise<void>;
  /** Reads one file's text as this view sees it; undefined when it does not exist. */
  readText(path: string): Promise<string | undefined>;
}
