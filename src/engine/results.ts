import { SEVERITIES, type Finding, type Severity } from './types.js';

/** Rank of a severity: 0 for the most serious. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Whether a finding is serious enough to fail the run at the given `--fail-on` level. */
export function isAtLeast(severity: Severity, level: Severity): boolean {
  return severityRank(severity) <= severityRank(level);
}

/** Sorts findings by path, then position, then rule: the order every reporter prints. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.path, b.path) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.fingerprint, b.fingerprint),
  );
}

/** Code-unit order, not locale order: output must not depend on the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts findings per severity, every severity present. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const finding of findings) {
    counts[finding.severity] += 1;
  }
  return counts;
}
