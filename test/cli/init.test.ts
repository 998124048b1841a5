import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { CONFIG_SCHEMA, validate } from '../../src/config/schema.js';
import { HUSKY_VERSION } from '../../src/init/husky.js';
import { BIN, runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, type TestRepo } from '../helpers/git.js';

const KEY = fakeAccessKeyId('AKIA', 901);
const HUSKY_DIR = path.resolve(path.dirname(BIN), '../node_modules/husky');

function read(repo: TestRepo, file: string): string {
  return readFileSync(path.join(repo.dir, file), 'utf8');
}

function manifestOf(repo: TestRepo): Record<string, Record<string, string>> {
  return JSON.parse(read(repo, 'package.json')) as Record<string, Record<string, string>>;
}

/** Every file under the repository (and its .git, objects aside) with its mode and content. */
function snapshot(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    if (relative === path.join('.git', 'objects') || entry.isSymbolicLink()) {
      return [relative];
    }
    if (entry.isDirectory()) {
      return snapshot(dir, relative);
    }
    const full = path.join(dir, relative);
    return [`${relative} ${statSync(full).mode.toString(8)} ${readFileSync(full, 'utf8')}`];
  });
}

/** Makes the repository's `npx keyfence` and `husky` this build, as an npm install would. */
function linkTools(repo: TestRepo): void {
  mkdirSync(path.join(repo.dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(BIN, path.join(repo.dir, 'node_modules/.bin/keyfence'));
  symlinkSync(HUSKY_DIR, path.join(repo.dir, 'node_modules/husky'));
  symlinkSync(path.join(HUSKY_DIR, 'bin.js'), path.join(repo.dir, 'node_modules/.bin/husky'));
  repo.write('.gitignore', 'node_modules/\n');
}

function gitCommit(repo: TestRepo, message: string): { code: number; output: string } {
  const result = spawnSync('git', ['commit', '--quiet', '-m', message], {
    cwd: repo.dir,
    env: repo.env,
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, output: result.stdout + result.stderr };
}

describe('keyfence init: the starter configuration', () => {
  test('writes a .keyfencerc.json that the schema and a scan accept', async () => {
    const repo = await createRepo();

    const result = runCli(['init'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    const config: unknown = JSON.parse(read(repo, '.keyfencerc.json'));
    expect(config).toMatchObject({ failOn: 'error', maxFileSize: '10MiB' });
    expect(validate(config, CONFIG_SCHEMA)).toEqual([]);
    expect(runCli(['scan'], { cwd: repo.dir, env: repo.env }).code).toBe(0);
  });

  test('keeps an existing configuration, in whichever file it is', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.yaml', 'failOn: warning\n');

    const result = runCli(['init'], { cwd: repo.dir, env: repo.env });

    expect(result.stdout).toMatch(/unchanged\s+\.keyfencerc\.yaml/);
    expect(existsSync(path.join(repo.dir, '.keyfencerc.json'))).toBe(false);
  });

  test('refuses to run outside a git repository', async () => {
    const repo = await createRepo({ init: false });

    const result = runCli(['init'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not inside a git repository');
  });
});

describe('keyfence init without husky', () => {
  test('explains the three ways to run the hook and installs none', async () => {
    const repo = await createRepo();

    const result = runCli(['init'], { cwd: repo.dir, env: repo.env });

    expect(result.stdout).toContain('keyfence init --husky');
    expect(result.stdout).toContain('pre-commit framework');
    expect(result.stdout).toContain('keyfence init --git-hook');
    expect(existsSync(path.join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  test('writes an executable plain hook with --git-hook', async () => {
    const repo = await createRepo();

    const result = runCli(['init', '--git-hook'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    const hook = path.join(repo.dir, '.git/hooks/pre-commit');
    expect(readFileSync(hook, 'utf8')).toMatch(/^#!\/bin\/sh\n[^]*\nnpx keyfence staged\n$/);
    expect(statSync(hook).mode & 0o111).not.toBe(0);
  });

  test('writes the plain hook where core.hooksPath points', async () => {
    const repo = await createRepo();
    // simple-git refuses to set core.hooksPath, so this one call goes to git directly.
    spawnSync('git', ['config', 'core.hooksPath', 'tools/hooks'], { cwd: repo.dir, env: repo.env });

    runCli(['init', '--git-hook'], { cwd: repo.dir, env: repo.env });

    expect(read(repo, 'tools/hooks/pre-commit')).toContain('npx keyfence staged');
    expect(existsSync(path.join(repo.dir, '.git/hooks/pre-commit'))).toBe(false);
  });

  test('appends to an existing plain hook and keeps its commands first', async () => {
    const repo = await createRepo();
    repo.write('.git/hooks/pre-commit', '#!/bin/sh\nmake lint');

    const result = runCli(['init', '--git-hook'], { cwd: repo.dir, env: repo.env });

    expect(result.stdout).toMatch(/updated\s+\.git\/hooks\/pre-commit/);
    expect(read(repo, '.git/hooks/pre-commit')).toBe('#!/bin/sh\nmake lint\nnpx keyfence staged\n');
  });

  test('refuses --husky together with --git-hook', async () => {
    const repo = await createRepo();

    const result = runCli(['init', '--husky', '--git-hook'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('choose one of --husky and --git-hook');
  });

  test('blocks a commit that adds a key and lets a clean one through', async () => {
    const repo = await createRepo();
    linkTools(repo);
    runCli(['init', '--git-hook'], { cwd: repo.dir, env: repo.env });
    await repo.git.add('.');
    expect(gitCommit(repo, 'set up keyfence').code).toBe(0);

    repo.write('settings.py', `KEY = "${KEY}"\n`);
    await repo.git.add('settings.py');
    const blocked = gitCommit(repo, 'add a key');

    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('aws-access-key-id');
    expect(blocked.output).not.toContain(KEY);
    repo.write('settings.py', 'KEY = os.environ["KEY"]\n');
    await repo.git.add('settings.py');
    expect(gitCommit(repo, 'read the key from the environment').code).toBe(0);
  });
});

describe('keyfence init with husky', () => {
  test('appends to an existing husky hook and adds what package.json lacks', async () => {
    const repo = await createRepo();
    repo.write('package.json', '{\n    "name": "app",\n    "scripts": { "prepare": "tsc" }\n}\n');
    repo.write('.husky/pre-commit', 'npm test\n');

    const result = runCli(['init'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(read(repo, '.husky/pre-commit')).toBe('npm test\nnpx keyfence staged\n');
    expect(manifestOf(repo)).toMatchObject({
      scripts: { prepare: 'tsc && husky' },
      devDependencies: { husky: HUSKY_VERSION },
    });
    expect(read(repo, 'package.json')).toMatch(/^\{\n {4}"name"/);
    expect(result.stdout).toContain('npm install');
  });

  test('sets husky up from scratch with --husky', async () => {
    const repo = await createRepo();
    repo.write('package.json', '{ "name": "app" }');

    runCli(['init', '--husky'], { cwd: repo.dir, env: repo.env });

    expect(read(repo, '.husky/pre-commit')).toBe('npx keyfence staged\n');
    expect(manifestOf(repo)).toMatchObject({ scripts: { prepare: 'husky' } });
    expect(read(repo, 'package.json').endsWith('}')).toBe(true);
  });

  test('says husky needs a package.json when there is none', async () => {
    const repo = await createRepo();

    const result = runCli(['init', '--husky'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('husky needs a package.json');
    expect(existsSync(path.join(repo.dir, '.husky'))).toBe(false);
  });

  test('changes nothing when run a second time', async () => {
    const repo = await createRepo();
    repo.write(
      'package.json',
      '{\n  "name": "app",\n  "devDependencies": { "husky": "^9.0.0" }\n}\n',
    );
    runCli(['init'], { cwd: repo.dir, env: repo.env });
    const before = snapshot(repo.dir);

    const again = runCli(['init'], { cwd: repo.dir, env: repo.env });

    expect(snapshot(repo.dir)).toEqual(before);
    expect(again.stdout).not.toMatch(/created|updated/);
    expect(again.stdout).not.toContain('npm install');
  });

  test('the installed husky hook blocks a commit that adds a key', async () => {
    const repo = await createRepo();
    repo.write('package.json', '{ "name": "app", "private": true }\n');
    linkTools(repo);
    runCli(['init', '--husky'], { cwd: repo.dir, env: repo.env });
    const prepare = spawnSync('npm', ['run', 'prepare'], { cwd: repo.dir, env: repo.env });
    expect(prepare.status).toBe(0);
    await repo.git.add('.');
    expect(gitCommit(repo, 'set up keyfence').code).toBe(0);

    repo.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${KEY}\n`);
    await repo.git.add('deploy.sh');
    const blocked = gitCommit(repo, 'add a key');

    expect(blocked.code).not.toBe(0);
    expect(blocked.output).toContain('aws-access-key-id');
  });
});
