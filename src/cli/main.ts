import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { RULES } from '../../rules/index.js';
import { isAtLeast } from '../engine/results.js';
import type { Rule, Severity } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';
import { debugFor, detail, enableDebug, error, setLogSink } from '../log.js';
import { toJson } from '../reporters/json.js';
import { toSarif } from '../reporters/sarif.js';
import { toText } from '../reporters/text.js';
import type { Format, ReportInput } from '../reporters/types.js';
import { runScan } from '../scan.js';
import { VERSION } from '../version.js';
import { parseCli, type CliOptions } from './args.js';
import { colorsFor, shouldColor } from './colors.js';
import { HELP } from './help.js';

const debug = debugFor('cli');

/** The process's streams and environment, injected so tests can run the CLI in-process. */
export interface CliIO {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Exit statuses; the contract scripts and CI rely on. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * Runs keyfence with the given arguments and returns the exit status. Nothing here calls
 * `process.exit`: the caller sets `process.exitCode`, so piped output is always flushed.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  setLogSink((line) => io.stderr.write(`${line}\n`));

  try {
    const options = parseCli(argv);
    if (options.debug) {
      enableDebug();
    }
    if (options.help) {
      io.stdout.write(HELP);
      return EXIT_CLEAN;
    }
    if (options.version) {
      io.stdout.write(`${VERSION}\n`);
      return EXIT_CLEAN;
    }
    if (options.command === 'rules') {
      return listRules(options, io);
    }
    return await scan(options, io);
  } catch (cause) {
    reportError(cause);
    return EXIT_ERROR;
  }
}

async function scan(options: CliOptions, io: CliIO): Promise<number> {
  const outcome = await runScan({
    mode: options.command === 'staged' ? 'staged' : 'tree',
    cwd: io.cwd,
    targets: options.targets,
    rules: RULES,
    configFile: options.configFile && path.resolve(io.cwd, options.configFile),
    noConfig: options.noConfig,
    showSecrets: options.showSecrets,
  });

  const failOn = options.failOn ?? outcome.config.failOn;
  const input: ReportInput = {
    findings: outcome.findings,
    stats: outcome.stats,
    rules: RULES,
    mode: options.command === 'staged' ? 'staged' : 'tree',
    version: VERSION,
    root: outcome.root,
  };

  for (const output of options.outputs) {
    const isTTY = output.file === undefined && io.stdout.isTTY === true;
    const color = output.format === 'text' && shouldColor(options.color, io.env, isTTY);
    const text = render(output.format, input, { color, quiet: options.quiet, failOn });
    write(io, output.file, text);
  }

  const failing = outcome.findings.some((finding) => isAtLeast(finding.severity, failOn));
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

function listRules(options: CliOptions, io: CliIO): number {
  const format = options.outputs[0]?.format ?? 'text';
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(RULES.map(describeRule), null, 2)}\n`);
    return EXIT_CLEAN;
  }

  const width = Math.max(...RULES.map((rule) => rule.id.length));
  const lines = RULES.map(
    (rule) => `${rule.id.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.description}`,
  );
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_CLEAN;
}

function describeRule(rule: Rule): Record<string, unknown> {
  return {
    id: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    description: rule.description,
    tags: rule.tags,
    stability: rule.stability,
  };
}

/** Renders an error for a person: what went wrong and what to do. Never a stack trace. */
function reportError(cause: unknown): void {
  if (cause instanceof KeyfenceError) {
    error(`${cause.kind === 'usage' ? '' : `${cause.kind}: `}${cause.message}`);
    if (cause.hint) {
      detail(cause.hint);
    }
    return;
  }

  const message = cause instanceof Error ? cause.message : String(cause);
  error(`internal error: ${message}`);
  detail('This is a bug in keyfence. Run again with --debug and report what it prints.');
  // The stack is for maintainers, so it only appears in debug output.
  debug(cause instanceof Error ? (cause.stack ?? message) : message);
}
