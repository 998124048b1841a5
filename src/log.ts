import { debuglog } from 'node:util';

/**
 * The only diagnostics writer. Everything here goes to stderr, so stdout carries nothing but the
 * report. Debug lines are for counts, paths, SHAs, rule ids and timings: never file contents,
 * matched text or configuration values.
 */

type Sink = (line: string) => void;

/**
 * Control characters other than tab. Log lines quote paths and git messages, which whoever
 * made the scanned repository chose: a file named "\x1b]0;pwned\x07.txt" must not retitle or
 * recolour the terminal, and one with a newline must not forge a line of keyfence output.
 * Matches "\x1b[2J" and "\n"; does not match "\t".
 */
const CONTROL_RE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

let write: Sink = (line) => process.stderr.write(`${line}\n`);

/** Every line goes out through here, one line each, with its control characters replaced. */
const sink: Sink = (line) => {
  write(line.replace(CONTROL_RE, '\uFFFD'));
};
let debugForced = false;
const warned = new Set<string>();
const debuggers = new Map<string, (message: string) => void>();

/** Redirects diagnostics, for the CLI's injected streams and for tests. */
export function setLogSink(next: Sink): void {
  write = next;
  warned.clear();
}

/** Turns debug output on for every area, as `--debug` does. */
export function enableDebug(): void {
  debugForced = true;
}

export function error(message: string): void {
  sink(`keyfence: error: ${message}`);
}

/** Writes a warning once per run, however often it is raised. */
export function warn(message: string): void {
  if (warned.has(message)) {
    return;
  }
  warned.add(message);
  sink(`keyfence: warning: ${message}`);
}

/** An indented follow-up line, such as what to do about the error just printed. */
export function detail(message: string): void {
  sink(`  ${message}`);
}

/** A plain line of information, such as a note about skipped submodules. */
export function info(message: string): void {
  sink(`keyfence: ${message}`);
}

/**
 * Debug output for one area, on with `--debug` or `NODE_DEBUG=keyfence*`.
 *
 * @example
 * const debug = debugFor('staged');
 * debug(`read ${count} blobs in ${ms} ms`);
 */
export function debugFor(area: string): (message: string) => void {
  return (message) => {
    if (debugForced) {
      sink(`keyfence:${area} ${message}`);
      return;
    }
    let native = debuggers.get(area);
    if (!native) {
      native = debuglog(`keyfence-${area}`);
      debuggers.set(area, native);
    }
    native(message);
  };
}
