import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { simpleGit, type SimpleGit } from 'simple-git';
import { afterAll } from 'vitest';

/**
 * Temporary directories and git repositories for tests, with git isolated from the machine it
 * runs on: no global or system config, a fixed author and fixed dates, so every test sees the
 * same git whoever runs it.
 */

const created: string[] = [];

afterAll(() => {
  for (const dir of created.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh, empty temporary directory, removed after the test file. */
export function tempDir(prefix = 'keyfence-'): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** The environment git and the CLI run with in tests. */
export function isolatedEnv(home: string): Record<string, string> {
  const keep = ['PATH', 'SYSTEMROOT', 'TMPDIR'];
  const env: Record<string, string> = {};
  for (const name of keep) {
    const value = process.env[name];
    if (value !== undefined) {
      env[name] = value;
    }
  }
  return {
    ...env,
    HOME: home,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z',
    NO_COLOR: '1',
  };
}

export interface TestRepo {
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly git: SimpleGit;
  /** Writes a file (creating folders) relative to the repository. */
  write(file: string, content: string | Buffer): void;
  /** Writes, stages and commits files in one step. */
  commit(message: string, files?: Record<string, string | Buffer>): Promise<string>;
}

/** A new repository on branch `main` with an isolated config. */
export async function createRepo(options: { init?: boolean } = {}): Promise<TestRepo> {
  const dir = tempDir('keyfence-repo-');
  const home = tempDir('keyfence-home-');
  const env = isolatedEnv(home);
  const git = simpleGit({
    baseDir: dir,
    // Isolating git is the point of these variables; simple-git blocks them unless listed.
    allowEnvironment: Object.keys(env),
  }).env(env);

  if (options.init !== false) {
    await git.raw(['init', '--quiet', '--initial-branch=main']);
  }

  const write = (file: string, content: string | Buffer): void => {
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  };

  return {
    dir,
    env,
    git,
    write,
    async commit(message, files = {}) {
      for (const [file, content] of Object.entries(files)) {
        write(file, content);
      }
      await git.raw(['add', '--all']);
      await git.raw(['commit', '--quiet', '--allow-empty', '-m', message]);
      return (await git.revparse(['HEAD'])).trim();
    },
  };
}
