import { looksLikePlaceholder } from './placeholders.js';

/**
 * AWS access key IDs: finding them, telling real ones from placeholders and blobs, and
 * decoding the account they belong to.
 */

/** A key ID that passed every exclusion. */
export interface KeyIdMatch {
  readonly start: number;
  readonly value: string;
  /** `AKIA`, `ASIA`, `ABIA` or `ACCA`. */
  readonly prefix: string;
  /** The 12-digit account the key belongs to; undefined for the older `AKIAI`/`AKIAJ` keys. */
  readonly accountId: string | undefined;
  /** Whether a secret access key was found within {@link PAIR_DISTANCE}. */
  paired: boolean;
}

/**
 * How far apart (in characters) a key ID and a secret may be and still be read as one
 * credential: a few lines, which covers a `credentials` profile, a `.env` block or a JSON object.
 */
export const PAIR_DISTANCE = 600;

/**
 * A key ID: type prefix plus 16 characters of the base32 alphabet AWS uses, not followed by
 * another letter or digit. IAM unique IDs (`AIDA`, `AROA`, `AGPA`, `AIPA`, `ANPA`, `ANVA`,
 * `APKA`, `ASCA`) name a principal and grant nothing, so their prefixes are not in the list.
 * The character before the key is checked in code ({@link isKeyStart}): a lookbehind at the
 * start of the pattern stops V8 from scanning for the literal prefixes and measured 5x slower.
 * Matches "AKIA" + "Z7TBQ2XL5MWE3RVN". Does not match "AKIA" + "Z7TBQ2XL5MWE3RVN9".
 */
const KEY_ID_RE = /(AKIA|ASIA|ABIA|ACCA)([A-Z2-7]{16})(?![A-Za-z0-9])/g;

/** A letter or digit before a key glues it to a longer token. */
const ALNUM_RE = /[A-Za-z0-9]/;

/** An escape before a key (`\nAKIA...` inside a JSON string) separates it like a newline. */
const ESCAPE_BEFORE_RE = /\\[nrt]$/;

/** Whether a key ID may start at `start`: after a non-alphanumeric character or an escape. */
function isKeyStart(text: string, start: number): boolean {
  if (start === 0 || !ALNUM_RE.test(text.charAt(start - 1))) {
    return true;
  }
  return ESCAPE_BEFORE_RE.test(text.slice(Math.max(0, start - 2), start));
}

/** The length of a key ID: 4 prefix characters and a 16-character body. */
export const KEY_ID_LENGTH = 20;

/**
 * Base64 characters; a key ID with 16 more of them around it is a slice of a blob. Padding
 * (`=`) only ends a blob, so it counts after the key, not before it (`KeyId=AKIA...`).
 */
const BASE64_BEFORE_RE = /[A-Za-z0-9+/]/;
const BASE64_AFTER_RE = /[A-Za-z0-9+/=]/;
const BASE64_RUN_EXTRA = 16;

/** Placeholder runs in a 16-character body: six equal or consecutive characters. */
const KEY_BODY_RUN = 6;

/** Old key IDs (`AKIAI...`, `AKIAJ...`) predate the encoding that carries the account ID. */
const LEGACY_FIRST_CHARS = new Set(['I', 'J']);

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The base32 characters that hold the first 48 bits of the body (10 x 5 = 50 bits). */
const ACCOUNT_CHARS = 10;

/** Bits 46 to 7 of those 48 hold the account number. */
const ACCOUNT_MASK = 0x7fffffffff80n;
const ACCOUNT_SHIFT = 7n;

/**
 * Decodes the account ID from a key ID, offline: base32-decode the body, take its first 48
 * bits, mask them with `0x7fffffffff80` and shift right by 7. No AWS call is made.
 * https://awsteele.com/blog/2020/09/26/aws-access-key-format.html
 *
 * @example
 * accountIdOf(keyId); // '123456789012', or undefined for an AKIAI... key
 */
export function accountIdOf(keyId: string): string | undefined {
  const body = keyId.slice(4);
  if (body.length !== 16 || LEGACY_FIRST_CHARS.has(body.charAt(0))) {
    return undefined;
  }

  let bits = 0n;
  for (const char of body.slice(0, ACCOUNT_CHARS)) {
    bits = (bits << 5n) | BigInt(BASE32_ALPHABET.indexOf(char));
  }
  const first48 = bits >> 2n;
  return ((first48 & ACCOUNT_MASK) >> ACCOUNT_SHIFT).toString().padStart(12, '0');
}

/** A path has a `/` every few characters; random base64 has one in 64. */
const PATH_SLASH_SHARE = 1 / 12;

/**
 * Whether the key ID at [start, end) continues a base64 run on its sides (a blob, a hash). A
 * run with many slashes is a path (`/home/build/keys/AKIA...`), not a blob.
 */
function isInsideBase64Run(text: string, start: number, end: number): boolean {
  let left = 0;
  while (left < BASE64_RUN_EXTRA && BASE64_BEFORE_RE.test(text.charAt(start - left - 1))) {
    left += 1;
  }
  let right = 0;
  while (left + right < BASE64_RUN_EXTRA && BASE64_AFTER_RE.test(text.charAt(end + right))) {
    right += 1;
  }
  if (left + right < BASE64_RUN_EXTRA) {
    return false;
  }

  const around = text.slice(start - left, start) + text.slice(end, end + right);
  const slashes = around.split('/').length - 1;
  return slashes <= around.length * PATH_SLASH_SHARE;
}

/** Every key ID in the text that is not a placeholder, an example or part of a blob, in order. */
export function findKeyIds(text: string): KeyIdMatch[] {
  const found: KeyIdMatch[] = [];

  for (const match of text.matchAll(KEY_ID_RE)) {
    const value = match[0];
    const end = match.index + KEY_ID_LENGTH;
    if (!isKeyStart(text, match.index) || looksLikePlaceholder(match[2] ?? '', KEY_BODY_RUN)) {
      continue;
    }
    if (isInsideBase64Run(text, match.index, end)) {
      continue;
    }
    const prefix = match[1] ?? '';
    found.push({ start: match.index, value, prefix, accountId: accountIdOf(value), paired: false });
  }

  return found;
}

/**
 * The key ID nearest to an offset, within {@link PAIR_DISTANCE}. `keyIds` is in text order, so
 * a binary search finds the neighbours: a file with thousands of key IDs stays linear.
 */
export function nearestKeyId(keyIds: readonly KeyIdMatch[], at: number): KeyIdMatch | undefined {
  let low = 0;
  let high = keyIds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((keyIds[mid]?.start ?? 0) < at) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }

  const candidates = [keyIds[low - 1], keyIds[low]].filter((keyId) => keyId !== undefined);
  let best: KeyIdMatch | undefined;
  for (const keyId of candidates) {
    const distance = Math.abs(keyId.start - at);
    if (distance <= PAIR_DISTANCE && (best === undefined || distance < Math.abs(best.start - at))) {
      best = keyId;
    }
  }
  return best;
}

/** Describes the account of a key for a message: "account 123456789012" or why it is unknown. */
export function accountPhrase(keyId: KeyIdMatch | undefined): string {
  if (keyId?.accountId !== undefined) {
    return `account ${keyId.accountId}`;
  }
  return 'an account that older key IDs do not encode';
}
