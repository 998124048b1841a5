import { readFileSync } from 'node:fs';
import path from 'node:path';

import { KeyfenceError } from '../errors.js';
import { git, runGit } from '../scanners/git.js';

/** The part of a `pull_request` event payload the action reads. */
export interface PullRequestEvent {
  readonly number: number | undefined;
  readonly base: string;
  readonly head: string;
  /** How many commits GitHub counts in the pull request, when the payload says. */
  readonly commits: number | undefined;
}

/** The commits a pull request adds, checked to be complete in the checkout. */
export interface CommitRange {
  readonly base: string;
  readonly head: string;
  /** `base..head`, newest first. */
  readonly commits: readonly string[];
}

/** A full commit SHA: 40 hex digits (SHA-1) or 64 (SHA-256 repositories). */
const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Reads the base and head of the pull request from the event payload file. */
export function readPullRequestEvent(eventPath: string | undefined): PullRequestEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(eventPath ?? '', 'utf8'));
  } catch {
    throw new KeyfenceError(
      'input',
      `the event payload ${eventPath ?? '(GITHUB_EVENT_PATH is not set)'} could not be read`,
      'Run the action inside GitHub Actions, or set mode: scan.',
    );
  }

  const pr = (payload as { pull_request?: PullRequestPayload }).pull_request;
  const base = pr?.base?.sha ?? '';
  const head = pr?.head?.sha ?? '';
  if (!SHA_RE.test(base) || !SHA_RE.test(head)) {
    throw new KeyfenceError(
      'input',
      'mode pull-request needs a pull_request event, and this payload has no base and head SHAs',
      'Trigger the workflow `on: pull_request`, or set `mode: history` or `mode: scan`.',
    );
  }
  return {
    number: typeof pr?.number === 'number' ? pr.number : undefined,
    base,
    head,
    commits: typeof pr?.commits === 'number' ? pr.commits : undefined,
  };
}

interface PullRequestPayload {
  readonly number?: unknown;
  readonly commits?: unknown;
  readonly base?: { readonly sha?: string };
  readonly head?: { readonly sha?: string };
}

/**
 * Lists `base..head` and proves the list complete. actions/checkout fetches one commit by
 * default, and in a shallow clone `git rev-list` stops at the cut without an error, so the range
 * could silently lose commits (or gain the base branch's). The range is complete when both ends
 * are present and no commit in it is a shallow boundary, one whose parents were not fetched.
 */
export async function resolveCommitRange(
  root: string,
  event: PullRequestEvent,
): Promise<CommitRange> {
  const [hasBase, hasHead] = await Promise.all([
    hasCommit(root, event.base),
    hasCommit(root, event.head),
  ]);
  if (!hasHead) {
    throw tooShallow(event, 'the pull request');
  }
  if (!hasBase) {
    // The head is there but not the base: a checkout of the head commit, which only the full
    // history connects to the base branch.
    throw tooShallow(event, 'the base branch');
  }

  const commits = splitLines(await git(['rev-list', `${event.base}..${event.head}`], root));
  const boundary = await shallowBoundary(root);
  if (commits.some((sha) => boundary.has(sha))) {
    const ownCommits = event.commits ?? commits.length;
    const cutsOwn = commits.slice(0, ownCommits).some((sha) => boundary.has(sha));
    throw tooShallow(event, cutsOwn ? 'the pull request' : 'the base branch');
  }
  return { base: event.base, head: event.head, commits };
}

async function hasCommit(root: string, sha: string): Promise<boolean> {
  return (await runGit(['cat-file', '-e', `${sha}^{commit}`], root)).code === 0;
}

/** The commits listed in `.git/shallow`: fetched, but without their parents. */
async function shallowBoundary(root: string): Promise<Set<string>> {
  const file = (await git(['rev-parse', '--git-path', 'shallow'], root)).toString('utf8').trim();
  try {
    return new Set(splitLines(readFileSync(path.resolve(root, file))));
  } catch {
    // No shallow file: a complete clone.
    return new Set();
  }
}

/**
 * The error for a checkout that cannot show the pull request's commits. With the default
 * checkout of the merge commit, depth 1 is the merge, 2 adds the base tip and the head, and
 * N + 2 reaches the commit the N pull request commits start from. When the base branch moved
 * on further than that, only the full history is certain to hold the branch point.
 */
function tooShallow(
  event: PullRequestEvent,
  side: 'the pull request' | 'the base branch',
): KeyfenceError {
  const count = event.commits;
  const depth = side === 'the pull request' && count !== undefined ? String(count + 2) : '0';
  const commits =
    count === undefined ? 'the commits' : `the ${count} commit${count === 1 ? '' : 's'}`;
  return new KeyfenceError(
    'git',
    `the checkout is too shallow to see ${commits} this pull request adds (cut off in ${side})`,
    `Set \`fetch-depth: ${depth}\` on actions/checkout` +
      (depth === '0' ? ' (the full history).' : ', or `fetch-depth: 0` for the full history.'),
  );
}

function splitLines(output: Buffer): string[] {
  return output
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '');
}
