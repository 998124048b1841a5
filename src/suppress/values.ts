import type { Suppression } from '../engine/types.js';

/**
 * `allow.values`: regular expressions for values known to be fake (documentation keys, test
 * fixtures). They run in the engine against the raw value, the only place it exists, and a match
 * marks the finding suppressed by the configuration.
 */

/** A compiled `allow.values` entry. */
export interface AllowedValue {
  readonly pattern: RegExp;
  readonly reason?: string;
}

/** Patterns longer than this are refused: a fake value's pattern is short. */
const MAX_PATTERN_LENGTH = 500;

/** A repeating quantifier: `*`, `+`, `{2}`, `{1,}`, `{0,9}`; not `?`, `{1}` or `{0,1}`. */
const BRACES_RE = /^\{(\d+)(?:(,)(\d*))?\}/;

/**
 * Compiles one pattern, or returns why it is refused: it does not compile, or its shape can make
 * the regex engine backtrack exponentially on a crafted value.
 *
 * @example
 * compileAllowedValue('^AKIA[A-Z2-7]{12}EXAMPLE$'); // { pattern: /^AKIA.../ }
 * compileAllowedValue('(a+)+$'); // 'repeats a group that itself repeats or branches ...'
 */
export function compileAllowedValue(source: string, reason?: string): AllowedValue | string {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (cause) {
    // V8 quotes the pattern in its message; keep only the reason, patterns may hold values.
    const message = cause instanceof Error ? cause.message : String(cause);
    return `is not a valid regular expression (${message.replace(/^.*: /s, '')})`;
  }

  const unsafe = backtrackingRisk(source);
  if (unsafe) {
    return unsafe;
  }
  return reason === undefined ? { pattern } : { pattern, reason };
}

/** The config suppression for a raw value, from the first pattern that matches it. */
export function valueSuppression(
  value: string,
  allowed: readonly AllowedValue[],
): Suppression | undefined {
  if (value === '') {
    return undefined;
  }

  const match = allowed.find((entry) => entry.pattern.test(value));
  if (!match) {
    return undefined;
  }
  return {
    kind: 'external',
    source: 'config',
    ...(match.reason === undefined ? {} : { justification: match.reason }),
  };
}

/** `^AKIA.*EXAMPLE.*$` is fine; a third `*`, `+` or `{n,}` makes it cubic on long values. */
const MAX_UNBOUNDED_REPEATS = 2;

const TOO_MANY_REPEATS_MESSAGE =
  `has more than ${MAX_UNBOUNDED_REPEATS} unbounded repeats (*, + or {n,}), ` +
  'which can take polynomial time of high degree on long values';

const NESTED_REPEAT_MESSAGE =
  'repeats a group that itself repeats or branches (such as "(a+)+"), ' +
  'which can take exponential time';

/** What a group holds, for the nesting check. */
interface GroupShape {
  hasRepeat: boolean;
  hasBranch: boolean;
}

/**
 * A conservative check for catastrophic backtracking: refuses backreferences, and a repeated
 * group that holds a repetition or an alternation anywhere inside (`(a+)+`, `(a|ab)*`,
 * `((x)*y)+`). It refuses some safe patterns too; fake-value patterns rarely need these shapes.
 *
 * Adjacent overlapping repeats (`\w*\w*\w*`) are polynomial rather than exponential, but of a
 * degree equal to their number: eight of them took minutes on a 40-character key, and a private
 * key's value is kilobytes long. So more than {@link MAX_UNBOUNDED_REPEATS} unbounded repeats are
 * refused too, whether they overlap or not.
 */
export function backtrackingRisk(source: string): string | undefined {
  if (source.length > MAX_PATTERN_LENGTH) {
    return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  }

  const stack: GroupShape[] = [{ hasRepeat: false, hasBranch: false }];
  let previous: GroupShape | 'atom' | undefined;
  let unbounded = 0;

  for (let index = 0; index < source.length; index++) {
    const char = source[index] ?? '';
    const top = stack.at(-1) ?? { hasRepeat: false, hasBranch: false };
    const repeat =
      char === '*' || char === '+' ? 1 : char === '{' ? bracesLength(source, index) : 0;

    if (repeat > 0) {
      if (typeof previous === 'object' && (previous.hasRepeat || previous.hasBranch)) {
        return NESTED_REPEAT_MESSAGE;
      }
      unbounded += isUnbounded(source, index) ? 1 : 0;
      if (unbounded > MAX_UNBOUNDED_REPEATS) {
        return TOO_MANY_REPEATS_MESSAGE;
      }
      top.hasRepeat = true;
      index += repeat - 1;
      previous = undefined;
    } else if (char === '\\') {
      if (/[1-9k]/.test(source[index + 1] ?? '')) {
        return 'uses a backreference, which can take exponential time';
      }
      index += 1;
      previous = 'atom';
    } else if (char === '[') {
      index = classEnd(source, index);
      previous = 'atom';
    } else if (char === '(') {
      stack.push({ hasRepeat: false, hasBranch: false });
      previous = undefined;
    } else if (char === ')') {
      previous = closeGroup(stack);
    } else if (char === '|') {
      top.hasBranch = true;
      previous = undefined;
    } else {
      previous = char === '?' ? previous : 'atom';
    }
  }
  return undefined;
}

/** Whether the quantifier at `index` has no upper bound: `*`, `+` or `{n,}`. */
function isUnbounded(source: string, index: number): boolean {
  const char = source[index];
  return char === '*' || char === '+' || BRACES_RE.exec(source.slice(index))?.[3] === '';
}

/** Pops a group and folds what it holds into its parent, so nesting of any depth is seen. */
function closeGroup(stack: GroupShape[]): GroupShape | undefined {
  const group = stack.length > 1 ? stack.pop() : undefined;
  const parent = stack.at(-1);
  if (group && parent) {
    parent.hasRepeat ||= group.hasRepeat;
    parent.hasBranch ||= group.hasBranch;
  }
  return group;
}

/** Length of a repeating `{n}`/`{n,}`/`{n,m}` at `index`, or 0 for `{1}`, `{0,1}` or a literal. */
function bracesLength(source: string, index: number): number {
  const match = BRACES_RE.exec(source.slice(index));
  if (!match) {
    return 0;
  }

  const low = Number(match[1]);
  const high = match[2] === undefined ? low : match[3] === '' ? Infinity : Number(match[3]);
  return high > 1 ? match[0].length : 0;
}

/** Index of the `]` closing the character class that opens at `index`. */
function classEnd(source: string, index: number): number {
  let at = index + 1;
  if (source[at] === '^') {
    at += 1;
  }
  if (source[at] === ']') {
    at += 1;
  }
  while (at < source.length && source[at] !== ']') {
    at += source[at] === '\\' ? 2 : 1;
  }
  return at;
}
