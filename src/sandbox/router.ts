/**
 * Route table types and path matching. Routes live under the workspace base path; a later endpoint
 * is one more entry in `routes/<provider>/index.ts` naming its method, path, rate-limit class and handler.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ProviderName } from "../providers/capabilities.js";
import type { ExtraKeys, SandboxCredentials } from "./credentials.js";
import type { Dataset } from "./dataset.js";
import type { ApiResult } from "./envelope.js";
import type { ExportStore } from "./exports.js";
import type { RateLimitClass } from "./rate-limit.js";

export const API_BASE = "/api/v1/workspaces/:workspaceId";

/** What a handler receives. Path parameters are already URL-decoded; auth and rate limits have passed. */
export interface RouteContext {
  dataset: Dataset;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body for routes declared with `body: "json"`, else undefined. */
  body: unknown;
  /** Request headers as received (lower-case names), e.g. `idempotency-key`. */
  headers: IncomingHttpHeaders;
  /** The export jobs of this sandbox. */
  exports: ExportStore;
}

export type RouteHandler = (ctx: RouteContext) => ApiResult | Promise<ApiResult>;

export interface RouteDefinition {
  method: "GET" | "POST";
  /** Set by routes/index.ts: whose API the route belongs to. */
  provider?: ProviderName;
  /** Full path pattern with `:name` segments, e.g. `${API_BASE}/analytics/overview`. */
  path: string;
  rateClass: RateLimitClass;
  handler: RouteHandler;
  /** Whether the handler expects a JSON request body. */
  body?: "json";
}

/** What a provider's authorize() sees of a request. */
export interface AuthRequest {
  headers: IncomingHttpHeaders;
  /** Path parameters of the matched route (e.g. workspaceId). */
  params: Record<string, string>;
  credentials: SandboxCredentials;
  extraKeys: ExtraKeys;
  dataset: Dataset;
}

/** One provider's API as the sandbox serves it: its routes, how it authenticates, how its errors look. */
export interface ProviderApi {
  provider: ProviderName;
  routes: readonly RouteDefinition[];
  /** Throws an ApiError (401/403) unless the request carries this provider's credential, sent its way. */
  authorize(request: AuthRequest): void;
  /** The body of an error answer in this provider's style. */
  errorBody(status: number, code: string, message: string): unknown;
}

export type RouteMatch =
  | { kind: "found"; route: RouteDefinition; params: Record<string, string> }
  | { kind: "method-not-allowed"; allowed: string[]; rateClass: RateLimitClass; params: Record<string, string> }
  | { kind: "not-found" };

/** Matches a method and pathname against the table. Malformed percent-escapes never match. */
export function matchRoute(routes: readonly RouteDefinition[], method: string, pathname: string): RouteMatch {
  const allowed: string[] = [];
  let rateClass: RateLimitClass | undefined;
  let allowedParams: Record<string, string> = {};
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { kind: "found", route, params };
    allowed.push(route.method);
    rateClass ??= route.rateClass;
    allowedParams = params;
  }
  if (rateClass) return { kind: "method-not-allowed", allowed, rateClass, params: allowedParams };
  return { kind: "not-found" };
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const patternParts = pattern.split("/");
  const pathParts = pathname.split("/");
  if (patternParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < patternParts.length; i++) {
    const expected = patternParts[i] ?? "";
    const actual = pathParts[i] ?? "";
    if (expected.startsWith(":")) {
      if (actual === "") return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}
