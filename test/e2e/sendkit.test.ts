/**
 * SendKit end to end (built CLI against the sandbox, and purpose-built servers for what the
 * sandbox cannot produce): the campaign view at 40/80/120 columns, --json against schema/, --csv,
 * compare, the capability refusals, both credential headers and only to the API origin, the three
 * reply figures, malformed steps, the key hints, and auth login's verification.
 */
import { type IncomingHttpHeaders, createServer, type Server } from "node:http";
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
        expect(lines[1]).toMatch(/^status active, started 2025-\d\d-\d\d/);
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

describe("verify(), the check auth login --provider sendkit runs", () => {
  async function verifyWith(key: string): Promise<unknown> {
    const [{ HttpClient }, module] = await Promise.all([import("../../src/http/client.js"), import("../../src/providers/sendkit/index.js")]);
    const connection = { provider: "sendkit" as const, apiUrl: sandbox.url, token: key, tokenSource: "config" as const, profile: "default" };
    const http = new HttpClient({ origin: sandbox.url, basePath: module.basePath(), credentialHeaders: module.credentialHeaders(connection), secrets: [key], timeoutMs: 5000, userAgent: "test" });
    const api = module.createProvider(http, { authHint: "run `analytics auth login`" }, connection);
    try {
      return await api.verify();
    } catch (error) {
      return error;
    } finally {
      await api.close();
    }
  }

  it("asks for a campaign that cannot exist, once: the sandbox's 404 means the key was accepted", async () => {
    const before = sandbox.requests.length;
    expect(await verifyWith(sandbox.credentials.sendkit.token)).toBeUndefined();
    expect(sandbox.requests.slice(before).map((r) => [r.path, r.status])).toEqual([["/v1/campaigns/000000000000000000000000/analytics", 404]]);
  });

  it("a platform key (403) and an unknown key (401) are auth errors (exit 3) with a hint naming the key to use", async () => {
    const platform = (await verifyWith(sandbox.extraKeys.sendkitUser)) as { exitCode: number; hint: string };
    expect([platform.exitCode, platform.hint]).toEqual([3, "a platform key (sk_user_…) names no workspace, and this endpoint takes none: use the workspace's API key (sk_…)"]);
    const unknown = (await verifyWith("sk_0000")) as { exitCode: number; hint: string };
    expect([unknown.exitCode, unknown.hint]).toEqual([3, "run `analytics auth login`"]);
  });
});
