import { Worker } from 'node:worker_threads';

import type { Engine, EngineOptions, FileInput } from '../engine/engine.js';
import type { Finding, ScanStats, Severity, SkipReason } from '../engine/types.js';
import { debugFor } from '../log.js';

const debug = debugFor('history');

/**
 * Bytes scanned on the main thread before workers start, by default: a small history is done
 * before a worker would have loaded (about 40 ms here), so it never pays for one.
 */
export const POOL_AFTER_BYTES = 8 * 1024 * 1024;

/**
 * Bytes handed to workers and not scanned yet, past which git's answers are paused. It keeps
 * memory bounded when git reads faster than the rules run.
 */
const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

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
      readonly size: number;
    }
  | { readonly kind: 'stats'; readonly stats: ScanStats };

/** Runs the engine on blobs, on this thread or on workers; results come back by callback. */
export interface BlobScanner {
  scan(input: FileInput, onFindings: (findings: Finding[]) => void): void;
  /** Whether so much waits to be scanned that reading should pause until {@link onceReady}. */
  readonly isBusy: boolean;
  onceReady(resume: () => void): void;
  /** Waits for every result and adds the workers' statistics to the main engine's. */
  finish(): Promise<void>;
}

/** Scans on the calling thread: for small histories, tests and rule sets workers cannot load. */
export function inlineScanner(engine: Engine): BlobScanner {
  return {
    scan: (input, onFindings) => onFindings(engine.scanFile(input)),
    isBusy: false,
    onceReady: (resume) => resume(),
    finish: async () => undefined,
  };
}

/**
 * Scans on `size` worker threads once `startAfterBytes` were scanned, on this thread until then.
 * Blob bytes are transferred, not copied, when the blob owns its memory.
 *
 * @param setup what the workers build their engine from; their rules are the built-in ones,
 *   so `setup.ruleIds` must name built-in rules only
 */
export function poolScanner(
  engine: Engine,
  setup: WorkerSetup,
  size: number,
  startAfterBytes = POOL_AFTER_BYTES,
): BlobScanner {
  const inline = inlineScanner(engine);
  const callbacks = new Map<number, (findings: Finding[]) => void>();
  const waiting: (() => void)[] = [];
  const state = { seen: 0, inFlight: 0, nextId: 0, failure: undefined as Error | undefined };
  let workers: Worker[] | undefined;

  const settle = (reply: Extract<WorkerReply, { kind: 'result' }>): void => {
    state.inFlight -= reply.size;
    callbacks.get(reply.id)?.(reply.findings);
    callbacks.delete(reply.id);
    if (state.inFlight < MAX_IN_FLIGHT_BYTES / 2 || callbacks.size === 0) {
      waiting.splice(0).forEach((resume) => resume());
    }
  };
  const fail = (cause: Error): void => {
    state.failure ??= cause;
    callbacks.clear();
    state.inFlight = 0;
    waiting.splice(0).forEach((resume) => resume());
  };

  return {
    scan(input, onFindings) {
      state.seen += input.bytes?.length ?? 0;
      if (state.failure !== undefined || (workers === undefined && state.seen < startAfterBytes)) {
        inline.scan(input, onFindings);
        return;
      }

      workers ??= startWorkers(setup, size, settle, fail);
      const id = state.nextId++;
      const bytes = input.bytes === undefined ? undefined : transferable(input.bytes);
      callbacks.set(id, onFindings);
      state.inFlight += bytes?.length ?? 0;
      const content = withBytes(bytes, input.skipped);
      const job: WorkerJob = { kind: 'scan', id, path: input.path, ...content };
      workers[id % workers.length]?.postMessage(job, bytes ? [bytes.buffer as ArrayBuffer] : []);
    },
    get isBusy() {
      return state.inFlight > MAX_IN_FLIGHT_BYTES;
    },
    onceReady(resume) {
      if (state.inFlight > MAX_IN_FLIGHT_BYTES) {
        waiting.push(resume);
      } else {
        resume();
      }
    },
    async finish() {
      if (workers !== undefined) {
        const stats = await Promise.all(workers.map((worker) => closeWorker(worker)));
        stats.forEach((worker) => addStats(engine.stats, worker));
      }
      if (state.failure !== undefined) {
        throw state.failure;
      }
    },
  };
}

function startWorkers(
  setup: WorkerSetup,
  size: number,
  onResult: (reply: Extract<WorkerReply, { kind: 'result' }>) => void,
  onFailure: (cause: Error) => void,
): Worker[] {
  const url = new URL('./history-worker.js', import.meta.url);
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
