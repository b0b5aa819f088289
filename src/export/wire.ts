/**
 * Small pieces of HTTP for the download client: which links are acceptable, how they are shown,
 * and how storage answers are read (MD5 from ETag / Content-MD5, Content-Range, S3 XML errors).
 */
import { ApiError } from "../errors.js";
import { isLoopbackHost } from "../options/hosts.js";

const MAX_ERROR_BODY = 16 * 1024;

/** An http(s) URL; plain http only to a loopback host (the link is itself a credential). */
export function checkDownloadUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ApiError(`the API gave an unusable download link (${JSON.stringify(raw.slice(0, 80))})`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ApiError(`the API gave a download link with an unsupported scheme (${url.protocol})`);
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ApiError(`refusing to download over plain http from ${url.hostname}: the link would travel unencrypted`);
  }
  if (url.username || url.password) throw new ApiError("the API gave a download link with credentials in it; refusing to use it");
  return url;
}


/** The link for messages and logs: origin and path, never the signature in the query. */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}${url.search ? "?…" : ""}`;
}

/** An MD5 from `Content-MD5` (base64) or a single-part S3 ETag (32 hex digits); multipart and weak ETags carry none. */
export function expectedMd5(headers: Record<string, string | string[] | undefined>): string | undefined {
  const contentMd5 = header(headers, "content-md5");
  if (contentMd5) {
    const bytes = Buffer.from(contentMd5, "base64");
    if (bytes.length === 16) return bytes.toString("hex");
  }
  const etag = header(headers, "etag");
  const match = etag ? /^"?([0-9a-f]{32})"?$/i.exec(etag) : null;
  return match?.[1]?.toLowerCase();
}

/** `bytes 100-199/1000` → its parts. */
export function parseContentRange(value: string | undefined): { start: number; end: number; total: number | undefined } | undefined {
  const match = value ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim()) : null;
  if (!match) return undefined;
  return { start: Number(match[1]), end: Number(match[2]), total: match[3] === "*" ? undefined : Number(match[3]) };
}

/** `<Code>` and `<Message>` of an S3-style XML error body (or nothing). */
export function parseStorageError(body: string): { code?: string; message?: string } {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(body)?.[1];
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function errorCode(error: unknown): string | undefined {
  const err = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

export type Body = AsyncIterable<Buffer> & { destroy(): unknown; on(event: "error", listener: (error: Error) => void): unknown };

/** Drops a response body we will not read (destroying it unobserved would surface as an unhandled error). */
export function discard(body: Body): void {
  body.on("error", () => {});
  body.destroy();
}

/** Up to 16 KiB of an error body, as text. */
export async function readSmall(body: Body): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_ERROR_BODY) break;
    }
  } catch {
    // An error body that fails to arrive is no worse than none.
  } finally {
    discard(body);
  }
  return Buffer.concat(chunks).toString("utf8").slice(0, MAX_ERROR_BODY);
}
