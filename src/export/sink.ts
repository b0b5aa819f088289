/**
 * Where downloaded bytes go: a temporary file beside the target (restartable, fsynced on finish,
 * removed on failure) or stdout (`-o -`, neither restartable nor removable). Writes respect
 * backpressure, so memory stays at one buffer whatever the file size.
 */
import { randomBytes } from "node:crypto";
import { type WriteStream, close, createWriteStream, fsync, ftruncate, open } from "node:fs";
import { unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";
import { TerminalEscaper } from "../render/sanitize.js";

const openFile = promisify(open);
const closeFile = promisify(close);
const syncFile = promisify(fsync);
const truncateFile = promisify(ftruncate);

/** 1 MiB buffers: with Node's default 16 KiB the write path, not the network, limits throughput. */
export const WRITE_BUFFER_BYTES = 1 << 20;

export interface ByteSink {
  /** Takes a chunk; the promise (when there is one) resolves once more may be written. */
  write(chunk: Buffer): Promise<void> | undefined;
  /** Whether bytes already written can be thrown away and the download restarted. */
  readonly canRestart: boolean;
  /** Throws every byte away (only when canRestart). */
  restart(): Promise<void>;
  /** Flushes (and for a file, fsyncs and closes). */
  finish(): Promise<void>;
  /** After a failure: closes and removes what was written, when that is possible. Never throws. */
  discard(): Promise<void>;
}

/**
 * Resolves when `stream` drains; rejects if it fails or closes first. The rejection is marked as
 * handled here: after Ctrl-C nobody awaits the wait any more, and discard() closing the stream
 * must not surface as an unhandled rejection (a stack trace instead of exit 130).
 */
function drained(stream: Writable): Promise<void> {
  const wait = new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      stream.off("drain", onDrain);
      stream.off("error", onError);
      stream.off("close", onClose);
    };
    const onDrain = (): void => {
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      cleanup();
      reject(new Error("the output closed before the download finished"));
    };
    stream.on("drain", onDrain);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
  wait.catch(() => {});
  return wait;
}

/** `.name.1a2b3c4d.part` beside `target`: same directory, so the final rename is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString("hex")}.part`);
}

/**
 * A temporary file, created exclusively (never follows or reuses an existing path). It keeps one
 * descriptor for its whole life (write streams borrow it without closing it), so a restart can
 * truncate and the finish can fsync the very file that gets renamed.
 */
export class TempFileSink implements ByteSink {
  readonly canRestart = true;
  private stream: WriteStream;
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    this.stream = this.openStream();
  }

  static async create(path: string): Promise<TempFileSink> {
    const fd = await openFile(path, "wx", 0o666);
    return new TempFileSink(path, fd);
  }

  private openStream(): WriteStream {
    const stream = createWriteStream(this.path, { fd: this.fd, start: 0, highWaterMark: WRITE_BUFFER_BYTES, autoClose: false });
    stream.on("error", (error) => {
      this.failure ??= error;
    });
    return stream;
  }

  write(chunk: Buffer): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    return this.stream.write(chunk) ? undefined : drained(this.stream);
  }

  private async endStream(): Promise<void> {
    const stream = this.stream;
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.end(() => {
        stream.off("error", reject);
        resolve();
      });
    });
    if (this.failure) throw this.failure;
  }

  async restart(): Promise<void> {
    await this.endStream();
    await truncateFile(this.fd, 0);
    this.stream = this.openStream();
  }

  async finish(): Promise<void> {
    await this.endStream();
    await syncFile(this.fd);
    this.closed = true;
    await closeFile(this.fd);
  }

  async discard(): Promise<void> {
    const stream = this.stream;
    // fs streams finish an in-flight write before 'close'; only then is the descriptor safe to close.
    await new Promise<void>((resolve) => {
      if (stream.closed) return resolve();
      stream.once("close", () => resolve());
      stream.destroy();
    });
    if (!this.closed) {
      this.closed = true;
      await closeFile(this.fd).catch(() => {});
    }
    await unlink(this.path).catch(() => {});
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

  write(chunk: Buffer): Promise<void> | undefined {
    const data = this.escaper ? this.escaper.write(chunk) : chunk;
    return this.out.write(data) ? undefined : drained(this.out);
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
