import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir } from '../helpers/git.js';
import { runBounded, runMain, type BoundedResult } from './harness.js';

/**
 * Broken and hostile configuration files. Each stops the run with exit 2 and a message naming
 * the file, quoting at most a short, redacted excerpt: people paste secrets into configs.
 */

const KEY = fakeAccessKeyId('AKIA', 5001);

/** A plain folder (no git, to keep these many cases cheap) with a config and a key. */
async function runWithConfig(name: string, content: string): Promise<BoundedResult> {
  const dir = tempDir();
  writeFileSync(path.join(dir, name), content);
  writeFileSync(path.join(dir, 'a.txt'), `${fakeAccessKeyId('AKIA', 5002)}\n`);
  return runMain(['scan', dir], { cwd: dir, env: isolatedEnv(dir) });
}

function expectConfigError(result: BoundedResult, file: string): void {
  expect(result.timedOut).toBe(false);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(file);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toContain(KEY);
}

describe('syntax errors never quote the file', () => {
  test.each([
    ['.keyfencerc.json', `{ "failOn": "error", "note": ${KEY} }`],
    ['.keyfencerc.json', `{ "failOn": "${KEY}`],
    ['.keyfencerc.yaml', `failOn: error\nnote: [${KEY}\n`],
    ['.keyfencerc.yaml', `failOn: error\n  bad indent: ${KEY}\n`],
    ['.keyfencerc', `{ "x": ${KEY}`],
    ['package.json', `{ "keyfence": { "failOn": ${KEY} } }`],
  ])('%s with a secret next to the error', async (name, content) => {
    const result = await runWithConfig(name, content);

    if (name === 'package.json') {
      // A broken package.json is not a keyfence config: it is ignored, and the scan runs.
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).not.toContain(KEY);
      return;
    }
    expectConfigError(result, name);
    expect(result.stderr).toMatch(/invalid (JSON|YAML)|syntax error/);
  });
});

describe('validation errors name the key and mask secrets in it', () => {
  test.each([
    ['an unknown key', { failon: 'warning' }, '"failon"'],
    ['a secret as an unknown key', { [KEY]: 'x' }, 'AKIA********'],
    ['a secret as a rule id', { rules: { [KEY]: 'off' } }, 'rules.AKIA********'],
    ['a secret as a value', { failOn: KEY }, '"AKIA********"'],
    ['a long secret as a value', { failOn: `${KEY}${KEY}` }, 'a 40-character string'],
    ['a wrong type', { maxFileSize: true }, '"maxFileSize" must be'],
    ['a bad size', { maxFileSize: 'huge' }, '"maxFileSize" must be'],
    ['a negative size', { maxFileSize: -1 }, '"maxFileSize" must be'],
    ['a size no string can hold', { maxFileSize: '1GiB' }, '"maxFileSize" may be at most 511MiB'],
    ['a list at the top', [], 'must be an object'],
    ['a prototype key', JSON.parse('{"__proto__": {"failOn": "note"}}') as unknown, '"__proto__"'],
    ['a constructor key', { constructor: 1 }, '"constructor"'],
    ['a toString rule', { rules: { toString: 'off' } }, 'rules.toString'],
  ])('%s', async (_name, config, expected) => {
    const result = await runWithConfig('.keyfencerc.json', JSON.stringify(config));

    expectConfigError(result, '.keyfencerc.json');
    expect(result.stderr).toContain(expected);
  });

  test('an unsafe YAML tag is refused, not run', async () => {
    const result = await runWithConfig(
      '.keyfencerc.yaml',
      'failOn: !!js/function "function () {}"\n',
    );

    expectConfigError(result, '.keyfencerc.yaml');
  });
});

describe('hostile configuration files finish quickly', () => {
  test.each([
    [
      'JSON nested 100,000 deep',
      '.keyfencerc.json',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ],
    [
      'JSON objects nested 100,000 deep',
      '.keyfencerc.json',
      `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`,
    ],
    [
      'YAML nested 5,000 deep',
      '.keyfencerc.yaml',
      Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n'),
    ],
    [
      'YAML flow nested 100,000 deep',
      '.keyfencerc.yaml',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    ],
  ])('%s exits 2', async (_name, file, content) => {
    const result = await runWithConfig(file, content);

    expectConfigError(result, file);
  });

  test('a YAML alias bomb under a known key is not expanded', async () => {
    const lines = ['x0: &x0 ["fixtures/", "fixtures/", "fixtures/", "fixtures/", "fixtures/"]'];
    for (let level = 1; level < 12; level++) {
      lines.push(
        `x${level}: &x${level} [${Array(5)
          .fill(`*x${level - 1}`)
          .join(', ')}]`,
      );
    }
    const content = `${lines.join('\n')}\nallow:\n  paths: *x11\n`;

    const result = await runWithConfig('.keyfencerc.yaml', content);

    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(2);
    expect(result.ms).toBeLessThan(10_000);
  });

  test.each([
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file])],
    ['a link to /dev/zero', (file: string) => symlinkSync('/dev/zero', file)],
    ['a folder', (file: string) => mkdirSync(file)],
  ])('a config that is %s exits 2 at once', async (_name, make) => {
    const repo = await createRepo();
    await repo.commit('key', { 'a.txt': `${KEY}\n` });
    make(path.join(repo.dir, '.keyfencerc.json'));

    const result = runBounded(['scan'], { cwd: repo.dir, env: repo.env, timeoutMs: 10_000 });

    expectConfigError(result, '.keyfencerc.json');
    expect(result.stderr).toContain('not a regular file');
  });

  test('an empty config file means the defaults', async () => {
    const result = await runWithConfig('.keyfencerc.json', '');

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
  });
});
