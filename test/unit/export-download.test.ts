/**
 * The download client against tiny purpose-built servers, for what the sandbox does not do:
 * redirects across origins, a host that ignores Range, a file that changes between attempts.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, ExitCode } from "../../src/errors.js";
import { BlockPipeline } from "../../src/export/blocks.js";
import { InlineMd5, WORKER_THRESHOLD_BYTES, WorkerMd5 } from "../../src/export/checksum.js";
import { type DownloadOptions, downloadExport } from "../../src/export/download.js";
import { formatBytes, progressLine } from "../../src/export/progress.js";
import { type ByteSink, StreamSink, TempFileSink, dropBytes } from "../../src/export/sink.js";
import { checkDownloadUrl, displayUrl, expectedMd5, parseContentRange, parseStorageError } from "../../src/export/wire.js";

interface TinyServer {
  origin: string;
  requests: IncomingMessage["headers"][];
  close(): Promise<void>;
}

const servers: TinyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<TinyServer> {
  const requests: IncomingMessage["headers"][] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    handler(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const tiny = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(tiny);
  return tiny;
}

const FILE = Buffer.from(Array.from({ length: 4000 }, (_, i) => `row ${i}\r\n`).join(""));
const md5 = (bytes: Buffer): string => createHash("md5").update(bytes).digest("hex");

/** Sends `bytes` whole (200) or from a Range start (206), cutting the body after `cutAfter` bytes if given. */
function sendFile(req: IncomingMessage, res: ServerResponse, bytes: Buffer, options: { honourRange?: boolean; cutAfter?: number } = {}): void {
  const etag = `"${md5(bytes)}"`;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  const start = options.honourRange !== false && range && req.headers["if-range"] === etag ? Number(range[1]) : 0;
  const body = bytes.subarray(start);
  res.writeHead(start > 0 ? 206 : 200, {
    "Content-Length": String(body.length),
    ETag: etag,
    ...(start > 0 ? { "Content-Range": `bytes ${start}-${bytes.length - 1}/${bytes.length}` } : {}),
  });
  if (options.cutAfter !== undefined) res.write(body.subarray(0, options.cutAfter), () => res.destroy());
  else res.end(body);
}

function tempTarget(): string {
  return join(mkdtempSync(join(tmpdir(), "analytics-dl-")), ".target.part");
}

function options(url: string, sink: DownloadOptions["sink"], extra: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    exportId: "exp_test01",
    link: { url, expectedBytes: FILE.length },
    sink,
    refresh: async () => ({ url, expectedBytes: FILE.length }),
    timeoutMs: 5000,
    userAgent: "analytics-test",
    sleep: async () => {},
    random: () => 0,
    ...extra,
  };
}

