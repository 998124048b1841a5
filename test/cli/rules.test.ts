import { existsSync } from 'node:fs';

import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { runCli } from '../helpers/cli.js';
import { isolatedEnv, tempDir } from '../helpers/git.js';

function rules(args: string[]) {
  const dir = tempDir();
  return runCli(['rules', ...args], { cwd: dir, env: isolatedEnv(dir) });
}

describe('keyfence rules', () => {
  test('without ids it lists every rule on one line each', () => {
    const result = rules([]);

    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(RULES.length);
  });

  test.each(RULES.map((rule) => [rule.id, rule] as const))(
    'rules %s shows the rule in full, with how to fix it',
    (id, rule) => {
      const result = rules([id]);

      expect(result.code).toBe(0);
      expect(result.stdout.startsWith(`${id}  (${rule.severity}, ${rule.kind} rule`)).toBe(true);
      expect(result.stdout).toContain(rule.description);
      // The fix text, indented under its heading.
      const firstHelpLine = rule.help.split('\n')[0] ?? '';
      expect(result.stdout).toContain(`How to fix:\n  ${firstHelpLine}`);
      const docs = /^Documentation: (.+)$/m.exec(result.stdout)?.[1];
      expect(docs?.endsWith(`rules/${id}.md`)).toBe(true);
      expect(existsSync(docs ?? '')).toBe(true);
    },
  );

  test('several ids show each rule in the order given', () => {
    const result = rules(['private-key', 'dotenv-file']);

    expect(result.code).toBe(0);
    const starts = [...result.stdout.matchAll(/^([a-z-]+) {2}\(/gm)].map((match) => match[1]);
    expect(starts).toEqual(['private-key', 'dotenv-file']);
  });

  test('--format json gives the chosen rules with their help', () => {
    const result = rules(['aws-session-token', '--format', 'json']);

    expect(result.code).toBe(0);
    const [rule] = JSON.parse(result.stdout);
    const expected = RULES.find((item) => item.id === 'aws-session-token');
    expect(rule).toMatchObject({ id: 'aws-session-token', help: expected?.help });
  });

  test('an unknown id exits 2 and suggests the ids that contain it', () => {
    const result = rules(['wildcard']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no rule is called "wildcard"');
    expect(result.stderr).toContain('iam-wildcard-action, iam-wildcard-resource');
  });
});
