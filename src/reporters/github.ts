import { countBySeverity, severityRank } from '../engine/results.js';
import type { Finding, Severity } from '../engine/types.js';
import type { ReportInput } from './types.js';

/**
 * GitHub Actions workflow commands: one annotation per finding, then the full list in a
 * collapsed log group.
 * https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
 *
 * The log of a public repository is public, and a line of it that starts with `::` is a command
 * to the runner. So annotation text is escaped as the command syntax requires, the list (which
 * echoes paths and messages from the scanned repository) runs between `::stop-commands::` and
 * the resume token, and no preview is written at all when previews hold raw secrets.
 */

/** Options of the GitHub reporter, set by the CLI. */
export interface GithubOptions {
  /**
   * Ends the `::stop-commands::` block. It must be unguessable, or text in a scanned file could
   * end the block early and issue commands; the CLI passes a fresh random token per run.
   */
  readonly stopToken: string;
}

const ANNOTATION_COMMAND: Readonly<Record<Severity, string>> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/**
 * The workflow commands for a scan, sorted so errors come first: GitHub shows only the first
 * 10 error and 10 warning annotations of a step, and the job summary lists the rest.
 *
 * @example toGithub(input, { stopToken: randomBytes(16).toString('hex') })
 */
export function toGithub(input: ReportInput, options: GithubOptions): string {
  const active = activeBySeverity(input.findings);
  const suppressed = input.findings.length - active.length;
  const headline = headlineOf(active, suppressed);
  if (active.length === 0) {
    return `${headline}\n`;
  }

  const lines = active.map((finding) => annotationOf(finding, input.secretsShown === true));
  lines.push(`::group::${escapeData(headline)}`);
  lines.push(`::stop-commands::${options.stopToken}`);
  for (const finding of active) {
    lines.push(listLineOf(finding, input.secretsShown === true));
  }
  lines.push(`::${options.stopToken}::`, '::endgroup::');
  return `${lines.join('\n')}\n`;
}

/** Findings that count, most serious first; the sort is stable, so file order stays. */
export function activeBySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((finding) => finding.suppression === undefined)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** "keyfence: 3 findings (2 errors, 1 warning, 0 notes), 1 suppressed" */
export function headlineOf(active: readonly Finding[], suppressed: number): string {
  const counts = countBySeverity(active);
  const bySeverity = [
    countOf(counts.error, 'error'),
    countOf(counts.warning, 'warning'),
    countOf(counts.note, 'note'),
  ].join(', ');
  const head =
    active.length === 0
      ? 'keyfence: no findings'
      : `keyfence: ${countOf(active.length, 'finding')} (${bySeverity})`;
  return suppressed === 0 ? head : `${head}, ${suppressed} suppressed`;
}

/** "1 error", "2 errors" */
export function countOf(count: number, word: string): string {
  return `${count} ${count === 1 ? word : `${word}s`}`;
}

function annotationOf(finding: Finding, secretsShown: boolean): string {
  const properties = [
    ['file', finding.path],
    ['line', String(finding.line)],
    ['col', String(finding.column)],
    ['endLine', String(finding.endLine)],
    ['endColumn', String(finding.endColumn)],
    ['title', `keyfence ${finding.ruleId}`],
  ]
    .map(([name, value]) => `${name}=${escapeProperty(value ?? '')}`)
    .join(',');
  const message = escapeData(detailOf(finding, secretsShown));
  return `::${ANNOTATION_COMMAND[finding.severity]} ${properties}::${message}`;
}

/** The message, the redacted value and, for a history finding, the commit that added it. */
function detailOf(finding: Finding, secretsShown: boolean): string {
  const preview = secretsShown ? '' : ` Value: ${finding.preview}`;
  const commit = finding.commit ? ` Commit: ${finding.commit.sha.slice(0, 12)}.` : '';
  return `${finding.message}${preview}${commit}`;
}

function listLineOf(finding: Finding, secretsShown: boolean): string {
  const position = `${finding.path}:${finding.line}:${finding.column}`;
  const preview = secretsShown ? '' : `  ${finding.preview}`;
  const line = `${position}  ${finding.severity}  ${finding.ruleId}  ${finding.message}${preview}`;
  return line.replace(CONTROL_RE, '\uFFFD');
}

/**
 * Control characters would split or rewrite a log line. Matches "\r", "\n" and "\x1b"; does
 * not match "\t".
 */
const CONTROL_RE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** Escapes a command's message, as the runner unescapes it: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a command property: the message escapes plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
