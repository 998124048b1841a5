import { loadConfig, type ResolvedConfig } from './config/load.js';
import type { ConfigTrust } from './config/trust.js';
import { Engine } from './engine/engine.js';
import { sortFindings } from './engine/results.js';
import type { Rule, Severity } from './engine/types.js';
import { KeyfenceError } from './errors.js';
import { debugFor, info } from './log.js';
import { createEngine, pathExclusion, type ScanOutcome } from './scan.js';
import { suppressionOptions } from './suppress/engine-options.js';
import { firstLine, runGit } from './scanners/git.js';
import { scanHistory, type HistoryProgress, type HistoryScanOptions } from './scanners/history.js';
import {
  checkShallowBoundary,
  planWalk,
  type HistorySelection,
  type PlanRepository,
} from './scanners/history-revisions.js';

const debug = debugFor('history');

/** What `keyfence history` asks for. */
export interface HistoryRequest extends HistorySelection {
  readonly cwd: string;
  readonly rules: readonly Rule[];
  readonly configFile?: string | undefined;
  readonly noConfig?: boolean;
  /** Whether a JavaScript configuration may run; see `config/trust.ts`. */
  readonly configTrust?: ConfigTrust;
  readonly showSecrets?: boolean;
  /** `--no-suppressions`: inline comments and `allow.values` do not apply. */
  readonly noSuppressions?: boolean;
  readonly onProgress?: (progress: HistoryProgress) => void;
  /**
   * Worker threads for the rules (0 or absent: scan on this thread). Workers load the built-in
   * rule set, so only a caller whose `rules` are the built-in ones may ask for them.
   */
  readonly workers?: number;
  /** Start the workers at once instead of after the first few MB (for tests and measurements). */
  readonly workersAtOnce?: boolean;
}

export interface HistoryOutcome extends ScanOutcome {
  /** How many commits the walk listed. */
  readonly commits: number;
}

/**
 * Runs one history scan from end to end: find the repository, load its configuration, plan
 * which commits to read, refuse a shallow clone that cannot show them all, then scan. The
 * configuration comes from the checked-out work tree, as for `scan`.
 */
export async function runHistory(request: HistoryRequest): Promise<HistoryOutcome> {
  const started = performance.now();
  const repository = await locateRepository(request.cwd);
  const config = await loadConfig({
    root: repository.root,
    file: request.configFile,
    disabled: request.noConfig === true,
    knownRuleIds: new Set(request.rules.map((rule) => rule.id)),
    ...(request.configTrust ? { trust: request.configTrust } : {}),
  });
  const rules = request.rules.filter((rule) => config.rules.get(rule.id) !== 'off');
  const engine = createEngine({ ...request, mode: 'history' }, config);

  const plan = await planWalk(repository, request);
  if (plan.kind === 'empty') {
    info(`nothing to scan: ${plan.reason}`);
    return { findings: [], stats: engine.stats, root: repository.root, config, commits: 0 };
  }
  await checkShallowBoundary(repository, plan.revisions);

  const result = await scanHistory({
    cwd: repository.cwd,
    revisions: plan.revisions,
    engine,
    rules,
    maxFileSize: config.maxFileSize,
    isExcluded: pathExclusion(config),
    maskText: textMasker(rules, request.showSecrets === true),
    ...workersOf(request, config, rules),
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
  });
  if (result.commits === 0) {
    info('nothing to scan: the selected history has no commits');
  }

  engine.stats.durationMs = performance.now() - started;
  debug(`${result.commits} commits, ${result.findings.length} findings`);
  const findings = sortFindings(result.findings);
  return { findings, stats: engine.stats, root: repository.root, config, commits: result.commits };
}

function workersOf(
  request: HistoryRequest,
  config: ResolvedConfig,
  rules: readonly Rule[],
): Pick<HistoryScanOptions, 'workers'> {
  const size = request.workers ?? 0;
  if (size < 1) {
    return {};
  }

  const severityOverrides: [string, Severity][] = [];
  for (const [id, level] of config.rules) {
    if (level !== 'off') {
      severityOverrides.push([id, level]);
    }
  }
  const setup = {
    ruleIds: rules.map((rule) => rule.id),
    config: config.raw,
    severityOverrides,
    showSecrets: request.showSecrets === true,
    suppression: suppressionOptions(config.allowedValues, request.noSuppressions === true),
  };
  return { workers: { size, setup, ...(request.workersAtOnce ? { startAfterBytes: 0 } : {}) } };
}

interface HistoryRepository extends PlanRepository {
  /** The work tree's top folder, or the git directory of a bare repository. */
  readonly root: string;
}

/** Finds the repository around `cwd`; unlike `scan`, a bare repository is fine: it has history. */
async function locateRepository(cwd: string): Promise<HistoryRepository> {
  const asks = ['--absolute-git-dir', '--is-bare-repository', '--is-shallow-repository'];
  const result = await runGit(['rev-parse', ...asks], cwd);
  if (result.code !== 0) {
    const notRepository = result.stderr.includes('not a git repository');
    throw new KeyfenceError(
      'git',
      notRepository
        ? `${cwd} is not inside a git repository, and \`keyfence history\` reads its commits`
        : `git cannot read the repository at ${cwd}: ${firstLine(result.stderr)}`,
      'Run it inside a clone of the repository to scan.',
    );
  }

  const [gitDir = '', isBare, isShallow] = result.stdout.toString('utf8').split('\n');
  const top = await runGit(['rev-parse', '--show-toplevel'], cwd);
  const root = isBare === 'true' || top.code !== 0 ? gitDir : top.stdout.toString('utf8').trim();
  return { cwd: root, root, gitDir, isShallow: isShallow === 'true' };
}

/**
 * Commit subjects are printed beside findings, and people do paste keys into them. This masks
 * whatever the content rules find in a subject, the way the engine masks file content.
 */
function textMasker(rules: readonly Rule[], showSecrets: boolean): (text: string) => string {
  if (showSecrets) {
    return (text) => text;
  }

  const content = rules.filter((rule) => rule.kind === 'content');
  const engine = new Engine({ rules: content, mode: 'history', config: {} });
  return (text) => {
    const findings = engine.scanFile({ path: 'COMMIT_SUBJECT', bytes: Buffer.from(text, 'utf8') });
    let masked = text;
    for (const finding of [...findings].sort((a, b) => b.column - a.column)) {
      if (finding.line === 1 && finding.endLine === 1) {
        const before = masked.slice(0, finding.column - 1);
        masked = before + finding.preview + masked.slice(finding.endColumn - 1);
      }
    }
    return masked;
  };
}
