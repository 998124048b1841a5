import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { BIN, runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { coverRequiredEntries } from '../helpers/gitignore.js';
import { createRepo, type TestRepo } from '../helpers/git.js';
import { validateJsonReport } from '../helpers/json-report.js';
import { validateSarif } from '../helpers/sarif.js';

const KEY = fakeAccessKeyId('AKIA', 701);
const TEMP_KEY = fakeAccessKeyId('ASIA', 702);

/** The GitHub Actions variables the summary reads, pointing at files in the repository. */
function actionsEnv(repo: TestRepo, summary: string): Record<string, string> {
  return {
    ...repo.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_REPOSITORY: 'owner/repo',
    GITHUB_SHA: 'c0ffee0000000000000000000000000000000000',
  };
}

/**
 * A repository with keys in paths that need escaping. It holds only credentials a rule detects:
 * the terminal's code frame shows neighbouring text as it is, masking the values rules found.
 */
async function repoWithSecrets(): Promise<TestRepo> {
  const repo = await createRepo();
  coverRequiredEntries(repo);
  await repo.commit('add credentials', {
    'src/config.ts': `export const id = '${KEY}';\n`,
    'deploy/aws creds #1.cfg': `AWS_ACCESS_KEY_ID=${TEMP_KEY}\n`,
    'naïve/100%.txt': `id ${KEY} and again ${KEY}\n`,
  });
  return repo;
}

describe('several reports from one run', () => {
  test('prints text, writes SARIF and JSON, and exits as a plain run does', async () => {
    const repo = await repoWithSecrets();
    const args = ['-f', 'text', '-f', 'sarif', '-o', 'k.sarif', '-f', 'json', '-o', 'out/k.json'];
    repo.write('out/.keep', '');

    const result = runCli(args, { cwd: repo.dir, env: repo.env });
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, 'k.sarif'), 'utf8'));
    const json = JSON.parse(readFileSync(path.join(repo.dir, 'out/k.json'), 'utf8'));

    expect(result.code).toBe(runCli([], { cwd: repo.dir, env: repo.env }).code);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✖ 4 findings/);
    expect(result.stderr).toBe('');
    expect(validateSarif(sarif)).toEqual([]);
    expect(validateJsonReport(json)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(json.findings.length);
  });

  test('a clean run exits 0 wherever its reports go', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    await repo.commit('clean', { 'README.md': '# hello\n' });

    for (const args of [
      [],
      ['-f', 'sarif', '-o', 'k.sarif'],
      ['-f', 'json', '-f', 'github', '-o', 'g.txt'],
    ]) {
      expect(runCli(args, { cwd: repo.dir, env: repo.env }).code).toBe(0);
    }
    expect(validateSarif(JSON.parse(readFileSync(path.join(repo.dir, 'k.sarif'), 'utf8')))).toEqual(
      [],
    );
  });

  test('staged scans get their own SARIF category; --sarif-category overrides it', async () => {
    const repo = await repoWithSecrets();
    const staged = runCli(['staged', '-f', 'sarif'], { cwd: repo.dir, env: repo.env });
    const custom = runCli(['-f', 'sarif', '--sarif-category', 'nightly'], {
      cwd: repo.dir,
      env: repo.env,
    });

    const logs = [JSON.parse(staged.stdout), JSON.parse(custom.stdout)];

    expect(logs.map(validateSarif)).toEqual([[], []]);
    expect(logs.map((log) => log.runs[0].automationDetails.id)).toEqual([
      'keyfence/staged/',
      'nightly/',
    ]);
  });
});

describe('--format github', () => {
  test('annotates each finding and appends the full list to the job summary', async () => {
    const repo = await repoWithSecrets();
    const summary = path.join(repo.dir, '..', `${path.basename(repo.dir)}-summary.md`);
    writeFileSync(summary, '## an earlier step\n');

    // What a GitHub Action runs: annotations in the log and SARIF for code scanning, in one scan.
    const args = ['-f', 'github', '-f', 'sarif', '-o', 'k.sarif'];
    const result = runCli(args, { cwd: repo.dir, env: actionsEnv(repo, summary) });
    const written = readFileSync(summary, 'utf8');
    const sarif = JSON.parse(readFileSync(path.join(repo.dir, 'k.sarif'), 'utf8'));

    expect(result.code).toBe(1);
    expect(result.stdout.match(/^::error file=/gm)).toHaveLength(4);
    expect(result.stdout).toContain('::error file=deploy/aws creds #1.cfg,line=1,col=19,');
    expect(written.startsWith('## an earlier step\n## keyfence: 4 findings')).toBe(true);
    const blob = 'https://github.example/owner/repo/blob/c0ffee0000000000000000000000000000000000';
    expect(written).toContain(`(${blob}/deploy/aws%20creds%20%231.cfg#L1)`);
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(4);
  });

  test('stops command processing with a token that changes on every run', async () => {
    const repo = await repoWithSecrets();
    const tokenOf = (stdout: string) => /^::stop-commands::(\w+)$/m.exec(stdout)?.[1];

    const first = tokenOf(runCli(['-f', 'github'], { cwd: repo.dir, env: repo.env }).stdout);
    const second = tokenOf(runCli(['-f', 'github'], { cwd: repo.dir, env: repo.env }).stdout);

    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
  });

  test('a summary that cannot be written is a warning and keeps the exit code', async () => {
    const repo = await repoWithSecrets();

    const result = runCli(['-f', 'github'], { cwd: repo.dir, env: actionsEnv(repo, repo.dir) });

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=/m);
    expect(result.stderr).toMatch(/^keyfence: warning: could not append the job summary: EISDIR/m);
  });

  test('writes nothing but stdout outside GitHub Actions', async () => {
    const repo = await repoWithSecrets();

    const result = runCli(['-f', 'github'], { cwd: repo.dir, env: repo.env });

    expect(result.stdout).toMatch(/^::error file=/m);
    expect(await repo.git.raw(['status', '--porcelain'])).toBe('');
  });
});

