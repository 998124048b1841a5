import type { LineIndex } from '../engine/location.js';
import type { Suppression } from '../engine/types.js';

/**
 * Inline suppressions: a `keyfence:allow` comment on a finding's line, or on a comment-only line
 * just above it for formats whose lines cannot carry a trailing comment (JSON with comments,
 * PEM blocks, Markdown). The comment may name rule ids and give a reason after `--`:
 *
 * ```
 * key = "AKIA..."  # keyfence:allow aws-access-key-id -- LocalStack's documented dummy key
 * ```
 */

/** The word that starts a directive; lowercase only, so prose mentioning it rarely matches. */
export const ALLOW_MARKER = 'keyfence:allow';

/**
 * A comment opener right before the marker (after optional repeats such as `##` or `/**` and
 * spaces): `#`, `//`, `/*`, `<!--`, `--` and `;`. Matches "x = 1 # " and "<!-- "; does not match
 * "x = 1 " (no comment) or "value:" (a YAML key).
 */
const OPENER_BEFORE_MARKER_RE = /(?:#|\/\/|\/\*|<!--|--|;)[#/*!;-]*[ \t]*$/;

/**
 * How much of the text before the marker the opener search looks at. The opener and its
 * decoration sit right before the marker, and the regex is quadratic in what it is given: a
 * 50 KB run of `#` before a marker took 20 s. A longer run of decoration still contains an
 * opener within the window, and holds no quotes, so the string test below is unchanged.
 */
const OPENER_WINDOW = 256;

/** Where a block comment closes; the directive ends there. Matches "*\/" and "-->". */
const CLOSER_RE = /\*\/|-->/;

/** A rule id as rules declare them. Matches "aws-access-key-id"; does not match "it's". */
const RULE_ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Separates the rule ids from the reason, in every comment syntax. */
const REASON_SEPARATOR = '--';

/** What a `keyfence:allow` comment says. */
export interface AllowDirective {
  /** The rule ids it names; empty means every rule. */
  readonly ruleIds: readonly string[];
  readonly reason?: string;
  /** Whether the comment is all the line holds, so it may stand above the finding. */
  readonly isWholeLine: boolean;
}

/**
 * Reads the directive on one line, or undefined when the line has none. The marker counts only
 * after a comment opener that is not inside a quoted string, so a marker pasted into the string
 * that holds the secret does not silence it.
 *
 * @example
 * parseAllowDirective('token = "x"  // keyfence:allow -- test data');
 * // { ruleIds: [], reason: 'test data', isWholeLine: false }
 */
export function parseAllowDirective(lineText: string): AllowDirective | undefined {
  const at = lineText.indexOf(ALLOW_MARKER);
  if (at === -1) {
    return undefined;
  }

  const before = lineText.slice(0, at);
  const openerAt = findOpener(before);
  if (openerAt === undefined || isInsideString(before.slice(0, openerAt))) {
    return undefined;
  }

  const rest = lineText.slice(at + ALLOW_MARKER.length).split(CLOSER_RE)[0] ?? '';
  if (rest !== '' && !/^\s/.test(rest)) {
    // "keyfence:allowed" or "keyfence:allow-list" are other words, not the directive.
    return undefined;
  }

  return parseArguments(rest, before.slice(0, openerAt).trim() === '');
}

/**
 * Where the comment opener before the marker starts, as the leftmost match of
 * OPENER_BEFORE_MARKER_RE would say, in time linear in the line: the regex is tried on a short
 * window first, then once more from the start of the run of decoration it found, where it
 * succeeds at the first opener instead of failing at every position.
 */
function findOpener(before: string): number | undefined {
  const windowStart = Math.max(0, before.length - OPENER_WINDOW);
  const inWindow = OPENER_BEFORE_MARKER_RE.exec(before.slice(windowStart));
  if (!inWindow) {
    return undefined;
  }

  let runStart = windowStart + inWindow.index;
  while (runStart > 0 && DECORATION.has(before[runStart - 1] ?? '')) {
    runStart -= 1;
  }
  // One more character back for the `<` of `<!--`, which is not decoration.
  const from = Math.max(0, runStart - 1);
  const leftmost = OPENER_BEFORE_MARKER_RE.exec(before.slice(from));
  return from + (leftmost?.index ?? windowStart + inWindow.index - from);
}

/** The characters OPENER_BEFORE_MARKER_RE lets repeat after an opener. */
const DECORATION = new Set(['#', '/', '*', '!', ';', '-']);

function parseArguments(rest: string, isWholeLine: boolean): AllowDirective | undefined {
  const separator = rest.indexOf(REASON_SEPARATOR);
  const idsText = separator === -1 ? rest : rest.slice(0, separator);
  const reason = separator === -1 ? '' : rest.slice(separator + REASON_SEPARATOR.length).trim();
  const ruleIds = idsText.split(/[\s,]+/).filter((word) => word !== '');

  // A reason written without `--` would read as rule ids that never match; refusing the whole
  // directive keeps the finding visible instead of silently suppressing the wrong rules.
  if (!ruleIds.every((id) => RULE_ID_RE.test(id))) {
    return undefined;
  }
  return { ruleIds, isWholeLine, ...(reason === '' ? {} : { reason }) };
}

/**
 * Whether the end of `code` lies inside a quoted string: an odd number of unescaped quotes of
 * one kind, outside the other kinds.
 *
 * Limitation: strings that span lines (template literals, YAML block scalars, Python's triple
 * quotes) are not tracked, so an opener on a later line of such a string counts as a comment.
 */
function isInsideString(code: string): boolean {
  let quote: string | undefined;
  for (let index = 0; index < code.length; index++) {
    const char = code[index];
    if (char === '\\') {
      index += 1;
    } else if (quote === undefined && (char === '"' || char === "'" || char === '`')) {
      quote = isApostrophe(code, index) ? undefined : char;
    } else if (char === quote) {
      quote = undefined;
    }
  }
  return quote !== undefined;
}

/** A `'` between two letters is an apostrophe in unquoted text (`it's`), not a string. */
function isApostrophe(code: string, index: number): boolean {
  const letter = /\p{L}/u;
  return (
    code[index] === "'" && letter.test(code[index - 1] ?? '') && letter.test(code[index + 1] ?? '')
  );
}

/**
 * The suppression a `keyfence:allow` comment gives the finding of `ruleId` on a 1-based line:
 * a directive on that line, or a whole-line comment on the line above.
 */
export function inlineSuppression(
  lines: LineIndex,
  line: number,
  ruleId: string,
): Suppression | undefined {
  const own = directiveOn(lines, line);
  const above = line > 1 ? directiveOn(lines, line - 1) : undefined;
  const directive = [own, above?.isWholeLine ? above : undefined].find(
    (candidate) => candidate !== undefined && allowsRule(candidate, ruleId),
  );

  if (!directive) {
    return undefined;
  }
  return {
    kind: 'inSource',
    source: 'inline',
    ...(directive.reason === undefined ? {} : { justification: directive.reason }),
  };
}

function allowsRule(directive: AllowDirective, ruleId: string): boolean {
  return directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId);
}

/**
 * Each line's directive, parsed once per file: every finding asks about its own line and the
 * one above, and parsing is linear in the line, so 30,000 keys on one minified line would
 * otherwise parse that line 60,000 times.
 */
const parsedLines = new WeakMap<LineIndex, Map<number, AllowDirective | undefined>>();

function directiveOn(lines: LineIndex, line: number): AllowDirective | undefined {
  let parsed = parsedLines.get(lines);
  if (!parsed) {
    parsed = new Map();
    parsedLines.set(lines, parsed);
  }
  if (!parsed.has(line)) {
    parsed.set(line, parseAllowDirective(lines.lineText(line)));
  }
  return parsed.get(line);
}
