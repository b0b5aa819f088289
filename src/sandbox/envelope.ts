/**
 * The Tenant API's response envelope (`{success, data}` / `{success, error}`) and JSON writing.
 */
import type { ServerResponse } from "node:http";

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

/** A request that ends in an error envelope; thrown by handlers and validators. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** What a route handler returns: a status and the complete JSON body (envelope included). */
export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A success envelope around `data`. */
export function ok(data: unknown, status = 200): ApiResult {
  return { status, body: { success: true, data } };
}

/** An error envelope body. */
export function errorBody(code: string, message: string): { success: false; error: { code: string; message: string } } {
  return { success: false, error: { code, message } };
}

/** Shorthand for a 400 VALIDATION_ERROR naming the offending parameter in `message`. */
export function validationError(message: string): ApiError {
  return new ApiError(400, "VALIDATION_ERROR", message);
}

/** Writes a complete JSON response with an exact Content-Length. */
export function writeJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body), "utf8");
  res.writeHead(status, { ...headers, "Content-Type": JSON_CONTENT_TYPE, "Content-Length": String(payload.length) });
  res.end(payload);
}

/** A user-supplied value quoted for an error message, shortened so messages stay one readable line. */
export function quoteValue(value: string): string {
  const short = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(short);
}
