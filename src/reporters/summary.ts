import { countBySeverity } from '../engine/results.js';
import { SEVERITIES, type Finding, type Rule, type Severity } from '../engine/types.js';
import { activeBySeverity, countOf, headlineOf } from './github.js';
import { encodePath, ruleDocUri } from './links.js';
import { describeSkipped } from './text.js';
import type { ReportInput } from './types.js';

/**
 * The GitHub Actions job summary: every finding in one Markdown table, since annotations stop
 * at 10 per level. See "Adding a job summary" in
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 */

/** Where file links point; both come from the Actions environment, read by the CLI. */
export interface SummaryOptions {
  /** `GITHUB_SERVER_URL/GITHUB_REPOSITORY`, such as `https://github.com/owner/repo`. */
  readonly repositoryUrl?: string | undefined;
  /** `GITHUB_SHA`: the commit the files are linked at (history findings use their own). */
  readonly sha?: string | undefined;
}

/**
 * GitHub refuses a step summary over 1 MiB and then shows none of it. Rows stop before this
 * budget, which leaves room for the tables around them and for other steps' sections.
 */
const ROW_BUDGET_BYTES = 768 * 1024;

/**
 * The job summary in Markdown: a headline, counts by severity and by rule, then one row per
 * finding with its rule, a link to the file and line, the redacted value and how to fix it.
 *
 * @example toJobSummary(input, { repositoryUrl: 'https://github.com/o/r', sha: 'abc123' })
 */
export function toJobSummary(input: ReportInput, options: SummaryOptions = {}): string {
  const active = activeBySeverity(input.findings);
  const suppressed = input.findings.length - active.length;
  const sections = [`## ${escapeCell(headlineOf(active, suppressed))}`, scanLineOf(input)];

  if (active.length > 0) {
    sections.push(severityTable(active), ruleTable(active), findingTable(active, input, options));
  }
  if (suppressed > 0) {
    sections.push(suppressedSection(input.findings, options));
  }
  return `${sections.join('\n\n')}\n`;
}

/**
 * Suppressed findings, collapsed: they do not fail the run, but a reviewer should see what a
 * change chose to silence and why. Justifications may come from comments in scanned files.
 */
function suppressedSection(findings: readonly Finding[], options: SummaryOptions): string {
  const suppressed = findings.filter((finding) => finding.suppression !== undefined);
  const rows = suppressed.slice(0, MAX_SUPPRESSED_ROWS).map((finding) => {
    const location = locationCellOf(finding, options);
    const how = finding.suppression?.source ?? '';
    const why = escapeCell(finding.suppression?.justification ?? '');
    const rule = `[${escapeCell(finding.ruleId)}](${ruleDocUri(finding.ruleId)})`;
    return `| ${rule} | ${location} | ${how} | ${why} |`;
  });
  const more = suppressed.length - rows.length;

  return [
    `<details><summary>${countOf(suppressed.length, 'suppressed finding')}</summary>`,
    '',
    '| rule | location | suppressed by | justification |',
    '| --- | --- | --- | --- |',
    ...rows,
    ...(more > 0
      ? ['', `${countOf(more, 'more suppressed finding')} in the SARIF or JSON report.`]
      : []),
    '',
    '</details>',
  ].join('\n');
}

/** Suppressed findings are listed for review, not for action; a few hundred are plenty. */
const MAX_SUPPRESSED_ROWS = 200;

/** "14 files scanned · 1 skipped (1 binary) · mode tree" */
function scanLineOf(input: ReportInput): string {
  const scanned = `${countOf(input.stats.filesScanned, 'file')} scanned`;
  const skipped = describeSkipped(input.stats.skipped);
  return [scanned, ...(skipped === '' ? [] : [skipped]), `mode ${input.mode}`].join(' · ');
}

function severityTable(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const rows = SEVERITIES.map((severity) => `| ${severity} | ${counts[severity]} |`);
  return ['| severity | findings |', '| --- | ---: |', ...rows].join('\n');
}

