import { spawn } from 'node:child_process';

import { now } from '../clock.js';
import { KeyfenceError } from '../errors.js';
import { debugFor } from '../log.js';

/**
 * A thin layer over the git executable. The scanners spawn git directly rather than through
 * simple-git because the pre-commit hook runs on every commit: loading simple-git measured about
 * 30 ms of start-up here, more than the whole staged scan of a small commit, and the bulk object
 * reader needs a raw stream anyway.
 */

const debug = debugFor('git');

/**
 * Settings that make git's output machine-readable whatever the user's configuration says:
 * no pager, no optional locks (a scan must not contend with the user's own git commands),
 * no prompts for credentials.
 */
const GIT_ENV = {
  GIT_OPTIONAL_LOCKS: '0',
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  LC_ALL: 'C',
};

export interface GitResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly code: number;
}

/** Runs git and collects its output; never throws for a non-zero exit (see {@link git}). */
export function runGit(args: readonly string[], cwd: string): Promise<GitResult> {
  const started = now();

  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...GIT_ENV } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];

    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (cause) => reject(spawnError(cause)));
    child.on('close', (code) => {
      debug(`git ${args[0] ?? ''} exited ${code ?? 'by signal'} in ${ms(started)} ms`);
      resolve({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8').trim(),
        code: code ?? 128,
      });
    });
  });
}

/** Runs git and fails with a KeyfenceError that quotes git's own message on a non-zero exit. */
export async function git(args: readonly string[], cwd: string): Promise<Buffer> {
  const result = await runGit(args, cwd);
  if (result.code !== 0) {
    // Name the subcommand, not a leading global option such as --literal-pathspecs.
    const command = args.find((arg) => !arg.startsWith('-')) ?? '';
    throw new KeyfenceError(
      'git',
      `git ${command} failed: ${firstLine(result.stderr) || `exit code ${result.code}`}`,
      'Check that the repository is intact (`git fsck`) and that git works here.',
    );
  }
  return result.stdout;
}

/** Splits NUL-terminated output (`-z`) into its fields. */
export function splitNul(output: Buffer): string[] {
  const fields = output.toString('utf8').split('\0');
  if (fields.at(-1) === '') {
    fields.pop();
  }
  return fields;
}

/**
 * Splits NUL-terminated output into raw byte fields. Git prints paths as the bytes stored in
 * the index, which need not be UTF-8: a name in Latin-1 decodes lossily to U+FFFD, and only the
 * bytes still open the file.
 */
export function splitNulBytes(output: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  for (let end = output.indexOf(0); end !== -1; end = output.indexOf(0, start)) {
    fields.push(output.subarray(start, end));
    start = end + 1;
  }
  if (start < output.length) {
    fields.push(output.subarray(start));
  }
  return fields;
}

export function spawnError(cause: NodeJS.ErrnoException): KeyfenceError {
  if (cause.code === 'ENOENT') {
    return new KeyfenceError(
      'git',
      'the git executable was not found on PATH',
      'Install git (https://git-scm.com) or add it to PATH, then run keyfence again.',
    );
  }
  return new KeyfenceError('git', `could not run git: ${cause.message}`);
}

export function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.replace(/^fatal: /, '') ?? '';
}

function ms(since: number): string {
  return (now() - since).toFixed(1);
}
