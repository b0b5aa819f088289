/** Shared helpers for the sandbox tests: real HTTP over loopback with the global fetch (never mocked). */
import type { RunningSandbox } from "../../src/sandbox/index.js";

/** The pinned clock the documented examples are relative to. */
export const PINNED_NOW = new Date("2025-11-26T12:00:00Z");

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** Headers a well-behaved client sends. */
export function authHeaders(sandbox: RunningSandbox): Record<string, string> {
  return { Authorization: `Bearer ${sandbox.token}`, "X-Workspace-ID": sandbox.workspaceId };
}

/** `url` for a path under the workspace base, e.g. `/analytics/overview`. */
export function apiUrl(sandbox: RunningSandbox, path: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${sandbox.url}/api/v1/workspaces/${sandbox.workspaceId}${path}${search ? `?${search}` : ""}`;
}

/** GET with valid credentials (unless `headers` replaces them); parses the JSON body. */
export async function getJson(
  sandbox: RunningSandbox,
  path: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = authHeaders(sandbox),
): Promise<JsonResponse> {
  const response = await fetch(apiUrl(sandbox, path, query), { headers });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** GET a raw URL (any path) and parse the JSON body. */
export async function getRaw(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.json() };
}
