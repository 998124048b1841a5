import { defineRule } from '../src/engine/define-rule.js';

/**
 * An AWS access key ID: a four-letter prefix naming the key type, then 16 characters of the
 * base32 alphabet AWS uses. Only the prefixes of keys that can sign requests are matched:
 * AKIA (long-term IAM user key), ASIA (temporary STS key), ABIA (STS service bearer token) and
 * ACCA (context-specific credential). IAM unique IDs such as AIDA or AROA name a principal and
 * grant nothing, so they are not matched. The lookarounds keep the match out of longer
 * alphanumeric runs such as base64 blobs and hashes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 *
 * Matches "AKIA" + "Z7TBQ2XL5MWE3RVN". Does not match "xAKIA" + "Z7TBQ2XL5MWE3RVN".
 */
const KEY_ID_RE = /(?<![A-Za-z0-9])(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g;

/** The documentation keys (`AKIAIOSFODNN7EXAMPLE` and friends) end in this word. */
const EXAMPLE_SUFFIX = 'EXAMPLE';

const KEY_KINDS: Record<string, string> = {
  AKIA: 'long-term',
  ASIA: 'temporary (STS)',
  ABIA: 'STS service bearer token',
  ACCA: 'context-specific',
};

export default defineRule({
  kind: 'content',
  id: 'aws-access-key-id',
  description: 'Detect AWS access key IDs that can sign requests',
  severity: 'error',
  provider: 'aws',
  tags: ['security', 'secret', 'aws'],
  since: '0.1.0',
  stability: 'preview',
  keywords: ['akia', 'asia', 'abia', 'acca'],
  help: [
    'An access key ID identifies a credential; with its secret key it signs AWS requests.',
    '1. Disable the key in IAM now (`aws iam update-access-key --status Inactive`).',
    '2. Issue a new key and update the applications that use it.',
    '3. Check CloudTrail for calls made with the old key, then delete it.',
    '4. Remove it from the code and from git history; keep credentials in the environment.',
  ].join('\n'),
  messages: {
    accessKeyId: 'AWS access key ID ({{kind}}) found; disable it in IAM and rotate it.',
  },
  examples: {
    flagged: [
      { text: 'AWS_ACCESS_KEY_ID=AKIA' + 'Z7TBQ2XL5MWE3RVN\n', path: 'deploy.sh' },
      { text: 'const key = "ASIA' + 'Q4NW7XKZT2PLM5RB";\n', path: 'src/client.ts' },
    ],
    notFlagged: [
      { text: 'key: AKIAIOSFODNN7EXAMPLE\n', note: 'the documentation example key' },
      { text: 'id = "AIDA' + 'Z7TBQ2XL5MWE3RVN"\n', note: 'an IAM user unique ID, not a key' },
      { text: 'blob: xAKIA' + 'Z7TBQ2XL5MWE3RVNq\n', note: 'inside a longer alphanumeric run' },
    ],
  },
  check(file, report) {
    const text = file.text ?? '';
    for (const match of text.matchAll(KEY_ID_RE)) {
      const value = match[0];
      if (value.endsWith(EXAMPLE_SUFFIX)) {
        continue;
      }
      const prefix = match[1] ?? '';
      report({
        messageId: 'accessKeyId',
        data: { kind: KEY_KINDS[prefix] ?? prefix },
        start: match.index,
        value,
        properties: { keyType: prefix },
      });
    }
  },
});
