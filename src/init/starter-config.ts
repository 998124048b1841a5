import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { findConfigFile } from '../config/load.js';
import type { SetupStep } from './steps.js';

/** The file `keyfence init` writes when the repository has no configuration yet. */
export const STARTER_CONFIG_FILE = '.keyfencerc.json';

/**
 * The starter configuration: the defaults written out, so the file shows what can be changed.
 * It stays within the options every keyfence version validates; the README's configuration
 * section lists the rule families' own sections to add to it.
 */
export const STARTER_CONFIG = {
  failOn: 'error',
  maxFileSize: '10MiB',
  rules: {},
  allow: { paths: [] },
} as const;

/** Writes {@link STARTER_CONFIG} unless any configuration file already exists in `root`. */
export function writeStarterConfig(root: string): SetupStep {
  const existing = findConfigFile(root);
  if (existing) {
    return { file: path.relative(root, existing), action: 'unchanged', note: 'kept as it is' };
  }

  const file = path.join(root, STARTER_CONFIG_FILE);
  // findConfigFile skips a package.json without a keyfence key, so check the target itself.
  if (existsSync(file)) {
    return { file: STARTER_CONFIG_FILE, action: 'unchanged', note: 'kept as it is' };
  }
  writeFileSync(file, `${JSON.stringify(STARTER_CONFIG, null, 2)}\n`);
  return { file: STARTER_CONFIG_FILE, action: 'created', note: 'the defaults, spelled out' };
}
