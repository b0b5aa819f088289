/**
 * The one place that talks HTTP to an analytics API, for every provider: URL building, the
 * provider's credential headers (only ever to the API origin), timeouts, retries with backoff, a size limit on bodies, and the --verbose log.
 * It returns parsed JSON; shaping errors and validating data is left to the caller.
 *
 * Time limits: --timeout bounds each attempt's whole response (connect, headers and body: a body
 * dripping a byte at a time cannot outlast it), and the call, retries and waits included, ends
 * within twice --timeout.
 */
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from "undici";
import { ApiError, CliError, InterruptedError, NetworkError } from "../errors.js";
import { formatDuration } from "../options/duration.js";
import { isLoopbackHost } from "../options/hosts.js";
import { redact } from "../render/sanitize.js";
import { RETRYABLE_STATUSES, decideRetry, parseRetryAfter, retryPolicyFor, type RetryPolicy } from "./retry.js";
import { certificateProblem } from "./tls.js";

export interface HttpClientOptions {
  /** API origin, e.g. https://api.example.com (already checked). */
  origin: string;
  /** Prefix of relative paths, e.g. `/api/v1/workspaces/ws_1` (empty for none). */
  basePath: string;
  /** The headers that carry the credential, as the provider's document says; sent to `origin` only. */
  credentialHeaders: Record<string, string>;
  /** Values never to appear in a log line (the token). */
  secrets: readonly string[];
  timeoutMs: number;
  userAgent: string;
  /** --verbose: one line per attempt. */
  log?: ((line: string) => void) | undefined;
  /** Told before each wait for another attempt (the spinner shows it). */
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal | undefined;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  policy?: RetryPolicy;
  /** Largest body accepted; analytics answers are kilobytes, so a huge body is an error. */
  maxBodyBytes?: number;
}

export interface HttpRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Under the base path (`/campaigns/x/analytics`) or absolute from the origin (`//api/v1/...` is not allowed). */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Safe to send twice. Defaults to true for GET. Non-idempotent requests are retried only when the server cannot have processed them. */
  idempotent?: boolean;
  headers?: Record<string, string>;
}

/** A retry about to happen: attempt `attempt` of `maxAttempts`, after `after`, in `delayMs`. */
export interface RetryNotice {
  attempt: number;
  maxAttempts: number;
  /** What the previous attempt ended in: a status (`503`), `timeout`, or an error code. */
  after: string;
  delayMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined for an empty body). */
  json: unknown;
  /** Method and path, for messages. */
  label: string;
}

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured, like curl, except for loopback hosts: a proxy
 * cannot reach the user's own 127.0.0.1, and a plain-http request through it would hand the
 * token to the proxy in clear.
 */
export function dispatcherFor(url: URL, timeoutMs: number): Dispatcher {
  return isLoopbackHost(url.hostname) ? new Agent({ connect: { timeout: timeoutMs } }) : new EnvHttpProxyAgent({ connect: { timeout: timeoutMs } });
}

type Outcome = { kind: "response"; response: RawResponse } | { kind: "error"; error: unknown; code: string | undefined };

/** The code an attempt that ran out of --timeout ends in. */
const TIMEOUT = "timeout";

/**
 * Another attempt is worth it for a retryable status or a connection failure, when sending the
 * request twice is safe: it is idempotent, or the server cannot have processed it (a 429, or a
 * connection that was never made).
 */
function isRetryable(outcome: Outcome, idempotent: boolean): boolean {
  if (outcome.kind === "response") return RETRYABLE_STATUSES.has(outcome.response.status) && (idempotent || outcome.response.status === 429);
  // A certificate the client refuses stays refused: another attempt only costs time.
  if (certificateProblem(outcome.code)) return false;
  return idempotent || NOT_SENT_CODES.has(outcome.code ?? "");
}

function retryAfterOf(outcome: Outcome): number | undefined {
  return outcome.kind === "response" ? parseRetryAfter(outcome.response.headers["retry-after"], Date.now()) : undefined;
}

function describeOutcome(outcome: Outcome): string {
  return outcome.kind === "response" ? String(outcome.response.status) : (outcome.code ?? "error");
}

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const DEFAULT_MAX_BODY = 8 * 1024 * 1024;

// Failures where the request cannot have reached the server's application: safe to resend even a POST.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
const CONNECTION_CODES = new Set([
  ...NOT_SENT_CODES,
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_CLOSED",
  TIMEOUT,
]);

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new InterruptedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new InterruptedError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

