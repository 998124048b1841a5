import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';

import { STARTER_CONFIG } from '../../src/init/starter-config.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, tempDir, type TestRepo } from '../helpers/git.js';
import { readmeBlocks } from '../helpers/readme.js';

/**
 * The README's setup sections, run as written in fresh repositories. keyfence is not on the
 * registry yet, so `npm install --save-dev keyfence` installs the package this repository packs
 * (`npm pack`), which is what the registry would serve; every other line runs unchanged.
 */

const SOURCE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = fakeAccessKeyId('AKIA', 981);
const INSTALL_LINE = 'npm install --save-dev keyfence';

const NPM_ENV = {
  npm_config_cache: process.env['npm_config_cache'] ?? path.join(homedir(), '.npm'),
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

let tarball = '';

beforeAll(() => {
  // --ignore-scripts: dist/ is already built, and rebuilding it would race the other tests.
  const destination = tempDir('keyfence-pack-');
  const name = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--pack-destination', destination],
    {
      cwd: SOURCE_ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...NPM_ENV },
    },
  );
  tarball = path.join(destination, name.trim().split('\n').at(-1) ?? '');
});

/** Runs each line of a README `sh` block in the repository, as a reader would type it. */
function runLines(repo: TestRepo, block: string): void {
  const env = { ...repo.env, ...NPM_ENV };
  for (const line of block.split('\n').filter(Boolean)) {
    const command = line === INSTALL_LINE ? `npm install --save-dev ${tarball}` : line;
    const result = spawnSync('sh', ['-c', command], { cwd: repo.dir, env, encoding: 'utf8' });
    expect(result.status, `${line}\n${result.stdout}${result.stderr}`).toBe(0);
  }
}

function commit(repo: TestRepo, message: string): { code: number; output: string } {
  const result = spawnSync('git', ['commit', '--quiet', '-m', message], {
    cwd: repo.dir,
    env: { ...repo.env, ...NPM_ENV },
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, output: result.stdout + result.stderr };
}

/** The check every hook must pass: a key is refused, a clean change goes through. */
async function expectHookGuards(repo: TestRepo): Promise<void> {
  repo.write('.gitignore', 'node_modules/\n');
  await repo.git.add('.');
  expect(commit(repo, 'set up keyfence').code).toBe(0);

  repo.write('config/prod.env.example', `AWS_ACCESS_KEY_ID=${KEY}\n`);
  await repo.git.add('.');
  const blocked = commit(repo, 'add a key');
  expect(blocked.code, blocked.output).not.toBe(0);
  expect(blocked.output).toContain('aws-access-key-id');
  expect(blocked.output).not.toContain(KEY);

  await repo.git.raw(['rm', '--quiet', '--cached', 'config/prod.env.example']);
  repo.write('src/app.js', 'export const region = process.env.AWS_REGION;\n');
  await repo.git.add('src/app.js');
  expect(commit(repo, 'clean change').code).toBe(0);
}

describe('README: Pre-commit hook', () => {
  test('"With husky" works as written', { timeout: 180_000 }, async () => {
    const repo = await createRepo();
    repo.write('package.json', '{\n  "name": "app",\n  "private": true\n}\n');
    const [commands = ''] = readmeBlocks('### With husky', 'sh');

    runLines(repo, commands);

    expect(readFileSync(path.join(repo.dir, '.husky/pre-commit'), 'utf8')).toContain(
      'npx keyfence staged',
    );
    await expectHookGuards(repo);
  });

  test('"With husky" shows the starter configuration init writes', () => {
    const [starter = ''] = readmeBlocks('### With husky', 'json');

    expect(JSON.parse(starter)).toEqual(STARTER_CONFIG);
  });

  test('"A plain git hook" works as written', { timeout: 180_000 }, async () => {
    const repo = await createRepo();
    repo.write('package.json', '{\n  "name": "app",\n  "private": true\n}\n');
    const [commands = ''] = readmeBlocks('### A plain git hook', 'sh');

    runLines(repo, commands);

    await expectHookGuards(repo);
  });
});

describe('README: GitHub Action', () => {
  const [workflow = ''] = readmeBlocks('## GitHub Action', 'yaml');

  test('the workflow passes the workflow schema', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, '.github/workflows'), { recursive: true });
    const file = path.join(dir, '.github/workflows/keyfence.yml');
    writeFileSync(file, workflow);
    const validator = path.join(SOURCE_ROOT, 'node_modules/.bin/action-validator');

    const result = spawnSync(validator, [file], { encoding: 'utf8' });

    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  test('the workflow fetches the history, grants upload-sarif its permission and uploads', () => {
    const parsed = parse(workflow) as {
      permissions: Record<string, string>;
      jobs: { keyfence: { steps: { uses: string; with?: Record<string, unknown> }[] } };
    };
    const [checkout, keyfence, upload] = parsed.jobs.keyfence.steps;

    expect(checkout).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(keyfence?.uses).toMatch(/^keyfence\/keyfence@/);
    expect(upload?.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
    expect(upload?.with?.['sarif_file']).toBe('${{ steps.keyfence.outputs.sarif-file }}');
    expect(parsed.permissions).toMatchObject({ contents: 'read', 'security-events': 'write' });
  });
});
