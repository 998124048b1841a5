import ignore, { type Ignore } from 'ignore';

import type { ResolvedConfigView } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';

/**
 * What every repository's ignore rules must cover, from the guide's ".gitignore configuration"
 * step: environment files, AWS CLI credentials and logs. The order is the guide's, and it is
 * the order `--fix` appends them in.
 */
export const DEFAULT_REQUIRED_ENTRIES: readonly string[] = [
  '.env',
  '.env.local',
  '.env.production',
  '*.env',
  '.aws/credentials',
  '.aws/config',
  '*.log',
  'logs/',
];

/** The `gitignore` section of the configuration, as the schema admits it. */
interface GitignoreSection {
  readonly required?: readonly string[];
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

const resolved = new WeakMap<ResolvedConfigView, readonly string[]>();
const matchers = new WeakMap<ResolvedConfigView, RequiredMatcher>();

interface RequiredMatcher {
  readonly entries: readonly string[];
  /** Per entry, text that every path it ignores contains; undefined when that is not known. */
  readonly literals: readonly (readonly string[] | undefined)[];
  /** Compiled on the first path that passes the literal check. */
  ignore?: Ignore;
}

/**
 * The required entries for a configuration: `gitignore.required` replaces the default list,
 * then `gitignore.add` appends and `gitignore.remove` takes out. Computed once per config.
 *
 * @throws KeyfenceError when an entry is empty, a comment or a negation, or when `remove`
 *   names an entry that is not in the list (a typo there would silently do nothing)
 */
export function requiredEntries(config: ResolvedConfigView): readonly string[] {
  const cached = resolved.get(config);
  if (cached) {
    return cached;
  }

  const section = (config['gitignore'] ?? {}) as GitignoreSection;
  const base = section.required ?? DEFAULT_REQUIRED_ENTRIES;
  const entries = [...base, ...(section.add ?? [])].map((entry) => entry.trim());
  entries.forEach(checkEntry);

  for (const entry of section.remove ?? []) {
    if (!entries.includes(entry.trim())) {
      throw new KeyfenceError(
        'config',
        `"gitignore.remove" names "${entry}", which is not a required entry`,
        `The required entries are: ${entries.join(', ')}.`,
      );
    }
  }
  const removed = new Set((section.remove ?? []).map((entry) => entry.trim()));
  const result = [...new Set(entries)].filter((entry) => !removed.has(entry));
  resolved.set(config, result);
  return result;
}

function checkEntry(entry: string): void {
  if (entry === '' || entry.startsWith('#') || entry.startsWith('!')) {
    throw new KeyfenceError(
      'config',
      `"gitignore" entry "${entry}" is not a pattern that ignores files`,
      'Give plain .gitignore patterns such as ".env" or "logs/": no comments or negations.',
    );
  }
}

/**
 * Whether the required entries, read as one `.gitignore` at the repository's root, would ignore
 * `path`. Path rules use it to say that a committed file is one `.gitignore` should keep out.
 */
export function isRequiredPath(path: string, config: ResolvedConfigView): boolean {
  let matcher = matchers.get(config);
  if (!matcher) {
    const entries = requiredEntries(config);
    matcher = { entries, literals: entries.map(literalPieces) };
    matchers.set(config, matcher);
  }

  // The pre-commit hook asks this for every staged path, and most contain no entry's text: the
  // check below spares them the ignore library's pattern compilation (4 ms a start).
  const mayMatch = matcher.literals.some(
    (pieces) => pieces === undefined || pieces.every((piece) => path.includes(piece)),
  );
  if (!mayMatch) {
    return false;
  }
  matcher.ignore ??= ignore({ ignorecase: false }).add([...matcher.entries]);
  return matcher.ignore.ignores(path);
}

/**
 * The literal runs of a pattern: a path it ignores contains each of them, since `*`, `?` and
 * `/` are the only other characters in it. Escapes and character classes would need a real
 * parse, so such a pattern gives undefined and always goes to the matcher.
 * "logs/" gives ["logs"]; "*.env" gives [".env"]; "[Ll]ogs/" gives undefined.
 */
function literalPieces(entry: string): readonly string[] | undefined {
  if (/[\\[]/.test(entry)) {
    return undefined;
  }
  return entry.split(/[*?/]+/).filter((piece) => piece !== '');
}
