import { defineRule } from '../src/engine/define-rule.js';

/**
 * A PEM or OpenSSH private key block with a body: `-----BEGIN <label>PRIVATE KEY-----`, base64,
 * `-----END <label>PRIVATE KEY-----` (RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8 without a label,
 * and PGP's `PRIVATE KEY BLOCK`). Public keys and certificates have other labels; a header
 * quoted in prose has no body. https://www.rfc-editor.org/rfc/rfc7468
 *
 * Blocks are found by literal searches, not a regex over the text: each END is paired with the
 * nearest BEGIN before it, so adversarial input (a megabyte of BEGIN lines, no END) stays
 * linear; only the bodies between them are read by the small regexes below.
 */

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';

/** The longest label looked at; real ones are under 30 characters. */
const MAX_LABEL = 40;

/** Labels of private keys. Matches "RSA PRIVATE KEY", "PRIVATE KEY"; not "PUBLIC KEY". */
const LABEL_RE = /^(?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?$/;

/** A body has at least this many base64 characters; "anything" or "..." is not a key. */
const MIN_BODY_CHARS = 40;

/** Share of base64 characters among the body's visible ones; prose falls far below. */
const MIN_BODY_SHARE = 0.9;

/** Escaped line breaks of a key pasted into a JSON or code string. Matches "\n" and "\r". */
const ESCAPED_BREAK_RE = /\\[nr]/g;

/** Header lines of encrypted PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: ...`) and PGP. */
const HEADER_LINE_RE = /^[\t ]*[A-Za-z-]+: .*$/gm;

/** Whitespace and the quotes, commas and `+` of a key split over string literals. */
const IGNORED_RE = /[\s"'`,+\\]/g;
const BASE64_RE = /[A-Za-z0-9+/=]/g;

function labelAt(text: string, begin: number): string | undefined {
  const start = begin + BEGIN.length;
  const close = text.indexOf(DASHES, start);
  if (close === -1 || close - start > MAX_LABEL) {
    return undefined;
  }
  const label = text.slice(start, close);
  return LABEL_RE.test(label) ? label : undefined;
}

function hasKeyBody(body: string): boolean {
  const unwrapped = body.replace(ESCAPED_BREAK_RE, '\n').replace(HEADER_LINE_RE, '');
  const base64 = unwrapped.match(BASE64_RE)?.length ?? 0;
  const visible = unwrapped.replace(IGNORED_RE, '').length;
  return base64 >= MIN_BODY_CHARS && base64 >= visible * MIN_BODY_SHARE;
}

interface Block {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let from = 0;

  for (;;) {
    const first = text.indexOf(BEGIN, from);
    const end = first === -1 ? -1 : text.indexOf(END, first);
    if (end === -1) {
      return blocks;
    }
    // The BEGIN nearest before this END opens the block; earlier ones were never closed.
    const begin = text.lastIndexOf(BEGIN, end);
    const label = labelAt(text, begin);
    const closing = `${END}${label ?? ''}${DASHES}`;
    const bodyStart = begin + BEGIN.length + (label?.length ?? 0) + DASHES.length;
    const isClosed = label !== undefined && text.startsWith(closing, end);
    if (isClosed && hasKeyBody(text.slice(bodyStart, end))) {
      blocks.push({ start: begin, end: end + closing.length, label });
    }
    from = end + END.length;
  }
}

const SAMPLE_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' + 'BKcwggSjAgEAAoIBAQC7'.repeat(3);

export default defineRule({
  kind: 'content',
  id: 'private-key',
  description: 'Detect PEM and OpenSSH private key blocks with a body',
  severity: 'error',
  tags: ['security', 'secret'],
  since: '0.1.0',
  stability: 'preview',
  keywords: ['private key'],
  help: [
    'A private key proves an identity (a server, a deploy key, a signing key) to whoever holds it.',
    '1. Treat the key as compromised: revoke what trusts it now (remove the public key from',
    '   `authorized_keys` and deploy-key settings, revoke the certificate, rotate the key pair).',
    '2. Generate a new key pair and install the new public key where the old one was trusted.',
    '3. Check the logs of the systems that trusted it for use since it was committed.',
    '4. Remove the key from the code and purge it from git history (`git filter-repo`); keep',
    '   keys in a secret store or an SSH agent, never in the repository.',
  ].join('\n'),
  messages: {
    privateKey: 'Private key ({{label}}) found; revoke it and issue a new key pair.',
  },
  examples: {
    flagged: [
      {
        text: `-----BEGIN PRIVATE KEY-----\n${SAMPLE_BODY}\n-----END PRIVATE KEY-----\n`,
        path: 'deploy/key.pem',
      },
    ],
    notFlagged: [
      { text: 'Paste it between -----BEGIN PRIVATE KEY----- and -----END PRIVATE KEY-----.\n' },
      { text: `-----BEGIN PUBLIC KEY-----\n${SAMPLE_BODY}\n-----END PUBLIC KEY-----\n` },
      { text: 'const HEADER = "-----BEGIN RSA PRIVATE KEY-----";\n', note: 'a header, no body' },
    ],
  },
  check(file, report) {
    for (const block of blocksOf(file.text ?? '')) {
      report({
        messageId: 'privateKey',
        data: { label: block.label },
        start: block.start,
        end: block.end,
        value: (file.text ?? '').slice(block.start, block.end),
        properties: { keyType: block.label },
      });
    }
  },
});
