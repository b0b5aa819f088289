/**
 * The download's two consumers, side by side: every chunk goes to the sink as it arrives (the
 * socket's 64 KiB reads, still in the CPU cache, so the kernel's copy into the page cache is cheap;
 * copying them into large blocks first made each write ~2× dearer here), and a copy is gathered
 * into 512 KiB blocks for the checksum, which for a large file hashes them in a worker on the other
 * core. Memory is bounded: at most MAX_WRITE_BACKLOG bytes waiting for the sink and BLOCK_COUNT
 * blocks, whatever the file size; when either is exhausted (a slow disk, a slow reader of stdout,
 * a busy hash) the caller waits, and with it the socket.
 */
import type { Md5 } from "./checksum.js";
import type { ByteSink } from "./sink.js";

/** Big enough that messages to the checksum worker are few (a thousand for 512 MiB), small enough to stay in cache. */
export const BLOCK_BYTES = 512 << 10;
const BLOCK_COUNT = 8;
/** Bytes handed to the sink and not yet written, before the caller must wait. */
const MAX_WRITE_BACKLOG = 8 << 20;

export class BlockPipeline {
  private readonly free: Buffer[] = [];
  private current: Buffer | undefined;
  private filled = 0;
  private backlog = 0;
  private readonly busy = new Set<Promise<void>>();
  /** The last block's trip through the checksum: blocks are hashed in the order they were received. */
  private hashed: Promise<unknown> = Promise.resolve();
  private wake: (() => void) | undefined;
  private failure: { error: unknown } | undefined;

  /** `md5` (if any) hashes every byte in order. */
  constructor(
    private readonly sink: ByteSink,
    readonly md5: Md5 | undefined,
    private readonly blockBytes = BLOCK_BYTES,
    blockCount = BLOCK_COUNT,
  ) {
    // Each block its own ArrayBuffer, so the checksum worker can take it over and give it back.
    if (md5) for (let i = 0; i < blockCount; i++) this.free.push(Buffer.from(new ArrayBuffer(blockBytes)));
  }

  /**
   * Takes `chunk`, which the caller must not change afterwards (it is written as is); a promise
   * when the caller should wait before pushing more.
   */
  push(chunk: Buffer): Promise<void> | undefined {
    this.throwIfFailed();
    this.write(chunk);
    const rest = this.gather(chunk);
    if (rest.length > 0) return this.gatherLater(rest);
    return this.backlog > MAX_WRITE_BACKLOG ? this.nextWake() : undefined;
  }

  /** Hashes the partial block and waits until the sink and the checksum have everything. */
  async flush(): Promise<void> {
    if (this.current !== undefined && this.filled > 0) this.hash();
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for the writes and hashes in flight, ignoring their failures (before a discard). */
  async settle(): Promise<void> {
    while (this.busy.size > 0) await Promise.allSettled([...this.busy]);
  }

  /** Drops every byte: the partial block, what the sink holds, the running checksum. */
  async restart(): Promise<void> {
    this.filled = 0;
    await this.settle();
    this.throwIfFailed();
    await this.sink.restart();
    this.md5?.reset();
  }

  /** Stops the checksum worker; chunks still with the sink are the sink's to finish (stdout may never drain). */
  async close(): Promise<void> {
    await this.md5?.close();
  }

  /** Copies `chunk` into checksum blocks; returns what did not fit because every block is busy. */
  private gather(chunk: Buffer): Buffer {
    if (this.md5 === undefined) return chunk.subarray(chunk.length);
    let offset = 0;
    while (offset < chunk.length) {
      if (this.current === undefined) {
        const block = this.free.pop();
        if (block === undefined) return chunk.subarray(offset);
        this.current = block;
        this.filled = 0;
      }
      const copied = chunk.copy(this.current, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.blockBytes) this.hash();
    }
    return chunk.subarray(offset);
  }

  private async gatherLater(rest: Buffer): Promise<void> {
    while (rest.length > 0) {
      await this.nextWake();
      this.throwIfFailed();
      rest = this.gather(rest);
    }
  }

  private nextWake(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  private write(chunk: Buffer): void {
    this.backlog += chunk.length;
    this.track(this.sinkWrite(chunk), () => (this.backlog -= chunk.length));
  }

  private sinkWrite(chunk: Buffer): Promise<void> {
    try {
      return this.sink.write(chunk);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private hash(): void {
    const block = this.current!;
    const length = this.filled;
    const md5 = this.md5!;
    this.current = undefined;
    this.filled = 0;
    const done = (this.hashed = this.hashed.then(() => md5.update(block, length)));
    this.track(done, (reusable) => this.free.push(reusable as Buffer));
  }

  /** Follows `work`: on success `after` runs; a failure is kept for the next call; either way a waiting caller wakes. */
  private track<T>(work: Promise<T>, after: (value: T) => void): void {
    const tracked = work
      .then(after, (error: unknown) => void (this.failure ??= { error }))
      .finally(() => {
        this.busy.delete(tracked);
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
      });
    this.busy.add(tracked);
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
