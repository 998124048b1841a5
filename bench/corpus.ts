// Prints keyfence's precision and recall on the public corpora in fixtures/corpus/.
// Run with `npm run corpus`.
import path from 'node:path';

import { RULES } from '../rules/index.js';
import {
  RELABELLED,
  loadCorpus,
  outOfScope,
  scoreCorpus,
  useCorpusDir,
  type Score,
} from '../test/helpers/corpus.js';

useCorpusDir(path.resolve('fixtures/corpus'));

const rules = RULES.filter((rule) => rule.provider === 'aws' || rule.id === 'private-key');
const { upstream, keyfence, scored } = scoreCorpus(rules);
const total = loadCorpus().length;
const skipped = loadCorpus().filter((entry) => outOfScope(entry) !== undefined).length;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const line = (name: string, score: Score) =>
  `${name.padEnd(26)} precision ${percent(score.precision).padStart(6)}  recall ` +
  `${percent(score.recall).padStart(6)}  (TP ${score.truePositives}, FP ${score.falsePositives}, ` +
  `FN ${score.falseNegatives}, TN ${score.trueNegatives})`;

process.stdout.write(
  [
    `${total} cases, ${scored} scored, ${skipped} out of scope (identifiers, rules keyfence lacks)`,
    line('upstream labels', upstream),
    line(`keyfence labels (${RELABELLED.size} fixed)`, keyfence),
    '',
  ].join('\n'),
);
