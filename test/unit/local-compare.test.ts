/**
 * Local compare (src/providers/local/compare.ts) against SciPy: test/fixtures/significance.json's
 * local_cases, written by test/fixtures/significance.py (scipy.stats, not our code).
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { type RateTable, compareLocally, localMetrics } from "../../src/providers/local/compare.js";
import { renderCompare } from "../../src/render/compare.js";
import { createTheme } from "../../src/render/theme.js";
import fixture from "../fixtures/significance.json" with { type: "json" };

const SENT_RATES: RateTable = {
  open_rate: { successes: "opened", trials: "sent", basis: "sent" },
  reply_rate: { successes: "replied", trials: "sent", basis: "sent" },
  bounce_rate: { successes: "bounced", trials: "sent", basis: "sent" },
};

const campaignsOf = (c: (typeof fixture.local_cases)[number]) =>
  c.campaigns.map((row) => ({ campaign_id: row.campaign_id, campaign_name: `Campaign ${row.campaign_id}`, counts: row.counts }));

describe("local compare against SciPy", () => {
  it.each(fixture.local_cases.map((c, i) => [i, c.campaigns.length, c] as const))("case %i (%i campaigns)", (_i, _n, c) => {
    const result = compareLocally(campaignsOf(c), SENT_RATES, ["open_rate", "reply_rate", "bounce_rate"]);
    expect(result.statistical_significance).toHaveLength(c.significance.length);
    for (const [index, expected] of c.significance.entries()) {
      const actual = result.statistical_significance[index]!;
      expect(actual.metric).toBe(expected.metric);
      expect(actual.test).toBe(expected.test);
      expect(Math.abs(actual.p_value - expected.p_value)).toBeLessThanOrEqual(1e-9);
      expect(actual.is_significant).toBe(expected.is_significant);
      // Named only when significant; absent (no key) otherwise.
      if ("winner" in expected) expect(actual.winner).toBe(expected.winner);
      else expect("winner" in actual).toBe(false);
    }
    expect(result.rate_basis).toEqual({ open_rate: "sent", reply_rate: "sent", bounce_rate: "sent" });
  });

  it("gives rates in percent from the counts, and no value (no key) for a campaign that sent nothing", () => {
    const c = fixture.local_cases[2]!;
    const result = compareLocally(campaignsOf(c), SENT_RATES, ["open_rate"]);
    expect(result.comparison[0]!.metrics.open_rate).toBe((300 / 800) * 100);
    expect(result.comparison[1]!.metrics).toEqual({});
  });

  it("names no winner when nothing was sent at all, and the table says so", () => {
    const idle = ["x1", "x2"].map((id) => ({ campaign_id: id, campaign_name: id, counts: { sent: 0, opened: 0, replied: 0, bounced: 0 } }));
    const result = compareLocally(idle, SENT_RATES, ["open_rate", "reply_rate"]);
    for (const entry of result.statistical_significance) {
      expect(entry).not.toHaveProperty("winner");
      expect(entry.p_value).toBe(1);
    }
    const lines = renderCompare(result, { columns: 80, theme: createTheme(0), window: { timeRange: "30d" } });
    expect(lines.filter((line) => line.includes("no clear winner"))).toHaveLength(2);
  });

  it("refuses a campaign compared with itself, and a rate the provider does not have (usage errors)", () => {
    const c = fixture.local_cases[0]!;
    const one = campaignsOf(c)[0]!;
    expect(() => compareLocally([one, one], SENT_RATES, ["open_rate"])).toThrow(UsageError);
    expect(() => localMetrics("coldsend", SENT_RATES, ["click_rate"])).toThrow(/coldsend has no click_rate to compare/);
    expect(localMetrics("coldsend", SENT_RATES, undefined)).toEqual(["open_rate", "reply_rate", "bounce_rate"]);
  });
});
