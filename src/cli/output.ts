import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { isAtLeast } from '../engine/results.js';
import type { Finding, Severity } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';
import { toJson } from '../reporters/json.js';
import { toSarif } from '../reporters/sarif.js';
import { toText } from '../reporters/text.js';
import type { Format, ReportInput } from '../reporters/types.js';
import type { CliOptions } from './args.js';
import { colorsFor, shouldColor } from './colors.js';
import { EXIT_CLEAN, EXIT_FINDINGS, type CliIO } from './io.js';

/**
 * Writes every report the command line asked for and returns the exit status. The status
 * depends only on the findings and the fail level, never on where the reports went.
 */
export function writeReports(
  options: CliOptions,
  io: CliIO,
  input: ReportInput,
  failOn: Severity,
): number {
  for (const output of options.outputs) {
    const isTTY = output.file === undefined && io.stdout.isTTY === true;
    const color = output.format === 'text' && shouldColor(options.color, io.env, isTTY);
    const text = render(output.format, input, { color, quiet: options.quiet, failOn });
    write(io, output.file, text);
  }
  return exitStatusOf(input.findings, failOn);
}

/** 1 when any finding is at or above the fail level, else 0. */
export function exitStatusOf(findings: readonly Finding[], failOn: Severity): number {
  const failing = findings.some(
    (finding) => finding.suppression === undefined && isAtLeast(finding.severity, failOn),
  );
  return failing ? EXIT_FINDINGS : EXIT_CLEAN;
}

function render(
  format: Format,
  input: ReportInput,
  options: { color: boolean; quiet: boolean; failOn: Severity },
): string {
  switch (format) {
    case 'json':
      return toJson(input);
    case 'sarif':
      return toSarif(input);
    case 'text':
      return toText(input, { colors: colorsFor(options.color), quiet: options.quiet, failOn: options.failOn });
  }
}

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
