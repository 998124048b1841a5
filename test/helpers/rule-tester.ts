import { describe, expect, test } from 'vitest';

import { Engine } from '../../src/engine/engine.js';
import type { Finding, Rule, ScanMode } from '../../src/engine/types.js';

/** Runs one rule over one text, as the engine would in a scan. */
export function runRule(
  rule: Rule,
  text: string,
  options: { path?: string; config?: Record<string, unknown>; mode?: ScanMode } = {},
): Finding[] {
  const engine = new Engine({
    rules: [rule],
    mode: options.mode ?? 'tree',
    config: options.config ?? {},
  });
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
  const all = [...cases.valid, ...cases.invalid].map(
    (entry) => `${entry.path ?? ''}\0${entry.text}`,
  );
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
 * after each template is the 1-based line the secret lands on. This short matrix suits tokens
 * that need no key name; {@link FORMAT_MATRIX} below is the full one, where each rule says how
 * its sample is named in each format.
 */
export const CONTEXT_MATRIX: readonly { name: string; path: string; template: string }[] = [
  { name: '.env', path: '.env.sample', template: 'REGION=us-east-1\nVALUE={{secret}}\n' },
  { name: 'shell export', path: 'setup.sh', template: '#!/bin/sh\nexport VALUE="{{secret}}"\n' },
  { name: 'JSON', path: 'config.json', template: '{\n  "value": "{{secret}}"\n}\n' },
  { name: 'YAML', path: 'config.yaml', template: 'service:\n  value: {{secret}}\n' },
  {
    name: 'TypeScript',
    path: 'src/config.ts',
    template: "export const config = {\n  value: '{{secret}}',\n};\n",
  },
  { name: 'Python', path: 'settings.py', template: 'import os\nVALUE = "{{secret}}"\n' },
  {
    name: 'URL query',
    path: 'notes.txt',
    template: 'see\nhttps://example.com/api?value={{secret}}&x=1\n',
  },
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
    CONTEXT_MATRIX.map(
      (context) => [`sample ${index + 1} in ${context.name}`, secret, context] as const,
    ),
  );

  test.each(rows)('finds %s', (_name, secret, context) => {
    const text = context.template.replace('{{secret}}', secret);
    const findings = runRule(rule, text, { path: context.path }).filter(
      (finding) => finding.ruleId === rule.id,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject(locateSecret(context.template));
  });
}

/** The file formats of the full matrix; a sample may name its key differently in each. */
export type FormatName =
  | '.env'
  | 'shell export'
  | 'JSON'
  | 'YAML'
  | 'TOML'
  | 'INI'
  | 'Python'
  | 'TypeScript'
  | 'Java properties'
  | 'Terraform'
  | 'Dockerfile'
  | 'Markdown'
  | 'CSV'
  | 'XML'
  | 'URL query'
  | 'minified line'
  | 'CRLF';

/**
 * A file format a credential is written in. `{{key}}` is replaced by the sample's key name
 * (everywhere it occurs) and `{{value}}` by the value, once; `encode` adapts a value to the
 * format (escaped newlines in JSON, indentation in YAML) before it goes in.
 */
export interface FileFormat {
  readonly name: string;
  readonly path: string;
  readonly template: string;
  readonly encode?: (value: string) => string;
}

/** Minified code without any keyword; repeated to build a line of 20,000 characters. */
const MINIFIED_FILLER = 'var a0=b0+c0,d1=e1(f1),g2=[h2,i2];';
const MINIFIED_HALF = MINIFIED_FILLER.repeat(Math.ceil(10_000 / MINIFIED_FILLER.length));

/** Every format the issue lists, with one realistic line of context around the value. */
export const FORMAT_MATRIX: readonly (FileFormat & { readonly name: FormatName })[] = [
  {
    name: '.env',
    path: '.env',
    template: '# local settings\nREGION=us-east-1\n{{key}}={{value}}\n',
  },
  {
    name: 'shell export',
    path: 'setup.sh',
    template: '#!/bin/sh\nset -eu\nexport {{key}}="{{value}}"\n',
  },
  {
    name: 'JSON',
    path: 'config.json',
    template: '{\n  "region": "us-east-1",\n  "{{key}}": "{{value}}"\n}\n',
  },
  {
    name: 'YAML',
    path: 'config.yaml',
    template: 'aws:\n  region: us-east-1\n  {{key}}: {{value}}\n',
  },
  {
    name: 'TOML',
    path: 'config.toml',
    template: '[default]\nregion = "us-east-1"\n{{key}} = "{{value}}"\n',
  },
  {
    name: 'INI',
    path: 'settings.ini',
    template: '[default]\nregion = us-east-1\n{{key}} = {{value}}\n',
  },
  {
    name: 'Python',
    path: 'app.py',
    template: 'import boto3\n\nclient = boto3.client(\n    "s3",\n    {{key}}="{{value}}",\n)\n',
  },
  {
    name: 'TypeScript',
    path: 'src/config.ts',
    template: "export const config = {\n  region: 'us-east-1',\n  {{key}}: '{{value}}',\n};\n",
  },
  {
    name: 'Java properties',
    path: 'application.properties',
    template: 'app.name=demo\n{{key}}={{value}}\n',
  },
  {
    name: 'Terraform',
    path: 'main.tf',
    template: 'provider "aws" {\n  region = "us-east-1"\n  {{key}} = "{{value}}"\n}\n',
  },
  {
    name: 'Dockerfile',
    path: 'Dockerfile',
    template: 'FROM node:20-alpine\nWORKDIR /app\nENV {{key}}={{value}}\n',
  },
  {
    name: 'Markdown',
    path: 'README.md',
    template: '# Deploy\n\nSet the variables:\n\n```sh\n{{key}}={{value}} ./deploy.sh\n```\n',
  },
  {
    name: 'CSV',
    path: 'keys.csv',
    template: 'user,{{key}},created\nci-bot,{{value}},2024-05-01\n',
  },
  {
    name: 'XML',
    path: 'settings.xml',
    template: '<?xml version="1.0"?>\n<settings>\n  <{{key}}>{{value}}</{{key}}>\n</settings>\n',
  },
  {
    name: 'URL query',
    path: 'notes.txt',
    template: 'Callback:\nhttps://example.com/hook?{{key}}={{value}}&retry=1\n',
  },
  {
    name: 'minified line',
    path: 'dist/app.min.js',
    template: `${MINIFIED_HALF}cfg.set("{{key}}","{{value}}");${MINIFIED_HALF}\n`,
  },
  {
    name: 'CRLF',
    path: '.env.production',
    template: '# production\r\nREGION=us-east-1\r\n{{key}}={{value}}\r\n',
  },
];

/** A value to plant in every format, and the key name it is written under in each. */
export interface MatrixSample {
  readonly value: string;
  /** The key name per format; `default` for the formats not listed. */
  readonly keys: { readonly default: string } & Partial<Record<FormatName, string>>;
}

/** Builds a format's text for a sample and says where the value starts (1-based). */
export function renderFormat(
  format: FileFormat,
  sample: MatrixSample,
): { text: string; line: number; column: number } {
  const key = sample.keys[format.name as FormatName] ?? sample.keys.default;
  const withKey = format.template.replaceAll('{{key}}', key);
  const at = withKey.indexOf('{{value}}');
  const value = format.encode ? format.encode(sample.value) : sample.value;
  const before = withKey.slice(0, at).split('\n');
  return {
    text: withKey.slice(0, at) + value + withKey.slice(at + '{{value}}'.length),
    line: before.length,
    column: (before.at(-1)?.length ?? 0) + 1,
  };
}

/**
 * Writes each sample in every format of the matrix and expects exactly one finding of the rule,
 * where the value starts.
 */
export function testFormatMatrix(
  rule: Rule,
  samples: readonly MatrixSample[],
  formats: readonly FileFormat[] = FORMAT_MATRIX,
): void {
  const rows = samples.flatMap((sample, index) =>
    formats.map((format) => [`sample ${index + 1} in ${format.name}`, sample, format] as const),
  );

  test.each(rows)('finds %s', (_name, sample, format) => {
    const { text, line, column } = renderFormat(format, sample);
    const findings = runRule(rule, text, { path: format.path }).filter(
      (finding) => finding.ruleId === rule.id,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ line, column });
  });
}
