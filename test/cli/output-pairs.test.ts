import { describe, expect, test } from 'vitest';

import { parseCli } from '../../src/cli/args.js';
import { KeyfenceError } from '../../src/errors.js';

function outputsOf(argv: readonly string[]) {
  return parseCli(argv).outputs.map((output) => `${output.format}>${output.file ?? '-'}`);
}

describe('pairing --format with --output', () => {
  test.each([
    [[], ['text>-']],
    [['-f', 'json'], ['json>-']],
    [['-o', 'report.txt'], ['text>report.txt']],
    [
      ['-f', 'text', '-f', 'sarif', '-o', 'k.sarif'],
      ['text>-', 'sarif>k.sarif'],
    ],
    [
      ['-f', 'sarif', '-o', 'k.sarif', '-f', 'text'],
      ['sarif>k.sarif', 'text>-'],
    ],
    [
      ['-o', 'k.sarif', '-f', 'sarif', '-f', 'github'],
      ['sarif>k.sarif', 'github>-'],
    ],
    [
      ['--format=json', '--output=r.json', '-f', 'sarif', '-o', 'r.sarif'],
      ['json>r.json', 'sarif>r.sarif'],
    ],
    [
      ['-f', 'json', '-o', 'r.json', '-o', 'r.sarif', '-f', 'sarif'],
      ['json>r.json', 'sarif>r.sarif'],
    ],
  ])('%j writes %j', (argv, expected) => {
    expect(outputsOf(argv)).toEqual(expected);
  });

  test.each([
    [['-f', 'json', '-f', 'sarif'], /only one --format can go to stdout/],
    [['-f', 'json', '-f', 'sarif', '-o', 'a', '-o', 'b'], /each --output needs its own --format/],
    [['-o', 'a', '-o', 'b', '-f', 'json'], /each --output needs its own --format/],
    [['-f', 'json', '-o', 'r', '-f', 'sarif', '-o', 'r'], /overwrite each other in r/],
    [['-f', 'xml'], /unknown format "xml"; use one of text, json, sarif, github/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(KeyfenceError);
    expect(() => parseCli(argv)).toThrow(message);
  });

  test('--sarif-category is read as given', () => {
    expect(parseCli(['--sarif-category', 'keyfence/nightly']).sarifCategory).toBe(
      'keyfence/nightly',
    );
    expect(parseCli([]).sarifCategory).toBeUndefined();
  });
});
