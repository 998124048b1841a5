import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, tempDir, type TestRepo } from '../helpers/git.js';

/**
 * The built action run as the runner runs it: `node dist/action/index.js` with the inputs in
 * INPUT_* variables, the event payload in a file, and the summary and outputs written to the
 * files GitHub names in GITHUB_STEP_SUMMARY and GITHUB_OUTPUT.
 */

const ENTRY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../dist/action/index.js',
);
const KEY = fakeAccessKeyId('AKIA', 971);

/** The guide's .gitignore entries, so scans of the tree see no hygiene warning. */
const GITIGNORE = ['.env', '.env.local', '.env.production', '*.env', '.aws/credentials']
  .concat(['.aws/config', '*.log', 'logs/'])
  .join('\n');

/** The defaults action.yml declares, as the runner passes them. */
const DEFAULT_INPUTS: Record<string, string> = {
  mode: '',
  config: '',
  baseline: '',
  'fail-on': '',
  'sarif-file': 'keyfence.sarif',
  annotations: 'true',
};

interface ActionRun {
  readonly code: number;
  readonly stdout: string;
  readonly summary: string;
  readonly outputs: Record<string, string>;
  readonly sarif: { runs: { results: unknown[] }[] } | undefined;
}

interface RunOptions {
  readonly event?: string;
  readonly payload?: unknown;
  readonly inputs?: Record<string, string>;
}

