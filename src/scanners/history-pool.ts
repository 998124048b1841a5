import { Worker } from 'node:worker_threads';

import type { Engine, EngineOptions, FileInput, ScannedFile } from '../engine/engine.js';
import type { Finding, ScanStats, Severity, SkipReason } from '../engine/types.js';
import { debugFor } from '../log.js';

const debug = debugFor('history');

/**
 * How many bytes the main thread scans between two looks at whether workers would pay. A small
 * history is done before a worker would have loaded (about 40 ms here), so it never starts one.
 */
export const POOL_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * Share of the time the main thread may spend in the rules before workers start. Below it the
 * thread mostly waits for git and a worker would only add the cost of handing blobs over.
 */
const BUSY_SHARE_FOR_WORKERS = 0.5;

/**
 * Bytes a worker may have waiting before the main thread scans the next blob itself. The main
 * thread keeps scanning and the workers take what they can: on two cores, where git's object
 * reader needs most of one, handing every blob to a worker left the main thread idle while the
 * worker and git fought for the other core. About 40 average blobs: a worker never runs dry
 * while the main thread is busy with one blob, and memory stays bounded.
 */
const WORKER_QUEUE_BYTES = 1024 * 1024;

/** What a worker needs to build the same engine as the main thread. */
export interface WorkerSetup {
  readonly ruleIds: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly severityOverrides: readonly (readonly [string, Severity])[];
  readonly showSecrets: boolean;
  /** Inline comments and `allow.values`; RegExp values survive the structured clone. */
  readonly suppression: Pick<EngineOptions, 'inlineSuppressions' | 'allowedValues'>;
}

export type WorkerJob =
  | {
      readonly kind: 'scan';
      readonly id: number;
      readonly path: string;
      readonly bytes?: Uint8Array;
      readonly skipped?: SkipReason;
    }
  | { readonly kind: 'close' };

export type WorkerReply =
  | {
      readonly kind: 'result';
      readonly id: number;
      readonly findings: Finding[];
      readonly isKeywordFree: boolean;
      readonly size: number;
    }
  | { readonly kind: 'stats'; readonly stats: ScanStats };

/** Runs the engine on blobs, on this thread or on workers; results come back by callback. */
export interface BlobScanner {
  scan(input: FileInput, onResult: (result: ScannedFile) => void): void;
  /** Waits for every result and adds the workers' statistics to the main engine's. */
  finish(): Promise<void>;
}

/** Scans on the calling thread: for small histories, tests and rule sets workers cannot load. */
export function inlineScanner(scanBlob: (input: FileInput) => ScannedFile): BlobScanner {
  return {
    scan: (input, onResult) => onResult(scanBlob(input)),
    finish: async () => undefined,
  };
}

/**
 * Scans on this thread (with `scanBlob`, whose statistics go to `engine`) and, once that holds
 * up the reading, on `size` worker threads too: after each `startAfterBytes`, the workers start
 * if the rules kept this thread busy more than half of the time. With `startAfterBytes` 0 they
 * start at once. Each blob goes to the least loaded worker unless every worker already has
 * {@link WORKER_QUEUE_BYTES} waiting; then this thread scans it. Blob bytes are transferred,
 * not copied, when the blob owns its memory.
 *
 * @param setup what the workers build their engine from; their rules are the built-in ones,
 *   so `setup.ruleIds` must name built-in rules only
 */
export function poolScanner(
  engine: Engine,
  scanBlob: (input: FileInput) => ScannedFile,
  setup: WorkerSetup,
  size: number,
  startAfterBytes = POOL_AFTER_BYTES,
): BlobScanner {
  return new PoolScanner(engine, scanBlob, { setup, size, startAfterBytes });
}

/** A started worker and the bytes it has been sent and not answered yet. */
interface PoolWorker {
  readonly thread: Worker;
  queuedBytes: number;
}

/** The pool's state: workers once started, the results awaited. */
class PoolScanner implements BlobScanner {
  readonly #engine: Engine;
  readonly #inline: BlobScanner;
  readonly #plan: { setup: WorkerSetup; size: number; startAfterBytes: number };
  readonly #jobs = new Map<number, { onResult: (result: ScannedFile) => void; to: PoolWorker }>();
  readonly #gauge = { since: performance.now(), bytes: 0, busyMs: 0 };
  #workers: PoolWorker[] | undefined;
  #nextId = 0;
  #failure: Error | undefined;

  constructor(
    engine: Engine,
    scanBlob: (input: FileInput) => ScannedFile,
    plan: { setup: WorkerSetup; size: number; startAfterBytes: number },
  ) {
    this.#engine = engine;
    this.#inline = inlineScanner(scanBlob);
    this.#plan = plan;
  }

