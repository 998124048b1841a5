import { readFileSync } from 'node:fs';
import path from 'node:path';

import { KeyfenceError, usageError } from '../errors.js';
import { git, runGit } from './git.js';
import { NO_OBJECT } from './history-walk.js';

/** Which commits `keyfence history` reads, as the command line chose them. */
export interface HistorySelection {
  /** `A..B`: the commits B has and A has not (what a pull request adds). */
  readonly range?: string | undefined;
  /** Leaves out every commit reachable from this revision. */
  readonly since?: string | undefined;
  /** Only the commits reachable from this branch, instead of every ref. */
  readonly branch?: string | undefined;
}

/** The `git log` revision arguments of a walk, or why there is nothing to walk. */
export type WalkPlan =
  | { readonly kind: 'walk'; readonly revisions: readonly string[] }
  | { readonly kind: 'empty'; readonly reason: string };

/** What a repository needs to say for a walk to be planned. */
export interface PlanRepository {
  readonly cwd: string;
  readonly gitDir: string;
  readonly isShallow: boolean;
}

/** What to do about a shallow clone, in the words of the tools people use. */
const DEEPEN_HINT =
  'Fetch the missing history first: `git fetch --unshallow` (or `git fetch --deepen=N` for N ' +
  'more commits); in GitHub Actions, give actions/checkout `fetch-depth: 0`.';

/**
 * Turns the command line's selection into revisions for `git log`, each resolved to a commit
 * so a typo fails here with a clear message rather than half-way through the walk. Every ref
 * (`--all`: branches, tags, remote-tracking refs, the stash) is the default.
 */
export async function planWalk(
  repository: PlanRepository,
  selection: HistorySelection,
): Promise<WalkPlan> {
  if (selection.range !== undefined && (selection.since ?? selection.branch) !== undefined) {
    throw usageError('--range cannot be combined with --since or --branch');
  }
  if (selection.range !== undefined) {
    return planRange(repository, selection.range);
  }

  const since = selection.since;
  const excluded = since === undefined ? [] : [`^${await resolve(repository, since)}`];
  if (selection.branch === undefined) {
    return { kind: 'walk', revisions: ['--all', ...excluded] };
  }

  const tip = await resolveOptional(repository, selection.branch);
  if (tip !== undefined) {
    return { kind: 'walk', revisions: [tip, ...excluded] };
  }
  if (await isUnbornBranch(repository.cwd, selection.branch)) {
    return { kind: 'empty', reason: `branch ${selection.branch} has no commits yet` };
  }
  throw notFound(repository, selection.branch, 'branch');
}

async function planRange(repository: PlanRepository, range: string): Promise<WalkPlan> {
  const ends = range.includes('...') ? [] : range.split('..');
  const [base = '', head = ''] = ends;
  if (ends.length !== 2 || base === '' || head === '') {
    throw usageError(
      `--range must be BASE..HEAD (got "${range}")`,
      'Give two revisions, for example `--range origin/main..HEAD`.',
    );
  }

  const headSha = await resolve(repository, head);
  // A push that creates a branch has no "before" commit; GitHub then sends forty zeros.
  if (base === NO_OBJECT) {
    return { kind: 'walk', revisions: [headSha] };
  }
  const baseSha = await resolve(repository, base);
  return { kind: 'walk', revisions: [headSha, `^${baseSha}`] };
}

/**
 * Fails when the walk would reach the shallow boundary: past it git pretends the oldest commit
 * added every file, so a clean result would mean nothing and a dirty one would blame the wrong
 * commit.
 */
export async function checkShallowBoundary(
  repository: PlanRepository,
  revisions: readonly string[],
): Promise<void> {
  if (!repository.isShallow) {
    return;
  }

  const boundary = readShallowList(repository.gitDir);
  const listed = (await git(['rev-list', ...revisions, '--'], repository.cwd)).toString('utf8');
  const reached = listed.split('\n').find((sha) => boundary.has(sha));
  if (reached !== undefined) {
    throw new KeyfenceError(
      'git',
      `this clone is shallow and the history to scan reaches its boundary at ` +
        `${reached.slice(0, 12)}; what came before is not here, so the scan cannot be complete`,
      DEEPEN_HINT,
    );
  }
}

function readShallowList(gitDir: string): Set<string> {
  try {
    const text = readFileSync(path.join(gitDir, 'shallow'), 'utf8');
    return new Set(text.split('\n').filter((line) => line !== ''));
  } catch {
    // git said the clone is shallow; a missing list means no boundary it can show us.
    return new Set();
  }
}

async function resolve(repository: PlanRepository, revision: string): Promise<string> {
  const sha = await resolveOptional(repository, revision);
  if (sha === undefined) {
    throw notFound(repository, revision, 'revision');
  }
  return sha;
}

async function resolveOptional(
  repository: PlanRepository,
  revision: string,
): Promise<string | undefined> {
  if (revision.startsWith('-')) {
    throw usageError(`"${revision}" is not a revision`);
  }
  const args = ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`];
  const result = await runGit(args, repository.cwd);
  const sha = result.stdout.toString('utf8').trim();
  return result.code === 0 && sha !== '' ? sha : undefined;
}

function notFound(repository: PlanRepository, revision: string, what: string): KeyfenceError {
  if (repository.isShallow) {
    return new KeyfenceError(
      'git',
      `the ${what} "${revision}" is not in this shallow clone`,
      DEEPEN_HINT,
    );
  }
  return new KeyfenceError(
    'git',
    `the ${what} "${revision}" does not name a commit in this repository`,
    'Check the name with `git rev-parse`; a remote branch may need `git fetch` first.',
  );
}

/** Whether `name` is the branch HEAD points to, before its first commit. */
async function isUnbornBranch(cwd: string, name: string): Promise<boolean> {
  const result = await runGit(['symbolic-ref', '--quiet', 'HEAD'], cwd);
  const ref = result.stdout.toString('utf8').trim();
  const head = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], cwd);
  return head.code !== 0 && (ref === `refs/heads/${name}` || ref === name);
}
