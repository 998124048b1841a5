import type { Finding, Rule, Severity } from '../engine/types.js';
import type { ReportInput } from './types.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/keyfence/keyfence';

/** SARIF's `level` has the same three values as keyfence's severities. */
function levelOf(severity: Severity): 'error' | 'warning' | 'note' {
  return severity;
}

/** A minimal SARIF 2.1.0 log: one run, every rule, one result per finding. */
export function toSarif(input: ReportInput): string {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyfence',
            version: input.version,
            informationUri: INFORMATION_URI,
            rules: input.rules.map(toSarifRule),
          },
        },
        results: input.findings.map((finding) => toSarifResult(finding, ruleIndex)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toSarifRule(rule: Rule): Record<string, unknown> {
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    help: { text: rule.help, markdown: rule.help },
    defaultConfiguration: { level: levelOf(rule.severity) },
    properties: { tags: [...rule.tags] },
  };
}

function toSarifResult(finding: Finding, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown> {
  return {
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: levelOf(finding.severity),
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(finding.path), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: finding.line,
            startColumn: finding.column,
            endLine: finding.endLine,
            endColumn: finding.endColumn,
          },
        },
      },
    ],
    partialFingerprints: { primaryLocationLineHash: finding.fingerprint },
  };
}
