import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, dayNumber, dayStartMs, weekdayIndex } from "../../src/sandbox/calendar.js";
import { COUNT_KEYS, type Counts, createDataset, funnelViolations, sumCounts } from "../../src/sandbox/index.js";
import { splitDayByHour } from "../../src/sandbox/model.js";
import { randomFor } from "../../src/sandbox/prng.js";
import { PINNED_NOW } from "./helpers.js";

const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });
const historyDays = Array.from({ length: dataset.today - dataset.firstDay + 1 }, (_, i) => dataset.firstDay + i);

describe("catalogue", () => {
  it("has the documented workspace and campaigns first, all active and sending in the last 90 days", () => {
    expect(dataset.workspace).toEqual({ id: "ws_xyz789", name: "Acme Growth", timezone: "America/New_York" });
    expect(dataset.campaigns.slice(0, 3).map((c) => [c.id, c.name, c.status])).toEqual([
      ["cmp_abc123", "Q4 Outreach Campaign", "active"],
      ["cmp_def456", "Product Launch", "active"],
      ["cmp_ghi789", "Enterprise Follow-up", "active"],
    ]);
    for (const campaign of dataset.campaigns.slice(0, 3)) {
      expect(dataset.sumRange(campaign, PINNED_NOW.getTime() - 90 * DAY_MS, PINNED_NOW.getTime()).sent).toBeGreaterThan(1000);
      expect(dataset.sumRange(campaign, dayStartMs(dataset.today - 7), PINNED_NOW.getTime()).sent).toBeGreaterThan(0);
    }
  });

  it("has 15 campaigns with unique well-formed ids, every status, one draft that never sent", () => {
    expect(dataset.campaigns).toHaveLength(15);
    const ids = dataset.campaigns.map((c) => c.id);
    expect(new Set(ids).size).toBe(15);
    for (const id of ids) expect(id).toMatch(/^cmp_[a-z0-9]{6}$/);
    expect(new Set(dataset.campaigns.map((c) => c.status))).toEqual(new Set(["active", "paused", "completed", "draft"]));
    const drafts = dataset.campaigns.filter((c) => c.status === "draft");
    expect(drafts.length).toBeGreaterThanOrEqual(1);
    for (const draft of drafts) {
      expect(dataset.sumRange(draft, 0, PINNED_NOW.getTime()).sent).toBe(0);
    }
    for (const campaign of dataset.campaigns) expect(dataset.domainById(campaign.domainId)).toBeDefined();
    expect(dataset.domains.map((d) => d.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^dom_[a-z0-9]{6}$/)]));
  });

  it("stops paused and completed campaigns from sending after their last day", () => {
    const stopped = dataset.campaigns.filter((c) => c.status === "paused" || c.status === "completed");
    expect(stopped.length).toBeGreaterThan(0);
    for (const campaign of stopped) {
      expect(campaign.lastSendDay).not.toBeNull();
      const after = dataset.sumRange(campaign, dayStartMs((campaign.lastSendDay ?? 0) + 1), PINNED_NOW.getTime());
      expect(after.sent).toBe(0);
    }
  });

  it("keeps ids unique at scale", () => {
    const big = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 20_000 });
    expect(new Set(big.campaigns.map((c) => c.id)).size).toBe(20_000);
  });
});

