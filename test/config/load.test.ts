import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { loadConfig } from '../../src/config/load.js';
import { TRUST_CODE } from '../../src/config/trust.js';
import { KeyfenceError } from '../../src/errors.js';
import { tempDir } from '../helpers/git.js';

const KNOWN = new Set(['aws-access-key-id', 'log-file']);

async function loadFrom(files: Record<string, string>) {
  const root = tempDir();
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(root, name), content);
  }
  return loadConfig({ root, knownRuleIds: KNOWN, trust: TRUST_CODE });
}

async function errorOf(files: Record<string, string>): Promise<KeyfenceError> {
  try {
    await loadFrom(files);
  } catch (cause) {
    if (cause instanceof KeyfenceError) {
      return cause;
    }
    throw cause;
  }
  throw new Error('expected a configuration error');
}

describe('configuration loading', () => {
  test('uses the defaults when there is no configuration', async () => {
    const config = await loadFrom({});
    expect(config).toMatchObject({
      file: undefined,
      failOn: 'error',
      maxFileSize: 10 * 1024 * 1024,
    });
  });

  test.each([
    ['.keyfencerc.json', '{"failOn": "warning"}'],
    ['.keyfencerc', '{"failOn": "warning"}'],
    ['.keyfencerc.yaml', 'failOn: warning\n'],
    ['.keyfencerc.yml', 'failOn: warning\n'],
    ['package.json', '{"name": "x", "keyfence": {"failOn": "warning"}}'],
    ['keyfence.config.mjs', 'export default { failOn: "warning" };'],
    ['keyfence.config.cjs', 'module.exports = { failOn: "warning" };'],
  ])('reads %s', async (name, content) => {
    const config = await loadFrom({ [name]: content });
    expect(config.failOn).toBe('warning');
    expect(config.file?.endsWith(name)).toBe(true);
  });

  test('ignores a package.json without a keyfence key', async () => {
    const config = await loadFrom({
      'package.json': '{"name": "x"}',
      '.keyfencerc.yml': 'failOn: note\n',
    });
    expect(config.failOn).toBe('note');
  });

  test.each([
    ['10MiB', 10 * 1024 * 1024],
    ['512 KiB', 512 * 1024],
    ['2MB', 2_000_000],
    [4096, 4096],
  ])('reads maxFileSize %j as %d bytes', async (size, bytes) => {
    const config = await loadFrom({ '.keyfencerc.json': JSON.stringify({ maxFileSize: size }) });
    expect(config.maxFileSize).toBe(bytes);
  });

  test.each([
    [{ failOn: 'loud' }, '"failOn" must be one of error, warning, note'],
    [{ maxFileSize: 'huge' }, '"maxFileSize" must be a number of bytes'],
    [{ maxFileSize: -1 }, '"maxFileSize" must be'],
    [{ rules: { 'no-such-rule': 'off' } }, '"rules.no-such-rule" names a rule that does not exist'],
    [{ rules: { 'log-file': 'silent' } }, '"rules.log-file" must be'],
    [{ allow: { paths: [3] } }, '"allow.paths[0]" must be a glob string'],
    [{ allow: { path: [] } }, '"allow.path" is not a known option (did you mean "paths"?)'],
    [[], '"(top level)" must be an object'],
  ])('rejects %j', async (config, message) => {
    const error = await errorOf({ '.keyfencerc.json': JSON.stringify(config) });
    expect(error.kind).toBe('config');
    expect(error.message).toContain('.keyfencerc.json');
    expect(error.message).toContain(message);
  });

  test('reports a YAML syntax error with its position and without quoting the file', async () => {
    const error = await errorOf({ '.keyfencerc.yml': 'failOn: [warning\nrules: {\n' });
    expect(error.message).toMatch(/invalid YAML|syntax error/);
    expect(error.message).not.toContain('rules: {');
  });

  test('reports a missing --config file', async () => {
    const root = tempDir();
    await expect(
      loadConfig({ root, file: path.join(root, 'nope.json'), knownRuleIds: KNOWN }),
    ).rejects.toThrow('does not exist');
  });
});