  scan(input: FileInput, onResult: (result: ScannedFile) => void): void {
    if (this.#failure !== undefined) {
      this.#inline.scan(input, onResult);
      return;
    }
    if (this.#workers === undefined && this.#plan.startAfterBytes > 0) {
      if (this.#scanInline(input, onResult)) {
        this.#workers = this.#start();
      }
      return;
    }

    const workers = (this.#workers ??= this.#start());
    const to = leastLoaded(workers);
    if (to === undefined || to.queuedBytes >= WORKER_QUEUE_BYTES) {
      this.#inline.scan(input, onResult);
      return;
    }
    const id = this.#nextId++;
    const bytes = input.bytes === undefined ? undefined : transferable(input.bytes);
    this.#jobs.set(id, { onResult, to });
    to.queuedBytes += bytes?.length ?? 0;
    const content = withBytes(bytes, input.skipped);
    const job: WorkerJob = { kind: 'scan', id, path: input.path, ...content };
    to.thread.postMessage(job, bytes ? [bytes.buffer as ArrayBuffer] : []);
  }

  async finish(): Promise<void> {
    if (this.#workers !== undefined) {
      const threads = this.#workers.map((worker) => worker.thread);
      const stats = await Promise.all(threads.map((thread) => closeWorker(thread)));
      stats.forEach((part) => addStats(this.#engine.stats, part));
    }
    if (this.#failure !== undefined) {
      throw this.#failure;
    }
  }

  /** Scans inline, timing it; says whether the workers should take over from now on. */
  #scanInline(input: FileInput, onResult: (result: ScannedFile) => void): boolean {
    const gauge = this.#gauge;
    const began = performance.now();
    this.#inline.scan(input, onResult);
    const now = performance.now();
    gauge.busyMs += now - began;
    gauge.bytes += input.bytes?.length ?? 0;
    if (gauge.bytes < this.#plan.startAfterBytes) {
      return false;
    }

    const share = gauge.busyMs / Math.max(now - gauge.since, 1);
    Object.assign(gauge, { since: now, bytes: 0, busyMs: 0 });
    if (share <= BUSY_SHARE_FOR_WORKERS) {
      return false;
    }
    debug(`the rules kept the main thread busy ${(share * 100).toFixed(0)}% of the time`);
    return true;
  }

  #start(): PoolWorker[] {
    const settle = (reply: Extract<WorkerReply, { kind: 'result' }>): void => {
      const job = this.#jobs.get(reply.id);
      this.#jobs.delete(reply.id);
      if (job !== undefined) {
        job.to.queuedBytes -= reply.size;
        job.onResult(reply);
      }
    };
    const fail = (cause: Error): void => {
      // The blobs a failed worker held are lost: the scan fails in finish() rather than pass
      // them as clean.
      this.#failure ??= cause;
      this.#jobs.clear();
    };
    const threads = startWorkers(this.#plan.setup, this.#plan.size, settle, fail);
    return threads.map((thread) => ({ thread, queuedBytes: 0 }));
  }
}

function leastLoaded(workers: readonly PoolWorker[]): PoolWorker | undefined {
  let best: PoolWorker | undefined;
  for (const worker of workers) {
    if (best === undefined || worker.queuedBytes < best.queuedBytes) {
      best = worker;
    }
  }
  return best;
}

function startWorkers(
  setup: WorkerSetup,
  size: number,
  onResult: (reply: Extract<WorkerReply, { kind: 'result' }>) => void,
  onFailure: (cause: Error) => void,
): Worker[] {
  const url = new URL('./history-worker.cjs', import.meta.url);
  debug(`starting ${size} scan workers`);

  return Array.from({ length: size }, () => {
    const worker = new Worker(url, { workerData: setup });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'result') {
        onResult(reply);
      }
    });
    worker.on('error', (cause) => onFailure(cause));
    return worker;
  });
}

/** Asks a worker for its statistics once it has answered everything, then stops it. */
function closeWorker(worker: Worker): Promise<ScanStats | undefined> {
  return new Promise((resolve) => {
    const onExit = (): void => resolve(undefined);
    worker.once('exit', onExit);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'stats') {
        worker.off('exit', onExit);
        void worker.terminate();
        resolve(reply.stats);
      }
    });
    worker.postMessage({ kind: 'close' } satisfies WorkerJob);
  });
}

function addStats(total: ScanStats, part: ScanStats | undefined): void {
  if (part === undefined) {
    return;
  }
  total.filesScanned += part.filesScanned;
  total.bytesScanned += part.bytesScanned;
  for (const reason of Object.keys(total.skipped) as SkipReason[]) {
    total.skipped[reason] += part.skipped[reason];
  }
}

/**
 * The blob as bytes a worker can own. A buffer cut from Node's shared pool (small blobs) is
 * copied, since transferring would take the pool's memory from every other buffer in it.
 */
function transferable(bytes: Buffer): Uint8Array {
  const ownsMemory = bytes.byteOffset === 0 && bytes.buffer.byteLength <= bytes.length + 1;
  return ownsMemory ? new Uint8Array(bytes.buffer, 0, bytes.length) : new Uint8Array(bytes);
}

function withBytes(
  bytes: Uint8Array | undefined,
  skipped: SkipReason | undefined,
): { bytes?: Uint8Array; skipped?: SkipReason } {
  if (bytes !== undefined) {
    return { bytes };
  }
  return skipped === undefined ? {} : { skipped };
}
