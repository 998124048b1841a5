import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

import type { Socket } from 'node:net';

import { KeyfenceError } from '../errors.js';
import { spawnError } from './git.js';

/** What `git cat-file --batch` said about one requested object. */
export type BatchObject =
  | { readonly kind: 'blob'; readonly name: string; readonly bytes: Buffer }
  | { readonly kind: 'too-large'; readonly name: string; readonly size: number }
  | { readonly kind: 'missing'; readonly name: string };

/**
 * Reads objects in bulk through one `git cat-file --batch` process: one spawn for any number of
 * blobs, streamed, so memory stays at one blob plus the pipe buffer. Objects larger than
 * `maxSize` are drained from the pipe without being kept.
 *
 * @param names object names (SHAs, or `:path` for the index), one per line, no newlines inside
 * @param reader a process from {@link startObjectReader} to use instead of spawning one
 */
export async function readObjects(
  cwd: string,
  names: readonly string[],
  maxSize: number,
  onObject: (object: BatchObject) => void,
  reader?: ObjectReader,
): Promise<void> {
  if (names.length === 0) {
    reader?.child.stdin.end();
    return;
  }

  const stream = openObjectStream(cwd, maxSize, onObject, reader);
  stream.requestAll(names);
  await stream.end();
}

/** A `git cat-file --batch` process that takes requests while it answers earlier ones. */
export interface ObjectStream {
  /**
   * Asks for one more object; answers arrive in request order. Returns false when git's input
   * pipe is full: the caller should wait for {@link ObjectStream.onceWritable} before asking more.
   */
  request(name: string): boolean;
  /** Asks for all of `names` in one write: one system call instead of one per object. */
  requestAll(names: readonly string[]): boolean;
  /** Calls `resume` once git has taken the requests written so far. */
  onceWritable(resume: () => void): void;
  /** Stops taking git's answers for a while (git then waits), for a consumer that lags. */
  pause(): void;
  resume(): void;
  /** Closes git's input and resolves once every requested object has been passed on. */
  end(): Promise<void>;
}

/**
 * Opens a streaming object reader, for callers that learn which objects they need while they
 * read (the history walk): git starts answering before the list of names is complete, so the
 * walk and the reads overlap.
 */
export function openObjectStream(
  cwd: string,
  maxSize: number,
  onObject: (object: BatchObject) => void,
  reader?: ObjectReader,
): ObjectStream {
  const child = reader && reader.child.exitCode === null ? reader.use() : spawnCatFile(cwd);
  const parser = new BatchParser(maxSize, onObject);
  const stderr: Buffer[] = [];

  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (cause) => reject(spawnError(cause)));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        parser.push(chunk);
      } catch (cause) {
        child.kill();
        reject(cause instanceof Error ? cause : new Error(String(cause)));
      }
    });
    child.on('close', (code) => {
      if (code !== 0 || !parser.isComplete()) {
        reject(incompleteError(Buffer.concat(stderr).toString('utf8')));
        return;
      }
      resolve();
    });
  });
  // Keeps an early failure from surfacing as an unhandled rejection before `end` is awaited.
  done.catch(() => undefined);

  child.stdin.on('error', () => {
    // The close handler reports the failure; an EPIPE here is only its echo.
  });

  return {
    request(name) {
      parser.expect(name);
      return child.stdin.write(`${name}\n`);
    },
    requestAll(names) {
      names.forEach((name) => parser.expect(name));
      return child.stdin.write(names.map((name) => `${name}\n`).join(''));
    },
    onceWritable(resume) {
      if (child.stdin.writableNeedDrain) {
        child.stdin.once('drain', resume);
      } else {
        resume();
      }
    },
    pause: () => child.stdout.pause(),
    resume: () => child.stdout.resume(),
    async end() {
      child.stdin.end();
      await done;
    },
  };
}

/** A `git cat-file --batch` process started ahead of need, idle until a stream uses it. */
export interface ObjectReader {
  readonly child: ChildProcessWithoutNullStreams;
  /** Makes the process hold the event loop again, as a stream needs, and returns it. */
  use(): ChildProcessWithoutNullStreams;
}

/**
 * Starts `git cat-file --batch` before the objects are known, so git's start-up overlaps other
 * work (the pre-commit path saves one process start on every commit). The idle process does not
 * keep Node alive: a run that fails before reading lets it go, and git exits when its input
 * closes with this process.
 */
