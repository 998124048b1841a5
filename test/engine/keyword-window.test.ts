import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { ContentRule } from '../../src/engine/types.js';
import { compileKeywords, indexKeywords, keywordWindow } from '../../src/engine/prefilter.js';
import { fakeAccessKeyId, fakeSecretAccessKey } from '../helpers/fake-secrets.js';

// In history, the keyword pass reads only the bytes of a blob that differ from a keyword-free
// version of the same path. These check that the shortcut never changes what is found.

const WORDS = ['secret', 'secret_key', 'akia', 'private key', 'session_token'];
const vocabulary = compileKeywords(WORDS);

/** Text made of pieces that are often keywords, parts of them, or neither. */
const pieces = fc.constantFrom(
  'sec',
  'ret',
  'secret',
  'SECRET',
  '_key',
  'ak',
  'IA',
  'akia',
  'private',
  ' key',
  'session',
  '_token',
  'x',
  ' ',
  '\n',
  'lorem ipsum ',
  'é',
  '\u00ff',
);
const text = fc.array(pieces, { maxLength: 40 }).map((parts) => parts.join(''));

/** The words a full search finds, by asking for each. */
function wordsIn(bytes: Buffer, window?: { start: number; end: number }): string[] {
  const index = indexKeywords(bytes, undefined, vocabulary, window);
  return WORDS.filter((word) => index.has(word));
}

describe('keywordWindow', () => {
  test('a keyword-free base leaves only the edited bytes and a margin to search', () => {
    const base = Buffer.from(`${'a'.repeat(5000)}(1)${'b'.repeat(5000)}`);
    const next = Buffer.from(`${'a'.repeat(5000)}(22)${'b'.repeat(5000)}`);

    const window = keywordWindow(next, base, vocabulary);

    const margin = 'session_token'.length - 1;
    expect(window).toEqual({ start: 5001 - margin, end: 5003 + margin });
  });

  test.each([
    ['the same length', 'abc', 'abd'],
    ['a longer file', 'abc', 'abcdef'],
    ['a shorter file', 'abcdef', 'abc'],
    ['nothing shared', 'xyz', 'abc'],
    ['an empty base', '', 'abc'],
    ['an empty file', 'abc', ''],
  ])('stays inside the file for %s', (_name, base, next) => {
    const bytes = Buffer.from(next);

    const { start, end } = keywordWindow(bytes, Buffer.from(base), vocabulary);

    expect(0 <= start && start <= end && end <= bytes.length).toBe(true);
  });

  test('finds the keywords a full search finds, after any edit of a keyword-free base', () => {
    fc.assert(
      fc.property(text, text, text, text, (prefix, removed, inserted, suffix) => {
        const base = Buffer.from(prefix + removed + suffix);
        fc.pre(wordsIn(base).length === 0);
        const next = Buffer.from(prefix + inserted + suffix);

        const window = keywordWindow(next, base, vocabulary);

        expect(wordsIn(next, window)).toEqual(wordsIn(next));
      }),
      { numRuns: 3000 },
    );
  });

  test('long shared runs are compared in blocks, and the edge of a block is exact', () => {
    for (const at of [0, 1, 1023, 1024, 1025, 2047, 4096]) {
      const base = Buffer.alloc(8192, 'x');
      const next = Buffer.from(base);
      next.write('secret', at);

      const window = keywordWindow(next, base, vocabulary);

      expect(wordsIn(next, window)).toEqual(['secret']);
      expect(window.start).toBeLessThanOrEqual(at);
      expect(window.end).toBeGreaterThanOrEqual(at + 'secret'.length);
    }
  });
});

