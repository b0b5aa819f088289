/**
 * Turn a non-success answer into the typed error that carries the right exit code.
 * The API's error code is kept, so the user sees `CAMPAIGN_NOT_FOUND: …`.
 */
import { ApiError, AuthError, type CliError, ExportError, NotFoundError, RateLimitError } from "../errors.js";
import { formatDuration } from "../options/duration.js";
import type { HttpResponse } from "./client.js";
import { parseRetryAfter } from "./retry.js";
import { parseErrorEnvelope } from "../providers/tenant/schemas.js";

export interface ErrorContext {
  /** Shown with 401s: what to do about the token in use. */
  authHint: string;
  /** A warning about the response (stderr, `warning: …`; quiet with --quiet). */
  warn?: (message: string) => void;
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Which exit code an API error code implies, when the code alone decides it. */
function errorClassForCode(code: string): "auth" | "notFound" | "rate" | "export" | undefined {
  if (code === "UNAUTHORIZED" || code === "FORBIDDEN") return "auth";
  if (code.endsWith("_NOT_FOUND") || code === "NOT_FOUND") return "notFound";
  if (code === "RATE_LIMITED") return "rate";
  if (code === "EXPORT_FAILED" || code === "EXPORT_EXPIRED") return "export";
  return undefined;
}

function errorClassForStatus(status: number): "auth" | "notFound" | "rate" | undefined {
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "notFound";
  if (status === 429) return "rate";
  return undefined;
}

export function errorFromResponse(response: HttpResponse, context: ErrorContext): CliError {
  const { status, label } = response;
  if (status >= 300 && status < 400) {
    const location = String(response.headers.location ?? "elsewhere");
    return new ApiError(`the API redirected ${label} (${status}) to ${location}; not following it, so the token stays with the API origin`, { status });
  }
  const envelope = parseErrorEnvelope(response.json);
  const statusText = `${status} ${REASONS[status] ?? ""}`.trim();
  const message = envelope?.message || `the API answered ${statusText} to ${label}`;
  const options = { apiCode: envelope?.code, status };
  const kind = (envelope && errorClassForCode(envelope.code)) ?? errorClassForStatus(status);
  switch (kind) {
    case "auth":
      return new AuthError(message, { ...options, hint: status === 403 ? "check the workspace id (--workspace / ANALYTICS_WORKSPACE)" : context.authHint });
    case "notFound":
      return new NotFoundError(message, options);
    case "rate": {
      const wait = parseRetryAfter(response.headers["retry-after"], Date.now());
      return new RateLimitError(message, { ...options, hint: wait !== undefined ? `the API asks to wait ${formatDuration(wait)}; try again then` : "try again in a minute" });
    }
    case "export":
      return new ExportError(message, options);
    default:
      if (status >= 200 && status < 300 && !envelope) {
        return new ApiError(`unexpected response to ${label}: no {"success": true, "data": …} envelope`, options);
      }
      return new ApiError(envelope ? message : `${message}`, options);
  }
}
