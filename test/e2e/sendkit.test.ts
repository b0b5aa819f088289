/**
 * SendKit end to end (built CLI against the sandbox, and purpose-built servers for what the
 * sandbox cannot produce): the campaign view at 40/80/120 columns, --json against schema/, --csv,
 * compare, the capability refusals, both credential headers and only to the API origin, the three
 * reply figures, malformed steps, the key hints, auth login's verification, the time flags and
 * local export.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, createServer, type Server } from "node:http";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/index.js";
import { expectJsonOutput } from "../schema.js";
import { ANSI, cli, errorLines, providerEnv, startTestSandbox, tempDir } from "./helpers.js";

const DOC_ID = "665a1b2c3d4e5f6a7b8c9d0e";
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());
const env = (): Record<string, string> => providerEnv(sandbox, "sendkit");

describe("campaign <id>", () => {
  it("at 40, 80 and 120 columns, with and without colour: funnel, Steps with the A/B verdicts, Lead status, within the width", async () => {
    for (const columns of [40, 80, 120]) {
      for (const colour of [false, true]) {
        const run = await cli(["campaign", DOC_ID], { env: { ...env(), COLUMNS: String(columns), ...(colour ? { FORCE_COLOR: "1" } : {}) } });
        expect(run.exitCode, run.stderr).toBe(0);
        expect(run.stderr).toBe("");
        expect(ANSI.test(run.stdout)).toBe(colour);
        // eslint-disable-next-line no-control-regex
        const lines = run.stdout.replace(/\u001b\[[0-9;]*m/g, "").split("\n");
        for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
        expect(lines[0]).toMatch(/^Q1 Outreach/);
        if (columns >= 80) expect(lines[1]).toMatch(/^All time, as sendkit reports it, status active, started 2025-\d\d-\d\d$/);
        for (const heading of ["Steps (rates of each", "Step 0 A/B test (z-test", "Lead status (shares of"]) {
          expect(lines.some((line) => line.startsWith(heading)), heading).toBe(true);
        }
        expect(lines.some((line) => /no step 1$/.test(line))).toBe(true);
        expect(lines.some((line) => /Spam/.test(line))).toBe(false);
      }
    }
  });

  it("--json conforms to schema/campaign.schema.json: the common shape plus steps, lead_status, provider and rate_basis", async () => {
    const run = await cli(["campaign", DOC_ID, "--json"], { env: env() });
    expect(run.exitCode).toBe(0);
    const data = expectJsonOutput("campaign", run.stdout);
    expect(data.provider).toBe("sendkit");
    expect(data.rate_basis.open_rate).toBe("delivered");
    expect(data.step_rate_basis).toEqual({ open_rate: "sent", click_rate: "sent", bounce_rate: "sent" });
    expect(data.steps.map((step: any) => step.step)).toEqual([0, 2]);
    expect(data.steps[0].variants.map((v: any) => v.variant)).toEqual(["A", "B"]);
    expect(data.steps[0].significance.map((s: any) => s.test)).toEqual(["two_proportion_z", "two_proportion_z", "two_proportion_z"]);
    expect(Object.keys(data.lead_status)).toEqual(["active", "completed", "bounced", "unsubscribed", "replied", "removed"]);
    expect(data).not.toHaveProperty("time_series");
    expect(data.summary).not.toHaveProperty("spam_complaints");
  });

  it("--csv prints the step table, one row per step and per variant", async () => {
    const run = await cli(["campaign", DOC_ID, "--csv"], { env: env() });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe("step,variant,sent,opened,clicked,bounced,open_rate,click_rate,bounce_rate");
    expect(lines.slice(1).map((line) => line.split(",").slice(0, 2).join(","))).toEqual(["0,", "0,A", "0,B", "2,"]);
  });

  it("a platform key (sk_user_…) refused with 403: exit 3 with a hint naming the workspace key", async () => {
    const run = await cli(["campaign", DOC_ID], { env: { ...env(), ANALYTICS_TOKEN: sandbox.extraKeys.sendkitUser } });
    expect(run.exitCode).toBe(3);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(/^error: FORBIDDEN: Platform API keys/),
      "hint: a platform key (sk_user_…) names no workspace, and this endpoint takes none: use the workspace's API key (sk_…)",
    ]);
    expect(run.stderr).not.toContain(sandbox.extraKeys.sendkitUser);
    const wrong = await cli(["campaign", DOC_ID], { env: { ...env(), ANALYTICS_TOKEN: "cs_live_notakey" } });
    expect(wrong.exitCode).toBe(3);
    expect(errorLines(wrong)[1]).toBe("hint: SendKit keys start with sk_ (workspace key) or sk_user_ (platform key); use the workspace's API key (sk_…)");
  });
});

describe("compare (local)", () => {
  it("one request per campaign, the common compare shape with provider and rate_basis", async () => {
    const ids = [DOC_ID, "cfbe56843b8a982d1e2866c8", "963f352dab43f164ae42f9da"];
    const before = sandbox.requests.length;
    const run = await cli(["compare", ...ids, "--json"], { env: env() });
    expect(run.exitCode, run.stderr).toBe(0);
    const data = expectJsonOutput("compare", run.stdout);
    expect(data.provider).toBe("sendkit");
    expect(data.comparison.map((row: any) => row.campaign_id)).toEqual(ids);
    expect(data.statistical_significance[0].test).toBe("chi_square");
    const paths = sandbox.requests.slice(before).map((r) => r.path).sort();
    expect(paths).toEqual(ids.map((id) => `/v1/campaigns/${id}/analytics`).sort());
  });
});

describe("commands SendKit cannot serve", () => {
  const cases: Array<[string[], string]> = [
    [["overview"], "workspace overview"],
    [["deliverability"], "deliverability data"],
    [["heatmap"], "heatmap data"],
    [["exports", "status", "exp_1"], "server-side exports"],
  ];
  for (const [args, noun] of cases) {
    it(`${args.join(" ")}: exit 2 before any request`, async () => {
      const before = sandbox.requests.length;
      const run = await cli(args, { env: env() });
      expect(run.exitCode).toBe(2);
      expect(errorLines(run)[0]).toBe(`error: sendkit has no ${noun}`);
      expect(errorLines(run)[1]).toMatch(/^hint: \S+ works with: /);
      expect(sandbox.requests.length).toBe(before);
    });
  }
});

interface Recorded {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A server that records each request and answers with `answer(path)`. */
async function recordingServer(answer: (path: string) => { status: number; body?: unknown; headers?: Record<string, string> }): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? "", headers: req.headers });
    const { status, body, headers } = answer(req.url ?? "");
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const KEY = "sk_test_0123456789abcdef";
function analytics(overrides: Record<string, unknown> = {}) {
  return {
    success: true,
    data: {
      campaign: { id: DOC_ID, name: "Q1 Outreach Campaign", status: "active", startedAt: "2025-06-15T09:00:00.000Z" },
      stats: { sent: 150, delivered: 145, opened: 72, clicked: 18, replied: 12, bounced: 5, unsubscribed: 2 },
      stepAnalytics: [
        { _id: { sequenceStep: 0, variant: null }, sent: 100, opened: 50, clicked: 12, bounced: 3 },
        { _id: { sequenceStep: 2, variant: null }, sent: 50, opened: 22, clicked: 6, bounced: 2 },
      ],
      statusBreakdown: { active: 350, completed: 100, bounced: 5, unsubscribed: 2, replied: 12, removed: 31 },
      totalReplied: 12,
      ...overrides,
    },
  };
}
const runAgainst = (url: string, args: string[]) => cli(args, { env: { ANALYTICS_PROVIDER: "sendkit", ANALYTICS_API_URL: url, ANALYTICS_TOKEN: KEY } });

