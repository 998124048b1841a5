import type { Finding } from '../engine/types.js';
import type { ReportInput } from './types.js';

/**
 * Version of the JSON report's schema (`docs/json-report.md`, `docs/json-report.schema.json`).
 * It changes only when a field is removed or changes meaning; new fields may appear within a
 * version, so readers must ignore fields they do not know.
 */
export const JSON_REPORT_VERSION = 1;

/**
 * Serialises a finding for the JSON report: every field except the code frame, which is file
 * content, plus `suppressed` so that a script can filter without knowing the suppression shape.
 */
export function toJsonFinding(finding: Finding): Record<string, unknown> {
  const { frame: _frame, ...rest } = finding;
  return { ...rest, suppressed: finding.suppression !== undefined };
}

/**
 * The machine-readable report: `{ version, tool, mode, findings, stats }`, one JSON document.
 * Suppressed findings are included and marked; `stats.findings` counts what is not suppressed.
 *
 * @example JSON.parse(toJson(input)).findings.filter((finding) => !finding.suppressed)
 */
export function toJson(input: ReportInput): string {
  const suppressed = input.findings.filter((finding) => finding.suppression !== undefined).length;
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'keyfence', version: input.version },
    mode: input.mode,
    findings: input.findings.map(toJsonFinding),
    stats: { ...input.stats, findings: input.findings.length - suppressed, suppressed },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
