import type { Engine, FileInput, ScannedFile } from '../engine/engine.js';
import type { Finding, Rule } from '../engine/types.js';
import { KeyfenceError } from '../errors.js';
import { debugFor } from '../log.js';
import { openObjectStream, type BatchObject, type ObjectStream } from './cat-file.js';
import { attributeFindings, type BlobFindings } from './history-attribute.js';
import { inlineScanner, poolScanner, type BlobScanner, type WorkerSetup } from './history-pool.js';
import { createSignatures } from './history-signature.js';
import { NO_OBJECT, walkCommits, type CommitWalk, type RawEntry } from './history-walk.js';

const debug = debugFor('history');

/** Git file modes (see `git help index-format`): links and submodules have no text to scan. */
const MODE_SYMLINK = '120000';
const MODE_SUBMODULE = '160000';

/**
 * Memory kept for keyword-free blobs, as bases for the next versions of their paths. A base may
 * be a view of one of git's 64 KB chunks, which it keeps alive, so the whole chunk counts.
 */
const MAX_BASE_BYTES = 48 * 1024 * 1024;

/** How many answered requests the queue keeps before dropping them: bounds its memory. */
const QUEUE_COMPACT_AT = 4096;

export interface HistoryScanOptions {
  /** Where git runs: the work tree, or the git directory of a bare repository. */
  readonly cwd: string;
  /** `git log` revision arguments, from {@link planWalk}. */
  readonly revisions: readonly string[];
  /** The engine that scans each blob; it also keeps the scan's statistics. */
  readonly engine: Engine;
  /** The rules the engine runs, to tell which paths a blob must be scanned at. */
  readonly rules: readonly Rule[];
  readonly maxFileSize: number;
  /** Paths the configuration allows: never read, never reported. */
  readonly isExcluded: (path: string) => boolean;
  /** Masks secrets in commit subjects, which are printed with the findings. */
  readonly maskText: (text: string) => string;
  /**
   * Worker threads to run the engine on, beside the thread that reads from git. Workers load
   * the built-in rules, so this is for a scan whose `rules` are built-in ones only.
   */
  readonly workers?: {
    readonly size: number;
    readonly setup: WorkerSetup;
    /** Bytes to scan on the main thread before the workers start. */
    readonly startAfterBytes?: number;
  };
  /** Called after each blob; the caller decides how often to show anything. */
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/** How far a history scan has got. */
export interface HistoryProgress {
  commits: number;
  blobs: number;
  bytes: number;
  /** Findings in the blobs read so far, before they are merged into locations. */
  findings: number;
}

export interface HistoryScanResult {
  readonly findings: readonly Finding[];
  readonly commits: number;
}

/**
 * Scans the history that `revisions` select. Two cheap commit walks frame one pass over the
 * content:
 * 1. `git log --raw` lists the blobs each commit touched; each distinct blob is requested from
 *    one `git cat-file --batch` process as soon as the walk first meets it, so git reads blobs
 *    while it is still walking, and the engine scans each blob as it arrives.
 * 2. When something was found, a second walk in topological order (parents first) tells which
 *    commit brought each secret to each path; see {@link attributeFindings}.
 *
 * Memory holds one blob at a time (and up to 1 MB more per worker thread), the set of
 * blob names met (to read each once) and the findings; never the history's content or diffs.
 *
 * Limitation: the two walks each read the refs; a commit made between them is not scanned,
 * since the first walk never read its blobs. The next scan sees it.
 *
 * Limitation: in a partial clone (`--filter=blob:none`) git fetches each missing blob on its
 * own as it is asked for, which is slow and needs the network; scan a full clone instead.
 */
export async function scanHistory(options: HistoryScanOptions): Promise<HistoryScanResult> {
  const signatureOf = createSignatures(options.rules);
  const progress: HistoryProgress = { commits: 0, blobs: 0, bytes: 0, findings: 0 };
  const blobs = await readBlobs(options, signatureOf, progress);
  debug(`${progress.commits} commits, ${progress.blobs} blob reads, ${blobs.size} with findings`);

  if (blobs.size === 0) {
    return { findings: [], commits: progress.commits };
  }
  const findings = await attributeFindings({
    cwd: options.cwd,
    revisions: options.revisions,
    blobs,
    signatureOf,
    isExcluded: options.isExcluded,
    maskText: options.maskText,
  });
  return { findings, commits: progress.commits };
}

/** One blob read, the path it is scanned at and the path group that path belongs to. */
interface Request {
  readonly sha: string;
  readonly path: string;
  readonly signature: number;
}

/** Pass 1: walk, read every distinct blob once per path group, scan it, keep what was found. */
async function readBlobs(
  options: HistoryScanOptions,
  signatureOf: (path: string) => number,
  progress: HistoryProgress,
): Promise<Map<string, BlobFindings>> {
  const found = new Map<string, BlobFindings>();
  const claimed = new ClaimSet();
  const queue = new RequestQueue();
  const scanner = createScanner(options);
  const bases = new KeywordFreeBases();

  const scan = (request: Request, input: FileInput): void => {
    const base = input.bytes === undefined ? undefined : bases.get(request.path);
    scanner.scan(base === undefined ? input : { ...input, keywordFreeBase: base }, (result) => {
      const { findings } = result;
      if (findings.length > 0) {
        record(found, request, findings);
        progress.findings += findings.length;
      }
      bases.update(request.path, result.isKeywordFree ? input.bytes : undefined);
    });
  };
  const stream = openObjectStream(options.cwd, options.maxFileSize, (object) => {
    const request = queue.shift();
    // Counted first: a worker takes the bytes over, which leaves this buffer empty.
    progress.blobs += 1;
    progress.bytes += object.kind === 'blob' ? object.bytes.length : 0;
    scan(request, inputOf(request.path, object));
    options.onProgress?.(progress);
  });

  const consider = (sha: string, mode: string | undefined, path: string): boolean => {
    if (sha === NO_OBJECT || mode === MODE_SUBMODULE) {
      return true;
    }
    const request = { sha, path, signature: signatureOf(path) };
    if (!claimed.claim(sha, request.signature)) {
      return true;
    }
    if (mode === MODE_SYMLINK) {
      scan(request, { path, skipped: 'symlink' });
      return true;
    }
    queue.push(request);
    return stream.request(sha);
  };

  const onEntry = (entry: RawEntry): boolean => {
    let writable = consider(entry.newBlob, entry.newMode, entry.path);
    // The blobs a commit replaced are read too: a range scan needs them to tell a secret the
    // range added from one that was already there. In a full scan each of them is also some
    // commit's new blob, so it is still read once.
    entry.oldBlobs.forEach((sha, index) => {
      writable = consider(sha, entry.oldModes[index], entry.path) && writable;
    });
    return writable;
  };

  try {
    await walkAndRead(options, stream, onEntry, progress);
  } catch (cause) {
    // Workers keep the process alive: stop them before reporting what went wrong.
    await scanner.finish().catch(() => undefined);
    throw cause;
  }
  await scanner.finish();
  return found;
}

function createScanner(options: HistoryScanOptions): BlobScanner {
  const scanBlob = (input: FileInput): ScannedFile => options.engine.scanFileAndKeywords(input);
  const workers = options.workers;
  if (workers === undefined || workers.size < 1) {
    return inlineScanner(scanBlob);
  }
  const { setup, size, startAfterBytes } = workers;
  return poolScanner(options.engine, scanBlob, setup, size, startAfterBytes);
}

/**
 * Runs the walk and feeds each entry to `onEntry`, pausing the walk while git's object reader
 * has a full input pipe, so requests never pile up in memory.
 */
async function walkAndRead(
  options: HistoryScanOptions,
  stream: ObjectStream,
  onEntry: (entry: RawEntry) => boolean,
  progress: HistoryProgress,
): Promise<void> {
  let isPaused = false;
  const holder: { walk?: CommitWalk } = {};

  holder.walk = walkCommits(options.cwd, options.revisions, 'natural', (commit) => {
    progress.commits += 1;
    let writable = true;
    for (const entry of commit.entries) {
      if (!options.isExcluded(entry.path)) {
        writable = onEntry(entry) && writable;
      }
    }
    if (!writable && !isPaused) {
      isPaused = true;
      holder.walk?.pause();
      stream.onceWritable(() => {
        isPaused = false;
        holder.walk?.resume();
      });
    }
  });

  try {
    await holder.walk.done;
  } finally {
    await stream.end();
  }
}

function inputOf(path: string, object: BatchObject): FileInput {
  if (object.kind === 'missing') {
    // A commit names this blob, so git must have it: a corrupt object store, or a partial clone
    // that cannot fetch. Counting it as skipped would pass the history as clean.
    throw new KeyfenceError(
      'git',
      `the blob of ${path} (${object.name}) in history cannot be read from the repository`,
      'The repository may be corrupt (run `git fsck`), or a partial clone that cannot fetch.',
    );
  }
  if (object.kind === 'blob') {
    return { path, bytes: object.bytes };
  }
  return { path, skipped: 'too-large' };
}

function record(found: Map<string, BlobFindings>, request: Request, findings: Finding[]): void {
  let entry = found.get(request.sha);
  if (!entry) {
    entry = { bySignature: new Map() };
    found.set(request.sha, entry);
  }
  entry.bySignature.set(request.signature, findings);
}

/**
 * The (blob, path group) pairs already read. Most blobs live in one group, so the common case
 * stores a number, not a list: this map is the one structure that grows with the history.
 *
 * Limitation: it holds one entry per distinct blob (about 100 bytes each), so a history of
 * millions of blobs needs a few hundred MB for it alone.
 */
class ClaimSet {
  readonly #groups = new Map<string, number | number[]>();

