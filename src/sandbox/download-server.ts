/**
 * The download listener: a second origin (another port), playing object storage. It serves export
 * files at presigned URLs (`/exports/<id>.<format>?expires=<unix seconds>&signature=<hex HMAC>`)
 * and behaves like S3 where a client can tell: a request that also carries `Authorization` is
 * refused (400), an expired link or a bad signature is 403, `Range` gives 206 (`If-Range` honoured),
 * every file answer has `Content-Length`, `ETag` (the MD5) and `Accept-Ranges`, and errors are
 * S3-style XML. `download.*` faults act like a proxy in front of it; `reset-mid`, `truncate` and
 * `malformed` cut or corrupt the real body.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { Lifecycle, type Listening, listen } from "./listener.js";
import type { ExportFile, ExportStore, LinkSigner } from "./exports.js";
import type { FaultKind, FaultPlan } from "./faults.js";
import { SLOW_FAULT_MS, type SandboxRequestRecord } from "./server.js";

/** Signs and checks presigned links with a per-sandbox secret. */
export class UrlSigner implements LinkSigner {
  private origin = "";

  constructor(private readonly secret: Buffer) {}

  /** Set once the download listener knows its port. */
  bind(origin: string): void {
    this.origin = origin;
  }

  sign(exportId: string, format: string, expiresAtMs: number): string {
    const path = `/exports/${encodeURIComponent(exportId)}.${format}`;
    const expires = Math.floor(expiresAtMs / 1000);
    return `${this.origin}${path}?expires=${expires}&signature=${this.signature(path, expires)}`;
  }

  /** Whether the query authorises `path` now. */
  verify(path: string, query: URLSearchParams, nowMs: number): "ok" | "missing" | "bad-signature" | "expired" {
    const expiresRaw = query.get("expires");
    const given = query.get("signature");
    if (expiresRaw === null || given === null) return "missing";
    const expires = /^\d{1,12}$/.test(expiresRaw) ? Number(expiresRaw) : Number.NaN;
    const expected = Buffer.from(Number.isNaN(expires) ? "" : this.signature(path, expires), "utf8");
    const presented = Buffer.from(given, "utf8");
    if (expected.length === 0 || expected.length !== presented.length || !timingSafeEqual(expected, presented)) return "bad-signature";
    return nowMs >= expires * 1000 ? "expired" : "ok";
  }

  private signature(path: string, expires: number): string {
    return createHmac("sha256", this.secret).update(`${path}\n${expires}`).digest("hex");
  }
}

export interface DownloadServerDeps {
  store: ExportStore;
  signer: UrlSigner;
  faults: FaultPlan;
  requests: SandboxRequestRecord[];
  /** Throttle each response to this many bytes per second (SIGINT tests, slow links); default unlimited. */
  bytesPerSecond?: number | undefined;
  log?: ((line: string) => void) | undefined;
  clock?: () => number;
}

export interface DownloadServer extends Listening {
  origin: string;
}

const FILE_PATH = /^\/exports\/([A-Za-z0-9_-]{1,128})\.(csv|json)$/;
const CONTENT_TYPES: Record<string, string> = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" };
const CHUNK_BYTES = 1 << 20;

const HTML_BAD_GATEWAY =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** Status faults as a storage front end reports them. */
const STATUS_FAULTS: Partial<Record<FaultKind, { status: number; code: string; message: string }>> = {
  "500": { status: 500, code: "InternalError", message: "We encountered an internal error. Please try again." },
  "502": { status: 502, code: "BadGateway", message: "Bad gateway" },
  "503": { status: 503, code: "SlowDown", message: "Please reduce your request rate." },
  "504": { status: 504, code: "GatewayTimeout", message: "Gateway timeout" },
  "429": { status: 429, code: "SlowDown", message: "Please reduce your request rate." },
};

