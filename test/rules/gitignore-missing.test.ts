import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import rule from '../../rules/gitignore-missing.js';
import { Engine } from '../../src/engine/engine.js';
import type { Finding, ScanMode } from '../../src/engine/types.js';
import { KeyfenceError } from '../../src/errors.js';
import { tempDir } from '../helpers/git.js';
import { GUIDE_ENTRIES } from '../helpers/gitignore.js';

const GUIDE = `${GUIDE_ENTRIES.join('\n')}\n`;

interface Setup {
  readonly files?: Readonly<Record<string, string>>;
  readonly exclude?: string;
  readonly mode?: ScanMode;
  readonly changed?: readonly string[];
  readonly config?: Record<string, unknown>;
  readonly gitDir?: boolean;
}

/** Runs the rule as a scan would, over files held in memory and a real `.git` folder. */
async function check(setup: Setup): Promise<Finding[]> {
  const files = setup.files ?? {};
  const gitDir = path.join(tempDir(), '.git');
  mkdirSync(path.join(gitDir, 'info'), { recursive: true });
  if (setup.exclude !== undefined) {
    writeFileSync(path.join(gitDir, 'info', 'exclude'), setup.exclude);
  }

  const paths = Object.keys(files).sort();
  const engine = new Engine({
    rules: [rule],
    mode: setup.mode ?? 'tree',
    config: setup.config ?? {},
  });
  return engine.scanRepository({
    root: path.dirname(gitDir),
    gitDir: setup.gitDir === false ? undefined : gitDir,
    paths,
    changedPaths: setup.changed ?? paths,
    readText: (file) => Promise.resolve(files[file]),
  });
}

describe('gitignore-missing', () => {
  test('behaves as its documented examples say', async () => {
    for (const example of rule.examples.flagged) {
      expect(await check({ files: { '.gitignore': example.text } }), example.text).toHaveLength(1);
    }
    for (const example of rule.examples.notFlagged) {
      expect(await check({ files: { '.gitignore': example.text } }), example.text).toEqual([]);
    }
  });

  test('points at .gitignore and lists what is missing', async () => {
    const [finding] = await check({ files: { '.gitignore': GUIDE.replace('logs/\n', '') } });

    expect(finding).toMatchObject({ path: '.gitignore', line: 1, column: 1, severity: 'warning' });
    expect(finding?.message).toBe(
      '`.gitignore` does not cover 1 required entry: `logs/`; ' +
        'add them or run `keyfence scan --fix`.',
    );
    expect(finding?.properties).toMatchObject({ missing: 'logs/', fixable: 'logs/' });
  });

  test('says when there is no .gitignore at all', async () => {
    const [finding] = await check({ files: { 'README.md': '# x\n' } });

    expect(finding?.message).toContain('The repository has no `.gitignore`');
    expect(finding?.properties['missing']).toBe(GUIDE_ENTRIES.join('\n'));
  });

  test('names the nested file whose negation re-includes an entry', async () => {
    const files = { '.gitignore': GUIDE, 'services/api/.gitignore': '!.env\n' };
    const [finding] = await check({ files });

    expect(finding?.message).toContain('`.env` (re-included by services/api/.gitignore)');
    expect(finding?.properties).toMatchObject({ missing: '.env', fixable: '' });
  });

  test('counts .git/info/exclude', async () => {
    expect(
      await check({ files: { '.gitignore': '.env*\n*.env\n' }, exclude: '.aws/\n*.log\nlogs/\n' }),
    ).toEqual([]);
  });

  test('does nothing outside git', async () => {
    expect(await check({ files: {}, gitDir: false })).toEqual([]);
  });
});

describe('gitignore-missing in a staged scan', () => {
  const files = { '.gitignore': 'node_modules/\n', 'src/app.ts': 'x\n', 'app/.gitignore': '' };

  test.each([
    ['an unrelated change', ['src/app.ts'], 0],
    ['a changed .gitignore', ['.gitignore'], 1],
    ['a changed nested .gitignore', ['app/.gitignore'], 1],
    ['a staged .env', ['.env'], 1],
    ['a staged log in a sub-folder', ['server/logs/today.txt'], 1],
  ] as const)('runs for %s: %i finding(s)', async (_name, changed, count) => {
    expect(await check({ files, mode: 'staged', changed })).toHaveLength(count);
  });
});

describe('gitignore-missing isDue', () => {
  test('lets a staged scan skip listing the repository when nothing relevant changed', () => {
    const scope = (mode: ScanMode, changedPaths: string[]) => ({ mode, changedPaths, config: {} });

    expect(rule.isDue(scope('staged', ['src/app.ts']))).toBe(false);
    expect(rule.isDue(scope('staged', ['src/app.ts', 'x.env']))).toBe(true);
    expect(rule.isDue(scope('tree', []))).toBe(true);
    expect(rule.isDue(scope('history', ['.gitignore']))).toBe(false);
  });
});

describe('gitignore-missing configuration', () => {
  const base = { '.gitignore': GUIDE };

  test('add: an extra entry is required', async () => {
    const [finding] = await check({ files: base, config: { gitignore: { add: ['*.pem'] } } });
    expect(finding?.properties['missing']).toBe('*.pem');
  });

  test('remove: an entry is no longer required', async () => {
    const files = { '.gitignore': GUIDE.replace('logs/\n', '') };
    expect(await check({ files, config: { gitignore: { remove: ['logs/'] } } })).toEqual([]);
  });

  test('required: replaces the whole list', async () => {
    const files = { '.gitignore': 'secrets/\n' };
    expect(await check({ files, config: { gitignore: { required: ['secrets/'] } } })).toEqual([]);
  });

  test.each([
    ['a remove that names no entry', { remove: ['.envv'] }, 'not a required entry'],
    ['a negation', { add: ['!.env'] }, 'not a pattern that ignores files'],
    ['an empty entry', { required: [' '] }, 'not a pattern that ignores files'],
  ])('rejects %s', async (_name, gitignore, message) => {
    const failure = check({ files: base, config: { gitignore } });
    await expect(failure).rejects.toThrow(KeyfenceError);
    await expect(failure).rejects.toThrow(message);
  });
});
