import path from 'node:path';

import { RULES } from '../../../rules/index.js';
import { resolveConfigTrust } from '../../config/trust.js';
import { fixGitignore, planFix } from '../../gitignore/fix.js';
import { info, warn } from '../../log.js';
import { runScan, type ScanOutcome, type ScanRequest } from '../../scan.js';
import { VERSION } from '../../version.js';
import type { CliOptions } from '../args.js';
import type { CliIO } from '../io.js';
import { writeReports } from '../output.js';
import { suppressByBaseline } from './baseline.js';

/** `keyfence scan` and `keyfence staged`: one scan, its reports, its exit status. */
export async function scanCommand(options: CliOptions, io: CliIO): Promise<number> {
  const mode = options.command === 'staged' ? 'staged' : 'tree';
  const request: ScanRequest = {
    mode,
    cwd: io.cwd,
    targets: options.targets,
    rules: RULES,
    configFile: options.configFile && path.resolve(io.cwd, options.configFile),
    noConfig: options.noConfig,
    configTrust: resolveConfigTrust(options, io.env),
    showSecrets: options.showSecrets,
    noSuppressions: options.noSuppressions,
    baselineFile: options.baselineFile && path.resolve(io.cwd, options.baselineFile),
  };
  let outcome = await runScan(request);
  if (options.fix && applyFixes(outcome)) {
    // Scan again so the report shows the repository as the fix left it.
    outcome = await runScan(request);
  }
  const findings = suppressByBaseline(outcome.findings, options, io, {
    root: outcome.root,
    configured: outcome.config.baseline,
    isPartial: mode === 'staged' || options.targets.length > 0,
  });

  const input = {
    findings,
    stats: outcome.stats,
    rules: RULES,
    mode,
    version: VERSION,
    root: outcome.root,
  } as const;
  return writeReports(options, io, input, options.failOn ?? outcome.config.failOn);
}

/** `--fix`: appends what the scan found missing to the root `.gitignore`; true if it wrote. */
function applyFixes(outcome: ScanOutcome): boolean {
  const plan = planFix(outcome.findings);
  for (const entry of plan.unfixable) {
    warn(`--fix cannot cover ${entry}: a nested ignore file re-includes it; edit that file`);
  }
  if (plan.fixable.length === 0) {
    info('--fix: nothing to append to .gitignore');
    return false;
  }

  const fix = fixGitignore(outcome.root, plan.fixable);
  const verb = fix.created ? 'created .gitignore with' : 'added to .gitignore:';
  info(`fixed: ${verb} ${fix.added.join(', ')}`);
  return true;
}