/** Starts the download listener on host:port (0 = ephemeral). */
export async function startDownloadServer(deps: DownloadServerDeps, host: string, port: number): Promise<DownloadServer> {
  const lifecycle = new Lifecycle();
  const server: Server = createServer((req, res) => {
    handle(deps, req, res, lifecycle).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) writeXmlError(res, 500, "InternalError", "We encountered an internal error. Please try again.");
      else res.destroy();
      deps.log?.(`sandbox download error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const listening = await listen(server, host, port, lifecycle);
  return { ...listening, origin: `http://${host.includes(":") ? `[${host}]` : host}:${listening.port}` };
}

async function handle(deps: DownloadServerDeps, req: IncomingMessage, res: ServerResponse, lifecycle: Lifecycle): Promise<void> {
  const startedAt = performance.now();
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://download.invalid");
  const record: SandboxRequestRecord = {
    listener: "download",
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    status: 0,
  };
  deps.requests.push(record);
  res.on("close", () => deps.log?.(`${method} ${url.pathname} ${record.status} ${Math.round(performance.now() - startedAt)}ms [download]`));
  const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}): void => {
    record.status = status;
    writeXmlError(res, status, code, message, headers);
  };

  if (method !== "GET" && method !== "HEAD") return fail(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", { Allow: "GET, HEAD" });

  const fault = deps.faults.next("download");
  if (fault === "slow") {
    await lifecycle.delay(SLOW_FAULT_MS);
    if (lifecycle.closing || res.destroyed) return;
  } else if (fault === "reset") {
    res.socket?.destroy();
    return;
  } else if (fault === "html") {
    record.status = 502;
    res.writeHead(502, { "Content-Type": "text/html; charset=utf-8", "Content-Length": String(Buffer.byteLength(HTML_BAD_GATEWAY)) });
    res.end(HTML_BAD_GATEWAY);
    return;
  } else if (fault && STATUS_FAULTS[fault]) {
    const { status, code, message } = STATUS_FAULTS[fault];
    return fail(status, code, message, status === 503 || status === 429 ? { "Retry-After": "1" } : {});
  }

  // Like S3: one authentication mechanism per request. A client that forwards its API token here is refused.
  if (req.headers.authorization !== undefined) {
    return fail(400, "InvalidArgument", "Only one auth mechanism allowed; only the Signature query parameter or the Authorization header should be specified");
  }
  const match = FILE_PATH.exec(url.pathname);
  const verdict = deps.signer.verify(url.pathname, url.searchParams, (deps.clock ?? Date.now)());
  if (verdict === "missing") return fail(403, "AccessDenied", "Query-string authentication requires the signature and expires parameters");
  if (verdict === "bad-signature") return fail(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
  if (verdict === "expired") return fail(403, "AccessDenied", "Request has expired");
  const file = match ? deps.store.file(match[1] ?? "") : undefined;
  if (!file || file.format !== match?.[2]) return fail(404, "NoSuchKey", "The specified key does not exist.");

  const etag = `"${file.md5}"`;
  const baseHeaders: Record<string, string> = {
    "Content-Type": CONTENT_TYPES[file.format] ?? "application/octet-stream",
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    ETag: etag,
    "Last-Modified": file.lastModified.toUTCString(),
    "Accept-Ranges": "bytes",
  };
  const range = requestedRange(req, file, etag);
  if (range === "unsatisfiable") {
    return fail(416, "InvalidRange", "The requested range is not satisfiable", { "Content-Range": `bytes */${file.sizeBytes}` });
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? file.sizeBytes - 1;
  const length = end - start + 1;
  record.status = range ? 206 : 200;
  res.writeHead(record.status, {
    ...baseHeaders,
    "Content-Length": String(length),
    ...(range ? { "Content-Range": `bytes ${start}-${end}/${file.sizeBytes}` } : {}),
  });
  if (method === "HEAD" || length === 0) {
    res.end();
    return;
  }
  await streamBody(deps, res, file, start, end, fault, lifecycle);
}

/** The single byte range asked for, undefined for the whole file (no, multiple or malformed ranges, or a stale If-Range). */
function requestedRange(req: IncomingMessage, file: ExportFile, etag: string): { start: number; end: number } | "unsatisfiable" | undefined {
  const header = req.headers.range;
  if (header === undefined) return undefined;
  const ifRange = req.headers["if-range"];
  if (ifRange !== undefined && ifRange !== etag && ifRange !== file.lastModified.toUTCString()) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const size = file.sizeBytes;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return "unsatisfiable";
  if (end < start) return undefined;
  return { start, end };
}

async function streamBody(
  deps: DownloadServerDeps,
  res: ServerResponse,
  file: ExportFile,
  start: number,
  end: number,
  fault: FaultKind | undefined,
  lifecycle: Lifecycle,
): Promise<void> {
  const length = end - start + 1;
  const throttle = deps.bytesPerSecond && deps.bytesPerSecond > 0 ? deps.bytesPerSecond : undefined;
  const chunkBytes = throttle ? Math.max(1024, Math.min(64 * 1024, Math.floor(throttle / 10))) : CHUNK_BYTES;
  // reset-mid and truncate send half of this response, then drop the connection (RST or FIN).
  const cutAt = fault === "reset-mid" || fault === "truncate" ? Math.floor(length / 2) : undefined;
  const source = createReadStream(file.path, { start, end, highWaterMark: chunkBytes });
  const began = performance.now();
  let sent = 0;
  let corrupted = false;
  try {
    for await (const data of source) {
      let chunk = data as Buffer;
      if (lifecycle.closing || res.destroyed) return;
      if (fault === "malformed" && !corrupted) {
        chunk = Buffer.from(chunk);
        chunk[0] = (chunk[0] ?? 0) ^ 0x20;
        corrupted = true;
      }
      if (cutAt !== undefined && sent + chunk.length >= cutAt) {
        const part = chunk.subarray(0, cutAt - sent);
        await new Promise<void>((resolve) => res.write(part, () => resolve()));
        if (fault === "reset-mid") res.socket?.resetAndDestroy();
        else res.destroy();
        return;
      }
      sent += chunk.length;
      if (!res.write(chunk)) await drained(res);
      if (throttle) {
        const aheadMs = (sent / throttle) * 1000 - (performance.now() - began);
        if (aheadMs > 1) await lifecycle.delay(aheadMs);
      }
    }
    res.end();
  } finally {
    source.destroy();
  }
}

/** Resolves when `res` can take more, or has gone away. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function writeXmlError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error>\n`;
  res.writeHead(status, { ...headers, "Content-Type": "application/xml", "Content-Length": String(Buffer.byteLength(body)) });
  res.end(body);
}
