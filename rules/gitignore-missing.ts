import { defineRule } from '../src/engine/define-rule.js';
import type { RepositoryScope } from '../src/engine/types.js';
import { findMissing, fixableEntries, type MissingEntry } from '../src/gitignore/analyze.js';
import { createIgnoreStack } from '../src/gitignore/coverage.js';
import {
  DEFAULT_REQUIRED_ENTRIES,
  isRequiredPath,
  requiredEntries,
} from '../src/gitignore/required.js';
import { readIgnoreInputs } from '../src/gitignore/sources.js';

/** The file every finding of this rule points at, and the one `--fix` appends to. */
const ROOT_GITIGNORE = '.gitignore';

export default defineRule({
  kind: 'repository',
  id: 'gitignore-missing',
  description: 'Detect required .gitignore entries that the repository does not ignore',
  severity: 'warning',
  tags: ['security', 'hygiene', 'gitignore'],
  since: '0.1.0',
  stability: 'preview',
  help: [
    'Without these entries, `git add .` picks up environment, credential and log files.',
    '1. Add the missing entries to the root `.gitignore` (`keyfence scan --fix` does it).',
    '2. Remove a negation (`!pattern`) that re-includes one of them.',
    '3. If such a file is already committed, run `git rm --cached FILE` and rotate what it held.',
  ].join('\n'),
  messages: {
    missingEntries:
      '`.gitignore` does not cover {{count}} required {{entries}}: {{missing}}; add them ' +
      'or run `keyfence scan --fix`.',
    noGitignore:
      'The repository has no `.gitignore`, so nothing keeps out {{missing}}; run ' +
      '`keyfence scan --fix` to create one.',
  },
  examples: {
    flagged: [
      { path: '.gitignore', text: 'node_modules/\n.env\n', note: 'no .env.local, *.log, logs/...' },
      {
        path: '.gitignore',
        text: '.env*\n!.env.production\n*.env\n.aws/\n*.log\nlogs/\n',
        note: 'the negation re-includes .env.production',
      },
    ],
    notFlagged: [
      {
        path: '.gitignore',
        text: `${DEFAULT_REQUIRED_ENTRIES.join('\n')}\n`,
        note: "the guide's list",
      },
      { path: '.gitignore', text: '.env*\n*.env\n.aws/\n*.log\nlogs/\n', note: 'broader patterns' },
    ],
  },
  isDue,
  async check(repo, report) {
    if (!repo.gitDir || !isDue(repo)) {
      return;
    }

    const entries = requiredEntries(repo.config);
    const inputs = await readIgnoreInputs(repo);
    const stack = createIgnoreStack(inputs.gitignores, inputs.exclude, inputs.ignoreCase);
    const missing = findMissing(stack, entries);
    if (missing.length === 0) {
      return;
    }

    const fixable = fixableEntries(inputs.gitignores, inputs.exclude, missing, inputs.ignoreCase);
    const listed = missing.map(describeMissing).join(', ');
    report({
      path: ROOT_GITIGNORE,
      messageId: inputs.hasRoot ? 'missingEntries' : 'noGitignore',
      data: {
        count: missing.length,
        entries: missing.length === 1 ? 'entry' : 'entries',
        missing: listed,
      },
      value: missing.map((item) => item.entry).join(' '),
      secret: false,
      properties: {
        missing: missing.map((item) => item.entry).join('\n'),
        fixable: fixable.join('\n'),
      },
    });
  },
});

/**
 * A staged scan checks coverage only when the commit touches an ignore file or adds a path
 * the entries are about, so the pre-commit hook stays quiet on every other commit. History
 * has no working tree whose ignore rules could be checked.
 */
function isDue(repo: RepositoryScope): boolean {
  if (repo.mode !== 'staged') {
    return repo.mode === 'tree';
  }
  return repo.changedPaths.some(
    (entry) =>
      entry === ROOT_GITIGNORE ||
      entry.endsWith(`/${ROOT_GITIGNORE}`) ||
      isRequiredPath(entry, repo.config),
  );
}

function describeMissing(item: MissingEntry): string {
  const cause = item.reincludedBy ? ` (re-included by ${item.reincludedBy})` : '';
  return `\`${item.entry}\`${cause}`;
}
