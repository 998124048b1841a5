import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { main } from '../../src/cli/main.js';
import { createRepo } from '../helpers/git.js';
import { validateSarif } from '../helpers/sarif.js';

/**
 * Every rule's flagged examples, scanned for real (a git repository, the configuration, the
 * CLI's report writer) and written as SARIF: each log must validate, and together they must
 * hold findings of every rule kind keyfence has. Runs in-process to stay fast as rules grow.
 */
test('SARIF from real scans of every rule family validates and names each rule', async () => {
  const fired = new Set<string>();
  const repo = await createRepo();

  for (const rule of RULES) {
    for (const [index, example] of rule.examples.flagged.entries()) {
      // Untracked files that are not ignored are scanned, so no commit is needed; one repository
      // serves every example, each removed before the next.
      const file = path.join(repo.dir, example.path ?? 'example.txt');
      repo.write(example.path ?? 'example.txt', example.text);
      const stderr: string[] = [];
      const io = {
        stdout: { write: () => true },
        stderr: { write: (text: string) => stderr.push(text) },
        env: repo.env,
        cwd: repo.dir,
      };

      const code = await main(['-f', 'sarif', '-o', 'k.sarif', '--fail-on', 'note'], io);
      const log = JSON.parse(readFileSync(path.join(repo.dir, 'k.sarif'), 'utf8'));
      const ruleIds = log.runs[0].results.map((result: { ruleId: string }) => result.ruleId);

      expect(validateSarif(log), `${rule.id} example ${index + 1}`).toEqual([]);
      expect(stderr.join('')).toBe('');
      expect(code, `${rule.id} example ${index + 1}`).toBe(ruleIds.length > 0 ? 1 : 0);
      ruleIds.forEach((id: string) => fired.add(id));
      rmSync(file);
    }
  }

  const kinds = new Set(RULES.map((rule) => rule.kind));
  const firedKinds = new Set(RULES.filter((rule) => fired.has(rule.id)).map((rule) => rule.kind));
  expect([...firedKinds].sort()).toEqual([...kinds].sort());
  for (const rule of RULES.filter((candidate) => candidate.kind !== 'repository')) {
    expect(fired, `${rule.id} fired on none of its flagged examples`).toContain(rule.id);
  }
});
