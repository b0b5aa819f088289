/**
 * ColdSend end to end (document 003): credentials and headers, the documented examples, local
 * compare and export, and bad answers from a server (a purpose-built one where the sandbox cannot).
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { cli, errorLines, providerEnv, startTestSandbox, tempDir } from "./helpers.js";

const DOC_ID = "550e8400-e29b-41d4-a716-446655440000";
let sandbox: RunningSandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  env = providerEnv(sandbox, "coldsend");
});
afterAll(() => sandbox.close());

const since = (mark: number) => sandbox.requests.slice(mark).filter((r) => r.listener === "api");

describe("credentials", () => {
  it("sends X-API-Key only (no bearer, no workspace header); tenant sends its bearer and workspace, no X-API-Key", async () => {
    const mark = sandbox.requests.length;
    expect((await cli(["campaigns", "--json"], { env })).exitCode).toBe(0);
    expect((await cli(["overview", "--json"], { env: providerEnv(sandbox, "tenant") })).exitCode).toBe(0);
    const [coldsend, tenant] = since(mark);
    expect(coldsend!.path).toBe("/api/public/v1/analytics/campaigns");
    expect(coldsend!.headers["x-api-key"]).toBe(sandbox.credentials.coldsend.token);
    expect(coldsend!.headers.authorization).toBeUndefined();
    expect(coldsend!.headers["x-workspace-id"]).toBeUndefined();
    expect(tenant!.headers.authorization).toBe(`Bearer ${sandbox.credentials.tenant.token}`);
    expect(tenant!.headers["x-workspace-id"]).toBe(sandbox.workspaceId);
    expect(tenant!.headers["x-api-key"]).toBeUndefined();
  });

  it("ignores ANALYTICS_WORKSPACE (and --verbose says so), redacting the key in every log line", async () => {
    const run = await cli(["campaigns", "--verbose", "--json"], { env: { ...env, ANALYTICS_WORKSPACE: "ws_other" } });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain("ANALYTICS_WORKSPACE is ignored: coldsend has no workspaces");
    expect(run.stderr).toContain("x-api-key: [REDACTED]");
    expect(run.stderr).not.toContain(sandbox.credentials.coldsend.token);
  });

  it("a key without campaigns:read: exit 3, the hint names the scope; a wrong key: exit 3", async () => {
    const scoped = await cli(["campaigns"], { env: { ...env, ANALYTICS_TOKEN: sandbox.extraKeys.coldsendWithoutScope } });
    expect(scoped.exitCode).toBe(3);
    const lines = errorLines(scoped);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^hint: .*campaigns:read/);
    const wrong = await cli(["campaigns"], { env: { ...env, ANALYTICS_TOKEN: "cs_live_wrong" } });
    expect(wrong.exitCode).toBe(3);
    expect(errorLines(wrong)[0]).toMatch(/^error: /);
  });

  it("auth login --provider coldsend: no workspace asked, one request, provider saved; auth status shows it", async () => {
    const configDir = tempDir();
    const mark = sandbox.requests.length;
    const login = await cli(["auth", "login", "--provider", "coldsend", "--api-url", sandbox.url, "--with-token"], { configDir, input: sandbox.credentials.coldsend.token });
    expect(login.exitCode).toBe(0);
    expect(since(mark)).toHaveLength(1);
    expect(since(mark)[0]!.headers["x-api-key"]).toBe(sandbox.credentials.coldsend.token);
    const saved = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8")).profiles.default;
    expect(saved).toMatchObject({ provider: "coldsend", apiUrl: sandbox.url });
    expect(saved.workspace).toBeUndefined();
    const status = await cli(["auth", "status", "--json"], { configDir });
    expect(status.exitCode).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ provider: "coldsend", accepted: true, workspace: null });
    const listed = await cli(["campaigns", "--csv"], { configDir });
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain(DOC_ID);
  });
});

describe("document 003's examples against the sandbox, as written", () => {
  it("the filtered campaigns request and the timeline request", async () => {
    const headers = { "X-API-Key": sandbox.credentials.coldsend.token };
    const campaigns = await fetch(`${sandbox.url}/api/public/v1/analytics/campaigns?status=COMPLETED&from_date=2024-01-01&to_date=2026-06-30`, { headers });
    expect(campaigns.status).toBe(200);
    const body = (await campaigns.json()) as any;
    expect(Object.keys(body.workspace_kpis)).toEqual(["total_campaigns", "total_sends", "avg_open_rate", "avg_reply_rate", "avg_bounce_rate"]);
    expect(body.campaigns.every((c: any) => c.status === "COMPLETED")).toBe(true);
    const timeline = await fetch(`${sandbox.url}/api/public/v1/analytics/campaigns/timeline?from_date=2024-01-01&to_date=2024-03-31`, { headers });
    const series = (await timeline.json()) as any;
    expect(series.timeline).toHaveLength(91);
    expect([series.from_date, series.to_date]).toEqual(["2024-01-01", "2024-03-31"]);
    const all = (await (await fetch(`${sandbox.url}/api/public/v1/analytics/campaigns`, { headers })).json()) as any;
    expect(all.campaigns.some((c: any) => c.campaign_id === DOC_ID)).toBe(true);
  });
});

describe("local compare", () => {
  it("of 10 campaigns costs one list request", async () => {
    const ids = (JSON.parse((await cli(["campaigns", "--json"], { env })).stdout).campaigns as Array<{ campaign_id: string }>).slice(0, 10).map((c) => c.campaign_id);
    const mark = sandbox.requests.length;
    const run = await cli(["compare", ...ids, "--json"], { env });
    expect(run.exitCode).toBe(0);
    expect(since(mark)).toHaveLength(1);
    const data = JSON.parse(run.stdout);
    expect(data.comparison).toHaveLength(10);
    expect(data.statistical_significance.map((s: any) => s.test)).toEqual(["chi_square", "chi_square", "chi_square"]);
  });

  it("a campaign with itself, or a rate ColdSend lacks: exit 2, no request", async () => {
    const mark = sandbox.requests.length;
    expect((await cli(["compare", DOC_ID, DOC_ID], { env })).exitCode).toBe(2);
    const click = await cli(["compare", DOC_ID, "25977955-9104-4cdc-92b2-9839fa29aa9e", "--metrics", "click_rate"], { env });
    expect(click.exitCode).toBe(2);
    expect(errorLines(click)[0]).toBe("error: coldsend has no click_rate to compare");
    expect(since(mark)).toHaveLength(0);
  });
});

describe("local export", () => {
  it("is byte-identical across two runs, refuses to overwrite without --force, and streams with -o -", async () => {
    const dir = tempDir();
    const first = await cli(["export", "-o", join(dir, "a.csv")], { env });
    const second = await cli(["export", "-o", join(dir, "b.csv")], { env });
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(readFileSync(join(dir, "a.csv"))).toEqual(readFileSync(join(dir, "b.csv")));
    expect(readFileSync(join(dir, "a.csv"), "utf8").split("\r\n")[0]).toBe(
      "campaign_id,campaign_name,campaign_status,total_leads,emails_sent,emails_opened,emails_replied,emails_bounced,open_rate,reply_rate,bounce_rate,created_at",
    );
    const again = await cli(["export", "-o", join(dir, "a.csv")], { env });
    expect(again.exitCode).toBe(2);
    const json = await cli(["export", "--format", "json", "-o", "-"], { env });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ campaign_id: DOC_ID });
    expect(readdirSync(dir).sort()).toEqual(["a.csv", "b.csv"]);
  });

  it("leaves nothing behind when the data cannot be fetched", async () => {
    const dir = tempDir();
    const run = await cli(["export", "-o", join(dir, "x.csv")], { env: { ...env, ANALYTICS_TOKEN: "cs_live_wrong" } });
    expect(run.exitCode).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
    expect((await cli(["export", "--time-series"], { env })).exitCode).toBe(2);
  });
});

describe("bad answers from a ColdSend server: one line, the right exit code", () => {
  let reply: { status: number; body: string } = { status: 200, body: "{}" };
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(reply.status, { "content-type": "application/json" });
    res.end(reply.body);
  });
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const serverEnv = () => ({ ANALYTICS_PROVIDER: "coldsend", ANALYTICS_API_URL: url, ANALYTICS_TOKEN: "cs_live_test_key_1234" });
  const kpis = { total_campaigns: 1, total_sends: 498, avg_open_rate: 0.34, avg_reply_rate: 0.08, avg_bounce_rate: 0.02 };
  const row = { campaign_id: DOC_ID, campaign_name: "Q1 Outreach", status: "COMPLETED", total_leads: 500, total_sent: 498, total_opened: 169, total_replied: 40, total_bounced: 2, open_rate: 0.3394, reply_rate: 0.0803, bounce_rate: 0.004, created_at: "2024-01-15T10:00:00Z" };
  const day = (date: string) => ({ date, sent: 1, opened: 0, replied: 0, bounced: 0, open_rate: 0, reply_rate: 0, bounce_rate: 0 });

  it.each([
    ["a fraction above 1", ["campaigns"], 200, { workspace_kpis: kpis, campaigns: [{ ...row, open_rate: 33.94 }] }, 1, /open_rate: a rate above 1/],
    ["a duplicate campaign id", ["campaigns"], 200, { workspace_kpis: kpis, campaigns: [row, row] }, 1, /listed more than once/],
    ["a timeline with a gap", ["timeline", "--from", "2024-01-01", "--to", "2024-01-03"], 200, { timeline: [day("2024-01-01"), day("2024-01-03")] }, 1, /no entry for 2024-01-02/],
    ["non-JSON", ["campaigns"], 200, "<html>oops</html>", 1, /./],
    ["a 403 for a missing scope", ["campaigns"], 403, { error: "Forbidden" }, 3, /Forbidden/],
    ["a 401", ["overview"], 401, { message: "Invalid API key" }, 3, /Invalid API key/],
  ])("%s", async (_what, args, status, body, exitCode, message) => {
    reply = { status, body: typeof body === "string" ? body : JSON.stringify(body) };
    const run = await cli(args as string[], { env: serverEnv() });
    expect(run.exitCode).toBe(exitCode);
    expect(run.stdout).toBe("");
    const lines = errorLines(run);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[0]).toMatch(message);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (status === 403) expect(lines[1]).toMatch(/campaigns:read/);
  });

  it("maps the documented example: fractions to percent at the provider's precision, basis sent", async () => {
    reply = { status: 200, body: JSON.stringify({ workspace_kpis: kpis, campaigns: [row] }) };
    const run = await cli(["campaign", DOC_ID, "--json"], { env: serverEnv() });
    expect(run.exitCode).toBe(0);
    const data = JSON.parse(run.stdout);
    expect(data.rates).toEqual({ open_rate: 33.94, reply_rate: 8.03, bounce_rate: 0.4 });
    expect(data.summary).toEqual({ total_leads: 500, emails_sent: 498, emails_opened: 169, emails_replied: 40, emails_bounced: 2 });
    expect(data).not.toHaveProperty("time_series");
    expect(seen.at(-1)!["x-api-key"]).toBe("cs_live_test_key_1234");
  });

  it("overview: pooled rates from the listed counts, averages apart, and says what the pool covers", async () => {
    reply = { status: 200, body: JSON.stringify({ workspace_kpis: { ...kpis, total_sends: 48320 }, campaigns: [row] }) };
    const json = JSON.parse((await cli(["overview", "--json"], { env: serverEnv() })).stdout);
    expect(json.summary.emails_sent).toBe(48320);
    expect(json.rates.open_rate).toBeCloseTo((169 / 498) * 100, 12);
    expect(json.averages).toEqual({ open_rate: 34, reply_rate: 8, bounce_rate: 2 });
    const table = await cli(["overview"], { env: serverEnv() });
    expect(table.stdout).toContain("Rates pooled from 1 listed campaign: 498 of the workspace's 48,320 sends.");
    expect(table.stdout).toContain("Average of campaigns: open 34.00%, reply 8.00%, bounce 2.00%");
  });
});
