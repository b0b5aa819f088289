/**
 * SendKit as the sandbox serves it. The key must come in both headers the document marks required,
 * `X-Api-Key` and `Authorization: Bearer`, and they must be the same key; either missing is a 401.
 *
 * Keys: the workspace key (`sk_…`) reads its workspace's campaigns. The document accepts a platform
 * key (`sk_user_…`) too, but this endpoint has no way to name a workspace (no path segment, no
 * header), so the sandbox picks the reading that a platform key is refused here with a 403 that
 * asks for the workspace key. The CLI accepts either reading (README, "SendKit").
 */
import type { IncomingHttpHeaders } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { ApiError, errorBody } from "../../envelope.js";
import type { AuthRequest, ProviderApi } from "../../router.js";
import { SENDKIT_ROUTES } from "./index.js";

const BEARER = /^Bearer (\S+)$/;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function authorizeSendkit({ headers, credentials, extraKeys }: AuthRequest): void {
  const apiKey = header(headers, "x-api-key");
  const authorization = header(headers, "authorization");
  if (apiKey === undefined) throw new ApiError(401, "UNAUTHORIZED", "Missing X-Api-Key header; send the API key as X-Api-Key and as Authorization: Bearer");
  if (authorization === undefined) throw new ApiError(401, "UNAUTHORIZED", "Missing Authorization header; send the API key as X-Api-Key and as Authorization: Bearer");
  const bearer = BEARER.exec(authorization)?.[1];
  if (bearer === undefined) throw new ApiError(401, "UNAUTHORIZED", "Malformed Authorization header; expected Authorization: Bearer <api key>");
  if (!sameKey(apiKey, bearer)) throw new ApiError(401, "UNAUTHORIZED", "X-Api-Key and the Bearer token are different keys");
  if (sameKey(apiKey, credentials.sendkit.token)) return;
  if (sameKey(apiKey, extraKeys.sendkitUser)) {
    throw new ApiError(403, "FORBIDDEN", "Platform API keys (sk_user_...) are not scoped to a workspace; use a workspace API key (sk_...) for campaign analytics");
  }
  throw new ApiError(401, "UNAUTHORIZED", "Invalid API key");
}

export const SENDKIT_API: ProviderApi = {
  provider: "sendkit",
  routes: SENDKIT_ROUTES,
  authorize: authorizeSendkit,
  errorBody: (_status, code, message) => errorBody(code, message),
};
