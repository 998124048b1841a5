import { defineRule } from '../src/engine/define-rule.js';
import { findStaticKeys, isManifestCandidate } from '../src/hygiene/deploy.js';

export default defineRule({
  kind: 'path',
  id: 'aws-static-credentials-in-deploy',
  description: 'Detect deployment manifests that pass static AWS keys as environment variables',
  severity: 'warning',
  provider: 'aws',
  tags: ['security', 'hygiene', 'aws', 'iam'],
  since: '0.1.0',
  stability: 'preview',
  help: [
    'Production workloads should get short-lived credentials from an IAM role, not keys.',
    '- ECS: set `taskRoleArn` on the task definition and drop the variables.',
    '- EC2: attach an instance profile. Lambda: use its execution role.',
    '- Kubernetes on EKS: IRSA or EKS Pod Identity for the service account.',
    '- GitHub Actions: OIDC with `aws-actions/configure-aws-credentials` and `role-to-assume`.',
    'If a real key was written in the manifest, deactivate it and rotate it.',
  ].join('\n'),
  messages: {
    workflow:
      '`{{name}}` is set to a literal value in a GitHub workflow; assume a role through OIDC ' +
      '(`aws-actions/configure-aws-credentials` with `role-to-assume`) or use a secrets reference.',
    compose:
      '`{{name}}` is set to a literal value in a compose file; pass it from the environment at ' +
      'run time, and use an IAM role where the containers run in production.',
    kubernetes:
      '`{{name}}` is set to a literal value in a Kubernetes manifest; give the service account ' +
      'an IAM role (IRSA or EKS Pod Identity) instead of static keys.',
    ecs:
      '`{{name}}` is set to a literal value in an ECS task definition; give the task an IAM ' +
      'task role (`taskRoleArn`) instead of static keys.',
  },
  examples: {
    flagged: [
      {
        path: 'k8s/deployment.yaml',
        text: [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: app',
          '          env:',
          '            - name: AWS_ACCESS_KEY_ID',
          '              value: changeme',
          '',
        ].join('\n'),
        note: 'a placeholder is still a static key',
      },
      {
        path: 'docker-compose.yml',
        text: 'services:\n  app:\n    environment:\n      - AWS_SECRET_ACCESS_KEY=abc123\n',
      },
      {
        path: '.github/workflows/deploy.yml',
        text: 'on: push\nenv:\n  AWS_ACCESS_KEY_ID: AKIA' + 'Z7TBQ2XL5MWE3RVN\njobs: {}\n',
      },
    ],
    notFlagged: [
      {
        path: '.github/workflows/deploy.yml',
        text: 'on: push\nenv:\n  AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\njobs: {}\n',
      },
      {
        path: 'k8s/deployment.yaml',
        text: [
          'apiVersion: v1',
          'kind: Pod',
          'spec:',
          '  containers:',
          '    - name: app',
          '      env:',
          '        - name: AWS_ACCESS_KEY_ID',
          '          valueFrom:',
          '            secretKeyRef: { name: aws, key: id }',
          '',
        ].join('\n'),
      },
      {
        path: 'config/settings.yaml',
        text: 'env:\n  AWS_ACCESS_KEY_ID: abc\n',
        note: 'not a deployment manifest',
      },
    ],
  },
  asks: ['aws_access_key_id', 'aws_secret_access_key'],
  appliesTo(path) {
    return isManifestCandidate(path);
  },
  check(file, report) {
    const text = file.text;
    if (text === undefined) {
      return;
    }
    if (!file.hasKeyword('aws_access_key_id') && !file.hasKeyword('aws_secret_access_key')) {
      return;
    }

    for (const key of findStaticKeys(file.path, text)) {
      report({
        messageId: key.kind,
        data: { name: key.name },
        start: key.offset,
        value: key.value,
        properties: { manifest: key.kind, variable: key.name },
      });
    }
  },
});
