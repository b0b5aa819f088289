/**
 * Large buffers end to end: the body arrives in 64 KiB socket reads, which are copied into 512 KiB
 * blocks; each full block is written by the sink (a positioned write in the thread pool, or
 * stdout), then hashed (in a worker for a large file), and then reused. Blocks at different
 * stages overlap, so receiving, writing and hashing run side by side; the main thread does one
 * memcpy per chunk. Memory is the blocks, whatever the file size; when every block is busy (a slow
 * disk, a slow reader of stdout) the caller waits, and with it the socket. On a slow link a block
 * is passed on after a quarter of a second even when not full, so the file (or stdout) keeps up.
 */
import type { Md5 } from "./checksum.js";
import type { ByteSink } from "./sink.js";

/**
 * 512 KiB: big enough that writes and messages to the worker are few (a thousand for 512 MiB),
 * small enough to stay in cache; with 1 MiB writes the kernel's copy into the page cache took ~7×
 * longer here (perf: copy_folio_from_iter_atomic 22% of the CPU, against 3% at 512 KiB).
 */
export const BLOCK_BYTES = 512 << 10;
const BLOCK_COUNT = 8;
const MAX_HOLD_MS = 250;

export class BlockPipeline {
  private readonly free: Buffer[] = [];
  private current: Buffer | undefined;
  private filled = 0;
  private openedAt = 0;
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
    for (let i = 0; i < blockCount; i++) this.free.push(Buffer.from(new ArrayBuffer(blockBytes)));
  }

  /** Takes `chunk` (copied: the caller may reuse it); a promise when the caller must wait for a free block first. */
  push(chunk: Buffer): Promise<void> | undefined {
    this.throwIfFailed();
    let offset = 0;
    while (offset < chunk.length) {
      if (this.current === undefined) {
        const block = this.free.pop();
        if (block === undefined) return this.pushLater(chunk.subarray(offset));
        this.current = block;
        this.filled = 0;
        this.openedAt = performance.now();
      }
      const copied = chunk.copy(this.current, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.filled === this.blockBytes || performance.now() - this.openedAt > MAX_HOLD_MS) this.dispatch();
    }
    return undefined;
  }

  /** Sends the partial block and waits until the sink and the checksum have everything. */
  async flush(): Promise<void> {
    if (this.current !== undefined && this.filled > 0) this.dispatch();
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for the blocks in flight, ignoring their failures (before a discard). */
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

  /** Stops the checksum worker; blocks still with the sink are the sink's to finish (stdout may never drain). */
  async close(): Promise<void> {
    await this.md5?.close();
  }

  private async pushLater(rest: Buffer): Promise<void> {
    await new Promise<void>((resolve) => (this.wake = resolve));
    await this.push(rest);
  }

  private dispatch(): void {
    const block = this.current!;
    const length = this.filled;
    this.current = undefined;
    this.filled = 0;
    const written = this.write(block.subarray(0, length));
    const md5 = this.md5;
    const done = md5 === undefined ? written.then(() => block) : (this.hashed = Promise.all([written, this.hashed]).then(() => md5.update(block, length)));
    const tracked = done
      .then(
        (reusable) => void this.free.push(reusable as Buffer),
        (error: unknown) => void (this.failure ??= { error }),
      )
      .finally(() => {
        this.busy.delete(tracked);
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
      });
    this.busy.add(tracked);
  }

  private write(data: Buffer): Promise<void> {
    try {
      return this.sink.write(data);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}
