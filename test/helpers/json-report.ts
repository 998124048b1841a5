import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** Validation of `--format json` output against the schema shipped in `docs/`. */

const SCHEMA_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/json-report.schema.json',
);

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }));
const validateSchema = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);

/**
 * Every way a JSON report breaks its documented schema; an empty list means it conforms.
 *
 * @example expect(validateJsonReport(JSON.parse(stdout))).toEqual([])
 */
export function validateJsonReport(report: unknown): string[] {
  if (validateSchema(report)) {
    return [];
  }
  return (validateSchema.errors ?? []).map(
    (issue) => `${issue.instancePath || '/'} ${issue.message ?? ''}`,
  );
}