describe('Engine.scanFileAndKeywords with a keyword-free base', () => {
  const engine = new Engine({ rules: RULES, mode: 'history', config: {} });
  const lines = Array.from({ length: 400 }, (_, line) => `const value${line} = ${line};`);
  const base = Buffer.from(`${lines.join('\n')}\n`);

  test('the base itself is reported keyword-free', () => {
    expect(engine.scanFileAndKeywords({ path: 'app.ts', bytes: base }).isKeywordFree).toBe(true);
  });

  test.each([
    ['at the start', 0],
    ['in the middle', 200],
    ['at the end', 400],
  ])('a key pair added %s is found as without the base', (_name, at) => {
    const added = [
      `const id = "${fakeAccessKeyId('AKIA', 801)}";`,
      `const aws_secret_access_key = "${fakeSecretAccessKey(802)}";`,
    ];
    const edited = [...lines.slice(0, at), ...added, ...lines.slice(at)];
    const bytes = Buffer.from(`${edited.join('\n')}\n`);

    const withBase = engine.scanFileAndKeywords({ path: 'app.ts', bytes, keywordFreeBase: base });
    const without = engine.scanFileAndKeywords({ path: 'app.ts', bytes });

    expect(withBase.findings.map((finding) => finding.ruleId).sort()).toEqual([
      'aws-access-key-id',
      'aws-secret-access-key',
    ]);
    expect(withBase.findings).toEqual(without.findings);
    expect(withBase.isKeywordFree).toBe(false);
  });
});

describe('SourceFile.firstKeywordAt', () => {
  const WORDS_OF_RULE = ['session_token', 'sessiontoken'];
  const probe: ContentRule = {
    kind: 'content',
    id: 'probe',
    description: 'Detect nothing; records where the engine says the first keyword is',
    severity: 'note',
    tags: [],
    since: '0.1.0',
    stability: 'preview',
    help: '',
    messages: {},
    examples: { flagged: [], notFlagged: [] },
    keywords: WORDS_OF_RULE,
    check(file) {
      seen.push({ at: file.firstKeywordAt?.(WORDS_OF_RULE) ?? 0, text: file.text ?? '' });
    },
  };
  const seen: { at: number; text: string }[] = [];
  const engine = new Engine({ rules: [probe], mode: 'history', config: {} });

  /** The true first occurrence, in the decoded text. */
  const firstIn = (text: string) =>
    Math.min(
      ...WORDS_OF_RULE.map((word) => text.toLowerCase().indexOf(word)).filter((at) => at >= 0),
    );

  const filler = fc.constantFrom(
    'x',
    ' ',
    '\n',
    'é',
    '€',
    '😀',
    'Session',
    '_',
    'token',
    'SESSIONTOKEN',
  );
  const textWithWord = fc
    .tuple(fc.array(filler, { maxLength: 30 }), fc.constantFrom(...WORDS_OF_RULE), fc.array(filler))
    .map(([before, word, after]) => [...before, word, ...after].join(''));

  test('is never past the first occurrence, in UTF-8 with or without a BOM and in UTF-16', () => {
    fc.assert(
      fc.property(textWithWord, fc.constantFrom('utf8', 'bom', 'utf16le'), (text, encoding) => {
        const bytes =
          encoding === 'utf8'
            ? Buffer.from(text)
            : encoding === 'bom'
              ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
              : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
        seen.length = 0;

        engine.scanFile({ path: 'f.txt', bytes });

        expect(seen).toHaveLength(1);
        const [{ at, text: decoded }] = seen as [{ at: number; text: string }];
        expect(at).toBeLessThanOrEqual(firstIn(decoded));
      }),
      { numRuns: 2000 },
    );
  });

  test('is exact in an ASCII file, with or without a keyword-free base', () => {
    const base = Buffer.from(`${'x'.repeat(3000)}\n`);
    const bytes = Buffer.from(`${'x'.repeat(2000)} sessionToken ${'x'.repeat(999)}\n`);

    for (const keywordFreeBase of [undefined, base]) {
      seen.length = 0;
      engine.scanFile({ path: 'f.txt', bytes, ...(keywordFreeBase ? { keywordFreeBase } : {}) });
      expect(seen[0]?.at).toBe(2001);
    }
  });
});
