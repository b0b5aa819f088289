/** CampaignOS analytics (document 002): the session token as a bearer token (CLI.md), the workspace in the path. */
import type { Connection } from "../../config/settings.js";
import type { HttpClient } from "../../http/client.js";
import type { ErrorContext } from "../../http/errors.js";
import { CampaignOsApi } from "./api.js";

export function basePath(connection: Connection): string {
  return `/api/workspaces/${encodeURIComponent(connection.workspace ?? "")}/analytics`;
}

export function credentialHeaders(connection: Connection): Record<string, string> {
  return { authorization: `Bearer ${connection.token}` };
}

export function createProvider(http: HttpClient, errors: ErrorContext, connection: Connection): CampaignOsApi {
  return new CampaignOsApi(http, errors, connection.workspace ?? "");
}
