import type { SourceFile } from '../../src/engine/types.js';
import { CONNECTOR_SOURCE, NAME_SUFFIX_SOURCE, csvColumnCells } from './assignments.js';
import { PAIR_DISTANCE, nearestKeyId, type KeyIdMatch } from './key-ids.js';

/**
 * Where a 40-character value is read as an AWS secret access key. A bare 40-character base64
 * string is as likely a hash, an id or a test vector, so the context decides:
 * - a name that says so: `aws_secret_access_key`, `SecretAccessKey`, `AWS_SECRET_KEY`, ...;
 * - `secret_key` / `secretKey` (Terraform's provider argument) in a file that mentions AWS;
 * - the `Secret access key` column of the console's `credentials.csv`;
 * - a key ID nearby, with a secret-like name (`secret`, `key`, `password`, `token`) or right
 *   after the key ID (`AKIA...:secret`).
 */

export interface SecretCandidate {
  readonly start: number;
  readonly value: string;
}

/** Secret access keys: 40 characters of base64 with no padding, ending the base64 run. */
const SECRET_VALUE_RE = /[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=])/y;

/** Finds the word `secret` in any case; the name around it is read from there. */
const SECRET_WORD_RE = /secret/gi;

const WORD_LENGTH = 'secret'.length;

/** `aws_` right before `secret`. Matches "AWS_" and "aws.". */
const AWS_BEFORE_RE = /aws[_\-. ]?$/i;

/** The rest of the name after `secret`: `_access_key`, `AccessKey`, ` key`, `-key`. */
const NAME_TAIL_RE = /([_\-. ]?access)?([_\-. ]?key)?/iy;

/** From the end of a name to the start of its value. Matches `_PROD = "`; not `s.X`. */
const TO_VALUE_RE = new RegExp(`${NAME_SUFFIX_SOURCE}${CONNECTOR_SOURCE}`, 'y');

/**
 * A generic secret-like name followed by a value, for the text around a key ID. Matches
 * `password: "` + value; `secret` itself is handled by {@link SECRET_WORD_RE}.
 */
const GENERIC_NAME_RE = new RegExp(
  `(?:key|pass(?:word|wd)?|pwd|token|cred(?:ential)?s?)${NAME_SUFFIX_SOURCE}${CONNECTOR_SOURCE}` +
    `(?=[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=]))`,
  'gi',
);

/** A value right after a key ID: `AKIA...:secret`, `AKIA... secret`, `AKIA...,secret`. */
const AFTER_KEY_ID_RE = /[\s:;,|'"]{1,4}/y;

/** The `credentials.csv` column and its spellings. Matches "Secret access key". */
const SECRET_COLUMN_RE = /^(?:aws[_ ]?)?secret[_ ]?access[_ ]?key$/i;

/** Terraform and HCL files, where `secret_key` is the AWS provider's argument. */
const TERRAFORM_PATH_RE = /\.(?:tf|tfvars|hcl)$/;

/** Reads a secret-shaped value at `at`, or undefined. */
function secretValueAt(text: string, at: number): string | undefined {
  SECRET_VALUE_RE.lastIndex = at;
  return SECRET_VALUE_RE.exec(text)?.[0];
}

type NameStrength = 'strong' | 'weak' | 'bare';

function strengthAt(text: string, at: number): { strength: NameStrength; end: number } {
  const hasAws = AWS_BEFORE_RE.test(text.slice(Math.max(0, at - 4), at));
  NAME_TAIL_RE.lastIndex = at + WORD_LENGTH;
  const tail = NAME_TAIL_RE.exec(text);
  const end = at + WORD_LENGTH + (tail?.[0].length ?? 0);
  if (tail?.[1] !== undefined || hasAws) {
    return { strength: 'strong', end };
  }
  return { strength: tail?.[2] === undefined ? 'bare' : 'weak', end };
}

function valueAfter(text: string, at: number): SecretCandidate | undefined {
  TO_VALUE_RE.lastIndex = at;
  const connector = TO_VALUE_RE.exec(text);
  if (connector === null) {
    return undefined;
  }
  const start = at + connector[0].length;
  const value = secretValueAt(text, start);
  return value === undefined ? undefined : { start, value };
}

// Not among the rules' `asks`: asked only about files with a weak candidate, and a three-letter
// word would slow the keyword pass over every file.
function isAwsFile(file: SourceFile): boolean {
  return TERRAFORM_PATH_RE.test(file.path) || file.hasKeyword('aws');
}

function fromNames(
  file: SourceFile,
  text: string,
  keyIds: readonly KeyIdMatch[],
): SecretCandidate[] {
  const found: SecretCandidate[] = [];

  for (const match of text.matchAll(SECRET_WORD_RE)) {
    const { strength, end } = strengthAt(text, match.index);
    const candidate = valueAfter(text, end);
    if (candidate === undefined) {
      continue;
    }
    const isNear = nearestKeyId(keyIds, candidate.start) !== undefined;
    if (strength === 'strong' || isNear || (strength === 'weak' && isAwsFile(file))) {
      found.push(candidate);
    }
  }

  return found;
}

/** The stretches of text within pairing distance of a key ID, merged where they overlap. */
function windowsAround(text: string, keyIds: readonly KeyIdMatch[]): [number, number][] {
  const windows: [number, number][] = [];
  for (const keyId of keyIds) {
    const from = Math.max(0, keyId.start - PAIR_DISTANCE);
    const to = Math.min(text.length, keyId.start + keyId.value.length + PAIR_DISTANCE);
    const last = windows.at(-1);
    if (last !== undefined && from <= last[1]) {
      last[1] = to;
    } else {
      windows.push([from, to]);
    }
  }
  return windows;
}

/** Secret-like names and adjacent values in the text around each key ID. */
function nearKeyIds(text: string, keyIds: readonly KeyIdMatch[]): SecretCandidate[] {
  const found: SecretCandidate[] = [];

  for (const keyId of keyIds) {
    AFTER_KEY_ID_RE.lastIndex = keyId.start + keyId.value.length;
    const gap = AFTER_KEY_ID_RE.exec(text);
    const adjacent = gap === null ? undefined : secretValueAt(text, AFTER_KEY_ID_RE.lastIndex);
    if (adjacent !== undefined) {
      found.push({ start: AFTER_KEY_ID_RE.lastIndex, value: adjacent });
    }
  }

  for (const [from, to] of windowsAround(text, keyIds)) {
    for (const match of text.slice(from, to).matchAll(GENERIC_NAME_RE)) {
      // Read the value again in the whole text: the window's end is no end of the value.
      const start = from + match.index + match[0].length;
      const value = secretValueAt(text, start);
      if (value !== undefined) {
        found.push({ start, value });
      }
    }
  }

  return found;
}

function fromCsv(text: string): SecretCandidate[] {
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')));
  if (!firstLine.toLowerCase().includes('secret')) {
    return [];
  }
  return csvColumnCells(text, (name) => SECRET_COLUMN_RE.test(name)).flatMap((cell) => {
    const value = secretValueAt(text, cell.start);
    return value !== undefined && value.length === cell.value.trim().length
      ? [{ start: cell.start, value }]
      : [];
  });
}

/** Every 40-character value whose context makes it an AWS secret, once per offset, in order. */
export function secretCandidatesOf(
  file: SourceFile,
  keyIds: readonly KeyIdMatch[],
): SecretCandidate[] {
  const text = file.text ?? '';
  const all = [...fromNames(file, text, keyIds), ...nearKeyIds(text, keyIds), ...fromCsv(text)];
  const byStart = new Map(all.map((candidate) => [candidate.start, candidate]));
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}
