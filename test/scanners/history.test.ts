import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { runHistory } from '../../src/history.js';
import { walkCommits, type WalkedCommit } from '../../src/scanners/history-walk.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';
import { createRepo } from '../helpers/git.js';

const KEY = fakeAccessKeyId('AKIA', 701);

describe('runHistory with path rules', () => {
  test('reports a .env that was committed and deleted, at the commit that added it', async () => {
    const repo = await createRepo();
    await repo.commit('start', { 'README.md': '# app\n' });
    const added = await repo.commit('add env', { 'deploy/.env': 'REGION=eu-west-1\n' });
    await repo.git.raw(['rm', '--quiet', 'deploy/.env']);
    await repo.commit('remove env');

    const outcome = await runHistory({ cwd: repo.dir, rules: RULES, noConfig: true });

    expect(outcome.findings).toMatchObject([
      { ruleId: 'dotenv-file', path: 'deploy/.env', line: 1, commit: { sha: added } },
    ]);
    expect(outcome.commits).toBe(3);
  });

  test('scans a blob again when it is renamed to a path a path rule watches', async () => {
    const repo = await createRepo();
    await repo.commit('sample', { 'env.sample': 'REGION=eu-west-1\n' });
    await repo.git.raw(['mv', 'env.sample', '.env']);
    const renamed = await repo.commit('use it');

    const outcome = await runHistory({ cwd: repo.dir, rules: RULES, noConfig: true });

    expect(outcome.findings).toMatchObject([
      { ruleId: 'dotenv-file', path: '.env', commit: { sha: renamed } },
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
