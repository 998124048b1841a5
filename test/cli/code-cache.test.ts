import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir, type TestRepo } from '../helpers/git.js';

// bin/keyfence.js runs the bundle through a V8 code cache kept in dist/. Each test works on its
// own copy of bin/ and dist/, so that the caches it writes and breaks are its own.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = fakeAccessKeyId('AKIA', 611);

interface Install {
  readonly bin: string;
  readonly dist: string;
}

function copyInstall(): Install {
  const dir = tempDir('keyfence-install-');
  for (const folder of ['bin', 'dist']) {
    mkdirSync(path.join(dir, folder));
  }
  for (const file of ['bin/keyfence.js', 'bin/package.json', 'dist/keyfence.cjs']) {
    copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  // The bundle requires the YAML parser from node_modules at run time.
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { bin: path.join(dir, 'bin/keyfence.js'), dist: path.join(dir, 'dist') };
}

function run(install: Install, repo: TestRepo, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [install.bin, ...args], {
    cwd: repo.dir,
    env: { ...repo.env, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a JSON report says, without its timings. */
function outcome(result: ReturnType<typeof run>) {
  return { code: result.code, findings: JSON.parse(result.stdout).findings, stderr: result.stderr };
}

/** The cache files in dist/, by the command they are for. */
function caches(install: Install): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of readdirSync(install.dist)) {
    const command = /^\.keyfence-.*-([a-z]+)\.v8cache$/.exec(name)?.[1];
    if (command !== undefined) {
      found.set(command, path.join(install.dist, name));
    }
  }
  return found;
}

async function repoWithKey(): Promise<TestRepo> {
  const repo = await createRepo();
  await repo.commit('init', { '.gitignore': '.env\n', 'app.py': `KEY = "${KEY}"\n` });
  return repo;
}

describe('the code cache of bin/keyfence.js', () => {
  test('the first run of a command writes its cache; later runs load it', async () => {
    const install = copyInstall();
    const repo = await repoWithKey();

    const first = run(install, repo, ['scan', '--format', 'json']);
    const written = caches(install).get('scan');
    expect(written).toBeDefined();
    const bytes = readFileSync(written!);
    const second = run(install, repo, ['scan', '--format', 'json']);

    expect(first.code).toBe(1);
    expect(outcome(second)).toEqual(outcome(first));
    const ruleIds = outcome(first).findings.map((finding: { ruleId: string }) => finding.ruleId);
    expect(ruleIds).toContain('aws-access-key-id');
    // Rewritten only when V8 turns a cache down, so an accepted one stays byte for byte.
    expect(readFileSync(written!).equals(bytes)).toBe(true);
    expect(first.stdout + first.stderr).not.toContain(KEY);
  });

  test('each command gets its own cache', async () => {
    const install = copyInstall();
    const repo = await repoWithKey();

    run(install, repo, ['scan']);
    run(install, repo, ['rules']);

    expect([...caches(install).keys()].sort()).toEqual(['rules', 'scan']);
  });

  test('a cache V8 turns down is replaced, and the run does not notice', async () => {
    const install = copyInstall();
    const repo = await repoWithKey();
    const expected = run(install, repo, ['scan', '--format', 'json']);
    const file = caches(install).get('scan')!;
    const garbage = Buffer.alloc(readFileSync(file).length, 0x5a);
    writeFileSync(file, garbage);

    const result = run(install, repo, ['scan', '--format', 'json']);

    expect(outcome(result)).toEqual(outcome(expected));
    expect(readFileSync(file).equals(garbage)).toBe(false);
  });

  test('a rebuilt bundle never loads the cache of the old one', async () => {
    const install = copyInstall();
    const repo = await repoWithKey();
    run(install, repo, ['scan']);
    const old = caches(install).get('scan');
    appendFileSync(path.join(install.dist, 'keyfence.cjs'), '\n// rebuilt\n');

    const result = run(install, repo, ['scan', '--format', 'json']);

    expect(result.code).toBe(1);
    expect(caches(install).get('scan')).not.toBe(old);
  });

  test.each([
    ['KEYFENCE_CODE_CACHE=0', ['scan'], { KEYFENCE_CODE_CACHE: '0' }, 1],
    ['a mistyped command (exit 2)', ['scna'], {}, 2],
  ])('%s writes no cache', async (_name, args, env, code) => {
    const install = copyInstall();
    const repo = await repoWithKey();

    const result = run(install, repo, args, env);

    expect(result.code).toBe(code);
    expect(caches(install).size).toBe(0);
  });

  test('a cache that cannot be written is skipped without a word', async () => {
    const install = copyInstall();
    const repo = await repoWithKey();
    run(install, repo, ['scan']);
    const file = caches(install).get('scan')!;
    // A folder where the cache file should be: reading and replacing it both fail, as they
    // would in a folder the user cannot write.
    mkdirSync(file.replace('-scan.', '-staged.'));
    repo.write('other.py', `KEY = "${KEY}"\n`);
    await repo.git.add('other.py');

    const result = run(install, repo, ['staged', '--format', 'json']);

    expect(outcome(result)).toMatchObject({
      code: 1,
      findings: [{ path: 'other.py' }],
      stderr: '',
    });
    expect(readdirSync(install.dist).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  // Only root can run the CLI as another user; on other machines this case is not reached.
  const isRoot = process.getuid?.() === 0;
  test.runIf(isRoot)('a user who cannot write dist/ runs without a cache, silently', () => {
    const install = copyInstall();
    const root = path.dirname(install.dist);
    for (const folder of [root, install.dist, path.dirname(install.bin)]) {
      chmodSync(folder, 0o755);
    }
    const home = tempDir('keyfence-nobody-');
    chmodSync(home, 0o777);

    const result = spawnSync(process.execPath, [install.bin, 'rules'], {
      cwd: home,
      env: isolatedEnv(home),
      encoding: 'utf8',
      uid: 65534,
      gid: 65534,
    });

    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('aws-access-key-id');
    expect(caches(install).size).toBe(0);
  });

  test.each([
    ['keyfence.config.mjs', 'export default { failOn: "warning" };\n'],
    ['keyfence.config.cjs', 'module.exports = { failOn: "warning" };\n'],
  ])('a JavaScript config (%s) loads, with and without a cache', async (file, text) => {
    const install = copyInstall();
    const repo = await createRepo();
    // No .gitignore: a warning, which fails the run only under this config's failOn.
    repo.write(file, text);

    const results = [run(install, repo, ['scan']), run(install, repo, ['scan'])];

    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('gitignore-missing');
      expect(result.stderr).toBe('');
    }
    expect(caches(install).has('scan')).toBe(true);
  });
});
