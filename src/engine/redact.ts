/**
 * Redaction, in one place. Reporters and logs only ever receive what this module returns.
 *
 * A preview keeps at most the first four characters and appends a fixed-length mask, so the
 * length of the secret is not disclosed either. Short values keep fewer characters: four
 * characters of an eight-character password would be half of it.
 */

/** The mask that replaces every hidden part, whatever its length. */
export const MASK = '********';

/** Values at least this long keep 4 leading characters; shorter ones keep fewer. */
const FULL_PREFIX_MIN_LENGTH = 16;
const SHORT_PREFIX_MIN_LENGTH = 8;

export function redact(value: string): string {
  const shown =
    value.length >= FULL_PREFIX_MIN_LENGTH ? 4 : value.length >= SHORT_PREFIX_MIN_LENGTH ? 2 : 0;
  return value.slice(0, shown) + MASK;
}

/**
 * Runs of characters that secrets are made of, long enough to be one: AWS keys, tokens and
 * base64 bodies are 16 characters or more, while words and identifiers in messages rarely are.
 * `/` and `-` end a run so that file paths in stack traces stay readable.
 * Limitation: a base64 secret is masked piece by piece between its `/` characters, and a piece
 * shorter than 16 characters stays visible.
 * Matches "AKIA" + "Z7TBQ2XL5MWE3RVN"; does not match "maxFileSize".
 */
const LONG_TOKEN_RE = /[A-Za-z0-9+=_]{16,}/g;

/**
 * Masks every long token in free text, for messages that quote input: a parser's error, an
 * unknown key in a configuration. Keeps the text readable around them.
 *
 * @example
 * redactLongTokens(`"id": ${keyId}`); // "\"id\": AKIA********"
 */
export function redactLongTokens(text: string): string {
  return text.replace(LONG_TOKEN_RE, (token) => redact(token));
}