export class HttpClient {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: HttpClientOptions) {
    this.dispatcher = dispatcherFor(new URL(options.origin), options.timeoutMs);
  }

  /** The full URL of an API path: relative to the base path, or absolute when it already starts with it or with /api/ or /v1/. */
  url(path: string, query?: Record<string, string | undefined>): URL {
    const absolute = /^\/(api|v\d+)\//.test(path) || (this.options.basePath !== "" && path.startsWith(`${this.options.basePath}/`));
    const full = absolute ? path : `${this.options.basePath}${path}`;
    const url = new URL(full, this.options.origin);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url;
  }

  /** Send with retries; resolves with the final response (any status), rejects on network failure. */
  async send(spec: HttpRequest): Promise<HttpResponse> {
    const policy = this.options.policy ?? retryPolicyFor(this.options.timeoutMs);
    const idempotent = spec.idempotent ?? spec.method === "GET";
    const url = this.url(spec.path, spec.query);
    const label = `${spec.method} ${url.pathname}`;
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      const attemptStarted = performance.now();
      const timeLeft = policy.budgetMs - (attemptStarted - started);
      const outcome = await this.attemptOnce(spec, url, Math.min(this.options.timeoutMs, timeLeft), label);
      const decision = isRetryable(outcome, idempotent)
        ? decideRetry(attempt, retryAfterOf(outcome), performance.now() - started, policy, this.options.random ?? Math.random)
        : ({ retry: false } as const);
      this.log(
        `${spec.method} ${url.href} → ${describeOutcome(outcome)} (${Math.round(performance.now() - attemptStarted)} ms, attempt ${attempt}/${policy.maxAttempts})` +
          (decision.retry ? `; retrying in ${formatDuration(decision.delayMs)}` : ""),
      );
      if (!decision.retry) {
        if (outcome.kind === "error") throw this.networkError(outcome.error, outcome.code, url, label, { attempts: attempt, elapsedMs: performance.now() - started });
        return { ...outcome.response, json: parseJsonBody(outcome.response, label), label };
      }
      this.options.onRetry?.({ attempt: attempt + 1, maxAttempts: policy.maxAttempts, after: describeOutcome(outcome), delayMs: decision.delayMs });
      await (this.options.sleep ?? realSleep)(decision.delayMs, this.options.signal);
    }
  }

  /** One attempt within `timeoutMs`: a response of any status, or the network error it ended in. */
  private async attemptOnce(spec: HttpRequest, url: URL, timeoutMs: number, label: string): Promise<Outcome> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, deadline.signal]) : deadline.signal;
    try {
      return { kind: "response", response: await this.attempt(spec, url, label, signal) };
    } catch (error) {
      if (this.options.signal?.aborted) throw new InterruptedError();
      if (deadline.signal.aborted) return { kind: "error", error, code: TIMEOUT };
      if (error instanceof ApiError) throw error;
      return { kind: "error", error, code: errorCode(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Release pooled connections so the process can exit. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async attempt(spec: HttpRequest, url: URL, label: string, signal: AbortSignal): Promise<RawResponse> {
    const headers: Record<string, string> = {
      accept: "application/json",
      "user-agent": this.options.userAgent,
      ...spec.headers,
    };
    // The credentials go to the configured API origin and nowhere else.
    if (url.origin === this.options.origin) Object.assign(headers, this.options.credentialHeaders);
    let body: string | undefined;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = "application/json";
    }
    const response = await request(url, {
      method: spec.method,
      headers,
      body,
      dispatcher: this.dispatcher,
      signal,
      // The attempt's own deadline (the signal) covers headers and body together.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const raw = await readLimited(response.body, this.options.maxBodyBytes ?? DEFAULT_MAX_BODY, label);
    // A server may echo the credential back (in an error message, say): it goes no further than here.
    const text = this.options.secrets.reduce((out, secret) => redact(out, secret), raw);
    return { status: response.statusCode, headers: response.headers, text };
  }

  private networkError(error: unknown, code: string | undefined, url: URL, label: string, spent: { attempts: number; elapsedMs: number }): CliError {
    const host = url.host;
    const timeout = formatDuration(this.options.timeoutMs);
    const hint = { cause: error, hint: "check the network or the API URL; --verbose shows each attempt" };
    const certificate = certificateProblem(code);
    if (certificate) {
      return new NetworkError(`certificate problem with ${url.hostname}: ${certificate} (${code})`, {
        cause: error,
        hint: "nothing was sent; if the API uses a private certificate authority, point NODE_EXTRA_CA_CERTS at its certificate",
      });
    }
    switch (code) {
      case TIMEOUT: {
        const spentText = spent.attempts > 1 ? `${formatDuration(spent.elapsedMs)} (${spent.attempts} attempts)` : timeout;
        return new NetworkError(`${label} timed out after ${spentText}`, { cause: error, hint: "raise --timeout (e.g. --timeout 60s) or try again later; a call, retries included, takes at most twice --timeout" });
      }
      case "ECONNREFUSED":
        return new NetworkError(`cannot connect to ${url.origin}: connection refused`, hint);
      case "ENOTFOUND":
      case "EAI_AGAIN":
        return new NetworkError(`cannot resolve host ${url.hostname}`, hint);
      case "UND_ERR_CONNECT_TIMEOUT":
        return new NetworkError(`connecting to ${host} timed out after ${timeout}`, hint);
      case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
        return new ApiError(`the response to ${label} was cut short`, { cause: error });
      default:
        if (error instanceof CliError) return error;
        if (code && CONNECTION_CODES.has(code)) return new NetworkError(`connection to ${host} failed (${code}) during ${label}`, hint);
        return new NetworkError(`${label} failed: ${(error as Error).message ?? String(error)}`, hint);
    }
  }

  private log(line: string): void {
    this.options.log?.(this.options.secrets.reduce((text, secret) => redact(text, secret), line));
  }
}

function errorCode(error: unknown): string | undefined {
  const err = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === "string" ? code : undefined;
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number, label: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new ApiError(`the response to ${label} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; refusing to read it`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJsonBody(response: RawResponse, label: string): unknown {
  const { text, status } = response;
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    const type = String(response.headers["content-type"] ?? "");
    if (type.includes("html") || /^\s*</.test(text)) {
      throw new ApiError(
        `the API answered ${status} to ${label} with an HTML page instead of JSON${status >= 500 ? " (a proxy or gateway error?)" : ""}`,
        { status, hint: "check the API URL; --verbose shows the request" },
      );
    }
    throw new ApiError(`malformed response to ${label}: the body is not valid JSON (status ${status})`, { status });
  }
}