describe("daily and hourly counts", () => {
  it("is deterministic for the same seed and now, and differs for another seed", () => {
    const again = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });
    const other = createDataset({ seed: 7, now: PINNED_NOW, campaigns: 15 });
    const series = (d: typeof dataset): Counts[] => historyDays.map((day) => d.dailyCounts(d.campaigns[0]!, day));
    expect(series(again)).toEqual(series(dataset));
    expect(series(other)).not.toEqual(series(dataset));
    expect(again.hourlyCounts(again.campaigns[1]!, dataset.today - 3)).toEqual(dataset.hourlyCounts(dataset.campaigns[1]!, dataset.today - 3));
  });

  it("holds the funnel for every campaign × day", () => {
    const problems: string[] = [];
    for (const campaign of dataset.campaigns) {
      for (const day of historyDays) {
        for (const problem of funnelViolations(dataset.dailyCounts(campaign, day))) problems.push(`${campaign.id} day ${day}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("splits days into hours that hold the funnel and sum exactly to the day", () => {
    const problems: string[] = [];
    const sampleDays = historyDays.filter((day, i) => i % 5 === 0 || day === dataset.today);
    for (const campaign of dataset.campaigns) {
      for (const day of sampleDays) {
        const hours = dataset.hourlyCounts(campaign, day);
        expect(hours).toHaveLength(24);
        hours.forEach((hour, h) => {
          for (const problem of funnelViolations(hour)) problems.push(`${campaign.id} day ${day} hour ${h}: ${problem}`);
        });
        expect(sumCounts(hours)).toEqual(dataset.dailyCounts(campaign, day));
      }
    }
    expect(problems).toEqual([]);
  });

  it("keeps every hour funnel-consistent even for extreme days (replies = opens, spam = deliveries)", () => {
    const random = randomFor(99);
    const campaign = dataset.campaigns[0]!;
    const problems: string[] = [];
    for (let trial = 0; trial < 300; trial++) {
      const sent = Math.floor(random() * 400);
      const bounced = Math.floor(random() * (sent + 1));
      const hardBounced = Math.floor(random() * (bounced + 1));
      const delivered = sent - bounced;
      const opened = Math.floor(random() * (delivered + 1));
      const extreme = trial % 2 === 0;
      const daily: Counts = {
        sent,
        delivered,
        bounced,
        hardBounced,
        softBounced: bounced - hardBounced,
        opened,
        clicked: extreme ? opened : Math.floor(random() * (opened + 1)),
        replied: extreme ? opened : Math.floor(random() * (opened + 1)),
        spamComplaints: extreme ? delivered : Math.floor(random() * (delivered + 1)),
        unsubscribes: extreme ? delivered : Math.floor(random() * (delivered + 1)),
      };
      const hours = splitDayByHour(42, campaign, dataset.today - (trial % 180), daily, -300);
      expect(sumCounts(hours)).toEqual(daily);
      hours.forEach((hour, h) => problems.push(...funnelViolations(hour).map((p) => `trial ${trial} hour ${h}: ${p}`)));
    }
    expect(problems).toEqual([]);
  });

  it("has no data after now: today's later hours and future days are zero", () => {
    const campaign = dataset.campaigns[0]!;
    const hours = dataset.hourlyCounts(campaign, dataset.today);
    const nowHour = new Date(PINNED_NOW).getUTCHours();
    for (const hour of hours.slice(nowHour + 1)) expect(hour.sent).toBe(0);
    expect(dataset.dailyCounts(campaign, dataset.today + 1).sent).toBe(0);
    expect(dataset.dailyCounts(campaign, dataset.firstDay - 1).sent).toBe(0);
    expect(dataset.sumRange(campaign, PINNED_NOW.getTime() + HOUR_MS, PINNED_NOW.getTime() + 30 * DAY_MS).sent).toBe(0);
  });

  it("sends mostly in New York business hours and much less at weekends", () => {
    const campaign = dataset.campaigns[0]!;
    let businessHours = 0;
    let total = 0;
    const weekday: number[] = [];
    const weekend: number[] = [];
    for (const day of historyDays.slice(-60, -1)) {
      const hours = dataset.hourlyCounts(campaign, day);
      hours.forEach((hour, utcHour) => {
        total += hour.sent;
        if (utcHour >= 13 && utcHour < 22) businessHours += hour.sent; // 08:00–17:00 in New York (EST)
      });
      (weekdayIndex(day) >= 5 ? weekend : weekday).push(dataset.dailyCounts(campaign, day).sent);
    }
    const mean = (list: number[]): number => list.reduce((a, b) => a + b, 0) / list.length;
    expect(businessHours / total).toBeGreaterThan(0.75);
    expect(mean(weekend)).toBeLessThan(mean(weekday) * 0.3);
  });

  it("has realistic rates over the whole history of every sending campaign", () => {
    for (const campaign of dataset.campaigns) {
      const c = dataset.sumRange(campaign, 0, PINNED_NOW.getTime());
      if (c.sent === 0) continue;
      expect(c.opened / c.delivered).toBeGreaterThan(0.15);
      expect(c.opened / c.delivered).toBeLessThan(0.62);
      expect(c.clicked / c.delivered).toBeLessThan(0.12);
      expect(c.replied / c.delivered).toBeLessThan(0.1);
      expect(c.bounced / c.sent).toBeLessThan(0.07);
      expect(c.hardBounced).toBeGreaterThan(0);
      expect(c.softBounced).toBeGreaterThan(0);
    }
  });
});

describe("bounce reasons", () => {
  it("sum to each day's hard and soft bounces", () => {
    for (const campaign of dataset.campaigns) {
      for (const day of historyDays) {
        const daily = dataset.dailyCounts(campaign, day);
        const reasons = dataset.bounceReasons(campaign, day);
        const sumOf = (type: string): number => reasons.filter((r) => r.type === type).reduce((a, r) => a + r.count, 0);
        expect(sumOf("hard")).toBe(daily.hardBounced);
        expect(sumOf("soft")).toBe(daily.softBounced);
      }
    }
  });

  it("use several realistic reasons", () => {
    const totals = new Map<string, number>();
    for (const day of historyDays) {
      for (const { reason, count } of dataset.bounceReasons(dataset.campaigns[0]!, day)) totals.set(reason, (totals.get(reason) ?? 0) + count);
    }
    expect(totals.get("Mailbox full")).toBeGreaterThan(0);
    expect(totals.get("Invalid recipient")).toBeGreaterThan(0);
    expect([...totals.values()].filter((n) => n > 0).length).toBeGreaterThanOrEqual(6);
  });
});

describe("sumRange", () => {
  it("counts an hour when its start lies inside the range", () => {
    const campaign = dataset.campaigns[1]!;
    const day = dataset.today - 10;
    const hours = dataset.hourlyCounts(campaign, day);
    const start = dayStartMs(day) + 14 * HOUR_MS + 30 * 60_000; // 14:30 → hours 15.. count
    const end = dayStartMs(day + 1) + 2 * HOUR_MS; // 02:00 next day → hours 0..2 count
    const expected = sumCounts([...hours.slice(15), ...dataset.hourlyCounts(campaign, day + 1).slice(0, 3)]);
    expect(dataset.sumRange(campaign, start, end)).toEqual(expected);
    expect(dayNumber(end)).toBe(day + 1);
  });

  it("sums several campaigns at once", () => {
    const start = dayStartMs(dataset.today - 30);
    const end = PINNED_NOW.getTime();
    const separately = sumCounts(dataset.campaigns.map((c) => dataset.sumRange(c, start, end)));
    expect(dataset.sumRange(dataset.campaigns, start, end)).toEqual(separately);
    for (const key of COUNT_KEYS) expect(separately[key]).toBeGreaterThan(0);
  });
});
