/**
 * Many workspaces at once (CLI.md): `--profiles` / `--all-profiles` on overview, each profile
 * with its own stored settings, at most four at a time, partial failure kept to its row.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { BIN, type StoredProfiles as Profiles, cli, configWith, errorLines, sandboxData, startTestSandbox, tempDir } from "./helpers.js";

let sandbox: RunningSandbox;
let config: string;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  const good = { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token };
  config = configWith({ acme: good, globex: good, broken: { ...good, token: "sbx_live_not_the_token" } });
});
afterAll(() => sandbox.close());

describe("overview across providers", () => {
  it("rolls tenant and coldsend up, keeps the 401 to its row, and never adds all-time counts to a window's", async () => {
    const cold = { provider: "coldsend", apiUrl: sandbox.url, token: sandbox.credentials.coldsend.token };
    const good = { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token };
    const dir = configWith({ acme: good, globex: cold, broken: { ...good, token: "sbx_live_not_the_token" } });
    const run = await cli(["overview", "--all-profiles", "--json"], { configDir: dir });
    expect(run.exitCode).toBe(3);
    const doc = JSON.parse(run.stdout);
    expect(doc.profiles.map((p: { profile: string; provider: string }) => `${p.profile}/${p.provider}`)).toEqual(["acme/tenant", "broken/tenant", "globex/coldsend"]);
    expect(doc.profiles[1].error.exit_code).toBe(3);
    const [acme, , globex] = doc.profiles;
    // ColdSend's counts are all-time, acme's the last 30 days: their sum would be neither, so the total is acme's alone.
    expect(globex.data.time_range).toBeUndefined();
    expect(doc.total.profiles).toEqual(["acme"]);
    for (const key of ["emails_sent", "emails_delivered", "emails_opened", "emails_clicked", "emails_replied"]) {
      expect(doc.total.summary[key]).toBe(acme.data.summary[key]);
    }
    expect(doc.total.rates.reply_rate).toBe(Math.round((acme.data.summary.emails_replied * 10_000) / acme.data.summary.emails_sent) / 100);

    const table = await cli(["overview", "--all-profiles"], { configDir: dir, env: { COLUMNS: "100" } });
    expect(table.stdout).toMatch(/globex\s+│ coldsend/);
    expect(table.stdout).toContain("globex (coldsend): all-time counts, not last 30 days: the provider reports no window.");
    expect(table.stdout).toContain("Total: 1 of 3 profiles (left out: 1 failed; globex: all-time counts, not last 30 days).");
  });
});

describe("overview across three providers", () => {
  it("keeps CampaignOS's message counts out of an email total, and says so", async () => {
    const dir = configWith({
      acme: { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token },
      globex: { provider: "coldsend", apiUrl: sandbox.url, token: sandbox.credentials.coldsend.token },
      initech: { provider: "campaignos", apiUrl: sandbox.url, workspace: sandbox.credentials.campaignos.workspace ?? "", token: sandbox.credentials.campaignos.token },
    });
    const run = await cli(["overview", "--all-profiles", "--json"], { configDir: dir });
    expect(run.exitCode).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.profiles.map((p: { provider: string }) => p.provider)).toEqual(["tenant", "coldsend", "campaignos"]);
    expect(doc.profiles[2].data.summary.emails_sent).toBeUndefined();
    // CampaignOS counts messages: left out of the email total, not allowed to void it.
    expect(doc.total.profiles).toEqual(["acme"]);
    expect(doc.total.summary.emails_sent).toBe(doc.profiles[0].data.summary.emails_sent);
    const table = await cli(["overview", "--all-profiles"], { configDir: dir, env: { COLUMNS: "100" } });
    expect(table.stdout).toMatch(/initech\s+│ campaignos/);
    expect(table.stdout).toContain("Total: 1 of 3 profiles (left out: globex: all-time counts, not last 30 days; initech: counts messages, not emails).");
  });
});

describe("overview --profiles", () => {
  it("prints a row per profile and a total pooled from the counts", async () => {
    const run = await cli(["overview", "--profiles", "acme,globex", "--json"], { configDir: config });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout);
    const reference = await sandboxData(sandbox, "/analytics/overview", { timeRange: "30d" });
    expect(doc.profiles.map((p: { profile: string }) => p.profile)).toEqual(["acme", "globex"]);
    expect(doc.profiles[0]).toEqual({ profile: "acme", provider: "tenant", workspace: sandbox.workspaceId, data: reference });
    const sent = reference.summary.emails_sent;
    expect(doc.total.summary.emails_sent).toBe(2 * sent);
    expect(doc.total.summary.emails_opened).toBe(2 * reference.summary.emails_opened);
    expect(doc.total.rates.open_rate).toBe(Math.round((reference.summary.emails_opened * 10_000) / sent) / 100);
    expect(doc.total.rate_basis.open_rate).toBe("sent");
  });

  it("keeps a failing profile to its own row and exits with its code", async () => {
    const run = await cli(["overview", "--all-profiles"], { configDir: config });
    expect(run.exitCode).toBe(3);
    expect(run.stdout).toMatch(/acme\s+│ tenant/);
    expect(run.stdout).toMatch(/broken\s+│ tenant\s+│\s+error: Invalid or expired access token/);
    expect(run.stdout).toContain("Total: 2 of 3 profiles (left out: 1 failed).");
    expect(errorLines(run)).toEqual(["error: 1 of 3 profiles failed: broken"]);

    const json = await cli(["overview", "--all-profiles", "--json"], { configDir: config });
    expect(json.exitCode).toBe(3);
    const broken = JSON.parse(json.stdout).profiles.find((p: { profile: string }) => p.profile === "broken");
    expect(broken).toEqual({ profile: "broken", provider: "tenant", workspace: sandbox.workspaceId, error: { code: "UNAUTHORIZED", message: "Invalid or expired access token", exit_code: 3 } });
  });

  it("stops at the first failure with --fail-fast", async () => {
    const server = await countingServer(2_000);
    try {
      const slow = { apiUrl: server.url, workspace: "ws_1", token: "tok_slow" };
      const good = { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: "sbx_live_wrong" };
      const dir = configWith({ a_broken: good, b: slow, c: slow, d: slow, e: slow, f: slow });
      const started = Date.now();
      const run = await cli(["overview", "--all-profiles", "--fail-fast", "--json"], { configDir: dir });
      expect(Date.now() - started).toBeLessThan(1_900);
      expect(run.exitCode).toBe(3);
      const doc = JSON.parse(run.stdout);
      expect(doc.profiles[0].error.exit_code).toBe(3);
      // Profiles never started are not listed; those in flight were cancelled.
      expect(doc.profiles.length).toBeLessThanOrEqual(4);
      expect(doc.profiles.some((p: { data?: unknown }) => p.data !== undefined)).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("prints one CSV row per profile", async () => {
    const run = await cli(["overview", "--profiles", "globex,broken", "--csv"], { configDir: config });
    const [header, ...rows] = run.stdout.trimEnd().split("\n");
    expect(header?.split(",").slice(0, 4)).toEqual(["profile", "provider", "workspace", "emails_sent"]);
    expect(rows.map((row) => row.split(",")[0])).toEqual(["globex", "broken"]);
    expect(rows[1]?.endsWith("Invalid or expired access token")).toBe(true);
  });
});

describe("bad selections: exit 2, no request sent", () => {
  const cases: Array<[string, string[], Record<string, string>, string]> = [
    ["--profile with --profiles", ["--profile", "acme", "--profiles", "acme"], {}, "error: --profile cannot be combined with --profiles; list the profiles there instead"],
    ["an unknown profile", ["--profiles", "acme,nosuch"], {}, 'error: no profile named "nosuch"'],
    ["an empty list", ["--profiles", ""], {}, "error: --profiles needs a comma-separated list of profile names, e.g. --profiles acme,globex"],
    ["a list with a hole", ["--profiles", "acme,,globex"], {}, "error: --profiles needs a comma-separated list of profile names, e.g. --profiles acme,globex"],
    ["ANALYTICS_TOKEN set", ["--all-profiles"], { ANALYTICS_TOKEN: "tok" }, "error: ANALYTICS_TOKEN is set: with --all-profiles each profile uses only its own stored settings"],
    ["ANALYTICS_API_URL set", ["--profiles", "acme"], { ANALYTICS_API_URL: "https://evil.example" }, "error: ANALYTICS_API_URL is set: with --profiles each profile uses only its own stored settings"],
    ["ANALYTICS_PROVIDER set", ["--profiles", "acme"], { ANALYTICS_PROVIDER: "coldsend" }, "error: ANALYTICS_PROVIDER is set: with --profiles each profile uses only its own stored settings"],
  ];
  for (const [name, args, env, first] of cases) {
    it(name, async () => {
      const before = sandbox.requests.length;
      const run = await cli(["overview", ...args], { configDir: config, env });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe("");
      expect(errorLines(run)[0]).toBe(first);
      expect(sandbox.requests.length).toBe(before);
    });
  }

  it("names the known profiles in the hint", async () => {
    const run = await cli(["overview", "--profiles", "nosuch"], { configDir: config });
    expect(errorLines(run)).toEqual(['error: no profile named "nosuch"', "hint: profiles: acme, globex, broken"]);
  });
});

/** A tenant-shaped overview server that answers slowly, counting concurrent requests and the tokens it sees. */
async function countingServer(delayMs: number): Promise<{ url: string; tokens: Set<string>; peak: () => number; close: () => Promise<void> }> {
  let inFlight = 0;
  let peak = 0;
  const tokens = new Set<string>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    tokens.add(String(req.headers.authorization));
    setTimeout(() => {
      inFlight--;
      const summary = { total_campaigns: 1, active_campaigns: 1, emails_sent: 100, emails_delivered: 90, emails_opened: 30, emails_clicked: 3, emails_replied: 5 };
      const data = { workspace_id: "ws_1", time_range: { start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "30d" }, summary, rates: { delivery_rate: 90, open_rate: 33.33, click_rate: 3.33, reply_rate: 5.56 }, top_campaigns: [] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success: true, data }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    peak: () => peak,
    close: () => new Promise((resolve) => server.closeAllConnections() ?? server.close(() => resolve())),
  };
}

describe("the concurrency bound and each credential's origin", () => {
  it("has at most 4 profiles in flight, and sends each token only to its own origin", async () => {
    const servers = await Promise.all([countingServer(150), countingServer(150)]);
    try {
      const profiles: Profiles = {};
      for (let i = 0; i < 10; i++) profiles[`p${i}`] = { apiUrl: servers[i % 2]!.url, workspace: "ws_1", token: `tok_${i % 2}_${i}` };
      const run = await cli(["overview", "--all-profiles", "--json"], { configDir: configWith(profiles) });
      expect(run.exitCode).toBe(0);
      expect(servers[0]!.peak() + servers[1]!.peak()).toBeLessThanOrEqual(4);
      expect(Math.max(servers[0]!.peak(), servers[1]!.peak())).toBeGreaterThanOrEqual(2);
      expect([...servers[0]!.tokens].sort()).toEqual(["Bearer tok_0_0", "Bearer tok_0_2", "Bearer tok_0_4", "Bearer tok_0_6", "Bearer tok_0_8"]);
      expect([...servers[1]!.tokens].every((token) => token.startsWith("Bearer tok_1_"))).toBe(true);
      expect(JSON.parse(run.stdout).total.summary.emails_sent).toBe(1_000);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });

  it("cancels every request in flight on Ctrl-C and exits 130", async () => {
    const server = await countingServer(20_000);
    try {
      const profiles: Profiles = {};
      for (let i = 0; i < 6; i++) profiles[`p${i}`] = { apiUrl: server.url, workspace: "ws_1", token: `tok_${i}` };
      const dir = configWith(profiles);
      const child = execa("node", [BIN, "overview", "--all-profiles"], { env: { PATH: process.env.PATH, HOME: tempDir(), ANALYTICS_CONFIG_DIR: dir }, extendEnv: false, reject: false });
      while (server.peak() < 4) await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      child.kill("SIGINT");
      const result = await child;
      expect(result.exitCode).toBe(130);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(String(result.stdout)).toBe("");
    } finally {
      await server.close();
    }
  });
});

describe("compare PROFILE:ID across workspaces", () => {
  let dir: string;
  beforeAll(() => {
    const good = { apiUrl: sandbox.url, workspace: sandbox.workspaceId, token: sandbox.token };
    // ColdSend and SendKit profiles on made-up origins: every case below must fail before any request.
    dir = configWith({
      acme: good,
      globex: good,
      cold: { provider: "coldsend", apiUrl: "https://127.0.0.1:9", token: "cs_live_x" },
      kit: { provider: "sendkit", apiUrl: "https://127.0.0.1:9", token: "sk_x" },
    });
  });

  it("compares campaigns of two profiles with the local statistics", async () => {
    const run = await cli(["compare", "acme:cmp_abc123", "globex:cmp_def456", "--json"], { configDir: dir });
    expect(run.exitCode).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.comparison.map((row: { campaign_id: string }) => row.campaign_id)).toEqual(["acme:cmp_abc123", "globex:cmp_def456"]);
    const reference = await sandboxData(sandbox, "/campaigns/cmp_abc123/analytics", { timeRange: "30d" });
    expect(doc.comparison[0].metrics.open_rate).toBeCloseTo((reference.summary.emails_opened / reference.summary.emails_delivered) * 100, 9);
    expect(doc.rate_basis).toEqual({ open_rate: "delivered", click_rate: "delivered", reply_rate: "delivered", delivery_rate: "sent" });
    for (const entry of doc.statistical_significance) expect(entry.winner === undefined).toBe(!entry.is_significant);
  });

  const refusals: Array<[string, string[], Record<string, string>, string]> = [
    ["a profile with no id", ["acme:", "globex:cmp_def456"], {}, 'error: "acme:" has no campaign id after the colon'],
    ["an unqualified id among qualified ones", ["acme:cmp_abc123", "cmp_def456"], {}, 'error: "cmp_def456" names no profile: qualify every id as PROFILE:ID once one is'],
    ["an unknown profile", ["acme:cmp_abc123", "nosuch:cmp_def456"], {}, 'error: no profile named "nosuch"'],
    ["an id of the wrong provider's form", ["acme:cmp_abc123", "cold:cmp_def456"], {}, 'error: cold:cmp_def456: "cmp_def456" is not a coldsend campaign id'],
    ["rates over different denominators", ["acme:cmp_abc123", "cold:550e8400-e29b-41d4-a716-446655440000", "--metrics", "open_rate"], {}, "error: cannot compare open_rate is over different denominators: acme:cmp_abc123 (tenant) over delivered, cold:550e8400-e29b-41d4-a716-446655440000 (coldsend) over sent"],
    ["a rate one provider lacks", ["acme:cmp_abc123", "cold:550e8400-e29b-41d4-a716-446655440000", "--metrics", "click_rate"], {}, "error: cannot compare click_rate: cold:550e8400-e29b-41d4-a716-446655440000 (coldsend) has no click_rate"],
    ["ANALYTICS_TOKEN set", ["acme:cmp_abc123", "globex:cmp_def456"], { ANALYTICS_TOKEN: "t" }, "error: ANALYTICS_TOKEN is set: with PROFILE:ID ids each profile uses only its own stored settings"],
    ["the same campaign twice", ["acme:cmp_abc123", "acme:cmp_abc123"], {}, "error: acme:cmp_abc123 is given more than once; a campaign cannot be compared with itself"],
  ];
  for (const [name, args, env, first] of refusals) {
    it(`refuses ${name}: exit 2, no request`, async () => {
      const before = sandbox.requests.length;
      const run = await cli(["compare", ...args], { configDir: dir, env });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe("");
      expect(errorLines(run)[0]).toBe(first);
      expect(sandbox.requests.length).toBe(before);
    });
  }

  it("suggests the metrics that compare like with like", async () => {
    const run = await cli(["compare", "acme:cmp_abc123", "kit:665a1b2c3d4e5f6a7b8c9d0e", "cold:550e8400-e29b-41d4-a716-446655440000", "--metrics", "reply_rate"], { configDir: dir });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[1]).toBe("hint: --metrics bounce_rate compares like with like");
  });
});

