/** SendKit (document 004): the key in both `X-Api-Key` and `Authorization: Bearer`, paths under /v1, no workspace. */
import type { Connection } from "../../config/settings.js";
import type { HttpClient } from "../../http/client.js";
import type { ErrorContext } from "../../http/errors.js";
import { SendkitApi } from "./api.js";

export function basePath(): string {
  return "/v1";
}

export function credentialHeaders(connection: Connection): Record<string, string> {
  return { "x-api-key": connection.token, authorization: `Bearer ${connection.token}` };
}

export function createProvider(http: HttpClient, errors: ErrorContext, connection: Connection): SendkitApi {
  return new SendkitApi(http, errors, connection.token);
}
