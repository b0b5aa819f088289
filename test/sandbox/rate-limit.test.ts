import { afterEach, describe, expect, it } from "vitest";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW, getJson } from "./helpers.js";

const opened: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((sandbox) => sandbox.close()));
});

async function sandboxWith(rateLimits: boolean): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ now: PINNED_NOW, rateLimits });
  opened.push(sandbox);
  return sandbox;
}

describe("rate limits", () => {
  it("refuses the 61st overview request in a minute with 429, Retry-After and RateLimit headers", async () => {
    const sandbox = await sandboxWith(true);
    const remaining: number[] = [];
    for (let i = 0; i < 60; i++) {
      const { status, headers } = await getJson(sandbox, "/analytics/overview", { timeRange: "7d" });
      expect(status).toBe(200);
      expect(headers.get("ratelimit-limit")).toBe("60");
      remaining.push(Number(headers.get("ratelimit-remaining")));
    }
    expect(remaining[0]).toBe(59);
    expect(remaining.at(-1)).toBeLessThanOrEqual(2);

    // A token or two may have refilled while the 60 ran (one per second); a few more requests absorb them.
    let refused = await getJson(sandbox, "/analytics/overview", { timeRange: "7d" });
    for (let extra = 0; extra < 5 && refused.status === 200; extra++) refused = await getJson(sandbox, "/analytics/overview", { timeRange: "7d" });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ success: false, error: { code: "RATE_LIMITED", message: expect.stringContaining("retry after") } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("ratelimit-limit")).toBe("60");
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("ratelimit-reset"))).toBeGreaterThan(50);

    // Buckets are per endpoint class: campaign analytics still has its own 100.
    const campaign = await getJson(sandbox, "/campaigns/cmp_abc123/analytics");
    expect(campaign.status).toBe(200);
    expect(campaign.headers.get("ratelimit-limit")).toBe("100");
    expect(campaign.headers.get("ratelimit-remaining")).toBe("99");
  });

  it("does not spend tokens on requests refused by authentication", async () => {
    const sandbox = await sandboxWith(true);
    for (let i = 0; i < 5; i++) await getJson(sandbox, "/analytics/overview", {}, { Authorization: "Bearer wrong" });
    const { headers } = await getJson(sandbox, "/analytics/overview");
    expect(headers.get("ratelimit-remaining")).toBe("59");
  });

  it("never answers 429 from the buckets when rateLimits is false", async () => {
    const sandbox = await sandboxWith(false);
    const statuses = new Set<number>();
    for (let i = 0; i < 75; i++) statuses.add((await getJson(sandbox, "/analytics/overview", { timeRange: "7d" })).status);
    expect([...statuses]).toEqual([200]);
  });
});