describe("campaigns --all-profiles", () => {
  it("lists the union with a profile column, sorted and limited as one list, rates over sent", async () => {
    const run = await cli(["campaigns", "--all-profiles", "--sort", "sent", "--limit", "3", "--json"], { configDir: config });
    expect(run.exitCode).toBe(3);
    const doc = JSON.parse(run.stdout);
    expect(doc.profiles.map((p: { profile: string }) => p.profile)).toEqual(["acme", "broken", "globex"]);
    const rows = doc.total.campaigns;
    expect(rows).toHaveLength(3);
    expect(rows.map((r: { emails_sent: number }) => r.emails_sent)).toEqual([...rows.map((r: { emails_sent: number }) => r.emails_sent)].sort((a, b) => b - a));
    expect(new Set(rows.map((r: { profile: string }) => r.profile))).toEqual(new Set(["acme", "globex"]));
    for (const row of rows) expect(row.open_rate).toBe(Math.round((row.emails_opened * 10_000) / row.emails_sent) / 100);
    expect(doc.total.rate_basis.open_rate).toBe("sent");
  });

  it("prints one CSV row per campaign, profile first", async () => {
    const run = await cli(["campaigns", "--profiles", "acme,globex", "--csv"], { configDir: config });
    expect(run.exitCode).toBe(0);
    const [header, ...rows] = run.stdout.trimEnd().split("\n");
    expect(header?.startsWith("profile,campaign_id,campaign_name")).toBe(true);
    expect(rows.length % 2).toBe(0);
    expect(rows.filter((row) => row.startsWith("acme,")).length).toBe(rows.length / 2);
  });
});
