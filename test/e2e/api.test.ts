import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, errorLines, sandboxData, sandboxEnv, startTestSandbox, tempDir } from "./helpers.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.setFaults(""));

describe("analytics api: success", () => {
  it("GETs a workspace path with -f fields as the query and prints the whole response as one JSON line in a pipe", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["api", "analytics/overview", "-f", "timeRange=7d"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(1);
    const body = JSON.parse(run.stdout);
    expect(body.success).toBe(true);
    expect(body.data).toEqual(await sandboxData(sandbox, "/analytics/overview", { timeRange: "7d" }));
    expect(sandbox.requests[before]).toMatchObject({ method: "GET", path: "/api/v1/workspaces/ws_xyz789/analytics/overview", query: { timeRange: "7d" } });
  });

  it("accepts an absolute /api/ path and a query string in the path", async () => {
    const run = await cli(["api", "/api/v1/workspaces/ws_xyz789/campaigns/cmp_abc123/analytics?groupBy=week"], { env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).data.campaign_id).toBe("cmp_abc123");
  });

  it("sends the credentials to the API origin only, with the same retries as every command", async () => {
    sandbox.setFaults("503=1x");
    const before = sandbox.requests.length;
    const run = await cli(["api", "analytics/overview", "--verbose"], { env });
    expect(run.exitCode).toBe(0);
    expect(sandbox.requests.length - before).toBe(2);
    expect(run.stderr).toMatch(/→ 503 .*retrying/);
    expect(run.stdout + run.stderr).not.toContain(sandbox.token);
  });

  it("reads a JSON body from --input for POST (a read-only GET endpoint then answers 405: exit 1 with its code)", async () => {
    const dir = tempDir();
    const file = join(dir, "body.json");
    writeFileSync(file, JSON.stringify({ time_range: "7d" }));
    const before = sandbox.requests.length;
    const run = await cli(["api", "analytics/overview", "--input", file], { env });
    expect(sandbox.requests[before]?.method).toBe("POST");
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(/^error: METHOD_NOT_ALLOWED: /);
  });
});

describe("analytics api: each error class", () => {
  it("404 → exit 4 with the API's error line", async () => {
    const run = await cli(["api", "campaigns/cmp_missing/analytics"], { env });
    expect(run.exitCode).toBe(4);
    expect(errorLines(run)).toEqual(["error: CAMPAIGN_NOT_FOUND: Campaign with ID cmp_missing not found in workspace ws_xyz789", "hint: `analytics overview` shows the top campaigns and their ids"]);
    expect(run.stdout).toBe("");
  });

  it("400 → exit 1 with VALIDATION_ERROR", async () => {
    const run = await cli(["api", "analytics/overview", "-f", "timeRange=1y"], { env });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(/^error: VALIDATION_ERROR: /);
  });

  it("401 → exit 3", async () => {
    const run = await cli(["api", "analytics/overview"], { env: { ...env, ANALYTICS_TOKEN: "sbx_live_00000000000000000000000000000000" } });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)[0]).toMatch(/^error: UNAUTHORIZED: /);
  });

  it("403 → exit 3 with a hint about the workspace", async () => {
    const run = await cli(["api", "analytics/overview"], { env: { ...env, ANALYTICS_WORKSPACE: "ws_other" } });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)).toEqual([expect.stringMatching(/^error: FORBIDDEN: /), "hint: check the workspace id (--workspace / ANALYTICS_WORKSPACE)"]);
  });

  it("429 after retries → exit 5", async () => {
    sandbox.setFaults("429=8x");
    const run = await cli(["api", "analytics/overview"], { env });
    expect(run.exitCode).toBe(5);
    expect(errorLines(run)[0]).toMatch(/^error: RATE_LIMITED: /);
  }, 20_000);

  it("500 → exit 1 without a retry (not a retryable status)", async () => {
    sandbox.setFaults("500=1x");
    const before = sandbox.requests.length;
    const run = await cli(["api", "analytics/overview"], { env });
    expect(run.exitCode).toBe(1);
    expect(sandbox.requests.length - before).toBe(1);
    expect(errorLines(run)[0]).toMatch(/^error: SERVER_ERROR: /);
  });

  it("connection refused → exit 7", async () => {
    const run = await cli(["api", "analytics/overview"], { env: { ...env, ANALYTICS_API_URL: "http://127.0.0.1:9" } });
    expect(run.exitCode).toBe(7);
  });
});

describe("analytics api: usage errors exit 2 and send nothing", () => {
  it.each([
    [["https://evil.example.com/x"], /is a URL; pass a path/],
    [["//evil.example.com/x"], /is a URL/],
    [["analytics/../../admin"], /"\." and "\.\." segments are not allowed/],
    [["analytics/overview", "-X", "BREW"], /invalid method "BREW"/],
    [["analytics/overview", "-f", "novalue"], /invalid field "novalue": expected key=value/],
    [["analytics/overview", "-X", "GET", "--input", "-"], /--input needs a method with a body/],
    [["analytics/overview", "--input", "/nonexistent/body.json"], /cannot read --input \/nonexistent\/body.json: ENOENT/],
  ])("%j", async (args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(["api", ...args], { env });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toMatch(message);
    expect(sandbox.requests.length).toBe(before);
  });

  it("invalid JSON on stdin for --input -", async () => {
    const run = await cli(["api", "analytics/overview", "--input", "-"], { env, input: "{nope" });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toBe("error: --input - is not valid JSON");
  });
});
