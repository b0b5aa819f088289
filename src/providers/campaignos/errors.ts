/**
 * CampaignOS leaves error bodies unspecified: the HTTP status decides the exit code, a `message` or
 * `error` string in the body (when there is one) is the message, and an HTML page is never shown.
 */
import { ApiError, AuthError, type CliError, NotFoundError, RateLimitError } from "../../errors.js";
import type { HttpResponse } from "../../http/client.js";
import type { ErrorContext } from "../../http/errors.js";
import { parseRetryAfter } from "../../http/retry.js";
import { formatDuration } from "../../options/duration.js";

/** The body's own words: `message`, `error` (a string, or an object with a message), or nothing. */
export function serverMessage(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { message, error } = body as { message?: unknown; error?: unknown };
  if (typeof message === "string" && message.trim() !== "") return message.trim();
  if (typeof error === "string" && error.trim() !== "") return error.trim();
  if (typeof error === "object" && error !== null) return serverMessage(error);
  return undefined;
}

/** The typed error for a status, with the server's message when it gave one. */
export function errorForStatus(status: number, label: string, headers: HttpResponse["headers"], message: string | undefined, context: ErrorContext): CliError {
  const text = message ?? `the API answered ${status} to ${label}`;
  if (status === 401) return new AuthError(text, { hint: context.authHint });
  if (status === 403) return new AuthError(text, { hint: "check the workspace id (--workspace / ANALYTICS_WORKSPACE) and that the session may read it" });
  if (status === 404) return new NotFoundError(text);
  if (status === 429) {
    const wait = parseRetryAfter(headers["retry-after"], Date.now());
    return new RateLimitError(text, { hint: wait !== undefined ? `the API asks to wait ${formatDuration(wait)}; try again then` : "try again in a minute" });
  }
  return new ApiError(text, { status });
}

export function errorFromCampaignOs(response: HttpResponse, context: ErrorContext): CliError {
  return errorForStatus(response.status, response.label, response.headers, serverMessage(response.json), context);
}

/**
 * The shared client turns an HTML body into an ApiError (exit 1) before the status is looked at;
 * a login page or a 404 page from a proxy still means 401 or 404 here.
 */
export function rehomeHtmlError(error: unknown, label: string, context: ErrorContext): unknown {
  if (!(error instanceof ApiError) || error.status === undefined || !/HTML page/.test(error.message)) return error;
  if (![401, 403, 404, 429].includes(error.status)) return error;
  return errorForStatus(error.status, label, {}, `the API answered ${error.status} to ${label} with an HTML page`, context);
}
