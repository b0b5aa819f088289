/**
 * The HTTP client against purpose-built servers: retry notices, the whole-response deadline and
 * the total budget of a call (all with short timeouts so the tests stay fast).
 */
import { afterEach, describe, expect, it } from "vitest";
import { HttpClient, type HttpClientOptions, type RetryNotice } from "../../src/http/client.js";
import { retryPolicyFor } from "../../src/http/retry.js";
import { NetworkError } from "../../src/errors.js";
import { startServer, type TestServer } from "../e2e/servers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(origin: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  const token = "tok_test_1234567890";
  return new HttpClient({
    origin,
    basePath: "/api/v1/workspaces/ws_xyz789",
    credentialHeaders: { authorization: `Bearer ${token}`, "x-workspace-id": "ws_xyz789" },
    secrets: [token],
    timeoutMs: 1000,
    userAgent: "test",
    random: () => 0,
    ...options,
  });
}

const OK = JSON.stringify({ success: true, data: { ok: true } });

describe("retry notices", () => {
  it("reports each retry (attempt, limit, what failed, the wait) before waiting, then succeeds", async () => {
    const statuses = [503, 502, 200];
    server = await startServer((_req, res) => {
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(status === 200 ? OK : "{}");
    });
    const notices: RetryNotice[] = [];
    const http = client(server.url, { onRetry: (notice) => notices.push(notice), sleep: async () => {} });
    const response = await http.send({ method: "GET", path: "/x" });
    await http.close();
    expect(response.status).toBe(200);
    expect(notices).toEqual([
      { attempt: 2, maxAttempts: 4, after: "503", delayMs: 250 },
      { attempt: 3, maxAttempts: 4, after: "502", delayMs: 500 },
    ]);
  });
});

describe("--timeout", () => {
  it("bounds the whole response: a body dripping a byte every 300 ms ends at the timeout, not never", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const drip = setInterval(() => res.write(" "), 300);
      res.on("close", () => clearInterval(drip));
    });
    const http = client(server.url, { policy: { ...retryPolicyFor(1000), maxAttempts: 1 } });
    const started = performance.now();
    const error = await http.send({ method: "GET", path: "/x" }).catch((e: unknown) => e);
    const took = performance.now() - started;
    await http.close();
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe("GET /api/v1/workspaces/ws_xyz789/x timed out after 1s");
    expect(took).toBeGreaterThanOrEqual(990);
    expect(took).toBeLessThan(1500);
  });

  it("gives a call that never gets an answer at most twice --timeout, retries included", async () => {
    server = await startServer(() => {});
    const http = client(server.url);
    const started = performance.now();
    const error = await http.send({ method: "GET", path: "/x" }).catch((e: unknown) => e);
    const took = performance.now() - started;
    await http.close();
    expect((error as Error).message).toMatch(/^GET \S+ timed out after 2s \(2 attempts\)$/);
    expect(server.requests).toBe(2);
    // 2 s and timer slack on a busy machine; before the budget it was 4 attempts of 1 s plus backoff.
    expect(took).toBeLessThan(2400);
  });
});
