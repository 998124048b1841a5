import { existsSync } from 'node:fs';
import path from 'node:path';

import { RULES } from '../../../rules/index.js';
import { resolveConfigTrust } from '../../config/trust.js';
import type { Finding } from '../../engine/types.js';
import { usageError } from '../../errors.js';
import { detail, info } from '../../log.js';
import { runScan } from '../../scan.js';
import {
  BASELINE_FILE,
  createBaseline,
  readBaseline,
  writeBaseline,
} from '../../suppress/baseline.js';
import { resolveBaselineFile, runBaselineStep, shortPath } from '../../suppress/baseline-step.js';
import type { BaselineMode, CliOptions } from '../args.js';
import { EXIT_CLEAN, type CliIO } from '../io.js';

/** What a mode word's scan hands to the baseline writer. */
interface Collected {
  readonly findings: readonly Finding[];
  readonly root: string;
  /** The config's `baseline`, resolved, if it sets one. */
  readonly configured: string | undefined;
  /** Whether the scan saw only some files (staged, or `scan PATH`), so entries must be kept. */
  readonly isPartial: boolean;
}

type Collector = (options: CliOptions, io: CliIO) => Promise<Collected>;

/**
 * How each mode word of `keyfence baseline` collects its findings. The history scanner plugs in
 * here: its entry replaces the refusal with a call that runs the history scan without a
 * baseline and returns its findings, root and configured baseline.
 */
const COLLECTORS: Record<BaselineMode, Collector> = {
  scan: (options, io) => collectFromScan('tree', options, io),
  staged: (options, io) => collectFromScan('staged', options, io),
  history: collectFromHistory,
};

/**
 * `keyfence baseline [scan|staged|history]`: scans, then writes every finding that still counts
 * (inline comments and `allow.values` apply) to the baseline file. An existing baseline's salt
 * and reasons are kept, so a rerun on an unchanged repository writes the same bytes. A full scan
 * replaces the entries; a staged or partial one adds to them, since it did not see every file.
 */
export async function baselineCommand(options: CliOptions, io: CliIO): Promise<number> {
  if (options.updateBaseline) {
    throw usageError(
      '`keyfence baseline` rewrites the whole baseline; --update-baseline is for `keyfence scan`',
    );
  }

  const mode = options.baselineMode ?? 'scan';
  const collected = await COLLECTORS[mode](options, io);
  const fallback = path.join(collected.root, BASELINE_FILE);
  const file = resolveBaselineFile(options.baselineFile, io.cwd, collected.configured, fallback);
  const target = file ?? fallback;
  const previous = existsSync(target) ? readBaseline(target) : undefined;
  const baseline = createBaseline(collected.findings, previous, {
    keepPrevious: collected.isPartial,
  });

  writeBaseline(target, baseline);
  reportWritten(baseline.entries.length, collected.findings, shortPath(target, io.cwd));
  if (options.baselineFile === undefined && collected.configured === undefined) {
    detail(`Use it with \`keyfence scan --baseline ${shortPath(target, io.cwd)}\`, or set`);
    detail(`"baseline" in the configuration so every run uses it.`);
  }
  return EXIT_CLEAN;
}

function reportWritten(entries: number, findings: readonly Finding[], file: string): void {
  const suppressed = findings.filter((finding) => finding.suppression !== undefined).length;
  const left = suppressed > 0 ? ` (${suppressed} already suppressed, left out)` : '';
  info(`wrote ${entries} ${entries === 1 ? 'entry' : 'entries'} to ${file}${left}`);
}

async function collectFromScan(
  mode: 'tree' | 'staged',
  options: CliOptions,
  io: CliIO,
): Promise<Collected> {
  const outcome = await runScan({
    mode,
    cwd: io.cwd,
    targets: options.targets,
    rules: RULES,
    configFile: options.configFile && path.resolve(io.cwd, options.configFile),
    noConfig: options.noConfig,
    configTrust: resolveConfigTrust(options, io.env),
    showSecrets: false,
    noSuppressions: options.noSuppressions,
    baselineFile: options.baselineFile && path.resolve(io.cwd, options.baselineFile),
  });
  return {
    findings: outcome.findings,
    root: outcome.root,
    configured: outcome.config.baseline,
    isPartial: mode === 'staged' || options.targets.length > 0,
  };
}

/** A baseline of every secret ever committed; the history scanner loads only when asked for. */
async function collectFromHistory(options: CliOptions, io: CliIO): Promise<Collected> {
  const { runHistory } = await import('../../history.js');
  const outcome = await runHistory({
    cwd: io.cwd,
    rules: RULES,
    configFile: options.configFile && path.resolve(io.cwd, options.configFile),
    noConfig: options.noConfig,
    configTrust: resolveConfigTrust(options, io.env),
    noSuppressions: options.noSuppressions,
    range: options.range,
    since: options.since,
    branch: options.branch,
  });
  return {
    findings: outcome.findings,
    root: outcome.root,
    configured: outcome.config.baseline,
    isPartial: isPartialHistory(options),
  };
}

/** A history scan limited by range, start or branch does not see every finding there is. */
export function isPartialHistory(options: CliOptions): boolean {
  return options.range !== undefined || options.since !== undefined || options.branch !== undefined;
}

/**
 * The baseline step of `scan` and `staged` (and of `history`, which calls it the same way):
 * picks the baseline file from `--baseline`, the config, or for `--update-baseline` the default
 * file. Node's own modules are all it needs, so the staged hook pays nothing for it.
 */
export function suppressByBaseline(
  findings: readonly Finding[],
  options: CliOptions,
  io: CliIO,
  context: { root: string; configured: string | undefined; isPartial: boolean },
): readonly Finding[] {
  if (options.noSuppressions) {
    if (options.updateBaseline) {
      throw usageError('--update-baseline cannot be combined with --no-suppressions');
    }
    return findings;
  }

  const fallback = options.updateBaseline ? path.join(context.root, BASELINE_FILE) : undefined;
  const file = resolveBaselineFile(options.baselineFile, io.cwd, context.configured, fallback);
  if (file === undefined) {
    return findings;
  }

  return runBaselineStep(findings, {
    file,
    update: options.updateBaseline,
    isPartial: context.isPartial,
    cwd: io.cwd,
  });
}
