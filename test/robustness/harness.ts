import { execFileSync, spawnSync } from 'node:child_process';

import { RULES } from '../../rules/index.js';
import { Engine } from '../../src/engine/engine.js';
import type { Finding, ScanMode, ScanStats } from '../../src/engine/types.js';
import { main } from '../../src/cli/main.js';
import { BIN, type CliResult } from '../helpers/cli.js';

/**
 * Helpers for the robustness tests: the CLI with a deadline (a hang must fail the test, not the
 * suite) and the engine with every rule, timed.
 */

export interface BoundedResult extends CliResult {
  readonly ms: number;
  readonly timedOut: boolean;
}

/**
 * Runs the built CLI and kills it after `timeoutMs`. `uid`/`gid` run it as another user, which
 * is how the permission tests get an EACCES while the suite runs as root.
 */
export function runBounded(
  args: readonly string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    timeoutMs?: number;
    uid?: number;
    gid?: number;
  },
): BoundedResult {
  const started = performance.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    input: '',
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: options.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
  });
  return {
    code: result.status ?? -1,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: performance.now() - started,
    timedOut:
      result.error !== undefined && 'code' in result.error && result.error.code === 'ETIMEDOUT',
  };
}

export interface TimedScan {
  readonly findings: Finding[];
  readonly stats: ScanStats;
  readonly ms: number;
}

/** Scans one file with every registered rule, as a tree scan would, and times it. */
export function scanWithAllRules(
  filePath: string,
  bytes: Buffer,
  options: { mode?: ScanMode; config?: Record<string, unknown> } = {},
): TimedScan {
  const engine = new Engine({
    rules: RULES,
    mode: options.mode ?? 'tree',
    config: options.config ?? {},
  });
  const started = performance.now();
  const findings = engine.scanFile({ path: filePath, bytes });
  return { findings, stats: engine.stats, ms: performance.now() - started };
}

/** Whether the suite runs as root, who can read any file whatever its mode. */
export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** The unprivileged user permission tests run the CLI as (nobody on Debian and most Linux). */
export const NOBODY = 65534;

/**
 * Runs git directly, for what simple-git refuses to pass through (`-c protocol.file.allow`,
 * `-C`, plumbing that corrupts a repository on purpose). Returns stdout.
 */
export function gitIn(cwd: string, env: Record<string, string>, args: readonly string[]): string {
  return execFileSync('git', args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs the CLI in this process, with its streams captured: a tenth of the cost of spawning the
 * built CLI, for the many small configuration cases. Git still runs as a child process, with
 * this process's environment; `env` is what keyfence itself sees (colour, CI).
 */
export async function runMain(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<BoundedResult> {
  let stdout = '';
  let stderr = '';
  const started = performance.now();
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env,
    cwd: options.cwd,
  });
  return { code, stdout, stderr, ms: performance.now() - started, timedOut: false };
}