export function startObjectReader(cwd: string): ObjectReader {
  const child = spawnCatFile(cwd);
  // A start-up error is reported by the stream that uses the process, or not at all.
  child.on('error', () => undefined);
  // The pipes of a spawned process are sockets, which can be unreferenced like the process.
  const handles = [child, ...([child.stdin, child.stdout, child.stderr] as unknown as Socket[])];
  for (const handle of handles) {
    handle.unref();
  }

  return {
    child,
    use() {
      for (const handle of handles) {
        handle.ref();
      }
      return child;
    },
  };
}

function spawnCatFile(cwd: string): ChildProcessWithoutNullStreams {
  return spawn('git', ['cat-file', '--batch', '--buffer'], {
    cwd,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
  });
}

function incompleteError(stderr: string): KeyfenceError {
  const message = stderr.trim().split('\n')[0] ?? '';
  return new KeyfenceError(
    'git',
    `git cat-file stopped before every object was read${message ? `: ${message}` : ''}`,
    'The repository may be corrupt; `git fsck` tells which objects are damaged.',
  );
}

/** How many answered names the parser keeps before dropping them: bounds its memory. */
const NAME_QUEUE_COMPACT_AT = 4096;

/**
 * Incremental parser of `--batch` output: `<sha> <type> <size>\n<bytes>\n` per object, or
 * `<name> missing\n`. Chunks from the pipe split records anywhere, headers included.
 */
class BatchParser {
  /** Requested names not answered yet; `#head` is the next one git will answer. */
  #names: string[] = [];
  #head = 0;
  #pending: Buffer = Buffer.alloc(0);
  #body: { size: number; parts: Buffer[] | undefined; got: number } | undefined;

  readonly maxSize: number;
  readonly onObject: (object: BatchObject) => void;

  constructor(maxSize: number, onObject: (object: BatchObject) => void) {
    this.maxSize = maxSize;
    this.onObject = onObject;
  }

  /** Records a name git was asked for, so its answer can be matched to it. */
  expect(name: string): void {
    this.#names.push(name);
  }

  isComplete(): boolean {
    return this.#head === this.#names.length && this.#body === undefined;
  }

  /** Takes the name of the object git is answering now; answered names are dropped in batches. */
  #nextName(fallback: string): string {
    const name = this.#names[this.#head] ?? fallback;
    this.#head += 1;
    if (this.#head >= NAME_QUEUE_COMPACT_AT) {
      this.#names = this.#names.slice(this.#head);
      this.#head = 0;
    }
    return name;
  }

  push(chunk: Buffer): void {
    let data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    this.#pending = Buffer.alloc(0);

    while (data.length > 0) {
      data = this.#body ? this.#consumeBody(data) : this.#consumeHeader(data);
      if (data.length === 0 || (this.#body === undefined && data.indexOf(0x0a) === -1)) {
        this.#pending = Buffer.from(data);
        return;
      }
    }
  }

  #consumeHeader(data: Buffer): Buffer {
    const newline = data.indexOf(0x0a);
    if (newline === -1) {
      return data;
    }

    const header = data.subarray(0, newline).toString('utf8');
    const rest = data.subarray(newline + 1);

    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      const name = this.#nextName(header);
      this.onObject({ kind: 'missing', name });
      return rest;
    }

    const size = Number(header.slice(header.lastIndexOf(' ') + 1));
    if (!Number.isSafeInteger(size)) {
      throw new KeyfenceError('git', 'git cat-file printed a header keyfence cannot read');
    }
    this.#body = { size, parts: size > this.maxSize ? undefined : [], got: 0 };
    return rest;
  }

  #consumeBody(data: Buffer): Buffer {
    const body = this.#body;
    if (!body) {
      return data;
    }

    // The object's bytes, then one newline that is not part of it.
    const wanted = body.size + 1 - body.got;
    const take = Math.min(wanted, data.length);
    body.parts?.push(data.subarray(0, take));
    body.got += take;

    if (body.got === body.size + 1) {
      const name = this.#nextName('');
      this.#body = undefined;
      if (body.parts) {
        // An object inside one chunk is a view of it: no copy, and no allocation for the GC to
        // account for (most history blobs are smaller than a 64 KB chunk).
        const [only] = body.parts;
        const whole = body.parts.length === 1 && only ? only : Buffer.concat(body.parts);
        this.onObject({ kind: 'blob', name, bytes: whole.subarray(0, body.size) });
      } else {
        this.onObject({ kind: 'too-large', name, size: body.size });
      }
    }
    return data.subarray(take);
  }
}
