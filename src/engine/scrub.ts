import { redact } from './redact.js';

/**
 * Masks secrets that other findings quote. A finding that is not itself secret (an IAM action,
 * a resource ARN, a path) shows its value verbatim, and that value can hold a secret another
 * rule found in the same file: `"Resource": "arn:aws:s3:::AKIA…/*"` would print the key in the
 * IAM finding's message and preview while the key's own finding is redacted. Every secret value
 * of the file is masked wherever a message or preview repeats it.
 */

/** Secrets are looked up by their first characters; shorter values are shown as nothing anyway. */
const PREFIX_LENGTH = 8;

/** Finds the secrets of one file in free text, in time linear in the text. */
export interface SecretScrubber {
  scrub(text: string): string;
}

const NOTHING_TO_SCRUB: SecretScrubber = { scrub: (text) => text };

/**
 * Builds the scrubber for a file's secret values. Values are indexed by their first
 * {@link PREFIX_LENGTH} characters, so scrubbing a message costs one lookup per character rather
 * than one search per secret (a file can hold tens of thousands of keys).
 */
export function createScrubber(secretValues: Iterable<string>): SecretScrubber {
  const byPrefix = new Map<string, string[]>();
  for (const value of new Set(secretValues)) {
    if (value.length < PREFIX_LENGTH) {
      continue;
    }
    const prefix = value.slice(0, PREFIX_LENGTH);
    const bucket = byPrefix.get(prefix) ?? [];
    bucket.push(value);
    byPrefix.set(prefix, bucket);
  }
  if (byPrefix.size === 0) {
    return NOTHING_TO_SCRUB;
  }

  // Longest first, so a value that extends another is masked whole.
  for (const bucket of byPrefix.values()) {
    bucket.sort((a, b) => b.length - a.length);
  }
  return { scrub: (text) => scrubText(text, byPrefix) };
}

function scrubText(text: string, byPrefix: ReadonlyMap<string, readonly string[]>): string {
  let out = '';
  let copied = 0;

  for (let at = 0; at + PREFIX_LENGTH <= text.length; at++) {
    const bucket = byPrefix.get(text.slice(at, at + PREFIX_LENGTH));
    const value = bucket?.find((candidate) => text.startsWith(candidate, at));
    if (value !== undefined) {
      out += text.slice(copied, at) + redact(value);
      at += value.length - 1;
      copied = at + 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
