/**
 * POST …/analytics/compare over real HTTP (loopback, global fetch, never mocked).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_COMPARE_METRICS, RATE_METRICS } from "../../src/providers/vocabulary.js";
import { isoDate } from "../../src/sandbox/calendar.js";
import { type RunningSandbox, createDataset, startSandbox } from "../../src/sandbox/index.js";
import { RATE_COUNTS } from "../../src/sandbox/significance.js";
import fixture from "../fixtures/significance.json" with { type: "json" };
import { PINNED_NOW, type JsonResponse, apiUrl, authHeaders, getJson } from "./helpers.js";

let sandbox: RunningSandbox;
const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });

beforeAll(async () => {
  // Token buckets off: this file sends more than the 30 compare requests a minute allows.
  sandbox = await startSandbox({ now: PINNED_NOW, rateLimits: false });
});
afterAll(async () => {
  await sandbox.close();
});

async function compare(body: unknown, target: RunningSandbox = sandbox): Promise<JsonResponse> {
  const response = await fetch(apiUrl(target, "/analytics/compare"), {
    method: "POST",
    headers: { ...authHeaders(target), "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe("POST …/analytics/compare: the response", () => {
  it("answers the documented shape, in request order, with the default metrics", async () => {
    const { status, body } = await compare({ campaign_ids: ["cmp_ghi789", "cmp_abc123", "cmp_def456"], time_range: "30d" });
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(Object.keys(body.data)).toEqual(["comparison", "statistical_significance"]);
    expect(body.data.comparison.map((row: { campaign_id: string }) => row.campaign_id)).toEqual(["cmp_ghi789", "cmp_abc123", "cmp_def456"]);
    expect(body.data.comparison[1]).toMatchObject({ campaign_id: "cmp_abc123", campaign_name: "Q4 Outreach Campaign" });
    for (const row of body.data.comparison) {
      expect(Object.keys(row)).toEqual(["campaign_id", "campaign_name", "metrics"]);
      expect(Object.keys(row.metrics)).toEqual([...DEFAULT_COMPARE_METRICS]);
    }
    expect(body.data.statistical_significance.map((entry: { metric: string }) => entry.metric)).toEqual([...DEFAULT_COMPARE_METRICS]);
    for (const entry of body.data.statistical_significance) {
      expect(Object.keys(entry)).toEqual(["metric", "winner", "p_value", "is_significant"]);
      expect(entry.p_value).toBeGreaterThanOrEqual(0);
      expect(entry.p_value).toBeLessThanOrEqual(1);
      expect(entry.is_significant).toBe(entry.p_value < 0.05);
    }
  });

  it("defaults to 30d when time_range is absent", async () => {
    const implicit = await compare({ campaign_ids: ["cmp_abc123", "cmp_def456"] });
    const explicit = await compare({ campaign_ids: ["cmp_abc123", "cmp_def456"], time_range: "30d" });
    const week = await compare({ campaign_ids: ["cmp_abc123", "cmp_def456"], time_range: "7d" });
    expect(implicit.body.data).toEqual(explicit.body.data);
    expect(week.body.data).not.toEqual(explicit.body.data);
  });

  it("returns exactly the requested metrics, in the order asked", async () => {
    const { body } = await compare({ campaign_ids: ["cmp_abc123", "cmp_def456"], metrics: ["spam_rate", "click_to_open_rate"] });
    expect(Object.keys(body.data.comparison[0].metrics)).toEqual(["spam_rate", "click_to_open_rate"]);
    expect(body.data.statistical_significance.map((entry: { metric: string }) => entry.metric)).toEqual(["spam_rate", "click_to_open_rate"]);
  });

  const windows: Array<[string, Record<string, string>, Record<string, string>]> = [
    ["7d", { time_range: "7d" }, { timeRange: "7d" }],
    ["30d", { time_range: "30d" }, { timeRange: "30d" }],
    ["90d", { time_range: "90d" }, { timeRange: "90d" }],
    ["custom dates", { time_range: "custom", start_date: "2025-11-01", end_date: "2025-11-15" }, { timeRange: "custom", startDate: "2025-11-01", endDate: "2025-11-15" }],
    ["custom date-times", { start_date: "2025-11-03T09:00:00Z", end_date: "2025-11-04T17:30:00Z" }, { startDate: "2025-11-03T09:00:00Z", endDate: "2025-11-04T17:30:00Z" }],
  ];

  it.each(windows)("reports the campaign endpoint's rates for the same window (%s)", async (_name, bodyWindow, query) => {
    const ids = ["cmp_abc123", "cmp_def456", "cmp_ghi789", "cmp_8cugcy"];
    const { status, body } = await compare({ campaign_ids: ids, metrics: [...RATE_METRICS], ...bodyWindow });
    expect(status).toBe(200);
    for (const [index, id] of ids.entries()) {
      const single = await getJson(sandbox, `/campaigns/${id}/analytics`, query);
      expect(single.status).toBe(200);
      expect(body.data.comparison[index].metrics).toEqual(
        Object.fromEntries(RATE_METRICS.map((metric) => [metric, single.body.data.rates[metric]])),
      );
    }
  });
});

describe("POST …/analytics/compare: significance equals the SciPy reference", () => {
  it.each(fixture.dataset_cases.map((c) => [c.body.campaign_ids.length, c.body.time_range, c] as const))(
    "%i campaigns, %s",
    async (_n, _range, testCase) => {
      const { status, body } = await compare({ ...testCase.body, metrics: testCase.significance.map((s) => s.metric) });
      expect(status).toBe(200);
      const answered = body.data.statistical_significance as Array<{ metric: string; winner: string; p_value: number; is_significant: boolean }>;
      expect(answered.map((entry) => entry.metric)).toEqual(testCase.significance.map((s) => s.metric));
      for (const [index, reference] of testCase.significance.entries()) {
        const entry = answered[index]!;
        expect(Math.abs(entry.p_value - reference.p_value), reference.metric).toBeLessThanOrEqual(1e-6);
        expect(entry.winner, reference.metric).toBe(reference.winner);
        expect(entry.is_significant).toBe(reference.p_value < 0.05);
      }
    },
  );
});

/** A UTC day and two campaigns whose proportions for `metric` are exactly equal, not 0 or 1, with different trials. */
function findTie(): { day: number; metric: string; first: string; second: string } {
  for (let day = dataset.today - 1; day > dataset.today - 120; day--) {
    const rows = dataset.campaigns.map((campaign) => ({ id: campaign.id, counts: dataset.dailyCounts(campaign, day) }));
    for (const [metric, { successes, trials }] of Object.entries(RATE_COUNTS)) {
      for (const a of rows) {
        for (const b of rows) {
          const [sa, na, sb, nb] = [a.counts[successes], a.counts[trials], b.counts[successes], b.counts[trials]];
          if (a.id < b.id && na !== nb && sa > 0 && sa < na && sb > 0 && sa * nb === sb * na) return { day, metric, first: a.id, second: b.id };
        }
      }
    }
  }
  throw new Error("no exact tie in the demo dataset");
}

