/**
 * CampaignOS analytics (document 002) as the sandbox serves it: bare JSON objects, a session token
 * sent as a bearer token (the document says only "Session required"), and errors as `{"error": …}`
 * with the HTTP status saying what went wrong (the document specifies no error body).
 */
import { timingSafeEqual } from "node:crypto";
import { ApiError } from "../../envelope.js";
import type { ProviderApi } from "../../router.js";
import { CAMPAIGNOS_ROUTES } from "./routes.js";

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]+)$/;

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const CAMPAIGNOS_API: ProviderApi = {
  provider: "campaignos",
  routes: CAMPAIGNOS_ROUTES,
  authorize: ({ headers, params, credentials, dataset }) => {
    const presented = BEARER.exec(headers.authorization ?? "")?.[1];
    if (presented === undefined || !sameSecret(presented, credentials.campaignos.token)) {
      throw new ApiError(401, "UNAUTHORIZED", "Session required");
    }
    if (params.workspaceId !== dataset.workspace.id) throw new ApiError(403, "FORBIDDEN", "You do not have access to this workspace");
  },
  errorBody: (_status, _code, message) => ({ error: message }),
};
