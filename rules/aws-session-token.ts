import { shannonEntropy } from '../src/engine/entropy.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { SourceFile } from '../src/engine/types.js';
import { CONNECTOR_SOURCE, NAME_SUFFIX_SOURCE, csvColumnCells } from './lib/assignments.js';
import { awsIncidentHelp } from './lib/aws-help.js';
import { looksLikePlaceholder } from './lib/placeholders.js';

/**
 * An STS session token under a name that says so: `aws_session_token`, `AWS_SESSION_TOKEN`,
 * `SessionToken`, `sessionToken`, the legacy `aws_security_token`, or `X-Amz-Security-Token`
 * in a presigned URL. Tokens are long base64 (hundreds of characters, URL-encoded in query
 * strings), so 100 characters of the alphabet is the floor.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_Credentials.html
 */

/** The names. Matches "aws_session_token", "SessionToken", "X-Amz-Security-Token". */
const NAME_RE = /(?:session|security)[_\-. ]?token/gi;

/**
 * The token after its name: base64 or its URL-encoded form, 100 characters or more, ending
 * the run. The class has no `_` or `.`, so a greedy run stops at the next name.
 */
const VALUE_RE = new RegExp(
  `${NAME_SUFFIX_SOURCE}${CONNECTOR_SOURCE}([A-Za-z0-9+/%]{100,}={0,2})(?![A-Za-z0-9+/%=])`,
  'y',
);

/** Random base64 of this length scores near 6 bits a character; prose and fillers far less. */
const MIN_ENTROPY = 4.5;

/** A `credentials.csv`-style column of tokens. Matches "SessionToken", "aws_session_token". */
const COLUMN_RE = /^(?:aws[_ ]?)?session[_ ]?token$/i;

/**
 * Every spelling NAME_RE and COLUMN_RE accept, as literals for the prefilter: `session` and
 * `security` alone occur in ordinary code so often that they let most files through.
 */
const NAME_KEYWORDS = ['session', 'security'].flatMap((word) =>
  ['', '_', '-', '.', ' '].map((separator) => `${word}${separator}token`),
);

const SAMPLE_TOKEN = 'IQoJb3JpZ2luX2VjE' + 'Kx9mQ2vR7tZ4pL8wN3sF6hJ1dG5bC0yU'.repeat(4) + 'Aw==';

interface Token {
  readonly start: number;
  readonly value: string;
}

function tokensOf(file: SourceFile): Token[] {
  const text = file.text ?? '';
  const found: Token[] = [];

  // Every name NAME_RE matches is one of NAME_KEYWORDS, so nothing before the first of them
  // can match: in history most files with a name mention it far from their start.
  NAME_RE.lastIndex = file.firstKeywordAt?.(NAME_KEYWORDS) ?? 0;
  for (const match of text.matchAll(NAME_RE)) {
    VALUE_RE.lastIndex = match.index + match[0].length;
    const value = VALUE_RE.exec(text)?.[1];
    if (value !== undefined) {
      found.push({ start: VALUE_RE.lastIndex - value.length, value });
    }
  }
  for (const cell of csvColumnCells(text, (name) => COLUMN_RE.test(name))) {
    found.push({ start: cell.start, value: cell.value.trim() });
  }

  return found.filter(
    (token) => shannonEntropy(token.value) >= MIN_ENTROPY && !looksLikePlaceholder(token.value, 8),
  );
}

export default defineRule({
  kind: 'content',
  id: 'aws-session-token',
  description: 'Detect AWS STS session tokens under a session-token name',
  severity: 'error',
  provider: 'aws',
  tags: ['security', 'secret', 'aws'],
  since: '0.1.0',
  stability: 'preview',
  keywords: NAME_KEYWORDS,
  help: awsIncidentHelp(
    'A session token completes a temporary (`ASIA...`) key: with the key ID and secret it ' +
      'signs requests as the role that issued it until the session expires.',
  ),
  messages: {
    sessionToken:
      'AWS session token found; it belongs to a temporary key, so revoke the sessions of the ' +
      'role that issued it.',
  },
  examples: {
    flagged: [
      { text: `aws_session_token = ${SAMPLE_TOKEN}\n`, path: '.aws/credentials' },
      { text: `  "SessionToken": "${SAMPLE_TOKEN}",\n`, path: 'sts-output.json' },
    ],
    notFlagged: [
      { text: 'AWS_SESSION_TOKEN=${AWS_SESSION_TOKEN}\n', note: 'a reference' },
      { text: `session_token = "${'x'.repeat(120)}"\n`, note: 'a placeholder' },
      { text: `cache = ${SAMPLE_TOKEN}\n`, note: 'no session-token name' },
    ],
  },
  check(file, report) {
    const seen = new Set<number>();
    for (const token of tokensOf(file)) {
      if (!seen.has(token.start)) {
        seen.add(token.start);
        report({ messageId: 'sessionToken', start: token.start, value: token.value });
      }
    }
  },
});
