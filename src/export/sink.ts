/**
 * Where downloaded bytes go: a temporary file beside the target (restartable, fsynced on finish,
 * removed on failure) or stdout (`-o -`, neither restartable nor removable). Chunks come from
 * blocks.ts, which bounds how many bytes wait for the sink, so memory stays flat whatever the size.
 */
import { randomBytes } from "node:crypto";
import { close, fdatasync, fsync, ftruncate, open, unlinkSync, writev } from "node:fs";
import { unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";
import { TerminalEscaper } from "../render/sanitize.js";

const openFile = promisify(open);
const closeFile = promisify(close);
const syncFile = promisify(fsync);
const syncData = promisify(fdatasync);
const truncateFile = promisify(ftruncate);
const writevAt = promisify(writev);

/** At most this many buffers in one writev (IOV_MAX on Linux is 1024). */
const MAX_BATCH = 1024;

/**
 * Dirty pages are flushed in the background every this many bytes, so the fsync before the rename
 * waits for the last stretch only, not for the whole file (an fsync of 512 MiB takes ~0.35 s here).
 */
const BACKGROUND_SYNC_BYTES = 64 << 20;

export interface ByteSink {
  /** Takes a chunk; the promise resolves once it is written (until then the caller must not change it). */
  write(chunk: Buffer): Promise<void>;
  /** Whether bytes already written can be thrown away and the download restarted. */
  readonly canRestart: boolean;
  /** Throws every byte away (only when canRestart; nothing may be in flight). */
  restart(): Promise<void>;
  /** Flushes (and for a file, fsyncs and closes). */
  finish(): Promise<void>;
  /** After a failure: closes and removes what was written, when that is possible. Never throws. */
  discard(): Promise<void>;
}

/** Temporary files not yet discarded; removed synchronously if the process exits first. */
const liveTempFiles = new Set<string>();
let exitHookInstalled = false;

function removeOnExit(path: string): void {
  liveTempFiles.add(path);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const live of liveTempFiles) {
      try {
        unlinkSync(live);
      } catch {
        // Already gone (renamed into place, or removed).
      }
    }
  });
}

/** `.name.1a2b3c4d.part` beside `target`: same directory, so the final rename is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString("hex")}.part`);
}

/** Writes all of `chunks` from `position` on (a writev may write less than asked). */
async function writeFully(fd: number, chunks: Buffer[], position: number): Promise<void> {
  let rest = chunks;
  let at = position;
  while (rest.length > 0) {
    const { bytesWritten } = await writevAt(fd, rest, at);
    at += bytesWritten;
    rest = dropBytes(rest, bytesWritten);
  }
}

/** `chunks` without their first `count` bytes. */
export function dropBytes(chunks: Buffer[], count: number): Buffer[] {
  let skip = count;
  let index = 0;
  while (index < chunks.length && skip >= chunks[index]!.length) skip -= chunks[index++]!.length;
  const rest = chunks.slice(index);
  if (skip > 0 && rest.length > 0) rest[0] = rest[0]!.subarray(skip);
  return rest;
}

interface QueuedChunk {
  chunk: Buffer;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * A temporary file, created exclusively (never follows or reuses an existing path), written with
 * positioned writes on one descriptor kept for its whole life, so a restart can truncate and the
 * finish can fsync the very file that gets renamed. One write at a time (concurrent writes to one
 * file only queue on its inode lock); the chunks that arrive meanwhile go out in one writev. Until it is discarded, a synchronous handler
 * removes it on process exit, so not even a second Ctrl-C (which exits without waiting) leaves it.
 */
export class TempFileSink implements ByteSink {
  readonly canRestart = true;
  private position = 0;
  private syncedTo = 0;
  private readonly queue: QueuedChunk[] = [];
  private writing = false;
  private readonly pending = new Set<Promise<unknown>>();
  private failure: unknown;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    removeOnExit(path);
  }

  static async create(path: string): Promise<TempFileSink> {
    const fd = await openFile(path, "wx", 0o666);
    return new TempFileSink(path, fd);
  }

  write(chunk: Buffer): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const written = this.track(new Promise<void>((resolve, reject) => this.queue.push({ chunk, resolve, reject })));
    this.writeQueued();
    return written;
  }

  private writeQueued(): void {
    if (this.writing || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (this.failure !== undefined) {
      for (const queued of batch) queued.reject(this.failure);
      return this.writeQueued();
    }
    const position = this.position;
    for (const queued of batch) this.position += queued.chunk.length;
    this.writing = true;
    writeFully(
      this.fd,
      batch.map((queued) => queued.chunk),
      position,
    )
      .then(
        () => {
          for (const queued of batch) queued.resolve();
          this.syncInBackground();
        },
        (error: unknown) => {
          for (const queued of batch) queued.reject(error);
        },
      )
      .finally(() => {
        this.writing = false;
        this.writeQueued();
      });
  }

  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.catch((error: unknown) => {
      this.failure ??= error;
      throw error;
    });
    const settled: Promise<unknown> = tracked.then(
      () => this.pending.delete(settled),
      () => this.pending.delete(settled),
    );
    this.pending.add(settled);
    return tracked;
  }

  private syncInBackground(): void {
    if (this.closed || this.position - this.syncedTo < BACKGROUND_SYNC_BYTES) return;
    this.syncedTo = this.position;
    // Not awaited here: finish() and discard() wait for everything pending.
    this.track(syncData(this.fd)).catch(() => {});
  }

  private async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failure !== undefined) throw this.failure;
  }

  async restart(): Promise<void> {
    await this.idle();
    await truncateFile(this.fd, 0);
    this.position = 0;
    this.syncedTo = 0;
  }

  async finish(): Promise<void> {
    await this.idle();
    await syncFile(this.fd);
    this.closed = true;
    await closeFile(this.fd);
  }

  async discard(): Promise<void> {
    // A write still in the thread pool must end before its descriptor is closed (and reused).
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (!this.closed) {
      this.closed = true;
      await closeFile(this.fd).catch(() => {});
    }
    await unlink(this.path).catch(() => {});
    liveTempFiles.delete(this.path);
  }
}

/**
 * stdout. When it is a terminal, control characters and bidi overrides are escaped as `\uXXXX`
 * (CLI.md: server strings cannot drive the terminal; a JSON file stays valid); in a pipe the bytes
 * pass unchanged.
 */
export class StreamSink implements ByteSink {
  readonly canRestart = false;
  private readonly escaper: TerminalEscaper | undefined;

  constructor(
    private readonly out: Writable,
    neutralise: boolean,
  ) {
    this.escaper = neutralise ? new TerminalEscaper() : undefined;
  }

  write(block: Buffer): Promise<void> {
    const data = this.escaper ? this.escaper.write(block) : block;
    return new Promise<void>((resolve, reject) => {
      this.out.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  async restart(): Promise<void> {
    throw new Error("bytes already written to stdout cannot be taken back");
  }

  async finish(): Promise<void> {
    const rest = this.escaper?.end();
    if (rest?.length) this.out.write(rest);
    await new Promise<void>((resolve) => this.out.write("", () => resolve()));
  }

  async discard(): Promise<void> {}
}
