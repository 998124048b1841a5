import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { loadConfig } from '../../src/config/load.js';
import { Engine } from '../../src/engine/engine.js';
import { KeyfenceError } from '../../src/errors.js';
import { backtrackingRisk, compileAllowedValue } from '../../src/suppress/values.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { tempDir } from '../helpers/git.js';

const KEY = fakeAccessKeyId('AKIA', 811);
const OTHER_KEY = fakeAccessKeyId('AKIA', 812);
const KNOWN = new Set(RULES.map((rule) => rule.id));

async function configWith(values: unknown) {
  const root = tempDir();
  writeFileSync(path.join(root, '.keyfencerc.json'), JSON.stringify({ allow: { values } }));
  return loadConfig({ root, knownRuleIds: KNOWN });
}

async function configErrorOf(values: unknown): Promise<string> {
  try {
    await configWith(values);
  } catch (cause) {
    if (cause instanceof KeyfenceError) {
      return cause.message;
    }
    throw cause;
  }
  throw new Error('expected a configuration error');
}

describe('allow.values patterns', () => {
  test('suppress a finding whose raw value matches, with the reason, kind external', async () => {
    const config = await configWith([{ pattern: `^${KEY}$`, reason: 'the docs key' }]);
    const engine = new Engine({
      rules: RULES,
      mode: 'tree',
      config: {},
      allowedValues: config.allowedValues,
    });

    const findings = engine.scanFile({
      path: 'a.txt',
      bytes: Buffer.from(`${KEY}\n${OTHER_KEY}\n`),
    });

    expect(findings.map((finding) => finding.suppression)).toEqual([
      { kind: 'external', source: 'config', justification: 'the docs key' },
      undefined,
    ]);
    expect(JSON.stringify(findings)).not.toContain(KEY);
  });

  test('accept plain strings and leave the reason out', async () => {
    const config = await configWith(['EXAMPLE$']);
    expect(config.allowedValues.map((entry) => entry.pattern.source)).toEqual(['EXAMPLE$']);
    expect(config.allowedValues[0]?.reason).toBeUndefined();
  });

  test.each([
    ['(a+)+$', 'repeats a group'],
    ['(a*)*', 'repeats a group'],
    ['(?:a|aa)+b', 'repeats a group'],
    ['((ab)*c)+', 'repeats a group'],
    ['(\\d+){2,}', 'repeats a group'],
    ['(x+){3}', 'repeats a group'],
    ['(a)\\1', 'backreference'],
    ['(?<n>a)\\k<n>', 'backreference'],
    ['x'.repeat(501), 'longer than'],
  ])('refuse %j, which could hang the scan', (source, reason) => {
    expect(backtrackingRisk(source)).toContain(reason);
  });

  test.each([
    '^AKIA[A-Z2-7]{12}EXAMPLE$',
    'EXAMPLE',
    '(ab)+',
    '(a+)?',
    '(?:xy){1}c+',
    '[(+]+',
    '\\(a+\\)+',
    '(?:foo|bar)baz*',
  ])('accept %j', (source) => {
    expect(backtrackingRisk(source)).toBeUndefined();
    expect(typeof compileAllowedValue(source)).toBe('object');
  });

  test('name the key and the reason of a pattern that does not compile', async () => {
    const message = await configErrorOf(['EXAMPLE', '(unclosed']);
    expect(message).toMatch(/"allow\.values\[1\]" is not a valid regular expression \(.+\)/);
    expect(message).not.toContain('(unclosed');
  });

  test('name the key of a pattern that can backtrack catastrophically', async () => {
    const message = await configErrorOf([{ pattern: '^(\\w+)*$', reason: 'x' }]);
    expect(message).toContain('"allow.values[0]" repeats a group');
  });

  test('refuse an entry without a pattern and a value of the wrong type', async () => {
    expect(await configErrorOf([{ reason: 'no pattern' }])).toContain('needs a "pattern"');
    expect(await configErrorOf([42])).toContain('"allow.values[0]" must be a regular expression');
  });
});
