import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import type { ContentRule } from '../../src/engine/types.js';
import { adversarialInputs } from '../helpers/adversarial.js';
import { sourceFileOf } from '../helpers/source-file.js';

/** One megabyte: enough for quadratic backtracking to take minutes, linear scans milliseconds. */
const SIZE = 1_000_000;

/** Far above a linear scan (tens to a few hundred milliseconds) and far below a quadratic one. */
const TIME_LIMIT_MS = 1_000;

const CONTENT_RULES = RULES.filter((rule): rule is ContentRule => rule.kind === 'content');
const inputs = adversarialInputs(SIZE);

// The rule's own scan is timed, not the engine around it: the engine's work per finding (a
// frame per finding on a one-line file) is not what these inputs are built to test. CPU time,
// not wall time: the machine may be shared, and waiting for a core is not backtracking.
describe('rules on 1 MB inputs built to make regexes backtrack', () => {
  test.each(CONTENT_RULES.map((rule) => [rule.id, rule] as const))(
    '%s stays linear',
    (_id, rule) => {
      for (const input of inputs) {
        const file = sourceFileOf(input.text);
        const started = process.cpuUsage();
        rule.check(file, () => undefined);
        const used = process.cpuUsage(started);
        const elapsed = (used.user + used.system) / 1000;
        expect(elapsed, `${rule.id} on ${input.name}`).toBeLessThan(TIME_LIMIT_MS);
      }
    },
  );
});
