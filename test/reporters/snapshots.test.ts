import { describe, expect, test } from 'vitest';

import { colorsFor } from '../../src/cli/colors.js';
import { toGithub } from '../../src/reporters/github.js';
import { toJson } from '../../src/reporters/json.js';
import { toSarif } from '../../src/reporters/sarif.js';
import { toJobSummary } from '../../src/reporters/summary.js';
import { toText } from '../../src/reporters/text.js';
import type { ReportInput } from '../../src/reporters/types.js';
import { validateJsonReport } from '../helpers/json-report.js';
import { EMPTY_INPUT, FIXTURE_INPUT } from '../helpers/report-fixture.js';
import { validateSarif } from '../helpers/sarif.js';

/** A fixed token keeps the GitHub output stable; the CLI draws a random one per run. */
const STOP_TOKEN = 'fixed-token-for-snapshots';

const SUMMARY_LINKS = { repositoryUrl: 'https://github.com/owner/repo', sha: 'c0ffee' };

const CASES: readonly (readonly [string, ReportInput])[] = [
  ['findings', FIXTURE_INPUT],
  ['empty', EMPTY_INPUT],
];

describe.each(CASES)('the %s report', (name, input) => {
  const file = (ext: string): string => `../../fixtures/reports/${name}.${ext}`;

  test('renders as text', async () => {
    const text = toText(input, { colors: colorsFor(false), quiet: false, failOn: 'error' });
    await expect(text).toMatchFileSnapshot(file('txt'));
  });

  test('renders as JSON that matches the documented schema', async () => {
    const json = toJson(input);

    expect(validateJsonReport(JSON.parse(json))).toEqual([]);
    await expect(json).toMatchFileSnapshot(file('json'));
  });

  test('renders as SARIF that GitHub code scanning accepts', async () => {
    const sarif = toSarif(input);

    expect(validateSarif(JSON.parse(sarif))).toEqual([]);
    await expect(sarif).toMatchFileSnapshot(file('sarif'));
  });

  test('renders as GitHub workflow commands', async () => {
    await expect(toGithub(input, { stopToken: STOP_TOKEN })).toMatchFileSnapshot(
      file('github.txt'),
    );
  });

  test('renders as a job summary', async () => {
    await expect(toJobSummary(input, SUMMARY_LINKS)).toMatchFileSnapshot(file('summary.md'));
  });
});
