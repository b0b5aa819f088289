/**
 * The download client for presigned export links. It talks to the storage host with undici
 * directly and never sends the workspace token or X-Workspace-ID (the link carries its own
 * authorisation; S3 even refuses a request with both). Redirects are followed by hand, at most
 * five, never from https to http, and with the same credential-free headers.
 *
 * Per attempt: stream the body through `blocks.ts` into the sink and the checksum (constant memory,
 * the MD5 off the main thread for large files), count bytes, and stop at the first byte past the
 * size the API or the Content-Length announced; then `resume.ts` decides what follows a failure
 * (Range resume with If-Range, a fresh link, a restart, or a final error that says what the
 * storage host refused).
 *
 * Timeouts: `--timeout` bounds the wait for the headers and every silence in the body (an idle
 * timeout), not the whole transfer, since a large file on a slow link is long by nature; a stalled
 * body is resumed, and the progress bar shows a slow one. What bounds a body that never ends is
 * its announced size.
 */
import { type Dispatcher, request } from "undici";
import { dispatcherFor } from "../http/client.js";
import { parseRetryAfter } from "../http/retry.js";
import { ApiError, ExportError, InterruptedError, NetworkError } from "../errors.js";
import { abortableSleep, untilAborted } from "./abort.js";
import { BlockPipeline } from "./blocks.js";
import { InlineMd5, WORKER_THRESHOLD_BYTES, WorkerMd5 } from "./checksum.js";
import { type AttemptOutcome, DEFAULT_RESUME_POLICY, type FailureReason, type ResumePolicy, type ResumeState, decideNext } from "./resume.js";
import type { ByteSink } from "./sink.js";
import { checkDownloadUrl, discard, displayUrl, errorCode, expectedMd5, header, parseContentRange, parseStorageError, readSmall } from "./wire.js";

/** A link and what the API said about the file behind it. */
export interface DownloadLink {
  url: string;
  /** `file_size_bytes` from the status answer. */
  expectedBytes?: number | null | undefined;
  /** `expires_at` from the status answer. */
  expiresAt?: string | null | undefined;
}

export interface DownloadOptions {
  exportId: string;
  link: DownloadLink;
  sink: ByteSink;
  /** Asks the API for a fresh link (used at most once, after a 403/404). */
  refresh(): Promise<DownloadLink>;
  timeoutMs: number;
  userAgent: string;
  signal?: AbortSignal | undefined;
  sleep(ms: number): Promise<void>;
  now?: () => number;
  onProgress?: ((received: number, total: number | undefined) => void) | undefined;
  /** --verbose: one line per request (the link's query, its signature, is never shown). */
  log?: ((line: string) => void) | undefined;
  policy?: ResumePolicy;
  random?: () => number;
  dispatcher?: Dispatcher;
}

export interface DownloadResult {
  bytes: number;
  attempts: number;
  /** How the content was checked beyond its size. */
  checksum: "md5" | "none";
}

const MAX_REDIRECTS = 5;
/** The progress callback runs at most once per this many bytes (it redraws at most 10×/s anyway). */
const PROGRESS_STEP_BYTES = 1 << 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function formatBytesPlain(bytes: number): string {
  return `${bytes.toLocaleString("en-US")} bytes`;
}

