import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { FIX_COMMENT, appendEntries } from '../../src/gitignore/fix.js';
import { runCli } from '../helpers/cli.js';
import { createRepo } from '../helpers/git.js';
import { GUIDE_ENTRIES } from '../helpers/gitignore.js';

describe('appendEntries', () => {
  test.each([
    [
      'a file with a final newline',
      'node_modules/\n',
      `node_modules/\n\n${FIX_COMMENT}\n.env\n*.log\n`,
    ],
    ['a file without one', 'node_modules/', `node_modules/\n\n${FIX_COMMENT}\n.env\n*.log\n`],
    ['CRLF endings', 'a\r\nb\r\n', `a\r\nb\r\n\r\n${FIX_COMMENT}\r\n.env\r\n*.log\r\n`],
    ['CRLF without a final newline', 'a\r\nb', `a\r\nb\r\n\r\n${FIX_COMMENT}\r\n.env\r\n*.log\r\n`],
    ['an empty file', '', `${FIX_COMMENT}\n.env\n*.log\n`],
    ['no file', undefined, `${FIX_COMMENT}\n.env\n*.log\n`],
  ])('appends to %s', (_name, before, after) => {
    expect(appendEntries(before, ['.env', '*.log'])).toBe(after);
  });

  test('leaves the text alone when nothing is missing', () => {
    expect(appendEntries('a\n', [])).toBe('a\n');
  });
});

describe('keyfence scan --fix', () => {
  test('creates .gitignore, reports the repository as fixed and says what it did', async () => {
    const repo = await createRepo();
    await repo.commit('code', { 'app.ts': 'export {};\n' });

    const result = runCli(['scan', '--fix', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(readFileSync(path.join(repo.dir, '.gitignore'), 'utf8')).toBe(
      `${[FIX_COMMENT, ...GUIDE_ENTRIES].join('\n')}\n`,
    );
    expect(JSON.parse(result.stdout).findings).toEqual([]);
    expect(result.stderr).toContain('fixed: created .gitignore with .env, .env.local');
    expect(result.code).toBe(0);
  });

  test('appends only what is missing, keeps CRLF, and is idempotent', async () => {
    const repo = await createRepo();
    await repo.commit('ignore', { '.gitignore': 'node_modules/\r\n.env*\r\n*.env\r\n.aws/' });

    const first = runCli(['scan', '--fix'], { cwd: repo.dir, env: repo.env });
    const fixed = readFileSync(path.join(repo.dir, '.gitignore'), 'utf8');
    const second = runCli(['scan', '--fix'], { cwd: repo.dir, env: repo.env });

    expect(fixed).toBe(
      `node_modules/\r\n.env*\r\n*.env\r\n.aws/\r\n\r\n${FIX_COMMENT}\r\n*.log\r\nlogs/\r\n`,
    );
    expect(first.stderr).toContain('added to .gitignore: *.log, logs/');
    expect(readFileSync(path.join(repo.dir, '.gitignore'), 'utf8')).toBe(fixed);
    expect(second.stderr).not.toContain('fixed');
    expect(second.stdout).toContain('no findings');
  });

  test('overrides a root negation and warns about a nested one it cannot fix', async () => {
    const repo = await createRepo();
    const guide = `${GUIDE_ENTRIES.join('\n')}\n`;
    await repo.commit('ignore', {
      '.gitignore': `${guide}!.env.production\n`,
      'app/.gitignore': '!*.log\n',
    });

    const result = runCli(['scan', '--fix', '--format', 'json'], { cwd: repo.dir, env: repo.env });
    const [finding] = JSON.parse(result.stdout).findings;

    expect(readFileSync(path.join(repo.dir, '.gitignore'), 'utf8')).toMatch(
      /\n\.env\.production\n$/,
    );
    expect(result.stderr).toContain('--fix cannot cover *.log');
    expect(finding).toMatchObject({
      ruleId: 'gitignore-missing',
      properties: { missing: '*.log' },
    });
  });

  test('is refused outside `keyfence scan`', async () => {
    const repo = await createRepo();

    const result = runCli(['staged', '--fix'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--fix works only with `keyfence scan`');
  });
});