describe("against a purpose-built SendKit server", () => {
  it("sends the key in both X-Api-Key and Authorization: Bearer, and never follows a redirect to another origin", async () => {
    const elsewhere = await recordingServer(() => ({ status: 200, body: analytics() }));
    const api = await recordingServer((path) => (path.includes("moved") ? { status: 302, headers: { location: `${elsewhere.url}/v1/campaigns/x/analytics` } } : { status: 200, body: analytics() }));
    try {
      const run = await runAgainst(api.url, ["campaign", DOC_ID, "--json"]);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(api.requests).toHaveLength(1);
      expect(api.requests[0]?.path).toBe(`/v1/campaigns/${DOC_ID}/analytics`);
      expect(api.requests[0]?.headers["x-api-key"]).toBe(KEY);
      expect(api.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      const moved = await runAgainst(api.url, ["campaign", "moved"]);
      expect(moved.exitCode).toBe(1);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await Promise.all([api.close(), elsewhere.close()]);
    }
  });

  it("warns on stderr when the three reply figures disagree, and still prints the data", async () => {
    const body = analytics({ totalReplied: 13, statusBreakdown: { active: 350, completed: 100, bounced: 5, unsubscribed: 2, replied: 11, removed: 31 } });
    const server = await recordingServer(() => ({ status: 200, body }));
    try {
      const run = await runAgainst(server.url, ["campaign", DOC_ID, "--json"]);
      expect(run.exitCode).toBe(0);
      expect(errorLines(run)).toEqual([
        "warning: SendKit's reply counts disagree (stats.replied 12, totalReplied 13, statusBreakdown.replied 11); the funnel uses stats.replied, lead status uses statusBreakdown.replied",
      ]);
      const data = JSON.parse(run.stdout);
      expect([data.summary.emails_replied, data.total_replied, data.lead_status.replied]).toEqual([12, 13, 11]);
      const agreeing = await recordingServer(() => ({ status: 200, body: analytics() }));
      const quiet = await runAgainst(agreeing.url, ["campaign", DOC_ID]);
      await agreeing.close();
      expect(quiet.stderr).toBe("");
    } finally {
      await server.close();
    }
  });

  it("two rows with the same step and variant: a malformed response, exit 1, nothing on stdout", async () => {
    const row = { _id: { sequenceStep: 1, variant: "A" }, sent: 10, opened: 5, clicked: 1, bounced: 0 };
    const server = await recordingServer(() => ({ status: 200, body: analytics({ stepAnalytics: [row, row] }) }));
    try {
      const run = await runAgainst(server.url, ["campaign", DOC_ID]);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe("");
      expect(errorLines(run)).toEqual([`error: malformed response to GET /v1/campaigns/${DOC_ID}/analytics: stepAnalytics has two rows for step 1 variant "A"`]);
    } finally {
      await server.close();
    }
  });
});

describe("auth login --provider sendkit (--with-token)", () => {
  const VERIFY_PATH = "/v1/campaigns/000000000000000000000000/analytics";
  const login = (configDir: string, key: string, extra: Record<string, string> = {}) =>
    cli(["auth", "login", "--provider", "sendkit", "--api-url", sandbox.url, "--with-token"], { configDir, input: `${key}\n`, env: extra });

  it("verifies the key with one request for a campaign that cannot exist (404 = accepted), asks no workspace, saves the provider", async () => {
    const configDir = tempDir();
    const before = sandbox.requests.length;
    // No TTY: a workspace prompt would fail; ANALYTICS_WORKSPACE is ignored for a provider without workspaces.
    const run = await login(configDir, sandbox.credentials.sendkit.token, { ANALYTICS_WORKSPACE: "ws_ignored" });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^✓ Logged in to SendKit campaign analytics at http:\/\/127\.0\.0\.1:\d+ \(provider sendkit, profile "default"\)/);
    expect(run.stderr).not.toContain(sandbox.credentials.sendkit.token);
    expect(sandbox.requests.slice(before).map((r) => [r.path, r.status])).toEqual([[VERIFY_PATH, 404]]);
    const saved = JSON.parse(readFileSync(join(configDir, "config.json"), "utf8")).profiles.default;
    expect(saved).toEqual({ provider: "sendkit", apiUrl: sandbox.url, token: sandbox.credentials.sendkit.token });
    const status = await cli(["auth", "status", "--json"], { configDir });
    expect(status.exitCode, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ provider: "sendkit", accepted: true, workspace: null });
    const view = await cli(["campaign", DOC_ID, "--json"], { configDir });
    expect(view.exitCode, view.stderr).toBe(0);
    expect(JSON.parse(view.stdout).provider).toBe("sendkit");
  });

  it("refuses a platform key (403), an unknown key (401) and a key that is not SendKit's: exit 3, nothing saved, the hint names the key to use", async () => {
    const cases: Array<[string, RegExp, string]> = [
      [sandbox.extraKeys.sendkitUser, /^error: FORBIDDEN: Platform API keys/, "hint: nothing was saved; a platform key (sk_user_…) names no workspace, and this endpoint takes none: use the workspace's API key (sk_…)"],
      ["sk_0000000000000000", /^error: UNAUTHORIZED: Invalid API key$/, "hint: nothing was saved; run `analytics auth login`"],
      ["cs_live_notakey", /^error: UNAUTHORIZED: Invalid API key$/, "hint: nothing was saved; SendKit keys start with sk_ (workspace key) or sk_user_ (platform key); use the workspace's API key (sk_…)"],
    ];
    for (const [key, error, hint] of cases) {
      const configDir = tempDir();
      const before = sandbox.requests.length;
      const run = await login(configDir, key);
      expect(run.exitCode, run.stderr).toBe(3);
      expect(run.stdout).toBe("");
      expect(errorLines(run)).toEqual([expect.stringMatching(error), hint]);
      expect(run.stderr).not.toContain(key);
      expect(sandbox.requests.slice(before).map((r) => r.path)).toEqual([VERIFY_PATH]);
      expect(existsSync(join(configDir, "config.json"))).toBe(false);
    }
  });

  it("--workspace with --provider sendkit is a usage error before any request", async () => {
    const before = sandbox.requests.length;
    const run = await cli(["auth", "login", "--provider", "sendkit", "--workspace", "ws_1", "--api-url", sandbox.url, "--with-token"], { input: `${sandbox.credentials.sendkit.token}\n` });
    expect(run.exitCode).toBe(2);
    expect(errorLines(run)[0]).toMatch(/^error: sendkit has no workspaces/);
    expect(sandbox.requests.length).toBe(before);
  });
});

