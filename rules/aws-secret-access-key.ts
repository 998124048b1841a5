import { defineRule } from '../src/engine/define-rule.js';
import { awsCredentialsOf } from './lib/aws-credentials.js';
import { awsIncidentHelp } from './lib/aws-help.js';
import { accountPhrase } from './lib/key-ids.js';

/**
 * An AWS secret access key: 40 characters of `[A-Za-z0-9/+]` (it may end in `+` or `/`) whose
 * context makes it one, because nothing in the value itself says "AWS". The contexts, the
 * entropy floor and the placeholder tests live in `lib/secret-candidates.ts` and
 * `lib/aws-credentials.ts`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
 */

/** Shown in examples; assembled so that no secret-shaped literal sits in this file. */
const SAMPLE_SECRET = 'q7Rk2Lw9Tz' + 'X4bN8cVp1M' + 'sD6fH3jY0u' + 'E5gA/iKo+W';

export default defineRule({
  kind: 'content',
  id: 'aws-secret-access-key',
  description: 'Detect AWS secret access keys named as such or next to their key ID',
  severity: 'error',
  provider: 'aws',
  tags: ['security', 'secret', 'aws'],
  since: '0.1.0',
  stability: 'preview',
  keywords: ['secret', 'akia', 'asia', 'abia', 'acca'],
  help: awsIncidentHelp(
    'A secret access key signs AWS requests for its access key ID; whoever has both acts as ' +
      'the key owner.',
  ),
  messages: {
    secretAccessKey: 'AWS secret access key found; disable its access key in IAM and rotate it.',
    secretAccessKeyPair:
      'AWS secret access key found with its access key ID of {{account}}: together they form a ' +
      'usable credential; disable the key in IAM now.',
  },
  examples: {
    flagged: [
      { text: `aws_secret_access_key = ${SAMPLE_SECRET}\n`, path: '.aws/credentials' },
      { text: `secretAccessKey: '${SAMPLE_SECRET}',\n`, path: 'src/s3.ts' },
    ],
    notFlagged: [
      { text: 'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n', note: 'a reference' },
      {
        text: `aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG' + '/bPxRfiCYEXAMPLEKEY'}\n`,
        note: 'the documentation example secret',
      },
      { text: `commit = ${'0123456789abcdef'.repeat(3).slice(0, 40)}\n`, note: 'a hex digest' },
      { text: `value = ${SAMPLE_SECRET}\n`, note: 'no context says it is an AWS secret' },
    ],
  },
  check(file, report) {
    for (const secret of awsCredentialsOf(file).secrets) {
      const keyId = secret.pairedWith;
      report({
        messageId: keyId === undefined ? 'secretAccessKey' : 'secretAccessKeyPair',
        data: { account: accountPhrase(keyId) },
        start: secret.start,
        value: secret.value,
        properties: {
          paired: keyId !== undefined,
          ...(keyId?.accountId === undefined ? {} : { accountId: keyId.accountId }),
        },
      });
    }
  },
});
