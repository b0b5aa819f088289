import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS, dayNumber, dayStartMs } from "../../src/sandbox/calendar.js";
import { type RunningSandbox, createDataset, startSandbox, sumCounts } from "../../src/sandbox/index.js";
import { PINNED_NOW, getJson } from "./helpers.js";

let sandbox: RunningSandbox;
const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });
const abc = dataset.campaignById("cmp_abc123")!;

beforeAll(async () => {
  sandbox = await startSandbox({ now: PINNED_NOW });
});
afterAll(async () => {
  await sandbox.close();
});

const campaign = (id: string, query: Record<string, string> = {}) => getJson(sandbox, `/campaigns/${id}/analytics`, query);

/** Sums the series fields into the summary's names. */
function seriesTotals(series: Array<Record<string, number | string>>): Record<string, number> {
  const sum = (key: string): number => series.reduce((acc, point) => acc + Number(point[key]), 0);
  return {
    emails_sent: sum("sent"),
    emails_delivered: sum("delivered"),
    emails_opened: sum("opened"),
    emails_clicked: sum("clicked"),
    emails_replied: sum("replied"),
    emails_bounced: sum("bounced"),
    spam_complaints: sum("spam_complaints"),
  };
}

describe("GET …/campaigns/{id}/analytics", () => {
  it("answers the documented shape for the default 30d range", async () => {
    const { status, headers, body } = await campaign("cmp_abc123");
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(body.success).toBe(true);
    expect(Object.keys(body.data)).toEqual(["campaign_id", "campaign_name", "time_range", "summary", "rates", "time_series"]);
    expect(body.data.campaign_id).toBe("cmp_abc123");
    expect(body.data.campaign_name).toBe("Q4 Outreach Campaign");
    expect(body.data.time_range).toEqual({ start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z", period: "30d" });
    expect(Object.keys(body.data.summary)).toEqual([
      "emails_sent",
      "emails_delivered",
      "emails_bounced",
      "emails_opened",
      "emails_clicked",
      "emails_replied",
      "spam_complaints",
      "unsubscribes",
    ]);
    expect(Object.keys(body.data.rates).sort()).toEqual(
      ["bounce_rate", "click_rate", "click_to_open_rate", "delivery_rate", "open_rate", "reply_rate", "spam_rate", "unsubscribe_rate"].sort(),
    );
    expect(body.data.time_series).toHaveLength(31);
    expect(body.data.time_series[0].date).toBe("2025-10-27");
    expect(body.data.time_series.at(-1).date).toBe("2025-11-26");
    expect(Object.keys(body.data.time_series[0])).toEqual(["date", "sent", "delivered", "opened", "clicked", "replied", "bounced", "spam_complaints"]);
    expect(body.data.summary.emails_sent).toBeGreaterThan(0);
  });

  it("computes rates from the summary with the README denominators, 2 decimals", async () => {
    const { body } = await campaign("cmp_def456", { timeRange: "90d" });
    const s = body.data.summary;
    const pct = (n: number, d: number): number => Math.round((n * 10000) / d) / 100;
    expect(body.data.rates).toEqual({
      delivery_rate: pct(s.emails_delivered, s.emails_sent),
      open_rate: pct(s.emails_opened, s.emails_delivered),
      click_rate: pct(s.emails_clicked, s.emails_delivered),
      click_to_open_rate: pct(s.emails_clicked, s.emails_opened),
      reply_rate: pct(s.emails_replied, s.emails_delivered),
      bounce_rate: pct(s.emails_bounced, s.emails_sent),
      spam_rate: pct(s.spam_complaints, s.emails_sent),
      unsubscribe_rate: pct(s.unsubscribes, s.emails_sent),
    });
    for (const value of Object.values(body.data.rates) as number[]) expect(Math.round(value * 100)).toBe(value * 100);
  });

  it("matches the dataset day by day, and the summary equals the sum of the series", async () => {
    const { body } = await campaign("cmp_abc123", { timeRange: "7d" });
    const firstDay = dayNumber(Date.parse("2025-11-19T00:00:00Z"));
    body.data.time_series.forEach((point: { sent: number; opened: number }, i: number) => {
      const daily = dataset.dailyCounts(abc, firstDay + i);
      expect([point.sent, point.opened]).toEqual([daily.sent, daily.opened]);
    });
    expect(pick(body.data.summary)).toEqual(seriesTotals(body.data.time_series));
  });

  it("includes the whole end day for a date-only endDate (custom implied)", async () => {
    const { status, body } = await campaign("cmp_abc123", { startDate: "2025-11-03", endDate: "2025-11-05" });
    expect(status).toBe(200);
    expect(body.data.time_range).toEqual({ start: "2025-11-03T00:00:00Z", end: "2025-11-05T23:59:59Z", period: "custom" });
    expect(body.data.time_series.map((p: { date: string }) => p.date)).toEqual(["2025-11-03", "2025-11-04", "2025-11-05"]);
    const day = dayNumber(Date.parse("2025-11-05T00:00:00Z"));
    expect(body.data.time_series[2].sent).toBe(dataset.dailyCounts(abc, day).sent);
    expect(body.data.time_series[2].sent).toBeGreaterThan(0);
  });

  it("cuts days at custom date-time boundaries using hourly data", async () => {
    const { body } = await campaign("cmp_abc123", { timeRange: "custom", startDate: "2025-11-04T15:00:00Z", endDate: "2025-11-05T16:59:59Z" });
    const day = dayNumber(Date.parse("2025-11-04T00:00:00Z"));
    const first = sumCounts(dataset.hourlyCounts(abc, day).slice(15));
    const second = sumCounts(dataset.hourlyCounts(abc, day + 1).slice(0, 17));
    expect(body.data.time_series.map((p: { sent: number }) => p.sent)).toEqual([first.sent, second.sent]);
    expect(body.data.summary.emails_sent).toBe(first.sent + second.sent);
    expect(first.sent).toBeLessThan(dataset.dailyCounts(abc, day).sent);
    expect(dataset.sumRange(abc, dayStartMs(day) + 15 * HOUR_MS, dayStartMs(day + 1) + 17 * HOUR_MS - 1000).sent).toBe(first.sent + second.sent);
  });

  it("groups by ISO week (Monday labels) and month (1st labels); totals equal the sum of the series", async () => {
    const query = { startDate: "2025-09-10", endDate: "2025-11-26" }; // starts on a Wednesday, mid-month
    const daily = await campaign("cmp_ghi789", query);
    const weekly = await campaign("cmp_ghi789", { ...query, groupBy: "week" });
    const monthly = await campaign("cmp_ghi789", { ...query, groupBy: "month" });
    const weekLabels = weekly.body.data.time_series.map((p: { date: string }) => p.date);
    expect(weekLabels[0]).toBe("2025-09-08");
    for (const label of weekLabels) expect(new Date(`${label}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(weekLabels).toHaveLength(12);
    expect(monthly.body.data.time_series.map((p: { date: string }) => p.date)).toEqual(["2025-09-01", "2025-10-01", "2025-11-01"]);
    for (const result of [daily, weekly, monthly]) {
      expect(pick(result.body.data.summary)).toEqual(seriesTotals(result.body.data.time_series));
      expect(result.body.data.summary).toEqual(daily.body.data.summary);
    }
    // The first week bucket holds only the days inside the range (Wed 10th onwards).
    const firstWeekDays = daily.body.data.time_series.slice(0, 5).reduce((a: number, p: { sent: number }) => a + p.sent, 0);
    expect(weekly.body.data.time_series[0].sent).toBe(firstWeekDays);
  });

  it("returns zero-filled points for days without data", async () => {
    const { body } = await campaign("cmp_abc123", { startDate: "2024-01-01", endDate: "2024-01-03" });
    expect(body.data.time_series).toEqual(
      ["2024-01-01", "2024-01-02", "2024-01-03"].map((date) => ({ date, sent: 0, delivered: 0, opened: 0, clicked: 0, replied: 0, bounced: 0, spam_complaints: 0 })),
    );
    expect(body.data.rates.open_rate).toBe(0);
    const draft = dataset.campaigns.find((c) => c.status === "draft")!;
    const draftResult = await campaign(draft.id, { timeRange: "90d" });
    expect(draftResult.body.data.summary.emails_sent).toBe(0);
    expect(draftResult.body.data.time_series).toHaveLength(91);
  });

  it("answers CAMPAIGN_NOT_FOUND with 404 and the documented message", async () => {
    const { status, body } = await campaign("cmp_zzz999");
    expect(status).toBe(404);
    expect(body).toEqual({
      success: false,
      error: { code: "CAMPAIGN_NOT_FOUND", message: "Campaign with ID cmp_zzz999 not found in workspace ws_xyz789" },
    });
  });

  it("answers 400 for invalid parameters", async () => {
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ timeRange: "1y" }, "VALIDATION_ERROR", "timeRange"],
      [{ groupBy: "hour" }, "VALIDATION_ERROR", "day, week, month"],
      [{ timeRange: "7d", endDate: "2025-11-01" }, "VALIDATION_ERROR", "endDate"],
      [{ timeRange: "custom", startDate: "2025-11-01" }, "VALIDATION_ERROR", "endDate"],
      [{ startDate: "2025-13-01", endDate: "2025-11-01" }, "VALIDATION_ERROR", "startDate"],
      [{ startDate: "2025-11-10", endDate: "2025-11-01" }, "INVALID_TIME_RANGE", "Start date must be before end date"],
    ];
    for (const [query, code, text] of cases) {
      const { status, body } = await campaign("cmp_abc123", query);
      expect({ query, status, code: body.error.code }).toEqual({ query, status: 400, code });
      expect(body.success).toBe(false);
      expect(body.error.message).toContain(text);
    }
  });
});

describe("determinism over HTTP", () => {
  it("gives identical JSON for the same seed and now, different JSON for another seed", async () => {
    const twin = await startSandbox({ now: PINNED_NOW, seed: 42 });
    const other = await startSandbox({ now: PINNED_NOW, seed: 43 });
    try {
      const query = { timeRange: "90d", groupBy: "week" };
      const mine = await campaign("cmp_def456", query);
      const twins = await getJson(twin, "/campaigns/cmp_def456/analytics", query);
      const others = await getJson(other, "/campaigns/cmp_def456/analytics", query);
      expect(JSON.stringify(twins.body)).toBe(JSON.stringify(mine.body));
      expect(JSON.stringify(others.body)).not.toBe(JSON.stringify(mine.body));
      expect(twin.token).toBe(sandbox.token);
      expect(other.token).not.toBe(sandbox.token);
      expect(sandbox.token).toMatch(/^sbx_live_[0-9a-f]{32}$/);
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });
});

function pick(summary: Record<string, number>): Record<string, number> {
  const { emails_sent, emails_delivered, emails_opened, emails_clicked, emails_replied, emails_bounced, spam_complaints } = summary;
  return { emails_sent, emails_delivered, emails_opened, emails_clicked, emails_replied, emails_bounced, spam_complaints } as Record<string, number>;
}
