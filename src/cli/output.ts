import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { isAtLeast } from '../engine/results.js';
import type { Finding, Severity } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';
import { detail, error, warn } from '../log.js';
import { toJson } from '../reporters/json.js';
import { toText } from '../reporters/text.js';
import type { Format, ReportInput } from '../reporters/types.js';
import type { CliOptions } from './args.js';
import { colorsFor, shouldColor } from './colors.js';
import { EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, type CliIO } from './io.js';

/** How a report is rendered besides the findings: decided once per run by the CLI. */
interface RenderOptions {
  readonly color: boolean;
  readonly quiet: boolean;
  readonly failOn: Severity;
  readonly sarifCategory: string | undefined;
  readonly stopToken: string;
}

/**
 * Writes every report the command line asked for and returns the exit status. The status
 * depends only on the findings and the fail level, never on where the reports went. With
 * `--format github` inside GitHub Actions, the job summary is appended as well.
 */
export async function writeReports(
  options: CliOptions,
  io: CliIO,
  input: ReportInput,
  failOn: Severity,
): Promise<number> {
  const reportInput = { ...input, secretsShown: options.showSecrets };
  // A fresh token per run: a scanned file cannot know it, so it cannot end the block early.
  const hasGithub = options.outputs.some((output) => output.format === 'github');
  const stopToken = hasGithub ? newStopToken() : '';

  for (const output of options.outputs) {
    const isTTY = output.file === undefined && io.stdout.isTTY === true;
    const color = output.format === 'text' && shouldColor(options.color, io.env, isTTY);
    const rendered = await render(output.format, reportInput, {
      color,
      quiet: options.quiet,
      failOn,
      sarifCategory: options.sarifCategory,
      stopToken,
    });
    write(io, output.file, rendered);
  }

  if (options.outputs.some((output) => output.format === 'github')) {
    await appendJobSummary(io, reportInput);
  }
  return (
    incompleteScanStatus(input.stats.skipped.unreadable) ?? exitStatusOf(input.findings, failOn)
  );
}

/**
 * Exit 2 when files could not be read: the report above covers the rest, but a scan that
 * missed files must not pass as clean, nor as a plain list of findings.
 */
function incompleteScanStatus(unreadable: number): number | undefined {
  if (unreadable === 0) {
    return undefined;
  }
  const files = unreadable === 1 ? '1 file' : `${unreadable} files`;
  error(`${files} could not be read (see the warnings above), so the scan is incomplete`);
  detail('Fix their permissions, or list them under allow.paths, and run keyfence again.');
  return EXIT_ERROR;
}

/**
 * node:crypto loads about twenty internal modules, which the pre-commit hook would pay on every
 * commit; only the `github` format needs it, so it is required on first use.
 */
function newStopToken(): string {
  const { randomBytes } = loadBuiltin('node:crypto') as typeof import('node:crypto');
  return randomBytes(16).toString('hex');
}

const loadBuiltin = createRequire(import.meta.url);

/** 1 when any finding is at or above the fail level, else 0. */
export function exitStatusOf(findings: readonly Finding[], failOn: Severity): number {
  const failing = findings.some(
    (finding) => finding.suppression === undefined && isAtLeast(finding.severity, failOn),
  );
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** SARIF and GitHub reporters load on demand: the pre-commit path only ever prints text. */
async function render(format: Format, input: ReportInput, options: RenderOptions): Promise<string> {
  switch (format) {
    case 'json':
      return toJson(input);
    case 'sarif': {
      const { toSarif } = await import('../reporters/sarif.js');
      return toSarif(input, { category: options.sarifCategory });
    }
    case 'github': {
      const { toGithub } = await import('../reporters/github.js');
      return toGithub(input, { stopToken: options.stopToken });
    }
    case 'text': {
      const colors = colorsFor(options.color);
      return toText(input, { colors, quiet: options.quiet, failOn: options.failOn });
    }
  }
}

/**
 * Appends the Markdown summary to the file GitHub Actions names in `GITHUB_STEP_SUMMARY`, with
 * file links built from the run's repository and commit. Outside Actions it does nothing.
 */
async function appendJobSummary(io: CliIO, input: ReportInput): Promise<void> {
  const summaryPath = io.env.GITHUB_STEP_SUMMARY;
  if (summaryPath === undefined || summaryPath === '') {
    return;
  }

  const { toJobSummary } = await import('../reporters/summary.js');
  const server = io.env.GITHUB_SERVER_URL || 'https://github.com';
  const repository = io.env.GITHUB_REPOSITORY;
  const summary = toJobSummary(input, {
    repositoryUrl: repository
      ? `${server.replace(TRAILING_SLASHES_RE, '')}/${repository}`
      : undefined,
    sha: io.env.GITHUB_SHA || undefined,
  });

  try {
    appendFileSync(summaryPath, summary);
  } catch (cause) {
    // The annotations are already out and the exit status does not depend on the summary, so
    // a summary that cannot be written is a warning, not a failed scan.
    warn(`could not append the job summary: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Matches the "/" of "https://ghe.example/"; does not match "https://github.com". */
const TRAILING_SLASHES_RE = /\/+$/;

function write(io: CliIO, file: string | undefined, text: string): void {
  if (file === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    writeFileSync(path.resolve(io.cwd, file), text);
  } catch (cause) {
    throw new KeyfenceError(
      'input',
      `could not write the report to ${file}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`,
      'Check that the folder exists and is writable.',
    );
  }
}
