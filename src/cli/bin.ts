import { setModuleImporter } from '../import-module.js';
import { main } from './main.js';

export interface RunOptions {
  /** The import() of the module that loads the bundle, where import() itself cannot run. */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

/** Runs the CLI against the real process; the bundle's one export. */
export function run(options: RunOptions = {}): Promise<number> {
  if (options.importModule) {
    setModuleImporter(options.importModule);
  }
  return main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
