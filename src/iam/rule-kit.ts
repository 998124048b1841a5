import type { ContentRule, Report, SourceFile } from '../engine/types.js';
import type { IamRuleId } from './issue.js';
import { isPolicyPath, reportIamIssues } from './run.js';

/**
 * What the eleven IAM rules share: they are content rules over policy-shaped files that report
 * the issues of one shared analysis (see `run.ts`), never secrets.
 *
 * Their keyword list is empty on purpose: the analysis applies its own prefilter (the word
 * `statement`, `policy` in Terraform, or a file named like a policy), because a broken
 * `policy.json` that no longer contains a statement must still be reported as malformed.
 */
export function iamRuleBase(
  id: IamRuleId,
): Pick<
  ContentRule,
  'kind' | 'provider' | 'since' | 'stability' | 'keywords' | 'asks' | 'appliesTo' | 'check'
> {
  return {
    kind: 'content',
    provider: 'aws',
    since: '0.1.0',
    stability: 'preview',
    keywords: [],
    // What run.ts asks before it parses a file as a policy.
    asks: ['policy', 'statement'],
    appliesTo: isPolicyPath,
    check: (file: SourceFile, report: Report) => {
      reportIamIssues(id, file, report);
    },
  };
}

/** The guide's least-privilege policy, the starting point of most examples. */
export const GUIDE_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
      "Resource": "arn:aws:sqs:*:*:wipsie-*"
    },
    { "Effect": "Allow", "Action": "sqs:ListQueues", "Resource": "*" }
  ]
}
`;

/** A one-statement identity policy with the given elements, as JSON text. */
export function policyWith(statement: Record<string, unknown>): string {
  return `${JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2)}\n`;
}
