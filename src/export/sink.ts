/**
 * Where downloaded bytes go: a temporary file beside the target (restartable, fsynced on finish,
 * removed on failure) or stdout (`-o -`, neither restartable nor removable). Blocks come from
 * blocks.ts, which bounds how many are in flight, so memory stays flat whatever the file size.
 */
import { randomBytes } from "node:crypto";
import { close, fdatasync, fsync, ftruncate, open, unlinkSync, write } from "node:fs";
import { unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";

const openFile = promisify(open);
const closeFile = promisify(close);
const syncFile = promisify(fsync);
const syncData = promisify(fdatasync);
const truncateFile = promisify(ftruncate);
const writeAt = promisify(write);

/**
 * Dirty pages are flushed in the background every this many bytes, so the fsync before the rename
 * waits for the last stretch only, not for the whole file (an fsync of 512 MiB takes ~0.35 s here).
 */
const BACKGROUND_SYNC_BYTES = 64 << 20;

export interface ByteSink {
  /** Takes a block; the promise resolves once the block is written and may be reused. */
  write(block: Buffer): Promise<void>;
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

/** Writes all of `block` at `position` (a positioned write may write less than asked). */
async function writeFully(fd: number, block: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < block.length) {
    const { bytesWritten } = await writeAt(fd, block, done, block.length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * A temporary file, created exclusively (never follows or reuses an existing path), written with
 * positioned writes on one descriptor kept for its whole life, so a restart can truncate and the
 * finish can fsync the very file that gets renamed. Until it is discarded, a synchronous handler
 * removes it on process exit, so not even a second Ctrl-C (which exits without waiting) leaves it.
 */
export class TempFileSink implements ByteSink {
  readonly canRestart = true;
  private position = 0;
  private syncedTo = 0;
  private lastWrite: Promise<unknown> = Promise.resolve();
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

  write(block: Buffer): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const position = this.position;
    this.position += block.length;
    // One write at a time: concurrent writes to one file only queue on its inode lock, burning CPU.
    const written = this.track(this.lastWrite.then(() => writeFully(this.fd, block, position)));
    this.lastWrite = written.catch(() => {});
    return written.then(() => this.syncInBackground());
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
 * stdout. When it is a terminal, control characters are shown as `?` (CLI.md: server strings cannot
 * drive the terminal); in a pipe the bytes pass unchanged.
 */
export class StreamSink implements ByteSink {
  readonly canRestart = false;
  private pendingLead: number | undefined;

  constructor(
    private readonly out: Writable,
    private readonly neutralise: boolean,
  ) {}

  write(block: Buffer): Promise<void> {
    const data = this.neutralise ? this.clean(block) : block;
    return new Promise<void>((resolve, reject) => {
      this.out.write(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  async restart(): Promise<void> {
    throw new Error("bytes already written to stdout cannot be taken back");
  }

  async finish(): Promise<void> {
    if (this.pendingLead !== undefined) {
      this.out.write(Buffer.from([this.pendingLead]));
      this.pendingLead = undefined;
    }
    await new Promise<void>((resolve) => this.out.write("", () => resolve()));
  }

  async discard(): Promise<void> {}

  /** C0 controls but tab, LF and CR; DEL; and C1 controls (UTF-8 0xC2 0x80–0x9F) become "?". */
  private clean(chunk: Buffer): Buffer {
    const input = this.pendingLead === undefined ? chunk : Buffer.concat([Buffer.from([this.pendingLead]), chunk]);
    this.pendingLead = undefined;
    let end = input.length;
    if (end > 0 && input[end - 1] === 0xc2) {
      this.pendingLead = 0xc2;
      end -= 1;
    }
    const out = Buffer.from(input.subarray(0, end));
    for (let i = 0; i < out.length; i++) {
      const byte = out[i] ?? 0;
      if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) out[i] = 0x3f;
      else if (byte === 0xc2 && i + 1 < out.length && (out[i + 1] ?? 0) >= 0x80 && (out[i + 1] ?? 0) <= 0x9f) {
        out[i] = 0x3f;
        out[i + 1] = 0x3f;
        i++;
      }
    }
    return out;
  }
}
