import { redactLongTokens } from '../engine/redact.js';
import { KeyfenceError } from '../errors.js';
import { debugFor, detail, enableDebug, error, setLogSink } from '../log.js';
import { VERSION } from '../version.js';
import { parseCli, type CliOptions, type Command } from './args.js';
import { baselineCommand } from './commands/baseline.js';
import { initCommand } from './commands/init.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { HELP } from './help.js';
import { EXIT_CLEAN, EXIT_ERROR, type CliIO } from './io.js';

export type { CliIO } from './io.js';

const debug = debugFor('cli');

/** What runs each command. Each lives in its own module under `commands/`. */
const COMMAND_HANDLERS: Record<Command, (options: CliOptions, io: CliIO) => Promise<number>> = {
  scan: scanCommand,
  staged: scanCommand,
  // Loaded on first use: the pre-commit path never pays for the history scanner.
  history: async (options, io) => {
    const { historyCommand } = await import('./commands/history.js');
    return historyCommand(options, io);
  },
  rules: rulesCommand,
  baseline: baselineCommand,
  init: initCommand,
};

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
    return await COMMAND_HANDLERS[options.command](options, io);
  } catch (cause) {
    reportError(cause);
    return EXIT_ERROR;
  }
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

  // Runtime messages may quote input (V8's JSON.parse quotes the text around the error), so
  // long tokens in them, which is what secrets look like, are masked.
  const message = redactLongTokens(cause instanceof Error ? cause.message : String(cause));
  error(`internal error: ${message}`);
  detail('This is a bug in keyfence. Run again with --debug and report what it prints.');
  // The stack is for maintainers, so it only appears in debug output, one line at a time.
  const stack = cause instanceof Error ? (cause.stack ?? message) : message;
  for (const line of redactLongTokens(stack).split('\n')) {
    debug(line);
  }
}
