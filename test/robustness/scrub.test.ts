import { describe, expect, test } from 'vitest';

import { createScrubber } from '../../src/engine/scrub.js';
import { fakeAccessKeyId, fakeSecretAccessKey } from '../helpers/fake-secrets.js';

const KEY = fakeAccessKeyId('AKIA', 9001);
const SECRET = fakeSecretAccessKey(9002);

describe('masking secrets that other findings quote', () => {
  test.each([
    [
      `Resource \`arn:aws:s3:::${KEY}/*\` is public.`,
      'Resource `arn:aws:s3:::AKIA********/*` is public.',
    ],
    [`${KEY}:Get and ${KEY}`, 'AKIA********:Get and AKIA********'],
    [`secret=${SECRET};`, `secret=${SECRET.slice(0, 4)}********;`],
    ['nothing here', 'nothing here'],
  ])('%j', (text, expected) => {
    expect(createScrubber([KEY, SECRET]).scrub(text)).toBe(expected);
  });

  test('a value that extends another is masked whole', () => {
    const longer = `${KEY}EXTRA`;

    expect(createScrubber([KEY, longer]).scrub(`x ${longer} y`)).toBe('x AKIA******** y');
  });

  test('values shorter than 8 characters are left alone', () => {
    expect(createScrubber(['abc']).scrub('abc abc')).toBe('abc abc');
  });

  test('30,000 secrets and 30,000 messages take linear time', () => {
    const keys = Array.from({ length: 30_000 }, (_, index) =>
      fakeAccessKeyId('AKIA', 30_000 + index),
    );
    const { scrub } = createScrubber(keys);
    const started = performance.now();

    const masked = keys.map((key) => scrub(`Resource \`arn:aws:s3:::${key}/*\` is public.`));

    // Every key is an AKIA key, so every masked message is the same text.
    const expected = 'Resource `arn:aws:s3:::AKIA********/*` is public.';
    expect(new Set(masked)).toEqual(new Set([expected]));
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
