import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

import type { CommitInfo } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';
import { debugFor } from '../log.js';
import { firstLine, spawnError } from './git.js';

const debug = debugFor('history');

/**
 * One path a commit changed, from `git log --raw`: the blob each parent had there and the blob
 * the commit has. A merge lists only paths that differ from every parent (`-c`), which is
 * exactly the content it introduced itself: a conflict resolution.
 */
export interface RawEntry {
  readonly path: string;
  /** The blob at `path` in each parent; {@link NO_OBJECT} where a parent had none. */
  readonly oldBlobs: readonly string[];
  /** The file mode of `path` in each parent, in the order of `oldBlobs`. */
  readonly oldModes: readonly string[];
  readonly newBlob: string;
  /** The file mode the commit gives `path` (`000000` when it deletes it). */
  readonly newMode: string;
}

export interface WalkedCommit {
  readonly info: CommitInfo;
  readonly entries: readonly RawEntry[];
}

/** Git's name for "no object here": a path added (old side) or deleted (new side). */
export const NO_OBJECT = '0'.repeat(40);

/** Author name, email, date and subject follow the `C <sha> <parents>` field. */
const HEADER_FIELDS = 4;

/**
 * The commit header, NUL-separated so any byte in a name or subject is safe. The leading NUL
 * ends the previous commit's raw listing.
 */
const LOG_FORMAT = '--format=%x00C %H %P%x00%an%x00%ae%x00%aI%x00%s';

/**
 * `git log` arguments shared by both walks. `--no-renames`: a rename is a deletion plus an
 * addition of the same blob, which the attribution recognises itself without git reading any
 * content (rename detection of edited files would load blobs, the cost this design avoids).
 * `--no-show-signature`, `--no-color` and `--no-relative` keep a user's configuration (a
 * signature check, colours, paths relative to a folder) out of the output.
 */
const LOG_ARGS = [
  'log',
  '--raw',
  '-c',
  '--root',
  '--no-renames',
  '--no-abbrev',
  '--no-color',
  '--no-show-signature',
  '--no-ext-diff',
  '--no-relative',
  '-z',
  LOG_FORMAT,
];

/** A running walk: its commits arrive through the callback given to {@link walkCommits}. */
export interface CommitWalk {
  pause(): void;
  resume(): void;
  /** Resolves when git has listed every commit. */
  readonly done: Promise<void>;
}

/**
 * Lists the commits selected by `revisions` with the paths each one changed, streamed: memory
 * holds one commit's listing at a time, whatever the length of the history.
 *
 * @param order `topo-reverse` gives parents before children (for attribution); `natural` lets
 *   git stream at once (for finding which blobs exist).
 */
export function walkCommits(
  cwd: string,
  revisions: readonly string[],
  order: 'natural' | 'topo-reverse',
  onCommit: (commit: WalkedCommit) => void,
): CommitWalk {
  const ordering = order === 'topo-reverse' ? ['--topo-order', '--reverse'] : [];
  const args = [...LOG_ARGS, ...ordering, ...revisions, '--'];
  const child = spawn('git', args, {
    cwd,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
  });
  const parser = new RawLogParser(onCommit);
  const decoder = new StringDecoder('utf8');
  const stderr: Buffer[] = [];
  const started = performance.now();

  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (cause) => reject(spawnError(cause)));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        parser.push(decoder.write(chunk));
      } catch (cause) {
        child.kill();
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
    });
    child.on('close', (code) => {
      if (code !== 0) {
        const message = firstLine(Buffer.concat(stderr).toString('utf8').trim());
        reject(new KeyfenceError('git', `git log failed: ${message || `exit code ${code}`}`));
        return;
      }
      parser.push(decoder.end());
      parser.finish();
      debug(`walk (${order}) listed ${parser.commits} commits in ${ms(started)} ms`);
      resolve();
    });
  });
  done.catch(() => undefined);

  return {
    pause: () => child.stdout.pause(),
    resume: () => child.stdout.resume(),
    done,
  };
}

/**
 * Parses `git log --raw -z` output token by token. Tokens are NUL-separated; a header field or
 * a path is read by position, so no name or subject can be mistaken for the structure.
 */
class RawLogParser {
  commits = 0;

  #rest = '';
  #fieldsLeft = 0;
  #fields: string[] = [];
  #head: string[] = [];
  #status: string | undefined;
  #entries: RawEntry[] = [];
  readonly #onCommit: (commit: WalkedCommit) => void;

  constructor(onCommit: (commit: WalkedCommit) => void) {
    this.#onCommit = onCommit;
  }

  push(text: string): void {
    const tokens = (this.#rest + text).split('\0');
    this.#rest = tokens.pop() ?? '';
    for (const token of tokens) {
      this.#take(token);
    }
  }

  finish(): void {
    if (this.#rest !== '') {
      this.#take(this.#rest);
      this.#rest = '';
    }
    this.#flush();
  }

  #take(token: string): void {
    if (this.#fieldsLeft > 0) {
      this.#fields.push(token);
      this.#fieldsLeft -= 1;
      return;
    }
    if (this.#status !== undefined) {
      this.#entries.push(parseRaw(this.#status, token));
      this.#status = undefined;
      return;
    }

    // A header or a raw line may follow the newline git ends the previous record with.
    const trimmed = token.replace(LEADING_NEWLINES_RE, '');
    if (trimmed.startsWith('C ')) {
      this.#flush();
      this.#head = trimmed.slice(2).split(' ');
      this.#fieldsLeft = HEADER_FIELDS;
    } else if (trimmed.startsWith(':')) {
      this.#status = trimmed;
    } else if (trimmed !== '') {
      throw new KeyfenceError('git', 'git log printed a listing keyfence cannot read');
    }
  }

  #flush(): void {
    const sha = this.#head[0];
    if (sha === undefined) {
      return;
    }

    const [author = '', email = '', date = '', subject = ''] = this.#fields;
    const info = { sha, author, email, date, subject: subject.replace(TRAILING_NEWLINES_RE, '') };
    const entries = this.#entries;
    this.#head = [];
    this.#fields = [];
    this.#entries = [];
    this.commits += 1;
    this.#onCommit({ info, entries });
  }
}

/** Matches "\n:100644"'s leading newline; does not match the colon. */
const LEADING_NEWLINES_RE = /^\n+/;

/** Matches "subject\n"'s trailing newline; does not match "subject". */
const TRAILING_NEWLINES_RE = /\n+$/;

/**
 * One raw line: `:<old mode> <new mode> <old sha> <new sha> <status>`, or for a merge with N
 * parents, N colons, N + 1 modes and N + 1 SHAs (`::100644 100644 100644 a b c MM`).
 */
function parseRaw(status: string, path: string): RawEntry {
  const parents = status.length - status.replace(/^:+/, '').length;
  const fields = status.slice(parents).split(' ');
  const shas = fields.slice(parents + 1, 2 * parents + 2);

  return {
    path,
    oldBlobs: shas.slice(0, parents),
    oldModes: fields.slice(0, parents),
    newBlob: shas[parents] ?? NO_OBJECT,
    newMode: fields[parents] ?? '000000',
  };
}

function ms(since: number): string {
  return (performance.now() - since).toFixed(0);
}
