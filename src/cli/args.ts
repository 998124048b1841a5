import { parseArgs } from 'node:util';

import type { Severity } from '../engine/types.js';
import { usageError } from '../errors.js';
import { FORMATS, type Format } from '../reporters/types.js';

/** The commands keyfence knows; `scan` is the default. */
export const COMMANDS = ['scan', 'staged', 'rules'] as const;

export type Command = (typeof COMMANDS)[number];

/** One report to write: a format and where it goes (stdout when `file` is undefined). */
export interface OutputTarget {
  readonly format: Format;
  readonly file: string | undefined;
}

export interface CliOptions {
  readonly command: Command;
  readonly targets: readonly string[];
  readonly outputs: readonly OutputTarget[];
  readonly configFile: string | undefined;
  readonly noConfig: boolean;
  /** `--ci`: the repository may be untrusted; never run a JavaScript configuration. */
  readonly ci: boolean;
  /** `--trust-config`: run a JavaScript configuration even in CI. */
  readonly trustConfig: boolean;
  readonly failOn: Severity | undefined;
  readonly quiet: boolean;
  readonly color: boolean | undefined;
  readonly showSecrets: boolean;
  readonly debug: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  output: { type: 'string', short: 'o', multiple: true },
  config: { type: 'string', short: 'c' },
  'no-config': { type: 'boolean' },
  ci: { type: 'boolean' },
  'trust-config': { type: 'boolean' },
  'fail-on': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Parses argv (without node and the script). Unknown options are usage errors, exit 2. */
export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (cause) {
    throw usageError((cause as Error).message.split('\n')[0] ?? 'invalid arguments');
  }

  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const isCommand = (COMMANDS as readonly string[]).includes(first ?? '');
  const command: Command = isCommand ? (first as Command) : 'scan';
  const targets = isCommand ? rest : positionals;

  if (command !== 'scan' && targets.length > 0) {
    throw usageError(`\`keyfence ${command}\` takes no paths (got "${targets[0] ?? ''}")`);
  }

  return {
    command,
    targets,
    outputs: pairOutputs(values.format ?? [], values.output ?? []),
    configFile: values.config,
    noConfig: values['no-config'] === true,
    ci: values.ci === true,
    trustConfig: values['trust-config'] === true,
    failOn: parseFailOn(values['fail-on']),
    quiet: values.quiet === true,
    color: values['no-color'] ? false : values.color ? true : undefined,
    showSecrets: values['show-secrets'] === true,
    debug: values.debug === true,
    help: values.help === true,
    version: values.version === true,
  };
}

/**
 * Pairs `--format` and `--output` in the order given: the first format goes to the first output,
 * and so on. A format without an output goes to stdout; only one may.
 */
function pairOutputs(formats: readonly string[], files: readonly string[]): OutputTarget[] {
  const checked = formats.map(parseFormat);
  if (checked.length === 0) {
    checked.push('text');
  }
  if (files.length > checked.length) {
    throw usageError('each --output needs its own --format before or after it');
  }

  const outputs = checked.map((format, index) => ({ format, file: files[index] }));
  if (outputs.filter((output) => output.file === undefined).length > 1) {
    throw usageError('only one --format can go to stdout; give the others an --output FILE');
  }
  return outputs;
}

function parseFormat(value: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw usageError(`unknown format "${value}"; use one of ${FORMATS.join(', ')}`);
  }
  return value as Format;
}

function parseFailOn(value: string | undefined): Severity | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (value !== 'error' && value !== 'warning' && value !== 'note') {
    throw usageError(`--fail-on must be error, warning or note (got "${value}")`);
  }
  return value;
}
