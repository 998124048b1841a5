import { describe, expect, test } from 'vitest';

import { RULES } from '../../rules/index.js';
import { RELABELLED, findingsOf, loadCorpus, outOfScope, scoreCorpus } from '../helpers/corpus.js';

const AWS_AND_KEY_RULES = RULES.filter(
  (rule) => rule.provider === 'aws' || rule.id === 'private-key',
);

/** The rule family a `finding` case must be found by: private-key cases by `private-key`. */
function familyOf(id: string): RegExp {
  return id.startsWith('gitleaks-private-key') ? /^private-key$/ : /^aws-/;
}

const corpus = loadCorpus();
const scored = corpus.filter((entry) => outOfScope(entry) === undefined);

describe('the public corpora of other scanners', () => {
  test.each(scored.map((entry) => [entry.id, entry] as const))(
    '%s behaves as labelled',
    (_id, entry) => {
      const relabelled = RELABELLED.get(entry.id);
      const expected = relabelled?.expect ?? entry.expect;
      const found = findingsOf(AWS_AND_KEY_RULES, entry);
      if (expected === 'finding') {
        const family = familyOf(entry.id);
        expect(
          found.some((ruleId) => family.test(ruleId)),
          relabelled?.reason ?? entry.rule,
        ).toBe(true);
      } else {
        expect(found, relabelled?.reason ?? entry.rule).toEqual([]);
      }
    },
  );

  test('lists only relabelled cases that exist, each with a reason and a changed label', () => {
    const byId = new Map(corpus.map((entry) => [entry.id, entry]));
    for (const [id, relabelled] of RELABELLED) {
      expect(byId.get(id)?.expect, id).toBe(relabelled.expect === 'clean' ? 'finding' : 'clean');
      expect(relabelled.reason.length, id).toBeGreaterThan(10);
    }
  });

  test('scores full precision and recall once the listed labels are corrected', () => {
    const { keyfence } = scoreCorpus(AWS_AND_KEY_RULES);
    expect(keyfence).toMatchObject({ precision: 1, recall: 1 });
  });
});
