/** ColdSend's public API as the sandbox serves it: `X-API-Key` auth with scopes, bare JSON errors. */
import type { IncomingHttpHeaders } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { ApiError } from "../../envelope.js";
import type { ProviderApi, RouteDefinition } from "../../router.js";
import { coldsendCampaigns, coldsendTimeline } from "./analytics.js";

export const COLDSEND_BASE = "/api/public/v1";

const ROUTES: readonly RouteDefinition[] = [
  { method: "GET", path: `${COLDSEND_BASE}/analytics/campaigns`, rateClass: "overview", handler: coldsendCampaigns },
  { method: "GET", path: `${COLDSEND_BASE}/analytics/campaigns/timeline`, rateClass: "overview", handler: coldsendTimeline },
];

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function apiKey(headers: IncomingHttpHeaders): string | undefined {
  const value = headers["x-api-key"];
  return Array.isArray(value) ? value[0] : value;
}

export const COLDSEND_API: ProviderApi = {
  provider: "coldsend",
  routes: ROUTES,
  authorize: ({ headers, credentials, extraKeys }) => {
    const key = apiKey(headers);
    if (key === undefined || key === "") throw new ApiError(401, "UNAUTHORIZED", "Missing X-API-Key header");
    if (sameSecret(key, extraKeys.coldsendWithoutScope)) {
      throw new ApiError(403, "INSUFFICIENT_SCOPE", "This API key lacks the campaigns:read scope");
    }
    if (!sameSecret(key, credentials.coldsend.token)) throw new ApiError(401, "UNAUTHORIZED", "Invalid API key");
  },
  errorBody: (_status, code, message) => ({ error: { code, message } }),
};
