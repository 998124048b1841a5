import path from 'node:path';

import { RULES } from '../../../rules/index.js';
import { resolveConfigTrust } from '../../config/trust.js';
import { runScan } from '../../scan.js';
import { VERSION } from '../../version.js';
import type { CliOptions } from '../args.js';
import type { CliIO } from '../io.js';
import { writeReports } from '../output.js';
import { suppressByBaseline } from './baseline.js';

/** `keyfence scan` and `keyfence staged`: one scan, its reports, its exit status. */
export async function scanCommand(options: CliOptions, io: CliIO): Promise<number> {
  const mode = options.command === 'staged' ? 'staged' : 'tree';
  const outcome = await runScan({
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
  });
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
