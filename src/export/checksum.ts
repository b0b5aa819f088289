/**
 * The MD5 of a download, taken off the critical path. OpenSSL's MD5 is sequential and runs at
 * ~700 MiB/s here, about as fast as the network and the disk together, so for a large file it runs
 * in a worker thread: each written block is moved (transferred, not copied) to the worker and back,
 * and the worker hashes it while the main thread receives the next blocks and the thread pool
 * writes them. A small file is hashed in place: a worker costs more than hashing a few megabytes.
 * (Not shared memory: Node copies a SharedArrayBuffer on every fs.write, 10× slower.)
 */
import { type Hash, createHash } from "node:crypto";
import { Worker } from "node:worker_threads";

/** Files at least this large are hashed in a worker. */
export const WORKER_THRESHOLD_BYTES = 32 << 20;

export interface Md5 {
  /** Hashes the first `length` bytes of `block` (a whole block buffer, see blocks.ts); gives the block back for reuse. */
  update(block: Buffer, length: number): Promise<Buffer> | Buffer;
  /** The hex digest of everything since the last reset; resets. */
  digest(): Promise<string>;
  reset(): void;
  close(): Promise<void>;
}

/** MD5 on the calling thread. */
export class InlineMd5 implements Md5 {
  private hash: Hash = createHash("md5");

  update(block: Buffer, length: number): Buffer {
    this.hash.update(block.subarray(0, length));
    return block;
  }

  async digest(): Promise<string> {
    const hex = this.hash.digest("hex");
    this.reset();
    return hex;
  }

  reset(): void {
    this.hash = createHash("md5");
  }

  async close(): Promise<void> {}
}

// The worker's whole program: CommonJS, evaluated from this string so the bundle needs no second entry.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
let hash = createHash("md5");
parentPort.on("message", (message) => {
  if (message.kind === "update") {
    hash.update(new Uint8Array(message.block, 0, message.length));
    parentPort.postMessage({ kind: "updated", block: message.block }, [message.block]);
  } else if (message.kind === "digest") {
    parentPort.postMessage({ kind: "digest", hex: hash.digest("hex") });
    hash = createHash("md5");
  } else if (message.kind === "reset") {
    hash = createHash("md5");
  }
});
`;

interface Answer {
  kind: string;
  hex?: string;
  block?: ArrayBuffer;
}

interface Waiter {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/** MD5 in a worker thread; answers come back in order, so one queue pairs them with the questions. */
export class WorkerMd5 implements Md5 {
  private readonly worker: Worker;
  private readonly waiting: Waiter[] = [];
  private failure: Error | undefined;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    // The worker never keeps the CLI alive: after Ctrl-C the process ends whatever it is doing.
    this.worker.unref();
    this.worker.on("message", (answer: Answer) => this.waiting.shift()?.resolve(answer));
    const fail = (error: Error): void => {
      this.failure ??= error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    };
    this.worker.on("error", fail);
    this.worker.on("exit", () => fail(new Error("the checksum worker stopped")));
  }

  private ask(message: { kind: string; block?: ArrayBuffer; length?: number }): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    const answer = new Promise<Answer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.worker.postMessage(message, message.block ? [message.block] : []);
    return answer;
  }

  /** Moves the block's memory to the worker and back (it must be a whole ArrayBuffer of its own). */
  async update(block: Buffer, length: number): Promise<Buffer> {
    if (block.byteOffset !== 0 || block.byteLength !== block.buffer.byteLength) throw new Error("WorkerMd5 takes whole block buffers only");
    const answer = await this.ask({ kind: "update", block: block.buffer as ArrayBuffer, length });
    return Buffer.from(answer.block!);
  }

  async digest(): Promise<string> {
    return (await this.ask({ kind: "digest" })).hex ?? "";
  }

  reset(): void {
    this.worker.postMessage({ kind: "reset" });
  }

  async close(): Promise<void> {
    this.failure ??= new Error("closed");
    await this.worker.terminate();
  }
}
