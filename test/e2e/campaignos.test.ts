/**
 * CampaignOS end to end (issue 14): every command as table (40/80/120 columns, with and without
 * colour), --json against schema/, --csv; the traps (messages are not emails, rate bases, retention
 * units, A/B verdicts); usage errors before any request; A/B p-values against SciPy.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { expectJsonOutput } from "../schema.js";
import { ANSI, cli, errorLines, providerEnv, startTestSandbox, tempDir } from "./helpers.js";

let sandbox: RunningSandbox;
let env: Record<string, string>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  env = providerEnv(sandbox, "campaignos");
});
afterAll(() => sandbox.close());

const CASES: Array<{ schema: string; args: string[]; table: RegExp; csv: string }> = [
  { schema: "campaign", args: ["campaign", "cmp_1"], table: /A\/B test: Subject Line Test/, csv: "campaign_id,campaign_name,messages_total,messages_sent," },
  { schema: "timeline", args: ["timeline", "--range", "7d"], table: /Messages per day/, csv: "date,events,contacts,messages,opened,clicked" },
  { schema: "overview", args: ["overview"], table: /contacts, .* new/, csv: "metric,count,rate,rate_basis" },
  { schema: "funnel", args: ["funnel", "--steps", "page_view,signup,purchase"], table: /Overall conversion/, csv: "step,count,dropoff,conversion_from_previous" },
  { schema: "cohorts", args: ["cohorts"], table: /Cohort +Size +W0/, csv: "cohort,size,week,retained,retention,value" },
  { schema: "attribution", args: ["attribution"], table: /summer-sale/, csv: "source,medium,campaign,unique_visitors,total_events" },
  { schema: "compare", args: ["compare", "cmp_1", "cmp_2"], table: /p-value/, csv: "campaign_id,campaign_name" },
];

const widest = (text: string): number => Math.max(...text.split("\n").map((line) => [...line.replace(/\u001b\[[0-9;]*m/g, "")].length));

describe.each(CASES)("campaignos $args", (c) => {
  it("--json conforms to schema/ and --csv has the main table", async () => {
    const [json, csv] = await Promise.all([cli([...c.args, "--json"], { env }), cli([...c.args, "--csv"], { env })]);
    expect(json.stderr).toBe("");
    expect(json.exitCode).toBe(0);
    const data = expectJsonOutput(c.schema, json.stdout);
    expect(data.provider).toBe("campaignos");
    expect(csv.exitCode).toBe(0);
    expect(csv.stdout.startsWith(c.csv)).toBe(true);
    expect(csv.stdout).not.toMatch(ANSI);
  });

  it.each([40, 80, 120])("table at %i columns, with and without colour, never wider", async (columns) => {
    const [plain, colour] = await Promise.all([
      cli(c.args, { env: { ...env, COLUMNS: String(columns), NO_COLOR: "1" } }),
      cli(c.args, { env: { ...env, COLUMNS: String(columns), FORCE_COLOR: "3" } }),
    ]);
    for (const run of [plain, colour]) {
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toBe("");
      expect(widest(run.stdout)).toBeLessThanOrEqual(columns);
    }
    expect(plain.stdout).not.toMatch(ANSI);
    expect(colour.stdout).toMatch(ANSI);
    if (columns >= 80) expect(plain.stdout).toMatch(c.table);
  });
});

describe("messages are not emails; rates keep their basis", () => {
  it("campaign: messages_* with the channel split beside them, rates over delivered", async () => {
    const data = JSON.parse((await cli(["campaign", "cmp_1", "--json"], { env })).stdout);
    expect(JSON.stringify(data)).not.toMatch(/"emails_/);
    expect(data.summary.messages_sent).toBeGreaterThan(0);
    expect(data.channels.map((c: { channel: string }) => c.channel)).toEqual(["email", "push"]);
    expect(data.channels.reduce((sum: number, c: { messages: number }) => sum + c.messages, 0)).toBe(data.summary.messages_total);
    expect(data.rate_basis).toEqual({ open_rate: "delivered", click_rate: "delivered", bounce_rate: "delivered" });
    expect(data.rates.open_rate).toBeCloseTo((data.summary.messages_opened / data.summary.messages_delivered) * 100, 2);
  });

  it("overview: rates over sent, and the table says so", async () => {
    const [json, table] = await Promise.all([cli(["overview", "--json"], { env }), cli(["overview"], { env })]);
    const data = JSON.parse(json.stdout);
    expect(JSON.stringify(data)).not.toMatch(/"emails_/);
    expect(data.rate_basis).toEqual({ open_rate: "sent", click_rate: "sent" });
    expect(data.rates.open_rate).toBeCloseTo((data.summary.messages_opened / data.summary.messages_sent) * 100, 2);
    expect(table.stdout).toMatch(/Opened .*% .*of sent/);
  });

  it("overview takes no other window than the API's 30 days: exit 2 before any request", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["overview", "--range", "7d"], { env });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toBe("error: campaignos's overview always covers the last 30 days");
    expect(sandbox.requests.length).toBe(before);
  });
});

describe("A/B tests: open rate, verdict only where p < 0.05, SciPy agrees", () => {
  const fixture = JSON.parse(readFileSync(new URL("../fixtures/campaignos-ab.json", import.meta.url), "utf8")) as {
    cases: Array<{ campaign: string; period: string; test: string; variants: number[][]; p_value: number; is_significant: boolean }>;
  };
  it.each(fixture.cases)("$campaign $period $test", async (c) => {
    const data = JSON.parse((await cli(["campaign", c.campaign, "--range", c.period, "--json"], { env })).stdout);
    const test = data.ab_tests.find((t: { id: string }) => t.id === c.test);
    expect(test.variants.map((v: { sent: number; opened: number }) => [v.sent, v.opened])).toEqual(c.variants);
    const s = test.statistical_significance;
    expect(s.metric).toBe("open_rate");
    expect(s.test).toBe(c.variants.length === 2 ? "two_proportion_z" : "chi_square");
    expect(Math.abs(s.p_value - c.p_value)).toBeLessThan(1e-9);
    expect(s.is_significant).toBe(c.is_significant);
    expect("winner" in s).toBe(c.is_significant);
  });
});

describe("usage errors, before any request", () => {
  const cases: Array<[string[], string]> = [
    [["funnel"], "error: --steps is required: the event types of the funnel, in order"],
    [["funnel", "--steps", "page_view"], "error: a funnel needs at least two --steps"],
    [["funnel", "--steps", "page_view,Sign Up"], 'error: invalid --steps "Sign Up": an event type is lower-case letters, digits and _ (e.g. page_view)'],
    [["funnel", "--steps", "a,b", "--days", "0"], 'error: invalid --days "0": expected a whole number from 1 to 366'],
    [["cohorts", "--days", "7", "--range", "30d"], "error: --days cannot be combined with --range; give one"],
    [["campaign", "cmp_1", "--from", "2025-11-01", "--to", "2025-11-02"], "error: campaignos's campaign view takes a lookback, not dates"],
    [["deliverability"], "error: campaignos has no deliverability data"],
    [["heatmap"], "error: campaignos has no heatmap data"],
  ];
  it.each(cases)("%j", async (args, message) => {
    const before = sandbox.requests.length;
    const run = await cli(args, { env });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(errorLines(run)[0]).toBe(message);
    expect(sandbox.requests.length).toBe(before);
  });

  it("--range and --days map to days= and period=", async () => {
    const before = sandbox.requests.length;
    await cli(["funnel", "--steps", "page_view,signup", "--range", "7d", "--json"], { env });
    await cli(["attribution", "--days", "45", "--json"], { env });
    await cli(["campaign", "cmp_1", "--range", "90d", "--json"], { env });
    const sent = sandbox.requests.slice(before).map((r) => r.query);
    expect(sent).toEqual([{ steps: "page_view,signup", days: "7" }, { days: "45" }, { period: "90d" }]);
  });
});

describe("server errors", () => {
  it("an unknown campaign is exit 4 with the server's message; an unknown event type exit 1 with it", async () => {
    const missing = await cli(["campaign", "cmp_999"], { env });
    expect(missing.exitCode).toBe(4);
    expect(errorLines(missing)).toEqual(["error: Campaign not found: cmp_999"]);
    const unknown = await cli(["funnel", "--steps", "page_view,teleport"], { env });
    expect(unknown.exitCode).toBe(1);
    expect(errorLines(unknown)[0]).toMatch(/^error: Unknown event type "teleport"; known types: page_view/);
  });

  it("a wrong session is exit 3 and the token is never printed", async () => {
    const run = await cli(["overview"], { env: { ...env, ANALYTICS_TOKEN: "cos_sess_wrong" } });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)[0]).toBe("error: Session required");
    expect(run.stderr).not.toContain("cos_sess_wrong");
  });
});

describe("local compare", () => {
  it("says the lookback its counts cover, never all time", async () => {
    const run = await cli(["compare", "cmp_1", "cmp_2", "--range", "7d"], { env: { ...env, NO_COLOR: "1" } });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("Comparing 2 campaigns · last 7 days");
    const json = JSON.parse((await cli(["compare", "cmp_1", "cmp_2", "--range", "7d", "--json"], { env })).stdout);
    expect(json.period).toBe("7d");
  });
});

describe("local export", () => {
  const exportArgs = ["export", "--campaign", "cmp_1", "--campaign", "cmp_2", "--range", "30d"];

  it("is byte-identical across two runs, refuses to overwrite without --force, streams with -o -", async () => {
    const dir = tempDir();
    const first = await cli([...exportArgs, "-o", join(dir, "a.csv")], { env });
    const second = await cli([...exportArgs, "-o", join(dir, "b.csv")], { env });
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect(first.stdout).toBe("");
    expect(readFileSync(join(dir, "a.csv"))).toEqual(readFileSync(join(dir, "b.csv")));
    const [header, row] = readFileSync(join(dir, "a.csv"), "utf8").split("\r\n");
    expect(header).toBe("campaign_id,campaign_name,period,messages_total,messages_sent,messages_delivered,messages_opened,messages_clicked,messages_bounced,messages_failed,open_rate,click_rate,bounce_rate");
    expect(row).toMatch(/^cmp_1,/);

    const refused = await cli([...exportArgs, "-o", join(dir, "a.csv")], { env });
    expect(refused.exitCode).toBe(2);
    expect(errorLines(refused)[0]).toMatch(/^error: .*exists/);
    const forced = await cli([...exportArgs, "-o", join(dir, "a.csv"), "--force"], { env });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(join(dir, "a.csv"))).toEqual(readFileSync(join(dir, "b.csv")));

    const streamed = await cli([...exportArgs, "--format", "json", "-o", "-"], { env });
    expect(streamed.exitCode).toBe(0);
    const records = JSON.parse(streamed.stdout) as Array<Record<string, unknown>>;
    expect(records.map((r) => r.campaign_id)).toEqual(["cmp_1", "cmp_2"]);
    expect(Object.keys(records[0] ?? {}).some((key) => key.startsWith("emails_"))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["a.csv", "b.csv"]);
  });

  it("leaves nothing at the target when a campaign or the session fails, and refuses what it cannot export", async () => {
    const dir = tempDir();
    const missing = await cli(["export", "--campaign", "cmp_1", "--campaign", "cmp_nope", "-o", join(dir, "x.csv")], { env });
    expect(missing.exitCode).toBe(4);
    const wrong = await cli([...exportArgs, "-o", join(dir, "y.csv")], { env: { ...env, ANALYTICS_TOKEN: "cos_sess_wrong" } });
    expect(wrong.exitCode).toBe(3);
    expect(readdirSync(dir)).toEqual([]);
    const mark = sandbox.requests.length;
    expect((await cli(["export", "-o", join(dir, "z.csv")], { env })).exitCode).toBe(2);
    expect((await cli([...exportArgs, "--time-series", "-o", join(dir, "z.csv")], { env })).exitCode).toBe(2);
    expect(sandbox.requests.length).toBe(mark);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("auth login --provider campaignos", () => {
  it("--with-token: the workspace is kept, one overview request verifies the session, auth status accepts it", async () => {
    const configDir = tempDir();
    const mark = sandbox.requests.length;
    const login = await cli(["auth", "login", "--provider", "campaignos", "--api-url", sandbox.url, "--workspace", sandbox.workspaceId, "--with-token"], {
      configDir,
      input: sandbox.credentials.campaignos.token,
    });
    expect(login.exitCode).toBe(0);
    expect(login.stdout).toBe("");
    expect(login.stderr).toContain(`Logged in to workspace ${sandbox.workspaceId}`);
    expect(login.stderr).not.toContain(sandbox.credentials.campaignos.token);
    const seen = sandbox.requests.slice(mark);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/workspaces/${sandbox.workspaceId}/analytics`]);
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${sandbox.credentials.campaignos.token}`);
    const saved = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8")).profiles.default;
    expect(saved).toMatchObject({ provider: "campaignos", apiUrl: sandbox.url, workspace: sandbox.workspaceId });
    const status = await cli(["auth", "status", "--json"], { configDir });
    expect(status.exitCode).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ provider: "campaignos", accepted: true, workspace: sandbox.workspaceId });
    const funnel = await cli(["funnel", "--steps", "page_view,signup", "--json"], { configDir });
    expect(funnel.exitCode).toBe(0);
  });

  it("a token that is not a session is refused (exit 3) and nothing is saved", async () => {
    const configDir = tempDir();
    const login = await cli(["auth", "login", "--provider", "campaignos", "--api-url", sandbox.url, "--workspace", sandbox.workspaceId, "--with-token"], {
      configDir,
      input: "cos_sess_not_it",
    });
    expect(login.exitCode).toBe(3);
    const [error, hint, ...rest] = errorLines(login);
    expect(error).toMatch(/^error: /);
    expect(hint).toMatch(/^hint: nothing was saved/);
    expect(rest).toEqual([]);
    expect(readdirSync(configDir).filter((name) => name === "config.json").map((name) => readFileSync(join(configDir, name), "utf8")).join("")).not.toContain("cos_sess_not_it");
  });
});
