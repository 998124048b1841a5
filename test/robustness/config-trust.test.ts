import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { isCiEnvironment, isCodeConfig, resolveConfigTrust } from '../../src/config/trust.js';
import { runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir, type TestRepo } from '../helpers/git.js';
import { runMain } from './harness.js';

const KEY = fakeAccessKeyId('AKIA', 1001);

/**
 * A code configuration that turns the key rule off and leaves a marker file behind, so a test
 * can tell whether it ran at all, not only whether its settings applied.
 */
function codeConfig(marker: string, style: 'esm' | 'cjs'): string {
  const write = `fs.writeFileSync(${JSON.stringify(marker)}, 'ran');`;
  const settings = `{ rules: { 'aws-access-key-id': 'off' } }`;
  return style === 'esm'
    ? `import fs from 'node:fs';\n${write}\nexport default ${settings};\n`
    : `const fs = require('node:fs');\n${write}\nmodule.exports = ${settings};\n`;
}

/**
 * A folder with a code config and a key. Plain files, not a repository, unless the command
 * needs git: where the files come from does not change the trust decision, and it is cheaper.
 */
async function repoWithCodeConfig(
  name: string,
  options: { git?: boolean } = {},
): Promise<{ repo: Pick<TestRepo, 'dir' | 'env'>; marker: string }> {
  const dir = tempDir();
  const marker = path.join(tempDir(), 'config-ran');
  const write = (file: string, content: string): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  write(name, codeConfig(marker, name.endsWith('.cjs') ? 'cjs' : 'esm'));
  write('a.txt', `${KEY}\n`);

  if (options.git) {
    const repo = await createRepo();
    repo.write(name, codeConfig(marker, name.endsWith('.cjs') ? 'cjs' : 'esm'));
    await repo.commit('key', { 'a.txt': `${KEY}\n` });
    return { repo, marker };
  }
  return { repo: { dir, env: isolatedEnv(dir) }, marker };
}

describe('a JavaScript configuration is code and runs only when trusted', () => {
  test.each(['keyfence.config.js', 'keyfence.config.mjs', 'keyfence.config.cjs'])(
    'a local run loads %s',
    async (name) => {
      // keyfence.config.js is ESM here: createRepo's repositories have no package.json.
      const { repo, marker } = await repoWithCodeConfig(name);

      const result = await runMain(['scan'], { cwd: repo.dir, env: repo.env });

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(existsSync(marker)).toBe(true);
    },
  );

  test.each([
    ['--ci', ['scan', '--ci'], {}],
    ['CI=true', ['scan'], { CI: 'true' }],
    ['CI=1', ['scan'], { CI: '1' }],
    ['staged --ci', ['staged', '--ci'], {}],
    ['history --ci', ['history', '--ci'], {}],
    ['baseline --ci', ['baseline', '--ci'], {}],
    ['history with CI=true', ['history'], { CI: 'true' }],
  ])(
    'with %s it refuses to run it, names the file and the flag, exits 2',
    async (_name, args, env) => {
      const { repo, marker } = await repoWithCodeConfig('keyfence.config.mjs', {
        git: args[0] !== 'scan',
      });

      const result = await runMain(args, { cwd: repo.dir, env: { ...repo.env, ...env } });

      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('keyfence.config.mjs');
      expect(result.stderr).toContain('--trust-config');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(marker)).toBe(false);
    },
  );

  test.each(['history', 'baseline'])('a local `keyfence %s` loads it', async (command) => {
    const { repo, marker } = await repoWithCodeConfig('keyfence.config.mjs', { git: true });

    const result = await runMain([command], { cwd: repo.dir, env: repo.env });

    expect(result.stderr).not.toContain('--trust-config');
    expect(existsSync(marker)).toBe(true);
  });

  test('--config naming a JavaScript file is refused in CI as well', async () => {
    const { repo, marker } = await repoWithCodeConfig('tools/settings.cjs');

    const args = ['--ci', '--config', 'tools/settings.cjs'];
    const result = await runMain(args, { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('settings.cjs');
    expect(existsSync(marker)).toBe(false);
  });

  test.each([
    ['--ci --trust-config', ['--ci', '--trust-config'], {}],
    ['CI=true --trust-config', ['--trust-config'], { CI: 'true' }],
    ['CI=false', [], { CI: 'false' }],
    ['CI empty', [], { CI: '' }],
  ])('with %s it loads it', async (_name, args, env) => {
    const { repo, marker } = await repoWithCodeConfig('keyfence.config.mjs');

    const result = await runMain(['scan', ...args], {
      cwd: repo.dir,
      env: { ...repo.env, ...env },
    });

    expect(result.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  test('--no-config in CI ignores the JavaScript file instead of failing', async () => {
    const { repo, marker } = await repoWithCodeConfig('keyfence.config.mjs');

    const result = await runMain(['--ci', '--no-config'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('data configurations are always read', () => {
  test.each([
    ['.keyfencerc.json', JSON.stringify({ rules: { 'aws-access-key-id': 'off' } })],
    ['.keyfencerc.yaml', 'rules:\n  aws-access-key-id: "off"\n'],
    ['.keyfencerc', 'rules:\n  aws-access-key-id: "off"\n'],
    ['package.json', JSON.stringify({ keyfence: { rules: { 'aws-access-key-id': 'off' } } })],
  ])('%s applies under --ci', async (name, content) => {
    const repo = await createRepo();
    repo.write(name, content);
    await repo.commit('key', { 'a.txt': `${KEY}\n` });

    const result = runCli(['--ci'], { cwd: repo.dir, env: { ...repo.env, CI: 'true' } });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  test('a .keyfencerc.json that links to a JavaScript file is parsed as JSON, never run', async () => {
    const repo = await createRepo();
    const marker = path.join(repo.dir, 'ran');
    repo.write('evil.mjs', codeConfig(marker, 'esm'));
    symlinkSync('evil.mjs', path.join(repo.dir, '.keyfencerc.json'));

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid JSON');
    expect(existsSync(marker)).toBe(false);
  });
});

describe('the trust decision', () => {
  test.each([
    [{ ci: false, trustConfig: false }, {}, true],
    [{ ci: true, trustConfig: false }, {}, false],
    [{ ci: false, trustConfig: false }, { CI: 'true' }, false],
    [{ ci: false, trustConfig: false }, { CI: 'False' }, true],
    [{ ci: false, trustConfig: false }, { CI: '0' }, true],
    [{ ci: false, trustConfig: false }, { CI: 'woodpecker' }, false],
    [{ ci: true, trustConfig: true }, { CI: 'true' }, true],
  ])('flags %j with env %j allow code: %s', (flags, env, expected) => {
    expect(resolveConfigTrust(flags, env).allowCode).toBe(expected);
  });

  test('only CI values other than "", "0" and "false" count as CI', () => {
    expect(isCiEnvironment({})).toBe(false);
    expect(isCiEnvironment({ CI: ' ' })).toBe(false);
    expect(isCiEnvironment({ CI: 'true' })).toBe(true);
  });

  test.each([
    ['keyfence.config.js', true],
    ['keyfence.config.MJS', true],
    ['x.cts', true],
    ['.keyfencerc', false],
    ['.keyfencerc.yml', false],
    ['package.json', false],
  ])('%s is code: %s', (file, expected) => {
    expect(isCodeConfig(file)).toBe(expected);
  });
});
