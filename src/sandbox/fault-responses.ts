/**
 * What each fault looks like on the wire, as a misbehaving proxy would produce it. `slow` is not
 * here: the server delays and then answers normally.
 */
import type { ServerResponse } from "node:http";
import { JSON_CONTENT_TYPE, errorBody, writeJson } from "./envelope.js";
import type { FaultKind } from "./faults.js";

/** Envelope code for each HTTP-status fault. */
export const FAULT_ERROR_CODES = {
  "500": "SERVER_ERROR",
  "502": "BAD_GATEWAY",
  "503": "SERVICE_UNAVAILABLE",
  "504": "GATEWAY_TIMEOUT",
  "429": "RATE_LIMITED",
} as const;

const STATUS_MESSAGES = {
  "500": "Internal server error",
  "502": "Bad gateway: the upstream server returned an invalid response",
  "503": "Service temporarily unavailable",
  "504": "Gateway timeout: the upstream server did not answer in time",
  "429": "Rate limit exceeded, retry after 1 second",
} as const;

const HTML_BAD_GATEWAY =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/** A plausible start of a success body, used by the faults that cut a response short. */
const PARTIAL_SUCCESS_BODY = JSON.stringify({
  success: true,
  data: { note: "this body is cut short by a sandbox fault", padding: "x".repeat(2048) },
});

/**
 * Writes fault `kind` (anything but `slow`) to `res`. `rateLimitHeaders` are attached to the 429.
 * Returns the HTTP status the client sees, or 0 when no response is sent at all.
 */
export function writeFault(kind: Exclude<FaultKind, "slow">, res: ServerResponse, rateLimitHeaders: Record<string, string>): number {
  switch (kind) {
    case "500":
    case "502":
    case "503":
    case "504": {
      const headers: Record<string, string> = kind === "503" ? { "Retry-After": "1" } : {};
      writeJson(res, Number(kind), errorBody(FAULT_ERROR_CODES[kind], STATUS_MESSAGES[kind]), headers);
      return Number(kind);
    }
    case "429":
      writeJson(res, 429, errorBody("RATE_LIMITED", STATUS_MESSAGES["429"]), {
        ...rateLimitHeaders,
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "1",
        "Retry-After": "1",
      });
      return 429;
    case "reset":
      res.socket?.destroy();
      return 0;
    case "reset-mid": {
      const body = Buffer.from(PARTIAL_SUCCESS_BODY);
      res.writeHead(200, { "Content-Type": JSON_CONTENT_TYPE, "Content-Length": String(body.length) });
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return 200;
    }
    case "truncate": {
      const body = Buffer.from(PARTIAL_SUCCESS_BODY);
      res.writeHead(200, { "Content-Type": JSON_CONTENT_TYPE, "Content-Length": String(body.length + 1024) });
      res.write(body, () => res.destroy());
      return 200;
    }
    case "malformed": {
      const body = Buffer.from('{"success": true, "data": {"campaign_id": "cmp_abc123", "summary": {"emails_sent": 5000,, ');
      res.writeHead(200, { "Content-Type": JSON_CONTENT_TYPE, "Content-Length": String(body.length) });
      res.end(body);
      return 200;
    }
    case "html": {
      const body = Buffer.from(HTML_BAD_GATEWAY);
      res.writeHead(502, { "Content-Type": "text/html; charset=utf-8", "Content-Length": String(body.length) });
      res.end(body);
      return 502;
    }
  }
}
