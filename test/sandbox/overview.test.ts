import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, createDataset, startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW, getJson } from "./helpers.js";

let sandbox: RunningSandbox;
const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });

beforeAll(async () => {
  sandbox = await startSandbox({ now: PINNED_NOW, rateLimits: false }); // this file sends ~80 campaign requests
});
afterAll(async () => {
  await sandbox.close();
});

const SUMMED = ["emails_sent", "emails_delivered", "emails_opened", "emails_clicked", "emails_replied"] as const;

describe("GET …/analytics/overview", () => {
  it("answers the documented shape with campaign counts", async () => {
    const { status, body } = await getJson(sandbox, "/analytics/overview");
    expect(status).toBe(200);
    expect(Object.keys(body.data)).toEqual(["workspace_id", "time_range", "summary", "rates", "top_campaigns"]);
    expect(body.data.workspace_id).toBe("ws_xyz789");
    expect(body.data.time_range).toEqual({ start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "30d" });
    expect(Object.keys(body.data.summary)).toEqual(["total_campaigns", "active_campaigns", ...SUMMED]);
    expect(body.data.summary.total_campaigns).toBe(15);
    expect(body.data.summary.active_campaigns).toBe(dataset.campaigns.filter((c) => c.status === "active").length);
    expect(body.data.summary.active_campaigns).toBe(8);
    expect(Object.keys(body.data.rates)).toEqual(["delivery_rate", "open_rate", "click_rate", "reply_rate"]);
  });

  const queries: Array<Record<string, string>> = [{}, { timeRange: "7d" }, { timeRange: "90d" }, { startDate: "2025-09-15T13:00:00Z", endDate: "2025-10-02" }];
  for (const query of queries) {
    it(`totals equal the sum of every campaign's summary (${JSON.stringify(query)})`, async () => {
      const overview = await getJson(sandbox, "/analytics/overview", query);
      expect(overview.status).toBe(200);
      const sums = Object.fromEntries(SUMMED.map((key) => [key, 0])) as Record<(typeof SUMMED)[number], number>;
      for (const campaign of dataset.campaigns) {
        const { body } = await getJson(sandbox, `/campaigns/${campaign.id}/analytics`, query);
        for (const key of SUMMED) sums[key] += body.data.summary[key];
      }
      expect(sums.emails_sent).toBeGreaterThan(0);
      for (const key of SUMMED) expect({ key, value: overview.body.data.summary[key] }).toEqual({ key, value: sums[key] });
      const s = overview.body.data.summary;
      expect(overview.body.data.rates.open_rate).toBe(Math.round((s.emails_opened * 10000) / s.emails_delivered) / 100);
      expect(overview.body.data.rates.delivery_rate).toBe(Math.round((s.emails_delivered * 10000) / s.emails_sent) / 100);
    });
  }

  it("ranks up to 5 top campaigns with sends by reply_rate, then open_rate", async () => {
    const { body } = await getJson(sandbox, "/analytics/overview", { timeRange: "90d" });
    const top = body.data.top_campaigns as Array<{ campaign_id: string; campaign_name: string; open_rate: number; reply_rate: number }>;
    expect(top).toHaveLength(5);
    for (const entry of top) expect(Object.keys(entry)).toEqual(["campaign_id", "campaign_name", "open_rate", "reply_rate"]);
    for (let i = 1; i < top.length; i++) {
      const [prev, next] = [top[i - 1]!, top[i]!];
      expect(prev.reply_rate > next.reply_rate || (prev.reply_rate === next.reply_rate && prev.open_rate >= next.open_rate)).toBe(true);
    }
    // No campaign left out has a better reply rate than the last one listed.
    const listed = new Set(top.map((t) => t.campaign_id));
    for (const campaign of dataset.campaigns.filter((c) => !listed.has(c.id))) {
      const { body: c } = await getJson(sandbox, `/campaigns/${campaign.id}/analytics`, { timeRange: "90d" });
      expect(c.data.rates.reply_rate).toBeLessThanOrEqual(top.at(-1)!.reply_rate);
    }
  });

  it("lists only campaigns that sent in the range", async () => {
    const { body } = await getJson(sandbox, "/analytics/overview", { startDate: "2024-01-01", endDate: "2024-01-31" });
    expect(body.data.summary.emails_sent).toBe(0);
    expect(body.data.top_campaigns).toEqual([]);
    expect(body.data.rates).toEqual({ delivery_rate: 0, open_rate: 0, click_rate: 0, reply_rate: 0 });
    expect(body.data.summary.total_campaigns).toBe(15);
  });

  it("validates its time range like the campaign endpoint", async () => {
    const bad = await getJson(sandbox, "/analytics/overview", { startDate: "2025-11-02", endDate: "2025-11-01" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID_TIME_RANGE");
    const badRange = await getJson(sandbox, "/analytics/overview", { timeRange: "3d" });
    expect(badRange.body.error).toMatchObject({ code: "VALIDATION_ERROR" });
  });
});
