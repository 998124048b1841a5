import { fakeAccessKeyIdForAccount, fakeSecretAccessKey, seededRandom } from './fake-secrets.js';

/**
 * Inputs built to make a regex backtrack: one long line of the characters a rule's pattern
 * accepts, its key names over and over, unterminated PEM headers. A linear scan takes about as
 * long on them as on ordinary text of the same size; a super-linear one takes seconds or more.
 */

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomRun(alphabet: string, length: number, seed: number): string {
  const random = seededRandom(seed);
  const chars: string[] = [];
  for (let index = 0; index < length; index++) {
    chars.push(alphabet[Math.floor(random() * alphabet.length)] ?? 'A');
  }
  return chars.join('');
}

function repeatTo(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/** The adversarial inputs, each `size` characters on a single line (PEM headers aside). */
export function adversarialInputs(size: number): readonly { name: string; text: string }[] {
  const keyId = fakeAccessKeyIdForAccount('AKIA', '123456789012', 61);
  const secret = fakeSecretAccessKey(62);
  const base64 = randomRun(BASE64, size, 63);

  return [
    { name: 'a base64 run', text: base64 },
    { name: 'a key name, then a base64 run', text: `aws_secret_access_key=${base64}` },
    { name: 'a session-token name, then a base64 run', text: `aws_session_token=${base64}` },
    {
      name: 'a session-token name, then a repeated random unit',
      text: `aws_session_token=${repeatTo(base64.slice(0, 64), size)}x`,
    },
    { name: 'a Bedrock prefix, then a base64 run', text: `ABSK${'QmVkcm9ja0FQSUtleS'}${base64}` },
    { name: 'repeated secret key names', text: repeatTo('aws_secret_access_key=', size) },
    { name: 'repeated session-token names', text: repeatTo('AWS_SESSION_TOKEN: ', size) },
    { name: 'repeated key-ID prefixes', text: repeatTo('AKIA', size) },
    { name: 'repeated ASIA letters', text: repeatTo('ASIASIA', size) },
    { name: 'key IDs and generic names', text: repeatTo(`${keyId} key: `, size) },
    {
      name: 'key IDs with 39-character values',
      text: repeatTo(`${keyId}:${secret.slice(1)} `, size),
    },
    { name: 'secret words', text: repeatTo('secret secret_key SecretAccessKey ', size) },
    { name: 'unterminated PEM headers', text: repeatTo('-----BEGIN RSA PRIVATE KEY-----\n', size) },
    {
      name: 'PEM headers and one END',
      text: `${repeatTo('-----BEGIN PRIVATE KEY-----', size)}-----END PRIVATE KEY-----`,
    },
    { name: 'repeated Bedrock prefixes', text: repeatTo('bedrock-api-key-', size) },
  ];
}
