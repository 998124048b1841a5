import { describe, expect, test } from 'vitest';

import { runCli } from '../helpers/cli.js';
import { createRepo } from '../helpers/git.js';
import { coverRequiredEntries } from '../helpers/gitignore.js';

const PROD_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:*:*:wipsie-dev-*" },
    { "Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*" }
  ]
}
`;

const CONFIG = JSON.stringify({
  iam: { overrides: [{ files: ['infra/prod/**'], queuePrefix: 'wipsie-prod-' }] },
});

describe('keyfence scan with IAM policies', () => {
  test('reports a resource outside the per-path prefix verbatim, with its location', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    await repo.commit('add policies', {
      '.keyfencerc.json': CONFIG,
      'infra/prod/worker-policy.json': PROD_POLICY,
      'infra/dev/worker-policy.json': PROD_POLICY,
      'package.json': '{ "name": "app", "description": "a statement" }\n',
    });

    const result = runCli(['scan', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Record<string, unknown>[] };
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'iam-resource-outside-prefix',
      path: 'infra/prod/worker-policy.json',
      line: 4,
      column: 82,
      preview: 'arn:aws:sqs:*:*:wipsie-dev-* (statement Send)',
      properties: { statement: 'Send' },
    });
  });

  test('reads CloudFormation YAML through the lazily loaded YAML reader', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    const template = [
      'Resources:',
      '  QueuePolicy:',
      '    Type: AWS::SQS::QueuePolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: "*"',
      '            Action: sqs:SendMessage',
      '            Resource: !Sub arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:wipsie-in',
      '',
    ].join('\n');
    await repo.commit('add template', { 'infra/queues.yaml': template });

    const result = runCli(['scan', '--format', 'json'], { cwd: repo.dir, env: repo.env });

    const report = JSON.parse(result.stdout) as { findings: Record<string, unknown>[] };
    expect(
      report.findings.map((finding) => [finding['ruleId'], finding['line'], finding['column']]),
    ).toEqual([['iam-public-principal', 8, 24]]);
  });

  test('rejects a misspelt iam option with exit code 2', async () => {
    const repo = await createRepo();
    coverRequiredEntries(repo);
    await repo.commit('config', { '.keyfencerc.json': '{ "iam": { "queuePrefx": "x" } }' });

    const result = runCli(['scan'], { cwd: repo.dir, env: repo.env });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('iam.queuePrefx');
  });
});
