import { defineRule } from '../src/engine/define-rule.js';
import { hasExampleWord, hasRepeatedRun } from './lib/placeholders.js';

/**
 * Amazon Bedrock API keys. Long-term keys are `ABSK` followed by base64 that starts with the
 * encoding of `BedrockAPIKey-`; short-term keys are `bedrock-api-key-` followed by a base64
 * presigned URL whose host, `bedrock.amazonaws.com`, always encodes to the same characters.
 * https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html
 */

/** `ABSK` and the base64 of `BedrockAPIKey-`: the start of every long-term key. */
const LONG_PREFIX = 'ABSK' + 'QmVkcm9ja0FQSUtleS';

/** `bedrock-api-key-` and the base64 of `bedrock.amazonaws.com`: every short-term key's start. */
const SHORT_PREFIX = 'bedrock-api-key-' + 'YmVkcm9jay5hbWF6b25hd3MuY29t';

/**
 * A long-term key: the prefix, 100 to 400 base64 characters, padding, and the end of the run.
 * Matches LONG_PREFIX + 130 base64 characters + "=". Does not match LONG_PREFIX + "1".
 */
const LONG_TERM_RE = new RegExp(
  `(?<![A-Za-z0-9+/])${LONG_PREFIX}[A-Za-z0-9+/]{100,400}={0,2}(?![A-Za-z0-9+/=])`,
  'g',
);

/**
 * A short-term key: the prefix, the rest of the base64 presigned URL and an optional
 * `&Version=1`. Matches SHORT_PREFIX + "...&Version=1". Does not match "bedrock-api-key-" alone.
 */
const SHORT_TERM_RE = new RegExp(
  `(?<![A-Za-z0-9-])${SHORT_PREFIX}[A-Za-z0-9+/]*={0,2}(?:&Version=\\d+)?(?![A-Za-z0-9+/=])`,
  'g',
);

/** A placeholder body: an `EXAMPLE` marker or ten equal characters in a row. */
const PLACEHOLDER_RUN = 10;

const SAMPLE_BODY = 'Lt5vN8qW2zR6kP1xF4mJ9cB3hD7sG0aYuE'.repeat(4);

function isPlaceholder(value: string): boolean {
  return hasExampleWord(value) || hasRepeatedRun(value, PLACEHOLDER_RUN);
}

export default defineRule({
  kind: 'content',
  id: 'aws-bedrock-api-key',
  description: 'Detect Amazon Bedrock API keys, long-term and short-term',
  severity: 'error',
  provider: 'aws',
  tags: ['security', 'secret', 'aws'],
  since: '0.1.0',
  stability: 'preview',
  keywords: ['absk', 'bedrock-api-key-'],
  help: [
    'A Bedrock API key calls Bedrock models as its IAM user; usage is billed to the account.',
    '1. Long-term key (`ABSK...`): delete or deactivate it now (IAM console, the user, "API keys',
    '   for Amazon Bedrock"; or `aws iam delete-service-specific-credential`), then create a new',
    '   one. Short-term key (`bedrock-api-key-...`): it lasts at most 12 hours and cannot be',
    '   revoked alone; revoke the sessions of the role that created it.',
    '2. Update every application that used the key; keep keys in the environment or a store.',
    '3. Check CloudTrail for Bedrock calls with the key and review Bedrock billing.',
    '4. Remove the key from the code and purge it from git history (`git filter-repo`).',
  ].join('\n'),
  messages: {
    longTermKey: 'Amazon Bedrock API key (long-term) found; delete it in IAM and create a new one.',
    shortTermKey:
      'Amazon Bedrock API key (short-term, valid up to 12 hours) found; revoke the sessions of ' +
      'the role that created it.',
  },
  examples: {
    flagged: [
      { text: `AWS_BEARER_TOKEN_BEDROCK=${LONG_PREFIX}${SAMPLE_BODY}=\n`, path: '.env.local' },
      { text: `token = "${SHORT_PREFIX}${SAMPLE_BODY}&Version=1"\n`, path: 'client.py' },
    ],
    notFlagged: [
      { text: 'prefix = "bedrock-api-key-"\n', note: 'the prefix alone' },
      { text: `key = ${LONG_PREFIX}${'EXAMPLE'.repeat(16)}\n`, note: 'a placeholder' },
      { text: `key = ${LONG_PREFIX}1\n`, note: 'too short to be a key' },
    ],
  },
  check(file, report) {
    const text = file.text ?? '';
    const kinds = [
      { pattern: LONG_TERM_RE, messageId: 'longTermKey', keyType: 'long-term' },
      { pattern: SHORT_TERM_RE, messageId: 'shortTermKey', keyType: 'short-term' },
    ];
    for (const { pattern, messageId, keyType } of kinds) {
      for (const match of text.matchAll(pattern)) {
        if (!isPlaceholder(match[0].slice(LONG_PREFIX.length))) {
          report({ messageId, start: match.index, value: match[0], properties: { keyType } });
        }
      }
    }
  },
});
