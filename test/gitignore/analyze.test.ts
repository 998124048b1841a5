import { describe, expect, test } from 'vitest';

import { findMissing, fixableEntries, representativesOf } from '../../src/gitignore/analyze.js';
import { DEFAULT_REQUIRED_ENTRIES } from '../../src/gitignore/required.js';
import { GUIDE_ENTRIES } from '../helpers/gitignore.js';
import { EXCLUDE, gitIgnored, stackOf, type IgnoreFiles } from './oracle.js';

const GUIDE = `${GUIDE_ENTRIES.join('\n')}\n`;

describe('representativesOf', () => {
  test.each([
    ['.env', [], ['.env', 'keyfence-probe/.env']],
    ['.env.local', ['app'], ['.env.local', 'keyfence-probe/.env.local', 'app/.env.local']],
    ['*.env', [], ['x.env', 'keyfence-probe/x.env']],
    ['logs/', [], ['logs/x', 'keyfence-probe/logs/x']],
    ['.aws/credentials', ['app'], ['.aws/credentials']],
    ['/.env', [], ['.env']],
    ['**/.aws/config', [], ['.aws/config', 'keyfence-probe/.aws/config']],
    ['secret[s]/**', [], ['secrets/x']],
    ['a/**/b?.pem', [], ['a/bx.pem']],
    ['\\#notes', [], ['#notes', 'keyfence-probe/#notes']],
  ] as const)('%s stands for %j', (entry, folders, expected) => {
    expect(representativesOf(entry, folders)).toEqual(expected);
  });
});

interface CoverageRow {
  readonly name: string;
  readonly files: IgnoreFiles;
  readonly missing: readonly string[];
}

const COVERAGE: readonly CoverageRow[] = [
  { name: "the guide's list", files: { '.gitignore': GUIDE }, missing: [] },
  {
    name: 'broader patterns',
    files: { '.gitignore': '.env*\n*.env\n.aws/\n*.log\nlogs/\n' },
    missing: [],
  },
  { name: 'no ignore file', files: {}, missing: DEFAULT_REQUIRED_ENTRIES },
  {
    name: '*.env alone',
    files: { '.gitignore': '*.env\n.aws/\n*.log\nlogs/\n' },
    missing: ['.env.local', '.env.production'],
  },
  {
    name: 'anchored /.env',
    files: { '.gitignore': '/.env\n.env.*\n*.env\n.aws/\n*.log\nlogs/\n' },
    missing: [],
  },
  {
    name: 'anchored /.env without *.env',
    files: { '.gitignore': '/.env\n.env.local\n.env.production\n.aws/\n*.log\nlogs/\n' },
    missing: ['.env', '*.env'],
  },
  {
    name: 'a negation of .env.production',
    files: { '.gitignore': '.env*\n!.env.production\n*.env\n.aws/\n*.log\nlogs/\n' },
    missing: ['.env.production'],
  },
  {
    name: 'a nested negation',
    files: { '.gitignore': GUIDE, 'services/api/.gitignore': '!.env\n' },
    missing: ['.env'],
  },
  {
    name: 'info/exclude covers the rest',
    files: { '.gitignore': '.env*\n*.env\n', [EXCLUDE]: '.aws/\n*.log\nlogs/\n' },
    missing: [],
  },
  {
    name: 'logs/*.log is not logs/',
    files: { '.gitignore': GUIDE.replace('logs/', 'logs/*.log') },
    missing: ['logs/'],
  },
];

describe('required entries are covered as git sees it', () => {
  test.each(COVERAGE.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const stack = stackOf(row.files);
    const ours = findMissing(stack, DEFAULT_REQUIRED_ENTRIES).map((item) => item.entry);
    const representatives = DEFAULT_REQUIRED_ENTRIES.map(
      (entry) => [entry, representativesOf(entry, stack.nestedFolders)] as const,
    );
    const ignored = await gitIgnored(
      row.files,
      representatives.flatMap(([, paths]) => paths),
    );
    const git = representatives
      .filter(([, paths]) => !paths.every((entry) => ignored.has(entry)))
      .map(([entry]) => entry);

    expect({ ours, git }).toEqual({ ours: [...row.missing], git: [...row.missing] });
  });
});

describe('fixableEntries', () => {
  test('an entry a nested negation re-includes cannot be fixed at the root', () => {
    const gitignores = [
      { folder: '', label: '.gitignore', text: '.env\n' },
      { folder: 'app', label: 'app/.gitignore', text: '!.env\n' },
    ];
    const stack = stackOf({ '.gitignore': '.env\n', 'app/.gitignore': '!.env\n' });
    const missing = findMissing(stack, ['.env', '*.log']);

    expect(missing).toMatchObject([
      { entry: '.env', reincludedBy: 'app/.gitignore' },
      { entry: '*.log' },
    ]);
    expect(fixableEntries(gitignores, undefined, missing)).toEqual(['*.log']);
  });

  test('appending after a root negation fixes it', () => {
    const gitignores = [{ folder: '', label: '.gitignore', text: '.env*\n!.env.production\n' }];
    const missing = findMissing(stackOf({ '.gitignore': gitignores[0]?.text ?? '' }), [
      '.env.production',
    ]);

    expect(fixableEntries(gitignores, undefined, missing)).toEqual(['.env.production']);
  });
});
