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

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-9;]*m/g;
const widest = (text: string): number => Math.max(...text.split("\n").map((line) => [...line.replace(ANSI_SEQUENCE, "")].length));

describe("analytics heatmap", () => {
  it("renders Monday…Sunday rows with values, shading, a legend and the best time, within 80 columns", async () => {
    const run = await cli(["heatmap"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    const data = await sandboxData(sandbox, "/analytics/engagement-heatmap", { timeRange: "30d" });
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("Engagement heatmap · last 30 days · America/New_York");
    const rows = lines.filter((line) => DAYS.some((day) => line.startsWith(`${day} `)));
    expect(rows.map((row) => row.split(" ")[0])).toEqual(DAYS);
    const header = lines.find((line) => line.includes("nighttime"))!;
    const positions = ["nighttime", "early morning", "office hours", "evening"].map((name) => header.indexOf(name));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const total = data.heatmap.reduce((sum: number, c: any) => sum + c.emails_sent, 0);
    const ranked = (c: any): boolean => c.emails_sent >= 30 && c.emails_sent >= total * 0.01;
    for (const cell of data.heatmap.filter((c: any) => c.emails_sent > 0)) {
      const row = rows[DAYS.indexOf(cell.day_of_week)]!;
      // Slots with too few sends are dotted instead of shaded.
      const mark = ranked(cell) ? "[░▒▓█]{2}" : "··";
      expect(row).toMatch(new RegExp(`${mark} +${cell.open_rate.toFixed(2).replace(".", "\\.")}%`));
    }
    // The headline is the best slot by engagement score among those with enough sends.
    const best = data.heatmap.filter(ranked).sort((a: any, b: any) => b.engagement_score - a.engagement_score)[0];
    const text = run.stdout.replace(/\s+/g, " ");
    expect(text).toMatch(new RegExp(`★ Best time to send: ${best.day_of_week} (around \\d\\d:00 )?\\(`));
    expect(text).toContain(`engagement score ${best.engagement_score.toFixed(2)}, from ${best.emails_sent.toLocaleString("en-US")} emails sent in that slot`);
    expect(text).toContain("ranked among slots with ≥ 30 emails and ≥ 1% of all sends");
    const api = data.optimal_send_time;
    if (api.day_of_week !== best.day_of_week || api.engagement_score !== best.engagement_score) {
      expect(text).toContain(`The API's optimum: ${api.day_of_week} around ${String(api.hour).padStart(2, "0")}:00`);
    }
    expect(run.stdout).toMatch(/^Scale: \d+\.\d\d% ░ ▒ ▓ █ \d+\.\d\d%/m);
    expect(run.stdout).not.toMatch(ANSI);
    expect(widest(run.stdout)).toBeLessThanOrEqual(80);
  });

  it.each(["60", "80", "120"])("fits every line into COLUMNS=%s, with colour too", async (columns) => {
    for (const extra of [{}, { FORCE_COLOR: "3" }]) {
      const run = await cli(["heatmap", "--range", "90d", "--metric", "emails_sent"], { env: { ...env, COLUMNS: columns, ...extra } });
      expect(run.exitCode).toBe(0);
      expect(widest(run.stdout)).toBeLessThanOrEqual(Number(columns));
      expect(run.stdout).toContain("Best time to send");
    }
  });

  it("sends --tz and --campaign, and shows the zone", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["heatmap", "--tz", "Europe/Berlin", "--campaign", "cmp_abc123", "--metric", "engagement_score", "--range", "90d"], { env });
    expect(run.exitCode).toBe(0);
    const sent = sandbox.requests.slice(before);
    expect(sent.filter((r) => r.path.endsWith("/engagement-heatmap")).map((r) => r.query)).toEqual([{ timeRange: "90d", campaignId: "cmp_abc123", timezone: "Europe/Berlin" }]);
    // The heatmap does not name its campaign: the name comes from the campaign's analytics.
    expect(sent.filter((r) => r.path.endsWith("/campaigns/cmp_abc123/analytics"))).toHaveLength(1);
    expect(run.stdout.split("\n")[0]).toBe("Engagement heatmap · Q4 Outreach Campaign (cmp_abc123) · last 90 days ·");
    expect(run.stdout.split("\n")[1]).toBe("  Europe/Berlin");
    expect(run.stdout).toContain("Cells: engagement score");
  });

  it("prints the API's data object unchanged with --json, never coloured", async () => {
    const run = await cli(["heatmap", "--json", "--tz", "Asia/Tokyo"], { env: { ...env, FORCE_COLOR: "3" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    expect(JSON.parse(run.stdout)).toEqual(await sandboxData(sandbox, "/analytics/engagement-heatmap", { timeRange: "30d", timezone: "Asia/Tokyo" }));
  });

  it("prints one CSV row per cell with every metric", async () => {
    const run = await cli(["heatmap", "--csv", "--range", "90d"], { env: { ...env, FORCE_COLOR: "2" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(ANSI);
    const lines = run.stdout.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("day_of_week,time_period,emails_sent,emails_opened,open_rate,engagement_score");
    const data = await sandboxData(sandbox, "/analytics/engagement-heatmap", { timeRange: "90d" });
    expect(lines.slice(1)).toEqual(
      data.heatmap.map((c: any) => [c.day_of_week, c.time_period, c.emails_sent, c.emails_opened, c.open_rate, c.engagement_score].join(",")),
    );
    expect(lines).toHaveLength(29);
  });

  it.each([
    ["1", /\u001b\[4[0-7]m/],
    ["2", /\u001b\[48;5;\d+m/],
    ["3", /\u001b\[48;2;\d+;\d+;\d+m/],
  ])("colours the cells at FORCE_COLOR=%s with that level's scale", async (level, sequence) => {
    const run = await cli(["heatmap"], { env: { ...env, FORCE_COLOR: level } });
    expect(run.exitCode).toBe(0);
    const rows = run.stdout.split("\n").filter((line) => DAYS.some((day) => line.replace(ANSI_SEQUENCE, "").startsWith(day)));
    expect(rows).toHaveLength(7);
    expect(rows.join("\n")).toMatch(sequence);
  });

  it("has no escape at all with NO_COLOR, even when colour is forced", async () => {
    const run = await cli(["heatmap"], { env: { ...env, NO_COLOR: "1" } });
    expect(run.stdout).not.toMatch(ANSI);
    const flag = await cli(["heatmap", "--no-color"], { env: { ...env, FORCE_COLOR: "3" } });
    expect(flag.stdout).not.toMatch(ANSI);
    expect(flag.stdout).toContain("░");
  });

  it("exits 4 for an unknown campaign", async () => {
    const run = await cli(["heatmap", "--campaign", "cmp_nope00"], { env });
    expect(run.exitCode).toBe(4);
    expect(errorLines(run)).toEqual(["error: CAMPAIGN_NOT_FOUND: Campaign with ID cmp_nope00 not found in workspace ws_xyz789", "hint: `analytics overview` shows the top campaigns and their ids"]);
  });

  it.each<[string, string[], RegExp]>([
    ["a range the heatmap does not take", ["--range", "7d"], /Allowed choices are 30d, 90d/],
    ["an unknown zone", ["--tz", "Mars/Olympus_Mons"], /invalid --tz "Mars\/Olympus_Mons": valid values are IANA time zone names, e.g. America\/New_York/],
    ["an offset instead of a zone", ["--tz", "+05:00"], /invalid --tz "\+05:00"/],
    ["an empty zone", ["--tz", ""], /invalid --tz ""/],
    ["an unknown metric", ["--metric", "click_rate"], /Allowed choices are open_rate, engagement_score, emails_sent, emails_opened/],
    ["a bad campaign id", ["--campaign", "../x"], /invalid campaign id/],
  ])("exits 2 before any request for %s", async (_name, args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(["heatmap", ...args], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toMatch(/^error: /);
    expect(errorLines(run)[0]).toMatch(message);
    expect(sandbox.requests.length).toBe(before);
  });
});
