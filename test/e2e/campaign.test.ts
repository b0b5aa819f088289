import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { ANSI, cli, errorLines, sandboxData, sandboxEnv, startTestSandbox } from "./helpers.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ rateLimits: false });
  env = sandboxEnv(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.setFaults(""));

describe("analytics campaign: output formats", () => {
  it("renders a readable table within 80 columns, data on stdout only", async () => {
    const run = await cli(["campaign", "cmp_abc123"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Q4 Outreach Campaign (cmp_abc123)");
    expect(run.stdout).toContain("2025-10-27 → 2025-11-26 (last 30 days), by day");
    const data = await sandboxData(sandbox, "/campaigns/cmp_abc123/analytics");
    expect(run.stdout).toMatch(new RegExp(`Sent\\s+│\\s+${data.summary.emails_sent.toLocaleString("en-US")}\\s`));
    expect(run.stdout).toContain(`${data.rates.open_rate.toFixed(2)}%`);
    expect(run.stdout).toContain("Sent per day");
    expect(run.stdout).not.toMatch(ANSI);
    expect(run.stdout).not.toContain("undefined");
    for (const line of run.stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it.each(["60", "120"])("fits every line into COLUMNS=%s", async (columns) => {
    const run = await cli(["campaign", "cmp_def456", "--range", "90d"], { env: { ...env, COLUMNS: columns } });
    expect(run.exitCode).toBe(0);
    for (const line of run.stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(Number(columns));
  });

  it("prints the API's data object unchanged with --json", async () => {
    const run = await cli(["campaign", "cmp_abc123", "--json", "--range", "7d"], { env: { ...env, FORCE_COLOR: "3" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.endsWith("}\n")).toBe(true);
    expect(run.stdout).not.toMatch(ANSI);
    const expected = await sandboxData(sandbox, "/campaigns/cmp_abc123/analytics", { timeRange: "7d", groupBy: "day" });
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });

  it("prints the time series as RFC 4180 CSV with --csv", async () => {
    const run = await cli(["campaign", "cmp_abc123", "--csv", "--group-by", "week"], { env });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("date,sent,delivered,opened,clicked,replied,bounced,spam_complaints");
    const data = await sandboxData(sandbox, "/campaigns/cmp_abc123/analytics", { groupBy: "week" });
    expect(lines).toHaveLength(data.time_series.length + 1);
    const sentTotal = lines.slice(1).reduce((sum, line) => sum + Number(line.split(",")[1]), 0);
    expect(sentTotal).toBe(data.summary.emails_sent);
  });

  it("sends timeRange=custom with both dates for --from/--to", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["campaign", "cmp_abc123", "--from", "2025-11-01", "--to", "2025-11-15", "--json"], { env });
    expect(run.exitCode).toBe(0);
    const sent = sandbox.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.query).toMatchObject({ timeRange: "custom", startDate: "2025-11-01", endDate: "2025-11-15" });
    expect(JSON.parse(run.stdout).time_range.period).toBe("custom");
  });

  it("sends the two auth headers on every API call", async () => {
    const before = sandbox.requests.length;
    await cli(["campaign", "cmp_abc123", "--json"], { env });
    const record = sandbox.requests[before];
    expect(record?.headers.authorization).toBe(`Bearer ${sandbox.token}`);
    expect(record?.headers["x-workspace-id"]).toBe(sandbox.workspaceId);
  });

  it("colours the table only when forced in a pipe, and never with NO_COLOR", async () => {
    const forced = await cli(["campaign", "cmp_abc123"], { env: { ...env, FORCE_COLOR: "1" } });
    expect(forced.stdout).toMatch(ANSI);
    const off = await cli(["campaign", "cmp_abc123"], { env: { ...env, NO_COLOR: "1" } });
    expect(off.stdout).not.toMatch(ANSI);
    const flag = await cli(["campaign", "cmp_abc123", "--no-color"], { env: { ...env, FORCE_COLOR: "1" } });
    expect(flag.stdout).not.toMatch(ANSI);
  });

  it("leaves out the chart with --no-chart", async () => {
    const run = await cli(["campaign", "cmp_abc123", "--no-chart"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Delivered");
    expect(run.stdout).not.toContain("Sent per day");
  });

  it.each([
    ["head -c 1", "{"],
    // `true` exits without reading, so the CLI's write always meets a closed pipe (EPIPE).
    ["true", ""],
  ])("ends quietly with status 0 when piped into `%s`", async (reader, expectedStdout) => {
    const { execa } = await import("execa");
    const { BIN } = await import("./helpers.js");
    const result = await execa("bash", ["--norc", "--noprofile", "-c", `set -o pipefail; node "${BIN}" campaign cmp_abc123 --json --range 90d | ${reader}`], {
      env: { ...env, PATH: process.env.PATH, ANALYTICS_CONFIG_DIR: "/nonexistent-config" },
      extendEnv: false,
      reject: false,
    });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(expectedStdout);
  });
});

describe("analytics campaign: honest charts", () => {
  it("clips monthly buckets to the range and marks the cut month and today's as partial", async () => {
    // The sandbox's today is 2025-11-26: 90 days run from 2025-08-28.
    const run = await cli(["campaign", "cmp_abc123", "--range", "90d", "--group-by", "month"], { env: { ...env, NO_COLOR: "1" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain("2025-08-01");
    expect(run.stdout).toMatch(/│ 2025-08-28 → 08-31 \* │/);
    expect(run.stdout).toMatch(/│ 2025-09-01 → 09-30\s+│/);
    expect(run.stdout).toMatch(/│ 2025-11-01 → 11-26 \* │/);
    expect(run.stdout).toContain("* 2025-08-28 → 08-31: 4 of 31 days of the month (the range cuts it)");
    expect(run.stdout).toContain("* 2025-11-01 → 11-26: today's data is still arriving");
    expect(run.stdout).toMatch(/^ +2025-08-28 .* 2025-11-01$/m);
  });

  it("takes the chart height from LINES, the same with colour forced", async () => {
    const rows = (stdout: string): number => {
      const lines = stdout.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
      return lines.slice(lines.indexOf("Sent per day") + 1).findIndex((line) => !line.includes("┤"));
    };
    const plain = await cli(["campaign", "cmp_abc123"], { env: { ...env, LINES: "45" } });
    const coloured = await cli(["campaign", "cmp_abc123"], { env: { ...env, LINES: "45", FORCE_COLOR: "3" } });
    expect(rows(plain.stdout)).toBe(15);
    expect(rows(coloured.stdout)).toBe(15);
    expect(rows((await cli(["campaign", "cmp_abc123"], { env })).stdout)).toBe(8);
  });

  it("prints one line instead of a chart for a one-day range", async () => {
    const run = await cli(["campaign", "cmp_abc123", "--from", "2025-11-20", "--to", "2025-11-20"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("Sent per day: no chart for 1 day (a trend needs at least 3)");
    expect(run.stdout).not.toMatch(/ ┤/);
  });

  it("refuses a range wholly in the future: exit 2, before any request", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["campaign", "cmp_abc123", "--from", "2099-12-10", "--to", "2099-12-20"], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toMatch(/^error: --from 2099-12-10 is in the future \(today is \d{4}-\d\d-\d\d UTC\): there is no data for this range yet$/);
    expect(errorLines(run)[1]).toMatch(/^hint: /);
    expect(sandbox.requests.length).toBe(before);
  });

  it("does not draw the days after today as zeros (in-process sandbox, real clock)", async () => {
    const day = (offset: number): string => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const run = await cli(["campaign", "cmp_abc123", "--sandbox", "--from", day(-10), "--to", day(5)], { env: { NO_COLOR: "1" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Not shown: ${day(1)} → ${day(5)}, after today (no data yet)`);
    expect(run.stdout).toContain(`${day(0)}: today's data is still arriving`);
    expect(run.stdout).not.toContain(day(3));
  });
});

describe("analytics campaign: errors", () => {
  it("exits 4 with the API's code for an unknown campaign", async () => {
    const run = await cli(["campaign", "cmp_nope00"], { env });
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toBe("");
    expect(errorLines(run)).toEqual(["error: CAMPAIGN_NOT_FOUND: Campaign with ID cmp_nope00 not found in workspace ws_xyz789", "hint: `analytics overview` shows the top campaigns and their ids"]);
  });

  it("exits 3 for a wrong token, with a hint, and never prints the token", async () => {
    const run = await cli(["campaign", "cmp_abc123"], { env: { ...env, ANALYTICS_TOKEN: "sbx_live_wrongwrongwrong" } });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)[0]).toMatch(/^error: UNAUTHORIZED: /);
    expect(errorLines(run)[1]).toMatch(/^hint: the token in ANALYTICS_TOKEN was refused/);
    expect(run.stderr).not.toContain("wrongwrongwrong");
  });

  it("exits 3 with a way forward when there are no credentials", async () => {
    const run = await cli(["campaign", "cmp_abc123"]);
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)).toEqual([
      'error: not logged in (profile "default")',
      "hint: run `analytics auth login`, set ANALYTICS_TOKEN, or try `--sandbox`",
    ]);
  });

  it("succeeds after a 429 by honouring Retry-After", async () => {
    sandbox.setFaults("429=1x");
    const started = Date.now();
    const run = await cli(["campaign", "cmp_abc123", "--json", "--verbose"], { env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).campaign_id).toBe("cmp_abc123");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(run.stderr).toMatch(/→ 429 \(\d+ ms, attempt 1\/4\); retrying in 1s/);
    expect(run.stderr).toMatch(/→ 200 \(\d+ ms, attempt 2\/4\)/);
  });

  it("succeeds after two 502s", async () => {
    sandbox.setFaults("502=2x");
    const run = await cli(["campaign", "cmp_abc123", "--json"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout).campaign_id).toBe("cmp_abc123");
  });

  it("exits 5 when the rate limit persists after retries", async () => {
    sandbox.setFaults("429=10x");
    const run = await cli(["campaign", "cmp_abc123"], { env });
    expect(run.exitCode).toBe(5);
    expect(errorLines(run)[0]).toMatch(/^error: RATE_LIMITED: /);
    expect(run.stdout).toBe("");
  }, 20_000);

  it("exits 1 with one line for malformed JSON", async () => {
    sandbox.setFaults("malformed=1x");
    const run = await cli(["campaign", "cmp_abc123"], { env });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)).toEqual(["error: malformed response to GET /api/v1/workspaces/ws_xyz789/campaigns/cmp_abc123/analytics: the body is not valid JSON (status 200)"]);
    expect(run.stdout).toBe("");
  });

  it("exits 1 when a proxy keeps answering with an HTML page", async () => {
    sandbox.setFaults("html=4x");
    const run = await cli(["campaign", "cmp_abc123"], { env });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run)[0]).toMatch(/^error: the API answered 502 to GET .* with an HTML page instead of JSON/);
    expect(run.stderr).not.toContain("<html");
  });

  it("recovers from a connection reset and from a truncated body", async () => {
    sandbox.setFaults("reset=1x,truncate=1x");
    const run = await cli(["campaign", "cmp_abc123", "--json"], { env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).campaign_id).toBe("cmp_abc123");
  });

  it("never sends loopback requests through a proxy (it could not reach them, and would see the token)", async () => {
    const run = await cli(["campaign", "cmp_abc123", "--json"], { env: { ...env, HTTP_PROXY: "http://127.0.0.1:9", HTTPS_PROXY: "http://127.0.0.1:9" } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).campaign_id).toBe("cmp_abc123");
  });

  it("exits 7 when nothing listens at the API URL", async () => {
    const run = await cli(["campaign", "cmp_abc123"], { env: { ...env, ANALYTICS_API_URL: "http://127.0.0.1:9" } });
    expect(run.exitCode).toBe(7);
    expect(errorLines(run)[0]).toBe("error: cannot connect to http://127.0.0.1:9: connection refused");
  });

  it("exits 7 when the server is slower than --timeout", async () => {
    sandbox.setFaults("slow=4x");
    const run = await cli(["campaign", "cmp_abc123", "--timeout", "300ms"], { env });
    expect(run.exitCode).toBe(7);
    expect(errorLines(run)[0]).toMatch(/^error: GET \S+ timed out after 300ms$/);
  }, 20_000);

  it("logs each request with --verbose and redacts nothing it never prints: the token is absent", async () => {
    const run = await cli(["campaign", "cmp_abc123", "--json", "--verbose"], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/workspaces\/ws_xyz789\/campaigns\/cmp_abc123\/analytics\?timeRange=30d&groupBy=day → 200 \(\d+ ms, attempt 1\/4\)$/m);
    expect(run.stdout + run.stderr).not.toContain(sandbox.token);
  });
});

describe("analytics campaign: usage errors exit 2 before any request", () => {
  const cases: Array<[string, string[], RegExp]> = [
    ["an unknown range", ["--range", "14d"], /argument '14d' is invalid\. Allowed choices are 7d, 30d, 90d/],
    ["--range with --from", ["--range", "7d", "--from", "2025-11-01", "--to", "2025-11-02"], /--range cannot be combined with --from\/--to/],
    ["only --from", ["--from", "2025-11-01"], /--from needs --to/],
    ["only --to", ["--to", "2025-11-01"], /--to needs --from/],
    ["--from after --to", ["--from", "2025-11-10", "--to", "2025-11-01"], /--from 2025-11-10 is after --to 2025-11-01/],
    ["an impossible date", ["--from", "2025-02-30", "--to", "2025-03-02"], /invalid date for --from: "2025-02-30" is not a calendar date/],
    ["a date that is no date", ["--from", "last week", "--to", "2025-03-02"], /invalid date for --from/],
    ["an unknown group-by", ["--group-by", "year"], /Allowed choices are day, week, month/],
    ["an unknown flag", ["--bogus"], /unknown option '--bogus'/],
    ["two output formats", ["--json", "--csv"], /conflicting output formats/],
    ["a garbage timeout", ["--timeout", "soon"], /invalid duration for --timeout: "soon"/],
  ];

  it.each(cases)("%s", async (_name, args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(["campaign", "cmp_abc123", ...args], { env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toMatch(/^error: /);
    expect(errorLines(run)[0]).toMatch(message);
    expect(errorLines(run).length).toBeLessThanOrEqual(2);
    expect(sandbox.requests.length).toBe(before);
  });

  it.each([["../etc"], ["cmp abc"], ["x".repeat(10_000)], [""]])("a bad campaign id %#", async (id) => {
    const before = sandbox.requests.length;
    const run = await cli(["campaign", id], { env });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)).toHaveLength(1);
    expect(errorLines(run)[0]).toMatch(/^error: invalid campaign id/);
    expect(errorLines(run)[0]!.length).toBeLessThan(200);
    expect(sandbox.requests.length).toBe(before);
  });

  it("a missing campaign id", async () => {
    const run = await cli(["campaign"], { env });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toBe("error: missing required argument 'campaignId'");
  });

  it("plain http:// to a non-loopback host", async () => {
    const run = await cli(["campaign", "cmp_abc123"], { env: { ...env, ANALYTICS_API_URL: "http://api.example.com" } });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toMatch(/refusing plain http:\/\/ to api\.example\.com \(from ANALYTICS_API_URL\)/);
  });

  it("an API URL that is not a URL", async () => {
    const run = await cli(["campaign", "cmp_abc123"], { env: { ...env, ANALYTICS_API_URL: "not a url" } });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toMatch(/is not a URL/);
  });
});
