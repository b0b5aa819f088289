import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW, apiUrl, authHeaders, getJson, getRaw } from "./helpers.js";

let sandbox: RunningSandbox;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ now: PINNED_NOW, log: (line) => logLines.push(line) });
});
afterAll(async () => {
  await sandbox.close();
});

const OVERVIEW = "/analytics/overview";

describe("authentication and authorisation", () => {
  it("answers 401 UNAUTHORIZED for a missing, malformed or wrong bearer token", async () => {
    const variants: Array<Record<string, string>> = [
      { "X-Workspace-ID": "ws_xyz789" },
      { Authorization: sandbox.token, "X-Workspace-ID": "ws_xyz789" },
      { Authorization: `Basic ${sandbox.token}`, "X-Workspace-ID": "ws_xyz789" },
      { Authorization: "Bearer ", "X-Workspace-ID": "ws_xyz789" },
      { Authorization: `Bearer ${sandbox.token}x`, "X-Workspace-ID": "ws_xyz789" },
      { Authorization: "Bearer sbx_live_00000000000000000000000000000000", "X-Workspace-ID": "ws_xyz789" },
    ];
    for (const headers of variants) {
      const { status, headers: responseHeaders, body } = await getJson(sandbox, OVERVIEW, {}, headers);
      expect(status).toBe(401);
      expect(responseHeaders.get("content-type")).toBe("application/json; charset=utf-8");
      expect(body).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: expect.any(String) } });
      expect(body.error.message).not.toContain(sandbox.token);
      expect(responseHeaders.get("ratelimit-limit")).toBe("60");
    }
  });

  it("answers 403 FORBIDDEN when X-Workspace-ID is missing or differs, or the workspace is not the token's", async () => {
    const bearer = { Authorization: `Bearer ${sandbox.token}` };
    const missing = await getJson(sandbox, OVERVIEW, {}, bearer);
    const mismatch = await getJson(sandbox, OVERVIEW, {}, { ...bearer, "X-Workspace-ID": "ws_other1" });
    const otherWorkspace = await getRaw(`${sandbox.url}/api/v1/workspaces/ws_other1/analytics/overview`, {
      headers: { ...bearer, "X-Workspace-ID": "ws_other1" },
    });
    for (const response of [missing, mismatch, otherWorkspace]) {
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ success: false, error: { code: "FORBIDDEN", message: expect.any(String) } });
    }
  });

  it("checks the token before the workspace", async () => {
    const { status } = await getJson(sandbox, OVERVIEW, {}, { Authorization: "Bearer nope" });
    expect(status).toBe(401);
  });
});

describe("routing", () => {
  it("answers 404 NOT_FOUND for unknown routes, with an envelope", async () => {
    for (const path of ["/api/v1/workspaces/ws_xyz789/analytics/nothing", "/api/v2/whatever", "/", "/api/v1/workspaces/ws_xyz789/campaigns/%E0%A4%A/analytics"]) {
      const response = await getRaw(`${sandbox.url}${path}`, { headers: authHeaders(sandbox) });
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(response.body).toEqual({ success: false, error: { code: "NOT_FOUND", message: expect.any(String) } });
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    }
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const response = await getRaw(apiUrl(sandbox, OVERVIEW), { method: "DELETE", headers: authHeaders(sandbox) });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(response.body).toEqual({ success: false, error: { code: "METHOD_NOT_ALLOWED", message: expect.any(String) } });
  });

  it("sends RateLimit headers on every API response", async () => {
    const ok = await getJson(sandbox, "/campaigns/cmp_abc123/analytics");
    expect(ok.headers.get("ratelimit-limit")).toBe("100");
    expect(Number(ok.headers.get("ratelimit-remaining"))).toBeLessThan(100);
    expect(Number(ok.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    const notFound = await getRaw(`${sandbox.url}/nowhere`);
    expect(notFound.headers.get("ratelimit-limit")).not.toBeNull();
  });
});

describe("request log", () => {
  it("records every request in order with headers as received and the status sent", async () => {
    const before = sandbox.requests.length;
    await getJson(sandbox, "/campaigns/cmp_def456/analytics", { timeRange: "7d", groupBy: "week" });
    await getRaw(`${sandbox.url}/nowhere?x=1`);
    const [first, second] = sandbox.requests.slice(before);
    expect(first).toMatchObject({
      listener: "api",
      method: "GET",
      path: "/api/v1/workspaces/ws_xyz789/campaigns/cmp_def456/analytics",
      query: { timeRange: "7d", groupBy: "week" },
      status: 200,
    });
    expect(first!.headers.authorization).toBe(`Bearer ${sandbox.token}`);
    expect(first!.headers["x-workspace-id"]).toBe("ws_xyz789");
    expect(second).toMatchObject({ path: "/nowhere", query: { x: "1" }, status: 404 });
    expect(second!.headers.authorization).toBeUndefined();
  });

  it("writes an access log line per request without the token", async () => {
    await getJson(sandbox, OVERVIEW);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logLines.some((line) => /^GET \/api\/v1\/workspaces\/ws_xyz789\/analytics\/overview 200 \d+ms$/.test(line))).toBe(true);
    expect(logLines.join("\n")).not.toContain(sandbox.token);
  });
});

describe("startSandbox options", () => {
  it("rejects too few campaigns and a bad seed", async () => {
    await expect(startSandbox({ campaigns: 11 })).rejects.toThrow(/at least 12/);
    await expect(startSandbox({ seed: 1.5 })).rejects.toThrow(/seed/);
  });

  it("serves its url without a trailing slash and closes promptly with idle keep-alive sockets", async () => {
    const extra = await startSandbox({ now: PINNED_NOW });
    expect(extra.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(extra.timezone).toBe("America/New_York");
    await getJson(extra, OVERVIEW); // leaves a keep-alive connection in fetch's pool
    const started = performance.now();
    await extra.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(fetch(apiUrl(extra, OVERVIEW))).rejects.toThrow();
  });
});
