import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { Rule } from '../../src/engine/types.js';
import { runHistory } from '../../src/history.js';
import { walkCommits, type WalkedCommit } from '../../src/scanners/history-walk.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo } from '../helpers/git.js';

const KEY = fakeAccessKeyId('AKIA', 701);

/**
 * A path rule for these tests only: it flags any file named `.env`, as a committed-dotenv rule
 * would, so path rules can be checked in history without depending on the real rule.
 */
const TEST_ENV_FILE = defineRule({
  kind: 'path',
  id: 'test-env-file',
  description: 'Detect files named .env, for the history tests',
  severity: 'error',
  tags: ['test'],
  since: '0.1.0',
  stability: 'preview',
  help: 'Remove the file.',
  messages: { envFile: 'A .env file was committed.' },
  examples: { flagged: [], notFlagged: [] },
  appliesTo: (filePath: string) => path.posix.basename(filePath) === '.env',
  check(file, report) {
    report({ messageId: 'envFile', value: file.path, secret: false });
  },
});

const WITH_PATH_RULE: readonly Rule[] = [...RULES, TEST_ENV_FILE];

describe('runHistory with path rules', () => {
  test('reports a .env that was committed and deleted, at the commit that added it', async () => {
    const repo = await createRepo();
    await repo.commit('start', { 'README.md': '# app\n' });
    const added = await repo.commit('add env', { 'deploy/.env': 'REGION=eu-west-1\n' });
    await repo.git.raw(['rm', '--quiet', 'deploy/.env']);
    await repo.commit('remove env');

    const outcome = await runHistory({ cwd: repo.dir, rules: WITH_PATH_RULE, noConfig: true });

    expect(outcome.findings).toMatchObject([
      { ruleId: 'test-env-file', path: 'deploy/.env', line: 1, commit: { sha: added } },
    ]);
    expect(outcome.commits).toBe(3);
  });

  test('scans a blob again when it is renamed to a path a path rule watches', async () => {
    const repo = await createRepo();
    await repo.commit('sample', { 'env.sample': 'REGION=eu-west-1\n' });
    await repo.git.raw(['mv', 'env.sample', '.env']);
    const renamed = await repo.commit('use it');

    const outcome = await runHistory({ cwd: repo.dir, rules: WITH_PATH_RULE, noConfig: true });

    expect(outcome.findings).toMatchObject([
      { ruleId: 'test-env-file', path: '.env', commit: { sha: renamed } },
    ]);
    expect(outcome.stats.filesScanned).toBe(2);
  });

  test('leaves out paths the configuration allows', async () => {
    const repo = await createRepo();
    const config = '{ "allow": { "paths": ["fixtures/"] } }\n';
    await repo.commit('config', { '.keyfencerc.json': config });
    await repo.commit('fixture', { 'fixtures/key.txt': `${KEY}\n`, 'src/key.txt': `${KEY}\n` });

    const outcome = await runHistory({ cwd: repo.dir, rules: RULES });

    expect(outcome.findings.map((finding) => finding.path)).toEqual(['src/key.txt']);
  });
});

describe('walkCommits', () => {
  test('reads paths with spaces, newlines and unicode, and empty commits', async () => {
    const repo = await createRepo();
    await repo.commit('odd names', { 'a b/naïve\nname.txt': 'x\n' });
    await repo.git.raw(['commit', '--quiet', '--allow-empty', '--allow-empty-message', '-m', '']);

    const commits: WalkedCommit[] = [];
    const walk = walkCommits(repo.dir, ['--all'], 'topo-reverse', (commit) => commits.push(commit));
    await walk.done;

    expect(commits.map((commit) => commit.entries.map((entry) => entry.path))).toEqual([
      ['a b/naïve\nname.txt'],
      [],
    ]);
    expect(commits[0]?.info).toMatchObject({ author: 'Test Author', subject: 'odd names' });
    expect(commits[1]?.info.subject).toBe('');
  });
});
