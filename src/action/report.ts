import { isAtLeast } from '../engine/results.js';
import type { Finding, Severity } from '../engine/types.js';
import type { ReportInput } from '../reporters/types.js';
import { annotation, type AnnotationLevel } from './workflow-commands.js';

const ANNOTATION_LEVEL: Readonly<Record<Severity, AnnotationLevel>> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/** What the job summary says besides the findings: the range, and settings the PR changed. */
export interface SummaryContext {
  readonly scanned: string;
  readonly notes: readonly string[];
  readonly failOn: Severity;
}

/** One annotation per finding that counts; GitHub shows them on the pull request's diff. */
export function toAnnotations(input: ReportInput): string {
  return active(input.findings)
    .map((finding) =>
      annotation(ANNOTATION_LEVEL[finding.severity], `${finding.message} (${finding.preview})`, {
        title: `keyfence: ${finding.ruleId}`,
        file: finding.path,
        line: finding.line,
        endLine: finding.endLine,
        col: finding.column,
        endColumn: finding.endColumn,
      }),
    )
    .join('');
}

/** The job summary in Markdown: verdict, notes, and a table of the findings that count. */
export function toSummary(input: ReportInput, context: SummaryContext): string {
  const findings = active(input.findings);
  const failing = findings.filter((finding) => isAtLeast(finding.severity, context.failOn));
  const verdict =
    failing.length > 0
      ? `:x: ${plural(failing.length, 'finding')} at or above \`${context.failOn}\``
      : `:white_check_mark: no findings at or above \`${context.failOn}\``;
  const lines = ['## keyfence', '', `${verdict} in ${context.scanned}.`, ''];

  for (const note of context.notes) {
    lines.push(`> [!WARNING]`, `> ${note}`, '');
  }
  if (findings.length > 0) {
    lines.push('| severity | rule | location | finding |', '| --- | --- | --- | --- |');
    for (const finding of findings) {
      const where = `${finding.path}:${finding.line}:${finding.column}`;
      const commit = finding.commit ? ` (${finding.commit.sha.slice(0, 7)})` : '';
      lines.push(
        `| ${finding.severity} | \`${finding.ruleId}\` | \`${cell(where)}\`${commit} | ${cell(finding.message)} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

function active(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.suppression === undefined);
}

/** Table cells cannot hold a pipe or a newline; the text comes from the scanned repository. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll(/\r?\n/g, ' ').replaceAll('`', "'");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
