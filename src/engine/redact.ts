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
