import { describe, expect, test } from 'vitest';

import rule from '../../rules/aws-static-credentials-in-deploy.js';
import { fakeAccessKeyId, fakeSecretAccessKey } from '../helpers/fake-secrets.js';
import { runRule, testRule } from '../helpers/rule-tester.js';

const KEY = fakeAccessKeyId('AKIA', 421);
const SECRET = fakeSecretAccessKey(422);

const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const POD_HEAD = [
  'apiVersion: v1',
  'kind: Pod',
  'spec:',
  '  containers:',
  '    - name: app',
  '      env:',
];

testRule(rule, {
  valid: [
    {
      path: '.github/workflows/deploy.yml',
      text: lines('on: push', 'env:', '  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}'),
      name: 'a workflow secrets reference',
    },
    {
      path: '.github/workflows/ci.yaml',
      text: lines(
        'jobs:',
        '  x:',
        '    steps:',
        '      - env:',
        '          AWS_SECRET_ACCESS_KEY: ${{ steps.creds.outputs.secret }}',
      ),
      name: 'a step output',
    },
    {
      path: 'k8s/pod.yaml',
      text: lines(
        ...POD_HEAD,
        '        - name: AWS_ACCESS_KEY_ID',
        '          valueFrom:',
        '            secretKeyRef: { name: aws, key: id }',
      ),
      name: 'a Kubernetes secretKeyRef',
    },
    {
      path: 'docker-compose.yml',
      text: lines(
        'services:',
        '  app:',
        '    environment:',
        '      AWS_ACCESS_KEY_ID: ${AWS_ACCESS_KEY_ID}',
        '      - x',
      ),
      name: 'compose that does not parse',
    },
    {
      path: 'compose.yaml',
      text: lines(
        'services:',
        '  app:',
        '    environment:',
        '      AWS_ACCESS_KEY_ID: ${AWS_ACCESS_KEY_ID}',
      ),
      name: 'compose interpolation',
    },
    {
      path: 'docker-compose.dev.yml',
      text: lines(
        'services:',
        '  app:',
        '    environment:',
        '      - AWS_ACCESS_KEY_ID',
        '      - AWS_SECRET_ACCESS_KEY=',
      ),
      name: 'compose pass-through of the host variables',
    },
    {
      path: 'ecs/task.json',
      text: JSON.stringify({
        family: 'app',
        containerDefinitions: [
          { name: 'app', secrets: [{ name: 'AWS_ACCESS_KEY_ID', valueFrom: 'arn:aws:ssm:x' }] },
        ],
      }),
      name: 'ECS secrets from SSM',
    },
    {
      path: 'config/settings.yaml',
      text: lines('env:', `  AWS_ACCESS_KEY_ID: ${KEY}`),
      name: 'not a deployment manifest',
    },
    {
      path: 'charts/app/templates/deploy.yaml',
      text: lines(
        'apiVersion: v1',
        'kind: Pod',
        '{{- if .Values.x }}',
        'AWS_ACCESS_KEY_ID: {{ .Values.key }}',
        '{{- end }}',
      ),
      name: 'a Helm template YAML cannot parse',
    },
    {
      path: 'k8s/docs.yaml',
      text: lines(
        'apiVersion: v1',
        'kind: ConfigMap',
        'data:',
        '  note: set AWS_ACCESS_KEY_ID in the shell',
      ),
      name: 'the name in prose',
    },
  ],
  invalid: [
    {
      path: 'k8s/deployment.yaml',
      text: lines(...POD_HEAD, '        - name: AWS_ACCESS_KEY_ID', '          value: changeme'),
      line: 8,
      column: 18,
      message: '`AWS_ACCESS_KEY_ID` is set to a literal value in a Kubernetes manifest',
    },
    {
      path: 'docker-compose.yml',
      text: lines(
        'services:',
        '  app:',
        '    environment:',
        '      - AWS_SECRET_ACCESS_KEY=abc123',
      ),
      line: 4,
      column: 31,
      message: 'compose file',
      preview: '********',
    },
    {
      path: 'deploy/docker-compose.prod.yaml',
      text: lines('services:', '  app:', '    environment:', `      AWS_ACCESS_KEY_ID: "${KEY}"`),
      line: 4,
      column: 27,
      preview: 'AKIA********',
    },
    {
      path: '.github/workflows/deploy.yml',
      text: lines(
        'on: push',
        'jobs:',
        '  deploy:',
        '    env:',
        `      AWS_SECRET_ACCESS_KEY: ${SECRET}`,
      ),
      line: 5,
      column: 30,
      message: 'GitHub workflow',
    },
    {
      path: 'ecs/task-definition.json',
      text: lines(
        '{',
        '  "containerDefinitions": [{',
        `    "environment": [{ "name": "AWS_ACCESS_KEY_ID", "value": "${KEY}" }]`,
        '  }]',
        '}',
      ),
      line: 3,
      column: 62,
      message: 'ECS task definition',
    },
    {
      path: 'cfn/service.yaml',
      text: lines(
        'Resources:',
        '  Task:',
        '    Type: AWS::ECS::TaskDefinition',
        '    Properties:',
        '      ContainerDefinitions:',
        '        - Environment:',
        '            - Name: AWS_ACCESS_KEY_ID',
        '              Value: placeholder',
      ),
      line: 8,
      column: 22,
      message: 'ECS task definition',
    },
    {
      path: 'k8s/secret.yaml',
      text: lines('apiVersion: v1', 'kind: Secret', 'stringData:', `  AWS_ACCESS_KEY_ID: ${KEY}`),
      line: 4,
      column: 22,
      message: 'Kubernetes manifest',
    },
  ],
});

