import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { keywordVariants } from '../../src/engine/prefilter.js';
import { hasKeyword } from '../../src/scanners/history-prefilter.js';

/** The engine's own test: any of the keyword's spellings, searched one by one. */
function engineHas(bytes: Buffer, keyword: string): boolean {
  return keywordVariants(keyword).some((word) => bytes.indexOf(word, 0, 'latin1') !== -1);
}

describe('hasKeyword', () => {
  test.each([
    ['akia', 'id = akia', true],
    ['akia', 'ID = AKIA', true],
    ['akia', 'Akia here', true],
    ['akia', 'aKIA is not a spelling', false],
    ['akia', 'kia at the start', false],
    ['akia', 'nothing', false],
    ['secret', 'client_SECRET=', true],
    ['x', 'X marks', true],
  ])('for %j in %j says %s', (keyword, text, expected) => {
    expect(hasKeyword(Buffer.from(text, 'latin1'), keyword)).toBe(expected);
    expect(engineHas(Buffer.from(text, 'latin1'), keyword)).toBe(expected);
  });

  test('agrees with the engine on any text and keyword', () => {
    const letters = fc.constantFrom(...'aAkKiIsS -_'.split(''));
    const text = fc.array(letters, { maxLength: 40 }).map((chars) => chars.join(''));
    const keyword = fc.constantFrom('akia', 'asia', 'ki', 'aa', 'kisa', 's-k');

    fc.assert(
      fc.property(text, keyword, (sample, word) => {
        const bytes = Buffer.from(sample, 'latin1');
        expect(hasKeyword(bytes, word)).toBe(engineHas(bytes, word));
      }),
      { numRuns: 2000 },
    );
  });
});
