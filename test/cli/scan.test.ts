import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { runCli } from '../helpers/cli.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir } from '../helpers/git.js';
import { coverRequiredEntries } from '../helpers/gitignore.js';

const KEY = fakeAccessKeyId('AKIA', 101);
const OTHER_KEY = fakeAccessKeyId('AKIA', 102);

describe('keyfence scan in a git repository', () => {
  test('reports a committed key with path, line and column, redacted, and exits 1', async () => {
    const repo = await createRepo();
    await repo.commit('add config', {
      'src/config.ts': `// settings\nexport const id = '${KEY}';\n`,
    });

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('src/config.ts');
    expect(result.stdout).toMatch(/2:20\s+error\s+AWS access key ID/);
    expect(result.stdout).toContain('AKIA********');
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  test('exits 0 on a clean repository and says so', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    await repo.commit('clean', { 'README.md': '# nothing to see\n' });

    const result = runCli([], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no findings');
    expect(result.stdout).toContain('1 file scanned');
  });

  test('scans untracked files that are not ignored, and skips ignored ones', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    await repo.commit('ignore', { '.gitignore': 'secret-dir/\n' });
    repo.write('new-file.txt', `key ${KEY}\n`);
    repo.write('secret-dir/hidden.txt', `key ${OTHER_KEY}\n`);

    const result = runCli(['scan', '--format', 'json'], { cwd: repo.dir, env: repo.env });
    const paths = JSON.parse(result.stdout).findings.map(
      (finding: { path: string }) => finding.path,
    );

    expect(result.code).toBe(1);
    expect(paths).toEqual(['new-file.txt']);
  });

  test('reports paths with spaces and unicode exactly as git stores them', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    await repo.commit('odd names', { 'dir with space/naïve café.env.txt': `${KEY}\n` });

    const result = runCli(['--format', 'json'], { cwd: repo.dir, env: repo.env });
    const [finding] = JSON.parse(result.stdout).findings;

    expect(finding).toMatchObject({
      path: 'dir with space/naïve café.env.txt',
      line: 1,
      column: 1,
    });
  });

  test('limits the scan to the paths given, relative to the current folder', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    await repo.commit('two', { 'a/one.txt': `${KEY}\n`, 'b/two.txt': `${OTHER_KEY}\n` });

    const result = runCli(['scan', 'two.txt', '--format', 'json'], {
      cwd: path.join(repo.dir, 'b'),
      env: repo.env,
    });
    const paths = JSON.parse(result.stdout).findings.map(
      (finding: { path: string }) => finding.path,
    );

    expect(paths).toEqual(['b/two.txt']);
  });

  test('skips binary files and counts them in the summary', async () => {
    const repo = await createRepo();
    const binary = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]),
      Buffer.from(KEY),
    ]);
    await repo.commit('image', { 'logo.png': binary });

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 skipped (1 binary)');
  });

  test('decodes and scans UTF-16 files with a byte-order mark', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`id=${KEY}\n`, 'utf16le')]);
    await repo.commit('utf16', { 'windows.ini': utf16 });

    const result = runCli(['--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings[0]).toMatchObject({ path: 'windows.ini', column: 4 });
  });

  test('skips files over the size limit and counts them', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.json', JSON.stringify({ maxFileSize: 64 }));
    await repo.commit('big', { 'big.txt': `${'x'.repeat(100)}\n${KEY}\n` });

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 too large');
  });
});

describe('keyfence scan outside git', () => {
  test('scans every file under the path minus what .gitignore excludes', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'build'));
    writeFileSync(path.join(dir, '.gitignore'), 'build/\n');
    writeFileSync(path.join(dir, 'build', 'out.js'), `${OTHER_KEY}\n`);
    writeFileSync(path.join(dir, 'app.js'), `const k = "${KEY}";\n`);

    const result = runCli(['scan', dir, '--format', 'json'], {
      cwd: tempDir(),
      env: isolatedEnv(dir),
    });
    const findings = JSON.parse(result.stdout).findings;

    expect(result.code).toBe(1);
    expect(findings.map((finding: { path: string }) => finding.path)).toEqual(['app.js']);
    expect(findings[0]).toMatchObject({ line: 1, column: 12 });
  });
});

