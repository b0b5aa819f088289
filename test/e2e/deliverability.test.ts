import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { ANSI, cli, errorLines, sandboxData, sandboxEnv, startTestSandbox } from "./helpers.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());

const widest = (text: string): number => Math.max(...text.split("\n").map((line) => [...line].length));

describe("analytics deliverability", () => {
  it("renders health, placement, bounces, reasons, trend and a flagged blacklist within 80 columns", async () => {
    const run = await cli(["deliverability"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const data = await sandboxData(sandbox, "/analytics/deliverability", { timeRange: "30d" });
    const out = run.stdout;
    expect(out).toContain("Deliverability · workspace ws_xyz789");
    expect(out).toContain("2025-10-27 → 2025-11-26 (last 30 days)");
    expect(out).toMatch(new RegExp(`Health score\\s+${data.overall.health_score}/100 \\[█+`));
    expect(out).toMatch(new RegExp(`Inbox placement\\s+${data.overall.estimated_inbox_placement_rate.toFixed(2)}% \\[█+`));
    expect(out).toMatch(new RegExp(`Hard\\s+│\\s+${data.bounce_analysis.hard_bounces}\\s+│\\s+${data.bounce_analysis.hard_bounce_rate.toFixed(2)}%`));
    for (const reason of data.bounce_analysis.top_bounce_reasons) {
      expect(out).toMatch(new RegExp(`│ ${reason.reason}\\s+│\\s+${reason.count}\\s+│\\s+${reason.percentage.toFixed(2)}% │`));
    }
    expect(out).toContain("Reputation trend");
    expect(out).toMatch(/┼/); // the asciichart axis
    // Seed 42 lists one sending IP (dom_r2w6z5).
    expect(out).toContain("✗ LISTED: a sending IP is on a blacklist (3 IPs checked)");
    expect(out).toContain("last check 2025-11-26 10:00 UTC");
    expect(out).not.toMatch(ANSI);
    expect(out).not.toContain("undefined");
    expect(widest(out)).toBeLessThanOrEqual(80);
  });

  it("says the IPs are clean for a domain that is not listed, and sends the filters", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["deliverability", "--domain", "dom_k3x9p2", "--campaign", "cmp_abc123", "--range", "7d"], { env });
    expect(run.exitCode).toBe(0);
    expect(sandbox.requests.slice(before).map((r) => r.query)).toEqual([{ timeRange: "7d", campaignId: "cmp_abc123", domainId: "dom_k3x9p2" }]);
    expect(run.stdout).toContain("Deliverability · campaign cmp_abc123, domain dom_k3x9p2");
    expect(run.stdout).toContain("✓ Not listed: no sending IP is on a blacklist (1 IP checked)");
    expect(run.stdout).not.toContain("LISTED");
  });

  it.each(["60", "80", "120"])("fits every line into COLUMNS=%s", async (columns) => {
    const run = await cli(["deliverability", "--range", "90d"], { env: { ...env, COLUMNS: columns } });
    expect(run.exitCode).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(Number(columns));
    expect(run.stdout).toContain("Top bounce reasons");
  });

  it("prints the API's data object unchanged with --json, never coloured", async () => {
    const run = await cli(["deliverability", "--json", "--campaign", "cmp_def456"], { env: { ...env, FORCE_COLOR: "3" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    expect(JSON.parse(run.stdout)).toEqual(await sandboxData(sandbox, "/analytics/deliverability", { timeRange: "30d", campaignId: "cmp_def456" }));
  });

  it("prints the reputation trend as CSV with --csv", async () => {
    const run = await cli(["deliverability", "--csv", "--range", "90d"], { env: { ...env, FORCE_COLOR: "1" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    const lines = run.stdout.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("date,score");
    const data = await sandboxData(sandbox, "/analytics/deliverability", { timeRange: "90d" });
    expect(lines.slice(1)).toEqual(data.reputation_trend.map((p: any) => `${p.date},${p.score}`));
  });

  it("colours the table when forced (the listing in red), and not with NO_COLOR", async () => {
    const forced = await cli(["deliverability"], { env: { ...env, FORCE_COLOR: "1" } });
    expect(forced.stdout).toMatch(/\u001b\[31m[^\n]*LISTED/);
    expect((await cli(["deliverability"], { env: { ...env, NO_COLOR: "1" } })).stdout).not.toMatch(ANSI);
  });

  it("exits 4 with the API's code for an unknown domain or campaign", async () => {
    const domain = await cli(["deliverability", "--domain", "dom_nope00"], { env });
    expect(domain.exitCode).toBe(4);
    expect(errorLines(domain)).toEqual([
      "error: DOMAIN_NOT_FOUND: Domain with ID dom_nope00 not found in workspace ws_xyz789",
      "hint: `analytics deliverability --help` says where domain ids come from",
    ]);
    const campaign = await cli(["deliverability", "--campaign", "cmp_nope00"], { env });
    expect(campaign.exitCode).toBe(4);
    expect(errorLines(campaign)[0]).toBe("error: CAMPAIGN_NOT_FOUND: Campaign with ID cmp_nope00 not found in workspace ws_xyz789");
  });

  it.each<[string, string[], RegExp]>([
    ["an unknown range", ["--range", "14d"], /Allowed choices are 7d, 30d, 90d/],
    ["a custom range", ["--range", "custom"], /Allowed choices are 7d, 30d, 90d/],
    ["a bad campaign id", ["--campaign", "../etc"], /invalid campaign id "\.\.\/etc"/],
    ["a bad domain id", ["--domain", "dom x"], /invalid domain id "dom x"/],
    ["--from (not supported here)", ["--from", "2025-11-01"], /unknown option '--from'/],
  ])("exits 2 before any request for %s", async (_name, args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(["deliverability", ...args], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toMatch(message);
    expect(sandbox.requests.length).toBe(before);
  });
});
