import { defineRule } from '../src/engine/define-rule.js';
import { awsCredentialsOf } from './lib/aws-credentials.js';
import { awsIncidentHelp } from './lib/aws-help.js';
import { accountPhrase, type KeyIdMatch } from './lib/key-ids.js';

/**
 * An AWS access key ID that can sign requests: `AKIA` (long-term IAM user key), `ASIA`
 * (temporary STS key), `ABIA` (STS service bearer token) or `ACCA` (context-specific
 * credential), then 16 base32 characters. IAM unique IDs (`AIDA`, `AROA`, ...) are not keys.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
 * The matching, the exclusions and the account decoding live in `lib/key-ids.ts`.
 */

const KEY_KINDS: Readonly<Record<string, string>> = {
  AKIA: 'long-term',
  ASIA: 'temporary, STS',
  ABIA: 'STS service bearer token',
  ACCA: 'context-specific',
};

const TEMPORARY_PREFIX = 'ASIA';

function messageIdOf(keyId: KeyIdMatch): string {
  const base = keyId.prefix === TEMPORARY_PREFIX ? 'temporaryKeyId' : 'accessKeyId';
  return keyId.paired ? `${base}Pair` : base;
}

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
  help: awsIncidentHelp(
    'An access key ID names a credential; with its secret access key it signs AWS requests.',
  ),
  messages: {
    accessKeyId:
      'AWS access key ID ({{kind}}) of {{account}} found; disable it in IAM and rotate it.',
    accessKeyIdPair:
      'AWS access key ID ({{kind}}) of {{account}} found with its secret access key: together ' +
      'they form a usable credential; disable the key in IAM now.',
    temporaryKeyId:
      'Temporary AWS access key ID (STS) of {{account}} found; revoke the sessions of the role ' +
      'that issued it.',
    temporaryKeyIdPair:
      'Temporary AWS access key ID (STS) of {{account}} found with its secret access key: ' +
      'together they form a usable credential until it expires; revoke the role sessions now.',
  },
  examples: {
    flagged: [
      { text: 'AWS_ACCESS_KEY_ID=AKIA' + 'Z7TBQ2XL5MWE3RVN\n', path: 'deploy.sh' },
      { text: 'const key = "ASIA' + 'Q4NW7XKZT2PLM5RB";\n', path: 'src/client.ts' },
    ],
    notFlagged: [
      { text: 'key: AKIAIOSFODNN7EXAMPLE\n', note: 'the documentation example key' },
      { text: 'id = "AIDA' + 'Z7TBQ2XL5MWE3RVN"\n', note: 'an IAM user unique ID, not a key' },
      { text: 'key = AKIA' + 'XXXXXXXXXXXXXXXX\n', note: 'a placeholder' },
      { text: 'blob: xAKIA' + 'Z7TBQ2XL5MWE3RVNq\n', note: 'inside a longer alphanumeric run' },
    ],
  },
  check(file, report) {
    for (const keyId of awsCredentialsOf(file).keyIds) {
      report({
        messageId: messageIdOf(keyId),
        data: { kind: KEY_KINDS[keyId.prefix] ?? keyId.prefix, account: accountPhrase(keyId) },
        start: keyId.start,
        value: keyId.value,
        properties: {
          keyType: keyId.prefix,
          temporary: keyId.prefix === TEMPORARY_PREFIX,
          paired: keyId.paired,
          ...(keyId.accountId === undefined ? {} : { accountId: keyId.accountId }),
        },
      });
    }
  },
});
