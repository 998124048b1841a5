import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { Finding } from '../../src/engine/types.js';

/**
 * Property-based tests over every registered rule: random and mutated input never throws,
 * never hangs, and never yields a finding whose location lies outside the input; a key planted
 * in random text is found exactly where it is, unless glued to other alphanumerics. Run counts
 * are modest so the suite stays fast; `FC_NUM_RUNS=5000 npx vitest run test/robustness/fuzz`
 * searches harder.
 */

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);
const SETTINGS = { numRuns: NUM_RUNS, seed: Number(process.env.FC_SEED ?? 20240102) };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.split('');

/** Paths that steer rules into their special cases: policies, templates, env and key files. */
const PATHS = ['notes.txt', 'policy.json', 'template.yaml', '.env', 'id_rsa', 'main.tf', 'a.py'];

function scan(text: string | Buffer, filePath = 'fuzz.txt'): { findings: Finding[]; text: string } {
  const engine = new Engine({ rules: RULES, mode: 'tree', config: {} });
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const findings = engine.scanFile({ path: filePath, bytes });
  return { findings, text: typeof text === 'string' ? decodedAsEngine(text) : '' };
}

/** What the engine sees of a string: its UTF-8 round trip, without a leading BOM. */
function decodedAsEngine(text: string): string {
  return Buffer.from(text)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
}

/** Every location lies in the text: lines exist, columns lie within their line (or just past). */
function expectInBounds(findings: readonly Finding[], text: string | undefined): void {
  for (const finding of findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(finding.endLine * 1e9 + finding.endColumn).toBeGreaterThanOrEqual(
      finding.line * 1e9 + finding.column,
    );
    if (text === undefined) {
      continue;
    }
    const lines = text.split('\n');
    expect(finding.endLine).toBeLessThanOrEqual(lines.length);
    expect(finding.column).toBeLessThanOrEqual((lines[finding.line - 1]?.length ?? 0) + 1);
    expect(finding.endColumn).toBeLessThanOrEqual((lines[finding.endLine - 1]?.length ?? 0) + 1);
  }
}

/** Text of any code points, NUL excepted (a NUL near the start makes a file binary, by design). */
const anyText = (maxLength: number) =>
  fc.string({ unit: 'binary', maxLength }).map((text) => text.replace(/\u0000/g, ' '));

/** Text shaped like what rules look for: their keywords, quotes, newlines and key-ish runs. */
const ruleShapedText = fc
  .array(
    fc.oneof(
      anyText(8),
      fc.constantFrom('AKIA', 'ASIA', 'aws_secret_access_key', '=', '"', "'", '\n', '\r\n', ':'),
      fc.constantFrom('-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----', '{', '}'),
      fc.constantFrom('"Action": "*"', '"Effect": "Allow"', '"Resource": "*"', 'keyfence:allow'),
      fc.string({ unit: fc.constantFrom(...BASE32, 'a', '+', '/'), minLength: 10, maxLength: 45 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('random input never breaks a rule', () => {
  test('random text: no throw, every location inside the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyText(400), ruleShapedText),
        fc.constantFrom(...PATHS),
        (text, file) => {
          const result = scan(text, file);
          expectInBounds(result.findings, result.text);
        },
      ),
      SETTINGS,
    );
  });

  test('random bytes, with or without a byte-order mark: no throw, locations in bounds', () => {
    const bom = fc.constantFrom([], [0xff, 0xfe], [0xfe, 0xff], [0xef, 0xbb, 0xbf]);
    fc.assert(
      fc.property(
        bom,
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom(...PATHS),
        (head, body, file) => {
          const result = scan(Buffer.concat([Buffer.from(head), Buffer.from(body)]), file);
          expectInBounds(result.findings, undefined);
        },
      ),
      SETTINGS,
    );
  });

  test('mutated documented examples: no throw, locations in bounds', () => {
    const examples = RULES.flatMap((rule) => [
      ...rule.examples.flagged,
      ...rule.examples.notFlagged,
    ]);
    const mutation = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 6 }),
      insert: fc.oneof(anyText(6), fc.constantFrom('\n', '"', '*', '\u0000', '\r')),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.array(mutation, { maxLength: 6 }),
        (example, edits) => {
          let text = example.text;
          for (const edit of edits) {
            const at = edit.at % (text.length + 1);
            text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
          }
          const result = scan(text, example.path ?? 'example.txt');
          expectInBounds(result.findings, result.findings.length > 0 ? result.text : undefined);
        },
      ),
      SETTINGS,
    );
  });
});

describe('a planted access key ID', () => {
  const key = fc
    .tuple(
      fc.constantFrom('AKIA', 'ASIA', 'ABIA', 'ACCA'),
      fc.string({ unit: fc.constantFrom(...BASE32), minLength: 16, maxLength: 16 }),
    )
    .map(([prefix, body]) => prefix + body)
    .filter((value) => !value.endsWith('EXAMPLE'));
  const surrounding = anyText(120).filter((text) => !text.includes('keyfence:allow'));
  const separator = fc.constantFrom(
    ' ',
    '"',
    "'",
    '=',
    ':',
    '\n',
    '\t',
    ',',
    '(',
    '/',
    '\u00e9',
    '',
  );
  const isAlnum = (char: string | undefined) => char !== undefined && /[A-Za-z0-9]/.test(char);

  test('is found at its exact place in random text, unless glued to alphanumerics', () => {
    fc.assert(
      fc.property(
        surrounding,
        separator,
        key,
        separator,
        surrounding,
        (before, left, value, right, after) => {
          const head = before + left;
          const text = head + value + right + after;
          const lines = decodedAsEngine(head).split('\n');
          const expected = { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };

          const found = scan(text).findings.filter(
            (finding) =>
              finding.ruleId === 'aws-access-key-id' &&
              finding.line === expected.line &&
              finding.column === expected.column,
          );

          const isGlued = isAlnum(head.at(-1)) || isAlnum((right + after).at(0));
          expect(found).toHaveLength(isGlued ? 0 : 1);
        },
      ),
      SETTINGS,
    );
  });
});
