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
