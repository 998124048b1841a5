import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { createIgnoreStack } from '../../src/gitignore/coverage.js';
import { readHcl } from '../../src/iam/hcl-reader.js';
import { readJson } from '../../src/iam/json-reader.js';
import type { PNode, ReadResult } from '../../src/iam/node.js';
import { readYaml } from '../../src/iam/yaml-reader.js';

/**
 * Property-based tests of the two parsers that read repository content for rules: the IAM
 * policy readers (JSON, YAML, HCL) and the `.gitignore` matcher. Random and mutated input never
 * throws, never hangs, and every offset a reader returns lies inside its input.
 */

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);
const SETTINGS = { numRuns: NUM_RUNS, seed: Number(process.env.FC_SEED ?? 20240103) };

/** The IAM rules' documented examples: real policies in JSON, YAML and Terraform to mutate. */
const POLICY_SEEDS = RULES.filter((rule) => rule.id.startsWith('iam-')).flatMap((rule) =>
  [...rule.examples.flagged, ...rule.examples.notFlagged].map((example) => example.text),
);

const anyText = (maxLength: number) => fc.string({ unit: 'binary', maxLength });

const syntaxBits = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  "'",
  '\\',
  '\n',
  '  ',
  '- ',
  '&a ',
  '*a',
  '!Sub ',
  '!Ref ',
  '${',
  '<<EOF\n',
  'EOF\n',
  '#',
  '//',
  '/*',
  '*/',
  '=',
  'true',
  'null',
  '1e999',
  '-0',
  '\u0000',
  '"Statement"',
  '"Action"',
  '"Resource"',
  '"Effect": "Allow"',
  'jsonencode(',
  ')',
);

/** Mutations: delete, duplicate or insert syntax at random places of a seed. */
const mutatedPolicy = fc
  .tuple(
    POLICY_SEEDS.length > 0 ? fc.constantFrom(...POLICY_SEEDS) : fc.constant('{}'),
    fc.array(
      fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 8 }),
        insert: fc.oneof(syntaxBits, anyText(4)),
      }),
      { maxLength: 8 },
    ),
  )
  .map(([seed, edits]) =>
    edits.reduce((text, edit) => {
      const at = edit.at % (text.length + 1);
      return text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
    }, seed),
  );

const policyText = fc.oneof(
  mutatedPolicy,
  fc.array(fc.oneof(syntaxBits, anyText(6)), { maxLength: 60 }).map((parts) => parts.join('')),
);

/** Checks every node span of a successful read, and the offset of a failed one. */
function expectOffsetsInside(result: ReadResult, length: number): void {
  if (!result.ok) {
    expect(result.offset).toBeGreaterThanOrEqual(0);
    expect(result.offset).toBeLessThanOrEqual(length);
    return;
  }

  const pending: PNode[] = [result.node];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    expect(node.start).toBeGreaterThanOrEqual(0);
    expect(node.end).toBeGreaterThanOrEqual(node.start);
    expect(node.end).toBeLessThanOrEqual(length);
    if (node.kind === 'array') {
      pending.push(...node.items);
    } else if (node.kind === 'object') {
      pending.push(...node.entries.map((entry) => entry.value));
    }
  }
}

describe('the IAM policy readers', () => {
  test('readJson: never throws, offsets inside the input', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        expectOffsetsInside(readJson(text), text.length);
      }),
      SETTINGS,
    );
  });

  test('readYaml: never throws, offsets inside the input', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        expectOffsetsInside(readYaml(text), text.length);
      }),
      SETTINGS,
    );
  });

  test('readHcl: never throws', () => {
    fc.assert(
      fc.property(policyText, (text) => {
        expect(Array.isArray(readHcl(text))).toBe(true);
      }),
      SETTINGS,
    );
  });

  test.each([
    ['JSON arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['JSON objects', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['YAML flow', `${'['.repeat(50_000)}${']'.repeat(50_000)}`],
    ['HCL blocks', `${'a {\n'.repeat(50_000)}${'}\n'.repeat(50_000)}`],
  ])('deep nesting of %s is refused or read, not a stack overflow', (_name, text) => {
    const started = performance.now();

    expect(() => {
      readJson(text);
      readYaml(text);
      readHcl(text);
    }).not.toThrow();
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  test('a YAML alias bomb in a template is refused, not expanded', () => {
    const lines = ['a0: &a0 ["s3:GetObject", "s3:GetObject", "s3:GetObject", "s3:GetObject"]'];
    for (let level = 1; level < 30; level++) {
      lines.push(
        `a${level}: &a${level} [${Array(4)
          .fill(`*a${level - 1}`)
          .join(', ')}]`,
      );
    }
    const text = [
      ...lines,
      'Resources:',
      '  Policy:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - { Effect: Allow, Resource: "*", Action: *a29 }',
    ].join('\n');
    const started = performance.now();

    const result = readYaml(text);

    expect(result.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('the .gitignore matcher', () => {
  const segment = fc.oneof(
    fc.constantFrom(
      'a',
      'b',
      '.env',
      'logs',
      '*.log',
      '**',
      '*',
      '?',
      '[ab]',
      '[!a]',
      '\\#',
      '\\!',
    ),
    fc.string({
      unit: fc.constantFrom('a', 'b', '.', '-', '*', '?', '[', ']', '\\', ' ', '!'),
      maxLength: 5,
    }),
  );
  const pattern = fc
    .tuple(
      fc.constantFrom('', '!', '/', '#'),
      fc.array(segment, { minLength: 1, maxLength: 4 }),
      fc.constantFrom('', '/', ' ', '\\ '),
    )
    .map(([head, parts, tail]) => head + parts.join('/') + tail);
  const filePath = fc
    .array(
      fc.oneof(fc.constantFrom('a', 'b', '.env', 'logs', 'x.log', 'keyfence-probe'), anyText(4)),
      { minLength: 1, maxLength: 5 },
    )
    .map((parts) => parts.map((part) => part.replace(/[/\u0000]/g, '_') || '_').join('/'));
  const folder = fc.constantFrom('', 'a', 'a/b', 'logs');

  test('random patterns and paths: never throws, never hangs, answers a boolean', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(folder, fc.array(pattern, { maxLength: 8 })), { maxLength: 3 }),
        fc.option(fc.array(pattern, { maxLength: 4 }), { nil: undefined }),
        fc.boolean(),
        fc.array(filePath, { minLength: 1, maxLength: 6 }),
        (files, exclude, ignoreCase, paths) => {
          const sources = files.map(([where, lines]) => ({
            folder: where,
            label: `${where}/.gitignore`,
            text: lines.join('\n'),
          }));
          const stack = createIgnoreStack(sources, exclude?.join('\n'), ignoreCase);
          for (const entry of paths) {
            expect(typeof stack.check(entry).ignored).toBe('boolean');
          }
        },
      ),
      SETTINGS,
    );
  });

  // Matching costs patterns × path depth, as in git; the rule asks about a few paths only, so a
  // 10,000-line file at depth 50 stays well under a second (100,000 lines at depth 500: a minute).
  test('a 10,000-line .gitignore and a path 50 folders deep are matched in bounded time', () => {
    const lines = Array.from({ length: 10_000 }, (_, index) => `dir${index}/**/*.tmp`);
    const started = performance.now();
    const stack = createIgnoreStack(
      [{ folder: '', label: '.gitignore', text: lines.join('\n') }],
      undefined,
    );

    stack.check(`${'deep/'.repeat(50)}file.env`);

    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
