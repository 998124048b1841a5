import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/**
 * Validation of SARIF logs: the SARIF 2.1.0 schema (MIT copy in `fixtures/schemas/`), then the
 * rules GitHub code scanning adds on top of it. Every test that produces SARIF should call
 * {@link validateSarif} and expect no problems.
 */

const SCHEMA_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/schemas/sarif-2.1.0.json',
);

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

// `strict: false`: the schema uses keywords strict mode rejects ("required property "index" is
// not defined at #/anyOf/0"). Formats matter: `artifactLocation.uri` is a `uri-reference`.
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const validateSchema = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

/** GitHub's `security-severity`: a number from 0.0 to 10.0, written as a string. */
const SECURITY_SEVERITY_RE = /^(?:10(?:\.0)?|\d(?:\.\d)?)$/;

/** A relative URI reference with nothing left to encode. Matches "a%20b/c.ts"; not "a b". */
const ENCODED_URI_RE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$/;

interface SarifRun {
  tool: { driver: { rules?: { id: string; properties?: Record<string, unknown> }[] } };
  automationDetails?: { id?: string };
  results?: {
    ruleId?: string;
    ruleIndex?: number;
    locations?: {
      physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } };
    }[];
  }[];
}

/**
 * Every problem with a SARIF log, as readable lines; an empty list means it is valid SARIF
 * 2.1.0 that GitHub code scanning accepts.
 *
 * @example expect(validateSarif(JSON.parse(stdout))).toEqual([])
 */
export function validateSarif(log: unknown): string[] {
  if (!validateSchema(log)) {
    return (validateSchema.errors ?? []).map(
      (issue) => `schema: ${issue.instancePath || '/'} ${issue.message ?? ''}`,
    );
  }

  const runs = (log as { runs: SarifRun[] }).runs;
  const problems: string[] = [];
  const categories = runs.map((run) => categoryOf(run.automationDetails?.id));
  if (new Set(categories).size !== categories.length) {
    problems.push(`github: two runs share a category (${categories.join(', ')})`);
  }
  runs.forEach((run, index) => problems.push(...checkRun(run, `runs[${index}]`)));
  return problems;
}

/** GitHub's category is the automation id up to and including its last `/`. */
function categoryOf(id: string | undefined): string {
  return id === undefined ? '' : id.slice(0, id.lastIndexOf('/') + 1);
}

function checkRun(run: SarifRun, where: string): string[] {
  const problems: string[] = [];
  const rules = run.tool.driver.rules ?? [];

  for (const rule of rules) {
    const score = rule.properties?.['security-severity'];
    if (score !== undefined && (typeof score !== 'string' || !SECURITY_SEVERITY_RE.test(score))) {
      problems.push(`github: ${where} rule ${rule.id} has security-severity ${String(score)}`);
    }
  }

  (run.results ?? []).forEach((result, index) => {
    const at = `${where}.results[${index}]`;
    if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId) {
      problems.push(`${at}: ruleIndex ${result.ruleIndex} does not name ${result.ruleId ?? ''}`);
    }
    for (const location of result.locations ?? []) {
      problems.push(...checkLocation(location.physicalLocation, at));
    }
  });
  return problems;
}

function checkLocation(
  location: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } | undefined,
  at: string,
): string[] {
  const problems: string[] = [];
  const uri = location?.artifactLocation?.uri ?? '';

  if (!ENCODED_URI_RE.test(uri) || uri.startsWith('/')) {
    problems.push(`github: ${at} has an unencoded or absolute uri ${JSON.stringify(uri)}`);
  }
  if (location?.region !== undefined && !((location.region.startLine ?? 0) >= 1)) {
    problems.push(`github: ${at} has a region without a startLine`);
  }
  return problems;
}
