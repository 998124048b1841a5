import { describe, expect, test } from 'vitest';

import { Engine } from '../../src/engine/engine.js';
import type { Finding, Rule, ScanMode } from '../../src/engine/types.js';

/** Runs one rule over one text, as the engine would in a scan. */
export function runRule(
  rule: Rule,
  text: string,
  options: { path?: string; config?: Record<string, unknown>; mode?: ScanMode } = {},
): Finding[] {
  const engine = new Engine({ rules: [rule], mode: options.mode ?? 'tree', config: options.config ?? {} });
  return engine.scanFile({ path: options.path ?? 'example.txt', bytes: Buffer.from(text, 'utf8') });
}

export interface ValidCase {
  readonly text: string;
  readonly path?: string;
  readonly name?: string;
}

export interface InvalidCase extends ValidCase {
  readonly line: number;
  readonly column: number;
  /** The message must contain this text. */
  readonly message?: string;
  /** The expected redacted preview. */
  readonly preview?: string;
}

/**
 * The shared rule test: every valid case yields no finding of the rule, every invalid case
 * exactly one, at the given line and column. The rule's documented examples run too. Duplicate
 * cases and a table without both kinds are rejected, since they test less than they seem to.
 */
export function testRule(
  rule: Rule,
  cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] },
): void {
  const all = [...cases.valid, ...cases.invalid].map((entry) => `${entry.path ?? ''}\0${entry.text}`);
  if (new Set(all).size !== all.length) {
    throw new Error(`${rule.id}: the case table has duplicates`);
  }
  if (cases.valid.length < 3 || cases.invalid.length < 3) {
    throw new Error(`${rule.id}: a rule test needs at least 3 valid and 3 invalid cases`);
  }

  describe(rule.id, () => {
    test.each(cases.valid.map((entry) => [entry.name ?? entry.text, entry] as const))(
      'does not report %j',
      (_name, entry) => {
        const findings = runRule(rule, entry.text, pathOf(entry));
        expect(findings.map((finding) => finding.ruleId)).toEqual([]);
      },
    );

    test.each(cases.invalid.map((entry) => [entry.name ?? entry.text, entry] as const))(
      'reports %j',
      (_name, entry) => {
        const findings = runRule(rule, entry.text, pathOf(entry));
        expect(findings).toHaveLength(1);
        const [finding] = findings;
        expect(finding).toMatchObject({ ruleId: rule.id, line: entry.line, column: entry.column });
        if (entry.message !== undefined) {
          expect(finding?.message).toContain(entry.message);
        }
        if (entry.preview !== undefined) {
          expect(finding?.preview).toBe(entry.preview);
        }
      },
    );

    test('behaves as its documented examples say', () => {
      for (const example of rule.examples.flagged) {
        expect(runRule(rule, example.text, pathOf(example)), example.text).toHaveLength(1);
      }
      for (const example of rule.examples.notFlagged) {
        expect(runRule(rule, example.text, pathOf(example)), example.text).toEqual([]);
      }
    });
  });
}

function pathOf(entry: { readonly path?: string }): { path?: string } {
  return entry.path === undefined ? {} : { path: entry.path };
}

/**
 * File formats a secret is commonly pasted into. `{{secret}}` marks where it goes; the number
 * after each template is the 1-based line the secret lands on.
 */
export const CONTEXT_MATRIX: readonly { name: string; path: string; template: string }[] = [
  { name: '.env', path: '.env.sample', template: 'REGION=us-east-1\nVALUE={{secret}}\n' },
  { name: 'shell export', path: 'setup.sh', template: '#!/bin/sh\nexport VALUE="{{secret}}"\n' },
  { name: 'JSON', path: 'config.json', template: '{\n  "value": "{{secret}}"\n}\n' },
  { name: 'YAML', path: 'config.yaml', template: 'service:\n  value: {{secret}}\n' },
  { name: 'TypeScript', path: 'src/config.ts', template: 'export const config = {\n  value: \'{{secret}}\',\n};\n' },
  { name: 'Python', path: 'settings.py', template: 'import os\nVALUE = "{{secret}}"\n' },
  { name: 'URL query', path: 'notes.txt', template: 'see\nhttps://example.com/api?value={{secret}}&x=1\n' },
  { name: 'Dockerfile', path: 'Dockerfile', template: 'FROM node:20\nENV VALUE={{secret}}\n' },
];

/** Where `{{secret}}` lands in a template: 1-based line and column. */
export function locateSecret(template: string): { line: number; column: number } {
  const before = template.slice(0, template.indexOf('{{secret}}'));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Embeds each sample in every context of the matrix and expects exactly one finding of the rule there. */
export function testContextMatrix(rule: Rule, samples: readonly string[]): void {
  const rows = samples.flatMap((secret, index) =>
    CONTEXT_MATRIX.map((context) => [`sample ${index + 1} in ${context.name}`, secret, context] as const),
  );

  test.each(rows)('finds %s', (_name, secret, context) => {
    const text = context.template.replace('{{secret}}', secret);
    const findings = runRule(rule, text, { path: context.path }).filter((finding) => finding.ruleId === rule.id);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject(locateSecret(context.template));
  });
}
