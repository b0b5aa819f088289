/**
 * Workspace authentication as a real tenant API does it: a bearer token (401 when missing, malformed
 * or wrong) and an `X-Workspace-ID` header that must equal the path's workspace, which must be the
 * token's workspace (403). Error messages never echo the token.
 */
import type { IncomingHttpHeaders } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { ApiError } from "./envelope.js";
import { hexFor, STREAM } from "./prng.js";

/** The sandbox's one valid token: distinctive (`sbx_live_` + 32 hex) so tests can grep output for leaks. */
export function sandboxToken(seed: number): string {
  return `sbx_live_${hexFor(32, seed, STREAM.token)}`;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

/** Throws 401 / 403 ApiErrors unless the request may access `pathWorkspaceId`. */
export function authorize(headers: IncomingHttpHeaders, pathWorkspaceId: string, token: string, workspaceId: string): void {
  const authorization = headers.authorization;
  if (authorization === undefined || authorization === "") {
    throw new ApiError(401, "UNAUTHORIZED", "Missing Authorization header; send Authorization: Bearer <token>");
  }
  const presented = BEARER.exec(authorization)?.[1];
  if (presented === undefined) {
    throw new ApiError(401, "UNAUTHORIZED", "Malformed Authorization header; expected Authorization: Bearer <token>");
  }
  if (!sameSecret(presented, token)) throw new ApiError(401, "UNAUTHORIZED", "Invalid or expired access token");

  const headerWorkspace = headers["x-workspace-id"];
  if (headerWorkspace === undefined || headerWorkspace === "") {
    throw new ApiError(403, "FORBIDDEN", "Missing X-Workspace-ID header");
  }
  if (headerWorkspace !== pathWorkspaceId) {
    throw new ApiError(403, "FORBIDDEN", "X-Workspace-ID does not match the workspace in the URL");
  }
  if (pathWorkspaceId !== workspaceId) {
    throw new ApiError(403, "FORBIDDEN", `Access to workspace ${pathWorkspaceId.slice(0, 64)} denied`);
  }
}

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
