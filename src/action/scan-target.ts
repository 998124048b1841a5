import path from 'node:path';

import { RULES } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/load.js';
import type { Finding, ScanMode, ScanStats } from '../engine/types.js';
import { runHistory } from '../history.js';
import { runScan } from '../scan.js';
import { runBaselineStep } from '../suppress/baseline-step.js';
import type { CommitRange } from './pull-request.js';

/** What one run of the action scans. */
export type ScanTarget =
  | { readonly kind: 'tree' }
  | { readonly kind: 'range'; readonly range: CommitRange }
  | { readonly kind: 'history' };

/** Where the scan's settings come from. */
export interface ScanSettings {
  /** The configuration file (perhaps a copy from the base commit), or undefined to search. */
  readonly configFile: string | undefined;
  /** True when no configuration may be read at all, not even one found in the work tree. */
  readonly noConfig: boolean;
  /** The baseline to apply; `configured` takes the configuration's own, as the CLI does. */
  readonly baselineFile: string | 'configured' | undefined;
  /** Where the baseline sits in the checkout, absolute; it is never scanned itself. */
  readonly baselineInCheckout: string | undefined;
}

export interface TargetScan {
  readonly findings: readonly Finding[];
  readonly stats: ScanStats;
  readonly config: ResolvedConfig;
  readonly mode: ScanMode;
}

/** Runs the scan the target names through the CLI's own code paths, then its baseline step. */
export async function scanTarget(
  root: string,
  target: ScanTarget,
  settings: ScanSettings,
): Promise<TargetScan> {
  if (target.kind !== 'tree') {
    const outcome = await runHistory({
      cwd: root,
      rules: RULES,
      configFile: settings.configFile,
      noConfig: settings.noConfig,
      // Two dots: the commits reachable from the head and not from the base, the ones the
      // pull request adds; resolveCommitRange proved the checkout holds all of them.
      range: target.kind === 'range' ? `${target.range.base}..${target.range.head}` : undefined,
    });
    const findings = applyBaseline(outcome.findings, settings, outcome.config, root);
    return { findings, stats: outcome.stats, config: outcome.config, mode: 'history' };
  }

  const outcome = await runScan({
    mode: 'tree',
    cwd: root,
    targets: [],
    rules: RULES,
    configFile: settings.configFile,
    noConfig: settings.noConfig,
    baselineFile: settings.baselineInCheckout,
  });
  const findings = applyBaseline(outcome.findings, settings, outcome.config, root);
  return { findings, stats: outcome.stats, config: outcome.config, mode: 'tree' };
}

function applyBaseline(
  findings: readonly Finding[],
  settings: ScanSettings,
  config: ResolvedConfig,
  root: string,
): Finding[] {
  const file = settings.baselineFile === 'configured' ? config.baseline : settings.baselineFile;
  // The action never rewrites a baseline, and a commit range is a partial view of the files.
  return runBaselineStep(findings, { file, update: false, isPartial: true, cwd: root });
}

/** Settings for a scan of the branch's own state: its config and baseline, as in the CLI. */
export function ownSettings(
  root: string,
  inputs: { readonly config: string | undefined; readonly baseline: string | undefined },
): ScanSettings {
  const baseline = inputs.baseline && path.resolve(root, inputs.baseline);
  return {
    configFile: inputs.config && path.resolve(root, inputs.config),
    noConfig: false,
    baselineFile: baseline ?? 'configured',
    baselineInCheckout: baseline,
  };
}
