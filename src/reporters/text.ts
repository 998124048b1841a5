import { countBySeverity, isAtLeast } from '../engine/results.js';
import {
  SEVERITIES,
  type Finding,
  type ScanStats,
  type Severity,
  type SkipReason,
} from '../engine/types.js';
import type { ReportInput, TextOptions } from './types.js';

/**
 * The terminal report: findings grouped by file, one line each (`line:col  severity  message
 * rule-id`), the redacted value, a masked code frame, and a summary line. Pure: it returns the
 * text and leaves writing to the CLI.
 */
export function toText(input: ReportInput, options: TextOptions & { failOn: Severity }): string {
  const active = input.findings.filter((finding) => finding.suppression === undefined);
  const shown = options.quiet
    ? active.filter((finding) => isAtLeast(finding.severity, options.failOn))
    : active;
  const blocks: string[] = [];

  for (const [path, findings] of groupByPath(shown)) {
    blocks.push(formatFile(path, findings, options));
  }

  if (!options.quiet || shown.length > 0) {
    const suppressed = describeSuppressed(input.findings);
    blocks.push(formatSummary(shown, suppressed, input.stats, options));
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

function groupByPath(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.path) ?? [];
    group.push(finding);
    groups.set(finding.path, group);
  }
  return groups;
}

function formatFile(path: string, findings: readonly Finding[], options: TextOptions): string {
  const c = options.colors;
  const lines = [c.underline(safe(path))];
  // A reduce, not Math.max(...): spreading 200,000 findings overflows the call stack.
  const width = findings.reduce(
    (widest, finding) => Math.max(widest, `${finding.line}:${finding.column}`.length),
    0,
  );

  for (const finding of findings) {
    const position = `${finding.line}:${finding.column}`.padEnd(width);
    const severity = paintSeverity(finding.severity, options);
    lines.push(
      `  ${c.dim(position)}  ${severity}  ${safe(finding.message)}  ${c.dim(finding.ruleId)}`,
    );
    lines.push(`  ${' '.repeat(width)}  ${c.bold(safe(finding.preview))}${commitNote(finding)}`);
    lines.push(...formatFrame(finding, width, options));
  }
  return lines.join('\n');
}

function commitNote(finding: Finding): string {
  const commit = finding.commit;
  return commit
    ? `  in ${commit.sha.slice(0, 12)} by ${safe(commit.author)} on ${commit.date.slice(0, 10)}`
    : '';
}

function formatFrame(finding: Finding, indent: number, options: TextOptions): string[] {
  const c = options.colors;
  const numberWidth = String(finding.frame.at(-1)?.line ?? 0).length;

  return finding.frame.map((frameLine) => {
    const marker = frameLine.line === finding.line ? c.red('>') : ' ';
    const number = String(frameLine.line).padStart(numberWidth);
    return `  ${' '.repeat(indent)}  ${marker} ${c.dim(`${number} |`)} ${frameLine.text}`;
  });
}

function paintSeverity(severity: Severity, options: TextOptions): string {
  const c = options.colors;
  const label = severity.padEnd(7);
  return severity === 'error'
    ? c.red(label)
    : severity === 'warning'
      ? c.yellow(label)
      : c.blue(label);
}

function formatSummary(
  findings: readonly Finding[],
  suppressed: string,
  stats: ScanStats,
  options: TextOptions,
): string {
  const c = options.colors;
  const counts = countBySeverity(findings);
  const files = new Set(findings.map((finding) => finding.path)).size;
  const parts = [`${stats.filesScanned} ${plural(stats.filesScanned, 'file')} scanned`];

  const skipped = describeSkipped(stats.skipped);
  if (skipped) {
    parts.push(skipped);
  }
  if (suppressed) {
    parts.push(suppressed);
  }
  parts.push(`${(stats.durationMs / 1000).toFixed(2)} s`);

  if (findings.length === 0) {
    return `${c.green('✔ no findings')} · ${parts.join(' · ')}`;
  }

  const bySeverity = SEVERITIES.map((severity) => count(counts[severity], severity)).join(', ');
  const total = count(findings.length, 'finding');
  const head = `✖ ${total} (${bySeverity}) in ${count(files, 'file')}`;
  const paint = counts.error > 0 ? c.red : c.yellow;
  return `${paint(c.bold(head))} · ${parts.join(' · ')}`;
}

/** "2 skipped (1 binary, 1 too large)", or '' when nothing was skipped. */
export function describeSkipped(skipped: Readonly<Record<SkipReason, number>>): string {
  const reasons = (Object.entries(skipped) as [SkipReason, number][]).filter(
    ([, count]) => count > 0,
  );
  if (reasons.length === 0) {
    return '';
  }
  const total = reasons.reduce((sum, [, count]) => sum + count, 0);
  const detail = reasons
    .map(([reason, count]) => `${count} ${reason.replace('-', ' ')}`)
    .join(', ');
  return `${total} skipped (${detail})`;
}

/** "3 suppressed (1 inline, 2 baseline)", or '' when nothing was suppressed. */
export function describeSuppressed(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const { suppression } of findings) {
    if (suppression) {
      counts.set(suppression.source, (counts.get(suppression.source) ?? 0) + 1);
    }
  }
  if (counts.size === 0) {
    return '';
  }

  const sources = ['inline', 'config', 'baseline'] as const;
  const bySource = sources.filter((source) => counts.has(source));
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const detail = bySource.map((source) => `${counts.get(source) ?? 0} ${source}`).join(', ');
  return `${total} suppressed (${detail})`;
}

/** "1 file", "2 files". */
function count(value: number, word: string): string {
  return `${value} ${plural(value, word)}`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

/**
 * Paths and messages can carry text from the scanned repository (a file name is chosen by
 * whoever wrote the commit). Control characters are replaced so they cannot drive the terminal.
 * Matches "\x1b[31m"; does not match "\t".
 */
const CONTROL_RE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

function safe(text: string): string {
  return text.replace(CONTROL_RE, '\uFFFD');
}
