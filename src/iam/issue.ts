import type { Severity } from '../engine/types.js';
import type { PNode } from './node.js';
import type { Resolver, StringMode } from './value.js';

/** The eleven IAM rule ids; public and final. */
export type IamRuleId =
  | 'iam-wildcard-action'
  | 'iam-action-not-allowed'
  | 'iam-unknown-action'
  | 'iam-wildcard-resource'
  | 'iam-resource-outside-prefix'
  | 'iam-not-action'
  | 'iam-not-resource'
  | 'iam-not-principal'
  | 'iam-public-principal'
  | 'iam-malformed-policy'
  | 'iam-unresolved-reference';

/**
 * One problem the analysis found, before the engine turns it into a finding. Each rule file
 * reports the issues carrying its id, so the file is parsed and analysed once for all eleven.
 */
export interface Issue {
  readonly ruleId: IamRuleId;
  readonly messageId: string;
  readonly data: Readonly<Record<string, string>>;
  readonly start: number;
  readonly end: number;
  /** What the finding is about plus where (statement Sid or number): stable for fingerprints. */
  readonly value: string;
  readonly severity?: Severity;
}

/**
 * Who a policy is attached to, which decides whether a `Principal` belongs in it: identity
 * policies (attached to a user, group or role) must not have one, resource policies (a queue
 * policy) must, trust policies say who may assume a role and name no resource.
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'unknown';

/** One policy document found in a file, with what its values mean where it was written. */
export interface PolicyDocument {
  readonly node: PNode;
  readonly kind: PolicyKind;
  readonly mode: StringMode;
  readonly resolver: Resolver;
}

/** What the extractors collect from one file. */
export interface Extraction {
  readonly documents: PolicyDocument[];
  readonly issues: Issue[];
}

/** Builds an issue at a node's span. */
export function issueAt(
  ruleId: IamRuleId,
  messageId: string,
  at: { readonly start: number; readonly end: number },
  value: string,
  data: Readonly<Record<string, string>> = {},
): Issue {
  return { ruleId, messageId, data, start: at.start, end: Math.max(at.start, at.end), value };
}
