/**
 * The sandbox's SendKit API (document 004): the documented id as written, both headers required,
 * steps that partition the stats, variants, lead statuses, determinism from the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/index.js";
import { DOCUMENTED_SENDKIT_ID, sendkitIds } from "../../src/sandbox/routes/sendkit/sequence.js";
import { createDataset } from "../../src/sandbox/dataset.js";
import { PINNED_NOW, getRaw } from "./helpers.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ now: PINNED_NOW });
});
afterAll(() => sandbox.close());

const path = (id: string): string => `/v1/campaigns/${id}/analytics`;
function both(key: string): Record<string, string> {
  return { "X-Api-Key": key, Authorization: `Bearer ${key}` };
}
function get(id: string, headers: Record<string, string> = both(sandbox.credentials.sendkit.token)) {
  return getRaw(`${sandbox.url}${path(id)}`, { headers });
}
function allIds(): string[] {
  const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });
  const ids = sendkitIds(dataset);
  return dataset.campaigns.map((campaign) => ids.idOf(campaign));
}

describe("the two-header rule", () => {
  it("refuses a request missing either header, or with two different keys, with 401", async () => {
    const key = sandbox.credentials.sendkit.token;
    const cases: Array<Record<string, string>> = [
      {},
      { "X-Api-Key": key },
      { Authorization: `Bearer ${key}` },
      { "X-Api-Key": key, Authorization: key },
      { "X-Api-Key": key, Authorization: `Bearer ${sandbox.extraKeys.sendkitUser}` },
      both("sk_wrong"),
      both(sandbox.token),
    ];
    for (const headers of cases) {
      const response = await get(DOCUMENTED_SENDKIT_ID, headers);
      expect(response.status, JSON.stringify(Object.keys(headers))).toBe(401);
      expect(response.body).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: expect.any(String) } });
      expect(JSON.stringify(response.body)).not.toContain(key);
    }
  });

  it("answers a platform key (sk_user_…) with 403 asking for the workspace key", async () => {
    const response = await get(DOCUMENTED_SENDKIT_ID, both(sandbox.extraKeys.sendkitUser));
    expect(sandbox.extraKeys.sendkitUser).toMatch(/^sk_user_[0-9a-f]{32}$/);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain("workspace API key (sk_...)");
  });
});

describe("GET /v1/campaigns/{id}/analytics", () => {
  it("serves the documented id as written, in the documented shape", async () => {
    const response = await get(DOCUMENTED_SENDKIT_ID);
    expect(response.status).toBe(200);
    expect(response.headers.get("ratelimit-limit")).toBe("100");
    const { data } = response.body;
    expect(response.body.success).toBe(true);
    expect(Object.keys(data)).toEqual(["campaign", "stats", "stepAnalytics", "statusBreakdown", "totalReplied"]);
    expect(data.campaign).toEqual({ id: DOCUMENTED_SENDKIT_ID, name: "Q1 Outreach Campaign", status: "active", startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT09:00:00\.000Z$/) });
    expect(Object.keys(data.stats)).toEqual(["sent", "delivered", "opened", "clicked", "replied", "bounced", "unsubscribed"]);
    expect(Object.keys(data.statusBreakdown)).toEqual(["active", "completed", "bounced", "unsubscribed", "replied", "removed"]);
    // Step 0 is an A/B test, step 1 is missing (the document's gap), step 2 has no variants.
    expect(data.stepAnalytics.map((row: any) => row._id)).toEqual([
      { sequenceStep: 0, variant: "A" },
      { sequenceStep: 0, variant: "B" },
      { sequenceStep: 2, variant: null },
    ]);
  });

  it("has a campaign with a three-variant step, and a 404 for an unknown id", async () => {
    const second = allIds()[1] ?? "";
    const response = await get(second);
    expect(response.body.data.stepAnalytics.filter((row: any) => row._id.sequenceStep === 1).map((row: any) => row._id.variant)).toEqual(["A", "B", "C"]);
    const missing = await get("000000000000000000000000");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("CAMPAIGN_NOT_FOUND");
  });

  it("for every campaign: steps partition the stats, funnels hold, lead statuses match the counts, no duplicate step+variant", async () => {
    let abSteps = 0;
    for (const id of allIds()) {
      const { data } = (await get(id)).body;
      const sum = (key: string): number => data.stepAnalytics.reduce((total: number, row: any) => total + row[key], 0);
      for (const key of ["sent", "opened", "clicked", "bounced"]) expect(sum(key), `${id} ${key}`).toBe(data.stats[key]);
      expect(data.stats.delivered).toBe(data.stats.sent - data.stats.bounced);
      for (const row of data.stepAnalytics) {
        expect(row.bounced).toBeLessThanOrEqual(row.sent);
        expect(row.opened).toBeLessThanOrEqual(row.sent - row.bounced);
        expect(row.clicked).toBeLessThanOrEqual(row.opened);
      }
      const keys = data.stepAnalytics.map((row: any) => `${row._id.sequenceStep}/${row._id.variant}`);
      expect(new Set(keys).size).toBe(keys.length);
      const steps = data.stepAnalytics.map((row: any) => row._id.sequenceStep);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      abSteps += new Set(data.stepAnalytics.filter((row: any) => row._id.variant !== null).map((row: any) => row._id.sequenceStep)).size;
      expect(data.statusBreakdown.bounced).toBe(data.stats.bounced);
      expect(data.statusBreakdown.unsubscribed).toBe(data.stats.unsubscribed);
      expect(data.statusBreakdown.replied).toBe(data.stats.replied);
      expect(data.totalReplied).toBe(data.stats.replied);
      for (const value of Object.values(data.statusBreakdown)) expect(Number.isInteger(value) && (value as number) >= 0).toBe(true);
      if (data.campaign.status === "draft") expect(data.stepAnalytics).toEqual([]);
    }
    expect(abSteps).toBeGreaterThanOrEqual(3);
  });

  it("is deterministic from the seed", async () => {
    const again = await startSandbox({ now: PINNED_NOW });
    try {
      const [a, b] = await Promise.all([get(allIds()[5] ?? ""), getRaw(`${again.url}${path(allIds()[5] ?? "")}`, { headers: both(again.credentials.sendkit.token) })]);
      expect(b.body).toEqual(a.body);
    } finally {
      await again.close();
    }
  });
});
