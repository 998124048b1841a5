/**
 * Judging values found in configuration files: an obvious placeholder (`<your-key>`,
 * `changeme`, `${AWS_KEY}`, `AKIAIOSFODNN7EXAMPLE`) versus something that looks real. Shared by
 * the hygiene rules that must tell a template from a file holding secrets.
 */

/**
 * Whole values that stand for "fill me in": angle brackets, shell or template references,
 * runs of one filler character. Matches `<your key>`, `${TOKEN}`, `{{ token }}`, `xxxx`, `...`;
 * does not match `s3cr3t`.
 */
const PLACEHOLDER_SHAPES = [
  '<[^>]*>',
  '\\$\\{[^}]*\\}',
  '\\$[A-Za-z_]\\w*',
  '\\{\\{.*\\}\\}',
  'x+',
  '\\*+',
  '\\.{3,}',
  '-+',
  '_+',
  '#+',
];
const PLACEHOLDER_SHAPE_RE = new RegExp(`^(?:${PLACEHOLDER_SHAPES.join('|')})$`, 'i');

/**
 * Words that mark a value as a placeholder wherever they occur. Matches `your-api-key`,
 * `CHANGE_ME`, `AKIAIOSFODNN7EXAMPLE`; does not match `hunter2`.
 */
const PLACEHOLDER_WORD_RE =
  /change.?me|replace|your|example|placeholder|dummy|fake|redacted|sample/i;

/** Values that are placeholders when they are the whole value. */
const PLACEHOLDER_VALUES = new Set([
  'secret',
  'password',
  'pass',
  'none',
  'null',
  'nil',
  'undefined',
  'todo',
  'tbd',
  'empty',
  'value',
  'key',
  'token',
  'foo',
  'bar',
  'test',
]);

/** Whether `value` is empty or an obvious placeholder. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return (
    trimmed === '' ||
    PLACEHOLDER_SHAPE_RE.test(trimmed) ||
    PLACEHOLDER_WORD_RE.test(trimmed) ||
    PLACEHOLDER_VALUES.has(trimmed.toLowerCase())
  );
}

/**
 * Names of variables that hold secrets. Matches `DB_PASSWORD`, `STRIPE_API_KEY`,
 * `AWS_SECRET_ACCESS_KEY`, `SENTRY_DSN`; does not match `AWS_REGION` or `KEYBOARD_LAYOUT`.
 */
const SECRET_NAMES = [
  'secret',
  'passw(?:or)?d',
  'pwd',
  'token',
  'api_?key',
  'access_?key',
  'private_?key',
  'credential',
  'dsn',
  '(?:^|_)key$',
];
const SECRET_NAME_RE = new RegExp(SECRET_NAMES.join('|'), 'i');

/** Numbers and booleans say nothing secret, even under a secret-sounding name (`TOKEN_TTL`). */
const SCALAR_RE = /^(?:\d+(?:\.\d+)?|true|false|yes|no|on|off)$/i;

/**
 * A URL with a password in it, and the host after it. Matches `postgres://app:s3cret@db:5432`;
 * does not match `https://example.com/path`.
 */
const URL_PASSWORD_RE = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]+)@([^:/\s]+)/i;

/** An AWS access key ID on its own. Matches "AKIA" + 16 base32 characters. */
const ACCESS_KEY_RE = /^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/;

/** A token-like run: letters and digits, at least 20 characters, no spaces. */
const TOKEN_RE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9+/=_.-]{20,}$/;

/** Shannon entropy in bits per character above which a token-like run is taken as random. */
const TOKEN_ENTROPY_BITS = 3.5;

/**
 * Whether a value assigned to `name` looks like a real secret: not a placeholder, and either
 * under a secret-sounding name (and not a plain number or boolean) or shaped like a credential
 * on its own (an access key ID, a URL with a password for a host other than localhost, a long
 * random-looking token).
 */
export function isRealLooking(name: string, value: string): boolean {
  const trimmed = value.trim();
  if (isPlaceholder(trimmed) || SCALAR_RE.test(trimmed)) {
    return false;
  }

  const url = URL_PASSWORD_RE.exec(trimmed);
  if (url) {
    return !isPlaceholder(url[1] ?? '') && !isLocalHost(url[2] ?? '');
  }
  if (SECRET_NAME_RE.test(name) || ACCESS_KEY_RE.test(trimmed)) {
    return true;
  }
  return TOKEN_RE.test(trimmed) && entropyOf(trimmed) >= TOKEN_ENTROPY_BITS;
}

function isLocalHost(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '::1';
}

function entropyOf(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
