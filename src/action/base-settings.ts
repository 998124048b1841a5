import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { RULES } from '../../rules/index.js';
import { CONFIG_FILES, loadConfig } from '../config/load.js';
import { KeyfenceError } from '../errors.js';
import { runGit } from '../scanners/git.js';

/**
 * keyfence's own settings for a pull request, taken from the base commit. A pull request that
 * turns a rule off, allows a path or adds a baseline entry changes what the next scan of the
 * base branch sees, never the scan that checks the pull request itself.
 */
export interface BaseSettings {
  /** A copy of the base commit's configuration, or undefined when it has none. */
  readonly configFile: string | undefined;
  /** A copy of the base commit's baseline, or undefined when it has none. */
  readonly baselineFile: string | undefined;
  /** Where that baseline lives in the repository (repository-relative), to keep it unscanned. */
  readonly baselinePath: string | undefined;
  /** keyfence's files that the pull request changes, repository-relative. */
  readonly changedByPullRequest: readonly string[];
}

/** Configurations the action reads. JavaScript ones would have to run, so they are refused. */
const JAVASCRIPT_CONFIG_RE = /\.[cm]?js$/;

/**
 * Copies the base commit's configuration and baseline into a temporary mirror of the repository
 * (same relative paths, so a config's `baseline` resolves as it would in the checkout), and lists
 * which of them the pull request changes.
 *
 * @param inputs the `config` and `baseline` inputs; undefined means "as the CLI would find them"
 */
export async function settingsFromBase(
  root: string,
  range: { readonly base: string; readonly head: string },
  inputs: { readonly config: string | undefined; readonly baseline: string | undefined },
): Promise<BaseSettings> {
  if ((await runGit(['cat-file', '-e', `${range.base}^{commit}`], root)).code !== 0) {
    throw new KeyfenceError(
      'git',
      `the base commit ${range.base.slice(0, 7)} is not in the checkout, ` +
        'and keyfence reads its settings from there',
      'Set `fetch-depth: 2` on actions/checkout (the merge commit and its parents), ' +
        'or `fetch-depth: 0`.',
    );
  }

  const mirror = mkdtempSync(path.join(tmpdir(), 'keyfence-base-'));
  const candidates = inputs.config ? [toGitPath(inputs.config)] : [...CONFIG_FILES];
  const configPath = await firstConfigAt(root, range.base, candidates);
  const configFile = configPath && (await copyFromCommit(root, range.base, configPath, mirror));

  const baselinePath = inputs.baseline
    ? toGitPath(inputs.baseline)
    : await configuredBaseline(configFile, mirror);
  const baselineFile =
    baselinePath && (await copyFromCommit(root, range.base, baselinePath, mirror));
  const watched = [...candidates, ...(baselinePath ? [baselinePath] : [])];

  return {
    configFile,
    baselineFile,
    baselinePath,
    changedByPullRequest: await changedFiles(root, range, watched),
  };
}

async function firstConfigAt(
  root: string,
  commit: string,
  candidates: readonly string[],
): Promise<string | undefined> {
  for (const candidate of candidates) {
    const text = await blobAt(root, commit, candidate);
    if (text === undefined || (candidate === 'package.json' && !hasKeyfenceKey(text))) {
      continue;
    }
    if (JAVASCRIPT_CONFIG_RE.test(candidate)) {
      throw new KeyfenceError(
        'config',
        `the base branch configures keyfence in ${candidate}, which the action will not run`,
        'Move the settings to .keyfencerc.json or .keyfencerc.yaml: the action reads data only.',
      );
    }
    return candidate;
  }
  return undefined;
}

/** The base config's `baseline`, as a repository path; undefined if unset or outside it. */
async function configuredBaseline(
  configFile: string | undefined,
  mirror: string,
): Promise<string | undefined> {
  if (!configFile) {
    return undefined;
  }

  const knownRuleIds = new Set(RULES.map((rule) => rule.id));
  const config = await loadConfig({ root: mirror, file: configFile, knownRuleIds });
  const relative = config.baseline && path.relative(mirror, config.baseline);
  return relative && !relative.startsWith('..') ? toGitPath(relative) : undefined;
}

function hasKeyfenceKey(text: string): boolean {
  try {
    const manifest: unknown = JSON.parse(text);
    return typeof manifest === 'object' && manifest !== null && 'keyfence' in manifest;
  } catch {
    return false;
  }
}

/** Writes the file as it is at `commit` into the mirror; undefined when it is not there. */
async function copyFromCommit(
  root: string,
  commit: string,
  file: string,
  mirror: string,
): Promise<string | undefined> {
  const text = await blobAt(root, commit, file);
  if (text === undefined) {
    return undefined;
  }

  const target = path.join(mirror, ...file.split('/'));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

/** The file's content at `commit` (`git show <commit>:<file>`), or undefined if it is absent. */
async function blobAt(root: string, commit: string, file: string): Promise<string | undefined> {
  const result = await runGit(['cat-file', 'blob', `${commit}:${file}`], root);
  return result.code === 0 ? result.stdout.toString('utf8') : undefined;
}

async function changedFiles(
  root: string,
  range: { readonly base: string; readonly head: string },
  files: readonly string[],
): Promise<string[]> {
  // Three dots: what the pull request changes since its branch point, not what the base did.
  const args = ['diff', '--name-only', '-z', '--no-renames', `${range.base}...${range.head}`];
  const result = await runGit([...args, '--', ...files], root);
  // Without the branch point (a shallow checkout in scan mode) there is no telling what the
  // pull request changed; the scan itself still used the base commit's settings.
  return result.code === 0 ? result.stdout.toString('utf8').split('\0').filter(Boolean) : [];
}

/** Inputs are written relative to the workspace root; git wants `/`-separated paths. */
function toGitPath(file: string): string {
  return path.posix.normalize(file.replaceAll('\\', '/')).replace(/^\.\//, '');
}
