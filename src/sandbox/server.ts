/**
 * The API listener: node:http over the route table. Per request, in order: record it, route it,
 * inject a fault (a proxy in front of the API), authenticate, take a rate-limit token, run the
 * handler, write the envelope. Every API response carries RateLimit-* headers except those a
 * simulated proxy fault produces (the 429 fault has them).
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { Lifecycle, type Listening, listen } from "./listener.js";
import type { ExtraKeys, SandboxCredentials } from "./credentials.js";
import type { Dataset } from "./dataset.js";
import { ApiError, type ApiResult, errorBody, validationError, writeJson } from "./envelope.js";
import { writeFault } from "./fault-responses.js";
import type { ExportStore } from "./exports.js";
import type { FaultPlan } from "./faults.js";
import { type RateLimitDecision, type RateLimiter, rateLimitHeaders } from "./rate-limit.js";
import { type ProviderApi, type RouteDefinition, matchRoute } from "./router.js";

/** How long the `slow` fault holds back the first byte (longer than a client's usual timeout). */
export const SLOW_FAULT_MS = 35_000;
/** Largest JSON request body accepted. */
const MAX_BODY_BYTES = 1_048_576;

/** One request the sandbox received (headers as received, so tests can check what was sent where). */
export interface SandboxRequestRecord {
  listener: "api" | "download";
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The status sent, or 0 when the connection was dropped without a response. */
  status: number;
}

export interface ApiServerDeps {
  dataset: Dataset;
  credentials: SandboxCredentials;
  extraKeys: ExtraKeys;
  /** Each provider's auth and error style; routes name their provider. */
  apis: readonly ProviderApi[];
  routes: readonly RouteDefinition[];
  rateLimiter: RateLimiter;
  faults: FaultPlan;
  requests: SandboxRequestRecord[];
  exports: ExportStore;
  log?: (line: string) => void;
}

/** Starts the API listener on host:port (0 = ephemeral). */
export async function startApiServer(deps: ApiServerDeps, host: string, port: number): Promise<Listening> {
  const lifecycle = new Lifecycle();
  const server: Server = createServer((req, res) => {
    handleRequest(deps, req, res, lifecycle).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) writeJson(res, 500, errorBody("SERVER_ERROR", "Internal server error"));
      deps.log?.(`sandbox internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  return listen(server, host, port, lifecycle);
}


async function handleRequest(deps: ApiServerDeps, req: IncomingMessage, res: ServerResponse, lifecycle: Lifecycle): Promise<void> {
  const startedAt = performance.now();
  const method = req.method ?? "GET";
  const url = new URL(req.url ?? "/", "http://sandbox.invalid");
  const record: SandboxRequestRecord = { listener: "api", method, path: url.pathname, query: firstValues(url.searchParams), headers: { ...req.headers }, status: 0 };
  deps.requests.push(record);
  res.on("close", () => deps.log?.(`${method} ${url.pathname} ${record.status} ${Math.round(performance.now() - startedAt)}ms`));

  const send = (result: ApiResult, rateLimit?: RateLimitDecision): void => {
    record.status = result.status;
    writeJson(res, result.status, result.body, { ...(rateLimit ? rateLimitHeaders(rateLimit) : {}), ...result.headers });
  };
  const match = matchRoute(deps.routes, method, url.pathname);
  const api = match.kind === "found" ? deps.apis.find((candidate) => candidate.provider === match.route.provider) : undefined;
  const sendError = (error: ApiError, rateLimit?: RateLimitDecision): void =>
    send({ status: error.status, body: api ? api.errorBody(error.status, error.code, error.message) : errorBody(error.code, error.message), headers: error.headers }, rateLimit);
  // Rate limits are per workspace; providers whose keys name the workspace share one bucket per provider.
  const pathWorkspace = match.kind === "not-found" ? "*" : (match.params.workspaceId ?? (match.kind === "found" ? `${match.route.provider}:*` : "*"));
  const rateClass = match.kind === "found" ? match.route.rateClass : match.kind === "method-not-allowed" ? match.rateClass : "unrouted";

  const fault = deps.faults.next("api");
  if (fault === "slow") {
    await lifecycle.delay(SLOW_FAULT_MS);
    if (lifecycle.closing || res.destroyed) return;
  } else if (fault) {
    record.status = writeFault(fault, res, rateLimitHeaders(deps.rateLimiter.peek(pathWorkspace, rateClass)));
    return;
  }

  if (match.kind === "not-found") {
    // Unrouted requests share one global bucket, so probing random paths cannot grow the limiter.
    const decision = deps.rateLimiter.take("*", "unrouted");
    if (!decision.allowed) return sendError(rateLimited(decision), decision);
    return sendError(new ApiError(404, "NOT_FOUND", `No endpoint ${method} ${url.pathname}`), decision);
  }
  if (match.kind === "method-not-allowed") {
    const error = new ApiError(405, "METHOD_NOT_ALLOWED", `Method ${method} is not allowed here; use ${match.allowed.join(", ")}`, {
      Allow: match.allowed.join(", "),
    });
    return sendError(error, deps.rateLimiter.peek(pathWorkspace, rateClass));
  }

  try {
    if (!api) throw new Error(`route ${match.route.path} names no provider`);
    api.authorize({ headers: req.headers, params: match.params, credentials: deps.credentials, extraKeys: deps.extraKeys, dataset: deps.dataset });
  } catch (error) {
    if (error instanceof ApiError) return sendError(error, deps.rateLimiter.peek(pathWorkspace, rateClass));
    throw error;
  }

  const decision = deps.rateLimiter.take(pathWorkspace, rateClass);
  if (!decision.allowed) return sendError(rateLimited(decision), decision);

  try {
    const body = match.route.body === "json" ? await readJsonBody(req) : undefined;
    const result = await match.route.handler({
      dataset: deps.dataset,
      params: match.params,
      query: url.searchParams,
      body,
      headers: req.headers,
      exports: deps.exports,
    });
    send(result, decision);
  } catch (error) {
    if (error instanceof ApiError) return sendError(error, decision);
    deps.log?.(`sandbox handler error: ${error instanceof Error ? error.message : String(error)}`);
    return sendError(new ApiError(500, "SERVER_ERROR", "Internal server error"), decision);
  }
}

function rateLimited(decision: RateLimitDecision): ApiError {
  const seconds = decision.retryAfterSeconds;
  return new ApiError(429, "RATE_LIMITED", `Rate limit exceeded, retry after ${seconds} second${seconds === 1 ? "" : "s"}`);
}

function firstValues(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in out)) out[key] = value;
  return out;
}

/** Reads and parses a JSON request body; 400 VALIDATION_ERROR when it is not JSON or too large. */
async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw validationError(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw validationError("Request body must be a JSON object");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw validationError("Request body is not valid JSON");
  }
}
