import SQS_ACTIONS from './data/sqs-actions.json' with { type: 'json' };

/**
 * Action names and patterns, matched the way IAM matches them: case-insensitively, `*` for any
 * run of characters and `?` for one. The SQS action list is data (`data/sqs-actions.json`, with
 * its source and snapshot date); update that file when AWS adds actions.
 */

/** Every SQS action, lowercase, with whether it takes a resource. */
export const KNOWN_ACTIONS: readonly {
  readonly name: string;
  readonly displayName: string;
  readonly resourceLess: boolean;
}[] = SQS_ACTIONS.actions.map((entry) => ({
  name: entry.action.toLowerCase(),
  displayName: entry.action,
  resourceLess: entry.resource_types.length === 0,
}));

/** The service whose actions keyfence knows in full. */
export const KNOWN_SERVICE = 'sqs';

/**
 * API operations of other services that are not IAM actions, though they look like one: they
 * are authorized by another action, so a policy naming them grants nothing. Only these are
 * reported as unknown outside SQS, since keyfence does not carry every service's action list.
 */
const NOT_IAM_ACTIONS: ReadonlySet<string> = new Set([
  // HeadBucket is authorized by s3:ListBucket, HeadObject by s3:GetObject.
  's3:headbucket',
  's3:headobject',
]);

/** What one `Action` entry grants. */
export interface ActionGrant {
  /** The SQS actions it matches, lowercase. */
  readonly known: readonly string[];
  /** Whether it also grants actions of other services (or of every service). */
  readonly beyond: boolean;
  /** Whether it matches no known action at all. */
  readonly unknown: boolean;
  readonly hasWildcard: boolean;
}

/** Characters IAM treats as wildcards in actions and resources. Matches "sqs:Send*". */
export const WILDCARD_RE = /[*?]/;

/** A pattern of wildcards only, at least one `*`: every action. Matches "*"; not "?". */
const EVERYTHING_RE = /^[*?]*\*[*?]*$/;

/** Expands one action or pattern against the SQS list. */
export function grantOf(action: string): ActionGrant {
  return cached(GRANTS, action.toLowerCase(), computeGrant);
}

/**
 * Policies repeat the same few actions and ARN parts thousands of times in large files; the
 * caches keep each expansion and each compiled pattern to one computation. They are cleared
 * when full, so a file of unique names cannot grow them without bound.
 */
const MAX_CACHED = 4096;
const GRANTS = new Map<string, ActionGrant>();
const PATTERNS = new Map<string, RegExp>();

function cached<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  const known = cache.get(key);
  if (known !== undefined) {
    return known;
  }
  if (cache.size >= MAX_CACHED) {
    cache.clear();
  }
  const value = compute(key);
  cache.set(key, value);
  return value;
}

function computeGrant(lower: string): ActionGrant {
  const hasWildcard = WILDCARD_RE.test(lower);
  const colon = lower.indexOf(':');
  if (colon === -1) {
    const everything = EVERYTHING_RE.test(lower);
    const known = everything ? KNOWN_ACTIONS.map((entry) => entry.name) : [];
    return { known, beyond: everything, unknown: !everything, hasWildcard };
  }

  const servicePattern = lower.slice(0, colon);
  const namePattern = lower.slice(colon + 1);
  const coversKnown = patternToRegExp(servicePattern).test(KNOWN_SERVICE);
  const known = coversKnown ? matchingActions(namePattern) : [];
  const beyond = WILDCARD_RE.test(servicePattern) || !coversKnown;

  if (!beyond) {
    return { known, beyond, unknown: known.length === 0, hasWildcard };
  }
  const unknown = namePattern === '' || NOT_IAM_ACTIONS.has(lower);
  return { known, beyond: !unknown, unknown, hasWildcard };
}

function matchingActions(namePattern: string): string[] {
  const pattern = patternToRegExp(`${KNOWN_SERVICE}:${namePattern}`);
  return KNOWN_ACTIONS.filter((entry) => pattern.test(entry.name)).map((entry) => entry.name);
}

/** An IAM wildcard pattern as an anchored regular expression (`*` any run, `?` one character). */
export function patternToRegExp(pattern: string): RegExp {
  return cached(PATTERNS, pattern, compilePattern);
}

function compilePattern(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char)))
    .join('');
  return new RegExp(`^${body}$`);
}

function escapeRegExp(char: string): string {
  return /[.+^${}()|[\]\\/-]/.test(char) ? `\\${char}` : char;
}
