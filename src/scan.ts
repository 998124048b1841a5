import path from 'node:path';

import ignore from 'ignore';

import { now } from './clock.js';
import { loadConfig, type ResolvedConfig } from './config/load.js';
import type { ConfigTrust } from './config/trust.js';
import { Engine } from './engine/engine.js';
import { sortFindings } from './engine/results.js';
import type { Finding, Rule, ScanMode, ScanResult, Severity } from './engine/types.js';
import { debugFor } from './log.js';
import type { FileSet } from './scanners/file-set.js';
import { findWorkTreeFast } from './scanners/find-work-tree.js';
import { requireRepository } from './scanners/repository.js';
import { listStaged, prefetchStaged } from './scanners/staged.js';
import { listTree, locateTree } from './scanners/tree.js';
import { BASELINE_FILE } from './suppress/baseline.js';
import { suppressionOptions } from './suppress/engine-options.js';

const debug = debugFor('scan');

/** What the CLI asks for; everything else comes from the configuration. */
export interface ScanRequest {
  readonly mode: Exclude<ScanMode, 'history'>;
  readonly cwd: string;
  readonly targets: readonly string[];
  readonly rules: readonly Rule[];
  readonly configFile?: string | undefined;
  readonly noConfig?: boolean;
  /** Whether a JavaScript configuration may run; see `config/trust.ts`. */
  readonly configTrust?: ConfigTrust;
  readonly showSecrets?: boolean;
  /** `--no-suppressions`: ignore `keyfence:allow` comments and `allow.values`. */
  readonly noSuppressions?: boolean;
  /** `--baseline FILE`, absolute; the baseline in use is never scanned itself. */
  readonly baselineFile?: string | undefined;
}

export interface ScanOutcome extends ScanResult {
  readonly root: string;
  readonly config: ResolvedConfig;
}

/**
 * Runs one scan from end to end: find the root, load its configuration, list and read the
 * files, run the file rules, then the repository rules once.
 */
export async function runScan(request: ScanRequest): Promise<ScanOutcome> {
  const started = now();
  const located = await locate(request);
  const config = await loadConfig({
    root: located.root,
    file: request.configFile,
    disabled: request.noConfig === true,
    knownRuleIds: new Set(request.rules.map((rule) => rule.id)),
    ...(request.configTrust ? { trust: request.configTrust } : {}),
  });

  const isExcluded = pathExclusion(config, baselinePaths(request, config, located.root));
  const fileSet = await located.list(config.maxFileSize, isExcluded);
  const engine = createEngine(request, config);
  const findings: Finding[] = [];

  // Loops, not push(...spread): a file of a million findings would overflow the call stack.
  await fileSet.read((file) => {
    for (const finding of engine.scanFile(file)) {
      findings.push(finding);
    }
  });
  for (const finding of await runRepositoryRules(engine, fileSet, request, config)) {
    findings.push(finding);
  }

  engine.stats.durationMs = now() - started;
  debug(`${engine.stats.filesScanned} files, ${findings.length} findings`);
  return { findings: sortFindings(findings), stats: engine.stats, root: located.root, config };
}

interface Located {
  readonly root: string;
  list(maxFileSize: number, isExcluded: (path: string) => boolean): Promise<FileSet>;
}

async function locate(request: ScanRequest): Promise<Located> {
  if (request.mode === 'staged') {
    // Listing the staged changes does not need the repository's root, so git does both at once.
    const prefetched = prefetchStaged(request.cwd);
    const repository =
      findWorkTreeFast(request.cwd, process.env) ??
      (await requireRepository(request.cwd, 'staged'));
    return {
      root: repository.root,
      list: (maxFileSize, isExcluded) =>
        listStaged({ repository, maxFileSize, isExcluded, prefetched }),
    };
  }

  const location = await locateTree(request.cwd, request.targets);
  return {
    root: location.root,
    list: (maxFileSize, isExcluded) => listTree({ location, maxFileSize, isExcluded }),
  };
}

/** The engine for a scan: the rules the configuration leaves on, at its severities. */
export function createEngine(
  request: Pick<ScanRequest, 'rules' | 'showSecrets' | 'noSuppressions'> & {
    readonly mode: ScanMode;
  },
  config: ResolvedConfig,
): Engine {
  const overrides = new Map<string, Severity>();
  for (const [id, level] of config.rules) {
    if (level !== 'off') {
      overrides.set(id, level);
    }
  }

  return new Engine({
    rules: request.rules.filter((rule) => config.rules.get(rule.id) !== 'off'),
    mode: request.mode,
    config: config.raw,
    severityOverrides: overrides,
    showSecrets: request.showSecrets === true,
    ...suppressionOptions(config.allowedValues, request.noSuppressions === true),
  });
}

/**
 * The config's allowed paths, matched with gitignore semantics (`fixtures/` means the folder),
 * plus `exact` repository-relative paths (by default the baseline file at the root). Exact
 * paths are a set lookup: compiling even one pattern costs the pre-commit hook about 5 ms.
 */
export function pathExclusion(
  config: ResolvedConfig,
  exact: readonly string[] = [BASELINE_FILE],
): (path: string) => boolean {
  const paths = new Set(exact);
  if (config.allowedPaths.length === 0) {
    return (path) => paths.has(path);
  }
  const matcher = ignore().add(config.allowedPaths.map((entry) => entry.pattern));
  return (path) => paths.has(path) || matcher.ignores(path);
}

/**
 * The baseline files, repository-relative: they hold only hashes, but long hex strings are
 * what entropy rules look for, and a baseline must not report itself.
 */
function baselinePaths(request: ScanRequest, config: ResolvedConfig, root: string): string[] {
  const files = [request.baselineFile, config.baseline, path.join(root, BASELINE_FILE)];
  return files.flatMap((file) => {
    const relative = file === undefined ? '..' : path.relative(root, file);
    const isInside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    return isInside ? [relative.split(path.sep).join('/')] : [];
  });
}

async function runRepositoryRules(
  engine: Engine,
  fileSet: FileSet,
  request: ScanRequest,
  config: ResolvedConfig,
): Promise<Finding[]> {
  const scope = { mode: request.mode, changedPaths: fileSet.paths, config: config.raw };
  const isDue = (rule: Rule): boolean =>
    rule.kind === 'repository' &&
    config.rules.get(rule.id) !== 'off' &&
    (rule.isDue?.(scope) ?? true);
  if (!request.rules.some(isDue)) {
    return [];
  }

  const paths = await fileSet.allPaths();
  return engine.scanRepository({
    root: fileSet.root,
    gitDir: fileSet.gitDir,
    paths,
    changedPaths: fileSet.paths,
    readText: (path) => fileSet.readText(path),
  });
}
