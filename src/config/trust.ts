import path from 'node:path';

import { KeyfenceError } from '../errors.js';

/**
 * Whether a configuration that is code may run. A `keyfence.config.js` is executed by Node when
 * it is loaded, with the user's rights: in CI that means whoever opened the pull request chooses
 * what runs next to the job's tokens. JSON and YAML configurations are only parsed, so they are
 * always read; code configurations are loaded only when the run trusts the repository.
 */
export interface ConfigTrust {
  /** True when a JavaScript configuration may be loaded (executed). */
  readonly allowCode: boolean;
  /** Why code is not allowed, for the error message ("--ci was given"); '' when it is. */
  readonly reason: string;
}

/** Code is trusted: a local run on the user's own repository, or `--trust-config`. */
export const TRUST_CODE: ConfigTrust = { allowCode: true, reason: '' };

/** Extensions that cosmiconfig loads by running them rather than parsing them. */
const CODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

/**
 * Values of `CI` that mean "not CI"; everything else, when set and non-empty, means CI. This is
 * the convention of the CI services themselves (GitHub Actions, GitLab, CircleCI and Travis all
 * set `CI=true`) and of libraries such as ci-info.
 */
const NOT_CI_VALUES = new Set(['', '0', 'false']);

/** Whether the environment says the run is in CI (`CI` set to anything but "", "0", "false"). */
export function isCiEnvironment(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI;
  return value !== undefined && !NOT_CI_VALUES.has(value.trim().toLowerCase());
}

/**
 * Decides whether this run may execute a code configuration. `--trust-config` wins; otherwise
 * `--ci` or a CI environment forbids it, and a local run allows it.
 *
 * @example
 * resolveConfigTrust({ ci: false, trustConfig: false }, { CI: 'true' }).allowCode; // false
 */
export function resolveConfigTrust(
  flags: { readonly ci: boolean; readonly trustConfig: boolean },
  env: Readonly<Record<string, string | undefined>>,
): ConfigTrust {
  if (flags.trustConfig) {
    return TRUST_CODE;
  }
  if (flags.ci) {
    return { allowCode: false, reason: 'keyfence runs with --ci' };
  }
  if (isCiEnvironment(env)) {
    return { allowCode: false, reason: 'the CI environment variable is set' };
  }
  return TRUST_CODE;
}

/** Whether loading `file` would run it (a `.js`, `.mjs`, `.cjs` or TypeScript file). */
export function isCodeConfig(file: string): boolean {
  return CODE_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/**
 * Throws the exit-2 error for a code configuration that this run does not trust; returns
 * quietly for data configurations and trusted runs.
 */
export function assertConfigTrusted(file: string, trust: ConfigTrust): void {
  if (trust.allowCode || !isCodeConfig(file)) {
    return;
  }
  throw new KeyfenceError(
    'config',
    `${file} is JavaScript, which runs code when loaded, and ${trust.reason}, ` +
      'where the repository may not be trusted',
    'Pass --trust-config if you trust the code of this repository, or move the settings to ' +
      '.keyfencerc.json or .keyfencerc.yaml, which are read without running anything.',
  );
}
