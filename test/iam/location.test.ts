import { describe, expect, test } from 'vitest';

import { iamFindings, locate } from './cases.js';

/**
 * Each format puts the offending string somewhere else; the finding must point at it (line and
 * column of its first character, the quote for a quoted string), not at the document.
 */
const CFN_JSON = `{
  "Resources": {
    "P": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyDocument": {
          "Statement": [{ "Effect": "Allow", "Action": "sqs:TagQueue", "Resource": "arn:aws:sqs:*:*:wipsie-a" }]
        }
      }
    }
  }
}
`;

const YAML_QUOTED_SUB = `Resources:
  P:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: !Sub "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"sqs:TagQueue\\",
        \\"Resource\\": \\"arn:\${AWS::Partition}:sqs:*:*:wipsie-a\\"}]}"
`;

const TEMPLATE_JSON = CFN_JSON.replace(
  '"Resources"',
  '"AWSTemplateFormatVersion": "2010-09-09",\n  "Resources"',
);

const HEREDOC_INDENTED = `resource "aws_iam_user_policy" "w" {
  policy = <<-EOT
    {
      "Statement": [{"Effect": "Allow", "Action": "sqs:TagQueue", "Resource": "arn:aws:sqs:*:*:wipsie-a"}]
    }
  EOT
}
`;

const EMBEDDED_ESCAPED = `{
  "resource": { "aws_iam_policy": { "w": {
    "policy": "{\\n  \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"sqs:TagQueue\\", \\"Resource\\": \\"*\\"}]}"
  } } }
}
`;

const TF_QUOTED = `resource "aws_iam_policy" "w" {
  policy = "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"sqs:TagQueue\\", \\"Resource\\": \\"*\\"}]}"
}
`;

describe('IAM finding locations', () => {
  test.each([
    ['CloudFormation JSON', CFN_JSON, 'template.json', '"sqs:TagQueue"'],
    ['a .template file', TEMPLATE_JSON, 'stack.template', '"sqs:TagQueue"'],
    ['a double-quoted YAML !Sub', YAML_QUOTED_SUB, 'stack.yaml', '\\"sqs:TagQueue'],
    ['an indented heredoc', HEREDOC_INDENTED, 'main.tf', '"sqs:TagQueue"'],
    ['an escaped JSON string in .tf.json', EMBEDDED_ESCAPED, 'main.tf.json', '\\"sqs:TagQueue'],
    ['a quoted Terraform string', TF_QUOTED, 'main.tf', '\\"sqs:TagQueue'],
  ])('%s points at the action', (_name, text, path, needle) => {
    const finding = iamFindings(text, path).find(
      (found) => found.ruleId === 'iam-action-not-allowed',
    );
    expect(finding).toMatchObject(locate(text, needle));
    expect(finding?.preview).toBe('sqs:TagQueue (statement #1)');
  });
});
