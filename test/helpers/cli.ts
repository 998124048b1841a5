import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The published entry point, run as users run it (the suite builds dist/ first). */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/keyfence.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI in `cwd` with the given environment and returns what it did. */
export function runCli(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string>; input?: string },
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
