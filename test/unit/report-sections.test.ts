/**
 * The report is built over the provider seam: each provider gets the sections its capabilities
 * declare, and a "not available from this provider" line for the others. The providers here are
 * small in-memory AnalyticsProvider objects (no HTTP is involved at this layer).
 */
import { describe, expect, it } from "vitest";
import type { AnalyticsProvider } from "../../src/providers/provider.js";
import { gatherReport, limiter, previousWindow } from "../../src/report/gather.js";
import { buildHtml } from "../../src/report/html.js";
import { buildMarkdown } from "../../src/report/markdown.js";
import { NOT_AVAILABLE } from "../../src/report/model.js";

const campaign = (id: string) => ({
  campaign_id: id,
  campaign_name: `Campaign ${id}`,
  time_range: { start: "2025-11-20T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "7d" },
  summary: { emails_sent: 100, emails_delivered: 98, emails_bounced: 2, emails_opened: 40, emails_clicked: 5, emails_replied: 4, spam_complaints: 0, unsubscribes: 0 },
  rates: { delivery_rate: 98, open_rate: 40.82, click_rate: 5.1, click_to_open_rate: 12.5, reply_rate: 4.08, bounce_rate: 2, spam_rate: 0, unsubscribe_rate: 0 },
  time_series: [
    { date: "2025-11-25", sent: 60, delivered: 59, opened: 20, clicked: 2, replied: 2 },
    { date: "2025-11-26", sent: 40, delivered: 39, opened: 20, clicked: 3, replied: 2 },
  ],
});

/** A SendKit-like provider: campaigns and (local) compare only. */
const campaignOnly: AnalyticsProvider = {
  campaign: async (q) => campaign(q.campaignId),
  compare: async (q) => ({
    comparison: q.campaignIds.map((id) => ({ campaign_id: id, campaign_name: `Campaign ${id}`, metrics: { reply_rate: 4.08 } })),
    statistical_significance: [{ metric: "reply_rate", winner: "", p_value: 1, is_significant: false }],
  }),
  raw: async () => ({}),
  close: async () => {},
};

const base = { workspace: undefined, window: { timeRange: "7d" }, generatedAt: new Date("2025-11-26T12:00:00Z"), allowPartial: false } as const;

describe("report sections per provider", () => {
  it("sendkit: compare and the campaigns' series; the rest not available", async () => {
    const data = await gatherReport({ ...base, api: campaignOnly, provider: "sendkit", campaignIds: ["cmp_a", "cmp_b"] });
    expect(data.compare.state).toBe("ok");
    expect(data.timeline.state).toBe("ok");
    for (const id of ["kpis", "top", "deliverability", "heatmap"] as const) expect(data[id]).toEqual({ state: "unavailable", reason: NOT_AVAILABLE });
    const html = buildHtml(data, {}, ["#000"]);
    expect(html).toContain('<section id="deliverability" data-state="unavailable">');
    expect(html).toContain("Deliverability: not available from this provider.");
    expect(html).toContain("Key figures: not available from this provider.");
    const md = buildMarkdown(data);
    expect(md).toContain("_Send-time heatmap: not available from this provider._");
    expect(md).toContain("no winner: not significant (p = 1.0000)");
    expect(md).toContain("Still arriving (partial): 2025-11-26.");
  });

  it("coldsend: KPIs, the workspace timeline, top campaigns and compare; no deliverability or heatmap", async () => {
    const overview = (range: { start: string; end: string }) => ({
      workspace_id: "ws_cold",
      time_range: { ...range, period: "custom" },
      summary: { total_campaigns: 2, active_campaigns: 1, emails_sent: 200, emails_delivered: 196, emails_opened: 80, emails_clicked: 0, emails_replied: 8 },
      rates: { delivery_rate: 98, open_rate: 40, click_rate: 0, reply_rate: 4 },
      top_campaigns: [
        { campaign_id: "cmp_a", campaign_name: "A", open_rate: 41, reply_rate: 5 },
        { campaign_id: "cmp_b", campaign_name: "B", open_rate: 39, reply_rate: 3 },
      ],
    });
    const windows: unknown[] = [];
    let campaignCalls = 0;
    const coldsend: AnalyticsProvider = {
      ...campaignOnly,
      campaign: async (q) => (campaignCalls++, campaign(q.campaignId)),
      overview: async (w) => (windows.push(w), overview("startDate" in w ? { start: w.startDate, end: w.endDate } : { start: "2025-11-19T00:00:00Z", end: "2025-11-26T23:59:59Z" })),
      timeline: async () => ({
        provider: "coldsend",
        time_range: { start: "2025-11-19", end: "2025-11-26" },
        time_series: [
          { date: "2025-11-25", sent: 120, opened: 50, replied: 5, reply_rate: 4.17 },
          { date: "2025-11-26", sent: 80, opened: 30, replied: 3, reply_rate: 3.75 },
        ],
      }),
    };
    const data = await gatherReport({ ...base, api: coldsend, provider: "coldsend", campaignIds: [] });
    expect(windows).toEqual([{ timeRange: "7d" }, { timeRange: "custom", startDate: "2025-11-11T00:00:00Z", endDate: "2025-11-18T23:59:59Z" }]);
    expect(campaignCalls).toBe(0);
    expect(data.workspace).toBe("ws_cold");
    expect(data.timeline).toMatchObject({ state: "ok", data: { source: "the workspace's daily series", metrics: ["sent", "opened", "replied"], partialDays: ["2025-11-26"] } });
    expect(data.top.state).toBe("ok");
    expect(data.compare.state).toBe("ok");
    expect(data.deliverability).toEqual({ state: "unavailable", reason: NOT_AVAILABLE });
    expect(data.heatmap).toEqual({ state: "unavailable", reason: NOT_AVAILABLE });
    expect(buildHtml(data, {}, ["#000"])).toContain("ColdSend public API (coldsend)");
  });

  it("sendkit without --campaign says how to get a comparison, and fetches nothing", async () => {
    let calls = 0;
    const counting: AnalyticsProvider = { ...campaignOnly, campaign: async (q) => (calls++, campaign(q.campaignId)) };
    const data = await gatherReport({ ...base, api: counting, provider: "sendkit", campaignIds: [] });
    expect(calls).toBe(0);
    expect(data.compare).toEqual({ state: "unavailable", reason: "choose two or more campaigns with --campaign" });
    expect(buildMarkdown(data)).toContain("_Compare: choose two or more campaigns with --campaign._");
  });

  it("a failing section throws, unless partial reports are allowed", async () => {
    const failing: AnalyticsProvider = { ...campaignOnly, compare: async () => Promise.reject(new Error("boom")) };
    await expect(gatherReport({ ...base, api: failing, provider: "sendkit", campaignIds: ["cmp_a", "cmp_b"] })).rejects.toThrow("boom");
    const data = await gatherReport({ ...base, api: failing, provider: "sendkit", campaignIds: ["cmp_a", "cmp_b"], allowPartial: true });
    expect(data.compare).toEqual({ state: "missing", error: "boom" });
    expect(data.timeline.state).toBe("ok");
  });
});

describe("report helpers", () => {
  it("the previous period has the same length and ends just before", () => {
    expect(previousWindow({ start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z" })).toEqual({
      timeRange: "custom",
      startDate: "2025-09-26T00:00:00Z",
      endDate: "2025-10-26T23:59:59Z",
    });
  });

  it("the limiter never runs more than its limit at once", async () => {
    const limit = limiter(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limit(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
