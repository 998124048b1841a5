import { availableParallelism } from 'node:os';
import path from 'node:path';

import { RULES } from '../../../rules/index.js';
import { resolveConfigTrust } from '../../config/trust.js';
import { runHistory } from '../../history.js';
import type { HistoryProgress } from '../../scanners/history.js';
import { VERSION } from '../../version.js';
import type { CliOptions } from '../args.js';
import type { CliIO } from '../io.js';
import { writeReports } from '../output.js';
import { isPartialHistory, suppressByBaseline } from './baseline.js';

/** Most worker threads the rules run on, beside the main thread. */
const MAX_WORKERS = 3;

/**
 * Cores that are not the workers': `git cat-file` inflating objects keeps one busy and the main
 * thread, which reads its answers and scans too, another. On the 2-core benchmark machine a
 * worker made the scan slower (3.9-5.1 s against 3.2-3.4 s): it only took CPU from git.
 */
const CORES_FOR_GIT_AND_MAIN_THREAD = 2;

/** How often the progress line is redrawn; faster only costs terminal output. */
const PROGRESS_INTERVAL_MS = 200;

/** Moves to the start of the line and erases it, so each progress line replaces the last. */
const CLEAR_LINE = '\r\u001b[K';

/** `keyfence history`: all refs' commits, or those `--range`, `--since`, `--branch` pick. */
export async function historyCommand(options: CliOptions, io: CliIO): Promise<number> {
  const progress = io.stderr.isTTY === true ? progressLine(io) : undefined;

  let outcome;
  try {
    outcome = await runHistory({
      cwd: io.cwd,
      rules: RULES,
      configFile: options.configFile && path.resolve(io.cwd, options.configFile),
      noConfig: options.noConfig,
      configTrust: resolveConfigTrust(options, io.env),
      showSecrets: options.showSecrets,
      noSuppressions: options.noSuppressions,
      range: options.range,
      since: options.since,
      branch: options.branch,
      ...workersFor(io.env),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } finally {
    progress?.clear();
  }

  const findings = suppressByBaseline(outcome.findings, options, io, {
    root: outcome.root,
    configured: outcome.config.baseline,
    isPartial: isPartialHistory(options),
  });
  const input = {
    findings,
    stats: outcome.stats,
    rules: RULES,
    mode: 'history',
    version: VERSION,
    root: outcome.root,
  } as const;
  return writeReports(options, io, input, options.failOn ?? outcome.config.failOn);
}

/**
 * One worker per core beyond {@link CORES_FOR_GIT_AND_MAIN_THREAD}, at most {@link MAX_WORKERS},
 * started only if the rules turn out to hold the main thread up; `KEYFENCE_WORKERS=N` overrides
 * the count (0 scans on the main thread) and starts them at once, for measurements and tests.
 */
function workersFor(env: CliIO['env']): { workers: number; workersAtOnce: boolean } {
  const asked = Number.parseInt(env.KEYFENCE_WORKERS ?? '', 10);
  if (Number.isInteger(asked) && asked >= 0) {
    return { workers: Math.min(asked, MAX_WORKERS), workersAtOnce: true };
  }
  const spare = availableParallelism() - CORES_FOR_GIT_AND_MAIN_THREAD;
  const workers = Math.min(Math.max(spare, 0), MAX_WORKERS);
  return { workers, workersAtOnce: false };
}

/**
 * A one-line progress display for a terminal: blobs read, throughput and findings so far. It is
 * drawn only when stderr is a terminal, so logs and CI output never carry it.
 */
function progressLine(io: CliIO): {
  update: (progress: HistoryProgress) => void;
  clear: () => void;
} {
  const started = performance.now();
  let last = started;
  let isDrawn = false;

  return {
    update(progress) {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) {
        return;
      }
      last = now;
      isDrawn = true;
      const megabytes = progress.bytes / 1e6;
      const rate = megabytes / Math.max((now - started) / 1000, 0.001);
      const read = `${megabytes.toFixed(0)} MB at ${rate.toFixed(1)} MB/s`;
      io.stderr.write(
        `${CLEAR_LINE}keyfence: ${progress.commits} commits · ${progress.blobs} blobs · ` +
          `${read} · ${progress.findings} findings so far`,
      );
    },
    clear() {
      if (isDrawn) {
        io.stderr.write(CLEAR_LINE);
      }
    },
  };
}
