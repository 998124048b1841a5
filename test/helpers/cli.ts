import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { plantedSecrets } from './fake-secrets.js';

/** The published entry point, run as users run it (the suite builds dist/ first). */
export const BIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../bin/keyfence.js',
);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI in `cwd` with the given environment and returns what it did. Every run is
 * checked for leaks: no secret from `fake-secrets.ts` may appear in stderr or in stdout, except
 * with `--show-secrets` or `mayShowSecrets`.
 */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; input?: string; mayShowSecrets?: boolean },
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const outcome = { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  if (options.mayShowSecrets !== true && !args.includes('--show-secrets')) {
    assertNoPlantedSecret(args, outcome);
  }
  return outcome;
}

/**
 * A text report's code-frame line: `  > 12 | ...`. Frames show the lines around a finding, so
 * they may hold a fake value that no rule finds (a test's "not flagged" neighbour); whether
 * frames mask what rules do find is checked in `test/robustness/never-leak.test.ts`.
 */
const FRAME_LINE_RE = /^\s+[> ] +\d+ \| .*$/gm;

function assertNoPlantedSecret(args: readonly string[], result: CliResult): void {
  const streams = { stderr: result.stderr, stdout: result.stdout.replace(FRAME_LINE_RE, '') };
  for (const secret of plantedSecrets()) {
    for (const [name, text] of Object.entries(streams)) {
      if (text.includes(secret)) {
        throw new Error(
          `keyfence ${args.join(' ')} printed a planted secret (${secret.slice(0, 4)}…) on ` +
            `${name}; pass mayShowSecrets if the test means it`,
        );
      }
    }
  }
}
