/** The sandbox's CampaignOS API (document 002): every example as written, and the data's invariants. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW } from "./helpers.js";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ now: PINNED_NOW });
});
afterAll(() => sandbox.close());

async function get(path: string, token = sandbox.credentials.campaignos.token): Promise<{ status: number; body: any }> {
  const response = await fetch(`${sandbox.url}/api/workspaces/${sandbox.workspaceId}/analytics${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: await response.json() };
}

describe("document 002's examples work as written", () => {
  it.each(["", "/campaigns/cmp_1", "/campaigns/cmp_1?period=7d", "/timeseries", "/timeseries?days=30", "/attribution", "/funnel?steps=page_view,signup,purchase&days=30", "/cohorts", "/cohorts?days=30&metric=events"])("GET %s", async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(200);
    expect(body).not.toHaveProperty("success");
  });

  it("bare error bodies with the status saying what went wrong", async () => {
    expect(await get("", "cos_sess_nope")).toEqual({ status: 401, body: { error: "Session required" } });
    expect((await get("/campaigns/cmp_999")).status).toBe(404);
    expect((await get("/funnel")).status).toBe(400);
  });
});

describe("invariants", () => {
  it.each([7, 30, 90])("funnels never increase (days=%i), in any order of steps", async (days) => {
    for (const steps of ["page_view,signup,purchase", "purchase,page_view,signup", "email_open,email_click,purchase", "signup,signup"]) {
      const { body } = await get(`/funnel?steps=${steps}&days=${days}`);
      body.steps.forEach((step: { count: number; dropoff: number }, i: number) => {
        const previous = body.steps[i - 1];
        if (previous) {
          expect(step.count).toBeLessThanOrEqual(previous.count);
          expect(step.dropoff).toBe(previous.count - step.count);
        }
      });
    }
  });

  it("cohort weeks never exceed the size, and some sizes are not 100 (counts and % read differently)", async () => {
    const { body } = await get("/cohorts?days=90");
    expect(body.cohorts.length).toBeGreaterThan(10);
    for (const cohort of body.cohorts) for (const value of Object.values(cohort.retention) as number[]) expect(value).toBeLessThanOrEqual(cohort.size);
    expect(body.cohorts.some((c: { size: number }) => c.size > 100)).toBe(true);
  });

  it("attribution adds up and stays within the events", async () => {
    const [{ body: attribution }, { body: funnel }] = await Promise.all([get("/attribution?days=30"), get("/funnel?steps=page_view,purchase&days=30")]);
    const listed = attribution.sources.reduce((sum: number, s: { totalEvents: number }) => sum + s.totalEvents, 0);
    expect(listed).toBe(attribution.totalAttributedEvents);
    expect(attribution.sources.every((s: { uniqueVisitors: number; totalEvents: number }) => s.uniqueVisitors <= s.totalEvents)).toBe(true);
    expect(attribution.sources.reduce((sum: number, s: { uniqueVisitors: number }) => sum + s.uniqueVisitors, 0)).toBeLessThanOrEqual(funnel.steps[0].count);
    expect(attribution.conversions).toBeLessThanOrEqual(funnel.steps[1].count * 1.1);
  });

  it("channels add up to the messages; rates are fractions over delivered", async () => {
    const { body } = await get("/campaigns/cmp_1?period=30d");
    const m = body.messages;
    expect(body.channelBreakdown.reduce((sum: number, c: { _count: number }) => sum + c._count, 0)).toBe(m.total);
    expect(m.openRate).toBeCloseTo(m.opened / m.delivered, 4);
    expect(m.bounceRate).toBeCloseTo(m.bounced / m.delivered, 4);
  });

  it("is deterministic from the seed", async () => {
    const again = await startSandbox({ now: PINNED_NOW });
    try {
      const paths = ["/cohorts?days=60", "/attribution", "/campaigns/cmp_1"];
      for (const path of paths) {
        const other = await fetch(`${again.url}/api/workspaces/${again.workspaceId}/analytics${path}`, { headers: { authorization: `Bearer ${again.credentials.campaignos.token}` } });
        expect(await other.json()).toEqual((await get(path)).body);
      }
    } finally {
      await again.close();
    }
  });
});
