import { RULES } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/load.js';
import type { Finding, ScanMode, ScanStats } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';
import { runScan } from '../scan.js';
import type { CommitRange } from './pull-request.js';

/** What one run of the action scans. */
export type ScanTarget =
  | { readonly kind: 'tree' }
  | { readonly kind: 'range'; readonly range: CommitRange }
  | { readonly kind: 'history' };

/** Where the scan's settings come from: a file (perhaps copied from the base), or none. */
export interface ScanSettings {
  readonly configFile: string | undefined;
  /** True when no configuration may be read at all, not even one found in the work tree. */
  readonly noConfig: boolean;
}

export interface TargetScan {
  readonly findings: readonly Finding[];
  readonly stats: ScanStats;
  readonly config: ResolvedConfig;
  readonly mode: ScanMode;
}

/** Runs the scan the target names, through the same code paths as the CLI's commands. */
export async function scanTarget(
  root: string,
  target: ScanTarget,
  settings: ScanSettings,
): Promise<TargetScan> {
  if (target.kind !== 'tree') {
    // Limitation: commit ranges and full history need `keyfence history`, which this build
    // does not include yet; until it does, only the work tree can be scanned.
    throw new KeyfenceError(
      'usage',
      `mode ${target.kind === 'range' ? 'pull-request' : 'history'} needs history scanning, which this build lacks`,
      'Set `mode: scan` to scan the checked-out files.',
    );
  }

  const outcome = await runScan({
    mode: 'tree',
    cwd: root,
    targets: [],
    rules: RULES,
    configFile: settings.configFile,
    noConfig: settings.noConfig,
  });
  return { findings: outcome.findings, stats: outcome.stats, config: outcome.config, mode: 'tree' };
}
