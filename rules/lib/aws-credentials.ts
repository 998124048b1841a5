import { shannonEntropy } from '../../src/engine/entropy.js';
import type { SourceFile } from '../../src/engine/types.js';
import { findKeyIds, nearestKeyId, type KeyIdMatch } from './key-ids.js';
import { looksLikePlaceholder } from './placeholders.js';
import { secretCandidatesOf } from './secret-candidates.js';

/**
 * Finds AWS access key IDs and secret access keys in a file, once, for the two rules that report
 * them: each needs to know whether the other is nearby, since a key ID with its secret is a
 * usable credential and the most urgent finding there is.
 */

/** A secret access key that passed every exclusion. */
export interface SecretMatch {
  readonly start: number;
  readonly value: string;
  /** The nearest key ID, when one is close enough to form a credential with it. */
  readonly pairedWith: KeyIdMatch | undefined;
}

export interface AwsCredentials {
  readonly keyIds: readonly KeyIdMatch[];
  readonly secrets: readonly SecretMatch[];
}

/** Random 40-character base64 scores about 4.8; 200,000 samples never went below 4.07. */
const SECRET_MIN_ENTROPY = 4.0;

/**
 * The AWS documentation's example secret, built from halves so the literal does not sit here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html
 */
const DOCUMENTATION_SECRET = 'wJalrXUtnFEMI/K7MDENG' + '/bPxRfiCYEXAMPLEKEY';

/** Forty hex digits: a SHA-1 or git object name, not a base64 secret. Matches "da39a3ee...". */
const HEX_RE = /^[0-9a-fA-F]+$/;

/** Letters only, no two capitals in a row: an identifier such as `getDefaultSecretKey...`. */
const LETTERS_RE = /^[A-Za-z]+$/;
const TWO_CAPITALS_RE = /[A-Z]{2}/;

/** No capital letter at all: a path or a lowercase word. Matches "/usr/share/doc/...". */
const NO_CAPITAL_RE = /^[^A-Z]*$/;

/**
 * Whether a 40-character base64 value is random enough to be a real secret access key. Each
 * test rejects a random key with a probability below one in a billion.
 */
export function isPlausibleSecret(value: string): boolean {
  if (value === DOCUMENTATION_SECRET || HEX_RE.test(value) || NO_CAPITAL_RE.test(value)) {
    return false;
  }
  if (LETTERS_RE.test(value) && !TWO_CAPITALS_RE.test(value)) {
    return false;
  }
  return shannonEntropy(value) >= SECRET_MIN_ENTROPY && !looksLikePlaceholder(value);
}

function scan(file: SourceFile): AwsCredentials {
  const keyIds = findKeyIds(file.text ?? '');
  const secrets = secretCandidatesOf(file, keyIds)
    .filter((candidate) => isPlausibleSecret(candidate.value))
    .map((candidate) => ({ ...candidate, pairedWith: nearestKeyId(keyIds, candidate.start) }));

  for (const secret of secrets) {
    if (secret.pairedWith !== undefined) {
      secret.pairedWith.paired = true;
    }
  }

  return { keyIds, secrets };
}

/** The key IDs and secrets of a file, computed once and shared by the rules that need them. */
export function awsCredentialsOf(file: SourceFile): AwsCredentials {
  return file.memo('aws-credentials', () => scan(file));
}
