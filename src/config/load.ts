import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { redactLongTokens } from '../engine/redact.js';
import type { Severity } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';
import { importModule } from '../import-module.js';
import { debugFor } from '../log.js';
import { compileAllowedValue, type AllowedValue } from '../suppress/values.js';
import { CONFIG_SCHEMA, validate } from './schema.js';
import { assertConfigTrusted, type ConfigTrust } from './trust.js';

const debug = debugFor('config');

/** Where a configuration may live, in the order they are tried; the first one found wins. */
export const CONFIG_FILES = [
  'package.json',
  '.keyfencerc',
  '.keyfencerc.json',
  '.keyfencerc.yaml',
  '.keyfencerc.yml',
  'keyfence.config.js',
  'keyfence.config.mjs',
  'keyfence.config.cjs',
] as const;

const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

const UNTRUSTED: ConfigTrust = { allowCode: false, reason: 'this run was not told to trust it' };

export type RuleLevel = Severity | 'off';

export interface AllowedPath {
  readonly pattern: string;
  readonly reason?: string;
}

/** The configuration with defaults applied; what the rest of keyfence reads. */
export interface ResolvedConfig {
  /** The file it came from, or undefined for the defaults. */
  readonly file: string | undefined;
  readonly failOn: Severity;
  readonly maxFileSize: number;
  readonly rules: ReadonlyMap<string, RuleLevel>;
  readonly allowedPaths: readonly AllowedPath[];
  /** `allow.values`, compiled and checked for catastrophic backtracking. */
  readonly allowedValues: readonly AllowedValue[];
  /** `baseline`, resolved against the configuration file's folder. */
  readonly baseline: string | undefined;
  /** The validated object as written, for the rule families' own sections. */
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface LoadOptions {
  /** The folder searched for a configuration (the scanned root). */
  readonly root: string;
  /** `--config FILE`, resolved against the current directory. */
  readonly file?: string | undefined;
  /** `--no-config`: use the defaults and read no file. */
  readonly disabled?: boolean;
  readonly knownRuleIds: ReadonlySet<string>;
  /**
   * Whether a JavaScript configuration may be loaded, which runs it. Without it, none is: the
   * safe default for any caller that has not asked the command line (see `trust.ts`).
   */
  readonly trust?: ConfigTrust;
}

/**
 * Finds, loads and validates the configuration. cosmiconfig is imported only when a candidate
 * file exists, because most pre-commit runs in most repositories have none to load.
 */
export async function loadConfig(options: LoadOptions): Promise<ResolvedConfig> {
  if (options.disabled) {
    return resolveConfig({}, undefined, options.knownRuleIds);
  }

  const file = options.file ?? findConfigFile(options.root);
  if (!file) {
    debug(`no configuration in ${options.root}`);
    return resolveConfig({}, undefined, options.knownRuleIds);
  }
  if (!existsSync(file)) {
    throw new KeyfenceError(
      'config',
      `the configuration file ${file} does not exist`,
      'Check the path given to --config.',
    );
  }

  if (!statSync(file).isFile()) {
    // A FIFO would block the read forever and /dev/zero would never end it.
    throw new KeyfenceError(
      'config',
      `the configuration ${file} is not a regular file`,
      'Replace it with a file, or run with --no-config.',
    );
  }
  assertConfigTrusted(file, options.trust ?? UNTRUSTED);
  const raw = await readConfigFile(file);
  debug(`configuration read from ${file}`);
  return resolveConfig(raw, file, options.knownRuleIds);
}

/** The first candidate file in `root`; a package.json counts only with a `keyfence` key. */
export function findConfigFile(root: string): string | undefined {
  for (const name of CONFIG_FILES) {
    const candidate = path.join(root, name);
    if (!existsSync(candidate)) {
      continue;
    }
    if (name !== 'package.json' || hasPackageKey(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

function hasPackageKey(file: string): boolean {
  try {
    if (!statSync(file).isFile()) {
      return false;
    }
    const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'keyfence' in manifest;
  } catch {
    // A broken package.json is the project's problem, not a keyfence configuration.
    return false;
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  const json = readJsonConfig(file);
  if (json) {
    return json.config;
  }

  // cosmiconfig is CommonJS: its exports object is the default export under Node, in the
  // CommonJS bundle and in the Action's ES module bundle alike.
  const { cosmiconfig } = (await import('cosmiconfig')).default;
  const explorer = cosmiconfig('keyfence', {
    searchStrategy: 'none',
    cache: false,
    loaders: { '.js': loadScript, '.mjs': loadScript, '.cjs': loadScript },
  });

  try {
    const result = await explorer.load(file);
    return result?.config ?? {};
  } catch (cause) {
    throw new KeyfenceError(
      'config',
      `${file} could not be read: ${describeParseError(cause)}`,
      'Fix the syntax (the position above shows where), or run with --no-config.',
    );
  }
}

/**
 * Loads a JavaScript configuration (already trusted by the caller) through keyfence's own
 * import(), which works where cosmiconfig's would not (see import-module.ts). An ES module's
 * default export and a CommonJS module's `module.exports` both arrive as `default`.
 */
async function loadScript(file: string): Promise<unknown> {
  const namespace = (await importModule(pathToFileURL(file).href)) as { default?: unknown };
  return namespace.default;
}

/**
 * Reads a JSON configuration without cosmiconfig, which pulls in node:crypto, node:os and a YAML
 * parser: with a `.keyfencerc.json`, the one `keyfence init` writes, that load was most of the
 * pre-commit hook's own time. A file that does not parse is left to cosmiconfig, whose error
 * gives the position.
 */
function readJsonConfig(file: string): { config: unknown } | undefined {
  const name = path.basename(file);
  if (!name.endsWith('.json')) {
    return undefined;
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (name === 'package.json') {
    const manifest = parsed as { keyfence?: unknown } | null;
    return { config: manifest?.keyfence ?? {} };
  }
  return { config: parsed ?? {} };
}

/**
 * Parser messages often quote the text around the error, which may be a secret someone pasted
 * into the config. Keep only the kind of error and its position.
 */
function describeParseError(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const position = /line (\d+)(?:,? col(?:umn)? (\d+))?/i.exec(message);
  const where = position
    ? ` at line ${position[1]}${position[2] ? `, column ${position[2]}` : ''}`
    : '';
  const kind = /json/i.test(message)
    ? 'invalid JSON'
    : /yaml/i.test(message)
      ? 'invalid YAML'
      : 'syntax error';
  return `${kind}${where}`;
}

function resolveConfig(
  raw: unknown,
  file: string | undefined,
  knownRuleIds: ReadonlySet<string>,
): ResolvedConfig {
  const label = file ?? 'the configuration';
  const problems = validate(raw, CONFIG_SCHEMA);
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw new KeyfenceError(
      'config',
      // Keys come from the file and a pasted secret can be one: long tokens are masked.
      `${label}: "${redactLongTokens(first.key) || '(top level)'}" ${first.message}${more}`,
      'See the configuration reference in the README.',
    );
  }

  const config = raw as ConfigFile;
  return {
    file,
    failOn: config.failOn ?? 'error',
    maxFileSize: checkSizeLimit(parseSize(config.maxFileSize, label), label),
    rules: resolveRuleLevels(config.rules ?? {}, label, knownRuleIds),
    allowedPaths: (config.allow?.paths ?? []).map((entry) =>
      typeof entry === 'string'
        ? { pattern: entry }
        : { pattern: entry.path ?? '', ...reasonOf(entry) },
    ),
    allowedValues: (config.allow?.values ?? []).map((entry, index) =>
      resolveAllowedValue(entry, `${label}: "allow.values[${index}]"`),
    ),
    baseline:
      file && config.baseline !== undefined
        ? resolveBaselinePath(file, config.baseline, label)
        : undefined,
    raw: config as Record<string, unknown>,
  };
}

/** The shape CONFIG_SCHEMA admits, for the fields this module reads. */
interface ConfigFile {
  failOn?: Severity;
  maxFileSize?: number | string;
  rules?: Record<string, RuleLevel | { level?: RuleLevel; reason?: string }>;
  allow?: {
    paths?: (string | { path?: string; reason?: string })[];
    values?: (string | { pattern?: string; reason?: string })[];
  };
  baseline?: string;
}

/** Compiles one `allow.values` entry; a pattern that fails or could hang the scan is an error. */
function resolveAllowedValue(
  entry: string | { pattern?: string; reason?: string },
  where: string,
): AllowedValue {
  const source = typeof entry === 'string' ? entry : entry.pattern;
  if (source === undefined) {
    throw new KeyfenceError('config', `${where} needs a "pattern"`);
  }

  const compiled = compileAllowedValue(
    source,
    typeof entry === 'string' ? undefined : entry.reason,
  );
  if (typeof compiled === 'string') {
    throw new KeyfenceError(
      'config',
      `${where} ${compiled}`,
      'Write the pattern without nested repetition, or match the fake value literally.',
    );
  }
  return compiled;
}

function reasonOf(entry: { reason?: string }): { reason?: string } {
  return entry.reason === undefined ? {} : { reason: entry.reason };
}

function resolveRuleLevels(
  rules: NonNullable<ConfigFile['rules']>,
  label: string,
  knownRuleIds: ReadonlySet<string>,
): Map<string, RuleLevel> {
  const levels = new Map<string, RuleLevel>();
  for (const [id, setting] of Object.entries(rules)) {
    if (!knownRuleIds.has(id)) {
      throw new KeyfenceError(
        'config',
        `${label}: "rules.${redactLongTokens(id)}" names a rule that does not exist`,
        'Run `keyfence rules` to list the rule ids.',
      );
    }
    const level = typeof setting === 'string' ? setting : setting.level;
    if (level) {
      levels.set(id, level);
    }
  }
  return levels;
}

/** Units accepted by `maxFileSize`: "512KiB", "10MiB", "1GiB", or the same with KB/MB/GB. */
const SIZE_RE = /^(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?$/i;

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/**
 * The largest file keyfence can hold as text: V8's longest string is just under 2^29 UTF-16
 * units, and a file of N bytes decodes to at most N of them. A larger limit would turn the
 * first big file into an internal error instead of a skipped one.
 */
const MAX_TEXT_FILE_SIZE = 512 * 1024 * 1024 - 64;

function checkSizeLimit(size: number, label: string): number {
  if (size > MAX_TEXT_FILE_SIZE) {
    throw new KeyfenceError(
      'config',
      `${label}: "maxFileSize" may be at most 511MiB, the largest text keyfence can hold`,
      'Lower it; larger files are skipped and counted as too large.',
    );
  }
  return size;
}

function parseSize(value: number | string | undefined, label: string): number {
  if (value === undefined) {
    return DEFAULT_MAX_FILE_SIZE;
  }
  if (typeof value === 'number') {
    return value;
  }

  const match = SIZE_RE.exec(value.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? 'b').toLowerCase()];
  if (!match || unit === undefined) {
    throw new KeyfenceError(
      'config',
      `${label}: "maxFileSize" must be a number of bytes or a size such as "10MiB"`,
    );
  }
  return Math.floor(Number(match[1]) * unit);
}

/**
 * The configured baseline, which must lie in the configuration's folder or below. A repository
 * chooses this path, and `keyfence baseline` writes to it: "../../.bashrc" would let a cloned
 * repository make keyfence write outside it. `--baseline FILE` on the command line has no limit.
 */
function resolveBaselinePath(file: string, baseline: string, label: string): string {
  const folder = path.dirname(file);
  const resolved = path.resolve(folder, baseline);
  const relative = path.relative(folder, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new KeyfenceError(
      'config',
      `${label}: "baseline" must be a file in the configuration's folder or below`,
      'Give a relative path such as ".keyfence-baseline.json", or pass --baseline FILE.',
    );
  }
  return resolved;
}