describe("downloadExport", () => {
  it("follows a redirect to another origin with no credentials anywhere, and verifies size and MD5", async () => {
    const storage = await serve((req, res) => sendFile(req, res, FILE));
    const front = await serve((_req, res) => {
      res.writeHead(302, { Location: `${storage.origin}/bucket/exp_test01.csv?sig=abc` });
      res.end();
    });
    const path = tempTarget();
    const sink = await TempFileSink.create(path);
    const result = await downloadExport(options(`${front.origin}/exports/exp_test01.csv?sig=1`, sink));
    expect(result).toEqual({ bytes: FILE.length, attempts: 1, checksum: "md5" });
    expect(readFileSync(path).equals(FILE)).toBe(true);
    for (const headers of [...front.requests, ...storage.requests]) {
      expect(headers.authorization).toBeUndefined();
      expect(headers["x-workspace-id"]).toBeUndefined();
      expect(headers.cookie).toBeUndefined();
    }
  });

  it("refuses an endless redirect chain", async () => {
    const loop = await serve((req, res) => {
      res.writeHead(307, { Location: req.url ?? "/" });
      res.end();
    });
    const sink = await TempFileSink.create(tempTarget());
    const error = await downloadExport(options(`${loop.origin}/x`, sink)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain("redirected the download more than 5 times");
    expect(loop.requests).toHaveLength(6);
  });

  it("resumes with Range after a cut, and copes with a host that ignores Range by skipping what it has", async () => {
    const honouring = await serve((req, res, n) => sendFile(req, res, FILE, { cutAfter: n === 1 ? 1000 : undefined }));
    const path = tempTarget();
    await downloadExport(options(`${honouring.origin}/f`, await TempFileSink.create(path)));
    expect(readFileSync(path).equals(FILE)).toBe(true);
    expect(honouring.requests[1]?.range).toBe("bytes=1000-");
    expect(honouring.requests[1]?.["if-range"]).toBe(`"${md5(FILE)}"`);

    const ignoring = await serve((req, res, n) => sendFile(req, res, FILE, { honourRange: false, cutAfter: n === 1 ? 1500 : undefined }));
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    const result = await downloadExport(options(`${ignoring.origin}/f`, new StreamSink(out, false)));
    expect(result.attempts).toBe(2);
    expect(Buffer.concat(chunks).equals(FILE)).toBe(true);
  });

  it("starts over when the file changed between attempts (a new ETag), keeping only the new content", async () => {
    const next = Buffer.from(FILE.toString().replace(/row/g, "ROW"));
    const changing = await serve((req, res, n) => sendFile(req, res, n === 1 ? FILE : next, { cutAfter: n === 1 ? 2000 : undefined }));
    const path = tempTarget();
    await downloadExport(options(`${changing.origin}/f`, await TempFileSink.create(path), { link: { url: `${changing.origin}/f`, expectedBytes: next.length } }));
    expect(readFileSync(path).equals(next)).toBe(true);
  });

  it("refuses a file whose size differs from file_size_bytes (exit 1), and says which sizes", async () => {
    const host = await serve((req, res) => sendFile(req, res, FILE));
    const path = tempTarget();
    const sink = await TempFileSink.create(path);
    const error = await downloadExport(options(`${host.origin}/f`, sink, { link: { url: `${host.origin}/f`, expectedBytes: FILE.length + 1 } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).exitCode).toBe(ExitCode.failure);
    expect((error as ApiError).message).toContain(`offers ${FILE.length.toLocaleString("en-US")} bytes`);
    await sink.discard();
    expect(existsSync(path)).toBe(false);
  });

  it("asks for a fresh link after a 403 and uses it", async () => {
    const host = await serve((req, res) => {
      if (req.url?.includes("old")) {
        res.writeHead(403, { "Content-Type": "application/xml" });
        res.end("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
      } else sendFile(req, res, FILE);
    });
    const path = tempTarget();
    let refreshed = 0;
    await downloadExport(
      options(`${host.origin}/old`, await TempFileSink.create(path), {
        refresh: async () => {
          refreshed++;
          return { url: `${host.origin}/new`, expectedBytes: FILE.length };
        },
      }),
    );
    expect(refreshed).toBe(1);
    expect(readFileSync(path).equals(FILE)).toBe(true);
  });
});

describe("pieces", () => {
  it("accepts https links, and http only to loopback; never credentials in the link", () => {
    expect(checkDownloadUrl("https://storage.example/x?sig=1").host).toBe("storage.example");
    expect(checkDownloadUrl("http://127.0.0.1:9000/x").port).toBe("9000");
    expect(() => checkDownloadUrl("http://storage.example/x")).toThrow(/plain http/);
    expect(() => checkDownloadUrl("ftp://storage.example/x")).toThrow(/scheme/);
    expect(() => checkDownloadUrl("https://user:pw@storage.example/x")).toThrow(/credentials/);
    expect(displayUrl(new URL("https://s.example/a.csv?signature=secret"))).toBe("https://s.example/a.csv?…");
  });

  it("reads MD5s, Content-Range and S3 error bodies", () => {
    expect(expectedMd5({ etag: '"D41D8CD98F00B204E9800998ECF8427E"' })).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(expectedMd5({ etag: '"d41d8cd98f00b204e9800998ecf8427e-3"' })).toBeUndefined();
    expect(expectedMd5({ etag: 'W/"abc"' })).toBeUndefined();
    expect(expectedMd5({ "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==" })).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(parseContentRange("bytes 100-199/1000")).toEqual({ start: 100, end: 199, total: 1000 });
    expect(parseContentRange("bytes 100-199/*")).toEqual({ start: 100, end: 199, total: undefined });
    expect(parseContentRange("items 1-2/3")).toBeUndefined();
    expect(parseStorageError("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>")).toEqual({ code: "AccessDenied", message: "Request has expired" });
    expect(parseStorageError("<html>nope</html>")).toEqual({});
  });

  it("escapes control characters and bidi overrides on a terminal, C1 ones split across chunks included", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (chunk: Buffer) => chunks.push(chunk));
    const sink = new StreamSink(out, true);
    // "é" passes; ESC is escaped; CSI as UTF-8 (0xC2 0x9B) split over two chunks is escaped once; so is U+202E.
    sink.write(Buffer.concat([Buffer.from("a\u001b[2Jb\tc\r\n\u00e9"), Buffer.from([0xc2])]));
    sink.write(Buffer.from([0x9b, 0x41, 0xe2, 0x80]));
    sink.write(Buffer.from([0xae, 0x42]));
    await sink.finish();
    expect(Buffer.concat(chunks).toString("utf8")).toBe("a\\u001b[2Jb\tc\r\n\u00e9\\u009bA\\u202eB");
  });

  it("draws a progress line with bytes, total, rate and ETA within the width", () => {
    const line = progressLine({ received: 50 * 1024 * 1024, total: 100 * 1024 * 1024, bytesThisRun: 50 * 1024 * 1024, elapsedMs: 5000, columns: 80 });
    expect(line).toMatch(/^\[█+ *\]  50%  50\.0 MiB \/ 100 MiB  10\.0 MiB\/s  ETA 5\.0s$/);
    expect([...line].length).toBeLessThanOrEqual(80);
    expect(progressLine({ received: 2048, total: undefined, bytesThisRun: 2048, elapsedMs: 0, columns: 80 })).toBe("2.00 KiB");
    expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.50 GiB");
    expect(formatBytes(999)).toBe("999 B");
  });
});

describe("TempFileSink", () => {
  it("a write still waiting to drain when the sink is discarded (Ctrl-C) is no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const sink = await TempFileSink.create(tempTarget());
      expect(sink.write(Buffer.alloc(4 << 20))).toBeInstanceOf(Promise);
      await sink.discard();
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it("restarts from zero, fsyncs on finish, and removes itself on discard", async () => {
    const path = tempTarget();
    const sink = await TempFileSink.create(path);
    sink.write(Buffer.from("stale bytes "));
    await sink.restart();
    await sink.write(Buffer.from("fresh"));
    await sink.finish();
    expect(readFileSync(path, "utf8")).toBe("fresh");
    await expect(TempFileSink.create(path)).rejects.toMatchObject({ code: "EEXIST" });

    const other = tempTarget();
    const doomed = await TempFileSink.create(other);
    doomed.write(Buffer.alloc(4 << 20));
    await doomed.discard();
    expect(existsSync(other)).toBe(false);
  });

  it("writes chunks queued behind a running write in order, in one batch, byte for byte", async () => {
    const path = tempTarget();
    const sink = await TempFileSink.create(path);
    const chunks = Array.from({ length: 2_000 }, (_, i) => Buffer.from(`chunk ${i};`));
    await Promise.all(chunks.map((chunk) => sink.write(chunk)));
    await sink.finish();
    expect(readFileSync(path).equals(Buffer.concat(chunks))).toBe(true);
  });

  it("after a short writev, carries on from the first byte not written", () => {
    const chunks = [Buffer.from("abc"), Buffer.from("defg"), Buffer.from("h")];
    expect(dropBytes(chunks, 0).map(String)).toEqual(["abc", "defg", "h"]);
    expect(dropBytes(chunks, 3).map(String)).toEqual(["defg", "h"]);
    expect(dropBytes(chunks, 5).map(String)).toEqual(["fg", "h"]);
    expect(dropBytes(chunks, 8)).toEqual([]);
  });
});

describe("targetPath", () => {
  it("builds the default file name only when no -o path was given", async () => {
    const { targetPath } = await import("../../src/export/target.js");
    const refuse = (): string => {
      throw new Error("the default name must not be built");
    };
    expect(targetPath({ kind: "file", path: "/data/out.csv", dir: "/data" }, refuse)).toBe("/data/out.csv");
    expect(targetPath({ kind: "file", dir: "/data" }, () => "analytics-x.csv")).toBe("/data/analytics-x.csv");
  });
});

describe("large files: blocks and the checksum worker", () => {
  /** A sink that reads each block only when its (randomly slow) write completes, as the thread pool does. */
  function lateReadingSink(): ByteSink & { bytes(): Buffer } {
    const parts: Buffer[] = [];
    return {
      canRestart: true,
      write(block) {
        // Positioned, like the file sink: completions may come in any order.
        const index = parts.push(Buffer.alloc(0)) - 1;
        return new Promise((resolve) => setTimeout(() => ((parts[index] = Buffer.from(block)), resolve()), Math.random() * 3));
      },
      restart: async () => void parts.splice(0),
      finish: async () => {},
      discard: async () => {},
      bytes: () => Buffer.concat(parts),
    };
  }

  it("never reuses a block before the sink and the worker are done with it, and hashes in order", async () => {
    const input = Buffer.from(Array.from({ length: 300_000 }, (_, i) => `line ${i}\n`).join(""));
    const sink = lateReadingSink();
    const pipeline = new BlockPipeline(sink, new WorkerMd5(), 64 * 1024, 3);
    try {
      for (let at = 0; at < input.length; at += 7_001) {
        const pending = pipeline.push(input.subarray(at, at + 7_001));
        if (pending) await pending;
      }
      await pipeline.flush();
      expect(sink.bytes().equals(input)).toBe(true);
      expect(await pipeline.md5!.digest()).toBe(md5(input));
    } finally {
      await pipeline.close();
    }
  });

  it("a restart drops the partial block and the running checksum", async () => {
    const sink = lateReadingSink();
    const pipeline = new BlockPipeline(sink, new InlineMd5(), 1024, 2);
    pipeline.push(Buffer.alloc(1500, "a"));
    await pipeline.restart();
    pipeline.push(Buffer.from("fresh"));
    await pipeline.flush();
    expect(sink.bytes().toString()).toBe("fresh");
    expect(await pipeline.md5!.digest()).toBe(md5(Buffer.from("fresh")));
    await pipeline.close();
  });

  const BIG = Buffer.alloc(WORKER_THRESHOLD_BYTES + (3 << 20) + 17, "0123456789abcdef");

  it("verifies a file above the worker threshold (MD5 in the worker) and saves it byte for byte", async () => {
    const host = await serve((req, res) => sendFile(req, res, BIG));
    const path = tempTarget();
    const result = await downloadExport(options(`${host.origin}/big`, await TempFileSink.create(path), { link: { url: `${host.origin}/big`, expectedBytes: BIG.length } }));
    expect(result).toEqual({ bytes: BIG.length, attempts: 1, checksum: "md5" });
    expect(readFileSync(path).equals(BIG)).toBe(true);
  });

  it("catches a corrupt body above the worker threshold: one fresh download, then an error", async () => {
    const host = await serve((_req, res) => {
      res.writeHead(200, { "Content-Length": String(BIG.length), ETag: `"${md5(Buffer.from("other"))}"` });
      res.end(BIG);
    });
    const sink = await TempFileSink.create(tempTarget());
    const error = await downloadExport(options(`${host.origin}/big`, sink, { link: { url: `${host.origin}/big`, expectedBytes: BIG.length } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain("does not match the checksum");
    expect(host.requests).toHaveLength(2);
    await sink.discard();
  });
});
