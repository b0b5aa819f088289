/** ColdSend's public API (document 003): `X-API-Key` with scope campaigns:read, paths under /api/public/v1, no workspace. */
import type { Connection } from "../../config/settings.js";
import type { HttpClient } from "../../http/client.js";
import type { ErrorContext } from "../../http/errors.js";
import { ColdSendApi } from "./api.js";

export function basePath(): string {
  return "/api/public/v1";
}

export function credentialHeaders(connection: Connection): Record<string, string> {
  return { "x-api-key": connection.token };
}

export function createProvider(http: HttpClient, errors: ErrorContext): ColdSendApi {
  return new ColdSendApi(http, errors);
}
