import { defineRule } from '../../src/engine/define-rule.js';
import { sortFindings } from '../../src/engine/results.js';
import type { Finding, Rule, ScanStats } from '../../src/engine/types.js';
import type { ReportInput } from '../../src/reporters/types.js';

/**
 * A fixed set of findings built by hand for the reporter snapshots: one per severity, a history
 * finding, a suppressed one and paths that need escaping in every format. The rules are built
 * here too, so a rule added to keyfence does not change the snapshots. Stats are fixed so that
 * nothing in the output varies between runs.
 */

function fixtureRule(
  kind: 'content' | 'path',
  id: string,
  severity: Rule['severity'],
  help: string,
): Rule {
  const meta = {
    id,
    description: `Detect ${id.replaceAll('-', ' ')}s`,
    severity,
    tags: ['secret'],
    since: '0.1.0',
    stability: 'preview' as const,
    help,
    messages: {},
    examples: { flagged: [], notFlagged: [] },
    check: () => undefined,
  };
  return kind === 'content'
    ? defineRule({ ...meta, kind, keywords: [], provider: 'aws' })
    : defineRule({ ...meta, kind, appliesTo: () => true });
}

export const FIXTURE_RULES: readonly Rule[] = [
  fixtureRule(
    'content',
    'aws-access-key-id',
    'error',
    [
      'An access key ID identifies a credential; with its secret key it signs AWS requests.',
      '1. Disable the key in IAM now (`aws iam update-access-key --status Inactive`).',
      '2. Remove it from the code and from git history.',
    ].join('\n'),
  ),
  fixtureRule(
    'path',
    'env-file',
    'warning',
    '1. Remove the file from git and add it to `.gitignore`.',
  ),
  fixtureRule('content', 'iam-wildcard-action', 'note', 'List the actions the role needs.'),
];

const BASE = {
  properties: {},
  frame: [],
} as const;

const FIXTURE_FINDINGS: Finding[] = [
  {
    ...BASE,
    ruleId: 'aws-access-key-id',
    severity: 'error',
    message: 'AWS access key ID (long-term) found; disable it in IAM and rotate it.',
    path: 'src/config.ts',
    line: 2,
    column: 20,
    endLine: 2,
    endColumn: 40,
    preview: 'AKIA********',
    fingerprint: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    properties: { keyType: 'AKIA' },
    frame: [
      { line: 1, text: '// settings' },
      { line: 2, text: "export const id = 'AKIA********';" },
    ],
  },
  {
    ...BASE,
    ruleId: 'aws-access-key-id',
    severity: 'error',
    message: 'AWS access key ID (long-term) found; disable it in IAM and rotate it.',
    path: 'src/config.ts',
    line: 9,
    column: 5,
    endLine: 9,
    endColumn: 25,
    preview: 'AKIA********',
    fingerprint: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
    properties: { keyType: 'AKIA' },
  },
  {
    ...BASE,
    ruleId: 'aws-access-key-id',
    severity: 'error',
    message: 'AWS access key ID (temporary (STS)) found; disable it in IAM and rotate it.',
    path: 'dir with space/naïve #1 100%.txt',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 21,
    preview: 'ASIA********',
    fingerprint: '11111111111111112222222222222222',
  },
  {
    ...BASE,
    ruleId: 'env-file',
    severity: 'warning',
    message: 'A .env file is committed; remove it and ignore it.',
    path: 'deploy/a,b:c.env',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    preview: 'deploy/a,b:c.env',
    fingerprint: '33333333333333334444444444444444',
  },
  {
    ...BASE,
    ruleId: 'iam-wildcard-action',
    severity: 'note',
    message: 'IAM policy allows "s3:*" | every action of the service.',
    path: 'policy.json',
    line: 3,
    column: 15,
    endLine: 3,
    endColumn: 21,
    preview: 's3:*',
    fingerprint: '55555555555555556666666666666666',
  },
  {
    ...BASE,
    ruleId: 'aws-access-key-id',
    severity: 'error',
    message: 'AWS access key ID (long-term) found; disable it in IAM and rotate it.',
    path: 'old/creds.txt',
    line: 4,
    column: 7,
    endLine: 4,
    endColumn: 27,
    preview: 'AKIA********',
    fingerprint: '77777777777777778888888888888888',
    commit: {
      sha: '0123456789abcdef0123456789abcdef01234567',
      author: 'Test Author',
      email: 'author@example.com',
      date: '2024-01-02T03:04:05Z',
      subject: 'add credentials',
    },
  },
  {
    ...BASE,
    ruleId: 'aws-access-key-id',
    severity: 'error',
    message: 'AWS access key ID (long-term) found; disable it in IAM and rotate it.',
    path: 'test/fixture.ts',
    line: 1,
    column: 12,
    endLine: 1,
    endColumn: 32,
    preview: 'AKIA********',
    fingerprint: '9999999999999999aaaaaaaaaaaaaaaa',
    suppression: { kind: 'inSource', source: 'inline', justification: 'a revoked sample key' },
  },
];

const FIXTURE_STATS: ScanStats = {
  filesScanned: 14,
  bytesScanned: 20_480,
  skipped: { binary: 1, 'too-large': 0, symlink: 0, submodule: 0, unreadable: 0 },
  durationMs: 40,
};

/** A scan with findings of every severity, as reporters receive it. */
export const FIXTURE_INPUT: ReportInput = {
  findings: sortFindings(FIXTURE_FINDINGS),
  stats: FIXTURE_STATS,
  rules: FIXTURE_RULES,
  mode: 'tree',
  version: '0.1.0',
  root: '/work/repo',
};

/** A scan that found nothing. */
export const EMPTY_INPUT: ReportInput = { ...FIXTURE_INPUT, findings: [] };