/** Downloads the export into `sink`, resuming and refreshing as needed; the sink is finished on success and left to the caller on failure. */
export async function downloadExport(options: DownloadOptions): Promise<DownloadResult> {
  const policy = options.policy ?? DEFAULT_RESUME_POLICY;
  const now = options.now ?? Date.now;
  const ownDispatcher = options.dispatcher ? undefined : dispatcherFor(new URL(options.link.url), options.timeoutMs);
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  const { sink, signal, exportId } = options;
  let link = options.link;
  let received = 0;
  let pipeline: BlockPipeline | undefined;
  let etag: string | undefined;
  let md5: string | undefined;
  let total: number | undefined;
  let lastOutcome: AttemptOutcome | undefined;
  let lastError: unknown;
  let verified = false;
  const state: ResumeState = { attempt: 0, received: 0, refreshed: false, restarted: false, canRestart: sink.canRestart };

  const restart = async (): Promise<void> => {
    if (pipeline) await pipeline.restart();
    else await sink.restart();
    received = 0;
    state.restarted = true;
  };

  const attempt = async (): Promise<AttemptOutcome> => {
    const started = performance.now();
    const from = received;
    const headers: Record<string, string> = { "user-agent": options.userAgent, "accept-encoding": "identity" };
    if (from > 0) {
      headers.range = `bytes=${from}-`;
      if (etag) headers["if-range"] = etag;
    }
    let url = checkDownloadUrl(link.url);
    let response: Dispatcher.ResponseData | undefined;
    const note = (result: string): void =>
      options.log?.(
        `GET ${displayUrl(url)} → ${result} (${Math.round(performance.now() - started)} ms, attempt ${state.attempt}/${policy.maxAttempts}${from > 0 ? `, from byte ${from}` : ""})`,
      );
    try {
      for (let hop = 0; ; hop++) {
        response = await request(url, {
          method: "GET",
          headers,
          dispatcher,
          signal,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const location = header(response.headers, "location");
        if (!REDIRECT_STATUSES.has(response.statusCode) || !location) break;
        discard(response.body);
        if (hop >= MAX_REDIRECTS) throw new ApiError(`the storage host redirected the download more than ${MAX_REDIRECTS} times`);
        const next = new URL(location, url);
        if (url.protocol === "https:" && next.protocol !== "https:") {
          throw new ApiError(`the storage host redirected the download from https to ${next.protocol}//${next.host}; refusing to follow`);
        }
        note(`${response.statusCode} redirect to ${displayUrl(next)}`);
        // Same headers to the next hop: none of them is a credential.
        url = checkDownloadUrl(next.href);
      }
    } catch (error) {
      if (signal?.aborted) throw new InterruptedError();
      if (error instanceof ApiError) throw error;
      const code = errorCode(error);
      // A broken answer is not a flaky connection: asking again gets the same one.
      if (code === "UND_ERR_HEADERS_OVERFLOW" || code?.startsWith("HPE_")) {
        note(code);
        const what = code === "UND_ERR_HEADERS_OVERFLOW" ? "more headers than a client accepts (over 16 KiB)" : "an answer that is not valid HTTP";
        throw new ApiError(`the storage host sent ${what} for export ${exportId}`, { cause: error, hint: "try again later; if it persists, the storage host or a proxy in between is broken" });
      }
      lastError = error;
      note(errorCode(error) ?? "error");
      return { kind: "cut", progressed: false };
    }
    const { statusCode, body } = response;
    if (statusCode !== 200 && statusCode !== 206) {
      const text = await readSmall(body);
      const { code, message } = parseStorageError(text);
      note(`${statusCode}${code ? ` ${code}` : ""}`);
      const expiresAtMs = link.expiresAt ? Date.parse(link.expiresAt) : Number.NaN;
      return {
        kind: "status",
        status: statusCode,
        code,
        message,
        retryAfterMs: parseRetryAfter(response.headers["retry-after"], now()),
        linkExpired: !Number.isNaN(expiresAtMs) && expiresAtMs <= now(),
      };
    }

    const responseEtag = header(response.headers, "etag");
    let skip = 0;
    if (statusCode === 206) {
      const range = parseContentRange(header(response.headers, "content-range"));
      if (!range || range.start !== from) {
        discard(body);
        lastError = new Error(`the storage host answered a range request with ${header(response.headers, "content-range") ?? "no Content-Range"}`);
        if (!sink.canRestart) return { kind: "status", status: 416 };
        await restart();
        note("206 with an unexpected range; restarting");
        return { kind: "cut", progressed: false };
      }
      total = range.total;
    } else {
      const length = Number(header(response.headers, "content-length"));
      total = Number.isFinite(length) ? length : undefined;
      if (from > 0) {
        if (etag !== undefined && responseEtag === etag) {
          // The same object in full (the host ignored Range): drop what we already have.
          skip = from;
        } else if (sink.canRestart) {
          await restart();
        } else {
          discard(body);
          lastError = new Error("the file changed on the storage host while it was being written to stdout");
          return { kind: "status", status: 416 };
        }
      }
    }
    if (received === 0 || etag === undefined) etag = responseEtag;
    md5 = expectedMd5(response.headers) ?? md5;
    const expected = link.expectedBytes ?? undefined;
    if (expected !== undefined && total !== undefined && total !== expected) {
      discard(body);
      throw new ApiError(
        `the storage host offers ${formatBytesPlain(total)} for export ${exportId}, but the API says the file has ${formatBytesPlain(expected)}; not saving it`,
      );
    }
    note(String(statusCode));
    // The checksum is chosen with the first body: only an MD5 the host announced is worth taking.
    pipeline ??= new BlockPipeline(sink, md5 === undefined ? undefined : (total ?? expected ?? 0) >= WORKER_THRESHOLD_BYTES ? new WorkerMd5() : new InlineMd5());
    const limit = total ?? expected;
    const before = received;
    let progressAt = received;
    try {
      for await (const data of body) {
        let chunk = data as Buffer;
        if (skip > 0) {
          if (chunk.length <= skip) {
            skip -= chunk.length;
            continue;
          }
          chunk = chunk.subarray(skip);
          skip = 0;
        }
        if (limit !== undefined && received + chunk.length > limit) {
          discard(body);
          throw overflow(exportId, limit, total !== undefined, sink.canRestart);
        }
        received += chunk.length;
        const pending = pipeline.push(chunk);
        if (pending) await untilAborted(pending, signal);
        if (received >= progressAt) {
          progressAt = received + PROGRESS_STEP_BYTES;
          options.onProgress?.(received, total);
        }
      }
    } catch (error) {
      discard(body);
      if (signal?.aborted || error instanceof InterruptedError) throw new InterruptedError();
      if (!isNetworkFailure(error)) throw error;
      lastError = error;
      options.log?.(`download of ${exportId} cut off at byte ${received}${total !== undefined ? ` of ${total}` : ""} (${errorCode(error) ?? "error"})`);
      return { kind: "cut", progressed: received > before };
    }
    options.onProgress?.(received, total);
    const want = total ?? expected;
    if (want !== undefined && received < want) {
      lastError = new Error(`the body ended at byte ${received} of ${want}`);
      return { kind: "cut", progressed: received > before };
    }
    if (expected !== undefined && received !== expected) {
      throw new ApiError(`export ${exportId}: received ${formatBytesPlain(received)}, but the file has ${formatBytesPlain(expected)}; not saving it`);
    }
    await untilAborted(pipeline.flush(), signal);
    if (md5 !== undefined && pipeline.md5 !== undefined && (await pipeline.md5.digest()) !== md5) return { kind: "corrupt" };
    verified = md5 !== undefined && pipeline.md5 !== undefined;
    return { kind: "complete" };
  };

  try {
    for (;;) {
      if (signal?.aborted) throw new InterruptedError();
      state.attempt++;
      lastOutcome = await attempt();
      state.received = received;
      const step = decideNext(state, lastOutcome, policy, options.random);
      if (step.action === "done") break;
      if (step.action === "fail") throw failure(step.reason, lastOutcome, lastError, exportId, state, received, total);
      if (step.action === "refresh") {
        state.refreshed = true;
        options.log?.(`asking the API for a fresh download link for ${exportId}`);
        link = await options.refresh();
        continue;
      }
      if (step.fromByte === 0 && received > 0) await restart();
      if (lastOutcome.kind === "corrupt") options.log?.(`export ${exportId}: checksum mismatch; downloading it again`);
      if (step.delayMs > 0) await abortableSleep(options.sleep, step.delayMs, signal);
    }
    await sink.finish();
    return { bytes: received, attempts: state.attempt, checksum: verified ? "md5" : "none" };
  } finally {
    await pipeline?.close().catch(() => {});
    await ownDispatcher?.close().catch(() => {});
  }
}

/** The host sent more than it announced: stop at once (an endless body would fill the disk). */
function overflow(exportId: string, limit: number, fromContentLength: boolean, toFile: boolean): ApiError {
  const source = fromContentLength ? "its Content-Length" : "file_size_bytes";
  const outcome = toFile ? "not saving it" : "the output written to stdout is incomplete";
  return new ApiError(`the storage host sent more than the ${formatBytesPlain(limit)} of export ${exportId} (${source}); stopped there, ${outcome}`);
}

/** Errors that mean "the connection failed", as opposed to a local failure such as a full disk. */
function isNetworkFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code === undefined) return (error as Error | undefined)?.name === "SocketError";
  return code.startsWith("UND_ERR") || ["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "ERR_STREAM_PREMATURE_CLOSE"].includes(code);
}

function failure(
  reason: FailureReason,
  outcome: AttemptOutcome,
  cause: unknown,
  exportId: string,
  state: ResumeState,
  received: number,
  total: number | undefined,
): Error {
  const again = `run \`analytics exports download ${exportId}\` to try again`;
  const answer = outcome.kind === "status" ? `${outcome.status}${outcome.code ? ` ${outcome.code}` : ""}${outcome.message ? `: ${outcome.message}` : ""}` : "";
  switch (reason) {
    case "expired":
      return new ExportError(`the download link of export ${exportId} has expired, and so had the fresh one (storage answered ${answer})`, {
        hint: `${again}; the export itself may have expired`,
      });
    case "signature":
      return new ExportError(`the storage host refused the download link's signature for export ${exportId} (${answer})`, {
        hint: `the link may have been altered in transit or its keys rotated; ${again}`,
      });
    case "not-found":
      return new ExportError(`the file of export ${exportId} is no longer on the storage host (${answer})`, { hint: "create a new export" });
    case "refused":
      return new ExportError(`the storage host refused the download of export ${exportId} (${answer})`, { hint: again });
    case "server":
      return new ApiError(`the storage host kept failing while serving export ${exportId} (${answer}, ${state.attempt} attempts)`, {
        hint: `${again} later`,
        ...(outcome.kind === "status" ? { status: outcome.status } : {}),
      });
    case "corrupt":
      if (!state.canRestart) {
        // The bytes are on stdout already: nothing can be "not saved", but the reader must not trust them.
        return new ApiError(`the download of export ${exportId} does not match the checksum the storage host gave; the output written to stdout is corrupt`, { hint: again });
      }
      return new ApiError(`the download of export ${exportId} does not match the checksum the storage host gave; not saved`, { hint: again });
    case "unrecoverable":
      return new ApiError(`the download of export ${exportId} could not be resumed${cause instanceof Error ? `: ${cause.message}` : ""}`, { hint: again });
    case "attempts": {
      const where = received > 0 ? ` (at byte ${received.toLocaleString("en-US")}${total !== undefined ? ` of ${total.toLocaleString("en-US")}` : ""})` : "";
      const code = errorCode(cause);
      const what = received === 0 && code === "ECONNREFUSED" ? "could not connect to the storage host" : "the connection to the storage host kept failing";
      return new NetworkError(`download of export ${exportId} failed after ${state.attempt} attempts: ${what}${where}`, {
        cause,
        hint: `check the network; ${again}`,
      });
    }
  }
}
