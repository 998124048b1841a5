import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo, isolatedEnv, tempDir } from '../helpers/git.js';
import { gitIn, runBounded } from './harness.js';

/**
 * Names and content from the scanned repository must not drive the terminal: no escape
 * sequence, bell, carriage return or forged newline reaches stdout or stderr verbatim, whatever
 * the path the text takes (report, note, warning, error).
 */

/** Clear screen, set the window title, ring the bell, return the carriage, forge a line. */
const EVIL = 'x\u001b[2J\u001b]0;owned\u0007\r\nkeyfence: no findings\u009b31m';

/** Control characters that must never be written; \n is allowed only as our own line end. */
const CONTROL_RE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function expectInert(text: string): void {
  expect(text).not.toMatch(CONTROL_RE);
  expect(text).not.toMatch(/^keyfence: no findings/m);
}

describe('hostile names and content are inert on the terminal', () => {
  test('a file name with escape sequences in the text report', async () => {
    const repo = await createRepo();
    await repo.commit('evil', { [`${EVIL}.txt`]: `${fakeAccessKeyId('AKIA', 6001)}\n` });

    const result = runBounded(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expectInert(result.stdout);
    expectInert(result.stderr);
  });

  test('escape sequences in file content around a finding', async () => {
    const repo = await createRepo();
    const text = `${EVIL}\nkey=${fakeAccessKeyId('AKIA', 6002)} ${EVIL}\n${EVIL}\n`;
    await repo.commit('evil', { 'a.txt': text });

    const result = runBounded(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expectInert(result.stdout);
  });

  test('a FIFO with an escape-sequence name, noted on stderr', () => {
    const dir = tempDir();
    execFileSync('mkfifo', [path.join(dir, `${EVIL}.pipe`)]);

    const result = runBounded(['scan', dir], {
      cwd: dir,
      env: isolatedEnv(dir),
      timeoutMs: 10_000,
    });

    expect(result.timedOut).toBe(false);
    expect(result.stderr).toContain('not a regular file');
    expectInert(result.stderr);
  });

  test('a nested repository with an escape-sequence name, noted on stderr', async () => {
    const repo = await createRepo();
    await repo.commit('top', { 'top.txt': 'clean\n' });
    const nested = path.join(repo.dir, EVIL.replace(/\//g, ''));
    mkdirSync(nested);
    gitIn(nested, repo.env, ['init', '--quiet']);
    writeFileSync(path.join(nested, 'n.txt'), 'x\n');

    const result = runBounded(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.stderr).toContain('skipped submodule');
    expectInert(result.stderr);
  });

  test('a path argument with escape sequences, echoed in the usage error', () => {
    const dir = tempDir();

    const result = runBounded(['scan', EVIL], { cwd: dir, env: isolatedEnv(dir) });

    expect(result.code).toBe(2);
    expectInert(result.stderr);
  });

  test('JSON output escapes control characters in paths', async () => {
    const repo = await createRepo();
    await repo.commit('evil', { [`${EVIL}.txt`]: `${fakeAccessKeyId('AKIA', 6003)}\n` });

    const result = runBounded(['scan', '-f', 'json'], { cwd: repo.dir, env: repo.env });

    // JSON.stringify escapes C0 controls; C1 controls are valid JSON text and left as they are.
    expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const { findings } = JSON.parse(result.stdout) as {
      findings: { path: string; ruleId: string }[];
    };
    const keys = findings.filter((finding) => finding.ruleId === 'aws-access-key-id');
    expect(keys.map((finding) => finding.path)).toEqual([`${EVIL}.txt`]);
  });
});