describe('redaction across every format', () => {
  const FORMATS = ['text', 'json', 'sarif', 'github'] as const;

  /** The secrets and their hidden tails: a preview may show 4 leading characters, no more. */
  const NEEDLES = [KEY, TEMP_KEY].flatMap((secret) => [secret, secret.slice(4)]);

  test('no raw secret reaches stdout, stderr, report files or the job summary', async () => {
    const repo = await repoWithSecrets();
    const summary = `${repo.dir}-summary.md`;
    const env = { ...actionsEnv(repo, summary), NODE_DEBUG: 'keyfence*' };
    const outputs: string[] = [];

    for (const format of FORMATS) {
      const result = runCli(['-f', format, '--debug'], { cwd: repo.dir, env });
      outputs.push(result.stdout, result.stderr);
    }
    const files = FORMATS.flatMap((format) => ['-f', format, '-o', `staged.${format}`]);
    const staged = runCli(['staged', ...files], { cwd: repo.dir, env });
    outputs.push(staged.stdout, staged.stderr);
    for (const format of FORMATS) {
      outputs.push(readFileSync(path.join(repo.dir, `staged.${format}`), 'utf8'));
    }
    expect(
      validateSarif(JSON.parse(readFileSync(path.join(repo.dir, 'staged.sarif'), 'utf8'))),
    ).toEqual([]);
    outputs.push(readFileSync(summary, 'utf8'));

    for (const output of outputs) {
      for (const needle of NEEDLES) {
        expect(output).not.toContain(needle);
      }
    }
  });

  test('--show-secrets shows them in text and JSON, never in the Actions log or summary', async () => {
    const repo = await repoWithSecrets();
    const summary = `${repo.dir}-summary.md`;
    const env = actionsEnv(repo, summary);

    const text = runCli(['--show-secrets'], { cwd: repo.dir, env });
    const json = runCli(['--show-secrets', '-f', 'json'], { cwd: repo.dir, env });
    const github = runCli(['--show-secrets', '-f', 'github'], { cwd: repo.dir, env });

    expect(text.stdout).toContain(KEY);
    expect(json.stdout).toContain(KEY);
    expect(github.stdout).not.toContain(KEY);
    expect(readFileSync(summary, 'utf8')).not.toContain(KEY);
  });
});

describe('piped output', () => {
  /** Runs the CLI with stdout on a pipe, as `keyfence -f json | jq` does, and reads all of it. */
  function runPiped(
    args: readonly string[],
    repo: TestRepo,
  ): Promise<{ code: number; stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env: repo.env });
      const chunks: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({ code: code ?? -1, stdout: Buffer.concat(chunks).toString('utf8') }),
      );
    });
  }

  test('a report of several megabytes arrives whole through a pipe', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    const files: Record<string, string> = {};
    // Spread over files: findings within one file cost more than across files.
    for (let file = 0; file < 100; file++) {
      const keys = Array.from({ length: 30 }, (_, index) =>
        fakeAccessKeyId('AKIA', file * 100 + index),
      );
      files[`keys/${file}.txt`] = `${keys.join('\n')}\n`;
    }
    const count = 3000;
    await repo.commit('many keys', files);

    const json = await runPiped(['-f', 'json'], repo);
    const sarif = await runPiped(['-f', 'sarif'], repo);

    expect(json.code).toBe(1);
    expect(json.stdout.length).toBeGreaterThan(1024 * 1024);
    expect(JSON.parse(json.stdout).findings).toHaveLength(count);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(count);
    expect(validateSarif(JSON.parse(sarif.stdout))).toEqual([]);
  });
});
