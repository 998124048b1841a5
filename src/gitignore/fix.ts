import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Finding } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';

/** The comment `--fix` writes above the entries it appends. */
export const FIX_COMMENT = '# Added by keyfence: files that may hold secrets must stay out of git';

/**
 * The text of a `.gitignore` with `entries` appended under {@link FIX_COMMENT}. The file keeps
 * its line endings (CRLF when it already uses them), a missing final newline is added before
 * the block, and a blank line separates the block from what was there. Without a file, the
 * block alone is the new file.
 *
 * @example
 * appendEntries('node_modules/', ['.env']) // 'node_modules/\n\n# Added by keyfence...\n.env\n'
 */
export function appendEntries(text: string | undefined, entries: readonly string[]): string {
  const existing = text ?? '';
  if (entries.length === 0) {
    return existing;
  }

  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const block = [FIX_COMMENT, ...entries].join(eol) + eol;
  if (existing === '') {
    return block;
  }
  const ended = existing.endsWith('\n') ? existing : existing + eol;
  return ended + eol + block;
}

/** What `--fix` did to the root `.gitignore`. */
export interface GitignoreFix {
  readonly file: string;
  readonly created: boolean;
  readonly added: readonly string[];
}

/**
 * Appends `entries` to the `.gitignore` at `root`, creating it when there is none.
 *
 * @throws KeyfenceError when the file cannot be read or written
 */
export function fixGitignore(root: string, entries: readonly string[]): GitignoreFix {
  const file = path.join(root, '.gitignore');
  const existing = readOptional(file);

  try {
    writeFileSync(file, appendEntries(existing, entries));
  } catch (cause) {
    throw new KeyfenceError(
      'input',
      `could not write ${file}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`,
      'Check that the file is writable, or add the entries by hand.',
    );
  }
  return { file, created: existing === undefined, added: entries };
}

function readOptional(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new KeyfenceError('input', `could not read ${file}: ${(cause as Error).message}`);
  }
}

/** The rule whose finding `--fix` acts on. */
const RULE_ID = 'gitignore-missing';

/** What a scan's findings ask `--fix` to do: entries it can append, and those it cannot. */
export interface FixPlan {
  readonly fixable: readonly string[];
  readonly unfixable: readonly string[];
}

/**
 * Reads the plan from the `gitignore-missing` finding, which lists the missing entries and
 * those appending to the root `.gitignore` would cover (a nested negation wins over the root,
 * so some cannot be fixed there). A suppressed finding asks for nothing.
 */
export function planFix(findings: readonly Finding[]): FixPlan {
  const finding = findings.find((item) => item.ruleId === RULE_ID && !item.suppression);
  const listOf = (key: string): string[] => {
    const value = finding?.properties[key];
    return typeof value === 'string' && value !== '' ? value.split('\n') : [];
  };

  const fixable = listOf('fixable');
  return { fixable, unfixable: listOf('missing').filter((entry) => !fixable.includes(entry)) };
}