function runAction(repo: TestRepo, options: RunOptions = {}): ActionRun {
  const dir = tempDir('keyfence-runner-');
  const files = {
    event: path.join(dir, 'event.json'),
    summary: path.join(dir, 'summary.md'),
    output: path.join(dir, 'output'),
  };
  writeFileSync(files.event, JSON.stringify(options.payload ?? {}));
  writeFileSync(files.summary, '');
  writeFileSync(files.output, '');

  const inputs = { ...DEFAULT_INPUTS, ...options.inputs };
  const env: Record<string, string> = {
    ...repo.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event ?? 'push',
    GITHUB_EVENT_PATH: files.event,
    GITHUB_WORKSPACE: repo.dir,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_OUTPUT: files.output,
  };
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.toUpperCase()}`] = value;
  }

  const result = spawnSync(process.execPath, [ENTRY], { cwd: repo.dir, env, encoding: 'utf8' });
  const sarifFile = path.join(repo.dir, inputs['sarif-file'] ?? '');
  return {
    code: result.status ?? -1,
    stdout: result.stdout + result.stderr,
    summary: readFileSync(files.summary, 'utf8'),
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    sarif:
      existsSync(sarifFile) && inputs['sarif-file']
        ? JSON.parse(readFileSync(sarifFile, 'utf8'))
        : undefined,
  };
}

/** Reads the `name<<DELIMITER ... DELIMITER` records of a GITHUB_OUTPUT file. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^([\w-]+)<<(\S+)\n([^]*?)\n\2$/gm)) {
    outputs[match[1] ?? ''] = match[3] ?? '';
  }
  return outputs;
}

function git(repo: TestRepo, args: readonly string[], cwd = repo.dir): string {
  const result = spawnSync('git', args, { cwd, env: repo.env, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  }
  return result.stdout.trim();
}

function pullRequest(base: string, head: string, commits: number): unknown {
  return { pull_request: { number: 7, commits, base: { sha: base }, head: { sha: head } } };
}

describe('the action outside pull requests (mode scan)', () => {
  test('fails on a committed key with an annotation, a summary, SARIF and outputs', async () => {
    const repo = await createRepo();
    await repo.commit('key', {
      '.gitignore': `${GITIGNORE}\n`,
      'deploy/env.sh': `export AWS_ACCESS_KEY_ID=${KEY}\n`,
    });

    const run = runAction(repo);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=deploy\/env.sh,line=1,.*aws-access-key-id/m);
    expect(run.summary).toContain('keyfence: 1 finding (1 error');
    expect(run.summary).toContain('keyfence scanned the checked-out files.');
    expect(run.outputs).toEqual({
      findings: '1',
      'sarif-file': path.join(repo.dir, 'keyfence.sarif'),
    });
    expect(run.sarif?.runs[0]?.results).toHaveLength(1);
    expect(run.stdout + run.summary + JSON.stringify(run.sarif)).not.toContain(KEY);
  });

  test('passes a clean repository and writes no SARIF when sarif-file is empty', async () => {
    const repo = await createRepo();
    await repo.commit('clean', { '.gitignore': `${GITIGNORE}\n`, 'README.md': '# app\n' });

    const run = runAction(repo, { inputs: { 'sarif-file': '' } });

    expect(run.code, run.stdout).toBe(0);
    expect(run.summary).toContain('keyfence: no findings');
    expect(run.outputs).toEqual({ findings: '0', 'sarif-file': '' });
  });

  test('scans every commit in mode history', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'old.txt': `${KEY}\n` });
    await repo.commit('gone', { 'old.txt': 'nothing here\n' });

    const run = runAction(repo, { inputs: { mode: 'history' } });

    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('file=old.txt');
    expect(run.summary).toContain('keyfence scanned the history.');
  });

  test('rejects an unknown mode with an error annotation and exit code 2', async () => {
    const repo = await createRepo();

    const run = runAction(repo, { inputs: { mode: 'everything' } });

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=keyfence::keyfence: the input "mode" must be one of/m,
    );
  });
});

describe('the action on a pull request', () => {
  test('fails a PR that adds a key, even one a later commit removes', async () => {
    const repo = await createRepo();
    const base = await repo.commit('base', { 'README.md': '# app\n' });
    await repo.commit('add a key', { 'src/aws.ts': `export const id = '${KEY}';\n` });
    const head = await repo.commit('remove it again', {
      'src/aws.ts': 'export const id = env();\n',
    });

    const run = runAction(repo, { event: 'pull_request', payload: pullRequest(base, head, 2) });

    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toMatch(/^::error file=src\/aws.ts,line=1,.*aws-access-key-id/m);
    expect(run.summary).toContain('keyfence scanned the 2 commits this pull request adds.');
    expect(run.outputs['findings']).toBe('1');
    expect(run.stdout + run.summary).not.toContain(KEY);
  });

  test('passes a clean PR and does not report keys the base branch already had', async () => {
    const repo = await createRepo();
    const base = await repo.commit('old key', { 'legacy.env': `AWS_ACCESS_KEY_ID=${KEY}\n` });
    const head = await repo.commit('clean', { 'src/app.ts': 'export const ok = true;\n' });

    const run = runAction(repo, { event: 'pull_request', payload: pullRequest(base, head, 1) });

    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('::error');
    expect(run.outputs['findings']).toBe('0');
  });

  test('reads the config from the base commit, so a PR cannot turn its check off', async () => {
    const repo = await createRepo();
    const base = await repo.commit('base', { '.keyfencerc.json': '{ "failOn": "error" }\n' });
    const weakened = { rules: { 'aws-access-key-id': 'off' }, allow: { paths: ['**'] } };
    await repo.commit('weaken the config and add a key', {
      '.keyfencerc.json': JSON.stringify(weakened),
      'src/settings.py': `KEY = "${KEY}"\n`,
    });
    const head = git(repo, ['rev-parse', 'HEAD']);

    const run = runAction(repo, {
      event: 'pull_request',
      payload: pullRequest(base, head, 1),
    });

    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('file=src/settings.py');
    expect(run.summary).toContain('This pull request changes `.keyfencerc.json`');
  });

  test("applies the base commit's baseline, so a PR cannot accept its own key", async () => {
    const repo = await createRepo();
    const config = JSON.stringify({ baseline: '.keyfence-baseline.json' });
    await repo.commit('config', { '.keyfencerc.json': config });
    expect(runCli(['baseline'], { cwd: repo.dir, env: repo.env }).code).toBe(0);
    const base = await repo.commit('empty baseline');
    repo.write('src/settings.py', `KEY = "${KEY}"\n`);
    expect(runCli(['baseline'], { cwd: repo.dir, env: repo.env }).code).toBe(0);
    const head = await repo.commit('add a key and accept it in the baseline');
    expect(runCli(['scan'], { cwd: repo.dir, env: repo.env }).code).toBe(0);

    const run = runAction(repo, {
      event: 'pull_request',
      payload: pullRequest(base, head, 1),
    });

    expect(run.code, run.stdout).toBe(1);
    expect(run.stdout).toContain('file=src/settings.py');
    expect(run.summary).toContain('This pull request changes `.keyfence-baseline.json`');
  });

  test('never runs a JavaScript configuration the PR adds', async () => {
    const repo = await createRepo();
    const base = await repo.commit('base', { 'README.md': '# app\n' });
    const marker = path.join(tempDir(), 'config-ran');
    const config =
      `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n` +
      "module.exports = { rules: { 'aws-access-key-id': 'off' } };\n";
    const head = await repo.commit('js config and a key', {
      'keyfence.config.cjs': config,
      'deploy.sh': `export AWS_ACCESS_KEY_ID=${KEY}\n`,
    });

    const run = runAction(repo, { event: 'pull_request', payload: pullRequest(base, head, 1) });

    expect(run.code, run.stdout).toBe(1);
    expect(existsSync(marker)).toBe(false);
    expect(run.summary).toContain('This pull request changes `keyfence.config.cjs`');
  });

  test('fails on a shallow checkout and names the fetch-depth that works', async () => {
    const origin = await createRepo();
    const base = await origin.commit('base', { 'README.md': '# app\n' });
    git(origin, ['checkout', '--quiet', '-b', 'feature']);
    await origin.commit('one', { 'a.txt': 'a\n' });
    const head = await origin.commit('two', { 'b.txt': 'b\n' });
    // The merge commit actions/checkout checks out for a pull request (refs/pull/N/merge).
    git(origin, ['checkout', '--quiet', '-b', 'pr-merge', base]);
    git(origin, ['merge', '--quiet', '--no-ff', '-m', 'merge', 'feature']);
    const checkout = await createRepo({ init: false });
    git(checkout, [
      'clone',
      '--quiet',
      '--depth',
      '1',
      '--branch',
      'pr-merge',
      `file://${origin.dir}`,
      '.',
    ]);

    const run = runAction(checkout, { event: 'pull_request', payload: pullRequest(base, head, 2) });

    expect(run.code).toBe(2);
    expect(run.stdout).toContain('too shallow to see the 2 commits this pull request adds');
    expect(run.stdout).toContain('fetch-depth: 4');

    const deeper = await createRepo({ init: false });
    git(deeper, [
      'clone',
      '--quiet',
      '--depth',
      '4',
      '--branch',
      'pr-merge',
      `file://${origin.dir}`,
      '.',
    ]);
    const rerun = runAction(deeper, { event: 'pull_request', payload: pullRequest(base, head, 2) });
    expect(rerun.code, rerun.stdout).toBe(0);
    expect(rerun.summary).toContain('the 2 commits this pull request adds');
  });
});
