import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CONFIG_FILES } from '../config/load.js';
import { KeyfenceError } from '../errors.js';
import { git, runGit } from '../scanners/git.js';

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
  /** keyfence's files that the pull request changes, repository-relative. */
  readonly changedByPullRequest: readonly string[];
}

/** Configurations the action reads. JavaScript ones would have to run, so they are refused. */
const JAVASCRIPT_CONFIG_RE = /\.[cm]?js$/;

/**
 * Copies the base commit's configuration and baseline to a temporary folder, under their own
 * names so each is parsed by its extension, and lists which of them the pull request changes.
 *
 * @param config the `config` input, or undefined to look for the files the CLI looks for
 * @param baseline the `baseline` input, or undefined for none
 */
export async function settingsFromBase(
  root: string,
  range: { readonly base: string; readonly head: string },
  inputs: { readonly config: string | undefined; readonly baseline: string | undefined },
): Promise<BaseSettings> {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyfence-base-'));
  const candidates = inputs.config ? [inputs.config] : [...CONFIG_FILES];
  const configPath = await firstConfigAt(root, range.base, candidates);
  const watched = [...candidates, ...(inputs.baseline ? [inputs.baseline] : [])];

  return {
    configFile: configPath && (await copyFromCommit(root, range.base, configPath, dir)),
    baselineFile:
      inputs.baseline && (await blobAt(root, range.base, inputs.baseline)) !== undefined
        ? await copyFromCommit(root, range.base, inputs.baseline, dir)
        : undefined,
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

function hasKeyfenceKey(text: string): boolean {
  try {
    const manifest: unknown = JSON.parse(text);
    return typeof manifest === 'object' && manifest !== null && 'keyfence' in manifest;
  } catch {
    return false;
  }
}

async function copyFromCommit(root: string, commit: string, file: string, dir: string): Promise<string> {
  const target = path.join(dir, path.basename(file));
  writeFileSync(target, (await blobAt(root, commit, file)) ?? '');
  return target;
}

/** The file's content at `commit` (`git show <commit>:<file>`), or undefined if it is absent. */
async function blobAt(root: string, commit: string, file: string): Promise<string | undefined> {
  const result = await runGit(['cat-file', 'blob', `${commit}:${toGitPath(file)}`], root);
  return result.code === 0 ? result.stdout.toString('utf8') : undefined;
}

async function changedFiles(
  root: string,
  range: { readonly base: string; readonly head: string },
  files: readonly string[],
): Promise<string[]> {
  // Three dots: what the pull request changes since its branch point, not what the base did.
  const args = ['diff', '--name-only', '-z', '--no-renames', `${range.base}...${range.head}`, '--'];
  const output = await git([...args, ...files.map(toGitPath)], root);
  return output.toString('utf8').split('\0').filter((name) => name !== '');
}

/** Inputs are written relative to the workspace root; git wants `/`-separated paths. */
function toGitPath(file: string): string {
  return file.replaceAll('\\', '/').replace(/^\.\//, '');
}
