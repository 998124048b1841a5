import { describe, expect, test } from 'vitest';

import type { Finding } from '../../src/engine/types.js';
import { encodePath } from '../../src/reporters/links.js';
import { categoryOf, SECURITY_SEVERITY, toSarif } from '../../src/reporters/sarif.js';
import { FIXTURE_INPUT, FIXTURE_RULES } from '../helpers/report-fixture.js';
import { validateSarif } from '../helpers/sarif.js';

interface Result {
  ruleId: string;
  ruleIndex: number;
  partialFingerprints: { primaryLocationLineHash: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  suppressions?: { kind: string; justification?: string }[];
  properties?: Record<string, unknown>;
}

/** The SARIF of some findings, validated: every SARIF log the suite produces must be valid. */
function sarifOf(findings: readonly Finding[] = FIXTURE_INPUT.findings, category?: string) {
  const log = JSON.parse(toSarif({ ...FIXTURE_INPUT, findings }, { category }));
  expect(validateSarif(log)).toEqual([]);
  return { log, run: log.runs[0], results: log.runs[0].results as Result[] };
}

describe('SARIF locations', () => {
  test.each([
    ['src/config.ts', 'src/config.ts'],
    ['dir with space/a.txt', 'dir%20with%20space/a.txt'],
    ['naïve/café.env', 'na%C3%AFve/caf%C3%A9.env'],
    ['notes #1.txt', 'notes%20%231.txt'],
    ['100%.txt', '100%25.txt'],
    ['what?.txt', 'what%3F.txt'],
    ['c:x/y', 'c%3Ax/y'],
  ])('encodes %j as %j', (path, uri) => {
    expect(encodePath(path)).toBe(uri);
    expect(decodeURIComponent(uri)).toBe(path);
  });

  test('a region always has a start line, and never ends before it starts', () => {
    const finding = {
      ...(FIXTURE_INPUT.findings[0] as Finding),
      endLine: 1,
      endColumn: 1,
      line: 2,
    };
    const { log, results } = sarifOf([finding]);

    expect(validateSarif(log)).toEqual([]);
    expect(results[0]?.locations[0]?.physicalLocation).toMatchObject({
      region: { startLine: 2, startColumn: finding.column },
    });
  });
});

describe('SARIF rules and results', () => {
  test('lists every rule, including those without findings, and indexes results into it', () => {
    const { run, results } = sarifOf([]);
    const { results: fired } = sarifOf();

    expect(results).toEqual([]);
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(
      FIXTURE_RULES.map((rule) => rule.id),
    );
    for (const result of fired) {
      expect(FIXTURE_RULES[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  test('rates every severity with a security-severity GitHub accepts', () => {
    for (const score of Object.values(SECURITY_SEVERITY)) {
      expect(Number(score)).toBeGreaterThan(0);
      expect(Number(score)).toBeLessThanOrEqual(10);
    }
    expect(Number(SECURITY_SEVERITY.error)).toBeGreaterThanOrEqual(9);
  });

  test('line hashes follow the fingerprint, not the line, and count repeats in a file', () => {
    const hashes = sarifOf().results.map(
      (result) => result.partialFingerprints.primaryLocationLineHash,
    );
    const moved = FIXTURE_INPUT.findings.map((finding) => ({
      ...finding,
      line: finding.line + 10,
    }));
    const movedHashes = sarifOf(moved).results.map(
      (result) => result.partialFingerprints.primaryLocationLineHash,
    );

    expect(movedHashes).toEqual(hashes);
    expect(hashes).toContain('0f1e2d3c4b5a6978:1');
    expect(hashes).toContain('0f1e2d3c4b5a6978:2');
  });

  test('history findings carry commit, author and date; suppressed ones carry suppressions', () => {
    const { results } = sarifOf();
    const history = results.find((result) => result.properties?.commit !== undefined);
    const suppressed = results.find((result) => result.suppressions !== undefined);

    expect(history?.properties).toMatchObject({
      author: 'Test Author',
      date: '2024-01-02T03:04:05Z',
    });
    expect(suppressed?.suppressions).toEqual([
      expect.objectContaining({ kind: 'inSource', justification: 'a revoked sample key' }),
    ]);
  });
});

describe('SARIF categories', () => {
  test.each([
    [undefined, 'tree', 'keyfence/tree/'],
    [undefined, 'history', 'keyfence/history/'],
    ['keyfence/ci', 'tree', 'keyfence/ci/'],
    ['nightly/', 'tree', 'nightly/'],
    ['', 'staged', 'keyfence/staged/'],
  ])('category %j in mode %s gives automation id %j', (category, mode, id) => {
    expect(categoryOf(category, mode)).toBe(id);
  });

  test('the category lands in automationDetails.id', () => {
    expect(sarifOf(FIXTURE_INPUT.findings, 'keyfence/pr').run.automationDetails).toEqual({
      id: 'keyfence/pr/',
    });
  });

  test('the validator rejects two runs of one category and a bad security-severity', () => {
    const { log } = sarifOf();
    const twice = { ...log, runs: [log.runs[0], log.runs[0]] };
    const badScore = structuredClone(log);
    badScore.runs[0].tool.driver.rules[0].properties['security-severity'] = 'high';
    const unencoded = structuredClone(log);
    unencoded.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a#b c';

    expect(validateSarif(twice).join('\n')).toContain('share a category');
    expect(validateSarif(badScore).join('\n')).toContain('security-severity');
    expect(validateSarif(unencoded).join('\n')).toMatch(/uri|format/);
  });
});
