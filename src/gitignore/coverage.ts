import ignore, { type Ignore } from 'ignore';

/**
 * Decides whether git would ignore a path, given every ignore file of a repository, and whether
 * a list of required `.gitignore` entries is covered. `ignore` matches one file's patterns; this
 * module stacks the files the way git does:
 *
 * - each leading directory of a path is checked first, top down, and an excluded directory
 *   excludes everything below it (a negation cannot re-include a file inside it);
 * - for one path, the `.gitignore` nearest to it that has a matching pattern decides, whether
 *   that pattern ignores or re-includes; within a file the last matching pattern wins;
 * - `.git/info/exclude` is consulted after every `.gitignore`.
 *
 * The user's global excludes file (`core.excludesFile`) is deliberately left out: it lives on
 * one machine, so it protects nobody else who clones the repository.
 */

/** One ignore file and the folder its patterns are relative to. */
export interface IgnoreSource {
  /** Repository-relative folder, '' for the root (and for `.git/info/exclude`). */
  readonly folder: string;
  /** How findings name it: `app/.gitignore`, `.git/info/exclude`. */
  readonly label: string;
  readonly text: string;
}

export interface IgnoreVerdict {
  readonly ignored: boolean;
  /** The file whose pattern decided, when one matched. */
  readonly decidedBy?: string;
  /** Whether the deciding pattern was a negation (`!pattern`). */
  readonly reincluded: boolean;
}

interface LoadedSource extends IgnoreSource {
  readonly matcher: Ignore;
}

/** Matches paths against a repository's ignore files as git does; see the module comment. */
export interface IgnoreStack {
  check(path: string): IgnoreVerdict;
  /** Folders that hold a `.gitignore`, other than the root. */
  readonly nestedFolders: readonly string[];
}

/**
 * Builds the matcher for a set of `.gitignore` files and `.git/info/exclude`.
 *
 * @param gitignores every `.gitignore`, each with its folder
 * @param exclude the text of `.git/info/exclude`, if any
 * @param ignoreCase the repository's `core.ignorecase` (false on Linux by default)
 */
export function createIgnoreStack(
  gitignores: readonly IgnoreSource[],
  exclude: string | undefined,
  ignoreCase = false,
): IgnoreStack {
  const load = (source: IgnoreSource): LoadedSource => ({
    ...source,
    matcher: ignore({ ignorecase: ignoreCase }).add(source.text),
  });
  // Deepest folder first: the nearest file to a path is asked first.
  const stack = [...gitignores].sort((a, b) => depthOf(b.folder) - depthOf(a.folder)).map(load);
  if (exclude !== undefined) {
    stack.push(load({ folder: '', label: '.git/info/exclude', text: exclude }));
  }

  return {
    nestedFolders: gitignores.map((source) => source.folder).filter((folder) => folder !== ''),
    check: (path) => checkPath(stack, path, ignoreCase),
  };
}

function checkPath(
  stack: readonly LoadedSource[],
  path: string,
  ignoreCase: boolean,
): IgnoreVerdict {
  const segments = path.split('/');
  let last: IgnoreVerdict = { ignored: false, reincluded: false };

  for (let index = 1; index <= segments.length; index++) {
    const prefix = segments.slice(0, index).join('/');
    const isDirectory = index < segments.length;
    last = decide(stack, prefix, isDirectory, ignoreCase);
    if (last.ignored) {
      return last;
    }
  }
  return last;
}

/** The verdict on one path itself, its leading directories being known not to be excluded. */
function decide(
  stack: readonly LoadedSource[],
  prefix: string,
  isDirectory: boolean,
  ignoreCase: boolean,
): IgnoreVerdict {
  for (const source of stack) {
    if (source.folder !== '' && !prefix.startsWith(`${source.folder}/`)) {
      continue;
    }
    const relative = source.folder === '' ? prefix : prefix.slice(source.folder.length + 1);
    const result = testOwn(source, relative, isDirectory, ignoreCase);
    if (result.ignored || result.unignored) {
      return { ignored: result.ignored, decidedBy: source.label, reincluded: result.unignored };
    }
  }
  return { ignored: false, reincluded: false };
}

/**
 * What one file's own patterns say about `relative`, ignoring what they say about its parent
 * folders. `ignore` always applies a file's verdict on the parents too; that is wrong here when
 * a nearer `.gitignore` re-included a parent this file excludes (git asked the nearer file
 * first for that parent). In that case the parents are re-included explicitly, in a copy.
 */
function testOwn(
  source: LoadedSource,
  relative: string,
  isDirectory: boolean,
  ignoreCase: boolean,
): { ignored: boolean; unignored: boolean } {
  const target = isDirectory ? `${relative}/` : relative;
  const parents = parentsOf(relative);
  if (!parents.some((parent) => source.matcher.test(`${parent}/`).ignored)) {
    return source.matcher.test(target);
  }

  const reincluded = parents.map((parent) => `!/${escapePattern(parent)}/`);
  return ignore({ ignorecase: ignoreCase }).add(source.text).add(reincluded).test(target);
}

/** `a/b/c` has the parents `a` and `a/b`. */
function parentsOf(relative: string): string[] {
  const segments = relative.split('/');
  return segments.slice(1).map((_, index) => segments.slice(0, index + 1).join('/'));
}

/** Glob characters and a leading `#`/`!` made literal. Matches `a\*b` for the name `a*b`. */
const SPECIAL_RE = /[\\*?[\]]|^[#!]/g;

function escapePattern(literal: string): string {
  return literal.replace(SPECIAL_RE, (char) => `\\${char}`);
}

function depthOf(folder: string): number {
  return folder === '' ? 0 : folder.split('/').length;
}
