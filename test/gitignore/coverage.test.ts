import { describe, expect, test } from 'vitest';

import { EXCLUDE, gitIgnored, stackOf, type IgnoreFiles } from './oracle.js';

interface Row {
  readonly name: string;
  readonly files: IgnoreFiles;
  readonly path: string;
  readonly ignored: boolean;
}

const root = (text: string): IgnoreFiles => ({ '.gitignore': text });

/** Each row is checked on our matcher and on `git check-ignore`; both must give `ignored`. */
const ROWS: readonly Row[] = [
  { name: '.env at the root', files: root('.env\n'), path: '.env', ignored: true },
  { name: '.env in a sub-folder', files: root('.env\n'), path: 'sub/.env', ignored: true },
  { name: '/.env at the root', files: root('/.env\n'), path: '.env', ignored: true },
  { name: '/.env is the root only', files: root('/.env\n'), path: 'sub/.env', ignored: false },
  { name: '.env* covers .env.local', files: root('.env*\n'), path: '.env.local', ignored: true },
  { name: '*.env misses .env.local', files: root('*.env\n'), path: '.env.local', ignored: false },
  { name: '*.env covers x.env', files: root('*.env\n'), path: 'x.env', ignored: true },
  { name: '*.env covers .env itself', files: root('*.env\n'), path: '.env', ignored: true },
  {
    name: 'a negation after .env* re-includes',
    files: root('.env*\n!.env.production\n'),
    path: '.env.production',
    ignored: false,
  },
  {
    name: 'a negation leaves other names ignored',
    files: root('.env*\n!.env.production\n'),
    path: '.env.local',
    ignored: true,
  },
  {
    name: 'a negation before the pattern loses',
    files: root('!.env.production\n.env*\n'),
    path: '.env.production',
    ignored: true,
  },
  { name: 'logs/ covers its files', files: root('logs/\n'), path: 'logs/x', ignored: true },
  { name: 'logs/ in a sub-folder', files: root('logs/\n'), path: 'sub/logs/x', ignored: true },
  { name: 'logs without a slash', files: root('logs\n'), path: 'logs/x', ignored: true },
  { name: '/logs/ is the root only', files: root('/logs/\n'), path: 'sub/logs/x', ignored: false },
  { name: 'logs/*.log misses logs/x', files: root('logs/*.log\n'), path: 'logs/x', ignored: false },
  {
    name: 'logs/* can re-include a file',
    files: root('logs/*\n!logs/keep\n'),
    path: 'logs/keep',
    ignored: false,
  },
  {
    name: 'logs/ cannot re-include a file inside it',
    files: root('logs/\n!logs/keep\n'),
    path: 'logs/keep',
    ignored: true,
  },
  { name: '*.log deep down', files: root('*.log\n'), path: 'deep/er/app.log', ignored: true },
  {
    name: '.aws/credentials at the root',
    files: root('.aws/credentials\n'),
    path: '.aws/credentials',
    ignored: true,
  },
  {
    name: '.aws/credentials is anchored',
    files: root('.aws/credentials\n'),
    path: 'sub/.aws/credentials',
    ignored: false,
  },
  { name: '.aws/ covers its config', files: root('.aws/\n'), path: '.aws/config', ignored: true },
  {
    name: '**/ applies in every folder',
    files: root('**/.aws/credentials\n'),
    path: 'sub/.aws/credentials',
    ignored: true,
  },
  { name: '.aws/* covers config', files: root('.aws/*\n'), path: '.aws/config', ignored: true },
  {
    name: 'a nested negation wins in its folder',
    files: { '.gitignore': '.env\n', 'app/.gitignore': '!.env\n' },
    path: 'app/.env',
    ignored: false,
  },
  {
    name: 'a nested negation stays in its folder',
    files: { '.gitignore': '.env\n', 'app/.gitignore': '!.env\n' },
    path: '.env',
    ignored: true,
  },
  {
    name: 'a nested file does not apply above it',
    files: { 'app/.gitignore': '.env\n' },
    path: '.env',
    ignored: false,
  },
  {
    name: 'a nested file applies below it',
    files: { 'app/.gitignore': '.env\n' },
    path: 'app/deep/.env',
    ignored: true,
  },
  {
    name: 'a nested anchored pattern is relative to its folder',
    files: { 'app/.gitignore': '/config/.env\n' },
    path: 'app/config/.env',
    ignored: true,
  },
  { name: 'info/exclude counts', files: { [EXCLUDE]: '.env\n' }, path: '.env', ignored: true },
  {
    name: '.gitignore decides before info/exclude',
    files: { [EXCLUDE]: '.env\n', '.gitignore': '!.env\n' },
    path: '.env',
    ignored: false,
  },
  {
    name: 'info/exclude decides when .gitignore is silent',
    files: { [EXCLUDE]: '*.log\n', '.gitignore': 'node_modules/\n' },
    path: 'app.log',
    ignored: true,
  },
  {
    name: 'a nearer file re-includes a folder the root excludes',
    files: { '.gitignore': 'b/\n', 'a/.gitignore': '!b/\n' },
    path: 'a/b/c',
    ignored: false,
  },
  {
    name: 'a nearer file re-includes a folder, then ignores inside it',
    files: { '.gitignore': 'b/\n', 'a/.gitignore': '!b/\n', 'a/b/.gitignore': 'c\n' },
    path: 'a/b/c',
    ignored: true,
  },
  { name: 'a globstar in the middle', files: root('a/**/b\n'), path: 'a/x/y/b', ignored: true },
  { name: 'a trailing globstar', files: root('secrets/**\n'), path: 'secrets/x', ignored: true },
  { name: 'an escaped hash', files: root('\\#secret\n'), path: '#secret', ignored: true },
  { name: 'a comment is not a pattern', files: root('# .env\n'), path: '.env', ignored: false },
  { name: 'trailing spaces are trimmed', files: root('.env   \n'), path: '.env', ignored: true },
  { name: 'matching is case-sensitive', files: root('.ENV\n'), path: '.env', ignored: false },
  {
    name: 'a directory pattern misses a file',
    files: root('.env/\n'),
    path: '.env',
    ignored: false,
  },
  {
    name: 'CRLF line endings',
    files: root('node_modules/\r\n.env\r\n'),
    path: '.env',
    ignored: true,
  },
  { name: 'no ignore files at all', files: {}, path: '.env', ignored: false },
];

describe('the ignore matcher agrees with git check-ignore', () => {
  test('the table has at least 30 rows and no duplicates', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ROWS.map((row) => row.name)).size).toBe(ROWS.length);
  });

  test.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const ours = stackOf(row.files).check(row.path).ignored;
    const git = (await gitIgnored(row.files, [row.path])).has(row.path);

    expect({ ours, git }).toEqual({ ours: row.ignored, git: row.ignored });
  });
});

describe('the matcher names the file that decided', () => {
  test('reports a nested negation as the cause', () => {
    const verdict = stackOf({ '.gitignore': '.env\n', 'app/.gitignore': '!.env\n' }).check(
      'app/.env',
    );

    expect(verdict).toMatchObject({
      ignored: false,
      reincluded: true,
      decidedBy: 'app/.gitignore',
    });
  });
});

describe('known differences from git', () => {
  test.fails(
    'a ? against a non-ASCII character matches one UTF-16 unit, not one byte',
    async () => {
      const files = { '.gitignore': 'x?y\n' };
      const ours = stackOf(files).check('xéy').ignored;
      const git = (await gitIgnored(files, ['xéy'])).has('xéy');

      expect(ours).toBe(git);
    },
  );
});
