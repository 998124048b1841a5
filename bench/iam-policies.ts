/**
 * Measures the IAM analysis on large inputs: a JSON policy with many statements, a CloudFormation
 * YAML template with many policies, a Terraform file with many policy documents, and a large
 * JSON file that is not a policy (which the prefilter should make nearly free).
 *
 * Run with `npm run bench:iam`. Numbers are noisy on a shared machine; compare runs on one box.
 */
import { RULES } from '../rules/index.js';
import { Engine } from '../src/engine/engine.js';

const IAM_RULES = RULES.filter((rule) => rule.id.startsWith('iam-'));
const RUNS = 3;

function jsonPolicy(statements: number): string {
  const statement = {
    Effect: 'Allow',
    Action: ['sqs:SendMessage', 'sqs:Get*'],
    Resource: 'arn:aws:sqs:*:*:wipsie-*',
  };
  return JSON.stringify(
    { Version: '2012-10-17', Statement: Array.from({ length: statements }, () => statement) },
    null,
    2,
  );
}

function cfnTemplate(resources: number): string {
  const lines = ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:'];
  for (let index = 0; index < resources; index++) {
    lines.push(
      `  Queue${index}:`,
      '    Type: AWS::SQS::Queue',
      `    Properties: { QueueName: wipsie-q${index} }`,
      `  Policy${index}:`,
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: [sqs:SendMessage, sqs:ReceiveMessage]',
      `            Resource: !GetAtt Queue${index}.Arn`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function terraform(documents: number): string {
  const blocks: string[] = [];
  for (let index = 0; index < documents; index++) {
    blocks.push(
      `data "aws_iam_policy_document" "d${index}" {`,
      '  statement {',
      '    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]',
      `    resources = ["arn:aws:sqs:*:*:wipsie-q${index}"]`,
      '  }',
      '}',
    );
  }
  return `${blocks.join('\n')}\n`;
}

function notAPolicy(rows: number): string {
  return JSON.stringify(
    Array.from({ length: rows }, (_, id) => ({ id, statement: 'none', tags: ['a', 'b'] })),
  );
}

const INPUTS: [string, string, string][] = [
  ['JSON policy, 40k statements', 'policy.json', jsonPolicy(40_000)],
  ['CloudFormation YAML, 2k policies', 'stack.yaml', cfnTemplate(2_000)],
  ['Terraform, 5k policy documents', 'main.tf', terraform(5_000)],
  ['JSON, not a policy', 'data.json', notAPolicy(80_000)],
];

for (const [name, path, text] of INPUTS) {
  const bytes = Buffer.from(text);
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    const engine = new Engine({ rules: IAM_RULES, mode: 'tree', config: {} });
    const started = performance.now();
    findings = engine.scanFile({ path, bytes }).length;
    times.push(performance.now() - started);
  }
  const best = Math.min(...times);
  const megabytes = bytes.length / 1024 / 1024;
  process.stdout.write(
    `${name}: ${megabytes.toFixed(1)} MB, best of ${RUNS} ${best.toFixed(0)} ms ` +
      `(${(megabytes / (best / 1000)).toFixed(1)} MB/s), ${findings} findings\n`,
  );
}
