import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { colorsFor } from '../../src/cli/colors.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { PathRule, Report, SourceFile } from '../../src/engine/types.js';
import { toText } from '../../src/reporters/text.js';
import { runScan } from '../../src/scan.js';
import { fakeAccessKeyId, seededRandom } from '../helpers/fake-secrets.js';
import { createRepo, tempDir } from '../helpers/git.js';
import { runBounded, scanWithAllRules } from './harness.js';

/**
 * Hostile and broken file content, scanned with every registered rule, each with a deadline.
 * Sizes here are kept small enough for the suite (a few MB); `npm run bench:robustness` runs
 * the same shapes at full size (100 MB single line, 10 million lines) and prints the timings.
 */

const KEY = fakeAccessKeyId('AKIA', 2001);

/** Generous per-case deadlines: the machine is shared, but a quadratic path blows far past them. */
const SMALL_MS = 2_000;
const LARGE_MS = 10_000;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64Noise(length: number, seed: number): string {
  const random = seededRandom(seed);
  const out: string[] = [];
  for (let index = 0; index < length; index++) {
    out.push(BASE64[Math.floor(random() * 64)] ?? 'A');
  }
  return out.join('');
}

/** Distinct fake key IDs, so the engine does not deduplicate them. */
function keys(count: number): string[] {
  return Array.from({ length: count }, (_, index) => fakeAccessKeyId('AKIA', 10_000 + index));
}

describe('broken encodings', () => {
  test('a binary file is skipped and counted, not decoded', () => {
    const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 0]), Buffer.from(KEY)]);

    const scan = scanWithAllRules('bin/tool', bytes);

    expect(scan.findings).toEqual([]);
    expect(scan.stats.skipped.binary).toBe(1);
    expect(scan.stats.filesScanned).toBe(0);
  });

  test('invalid UTF-8 next to a key does not hide it or shift its column', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xc0, 0xff, 0x20, 0xc3, 0x28, 0x20]),
      Buffer.from(`${KEY} tail\n`),
    ]);

    const scan = scanWithAllRules('latin1.txt', bytes);

    expect(scan.findings.map((finding) => [finding.ruleId, finding.column])).toEqual([
      ['aws-access-key-id', 7],
    ]);
  });

  test.each([
    ['UTF-16 LE', Buffer.from([0xff, 0xfe]), 'utf16le'],
    ['UTF-16 BE', Buffer.from([0xfe, 0xff]), 'utf16be'],
  ] as const)('a %s file with a byte-order mark is decoded and scanned', (_name, bom, encoding) => {
    const text = `[default]\nid = ${KEY}\n`;
    const body =
      encoding === 'utf16le' ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16();

    const scan = scanWithAllRules('creds.ini', Buffer.concat([bom, body]));

    expect(scan.findings.map((finding) => [finding.line, finding.column])).toEqual([[2, 6]]);
  });

  test('a UTF-16 byte-order mark in front of UTF-8 text does not hide its keys', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`id=${KEY}\n`)]);

    const scan = scanWithAllRules('disguised.txt', bytes);

    expect(scan.findings.map((finding) => finding.ruleId)).toEqual(['aws-access-key-id']);
  });

  test('a NUL byte after the first 8 KiB leaves the file text, and the key is found', () => {
    const text = `${'a'.repeat(9000)}\u0000\n${KEY}\n`;

    const scan = scanWithAllRules('dump.txt', Buffer.from(text));

    expect(scan.findings.map((finding) => finding.line)).toEqual([2]);
  });

  test('control characters in a line are replaced in the frame, not passed through', () => {
    const text = `\u001b[2J\u001b]0;title\u0007 ${KEY}\r\n`;

    const [finding] = scanWithAllRules('term.txt', Buffer.from(text)).findings;

    expect(finding?.frame.map((line) => line.text).join('')).not.toMatch(
      /[\u0000-\u0008\u000b-\u001f]/,
    );
  });
});

