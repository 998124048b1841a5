import type { Finding } from '../engine/types.js';
import type { ReportInput } from './types.js';

/**
 * Version of the JSON report's schema. It changes only when a field is removed or changes
 * meaning; new fields may appear within a version.
 */
export const JSON_REPORT_VERSION = 1;

/** Serialises a finding for the JSON report: every field except the code frame (file content). */
export function toJsonFinding(finding: Finding): Record<string, unknown> {
  const { frame: _frame, ...rest } = finding;
  return rest;
}

/** The machine-readable report: `{ version, tool, mode, findings, stats }`, one JSON document. */
export function toJson(input: ReportInput): string {
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'keyfence', version: input.version },
    mode: input.mode,
    findings: input.findings.map(toJsonFinding),
    stats: input.stats,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
