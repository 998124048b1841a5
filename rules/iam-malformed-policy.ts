import { defineRule } from '../src/engine/define-rule.js';
import { GUIDE_POLICY, iamRuleBase, policyWith } from '../src/iam/rule-kit.js';

const HELP = [
  'Fix the document so that IAM accepts it: valid JSON, a `Statement`, `Effect` exactly',
  '`Allow` or `Deny`, one of `Action`/`NotAction` and of `Resource`/`NotResource`, and ARNs',
  '(not queue URLs: `Fn::GetAtt Queue.Arn`, not `Ref Queue`) as resources.',
].join(' ');

export default defineRule({
  ...iamRuleBase('iam-malformed-policy'),
  id: 'iam-malformed-policy',
  description: 'Detect IAM policies that are not valid policy documents',
  severity: 'error',
  tags: ['security', 'aws', 'iam', 'least-privilege'],
  help: HELP,
  messages: {
    invalidJson: 'The policy is not valid JSON here; IAM rejects it.',
    invalidYaml: 'The file is not valid YAML here, so its policies cannot be checked.',
    tooComplex:
      'The document nests too deeply or expands to too many nodes to be a policy; ' +
      'keyfence did not check it.',
    missingStatement: 'The policy document has no `Statement`.',
    statementNotObject: 'Statement {{statement}} is not an object.',
    invalidEffect:
      'Statement {{statement}}: `Effect` must be exactly "Allow" or "Deny", but {{detail}}.',
    bothElements: 'Statement {{statement}} has both "{{detail}}"; use one of them.',
    missingElement: 'Statement {{statement}} has neither "{{detail}}".',
    principalInIdentityPolicy:
      'Statement {{statement}} names a `Principal`, which an identity policy cannot have.',
    missingPrincipal:
      'Statement {{statement}} names no `Principal`, which a resource or trust policy needs.',
    invalidPrincipal:
      'Statement {{statement}}: principal `{{value}}` is neither "*" nor a map of principal types.',
    partialWildcardPrincipal:
      'Statement {{statement}}: principal `{{value}}` uses a wildcard inside a name, ' +
      'which IAM does not support.',
    notAString: 'Statement {{statement}}: `{{value}}` is not a string ({{detail}}).',
    notAnArn: 'Statement {{statement}}: resource `{{value}}` is not valid: {{detail}}.',
  },
  examples: {
    flagged: [
      {
        text: policyWith({
          Effect: 'allow',
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:*:*:wipsie-orders',
        }),
        path: 'policy.json',
        note: 'Effect is case-sensitive',
      },
    ],
    notFlagged: [
      { text: GUIDE_POLICY, path: 'policy.json' },
      {
        text: policyWith({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: ['arn:aws:sqs:*:*:wipsie-a', 'arn:aws:sqs:*:*:wipsie-b'],
        }),
        path: 'policy.json',
        note: 'a list of resources',
      },
    ],
  },
});