describe("time flags: SendKit's counts cover the whole campaign, and the CLI says so", () => {
  it("campaign --range/--from/--to: the same data, a note on stderr naming the flag, the view says all time", async () => {
    const plain = await cli(["campaign", DOC_ID, "--json"], { env: env() });
    const ranged = await cli(["campaign", DOC_ID, "--json", "--from", "2025-11-01", "--to", "2025-11-07"], { env: env() });
    expect([plain.exitCode, ranged.exitCode]).toEqual([0, 0]);
    expect(ranged.stdout).toBe(plain.stdout);
    expect(plain.stderr).toBe("");
    expect(errorLines(ranged)).toEqual(["note: --from 2025-11-01 --to 2025-11-07 is not applied: the counts cover the whole campaign, as sendkit reports it"]);
    const table = await cli(["campaign", DOC_ID, "--range", "7d"], { env: env() });
    expect(table.exitCode).toBe(0);
    expect(errorLines(table)).toEqual(["note: --range 7d is not applied: the counts cover the whole campaign, as sendkit reports it"]);
    expect(table.stdout.split("\n")[1]).toMatch(/^All time, as sendkit reports it/);
    expect(table.stdout).not.toMatch(/last \d+ days/);
    expect((await cli(["campaign", DOC_ID, "--range", "7d", "-q"], { env: env() })).stderr).toBe("");
  });

  it("compare: the header says all time, never last 30 days; an explicit --range is noted", async () => {
    const ids = [DOC_ID, "cfbe56843b8a982d1e2866c8"];
    const plain = await cli(["compare", ...ids], { env: env() });
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.stdout.split("\n")[0]).toBe("Comparing 2 campaigns · all time, as sendkit reports it");
    expect(plain.stdout).not.toContain("last 30 days");
    expect(plain.stderr).toBe("");
    const ranged = await cli(["compare", ...ids, "--range", "90d"], { env: env() });
    expect(ranged.stdout).toBe(plain.stdout);
    expect(errorLines(ranged)).toEqual(["note: --range 90d is not applied: the counts cover the whole campaign, as sendkit reports it"]);
  });
});