describe('large and pathological files finish in bounded time', () => {
  test('a 4 MB single line with 200 keys spread over it', () => {
    const planted = keys(200);
    const gap = base64Noise(20_000, 1).replace(/[A-Za-z0-9]/g, (char, at: number) =>
      at % 50 === 0 ? ' ' : char,
    );
    const text = planted.map((key) => `${gap} ${key} `).join('');

    const scan = scanWithAllRules('bundle.min.js', Buffer.from(text));

    expect(text.length).toBeGreaterThan(4_000_000);
    expect(scan.findings).toHaveLength(200);
    expect(scan.findings.every((finding) => finding.line === 1)).toBe(true);
    expect(
      scan.findings.every((finding) => finding.frame.every((line) => line.text.length < 200)),
    ).toBe(true);
    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  test('500,000 short lines', () => {
    const lines = Array.from({ length: 500_000 }, (_, index) => `line ${index} = value`);
    lines[377_777] = `key = ${KEY}`;

    const scan = scanWithAllRules('huge.log.txt', Buffer.from(lines.join('\n')));

    expect(scan.findings.map((finding) => finding.line)).toEqual([377_778]);
    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  // Before frames searched sorted spans, 50,000 keys took over a minute; 30,000 take well under
  // a second now, so the deadline separates the two even on a loaded machine.
  test('a file that is nothing but 30,000 distinct keys, one per line', () => {
    const text = keys(30_000).join('\n');

    const scan = scanWithAllRules('dump.txt', Buffer.from(text));

    expect(scan.findings).toHaveLength(30_000);
    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  test('30,000 keys on a single line', () => {
    const text = keys(30_000).join(' ');

    const scan = scanWithAllRules('one-line.txt', Buffer.from(text));

    expect(scan.findings).toHaveLength(30_000);
    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  test('a PEM header with no end marker, then 2 MB of base64', () => {
    const body = base64Noise(2 * 1024 * 1024, 2).replace(/(.{64})/g, '$1\n');
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${body}`;

    const scan = scanWithAllRules('id_rsa', Buffer.from(text));

    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  test('2 MB of base64 on one line after a PEM header', () => {
    const text = `-----BEGIN PRIVATE KEY-----${base64Noise(2 * 1024 * 1024, 3)}`;

    const scan = scanWithAllRules('blob.pem', Buffer.from(text));

    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  test.each([
    ['policy.json', (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`],
    ['policy.json', (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`],
    ['template.yaml', (depth: number) => `${'- '.repeat(depth)}x\n`],
    ['template.yaml', (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}\n`],
  ])('deeply nested %s (100,000 levels) does not overflow the stack', (file, build) => {
    const scan = scanWithAllRules(file, Buffer.from(build(100_000)));

    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  test('a 5 MB IAM policy with 50,000 statements', () => {
    const statement = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}';
    const text = `{"Version":"2012-10-17","Statement":[${Array(50_000).fill(statement).join(',\n')}]}`;

    const scan = scanWithAllRules('policy.json', Buffer.from(text));

    expect(text.length).toBeGreaterThan(3_500_000);
    expect(scan.ms).toBeLessThan(LARGE_MS);
  });

  test('a YAML alias bomb is not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n${levels.join('\n')}\n`;

    const scan = scanWithAllRules('template.yaml', Buffer.from(text));

    expect(scan.ms).toBeLessThan(SMALL_MS);
  });
});

describe('the CLI on large input', () => {
  test('an 11 MB single-line file, over the default limit, is scanned once maxFileSize is raised', async () => {
    const repo = await createRepo();
    const filler = base64Noise(11 * 1024 * 1024, 4).replace(/[0-9]/g, ' ');
    repo.write('.keyfencerc.json', JSON.stringify({ maxFileSize: '64MiB' }));
    repo.write('dist/app.min.js', `${filler} ${KEY} ${filler.slice(0, 1000)}`);

    const result = runBounded(['scan', '-f', 'json'], {
      cwd: repo.dir,
      env: repo.env,
      timeoutMs: 30_000,
    });

    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { line: number; ruleId: string }[] };
    const keys = report.findings.filter((finding) => finding.ruleId === 'aws-access-key-id');
    expect(keys.map((finding) => finding.line)).toEqual([1]);
  });

  // A cheap rule stands in for 130,000 real keys: the overflow was in moving findings around
  // (push(...spread), Math.max(...spread)), which only needs more than ~120,000 of them.
  test('130,000 findings go through the scan and the text report without a stack overflow', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'dump.txt'), 'one line\n');
    const noisy: PathRule = defineRule({
      ...pathRuleMeta('test-noisy'),
      appliesTo: () => true,
      check(_file: SourceFile, report: Report) {
        for (let index = 0; index < 130_000; index++) {
          report({ messageId: 'noisy', value: `v${index}`, secret: false });
        }
      },
    });

    const outcome = await runScan({
      mode: 'tree',
      cwd: dir,
      targets: [dir],
      rules: [noisy],
      noConfig: true,
    });
    const input = {
      findings: outcome.findings,
      stats: outcome.stats,
      rules: [noisy],
      mode: 'tree' as const,
    };
    const text = toText(
      { ...input, version: '0', root: dir },
      { colors: colorsFor(false), quiet: false, failOn: 'error' },
    );

    expect(outcome.findings).toHaveLength(130_000);
    expect(text).toContain('✖ 130000 findings');
  });
});

function pathRuleMeta(id: string) {
  return {
    kind: 'path' as const,
    id,
    description: 'Detect everything, for tests',
    severity: 'error' as const,
    tags: [],
    since: '0.0.0',
    stability: 'preview' as const,
    help: '',
    messages: { noisy: 'Noise.' },
    examples: { flagged: [], notFlagged: [] },
  };
}
