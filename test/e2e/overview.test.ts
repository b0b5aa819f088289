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

describe("analytics overview", () => {
  it("renders the summary, rates and top campaigns within 80 columns", async () => {
    const run = await cli(["overview"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const data = await sandboxData(sandbox, "/analytics/overview", { timeRange: "30d" });
    expect(run.stdout).toContain("Workspace ws_xyz789");
    expect(run.stdout).toContain("2025-10-27 → 2025-11-26 (last 30 days)");
    expect(run.stdout).toContain("15 campaigns, 8 active");
    expect(run.stdout).toMatch(new RegExp(`Sent\\s+│\\s+${data.summary.emails_sent.toLocaleString("en-US")}\\s`));
    expect(run.stdout).toMatch(new RegExp(`Opened\\s+│\\s+${data.summary.emails_opened.toLocaleString("en-US")}\\s+│\\s+${data.rates.open_rate.toFixed(2)}%`));
    expect(run.stdout).toContain(`${data.rates.reply_rate.toFixed(2)}%`);
    expect(data.top_campaigns.length).toBeGreaterThan(0);
    expect(run.stdout).toContain("Top campaigns, ranked by reply rate, then open rate");
    for (const [i, top] of data.top_campaigns.entries()) {
      const sent = (await sandboxData(sandbox, `/campaigns/${top.campaign_id}/analytics`, { timeRange: "30d" })).summary.emails_sent;
      expect(run.stdout).toMatch(
        new RegExp(`│\\s+${i + 1} │ ${top.campaign_name.slice(0, 12)}[^│]*│ ${top.campaign_id}\\s+│\\s+${sent.toLocaleString("en-US")} │\\s+${top.open_rate.toFixed(2)}% │\\s+${top.reply_rate.toFixed(2)}% │`),
      );
    }
    expect(run.stdout).not.toMatch(ANSI);
    expect(run.stdout).not.toContain("undefined");
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
  });

  it.each(["60", "80", "120"])("fits every line into COLUMNS=%s", async (columns) => {
    const run = await cli(["overview", "--range", "90d"], { env: { ...env, COLUMNS: columns } });
    expect(run.exitCode).toBe(0);
    expect(widest(run.stdout)).toBeLessThanOrEqual(Number(columns));
    expect(run.stdout).toContain("Top campaigns");
  });

  it("prints the API's data object unchanged with --json, never coloured", async () => {
    const run = await cli(["overview", "--json", "--range", "7d"], { env: { ...env, FORCE_COLOR: "3" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    expect(JSON.parse(run.stdout)).toEqual(await sandboxData(sandbox, "/analytics/overview", { timeRange: "7d" }));
  });

  it("prints the top campaigns as CSV with --csv", async () => {
    const run = await cli(["overview", "--csv"], { env: { ...env, FORCE_COLOR: "1" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    const lines = run.stdout.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("rank,campaign_id,campaign_name,open_rate,reply_rate");
    const data = await sandboxData(sandbox, "/analytics/overview", { timeRange: "30d" });
    expect(lines.slice(1)).toEqual(data.top_campaigns.map((c: any, i: number) => `${i + 1},${c.campaign_id},${c.campaign_name},${c.open_rate},${c.reply_rate}`));
  });

  it("sends a custom window for --from/--to", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["overview", "--from", "2025-11-01", "--to", "2025-11-15"], { env });
    expect(run.exitCode).toBe(0);
    const sent = sandbox.requests.slice(before);
    expect(sent[0]).toMatchObject({ path: "/api/v1/workspaces/ws_xyz789/analytics/overview", query: { timeRange: "custom", startDate: "2025-11-01", endDate: "2025-11-15" } });
    // Then each top campaign's volume over the same window.
    for (const request of sent.slice(1)) expect(request.query).toMatchObject({ timeRange: "custom", startDate: "2025-11-01", endDate: "2025-11-15" });
    expect(sent.slice(1).every((request) => /\/campaigns\/cmp_\w+\/analytics$/.test(request.path))).toBe(true);
    expect(run.stdout).toContain("2025-11-01 → 2025-11-15 (custom range)");
  });

  it("colours the table when forced, and not with NO_COLOR", async () => {
    expect((await cli(["overview"], { env: { ...env, FORCE_COLOR: "1" } })).stdout).toMatch(ANSI);
    expect((await cli(["overview"], { env: { ...env, NO_COLOR: "1" } })).stdout).not.toMatch(ANSI);
  });

  it.each<[string, string[], RegExp]>([
    ["an unknown range", ["--range", "14d"], /Allowed choices are 7d, 30d, 90d/],
    ["--range with --from", ["--range", "7d", "--from", "2025-11-01", "--to", "2025-11-02"], /--range cannot be combined with --from\/--to/],
    ["only --from", ["--from", "2025-11-01"], /--from needs --to/],
    ["an impossible date", ["--from", "2025-02-30", "--to", "2025-03-02"], /not a calendar date/],
    ["two formats", ["--json", "--csv"], /conflicting output formats/],
    ["a range in the future", ["--from", "2099-01-01", "--to", "2099-01-31"], /--from 2099-01-01 is in the future/],
  ])("exits 2 before any request for %s", async (_name, args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(["overview", ...args], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toMatch(message);
    expect(sandbox.requests.length).toBe(before);
  });
});
