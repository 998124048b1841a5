import { pathToFileURL } from 'node:url';

import type { Finding, Rule, Severity } from '../engine/types.js';
import { encodePath, INFORMATION_URI, ruleDocUri } from './links.js';
import type { ReportInput } from './types.js';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/
 * (page sarif-support-for-code-scanning)
 */

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The base every artifact URI is relative to: the scanned root. */
const SRCROOT = '%SRCROOT%';

/**
 * GitHub ranks security alerts by `security-severity`, a CVSS-like score written as a string:
 * 9.0 and above is critical, 7.0–8.9 high, 4.0–6.9 medium, below 4.0 low. An `error` is a
 * credential that works until it is revoked, so critical; a `warning` (a committed log, a
 * `.gitignore` gap) is medium; a `note` is low.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  error: '9.5',
  warning: '6.0',
  note: '3.0',
};

// Limitation: `security-severity` belongs to a rule, so a finding whose level the configuration
// changed keeps the rule's score in GitHub's ranking; its `level` does follow the change.
// Limitation: GitHub stores at most 5,000 results of a run (the most severe first) and rejects
// a run of more than 25,000; such scans have all their findings only in the JSON report.

/** GitHub shows the fingerprint's leading part; 16 hex digits are as many as it uses itself. */
const LINE_HASH_LENGTH = 16;

/** Options of the SARIF reporter, set by the CLI. */
export interface SarifOptions {
  /**
   * The run's category (`automationDetails.id`), so runs of different kinds upload side by side
   * instead of replacing each other. Defaults to `keyfence/<mode>/`.
   */
  readonly category?: string | undefined;
}

/**
 * A SARIF 2.1.0 log with one run: every rule keyfence has, one result per finding (suppressed
 * ones carry `suppressions`), and locations relative to the scanned root.
 *
 * @example toSarif(input, { category: 'keyfence/history/' })
 */
export function toSarif(input: ReportInput, options: SarifOptions = {}): string {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const lineHashes = lineHashesOf(input.findings);
  const run = {
    tool: {
      driver: {
        name: 'keyfence',
        version: input.version,
        semanticVersion: input.version,
        informationUri: INFORMATION_URI,
        rules: input.rules.map(toSarifRule),
      },
    },
    automationDetails: { id: categoryOf(options.category, input.mode) },
    originalUriBaseIds: { [SRCROOT]: { uri: rootUri(input.root) } },
    columnKind: 'utf16CodeUnits',
    results: input.findings.map((finding, index) =>
      toSarifResult(finding, ruleIndex.get(finding.ruleId), lineHashes[index] ?? ''),
    ),
  };

  const log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * GitHub treats everything up to the id's last `/` as the category, so a category given
 * without a trailing slash gets one: `keyfence/ci` and `keyfence/ci/` name the same category.
 */
export function categoryOf(category: string | undefined, mode: string): string {
  const id = category === undefined || category === '' ? `keyfence/${mode}` : category;
  return id.endsWith('/') ? id : `${id}/`;
}

function rootUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function toSarifRule(rule: Rule): Record<string, unknown> {
  const docUri = ruleDocUri(rule.id);
  return {
    id: rule.id,
    name: ruleNameOf(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: fullDescriptionOf(rule) },
    helpUri: docUri,
    help: {
      text: `${plainTextOf(rule.help)}\n\nDocumentation: ${docUri}`,
      markdown: `${rule.help}\n\n[Rule documentation](${docUri})`,
    },
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: [...new Set(['security', ...rule.tags])],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      kind: rule.kind,
      ...(rule.provider === undefined ? {} : { provider: rule.provider }),
      stability: rule.stability,
      since: rule.since,
    },
  };
}

/** SARIF's `name` is a PascalCase identifier: `aws-access-key-id` becomes `AwsAccessKeyId`. */
function ruleNameOf(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** The description, then the help's opening sentence when it explains rather than instructs. */
function fullDescriptionOf(rule: Rule): string {
  const opening = rule.help.split('\n')[0]?.trim() ?? '';
  const isStep = STEP_RE.test(opening);
  return opening === '' || isStep ? `${rule.description}.` : `${rule.description}. ${opening}`;
}

/** A numbered or bulleted Markdown list item. Matches "1. Disable"; does not match "An access". */
const STEP_RE = /^(?:\d+\.|[-*])\s/;

/** Inline code marks are the only Markdown rule help uses that reads badly as plain text. */
function plainTextOf(markdown: string): string {
  return markdown.replaceAll('`', '');
}

function toSarifResult(
  finding: Finding,
  ruleIndex: number | undefined,
  lineHash: string,
): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: finding.severity,
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocationOf(finding) }],
    partialFingerprints: { primaryLocationLineHash: lineHash },
    fingerprints: { 'keyfence/v1': finding.fingerprint },
    ...suppressionsOf(finding),
    ...resultPropertiesOf(finding),
  };
}

function physicalLocationOf(finding: Finding): Record<string, unknown> {
  const region: Record<string, number> = { startLine: finding.line, startColumn: finding.column };
  const endsAfterStart =
    finding.endLine > finding.line ||
    (finding.endLine === finding.line && finding.endColumn >= finding.column);

  // A region that would end before it starts is invalid SARIF; the start alone still points
  // to the right place.
  if (endsAfterStart) {
    region.endLine = finding.endLine;
    region.endColumn = finding.endColumn;
  }
  return {
    artifactLocation: { uri: encodePath(finding.path), uriBaseId: SRCROOT },
    region,
  };
}

/**
 * `primaryLocationLineHash` values, in the shape GitHub computes itself: `<hash>:<n>`, where
 * the hash comes from the secret's fingerprint (not from the line, so moving the line keeps the
 * alert) and `n` counts repeats of the same secret in the same file.
 */
function lineHashesOf(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = `${finding.path}\0${finding.fingerprint}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${finding.fingerprint.slice(0, LINE_HASH_LENGTH)}:${occurrence}`;
  });
}

function suppressionsOf(finding: Finding): Record<string, unknown> {
  const suppression = finding.suppression;
  if (suppression === undefined) {
    return {};
  }
  const entry = {
    kind: suppression.kind,
    status: 'accepted',
    ...(suppression.justification === undefined
      ? {}
      : { justification: suppression.justification }),
    properties: { source: suppression.source },
  };
  return { suppressions: [entry] };
}

/** The rule's extra facts and, for history findings, where the secret was committed. */
function resultPropertiesOf(finding: Finding): Record<string, unknown> {
  const commit = finding.commit;
  const history =
    commit === undefined ? {} : { commit: commit.sha, author: commit.author, date: commit.date };
  const properties = { ...finding.properties, ...history };
  return Object.keys(properties).length === 0 ? {} : { properties };
}