describe("export (local): the stats and the step table", () => {
  const OTHER = "cfbe56843b8a982d1e2866c8";
  const exportArgs = (...rest: string[]) => ["export", "--campaign", DOC_ID, "--campaign", OTHER, ...rest];

  it("csv: a campaign row then its steps and variants, byte-identical across two runs, one request per campaign", async () => {
    const dir = tempDir();
    const before = sandbox.requests.length;
    const first = await cli(exportArgs("--format", "csv", "-o", join(dir, "a.csv")), { env: env() });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(sandbox.requests.slice(before).map((r) => r.path).sort()).toEqual([`/v1/campaigns/${DOC_ID}/analytics`, `/v1/campaigns/${OTHER}/analytics`].sort());
    expect(errorLines(first)).toEqual([expect.stringMatching(/^Saved .*a\.csv \(.+, \d+ rows, built locally\) in /)]);
    const second = await cli(exportArgs("--format", "csv", "-o", join(dir, "b.csv")), { env: env() });
    expect(second.exitCode).toBe(0);
    const bytes = readFileSync(join(dir, "a.csv"));
    expect(bytes.equals(readFileSync(join(dir, "b.csv")))).toBe(true);
    const lines = bytes.toString("utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "campaign_id,campaign_name,campaign_status,started_at,row,step,variant,emails_sent,emails_delivered,emails_opened,emails_clicked,emails_replied,emails_bounced,unsubscribes," +
        "delivery_rate,open_rate,click_rate,reply_rate,bounce_rate,unsubscribe_rate,open_rate_of_sent,click_rate_of_sent",
    );
    const kinds = lines.slice(1).map((line) => line.split(","));
    // The documented campaign: its stats row, step 0 with variants A and B, step 2 (the gap kept).
    const own = kinds.filter((cells) => cells[0] === DOC_ID).map((cells) => cells.slice(4, 7).join(","));
    expect(own).toEqual(["campaign,,", "step,0,", "variant,0,A", "variant,0,B", "step,2,"]);
    expect(kinds.findIndex((cells) => cells[0] === OTHER)).toBe(own.length);
  });

  it("json: the same records, absent cells absent, matching the campaign's --json counts", async () => {
    const run = await cli(exportArgs("--format", "json", "-o", "-"), { env: env() });
    expect(run.exitCode, run.stderr).toBe(0);
    const records = JSON.parse(run.stdout);
    const view = JSON.parse((await cli(["campaign", DOC_ID, "--json"], { env: env() })).stdout);
    expect(records[0]).toMatchObject({ campaign_id: DOC_ID, row: "campaign", emails_sent: view.summary.emails_sent, open_rate: view.rates.open_rate });
    expect(records[0]).not.toHaveProperty("step");
    const step0 = records.find((r: any) => r.campaign_id === DOC_ID && r.row === "step" && r.step === 0);
    expect(step0).toMatchObject({ emails_sent: view.steps[0].sent, open_rate_of_sent: view.steps[0].open_rate, bounce_rate: view.steps[0].bounce_rate });
    expect(step0).not.toHaveProperty("emails_delivered");
    expect(step0).not.toHaveProperty("open_rate");
    expect(errorLines(run)).toEqual([expect.stringMatching(/^Wrote .+ \(\d+ rows, built locally\) to stdout in /)]);
  });

  it("-o - writes the file's exact bytes to stdout; an existing target needs --force", async () => {
    const dir = tempDir();
    const target = join(dir, "out.csv");
    const file = await cli(exportArgs("-o", target), { env: env() });
    const piped = await cli(exportArgs("-o", "-"), { env: env() });
    expect([file.exitCode, piped.exitCode]).toEqual([0, 0]);
    expect(Buffer.from(piped.stdout).equals(readFileSync(target))).toBe(true);
    writeFileSync(target, "keep me");
    const before = sandbox.requests.length;
    const refused = await cli(exportArgs("-o", target), { env: env() });
    expect(refused.exitCode).toBe(2);
    expect(errorLines(refused)[0]).toMatch(/^error: .*exists/);
    expect(sandbox.requests.length).toBe(before);
    expect(readFileSync(target, "utf8")).toBe("keep me");
    const forced = await cli(exportArgs("-o", target, "--force"), { env: env() });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(Buffer.from(piped.stdout).equals(readFileSync(target))).toBe(true);
    expect(readdirSync(dir)).toEqual(["out.csv"]);
  });

  it("nothing partial: one campaign of two not found is exit 4 with no file, no temp file, nothing on stdout", async () => {
    const dir = tempDir();
    const missing = "0123456789abcdef01234567";
    const toFile = await cli(["export", "--campaign", DOC_ID, "--campaign", missing, "-o", join(dir, "x.csv")], { env: env() });
    expect(toFile.exitCode).toBe(4);
    expect(errorLines(toFile)[0]).toMatch(/^error: CAMPAIGN_NOT_FOUND: /);
    expect(readdirSync(dir)).toEqual([]);
    const toStdout = await cli(["export", "--campaign", DOC_ID, "--campaign", missing, "-o", "-"], { env: env() });
    expect(toStdout.exitCode).toBe(4);
    expect(toStdout.stdout).toBe("");
  });

  it("refused before any request: no --campaign (SendKit cannot list), --time-series, a repeated id, --no-wait; --range is noted", async () => {
    const dir = tempDir();
    const target = join(dir, "x.csv");
    const cases: Array<[string[], RegExp]> = [
      [["export", "-o", target], /^error: sendkit cannot list a workspace's campaigns: name the campaigns to export$/],
      [["export", "--campaign", DOC_ID, "--time-series", "-o", target], /^error: sendkit has no time series to export/],
      [["export", "--campaign", DOC_ID, "--campaign", DOC_ID, "-o", target], /^error: --campaign 665a1b2c3d4e5f6a7b8c9d0e is given more than once$/],
      [["export", "--campaign", DOC_ID, "--no-wait"], /^error: sendkit has no server-side exports/],
    ];
    for (const [args, error] of cases) {
      const before = sandbox.requests.length;
      const run = await cli(args, { env: env() });
      expect(run.exitCode, args.join(" ")).toBe(2);
      expect(errorLines(run)[0]).toMatch(error);
      expect(sandbox.requests.length).toBe(before);
      expect(readdirSync(dir)).toEqual([]);
    }
    const ranged = await cli(["export", "--campaign", DOC_ID, "--range", "7d", "-o", "-"], { env: env() });
    const plain = await cli(["export", "--campaign", DOC_ID, "-o", "-"], { env: env() });
    expect([ranged.exitCode, plain.exitCode]).toEqual([0, 0]);
    expect(ranged.stdout).toBe(plain.stdout);
    expect(errorLines(ranged)[0]).toBe("note: --range 7d is not applied: the counts cover the whole campaign, as sendkit reports it");
  });
});
