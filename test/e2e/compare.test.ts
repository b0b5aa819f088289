import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RATE_METRICS } from "../../src/providers/vocabulary.js";
import { type RunningSandbox, createDataset } from "../../src/sandbox/index.js";
import { ANSI, PINNED_NOW, cli, errorLines, sandboxEnv, startTestSandbox } from "./helpers.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;
const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });
const TEN = dataset.campaigns.slice(0, 10).map((campaign) => campaign.id);
const THREE = ["cmp_abc123", "cmp_def456", "cmp_ghi789"];

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.setFaults(""));

/** The API's answer to the same comparison, fetched directly (the reference for the CLI's output). */
async function compareData(body: Record<string, unknown>): Promise<any> {
  const response = await fetch(`${sandbox.url}/api/v1/workspaces/${sandbox.workspaceId}/analytics/compare`, {
    method: "POST",
    headers: { authorization: `Bearer ${sandbox.token}`, "x-workspace-id": sandbox.workspaceId, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { data: unknown }).data;
}

function expectWithin(stdout: string, columns: number): void {
  for (const line of stdout.split("\n")) expect([...line].length, line).toBeLessThanOrEqual(columns);
}

/** The table row of a campaign (the significance table puts ids in parentheses). */
const rowOf = (stdout: string, id: string): string | undefined => stdout.split("\n").find((line) => line.includes(id) && !line.includes(`(${id})`));

describe("analytics compare: output formats", () => {
  it("renders campaigns × metrics with the best marked, then the significance table", async () => {
    const run = await cli(["compare", ...THREE], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).not.toMatch(ANSI);
    expect(run.stdout).not.toContain("undefined");
    expect(run.stdout.split("\n")[0]).toBe("Comparing 3 campaigns · last 30 days");
    expect(run.stdout).toMatch(/^Campaign\s+ID\s+Open\s+Click\s+Reply\s+Deliv\.$/m);
    const data = await compareData({ campaign_ids: THREE, time_range: "30d" });
    for (const row of data.comparison) {
      const line = rowOf(run.stdout, row.campaign_id);
      expect(line, row.campaign_id).toBeDefined();
      expect(line).toContain(row.campaign_name);
      for (const value of Object.values(row.metrics) as number[]) expect(line).toContain(value.toFixed(2));
    }
    for (const entry of data.statistical_significance) {
      const winner = data.comparison.find((row: { campaign_id: string }) => row.campaign_id === entry.winner);
      const p = entry.p_value < 0.001 ? "<0\\.001" : Number(entry.p_value.toPrecision(3)).toString().replace(".", "\\.");
      const label = { open_rate: "Open rate", click_rate: "Click rate", reply_rate: "Reply rate", delivery_rate: "Delivery rate" }[entry.metric as string];
      if (entry.is_significant) {
        expect(rowOf(run.stdout, entry.winner)).toContain(`★${winner.metrics[entry.metric].toFixed(2)}`);
        expect(run.stdout).toMatch(new RegExp(`^${label}\\s+${winner.campaign_name} \\(${entry.winner}\\)\\s+${p}\\d*\\s+yes$`, "m"));
      } else {
        expect(run.stdout).toMatch(new RegExp(`^${label}\\s+no clear winner\\s+${p}\\d*\\s+no$`, "m"));
      }
    }
    expectWithin(run.stdout, 80);
  });

  it.each([
    ["2", ["cmp_abc123", "cmp_def456"]],
    ["10", TEN],
  ])("fits %s campaigns into 80 columns, one line per campaign, long names cut with an ellipsis", async (_n, ids) => {
    const run = await cli(["compare", ...ids, "--range", "90d"], { env: { ...env, COLUMNS: "80" } });
    expect(run.exitCode).toBe(0);
    expectWithin(run.stdout, 80);
    for (const id of ids) expect(run.stdout.split("\n").filter((line) => line.includes(id) && !line.includes(`(${id})`))).toHaveLength(1);
    if (ids.length === 10) expect(rowOf(run.stdout, "cmp_0mmgol")).toMatch(/^Webinar Invit[^…]*…\s+cmp_0mmgol /);
    // Bars are drawn for campaigns that sent something in the window.
    expect(rowOf(run.stdout, "cmp_abc123")).toMatch(/█/);
  });

  it("prints the API's data object unchanged with --json, never coloured", async () => {
    const run = await cli(["compare", ...THREE, "--json", "--range", "7d", "--metrics", "reply_rate,bounce_rate"], { env: { ...env, FORCE_COLOR: "3" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.endsWith("}\n")).toBe(true);
    expect(run.stdout).not.toMatch(ANSI);
    expect(JSON.parse(run.stdout)).toEqual(await compareData({ campaign_ids: THREE, time_range: "7d", metrics: ["reply_rate", "bounce_rate"] }));
  });

  it("prints one CSV row per campaign with a column per metric", async () => {
    const run = await cli(["compare", ...THREE, "--csv", "--metrics", "open_rate, spam_rate"], { env });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("campaign_id,campaign_name,open_rate,spam_rate");
    expect(lines).toHaveLength(4);
    const data = await compareData({ campaign_ids: THREE, metrics: ["open_rate", "spam_rate"] });
    data.comparison.forEach((row: { campaign_id: string; campaign_name: string; metrics: Record<string, number> }, index: number) => {
      expect(lines[index + 1]).toBe(`${row.campaign_id},${row.campaign_name},${row.metrics.open_rate},${row.metrics.spam_rate}`);
    });
  });

  it("asks the API for all eight rates and still fits 80 columns", async () => {
    const run = await cli(["compare", ...TEN, "--metrics", RATE_METRICS.join(",")], { env });
    expect(run.exitCode).toBe(0);
    expectWithin(run.stdout, 80);
    for (const label of ["Open rate", "Click-to-open rate", "Unsubscribe rate"]) expect(run.stdout).toContain(label);
  });

  it("sends custom dates as start_date/end_date: the answer is the API's for that window", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["compare", ...THREE, "--from", "2025-11-01", "--to", "2025-11-15", "--json"], { env });
    expect(run.exitCode).toBe(0);
    const sent = sandbox.requests.slice(before);
    expect(sent.map((record) => [record.method, record.path])).toEqual([["POST", "/api/v1/workspaces/ws_xyz789/analytics/compare"]]);
    const custom = await compareData({ campaign_ids: THREE, time_range: "custom", start_date: "2025-11-01", end_date: "2025-11-15" });
    expect(JSON.parse(run.stdout)).toEqual(custom);
    expect(custom).not.toEqual(await compareData({ campaign_ids: THREE }));
    const table = await cli(["compare", ...THREE, "--from", "2025-11-01", "--to", "2025-11-15"], { env });
    expect(table.stdout.split("\n")[0]).toBe("Comparing 3 campaigns · 2025-11-01 → 2025-11-15");
  });

  it("names no winner and marks no ★ where the difference is not significant", async () => {
    const ids = ["cmp_abc123", "cmp_def456"];
    const data = await compareData({ campaign_ids: ids, metrics: ["click_rate", "open_rate"] });
    expect(data.statistical_significance[0].is_significant).toBe(false);
    for (const columns of ["40", "80", "120"]) {
      const run = await cli(["compare", ...ids, "--metrics", "click_rate,open_rate"], { env: { ...env, COLUMNS: columns } });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/^Click( rate)?\s+no clear winner\s+0\.573\s+(no|yes)$/m);
      expect(run.stdout).toMatch(/^Click( rate)?\s+no clear winner\s+0\.573\s+no$/m);
      expect(run.stdout).toMatch(/^Open( rate)?\s+Q4.*\(cmp_abc123\)\s+<0\.001\s+yes$/m);
      // One ★: the open rate's winner; none in the click column.
      expect(run.stdout.match(/★\d/g)).toHaveLength(1);
      expectWithin(run.stdout, Number(columns));
    }
  });

  it("keeps the ★ without colour (NO_COLOR) and colours when forced", async () => {
    const off = await cli(["compare", ...THREE], { env: { ...env, NO_COLOR: "1", FORCE_COLOR: "" } });
    expect(off.exitCode).toBe(0);
    expect(off.stdout).not.toMatch(ANSI);
    // Every default metric differs significantly among these three in the window.
    expect(off.stdout.match(/★\d/g)).toHaveLength(4);
    const forced = await cli(["compare", ...THREE], { env: { ...env, FORCE_COLOR: "1" } });
    expect(forced.stdout).toMatch(ANSI);
    expect(forced.stdout).toContain("★");
  });

  it("is retried like a GET: a 502 then success", async () => {
    sandbox.setFaults("502=1x");
    const before = sandbox.requests.length;
    const run = await cli(["compare", ...THREE, "--json"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).comparison).toHaveLength(3);
    const sent = sandbox.requests.slice(before);
    expect(sent.map((record) => [record.method, record.status])).toEqual([
      ["POST", 502],
      ["POST", 200],
    ]);
  });
});

describe("analytics compare: errors", () => {
  it("exits 4 with CAMPAIGN_NOT_FOUND for an unknown campaign", async () => {
    const run = await cli(["compare", "cmp_abc123", "cmp_nope00"], { env });
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toBe("");
    expect(errorLines(run)).toEqual(["error: CAMPAIGN_NOT_FOUND: Campaign with ID cmp_nope00 not found in workspace ws_xyz789", "hint: `analytics overview` shows the top campaigns and their ids"]);
  });

  const eleven = dataset.campaigns.slice(0, 11).map((campaign) => campaign.id);
  const usage: Array<[string, string[], RegExp]> = [
    ["one campaign", ["cmp_abc123"], /^error: compare needs at least 2 campaign ids \(got 1\)$/],
    ["eleven campaigns", eleven, /^error: compare takes at most 10 campaign ids \(got 11\)$/],
    ["a duplicate id", ["cmp_abc123", "cmp_def456", "cmp_abc123"], /^error: campaign id cmp_abc123 is given more than once/],
    [
      "an unknown metric",
      ["cmp_abc123", "cmp_def456", "--metrics", "open_rate,opens"],
      /^error: unknown metric "opens" in --metrics; valid metrics: open_rate, click_rate, reply_rate, delivery_rate, click_to_open_rate, bounce_rate, spam_rate, unsubscribe_rate$/,
    ],
    ["an empty metric list", ["cmp_abc123", "cmp_def456", "--metrics", " , "], /^error: --metrics needs at least one metric; valid metrics: open_rate/],
    ["a repeated metric", ["cmp_abc123", "cmp_def456", "--metrics", "open_rate,open_rate"], /^error: --metrics lists open_rate more than once$/],
    ["a bad id", ["cmp_abc123", "../etc"], /^error: invalid campaign id "\.\.\/etc"/],
    ["an unknown range", ["cmp_abc123", "cmp_def456", "--range", "14d"], /argument '14d' is invalid\. Allowed choices are 7d, 30d, 90d/],
    ["--range with --from", ["cmp_abc123", "cmp_def456", "--range", "7d", "--from", "2025-11-01", "--to", "2025-11-02"], /--range cannot be combined with --from\/--to/],
    ["only --from", ["cmp_abc123", "cmp_def456", "--from", "2025-11-01"], /--from needs --to/],
    ["--from after --to", ["cmp_abc123", "cmp_def456", "--from", "2025-11-10", "--to", "2025-11-01"], /--from 2025-11-10 is after --to 2025-11-01/],
    ["an impossible date", ["cmp_abc123", "cmp_def456", "--from", "2025-02-30", "--to", "2025-03-02"], /invalid date for --from: "2025-02-30" is not a calendar date/],
    ["two output formats", ["cmp_abc123", "cmp_def456", "--json", "--csv"], /conflicting output formats/],
    ["no ids at all", [], /^error: missing required argument 'campaignIds'$/],
  ];

  it.each(usage)("%s: exit 2 before any request", async (_name, args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(["compare", ...args], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toMatch(message);
    expect(errorLines(run).length).toBeLessThanOrEqual(2);
    expect(sandbox.requests.length).toBe(before);
  });

  it("suggests the full name for a metric given without _rate", async () => {
    const run = await cli(["compare", "cmp_abc123", "cmp_def456", "--metrics", "open"], { env });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[1]).toBe("hint: did you mean open_rate?");
  });
});
