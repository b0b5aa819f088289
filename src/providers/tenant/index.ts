/** The Tenant Analytics API (documents 000, 001): bearer token plus X-Workspace-ID, paths under the workspace. */
import type { Connection } from "../../config/settings.js";
import type { HttpClient } from "../../http/client.js";
import type { ErrorContext } from "../../http/errors.js";
import { TenantApi } from "./api.js";

export function basePath(connection: Connection): string {
  return `/api/v1/workspaces/${encodeURIComponent(connection.workspace ?? "")}`;
}

export function credentialHeaders(connection: Connection): Record<string, string> {
  return { authorization: `Bearer ${connection.token}`, "x-workspace-id": connection.workspace ?? "" };
}

export function createProvider(http: HttpClient, errors: ErrorContext): TenantApi {
  return new TenantApi(http, errors);
}
