import path from 'node:path';

import type { Finding } from '../engine/types.js';
import { usageError } from '../errors.js';
import { info } from '../log.js';
import { applyBaseline, readBaseline, withoutEntries, writeBaseline } from './baseline.js';

/**
 * The baseline step every scanning command runs on its findings: `scan` and `staged` now, and
 * `history` the same way (`findings = await runBaselineStep(findings, step)`), so a baseline
 * means the same thing whichever way the files were read.
 */

/** What the command line and the config asked of the baseline. */
export interface BaselineStep {
  /** Absolute path of the baseline file, or undefined when none is in use. */
  readonly file: string | undefined;
  /** `--update-baseline`: drop the entries that matched nothing and rewrite the file. */
  readonly update: boolean;
  /**
   * Whether the scan saw only part of what the baseline covers (`staged`, or `scan PATH`). Its
   * unmatched entries may still match files it did not read, so none may be dropped.
   */
  readonly isPartial: boolean;
  /** The current folder, for the messages' paths. */
  readonly cwd: string;
}

/**
 * Marks the findings the baseline accepts and, for `--update-baseline`, prunes it and says how
 * many entries went. Without a baseline file the findings come back unchanged.
 */
export function runBaselineStep(findings: readonly Finding[], step: BaselineStep): Finding[] {
  if (step.file === undefined) {
    return [...findings];
  }
  if (step.update && step.isPartial) {
    throw usageError(
      '--update-baseline needs a scan of the whole repository',
      'Run `keyfence scan --update-baseline` without paths; a staged or partial scan cannot ' +
        'tell a fixed finding from a file it did not read.',
    );
  }

  const baseline = readBaseline(step.file);
  const result = applyBaseline(findings, baseline);
  if (step.update) {
    writeBaseline(step.file, withoutEntries(baseline, result.unused));
    const count = result.unused.length;
    info(
      `removed ${count} stale ${count === 1 ? 'entry' : 'entries'} from ` +
        shortPath(step.file, step.cwd),
    );
  }
  return result.findings;
}

/**
 * Which baseline file a run uses: `--baseline FILE` (relative to the current folder), else the
 * config's `baseline` (relative to the config file), else `fallback`.
 */
export function resolveBaselineFile(
  flag: string | undefined,
  cwd: string,
  configured: string | undefined,
  fallback?: string,
): string | undefined {
  return flag !== undefined ? path.resolve(cwd, flag) : (configured ?? fallback);
}

/** A path relative to the current folder when that is shorter, for messages. */
export function shortPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && relative.length < file.length
    ? relative
    : file;
}
