/** `analytics campaigns` (tenant: the inferred Campaign Management list): filters, sort, limit, errors. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, errorLines, providerEnv, startTestSandbox } from "./helpers.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

describe("campaigns (tenant)", () => {
  it("filters by status in any case, sorts and limits", async () => {
    const run = await cli(["campaigns", "--status", "AcTiVe", "--sort", "sent", "--limit", "3", "--json"], { env: providerEnv(sandbox, "tenant") });
    expect(run.exitCode).toBe(0);
    const rows = JSON.parse(run.stdout).campaigns as Array<{ status: string; emails_sent: number }>;
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.status === "active")).toBe(true);
    expect(rows.map((row) => row.emails_sent)).toEqual([...rows.map((row) => row.emails_sent)].sort((a, b) => b - a));
  });

  it.each([
    [["--status", "running"], /invalid --status "running"/],
    [["--from", "2025-01-01"], /--from needs --to/],
    [["--sort", "colour"], /invalid --sort "colour"/],
    [["--limit", "0"], /invalid --limit "0"/],
  ])("%j is a usage error before any request", async (args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(["campaigns", ...args], { env: providerEnv(sandbox, "tenant") });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toMatch(message);
    expect(sandbox.requests.length).toBe(before);
  });

  it("teaches completion the listed ids", async () => {
    const configDir = (await import("./helpers.js")).tempDir();
    const listed = await cli(["campaigns", "--limit", "2"], { env: providerEnv(sandbox, "tenant"), configDir });
    expect(listed.exitCode).toBe(0);
    const completed = await cli(["__complete", "campaign", ""], { configDir });
    expect(completed.stdout).toContain("cmp_abc123");
  });
});

describe("a server without the list endpoint, or with a bad list", () => {
  let body: { status: number; text: string } = { status: 404, text: "{}" };
  const server = createServer((_req, res) => {
    res.writeHead(body.status, { "content-type": "application/json" });
    res.end(body.text);
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const env = () => ({ ANALYTICS_API_URL: url, ANALYTICS_WORKSPACE: "ws_1", ANALYTICS_TOKEN: "tok_secret_1234" });

  it("404: exit 4 with a hint that this server has no list", async () => {
    body = { status: 404, text: JSON.stringify({ success: false, error: { code: "NOT_FOUND", message: "No endpoint" } }) };
    const run = await cli(["campaigns"], { env: env() });
    expect(run.exitCode).toBe(4);
    const lines = errorLines(run);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error: this server has no campaign list/);
    expect(lines[1]).toMatch(/^hint: /);
  });

  it("accepts data as an array with id/name, and refuses a duplicate id (exit 1, one line)", async () => {
    body = { status: 200, text: JSON.stringify({ success: true, data: [{ id: "c1", name: "One", status: "ACTIVE" }, { id: "c2", name: "Two" }] }) };
    const ok = await cli(["campaigns", "--json"], { env: env() });
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ campaigns: [{ campaign_id: "c1", campaign_name: "One", status: "active" }, { campaign_id: "c2", campaign_name: "Two" }] });
    body = { status: 200, text: JSON.stringify({ success: true, data: { campaigns: [{ campaign_id: "c1", campaign_name: "One" }, { campaign_id: "c1", campaign_name: "Again" }] } }) };
    const dup = await cli(["campaigns"], { env: env() });
    expect(dup.exitCode).toBe(1);
    expect(errorLines(dup)).toEqual([expect.stringMatching(/^error: unexpected response to .*campaign c1 is listed more than once$/)]);
  });
});
