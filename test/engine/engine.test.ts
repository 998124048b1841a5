import { describe, expect, test } from 'vitest';

import { defineRule } from '../../src/engine/define-rule.js';
import { decode, isBinary } from '../../src/engine/decode.js';
import { Engine } from '../../src/engine/engine.js';
import { fingerprintOf } from '../../src/engine/fingerprint.js';
import { LineIndex } from '../../src/engine/location.js';
import { indexKeywords } from '../../src/engine/prefilter.js';
import { MASK, redact } from '../../src/engine/redact.js';

/** A rule that reports every occurrence of the word "token-<digits>". */
const tokenRule = defineRule({
  kind: 'content',
  id: 'test-token',
  description: 'Detect test tokens',
  severity: 'warning',
  tags: ['security'],
  since: '0.0.0',
  stability: 'preview',
  keywords: ['token-'],
  help: 'Remove it.',
  messages: { found: 'Token {{n}} found.' },
  examples: { flagged: [], notFlagged: [] },
  check(file, report) {
    for (const match of (file.text ?? '').matchAll(/token-(\d+)/g)) {
      report({
        messageId: 'found',
        data: { n: match[1] ?? '' },
        start: match.index,
        value: match[0],
      });
    }
  },
});

function scan(text: string | Buffer, showSecrets = false) {
  const engine = new Engine({ rules: [tokenRule], mode: 'tree', config: {}, showSecrets });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return { findings: engine.scanFile({ path: 'a.txt', bytes }), stats: engine.stats };
}

describe('the engine', () => {
  test('locates, redacts and fingerprints what a rule reports', () => {
    const { findings } = scan('one\ntwo token-123456789012345 three\n');

    expect(findings).toMatchObject([
      { ruleId: 'test-token', severity: 'warning', message: 'Token 123456789012345 found.' },
    ]);
    expect(findings[0]).toMatchObject({ line: 2, column: 5, endLine: 2, endColumn: 26 });
    expect(findings[0]?.preview).toBe(`toke${MASK}`);
    expect(findings[0]?.fingerprint).toBe(fingerprintOf('test-token', 'token-123456789012345'));
  });

  test('keeps the fingerprint when the line moves', () => {
    const [before] = scan('token-42\n').findings;
    const [after] = scan('\n\n\n   token-42\n').findings;
    expect(after?.fingerprint).toBe(before?.fingerprint);
    expect(after?.line).not.toBe(before?.line);
  });

  test('masks every secret in the code frame, including neighbours on other lines', () => {
    const { findings } = scan('a token-1111111111111111\nb token-2222222222222222\nc\n');
    expect(findings[0]?.frame.map((line) => line.text)).toEqual([`a toke${MASK}`, `b toke${MASK}`]);
  });

  test('clips a long line to a window around its finding, after masking', () => {
    const tokens = Array.from({ length: 400 }, (_, index) => `token-${1_000_000_000_000 + index}`);
    const { findings } = scan(`${tokens.join(' ')}\n`);
    const last = findings.at(-1);

    expect(findings).toHaveLength(400);
    expect(last?.frame).toHaveLength(1);
    expect(last?.frame[0]?.text.startsWith('…')).toBe(true);
    expect(last?.frame[0]?.text.endsWith(`toke${MASK}`)).toBe(true);
    expect(last?.frame[0]?.text).not.toMatch(/token-\d/);
  });

  test('shows secrets only when asked to', () => {
    const { findings } = scan('token-1111111111111111\n', true);
    expect(findings[0]?.preview).toBe('token-1111111111111111');
  });

  test('skips rules whose keywords are absent without decoding the file', () => {
    const { findings, stats } = scan('nothing here\n');
    expect(findings).toEqual([]);
    expect(stats.filesScanned).toBe(1);
  });

  test('counts binary files as skipped and runs no content rule on them', () => {
    const { findings, stats } = scan(Buffer.from('token-1\0token-2'));
    expect(findings).toEqual([]);
    expect(stats.skipped.binary).toBe(1);
    expect(stats.filesScanned).toBe(0);
  });

  test('replaces terminal control characters in frames', () => {
    const { findings } = scan('\u001b[2J token-1\n');
    expect(findings[0]?.frame[0]?.text).not.toContain('\u001b');
  });
});

describe('redaction', () => {
  test.each([
    ['a-forty-character-secret-value-0123456789', `a-fo${MASK}`],
    ['twelve-chars', `tw${MASK}`],
    ['short', MASK],
  ])('redacts %j to %j, whatever its length', (value, expected) => {
    expect(redact(value)).toBe(expected);
  });
});

describe('line index', () => {
  test('counts lines at \\n and keeps \\r out of the line text', () => {
    const lines = new LineIndex('ab\r\ncd\nef');
    expect(lines.locate(0)).toEqual({ line: 1, column: 1 });
    expect(lines.locate(4)).toEqual({ line: 2, column: 1 });
    expect(lines.locate(8)).toEqual({ line: 3, column: 2 });
    expect(lines.lineText(1)).toBe('ab');
    expect(lines.lineCount).toBe(3);
  });
});

describe('decoding', () => {
  test('treats a NUL in the first 8 KiB as binary, except in UTF-16 with a BOM', () => {
    expect(isBinary(Buffer.from('abc\0def'))).toBe(true);
    expect(isBinary(Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]))).toBe(false);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('key', 'utf16le')]);
    expect(decode(utf16)).toEqual({ kind: 'text', text: 'key' });
  });

  test('decodes invalid UTF-8 with replacement characters instead of failing', () => {
    expect(decode(Buffer.from([0x61, 0xff, 0x62]))).toEqual({ kind: 'text', text: 'a\uFFFDb' });
  });
});

describe('keyword prefilter', () => {
  test('matches lowercase, UPPERCASE and Capitalised spellings of a keyword', () => {
    const index = indexKeywords(Buffer.from('const AWS_SECRET = 1; let Secret; aws'));
    expect(index.has('secret')).toBe(true);
    expect(index.has('aws')).toBe(true);
    expect(index.has('token')).toBe(false);
  });
});
