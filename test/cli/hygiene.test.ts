import { describe, expect, test } from 'vitest';

import { runCli } from '../helpers/cli.js';
import { fakeAccessKeyId, fakeSecretAccessKey } from '../helpers/fake-secrets.js';
import { createRepo } from '../helpers/git.js';
import { GUIDE_ENTRIES, coverRequiredEntries } from '../helpers/gitignore.js';

const KEY = fakeAccessKeyId('AKIA', 431);
const SECRET = fakeSecretAccessKey(432);

const POD = [
  'apiVersion: v1',
  'kind: Pod',
  'spec:',
  '  containers:',
  '    - name: a',
  '      env:',
  '        - name: AWS_ACCESS_KEY_ID',
  '          value: x',
  '',
].join('\n');

interface JsonFinding {
  ruleId: string;
  path: string;
  message: string;
}

function findingsOf(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout) as { findings: JsonFinding[] }).findings;
}

function summary(findings: readonly JsonFinding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.path}`);
}

describe('repository hygiene in a staged scan', () => {
  test('reports a file renamed to .env, and the .gitignore that let it in', async () => {
    const repo = await createRepo();
    await repo.commit('settings', { 'settings.txt': `SECRET=${SECRET}\n` });
    await repo.git.mv('settings.txt', '.env');

    const result = runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.env });
    const findings = findingsOf(result.stdout);

    expect(result.code).toBe(1);
    expect(summary(findings)).toEqual(['dotenv-file .env', 'gitignore-missing .gitignore']);
    expect(findings[0]?.message).toContain('is staged for commit');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  test('reports a .env.local forced past a .gitignore that covers it', async () => {
    const repo = await createRepo();
    await repo.commit('ignore', { '.gitignore': `${GUIDE_ENTRIES.join('\n')}\n` });
    repo.write('api/.env.local', 'A=1\n');
    await repo.git.raw(['add', '--force', 'api/.env.local']);

    const result = runCli(['staged', '--format', 'json'], { cwd: repo.dir, env: repo.env });
    const findings = findingsOf(result.stdout);

    expect(summary(findings)).toEqual(['dotenv-file api/.env.local']);
    expect(findings[0]?.message).toContain('does not remove it from the index or from history');
  });

  test('stays quiet about .gitignore when the commit touches nothing it covers', async () => {
    const repo = await createRepo();
    repo.write('src/app.ts', 'export {};\n');
    await repo.git.add('src/app.ts');

    const result = runCli(['staged'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('no findings');
  });
});

describe('the gitignore configuration section', () => {
  test('a remove naming no required entry stops the scan with exit 2', async () => {
    const repo = await createRepo();
    const config = { gitignore: { remove: ['.envv'] } };
    await repo.commit('config', { '.keyfencerc.json': JSON.stringify(config) });

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '"gitignore.remove" names ".envv", which is not a required entry',
    );
    expect(result.stdout).toBe('');
  });

  test('an added entry is required and appended by --fix', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    const config = { gitignore: { add: ['*.pem'] } };
    await repo.commit('config', { '.keyfencerc.json': JSON.stringify(config) });

    const result = runCli(['scan', '--fix'], { cwd: repo.dir, env: repo.env });

    expect(result.stderr).toContain('fixed: created .gitignore with *.pem');
    expect(result.code).toBe(0);
  });
});

const HYGIENE_RULES = new Set([
  'aws-credentials-file',
  'aws-static-credentials-in-deploy',
  'dotenv-file',
  'gitignore-missing',
  'log-file',
]);

describe('repository hygiene in a tree scan', () => {
  test('reports committed hygiene files, and none of their look-alikes', async () => {
    const repo = await createRepo();
    await repo.commit('everything', {
      '.env.production': `AWS_SECRET_ACCESS_KEY=${SECRET}\n`,
      '.env.example': 'AWS_ACCESS_KEY_ID=\nAWS_SECRET_ACCESS_KEY=<secret>\n',
      '.aws/credentials': `[default]\naws_access_key_id = ${KEY}\n`,
      'server.log': 'GET /\n',
      'logs/today.txt': 'GET /\n',
      'k8s/pod.yaml': POD,
      'src/env.ts': 'export {};\n',
      'src/environment.ts': 'export {};\n',
      'src/logger.ts': 'export {};\n',
      'docs/env.md': '# env\n',
      'CHANGELOG.md': '# changes\n',
      'blog/post.md': '# post\n',
    });
    // Ignoring the files now does not untrack them.
    await repo.commit('ignore', { '.gitignore': `${GUIDE_ENTRIES.join('\n')}\n` });

    const result = runCli(['scan', '--format', 'json'], { cwd: repo.dir, env: repo.env });
    // The credential rules report the keys inside these files too; this test is about the files.
    const findings = findingsOf(result.stdout).filter((finding) =>
      HYGIENE_RULES.has(finding.ruleId),
    );

    expect(summary(findings)).toEqual([
      'aws-credentials-file .aws/credentials',
      'dotenv-file .env.production',
      'aws-static-credentials-in-deploy k8s/pod.yaml',
      'log-file logs/today.txt',
      'log-file server.log',
    ]);
    expect(findings[0]?.message).toContain('git rm --cached .aws/credentials');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  test('text output shows no content of a committed .env', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    repo.write('.env', `DB_PASSWORD=hunter2-prod\n`);
    await repo.git.raw(['add', '--force', '.env']);
    await repo.git.raw(['commit', '--quiet', '-m', 'env']);

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    expect(result.stdout).toContain('dotenv-file');
    expect(result.stdout).not.toContain('hunter2');
  });
});