  /** Records the pair and says whether it is new. */
  claim(sha: string, signature: number): boolean {
    const known = this.#groups.get(sha);
    if (known === undefined) {
      this.#groups.set(sha, signature);
      return true;
    }
    if (known === signature || (Array.isArray(known) && known.includes(signature))) {
      return false;
    }
    this.#groups.set(sha, Array.isArray(known) ? [...known, signature] : [known, signature]);
    return true;
  }
}

/**
 * The last version read of each path, when it held no keyword: the next version read at that
 * path (its parent, in the walk's order) is mostly the same bytes, and the keyword pass reads
 * only those that differ (see `keywordWindow`). On the benchmark that pass was two thirds of
 * the scan. Bounded: the oldest bases go first past {@link MAX_BASE_BYTES}.
 */
class KeywordFreeBases {
  readonly #byPath = new Map<string, Buffer>();
  #bytes = 0;

  get(path: string): Buffer | undefined {
    return this.#byPath.get(path);
  }

  /** Keeps `bytes` as the base of `path`, or forgets the path's base when undefined. */
  update(path: string, bytes: Buffer | undefined): void {
    this.#forget(path);
    // A blob handed to a worker may have left this thread: its buffer is then empty.
    if (bytes === undefined || bytes.length === 0) {
      return;
    }
    this.#byPath.set(path, bytes);
    this.#bytes += bytes.buffer.byteLength;
    for (const [oldest] of this.#byPath) {
      if (this.#bytes <= MAX_BASE_BYTES) {
        break;
      }
      this.#forget(oldest);
    }
  }

  #forget(path: string): void {
    const known = this.#byPath.get(path);
    if (known !== undefined) {
      this.#bytes -= known.buffer.byteLength;
      this.#byPath.delete(path);
    }
  }
}

/** Requests in the order git answers them. */
class RequestQueue {
  #items: Request[] = [];
  #head = 0;

  push(request: Request): void {
    this.#items.push(request);
  }

  shift(): Request {
    const request = this.#items[this.#head];
    if (request === undefined) {
      throw new Error('git cat-file answered an object that was not requested');
    }
    this.#head += 1;
    if (this.#head >= QUEUE_COMPACT_AT) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return request;
  }
}
