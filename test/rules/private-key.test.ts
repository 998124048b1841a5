import { describe, expect, test } from 'vitest';

import rule from '../../rules/private-key.js';
import { fakePrivateKey } from '../helpers/fake-secrets.js';
import { runRule, testFormatMatrix, testRule, type FileFormat } from '../helpers/rule-tester.js';

const RSA = fakePrivateKey('RSA PRIVATE KEY', 51);
const OPENSSH = fakePrivateKey('OPENSSH PRIVATE KEY', 52);
const PKCS8 = fakePrivateKey('PRIVATE KEY', 53);
const PGP = fakePrivateKey('PGP PRIVATE KEY BLOCK', 54);
const ENCRYPTED_BODY = RSA.replace(
  '\n',
  '\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n',
);

/** Formats in which a multi-line key block is pasted, each with how the block is encoded. */
const KEY_FORMATS: readonly FileFormat[] = [
  { name: 'PEM file', path: 'deploy/id_rsa', template: '{{value}}\n' },
  {
    name: 'YAML block scalar',
    path: 'values.yaml',
    template: 'tls:\n  key: |\n    {{value}}\n',
    encode: (value) => value.replaceAll('\n', '\n    '),
  },
  {
    name: 'JSON with escaped newlines',
    path: 'service-account.json',
    template: '{\n  "type": "service_account",\n  "private_key": "{{value}}\\n"\n}\n',
    encode: (value) => value.replaceAll('\n', '\\n'),
  },
  { name: 'Python triple quotes', path: 'keys.py', template: 'KEY = """{{value}}"""\n' },
  {
    name: 'Terraform heredoc',
    path: 'main.tf',
    template: 'locals {\n  key = <<EOT\n{{value}}\nEOT\n}\n',
  },
  { name: '.env quoted', path: '.env', template: 'A=1\nPRIVATE_KEY="{{value}}"\n' },
  { name: 'Markdown fence', path: 'README.md', template: '# Key\n\n```\n{{value}}\n```\n' },
  {
    name: 'CRLF',
    path: 'key.pem',
    template: 'x\r\n{{value}}\r\n',
    encode: (value) => value.replaceAll('\n', '\r\n'),
  },
  { name: 'XML', path: 'config.xml', template: '<config>\n  <key>{{value}}</key>\n</config>\n' },
  {
    name: 'TypeScript concatenation',
    path: 'src/key.ts',
    template: "const key =\n  '{{value}}\\n';\n",
    encode: (value) => value.replaceAll('\n', "\\n' +\n  '"),
  },
  { name: 'shell heredoc', path: 'setup.sh', template: "cat > key.pem <<'EOF'\n{{value}}\nEOF\n" },
];

testRule(rule, {
  valid: [
    {
      text: '-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----',
      name: 'a short body',
    },
    {
      text: '-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----',
      name: 'no body',
    },
    { text: RSA.replaceAll('RSA PRIVATE', 'PUBLIC'), name: 'a public key' },
    { text: RSA.replaceAll('RSA PRIVATE KEY', 'CERTIFICATE'), name: 'a certificate' },
    { text: 'const HEADER = "-----BEGIN RSA PRIVATE KEY-----";', name: 'a quoted header' },
    {
      text:
        'Keys look like -----BEGIN RSA PRIVATE KEY----- then base64 lines, then the line ' +
        '-----END RSA PRIVATE KEY----- at the end, as the documentation of this tool explains.',
      name: 'a header in prose',
    },
    { text: RSA.split('\n').slice(0, -1).join('\n'), name: 'a block without its END line' },
    { text: RSA.replace('-----END RSA', '-----END EC'), name: 'mismatched END label' },
  ],
  invalid: [
    { text: RSA, line: 1, column: 1, message: 'Private key (RSA PRIVATE KEY) found' },
    { text: `x\n  ${OPENSSH}`, line: 2, column: 3, message: 'OPENSSH PRIVATE KEY' },
    { text: PKCS8, line: 1, column: 1 },
    { text: PGP, line: 1, column: 1, message: 'PGP PRIVATE KEY BLOCK' },
    { text: ENCRYPTED_BODY, line: 1, column: 1, name: 'an encrypted PEM with headers' },
    {
      text: `-----BEGIN RSA PRIVATE KEY-----\n-----BEGIN RSA PRIVATE KEY-----\n${RSA}`,
      line: 3,
      column: 1,
      name: 'after unterminated headers',
    },
  ],
});

describe('private-key in the formats keys are pasted in', () => {
  testFormatMatrix(
    rule,
    [
      { value: RSA, keys: { default: 'key' } },
      { value: OPENSSH, keys: { default: 'key' } },
    ],
    KEY_FORMATS,
  );
});

describe('private-key known limitations', () => {
  test.fails('misses a block whose END line was cut off', () => {
    expect(runRule(rule, RSA.split('\n').slice(0, -1).join('\n'))).toHaveLength(1);
  });
});
