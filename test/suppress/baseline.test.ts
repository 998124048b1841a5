import { describe, expect, test } from 'vitest';

import { fingerprintOf } from '../../src/engine/fingerprint.js';
import type { Finding } from '../../src/engine/types.js';
import { KeyfenceError } from '../../src/errors.js';
import {
  applyBaseline,
  createBaseline,
  parseBaseline,
  serializeBaseline,
  withoutEntries,
} from '../../src/suppress/baseline.js';
import { fakeAccessKeyId } from '../helpers/fake-secrets.js';

const KEY = fakeAccessKeyId('AKIA', 821);
const OTHER_KEY = fakeAccessKeyId('AKIA', 822);

function finding(path: string, value: string, line = 1, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'aws-access-key-id',
    severity: 'error',
    message: 'found',
    path,
    line,
    column: 1,
    endLine: line,
    endColumn: 21,
    preview: 'AKIA********',
    fingerprint: fingerprintOf('aws-access-key-id', value),
    properties: {},
    frame: [],
    ...extra,
  };
}

describe('the baseline', () => {
  test('holds one sorted entry per rule, path and value, without lines or the secret', () => {
    const baseline = createBaseline([
      finding('z.txt', KEY, 9),
      finding('a.txt', OTHER_KEY, 3),
      finding('a.txt', OTHER_KEY, 7),
    ]);
    const text = serializeBaseline(baseline);

    expect(baseline.entries.map((entry) => entry.path)).toEqual(['a.txt', 'z.txt']);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(fingerprintOf('aws-access-key-id', KEY));
    expect(text).not.toMatch(/line|count|date|time/i);
  });

  test('leaves out findings that are already suppressed', () => {
    const inline = finding('a.txt', KEY, 1, {
      suppression: { kind: 'inSource', source: 'inline' },
    });
    expect(createBaseline([inline]).entries).toEqual([]);
  });

  test('keeps the salt and hand-written reasons when it is rebuilt', () => {
    const first = createBaseline([finding('a.txt', KEY)]);
    const edited = parseBaseline(
      serializeBaseline(first).replace(
        /("fingerprint": "[0-9a-f]+")/,
        '$1,\n      "reason": "old key"',
      ),
      'b.json',
    );

    const rebuilt = createBaseline([finding('a.txt', KEY, 40)], edited);

    expect(rebuilt.salt).toBe(first.salt);
    expect(rebuilt.entries[0]?.reason).toBe('old key');
    expect(serializeBaseline(rebuilt)).toBe(serializeBaseline(edited));
  });

  test('uses a new salt for a new baseline, so hashes differ between repositories', () => {
    const one = createBaseline([finding('a.txt', KEY)]);
    const two = createBaseline([finding('a.txt', KEY)]);
    expect(one.entries[0]?.fingerprint).not.toBe(two.entries[0]?.fingerprint);
  });

  test('suppresses matching findings, keeps others, and lists entries nothing matched', () => {
    const baseline = createBaseline([finding('a.txt', KEY), finding('gone.txt', KEY)]);

    const result = applyBaseline(
      [finding('a.txt', KEY, 50), finding('b.txt', KEY), finding('a.txt', OTHER_KEY)],
      baseline,
    );

    expect(result.findings.map((item) => item.suppression?.source)).toEqual([
      'baseline',
      undefined,
      undefined,
    ]);
    expect(result.findings[0]?.suppression).toEqual({ kind: 'external', source: 'baseline' });
    expect(result.unused.map((entry) => entry.path)).toEqual(['gone.txt']);
    expect(withoutEntries(baseline, result.unused).entries.map((entry) => entry.path)).toEqual([
      'a.txt',
    ]);
  });

  test('keeps an inline suppression rather than replacing it', () => {
    const baseline = createBaseline([finding('a.txt', KEY)]);
    const inline = finding('a.txt', KEY, 1, {
      suppression: { kind: 'inSource', source: 'inline' },
    });

    const result = applyBaseline([inline], baseline);

    expect(result.findings[0]?.suppression?.source).toBe('inline');
    expect(result.unused).toEqual([]);
  });

  test.each([
    ['not JSON', 'not valid JSON'],
    ['{"version": 2, "salt": "ab", "entries": []}', '"version" must be 1'],
    ['{"version": 1, "salt": "XYZ", "entries": []}', '"salt" must be a hex string'],
    ['{"version": 1, "salt": "ab", "entries": {}}', '"entries" must be a list'],
    ['{"version": 1, "salt": "ab", "entries": [{"ruleId": "x"}]}', 'entry 0 needs'],
  ])('refuses %j with an input error', (text, reason) => {
    expect(() => parseBaseline(text, 'b.json')).toThrow(KeyfenceError);
    expect(() => parseBaseline(text, 'b.json')).toThrow(reason);
  });
});