describe("POST …/analytics/compare: the winner", () => {
  it("goes to the campaign listed first when the underlying proportions tie exactly", async () => {
    const tie = findTie();
    const date = isoDate(tie.day);
    const window = { time_range: "custom", start_date: date, end_date: date, metrics: [tie.metric] };
    const forward = await compare({ campaign_ids: [tie.first, tie.second], ...window });
    const backward = await compare({ campaign_ids: [tie.second, tie.first], ...window });
    expect(forward.status).toBe(200);
    const [a, b] = forward.body.data.comparison;
    expect(a.metrics[tie.metric]).toBe(b.metrics[tie.metric]);
    expect(forward.body.data.statistical_significance[0]).toMatchObject({ metric: tie.metric, winner: tie.first, is_significant: false });
    expect(forward.body.data.statistical_significance[0].p_value).toBeCloseTo(1, 12);
    expect(backward.body.data.statistical_significance[0]).toMatchObject({ metric: tie.metric, winner: tie.second });
  });

  it("is the lowest rate for bounce, spam and unsubscribe rates", async () => {
    const { body } = await compare({ campaign_ids: ["cmp_abc123", "cmp_def456"], metrics: ["bounce_rate", "delivery_rate"] });
    const [abc, def] = body.data.comparison;
    expect(abc.metrics.bounce_rate).toBeLessThan(def.metrics.bounce_rate);
    expect(body.data.statistical_significance[0].winner).toBe("cmp_abc123");
    expect(body.data.statistical_significance[1].winner).toBe("cmp_abc123");
  });

  it("is never a campaign without sends; two campaigns without sends give p = 1, first listed wins", async () => {
    // cmp_maxia0 is a draft and cmp_0mmgol stopped sending more than 90 days before the pinned clock.
    const withData = await compare({ campaign_ids: ["cmp_maxia0", "cmp_abc123"], time_range: "90d", metrics: ["bounce_rate"] });
    expect(withData.body.data.comparison[0].metrics.bounce_rate).toBe(0);
    expect(withData.body.data.statistical_significance[0]).toEqual({ metric: "bounce_rate", winner: "cmp_abc123", p_value: 1, is_significant: false });
    const empty = await compare({ campaign_ids: ["cmp_0mmgol", "cmp_maxia0"], time_range: "90d" });
    for (const entry of empty.body.data.statistical_significance) {
      expect(entry).toMatchObject({ winner: "cmp_0mmgol", p_value: 1, is_significant: false });
    }
  });
});

