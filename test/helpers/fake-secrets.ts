/**
 * Fake credentials, generated at test time so no literal secret lives in the test sources. The
 * generator is seeded: a failing test prints the same values on every run.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Mulberry32: small, fast, good enough to vary test data; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(alphabet: string, length: number, random: () => number): string {
  let out = '';
  for (let index = 0; index < length; index++) {
    out += alphabet[Math.floor(random() * alphabet.length)] ?? 'A';
  }
  return out;
}

const planted = new Set<string>();

/**
 * Every secret generated so far in this test file. `runCli` checks each run's output against
 * them, so a leak anywhere in the suite fails the test that caused it.
 */
export function plantedSecrets(): ReadonlySet<string> {
  return planted;
}

function plant(value: string): string {
  planted.add(value);
  return value;
}

/** An access key ID of the given type: prefix plus 16 random base32 characters. */
export function fakeAccessKeyId(prefix = 'AKIA', seed = 1): string {
  return plant(prefix + pick(BASE32, 16, seededRandom(seed)));
}

/** A 40-character secret access key of the base64 alphabet AWS uses. */
export function fakeSecretAccessKey(seed = 2): string {
  return plant(pick(BASE64, 40, seededRandom(seed)));
}

/**
 * An access key ID that encodes the given account, the way AWS lays out new key IDs: the first
 * 48 bits of the base32 body hold the account shifted left by 7, with the top bit set.
 */
export function fakeAccessKeyIdForAccount(prefix: string, account: string, seed = 3): string {
  const random = seededRandom(seed);
  const low = BigInt(Math.floor(random() * 128));
  const head = (1n << 47n) | (BigInt(account) << 7n) | low;
  const tail = BigInt(Math.floor(random() * 2 ** 32));
  let bits = (head << 32n) | tail;
  let body = '';
  for (let index = 0; index < 16; index++) {
    body = (BASE32[Number(bits & 31n)] ?? 'A') + body;
    bits >>= 5n;
  }
  return plant(prefix + body);
}

/** An STS-style session token: the usual `IQoJb3JpZ2luX2Vj` start, then random base64. */
export function fakeSessionToken(seed = 4, length = 360): string {
  return plant('IQoJb3JpZ2luX2Vj' + pick(BASE64, length - 18, seededRandom(seed)) + '==');
}

/** A long-term Bedrock API key: `ABSK`, the encoded `BedrockAPIKey-`, random base64. */
export function fakeBedrockLongTermKey(seed = 5): string {
  return plant('ABSK' + 'QmVkcm9ja0FQSUtleS' + pick(BASE64, 130, seededRandom(seed)) + '=');
}

/** A short-term Bedrock API key: `bedrock-api-key-` and a base64 presigned URL. */
export function fakeBedrockShortTermKey(seed = 6): string {
  const url = 'YmVkcm9jay5hbWF6b25hd3MuY29t' + pick(BASE64, 600, seededRandom(seed));
  return plant('bedrock-api-key-' + url + '&Version=1');
}

/** A PEM private key block with a random base64 body in 64-character lines. */
export function fakePrivateKey(label = 'RSA PRIVATE KEY', seed = 7, lines = 6): string {
  const random = seededRandom(seed);
  // Each body line is checked for leaks on its own: the block as a whole spans lines.
  const body = Array.from({ length: lines }, () => plant(pick(BASE64, 64, random)));
  return [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n');
}
