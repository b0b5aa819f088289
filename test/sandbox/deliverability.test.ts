import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, createDataset, startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW, getJson } from "./helpers.js";

let sandbox: RunningSandbox;
let seed43: RunningSandbox;
const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });

beforeAll(async () => {
  // Deliverability allows 30 requests a minute: this file sends more.
  [sandbox, seed43] = await Promise.all([startSandbox({ now: PINNED_NOW, rateLimits: false }), startSandbox({ now: PINNED_NOW, seed: 43, rateLimits: false })]);
});
afterAll(async () => {
  await Promise.all([sandbox.close(), seed43.close()]);
});

const deliverability = (query: Record<string, string> = {}, target = sandbox) => getJson(target, "/analytics/deliverability", query);

/** `numerator / denominator × 100`, 2 decimals (the API's rate rounding), computed independently. */
const pct = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : Math.round((numerator / denominator) * 10000) / 100);

/** The documented health formula, recomputed from a response body. */
function expectedHealth(data: any): number {
  const b = data.bounce_analysis;
  const raw = 100 - 6 * b.hard_bounce_rate - 2 * b.soft_bounce_rate - 40 * data.overall.spam_rate - (data.blacklist_status.any_ip_blacklisted ? 15 : 0);
  return Math.min(100, Math.max(0, Math.round(raw + 1e-9)));
}

/** Summary counts of several campaigns from the campaign endpoint. */
async function campaignTotals(ids: string[], timeRange: string) {
  const totals = { sent: 0, bounced: 0, spam: 0 };
  for (const id of ids) {
    const { body } = await getJson(sandbox, `/campaigns/${id}/analytics`, { timeRange });
    totals.sent += body.data.summary.emails_sent;
    totals.bounced += body.data.summary.emails_bounced;
    totals.spam += body.data.summary.spam_complaints;
  }
  return totals;
}

