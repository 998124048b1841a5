import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, tempDir, type TestRepo } from '../helpers/git.js';
import { readmeBlocks } from '../helpers/readme.js';

/**
 * The pre-commit framework end to end: a project lists this repository in its
 * .pre-commit-config.yaml (the README's snippet), pre-commit installs it with npm (which builds
 * dist/ through the `prepare` script) and runs the hook from .pre-commit-hooks.yaml on each
 * commit.
 */

const SOURCE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = fakeAccessKeyId('AKIA', 951);
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;

// npm installs the hook repository's dependencies; the machine's npm cache keeps that offline.
const NPM_ENV = {
  npm_config_cache: process.env['npm_config_cache'] ?? path.join(homedir(), '.npm'),
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

/** A repository holding the current sources (what `git ls-files` lists), as if cloned. */
async function hookRepository(): Promise<{ repo: TestRepo; rev: string }> {
  const repo = await createRepo();
  const files = execFileSync('git', ['ls-files', '-z', '-c', '-o', '--exclude-standard'], {
    cwd: SOURCE_ROOT,
    encoding: 'utf8',
  });

  for (const file of files.split('\0').filter(Boolean)) {
    mkdirSync(path.dirname(path.join(repo.dir, file)), { recursive: true });
    copyFileSync(path.join(SOURCE_ROOT, file), path.join(repo.dir, file));
  }
  return { repo, rev: await repo.commit('keyfence sources') };
}

function run(
  command: string,
  args: readonly string[],
  repo: TestRepo,
  env: Record<string, string>,
) {
  const result = spawnSync(command, args, { cwd: repo.dir, env, encoding: 'utf8' });
  return { code: result.status ?? -1, output: result.stdout + result.stderr };
}

describe.skipIf(!hasPreCommit)('the pre-commit framework hook', () => {
  test(
    'rejects a commit that adds a key and accepts a clean one',
    { timeout: 300_000 },
    async () => {
      const { repo: hooks, rev } = await hookRepository();
      const project = await createRepo();
      const env = { ...project.env, ...NPM_ENV, PRE_COMMIT_HOME: tempDir('keyfence-pre-commit-') };
      // The README's snippet as written, pointed at the local copy instead of GitHub.
      const [snippet = ''] = readmeBlocks('### With the pre-commit framework', 'yaml');
      const config = snippet
        .replace(/repo: \S+/, `repo: ${hooks.dir}`)
        .replace(/rev: \S+/, `rev: ${rev}`);
      expect(config).not.toBe(snippet);
      project.write('.pre-commit-config.yaml', config);
      await project.git.add('.pre-commit-config.yaml');
      expect(run('pre-commit', ['install'], project, env).code).toBe(0);

      project.write('deploy/.env.sample', `AWS_ACCESS_KEY_ID=${KEY}\n`);
      await project.git.add('deploy/.env.sample');
      const blocked = run('git', ['commit', '-m', 'add a key'], project, env);

      expect(blocked.code, blocked.output).toBe(1);
      expect(blocked.output).toContain('aws-access-key-id');
      expect(blocked.output).not.toContain(KEY);

      await project.git.raw(['rm', '--quiet', '--cached', 'deploy/.env.sample']);
      project.write('README.md', '# app\n');
      await project.git.add('README.md');
      const clean = run('git', ['commit', '-m', 'clean'], project, env);
      expect(clean.code, clean.output).toBe(0);
      expect(clean.output).toMatch(/keyfence.*Passed/);
    },
  );
});

test.runIf(!hasPreCommit)('pre-commit is not installed: the framework test is skipped', () => {
  // Shown in the report so a skipped end-to-end test is never mistaken for a passing one.
  console.warn('skipped the pre-commit framework test: install it with apt-get install pre-commit');
});