describe("POST …/analytics/compare: validation", () => {
  const ids = ["cmp_abc123", "cmp_def456"];
  const cases: Array<[string, unknown, RegExp]> = [
    ["a body that is an array", [1, 2], /^Request body must be a JSON object$/],
    ["no campaign_ids", { time_range: "30d" }, /^campaign_ids is required: a list of 2 to 10 campaign ids$/],
    ["campaign_ids not an array", { campaign_ids: "cmp_abc123,cmp_def456" }, /^campaign_ids must be an array/],
    ["one campaign", { campaign_ids: ["cmp_abc123"] }, /^campaign_ids must list at least 2 campaigns \(got 1\)$/],
    ["no campaigns", { campaign_ids: [] }, /at least 2 campaigns \(got 0\)/],
    ["eleven campaigns", { campaign_ids: dataset.campaigns.slice(0, 11).map((c) => c.id) }, /^campaign_ids must list at most 10 campaigns \(got 11\)$/],
    ["a duplicate id", { campaign_ids: ["cmp_abc123", "cmp_def456", "cmp_abc123"] }, /^campaign_ids lists "cmp_abc123" more than once/],
    ["an id that is no string", { campaign_ids: ["cmp_abc123", 7] }, /^campaign_ids\[1\] must be a non-empty string$/],
    ["an unknown metric", { campaign_ids: ids, metrics: ["open_rate", "opens"] }, /^metrics\[1\] "opens" is not a comparable metric; valid metrics: open_rate, click_rate, reply_rate, delivery_rate, click_to_open_rate, bounce_rate, spam_rate, unsubscribe_rate$/],
    ["a metric that is no rate", { campaign_ids: ids, metrics: ["engagement_score"] }, /"engagement_score" is not a comparable metric/],
    ["an empty metrics list", { campaign_ids: ids, metrics: [] }, /^metrics must list at least one of: open_rate/],
    ["metrics not an array", { campaign_ids: ids, metrics: "open_rate" }, /^metrics must be an array/],
    ["a repeated metric", { campaign_ids: ids, metrics: ["open_rate", "open_rate"] }, /^metrics lists "open_rate" more than once$/],
    ["an unknown time_range", { campaign_ids: ids, time_range: "14d" }, /^time_range must be one of: 7d, 30d, 90d, custom \(got "14d"\)$/],
    ["custom without dates", { campaign_ids: ids, time_range: "custom" }, /^start_date is required when time_range=custom$/],
    ["custom without end_date", { campaign_ids: ids, time_range: "custom", start_date: "2025-11-01" }, /^end_date is required when time_range=custom$/],
    ["dates with 30d", { campaign_ids: ids, time_range: "30d", start_date: "2025-11-01", end_date: "2025-11-02" }, /^start_date and end_date can only be used with time_range=custom$/],
    ["an impossible date", { campaign_ids: ids, start_date: "2025-02-30", end_date: "2025-03-02" }, /^start_date must be an ISO 8601 date or date-time \(got "2025-02-30"\)$/],
    ["a date that is no string", { campaign_ids: ids, start_date: 20251101, end_date: "2025-11-02" }, /^start_date must be an ISO 8601 date or date-time string$/],
  ];

  it.each(cases)("%s → 400 VALIDATION_ERROR naming the problem", async (_name, body, message) => {
    const response = await compare(body);
    expect(response.status).toBe(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
    expect(response.body.error.message).toMatch(message);
  });

  it("a start after the end → 400 INVALID_TIME_RANGE", async () => {
    const response = await compare({ campaign_ids: ids, start_date: "2025-11-10", end_date: "2025-11-01" });
    expect(response.status).toBe(400);
    expect(response.body.error).toEqual({ code: "INVALID_TIME_RANGE", message: "Start date must be before end date" });
  });

  it("a body that is not JSON → 400", async () => {
    const response = await compare("{campaign_ids:");
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("an unknown campaign → 404 CAMPAIGN_NOT_FOUND naming the first unknown one", async () => {
    const response = await compare({ campaign_ids: ["cmp_abc123", "cmp_nope01", "cmp_nope02"] });
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({ code: "CAMPAIGN_NOT_FOUND", message: "Campaign with ID cmp_nope01 not found in workspace ws_xyz789" });
  });

  it("validates the whole body before looking campaigns up", async () => {
    const response = await compare({ campaign_ids: ["cmp_nope01", "cmp_abc123"], metrics: ["opens"] });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("VALIDATION_ERROR");
  });

  it("ignores fields it does not know", async () => {
    const response = await compare({ campaign_ids: ids, include_time_series: true });
    expect(response.status).toBe(200);
  });
});

describe("POST …/analytics/compare: transport", () => {
  it("is rate limited in its own class, 30 a minute", async () => {
    const limited = await startSandbox({ now: PINNED_NOW });
    try {
      const response = await compare({ campaign_ids: ["cmp_abc123", "cmp_def456"] }, limited);
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-limit")).toBe("30");
      expect(response.headers.get("ratelimit-remaining")).toBe("29");
    } finally {
      await limited.close();
    }
  });

  it("answers 405 with Allow: POST to a GET", async () => {
    const response = await getJson(sandbox, "/analytics/compare");
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("needs the token like every endpoint", async () => {
    const response = await fetch(apiUrl(sandbox, "/analytics/compare"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ campaign_ids: ["cmp_abc123", "cmp_def456"] }),
    });
    expect(response.status).toBe(401);
  });
});