describe('keyfence errors', () => {
  test('an unknown config key exits 2 naming the file and the key', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.json', JSON.stringify({ failon: 'warning' }));

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('.keyfencerc.json');
    expect(result.stderr).toContain('"failon"');
    expect(result.stderr).toContain('did you mean "failOn"');
    expect(result.stdout).toBe('');
  });

  test('a config that is not valid JSON exits 2 without quoting its content', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.json', `{ "rules": { "x": ${KEY} }`);

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\.keyfencerc\.json could not be read: invalid JSON/);
    expect(result.stderr).not.toContain(KEY);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  test('a wrong type is reported with the key and what was expected', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.json', JSON.stringify({ rules: { 'aws-access-key-id': 'loud' } }));

    const result = runCli([], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"rules.aws-access-key-id" must be');
  });

  test('staged outside a repository exits 2 with what to do', () => {
    const dir = tempDir();

    const result = runCli(['staged'], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not inside a git repository');
    expect(result.stderr).toContain('keyfence scan PATH');
  });

  test('an unknown option is a usage error, exit 2', () => {
    const dir = tempDir();

    const result = runCli(['--frmat', 'json'], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--frmat'");
  });

  test('a missing path is a usage error, exit 2', () => {
    const dir = tempDir();

    const result = runCli(['scan', 'nope'], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no such file or directory: nope');
  });

  test('a report file that cannot be written exits 2, not 0 or 1', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'a.txt': `${KEY}\n` });

    const result = runCli(['-f', 'json', '-o', 'missing/dir/out.json'], {
      cwd: repo.dir,
      env: repo.env,
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('could not write the report');
  });

  test('an unreadable file is reported on stderr and counted', async () => {
    const repo = await createRepo();
    await repo.commit('file', { 'locked.txt': 'hello\n' });
    chmodSync(path.join(repo.dir, 'locked.txt'), 0o000);

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });
    chmodSync(path.join(repo.dir, 'locked.txt'), 0o644);

    // root can read anything, so only assert the message when the read really failed
    if (result.stdout.includes('unreadable')) {
      expect(result.stderr).toContain('could not read locked.txt');
    }
    expect(result.code).not.toBe(1);
  });
});

describe('keyfence output options', () => {
  test('--output writes the report to a file and keeps the exit code', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'a.txt': `${KEY}\n` });

    const result = runCli(['-f', 'json', '-o', 'report.json'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  });

  test('--fail-on warning fails on warnings and --fail-on error does not', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.json', JSON.stringify({ rules: { 'aws-access-key-id': 'warning' } }));
    await repo.commit('key', { 'a.txt': `${KEY}\n` });

    expect(runCli([], { cwd: repo.dir, env: repo.env }).code).toBe(0);
    expect(runCli(['--fail-on', 'warning'], { cwd: repo.dir, env: repo.env }).code).toBe(1);
  });

  test('--no-config ignores the configuration file', async () => {
    const repo = await createRepo();
    repo.write('.keyfencerc.json', JSON.stringify({ rules: { 'aws-access-key-id': 'off' } }));
    await repo.commit('key', { 'a.txt': `${KEY}\n` });

    expect(runCli([], { cwd: repo.dir, env: repo.env }).code).toBe(0);
    expect(runCli(['--no-config'], { cwd: repo.dir, env: repo.env }).code).toBe(1);
  });

  test('colour follows FORCE_COLOR and --no-color', async () => {
    const repo = await createRepo();
    await repo.commit('key', { 'a.txt': `${KEY}\n` });
    const env = { ...repo.env, NO_COLOR: '', FORCE_COLOR: '1' };

    expect(runCli([], { cwd: repo.dir, env }).stdout).toContain('\u001b[');
    expect(runCli(['--no-color'], { cwd: repo.dir, env }).stdout).not.toContain('\u001b[');
    expect(runCli([], { cwd: repo.dir, env: repo.env }).stdout).not.toContain('\u001b[');
  });

  test('rules lists every rule with id, severity and description', () => {
    const dir = tempDir();

    const result = runCli(['rules'], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^aws-access-key-id\s+error\s+Detect AWS access key IDs/m);
  });

  test('--version prints the version from package.json', () => {
    const dir = tempDir();

    const result = runCli(['--version'], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