function ruleTable(findings: readonly Finding[]): string {
  const byRule = new Map<string, Record<Severity, number>>();
  for (const finding of findings) {
    const counts = byRule.get(finding.ruleId) ?? { error: 0, warning: 0, note: 0 };
    counts[finding.severity] += 1;
    byRule.set(finding.ruleId, counts);
  }

  const ids = [...byRule.keys()].sort();
  const rows = ids.map((id) => {
    const counts = byRule.get(id) ?? { error: 0, warning: 0, note: 0 };
    const cells = [
      `[${escapeCell(id)}](${ruleDocUri(id)})`,
      ...SEVERITIES.map((severity) => counts[severity]),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return ['| rule | error | warning | note |', '| --- | ---: | ---: | ---: |', ...rows].join('\n');
}

function findingTable(
  findings: readonly Finding[],
  input: ReportInput,
  options: SummaryOptions,
): string {
  const rules = new Map(input.rules.map((rule) => [rule.id, rule]));
  const lines = [
    '| severity | rule | location | value | how to fix |',
    '| --- | --- | --- | --- | --- |',
  ];
  let bytes = 0;
  let shown = 0;

  for (const finding of findings) {
    const row = findingRow(
      finding,
      rules.get(finding.ruleId),
      input.secretsShown === true,
      options,
    );
    bytes += Buffer.byteLength(row) + 1;
    if (bytes > ROW_BUDGET_BYTES) {
      break;
    }
    lines.push(row);
    shown += 1;
  }

  // Limitation: past the size budget the summary lists only the first findings; the SARIF or
  // JSON report of the same run has all of them.
  if (shown < findings.length) {
    const left = findings.length - shown;
    lines.push('', `${countOf(left, 'more finding')} did not fit; see the SARIF or JSON report.`);
  }
  return lines.join('\n');
}

function findingRow(
  finding: Finding,
  rule: Rule | undefined,
  secretsShown: boolean,
  options: SummaryOptions,
): string {
  const where = locationCellOf(finding, options);
  const value = secretsShown
    ? '(hidden: --show-secrets)'
    : `<code>${escapeCell(finding.preview)}</code>`;
  const cells = [
    finding.severity,
    `[${escapeCell(finding.ruleId)}](${ruleDocUri(finding.ruleId)})`,
    where,
    value,
    howToFixOf(finding.ruleId, rule),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** `path:line`, linked to the file when the repository is known. */
function locationCellOf(finding: Finding, options: SummaryOptions): string {
  const location = `${escapeCell(finding.path)}:${finding.line}`;
  const url = fileUrlOf(finding, options);
  return url === undefined ? location : `[${location}](${url})`;
}

/** The file at the scanned commit, or at the commit that added the secret for history findings. */
function fileUrlOf(finding: Finding, options: SummaryOptions): string | undefined {
  const sha = finding.commit?.sha ?? options.sha;
  if (options.repositoryUrl === undefined || sha === undefined) {
    return undefined;
  }
  const path = encodePath(finding.path).replaceAll('(', '%28').replaceAll(')', '%29');
  return `${options.repositoryUrl}/blob/${sha}/${path}#L${finding.line}`;
}

/** The help's first step, linked to the rule doc's "How to fix" section for the rest. */
function howToFixOf(ruleId: string, rule: Rule | undefined): string {
  const steps = (rule?.help ?? '').split('\n').map((line) => line.trim());
  const first = steps.find((line) => STEP_RE.test(line)) ?? steps[0] ?? '';
  const text = first.replace(STEP_RE, '');
  const link = `[how to fix](${ruleDocUri(ruleId)}#how-to-fix)`;
  // Rule help is keyfence's own Markdown, so only what would break the table is escaped.
  const cell = text.replaceAll('|', '\\|');
  return cell === '' ? link : `${cell} ${link}`;
}

/** A numbered or bulleted Markdown list item. Matches "1. Disable"; does not match "An access". */
const STEP_RE = /^(?:\d+\.|[-*])\s+/;

/**
 * What Markdown inside a table cell acts on: emphasis, code, links (`[`), mentions (`@`), cell
 * separators and HTML. Matches "|", "*", "<"; does not match "a", "." or "/".
 */
const MARKDOWN_SPECIAL_RE = /[\\`*_[\]|~<>&@]/g;

/** Line breaks and other control characters, which would end a table row. Matches "\n". */
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/g;

const HTML_ENTITIES: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/**
 * Makes text from a scanned repository (paths, messages, previews) inert in a table cell: no
 * line breaks, no cell separators, no links, emphasis or raw HTML.
 */
export function escapeCell(text: string): string {
  return text
    .replace(CONTROL_RE, ' ')
    .replace(MARKDOWN_SPECIAL_RE, (char) => HTML_ENTITIES[char] ?? `\\${char}`);
}
