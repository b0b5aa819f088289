import { describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/index.js";
import { PINNED_NOW, getJson } from "./helpers.js";

describe("scale", () => {
  // How fast it starts is a benchmark's question (bench/), not a test's: timing on a shared machine is noise.
  it("starts a 20,000-campaign sandbox and answers campaign and overview requests", async () => {
    const sandbox = await startSandbox({ now: PINNED_NOW, campaigns: 20_000 });
    try {
      const { status, body } = await getJson(sandbox, "/campaigns/cmp_abc123/analytics", { timeRange: "90d" });
      expect(status).toBe(200);
      expect(body.data.summary.emails_sent).toBeGreaterThan(0);
      expect(body.data.time_series).toHaveLength(91);
      const overview = await getJson(sandbox, "/analytics/overview");
      expect(overview.body.data.summary.total_campaigns).toBe(20_000);
      expect(overview.body.data.top_campaigns).toHaveLength(5);
    } finally {
      await sandbox.close();
    }
  });
});
