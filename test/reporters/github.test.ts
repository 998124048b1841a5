import { describe, expect, test } from 'vitest';

import type { Finding } from '../../src/engine/types.js';
import { escapeData, escapeProperty, toGithub } from '../../src/reporters/github.js';
import { escapeCell, toJobSummary } from '../../src/reporters/summary.js';
import { FIXTURE_INPUT } from '../helpers/report-fixture.js';

const TOKEN = 'a1b2c3';

const AN_ERROR = FIXTURE_INPUT.findings.find(
  (finding) => finding.path === 'src/config.ts',
) as Finding;

/** A finding whose path and message were chosen by an attacker who controls a commit. */
const HOSTILE: Finding = {
  ...AN_ERROR,
  path: 'x\n::warning file=evil::pwned\r\n::add-mask::y%0A',
  message: 'Found ::set-output name=a::b\n::error::fake',
  preview: '|[link](https://evil.example)<img src=x>`@team',
};

describe('workflow command escaping', () => {
  test.each([
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['%0A', '%250A', '%250A'],
  ])('escapes %j as data %j and as a property %j', (text, data, property) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });
});

describe('the github format', () => {
  test('lets no scanned text issue a command: each line is ours or inside stop-commands', () => {
    const output = toGithub({ ...FIXTURE_INPUT, findings: [HOSTILE] }, { stopToken: TOKEN });
    const lines = output.trimEnd().split('\n');
    const start = lines.indexOf(`::stop-commands::${TOKEN}`);
    const end = lines.indexOf(`::${TOKEN}::`);
    const outside = [...lines.slice(0, start), ...lines.slice(end + 1)];

    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(outside).toHaveLength(3);
    expect(outside[0]).toMatch(/^::error file=x%0A%3A%3Awarning file=evil%3A%3Apwned%0D%0A/);
    expect(outside[0]).toContain('::Found ::set-output name=a::b%0A::error::fake');
    expect(outside.slice(1)).toEqual([
      '::group::keyfence: 1 finding (1 error, 0 warnings, 0 notes)',
      '::endgroup::',
    ]);
    expect(lines.slice(start + 1, end).join('\n')).not.toMatch(/[\r\n]::/);
  });

  test('sorts annotations by severity, errors first', () => {
    const output = toGithub(FIXTURE_INPUT, { stopToken: TOKEN });
    const levels = [...output.matchAll(/^::(error|warning|notice) /gm)].map((match) => match[1]);

    expect(levels).toEqual(['error', 'error', 'error', 'error', 'warning', 'notice']);
  });

  test('leaves suppressed findings out of annotations and counts them', () => {
    const output = toGithub(FIXTURE_INPUT, { stopToken: TOKEN });

    expect(output).not.toContain('test/fixture.ts');
    expect(output).toContain('1 suppressed');
  });

  test('writes no value at all when previews hold raw secrets', () => {
    const raw = 'AKIA' + 'RAWRAWRAWRAWRAWR';
    const findings = FIXTURE_INPUT.findings.map((finding) => ({ ...finding, preview: raw }));
    const input = { ...FIXTURE_INPUT, findings, secretsShown: true };

    expect(toGithub(input, { stopToken: TOKEN })).not.toContain(raw);
    expect(toJobSummary(input)).not.toContain(raw);
  });
});

describe('the job summary', () => {
  test('makes scanned text inert in table cells', () => {
    const summary = toJobSummary({ ...FIXTURE_INPUT, findings: [HOSTILE] });
    const row = summary.split('\n').find((line) => line.startsWith('| error | [')) ?? '';

    expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
    expect(row).not.toContain('<img');
    expect(row).toContain('\\[link\\](https://evil');
    expect(row).toContain('\\@team');
  });

  test('links files only when the repository and commit are known', () => {
    expect(toJobSummary(FIXTURE_INPUT)).not.toContain('/blob/c0ffee/');
    expect(
      toJobSummary(FIXTURE_INPUT, { repositoryUrl: 'https://ghe.example/o/r', sha: 'c0ffee' }),
    ).toContain('(https://ghe.example/o/r/blob/c0ffee/src/config.ts#L2)');
  });

  test('stays under the size GitHub accepts however many findings there are', () => {
    const many = Array.from({ length: 6000 }, (_, index) => ({
      ...AN_ERROR,
      line: index + 1,
    }));
    const summary = toJobSummary({ ...FIXTURE_INPUT, findings: many });

    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024);
    expect(summary).toMatch(/\d+ more findings did not fit; see the SARIF or JSON report\./);
  });

  test.each([
    ['a|b', 'a\\|b'],
    ['*x*', '\\*x\\*'],
    ['<b>&', '&lt;b&gt;&amp;'],
    ['line\nbreak', 'line break'],
    ['src/config.ts', 'src/config.ts'],
  ])('escapes %j as %j', (text, expected) => {
    expect(escapeCell(text)).toBe(expected);
  });
});
