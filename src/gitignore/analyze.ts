import { createIgnoreStack, type IgnoreSource, type IgnoreStack } from './coverage.js';
import { appendEntries } from './fix.js';

/**
 * A folder name no project uses, standing for "some sub-folder": an entry like `.env` must keep
 * `.env` out of every folder, not only the root, and a folder a project really has might be
 * ignored as a whole, which would make the entry look covered when it is not.
 */
export const PROBE_FOLDER = 'keyfence-probe';

/** The file name put inside a directory entry (`logs/` stands for `logs/x`). */
const PROBE_NAME = 'x';

/** A required entry the ignore rules do not cover, with one path git would not ignore. */
export interface MissingEntry {
  readonly entry: string;
  readonly example: string;
  /** The ignore file whose negation re-includes `example`, when that is the cause. */
  readonly reincludedBy?: string;
}

/**
 * The paths an entry stands for. An entry is covered when git ignores every one of them:
 *
 * - a pattern without a slash other than a trailing one (`.env`, `*.log`) applies in every
 *   folder, so it stands for its name at the root, in {@link PROBE_FOLDER} and in every folder
 *   that has its own `.gitignore` (where a negation could re-include it);
 * - a pattern with a slash inside or in front (`.aws/credentials`, `/.env`) is relative to the
 *   root, so it stands for that one path; `**` + `/` in front makes it apply in every folder;
 * - a trailing slash (`logs/`) means a directory, so it stands for a file inside it (`logs/x`);
 * - wildcards are filled in: `*` and `?` with `x`, a class `[ab]` with its first character.
 *
 * @example
 * representativesOf('*.env', []) // ['x.env', 'keyfence-probe/x.env']
 */
export function representativesOf(entry: string, nestedFolders: readonly string[]): string[] {
  let pattern = entry.trim();
  const isDirectory = pattern.endsWith('/');
  pattern = pattern.replace(/\/+$/, '');
  const isEverywhere = pattern.startsWith('**/');
  if (isEverywhere) {
    pattern = pattern.slice(3);
  }
  const isAnchored = !isEverywhere && (pattern.startsWith('/') || pattern.includes('/'));

  const sample = fillWildcards(pattern.replace(/^\/+/, ''));
  const suffix = isDirectory ? `/${PROBE_NAME}` : '';
  const folders = isAnchored ? [''] : ['', PROBE_FOLDER, ...nestedFolders];
  return [...new Set(folders.map((folder) => (folder ? `${folder}/` : '') + sample + suffix))];
}

/** Replaces each wildcard of a pattern with one name it matches; escapes become literals. */
function fillWildcards(pattern: string): string {
  let out = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? '';
    if (char === '\\') {
      index += 1;
      out += pattern[index] ?? '';
    } else if (char === '*') {
      const stars = /^\*+/.exec(pattern.slice(index))?.[0].length ?? 1;
      const isGlobstarDir = stars > 1 && pattern[index + stars] === '/';
      index += stars - 1 + (isGlobstarDir ? 1 : 0);
      // `a/**/b` matches `a/b`, so a globstar with its slash stands for nothing.
      out += isGlobstarDir ? '' : PROBE_NAME;
    } else if (char === '?') {
      out += PROBE_NAME;
    } else if (char === '[') {
      const close = pattern.indexOf(']', index + 2);
      const body = close === -1 ? '' : pattern.slice(index + 1, close);
      out += close === -1 ? char : memberOf(body);
      index = close === -1 ? index : close;
    } else {
      out += char;
    }
  }
  return out;
}

/** One character a class such as `[ab]`, `[a-z]` or `[!x]` matches. */
function memberOf(body: string): string {
  if (body.startsWith('!') || body.startsWith('^')) {
    return body.includes(PROBE_NAME) ? 'q' : PROBE_NAME;
  }
  return body[0] ?? PROBE_NAME;
}

/** The required entries that `stack` does not cover, each with a path it fails on. */
export function findMissing(stack: IgnoreStack, entries: readonly string[]): MissingEntry[] {
  const missing: MissingEntry[] = [];

  for (const entry of entries) {
    for (const example of representativesOf(entry, stack.nestedFolders)) {
      const verdict = stack.check(example);
      if (!verdict.ignored) {
        const cause = verdict.reincluded ? verdict.decidedBy : undefined;
        missing.push({ entry, example, ...(cause === undefined ? {} : { reincludedBy: cause }) });
        break;
      }
    }
  }
  return missing;
}

/**
 * Which missing entries appending to the root `.gitignore` would cover. A negation in a nested
 * `.gitignore` wins over the root, so appending cannot fix those; leaving them out keeps
 * `--fix` from appending the same lines on every run.
 */
export function fixableEntries(
  gitignores: readonly IgnoreSource[],
  exclude: string | undefined,
  missing: readonly MissingEntry[],
  ignoreCase = false,
): string[] {
  const entries = missing.map((item) => item.entry);
  const root = gitignores.find((source) => source.folder === '');
  const patched: IgnoreSource = {
    folder: '',
    label: '.gitignore',
    text: appendEntries(root?.text, entries),
  };
  const others = gitignores.filter((source) => source.folder !== '');
  const stack = createIgnoreStack([patched, ...others], exclude, ignoreCase);
  const stillMissing = new Set(findMissing(stack, entries).map((item) => item.entry));
  return entries.filter((entry) => !stillMissing.has(entry));
}