describe("GET …/analytics/deliverability", () => {
  it("answers the documented shape for the default 30d range (time_range without period)", async () => {
    const { status, body } = await deliverability();
    expect(status).toBe(200);
    expect(Object.keys(body.data)).toEqual(["workspace_id", "time_range", "overall", "bounce_analysis", "reputation_trend", "blacklist_status"]);
    expect(body.data.time_range).toEqual({ start: "2025-10-27T00:00:00Z", end: "2025-11-26T23:59:59Z" });
    expect(Object.keys(body.data.overall)).toEqual(["estimated_inbox_placement_rate", "spam_rate", "bounce_rate", "health_score"]);
    expect(Object.keys(body.data.bounce_analysis)).toEqual(["hard_bounces", "soft_bounces", "hard_bounce_rate", "soft_bounce_rate", "top_bounce_reasons"]);
    expect(Object.keys(body.data.blacklist_status)).toEqual(["any_ip_blacklisted", "ips_checked", "last_check"]);
  });

  for (const timeRange of ["7d", "30d", "90d"]) {
    it(`computes placement, spam and bounce rates from the same counts as the campaign endpoint (${timeRange})`, async () => {
      const all = await campaignTotals(dataset.campaigns.map((c) => c.id), timeRange);
      const { body } = await deliverability({ timeRange });
      const o = body.data.overall;
      expect(all.sent).toBeGreaterThan(0);
      expect(o.estimated_inbox_placement_rate).toBe(pct(all.sent - all.bounced - all.spam, all.sent));
      expect(o.bounce_rate).toBe(pct(all.bounced, all.sent));
      expect(o.spam_rate).toBe(pct(all.spam, all.sent));
      const b = body.data.bounce_analysis;
      expect(b.hard_bounces + b.soft_bounces).toBe(all.bounced);
      expect(b.hard_bounce_rate).toBe(pct(b.hard_bounces, all.sent));
      expect(b.soft_bounce_rate).toBe(pct(b.soft_bounces, all.sent));
    });
  }

  it("filters by campaign and by domain", async () => {
    const single = await campaignTotals(["cmp_abc123"], "30d");
    const { body: one } = await deliverability({ campaignId: "cmp_abc123" });
    expect(one.data.bounce_analysis.hard_bounces + one.data.bounce_analysis.soft_bounces).toBe(single.bounced);
    expect(one.data.overall.estimated_inbox_placement_rate).toBe(pct(single.sent - single.bounced - single.spam, single.sent));

    for (const domain of dataset.domains) {
      const ids = dataset.campaigns.filter((c) => c.domainId === domain.id).map((c) => c.id);
      const totals = await campaignTotals(ids, "90d");
      const { body } = await deliverability({ domainId: domain.id, timeRange: "90d" });
      expect(body.data.overall.bounce_rate).toBe(pct(totals.bounced, totals.sent));
      expect(body.data.overall.estimated_inbox_placement_rate).toBe(pct(totals.sent - totals.bounced - totals.spam, totals.sent));
    }
  });

  it("applies both filters together: a campaign on another domain has no sends", async () => {
    const abc = dataset.campaignById("cmp_abc123")!;
    const other = dataset.domains.find((d) => d.id !== abc.domainId)!;
    const { status, body } = await deliverability({ campaignId: abc.id, domainId: other.id });
    expect(status).toBe(200);
    expect(body.data.overall).toMatchObject({ estimated_inbox_placement_rate: 0, bounce_rate: 0, spam_rate: 0 });
    expect(body.data.bounce_analysis.top_bounce_reasons).toEqual([]);
  });

  it.each(["7d", "30d", "90d"])("lists bounce reasons by count, adding up to the bounces and to 100 %% (%s)", async (timeRange) => {
    const { body } = await deliverability({ timeRange });
    const b = body.data.bounce_analysis;
    const reasons = b.top_bounce_reasons as Array<{ reason: string; count: number; percentage: number }>;
    expect(reasons.length).toBeGreaterThan(3);
    for (let i = 1; i < reasons.length; i++) expect(reasons[i - 1]!.count).toBeGreaterThanOrEqual(reasons[i]!.count);
    const total = reasons.reduce((sum, r) => sum + r.count, 0);
    expect(total).toBe(b.hard_bounces + b.soft_bounces);
    for (const r of reasons) {
      expect(r.count).toBeGreaterThan(0);
      expect(r.percentage).toBe(pct(r.count, total));
    }
    const percentSum = reasons.reduce((sum, r) => sum + r.percentage, 0);
    // Each percentage is rounded to 0.01, so the sum is within 0.005 per reason of 100.
    expect(Math.abs(percentSum - 100)).toBeLessThanOrEqual(0.005 * reasons.length + 1e-9);
    expect(new Set(reasons.map((r) => r.reason)).size).toBe(reasons.length);
  });

  it("computes the health score by the documented formula", async () => {
    const bodies = await Promise.all([
      deliverability(),
      deliverability({ timeRange: "7d" }),
      deliverability({ campaignId: "cmp_def456" }),
      ...dataset.domains.map((d) => deliverability({ domainId: d.id, timeRange: "90d" })),
      deliverability({}, seed43),
    ]);
    const scores = new Set<number>();
    for (const { body } of bodies) {
      const score = body.data.overall.health_score;
      expect(Number.isInteger(score)).toBe(true);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(score).toBe(expectedHealth(body.data));
      scores.add(score);
    }
    expect(scores.size).toBeGreaterThan(2);
  });

  it.each([
    ["7d", 8, 1],
    ["30d", 11, 3],
    ["90d", 13, 7],
  ])("gives a %s reputation trend of %i points, %i days apart, ending today", async (timeRange, points, step) => {
    const { body } = await deliverability({ timeRange });
    const trend = body.data.reputation_trend as Array<{ date: string; score: number }>;
    expect(trend).toHaveLength(points);
    expect(trend.at(-1)!.date).toBe("2025-11-26");
    for (let i = 1; i < trend.length; i++) {
      expect(Date.parse(trend[i]!.date) - Date.parse(trend[i - 1]!.date)).toBe(step * 86_400_000);
    }
    expect(Date.parse(trend[0]!.date)).toBeGreaterThanOrEqual(Date.parse(body.data.time_range.start));
    for (const point of trend) {
      expect(Number.isInteger(point.score)).toBe(true);
      expect(point.score).toBeGreaterThanOrEqual(0);
      expect(point.score).toBeLessThanOrEqual(100);
    }
    const again = await deliverability({ timeRange });
    expect(again.body.data.reputation_trend).toEqual(trend);
  });

  it("lists dom_r2w6z5's IP for seed 42 and nothing for seed 43", async () => {
    const workspace = await deliverability();
    expect(workspace.body.data.blacklist_status).toEqual({ any_ip_blacklisted: true, ips_checked: 3, last_check: "2025-11-26T10:00:00Z" });
    const listed = Object.fromEntries(
      await Promise.all(dataset.domains.map(async (d) => [d.id, (await deliverability({ domainId: d.id })).body.data.blacklist_status] as const)),
    );
    expect(listed).toEqual({
      dom_k3x9p2: { any_ip_blacklisted: false, ips_checked: 1, last_check: "2025-11-26T10:00:00Z" },
      dom_m7q4t8: { any_ip_blacklisted: false, ips_checked: 1, last_check: "2025-11-26T10:00:00Z" },
      dom_r2w6z5: { any_ip_blacklisted: true, ips_checked: 1, last_check: "2025-11-26T10:00:00Z" },
    });
    const onListedDomain = dataset.campaigns.find((c) => c.domainId === "dom_r2w6z5")!;
    const byCampaign = await deliverability({ campaignId: onListedDomain.id });
    expect(byCampaign.body.data.blacklist_status.any_ip_blacklisted).toBe(true);
    const clean = await deliverability({}, seed43);
    expect(clean.body.data.blacklist_status.any_ip_blacklisted).toBe(false);
  });

  it("takes the last check from the 6-hourly schedule before now", async () => {
    const early = await startSandbox({ now: new Date("2025-11-26T03:59:00Z"), rateLimits: false });
    try {
      const { body } = await getJson(early, "/analytics/deliverability");
      expect(body.data.blacklist_status.last_check).toBe("2025-11-25T22:00:00Z");
    } finally {
      await early.close();
    }
  });

  it("answers zeros, no reasons and a full score for a campaign that never sent", async () => {
    const draft = dataset.campaigns.find((c) => c.firstSendDay === null)!;
    const { status, body } = await deliverability({ campaignId: draft.id });
    expect(status).toBe(200);
    expect(body.data.overall).toEqual({
      estimated_inbox_placement_rate: 0,
      spam_rate: 0,
      bounce_rate: 0,
      health_score: body.data.blacklist_status.any_ip_blacklisted ? 85 : 100,
    });
    expect(body.data.bounce_analysis).toEqual({ hard_bounces: 0, soft_bounces: 0, hard_bounce_rate: 0, soft_bounce_rate: 0, top_bounce_reasons: [] });
  });
});

