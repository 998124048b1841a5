import { parseArgs } from 'node:util';

import type { Severity } from '../engine/types.js';
import { usageError } from '../errors.js';
import { pairOutputs, type OutputOption, type OutputTarget } from './output-pairs.js';

/** The commands keyfence knows; `scan` is the default. */
export const COMMANDS = ['scan', 'staged', 'history', 'rules', 'baseline', 'init'] as const;

export type Command = (typeof COMMANDS)[number];

/** What `keyfence baseline [MODE]` scans to build the baseline; `scan` is the default. */
export const BASELINE_MODES = ['scan', 'staged', 'history'] as const;

export type BaselineMode = (typeof BASELINE_MODES)[number];

export type { OutputTarget } from './output-pairs.js';

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
  /** `--baseline FILE`, as given. */
  readonly baselineFile: string | undefined;
  readonly updateBaseline: boolean;
  readonly noSuppressions: boolean;
  /** The mode word of `keyfence baseline`; undefined for other commands. */
  readonly baselineMode: BaselineMode | undefined;
  /** SARIF's run category (`automationDetails.id`); defaults to `keyfence/<mode>/`. */
  readonly sarifCategory: string | undefined;
  /** `--fix`: append the missing required entries to the root `.gitignore` (scan only). */
  readonly fix: boolean;
  readonly debug: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** `history --range A..B`: only what the commits from A to B added. */
  readonly range: string | undefined;
  /** `history --since REF`: leave out the commits REF already has. */
  readonly since: string | undefined;
  /** `history --branch NAME`: one branch instead of every ref. */
  readonly branch: string | undefined;
  /** `init --husky`: install the hook with husky even when the project has none yet. */
  readonly husky: boolean;
  /** `init --git-hook`: install a plain git pre-commit hook. */
  readonly gitHook: boolean;
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
  baseline: { type: 'string' },
  'update-baseline': { type: 'boolean' },
  'no-suppressions': { type: 'boolean' },
  'sarif-category': { type: 'string' },
  fix: { type: 'boolean' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  range: { type: 'string' },
  since: { type: 'string' },
  branch: { type: 'string' },
  husky: { type: 'boolean' },
  'git-hook': { type: 'boolean' },
} as const;

/** Options that only `keyfence history` understands. */
const HISTORY_OPTIONS = ['range', 'since', 'branch'] as const;

/** Parses argv (without node and the script). Unknown options are usage errors, exit 2. */
export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (cause) {
    throw usageError((cause as Error).message.split('\n')[0] ?? 'invalid arguments');
  }

  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  const isCommand = (COMMANDS as readonly string[]).includes(first ?? '');
  const command: Command = isCommand ? (first as Command) : 'scan';
  const baselineMode = command === 'baseline' ? parseBaselineMode(rest[0]) : undefined;
  const modeWords = rest[0] === baselineMode ? 1 : 0;
  const targets = command === 'baseline' ? rest.slice(modeWords) : isCommand ? rest : positionals;

  // `keyfence rules ID...` shows those rules; every other command but scan takes no operands.
  const takesTargets = command === 'scan' || command === 'rules' || baselineMode === 'scan';
  if (!takesTargets && targets.length > 0) {
    throw usageError(`\`keyfence ${command}\` takes no paths (got "${targets[0] ?? ''}")`);
  }
  if (command !== 'scan' && values.fix === true) {
    throw usageError('--fix works only with `keyfence scan`: it edits the working tree');
  }

  const historyOnly = HISTORY_OPTIONS.find((name) => values[name] !== undefined);
  if (historyOnly !== undefined && command !== 'history') {
    throw usageError(`--${historyOnly} works only with \`keyfence history\``);
  }

  return {
    command,
    targets,
    outputs: pairOutputs(outputOptionsOf(parsed.tokens)),
    configFile: values.config,
    noConfig: values['no-config'] === true,
    ci: values.ci === true,
    trustConfig: values['trust-config'] === true,
    failOn: parseFailOn(values['fail-on']),
    quiet: values.quiet === true,
    color: values['no-color'] ? false : values.color ? true : undefined,
    showSecrets: values['show-secrets'] === true,
    baselineFile: values.baseline,
    updateBaseline: values['update-baseline'] === true,
    noSuppressions: values['no-suppressions'] === true,
    baselineMode,
    sarifCategory: values['sarif-category'],
    fix: values.fix === true,
    debug: values.debug === true,
    help: values.help === true,
    version: values.version === true,
    range: values.range,
    since: values.since,
    branch: values.branch,
    husky: values.husky === true,
    gitHook: values['git-hook'] === true,
  };
}

/** The `--format` and `--output` options in command-line order, which decides their pairing. */
function outputOptionsOf(tokens: ReturnType<typeof parseArgs>['tokens']): OutputOption[] {
  return (tokens ?? []).flatMap((token) =>
    token.kind === 'option' && (token.name === 'format' || token.name === 'output')
      ? [{ name: token.name, value: token.value ?? '' }]
      : [],
  );
}

/** `keyfence baseline [scan|staged|history]`: a first word that is not a mode is a path. */
function parseBaselineMode(word: string | undefined): BaselineMode {
  const isMode = (BASELINE_MODES as readonly string[]).includes(word ?? '');
  return isMode ? (word as BaselineMode) : 'scan';
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
