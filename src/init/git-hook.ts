import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { KeyfenceError } from '../errors.js';
import { git } from '../scanners/git.js';
import { appendLines, HOOK_COMMAND, runsKeyfence, type SetupStep } from './steps.js';

const EXECUTABLE = 0o755;

const PLAIN_HOOK = `#!/bin/sh
# Installed by \`keyfence init --git-hook\`: refuse commits whose staged changes hold secrets.
${HOOK_COMMAND}
`;

/** A line after which an appended command never runs: `exec ...` or `exit ...`. */
const ENDS_HOOK_RE = /^[ \t]*(?:exec|exit)\b/m;

/**
 * Writes keyfence into the plain git hook, where git looks for it: `core.hooksPath` when set,
 * else the hooks folder of the repository (shared by all its worktrees). An existing hook is
 * kept and keyfence is appended to it.
 */
export async function installGitHook(root: string): Promise<SetupStep> {
  const hooksDir = path.resolve(
    root,
    (await git(['rev-parse', '--git-path', 'hooks'], root)).toString('utf8').trim(),
  );
  if (isInside(hooksDir, path.join(root, '.husky'))) {
    throw new KeyfenceError(
      'usage',
      'git runs its hooks from .husky/ here, which husky writes itself',
      'Run `keyfence init --husky` to add keyfence to the husky hook instead.',
    );
  }

  const file = path.join(hooksDir, 'pre-commit');
  const label = path.relative(root, file) || file;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current !== undefined && runsKeyfence(current) && isExecutable(file)) {
    return { file: label, action: 'unchanged', note: 'already runs keyfence' };
  }

  mkdirSync(hooksDir, { recursive: true });
  if (current === undefined) {
    writeFileSync(file, PLAIN_HOOK, { mode: EXECUTABLE });
    return { file: label, action: 'created', note: `runs \`${HOOK_COMMAND}\`` };
  }

  if (!runsKeyfence(current)) {
    writeFileSync(file, appendLines(current, `${HOOK_COMMAND}\n`));
  }
  // git skips a hook that is not executable, so an appended line would never run.
  chmodSync(file, EXECUTABLE);
  const note = ENDS_HOOK_RE.test(current)
    ? `appended \`${HOOK_COMMAND}\`; the hook has an exec or exit line that may end it first`
    : `runs \`${HOOK_COMMAND}\` after its commands`;
  return { file: label, action: 'updated', note };
}

function isExecutable(file: string): boolean {
  return (statSync(file).mode & 0o111) !== 0;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
