import { describe, expect, test } from 'vitest';

import { jsonPolicy, WIPSIE_ARN } from './cases.js';
import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';

const IAM_RULES = RULES.filter((rule) => rule.id.startsWith('iam-'));

function scan(path: string, bytes: Buffer): { ids: string[]; ms: number } {
  const engine = new Engine({ rules: IAM_RULES, mode: 'tree', config: {} });
  const started = performance.now();
  const findings = engine.scanFile({ path, bytes });
  return { ids: findings.map((finding) => finding.ruleId), ms: performance.now() - started };
}

/** Generous bounds: the point is "linear and bounded", not a benchmark (see bench/). */
const BUDGET_MS = 5_000;

describe('IAM rules on hostile or unrelated input', () => {
  test('a 5 MB JSON policy is read in bounded time and its one problem found', () => {
    // Many statements are measured by `npm run bench:iam`; here the bulk is one Condition list.
    const endpoints = Array.from({ length: 210_000 }, (_, index) => `vpce-${index.toString(16)}`);
    const condition = { StringEquals: { 'aws:SourceVpce': endpoints } };
    const text = jsonPolicy({
      Effect: 'Allow',
      Action: 'sqs:*',
      Resource: WIPSIE_ARN,
      Condition: condition,
    });
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);

    const { ids, ms } = scan('big-policy.json', Buffer.from(text));
    expect([...new Set(ids)].sort()).toEqual(['iam-action-not-allowed', 'iam-wildcard-action']);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  test('a 5 MB JSON file that is no policy yields nothing', () => {
    const rows = Array.from({ length: 60_000 }, (_, index) => ({
      id: index,
      statement: 'none',
      tags: ['a', 'b'],
    }));
    const { ids, ms } = scan('data.json', Buffer.from(JSON.stringify(rows)));
    expect(ids).toEqual([]);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  test('a deeply nested JSON document neither crashes nor reports', () => {
    const depth = 100_000;
    const text = `{"statement": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(scan('deep.json', Buffer.from(text)).ids).toEqual([]);
  });

  test('a deeply nested policy is reported as too complex, not passed', () => {
    const depth = 10_000;
    const text = `{"Statement": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(scan('deep-policy.json', Buffer.from(text)).ids).toEqual(['iam-malformed-policy']);
  });

  test('deeply nested YAML and HCL neither crash nor report', () => {
    const yaml = `statement: ${'['.repeat(1_000)}${']'.repeat(1_000)}\n`;
    expect(scan('deep.yaml', Buffer.from(yaml)).ids).toEqual([]);
    const hcl = `resource "x" "y" {\n  tags = jsonencode(${'['.repeat(5_000)}${']'.repeat(5_000)})\n  policy = var.p\n}\n`;
    expect(scan('deep.tf', Buffer.from(hcl)).ids).toEqual(['iam-unresolved-reference']);
  });

  test('a billion-laughs YAML document does not exhaust memory', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let level = 1; level < 10; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(
        `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(', ')}]`,
      );
    }
    const text = `# statement\n${levels.join('\n')}\n`;

    const { ids, ms } = scan('laughs.yaml', Buffer.from(text));
    expect(ids).toEqual([]);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  test('invalid UTF-8 inside a policy does not hide its findings', () => {
    const text = jsonPolicy({
      Sid: 'S\u00ff',
      Effect: 'Allow',
      Action: 'sqs:*',
      Resource: WIPSIE_ARN,
    });
    const bytes = Buffer.concat([
      Buffer.from(text.slice(0, 40)),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(text.slice(40)),
    ]);
    const ids = scan('policy.json', bytes).ids;
    expect(ids.every((id) => id.startsWith('iam-'))).toBe(true);
    expect(ids.length).toBeGreaterThan(0);
  });

  test.each([
    [
      'package.json',
      '{ "name": "app", "version": "1.0.0", "description": "policy statement generator", "scripts": {} }\n',
    ],
    ['tsconfig.json', '{\n  // the statement below\n  "compilerOptions": { "strict": true },\n}\n'],
    [
      '.github/workflows/ci.yml',
      'on: push\njobs:\n  test:\n    steps:\n      - run: echo "Statement: ok"\n',
    ],
    ['docker-compose.yaml', 'services:\n  app:\n    environment:\n      POLICY: "*"\n'],
    ['variables.tf', 'variable "policy" {\n  type = string\n}\n'],
  ])('%s yields no finding', (path, text) => {
    expect(scan(path, Buffer.from(text)).ids).toEqual([]);
  });
});

describe('IAM rules on YAML streams', () => {
  test('read every document of a multi-document file', () => {
    const text = [
      'kind: ConfigMap',
      'data: { note: no Statement here }',
      '---',
      'kind: Policy',
      'spec:',
      '  document:',
      '    Statement:',
      '      - Effect: Allow',
      '        Action: sqs:*',
      '        Resource: arn:aws:sqs:*:*:wipsie-*',
      '',
    ].join('\n');
    expect(scan('manifests.yaml', Buffer.from(text)).ids.sort()).toEqual([
      'iam-action-not-allowed',
      'iam-wildcard-action',
    ]);
  });
});

describe('IAM rules on lookalikes', () => {
  test.each([
    [
      'a bank statement',
      'statement.json',
      '{ "Statement": { "balance": 10, "currency": "EUR" } }\n',
    ],
    ['a list of statements', 'quotes.json', '{ "Statement": ["We will ship on Friday."] }\n'],
    ['YAML prose', 'notes.yaml', 'Statement: the queue is ready\n'],
  ])('%s is not a policy', (_name, path, text) => {
    expect(scan(path, Buffer.from(text)).ids).toEqual([]);
  });
});