describe("GET …/analytics/deliverability: errors", () => {
  it.each([["custom"], ["14d"], [""]])("rejects timeRange=%j with a 400 listing the valid values", async (timeRange) => {
    const { status, body } = await deliverability({ timeRange });
    expect(status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.message).toContain("timeRange must be one of: 7d, 30d, 90d");
  });

  it("rejects custom dates", async () => {
    const { status, body } = await deliverability({ startDate: "2025-11-01", endDate: "2025-11-10" });
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: "VALIDATION_ERROR", message: "startDate and endDate is not supported by this endpoint; use timeRange" });
  });

  it("answers 404 envelopes naming an unknown campaign or domain", async () => {
    const campaign = await deliverability({ campaignId: "cmp_nope00" });
    expect(campaign.status).toBe(404);
    expect(campaign.body).toEqual({ success: false, error: { code: "CAMPAIGN_NOT_FOUND", message: "Campaign with ID cmp_nope00 not found in workspace ws_xyz789" } });
    const domain = await deliverability({ domainId: "dom_nope00" });
    expect(domain.status).toBe(404);
    expect(domain.body).toEqual({ success: false, error: { code: "DOMAIN_NOT_FOUND", message: "Domain with ID dom_nope00 not found in workspace ws_xyz789" } });
  });

  it("rejects empty ids", async () => {
    const { status, body } = await deliverability({ domainId: "" });
    expect(status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_ERROR");
  });
});
