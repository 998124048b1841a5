import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, test } from 'vitest';

import { DEFAULT_REQUIRED_ENTRIES, isRequiredPath } from '../../src/gitignore/required.js';

// isRequiredPath turns most paths away on literal text alone, before the ignore library runs.
// These check that the shortcut never changes an answer.

/** The answer without the shortcut. */
function matcherSays(entries: readonly string[], path: string): boolean {
  return ignore({ ignorecase: false })
    .add([...entries])
    .ignores(path);
}

const configWith = (required: readonly string[]) => ({ gitignore: { required } });

describe('isRequiredPath', () => {
  test.each([
    ['.env', true],
    ['src/.env', true],
    ['deploy/prod.env', true],
    ['.env.example', false],
    ['logs/app.txt', true],
    ['src/logs/trace.txt', true],
    ['catalogs/item.ts', false],
    ['server.log', true],
    ['.aws/credentials', true],
    ['docs/aws-credentials.md', false],
    ['src/index.ts', false],
  ])('the default entries on %s: %s', (path, expected) => {
    expect(isRequiredPath(path, {})).toBe(expected);
    expect(matcherSays(DEFAULT_REQUIRED_ENTRIES, path)).toBe(expected);
  });

  test.each([
    [['[Ll]ogs/'], 'Logs/today.txt'],
    [['\\#notes'], '#notes'],
    [['**/secrets/**'], 'a/secrets/b'],
    [['/build'], 'build'],
    [['*'], 'anything'],
  ])('entries %j still match %s', (entries, path) => {
    expect(isRequiredPath(path, configWith(entries))).toBe(true);
    expect(matcherSays(entries, path)).toBe(true);
  });

  test('agrees with the ignore library on generated entries and paths', () => {
    // A small alphabet, so that generated paths often contain generated entries' text.
    const segment = fc.stringMatching(/^[ab.e]{1,4}$/);
    const entry = fc
      .array(fc.oneof(segment, fc.constantFrom('*', '**', '?', '[ab]')), {
        minLength: 1,
        maxLength: 3,
      })
      .map((parts) => parts.join('/'))
      .filter((text) => text !== '' && !text.startsWith('#') && !text.startsWith('!'));
    // Git never lists "." or ".." as a path segment.
    const name = segment.filter((text) => text !== '.' && text !== '..');
    const path = fc.array(name, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));

    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 3 }), path, (entries, file) => {
        const config = configWith(entries);
        expect(isRequiredPath(file, config)).toBe(matcherSays(entries, file));
      }),
      { numRuns: 2000 },
    );
  });
});
