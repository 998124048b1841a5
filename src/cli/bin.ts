import { main } from './main.js';

/** Runs the CLI against the real process; the bundle's one export. */
export function run(): Promise<number> {
  return main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
