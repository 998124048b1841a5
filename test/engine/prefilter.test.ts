import { describe, expect, test } from 'vitest';

import { Engine } from '../../src/engine/engine.js';
import { compileKeywords, indexKeywords } from '../../src/engine/prefilter.js';
import type { ContentRule } from '../../src/engine/types.js';

const vocabulary = compileKeywords(['secret', 'secret_key', 'akia', 'private key', 'a.b']);

function index(text: string, encoding: 'utf8' | 'utf16le' = 'utf8') {
  const bytes =
    encoding === 'utf8'
      ? Buffer.from(text, 'utf8')
      : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return indexKeywords(bytes, encoding === 'utf8' ? undefined : () => text, vocabulary);
}

describe('the compiled keyword prefilter', () => {
  test.each([
    ['lowercase', 'let secret = 1'],
    ['UPPERCASE', 'SECRET=1'],
    ['Capitalised', 'const Secret = 1'],
    ['mixed case', 'aws_sEcReT_key: 1'],
    ['UTF-16 text', 'SECRET=1'],
  ])('finds a keyword in %s', (name, text) => {
    expect(index(text, name === 'UTF-16 text' ? 'utf16le' : 'utf8').has('secret')).toBe(true);
  });

  test('finds both of two keywords that start at the same place', () => {
    const keywords = index('SECRET_KEY=1');
    expect(keywords.has('secret_key')).toBe(true);
    expect(keywords.has('secret')).toBe(true);
    expect(keywords.has('akia')).toBe(false);
  });

  test('treats regex characters in keywords as literals', () => {
    expect(index('aXb').has('a.b')).toBe(false);
    expect(index('a.b').has('a.b')).toBe(true);
  });

  test('finds keywords after non-ASCII text, read from the raw bytes', () => {
    expect(index('näytä ääkkösiä -----BEGIN PRIVATE KEY-----').has('private key')).toBe(true);
  });

  test('answers keywords outside the vocabulary from the bytes', () => {
    const keywords = index('const AWS = 1');
    expect(keywords.has('aws')).toBe(true);
    expect(keywords.has('gcp')).toBe(false);
  });
});

describe('the engine and the prefilter', () => {
  test('runs no rule on a file without its keywords, and still counts the file', () => {
    let reads = 0;
    const rule: ContentRule = {
      kind: 'content',
      id: 'probe',
      description: 'Detect probes',
      severity: 'note',
      tags: ['security'],
      since: '0.0.0',
      stability: 'preview',
      keywords: ['needle'],
      help: 'None.',
      messages: {},
      examples: { flagged: [], notFlagged: [] },
      check(file) {
        reads += file.text === undefined ? 0 : 1;
      },
    };
    const engine = new Engine({ rules: [rule], mode: 'tree', config: {} });

    engine.scanFile({ path: 'a.txt', bytes: Buffer.from('hay and more hay\n') });
    engine.scanFile({ path: 'b.txt', bytes: Buffer.from('a NEEDLE here\n') });

    expect(reads).toBe(1);
    expect(engine.stats.filesScanned).toBe(2);
  });
});