describe('aws-static-credentials-in-deploy', () => {
  test('reports each variable and masks both in the frame', () => {
    const text = lines(
      'services:',
      '  app:',
      '    environment:',
      `      AWS_ACCESS_KEY_ID: ${KEY}`,
      `      AWS_SECRET_ACCESS_KEY: ${SECRET}`,
    );
    const findings = runRule(rule, text, { path: 'docker-compose.yml' });

    expect(findings.map((finding) => finding.line)).toEqual([4, 5]);
    expect(JSON.stringify(findings)).not.toContain(SECRET);
    expect(JSON.stringify(findings)).not.toContain(KEY);
  });

  test('reads every document of a multi-document file', () => {
    const pod = lines(...POD_HEAD, '        - name: AWS_ACCESS_KEY_ID', '          value: x1');
    const findings = runRule(rule, `${pod}---\n${pod}`, { path: 'k8s/all.yaml' });

    expect(findings.map((finding) => finding.line)).toEqual([8, 17]);
  });
});

describe('aws-static-credentials-in-deploy known limitations', () => {
  test.fails('misses the inputs of configure-aws-credentials', () => {
    const text = lines(
      'jobs:',
      '  deploy:',
      '    steps:',
      '      - uses: aws-actions/configure-aws-credentials@v4',
      '        with:',
      `          aws-access-key-id: ${KEY}`,
      '          # AWS_ACCESS_KEY_ID',
    );
    expect(runRule(rule, text, { path: '.github/workflows/deploy.yml' })).toHaveLength(1);
  });

  test.fails('skips a Helm template that YAML cannot parse', () => {
    const text = lines(
      'apiVersion: v1',
      'kind: Pod',
      'spec:',
      '  containers:',
      '    - name: app',
      '      {{- if .Values.debug }}',
      '      env:',
      '        - name: AWS_ACCESS_KEY_ID',
      '          value: x',
      '      {{- end }}',
    );
    expect(runRule(rule, text, { path: 'charts/app/templates/pod.yaml' })).toHaveLength(1);
  });
});

describe('aws-static-credentials-in-deploy aliases', () => {
  test.fails('does not follow an environment given through a YAML alias', () => {
    const text = lines(
      'x-env: &env',
      '  AWS_ACCESS_KEY_ID: abc',
      'services:',
      '  app:',
      '    environment: *env',
    );
    expect(runRule(rule, text, { path: 'docker-compose.yml' })).toHaveLength(1);
  });
});
