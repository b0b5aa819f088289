import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, dayNumber, dayStartMs, weekdayIndex } from "../../src/sandbox/calendar.js";
import { type Counts, type Dataset, type RunningSandbox, type SandboxCampaign, addInto, createDataset, startSandbox, zeroCounts } from "../../src/sandbox/index.js";
import { PINNED_NOW, getJson } from "./helpers.js";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const PERIODS = ["nighttime", "early_morning", "office_hours", "evening"];
const periodOf = (hour: number): string => (hour < 6 ? "nighttime" : hour < 9 ? "early_morning" : hour < 17 ? "office_hours" : "evening");

/** A 90d range at this clock spans the spring-forward changes in New York (03-09) and Berlin (03-30). */
const SPRING_NOW = new Date("2025-04-15T12:00:00Z");

let sandbox: RunningSandbox;
let spring: RunningSandbox;
const dataset = createDataset({ seed: 42, now: PINNED_NOW, campaigns: 15 });
const springDataset = createDataset({ seed: 42, now: SPRING_NOW, campaigns: 15 });

beforeAll(async () => {
  [sandbox, spring] = await Promise.all([startSandbox({ now: PINNED_NOW, rateLimits: false }), startSandbox({ now: SPRING_NOW, rateLimits: false })]);
});
afterAll(async () => {
  await Promise.all([sandbox.close(), spring.close()]);
});

const heatmap = (query: Record<string, string> = {}, target = sandbox) => getJson(target, "/analytics/engagement-heatmap", query);

/**
 * The test's own oracle: bucket every UTC hour of the last `days` days (as the API defines `Nd`) by a
 * local-time rule given as a plain offset function, with hard-coded DST dates instead of Intl.
 */
function oracle(data: Dataset, campaigns: readonly SandboxCampaign[], days: number, offsetHours: (utcMs: number) => number) {
  const cells = new Map<string, Counts>();
  const sentByHour = new Map<string, number>();
  for (const day of DAYS) for (const period of PERIODS) cells.set(`${day}/${period}`, zeroCounts());
  for (const campaign of campaigns) {
    for (let day = data.today - days; day <= data.today; day++) {
      data.hourlyCounts(campaign, day).forEach((counts, hour) => {
        const utcMs = dayStartMs(day) + hour * HOUR_MS;
        const localMs = utcMs + offsetHours(utcMs) * HOUR_MS;
        const localDay = DAYS[weekdayIndex(dayNumber(localMs))]!;
        const localHour = Math.floor((localMs % DAY_MS) / HOUR_MS);
        addInto(cells.get(`${localDay}/${periodOf(localHour)}`)!, counts);
        sentByHour.set(`${localDay}/${localHour}`, (sentByHour.get(`${localDay}/${localHour}`) ?? 0) + counts.sent);
      });
    }
  }
  return { cells, sentByHour };
}

/** Offsets from the zones' published 2025 rules (transition instants in UTC). */
const newYork = (ms: number): number => (ms >= Date.parse("2025-03-09T07:00:00Z") && ms < Date.parse("2025-11-02T06:00:00Z") ? -4 : -5);
const berlin = (ms: number): number => (ms >= Date.parse("2025-03-30T01:00:00Z") && ms < Date.parse("2025-10-26T01:00:00Z") ? 2 : 1);

type Cell = { day_of_week: string; time_period: string; emails_sent: number; emails_opened: number; open_rate: number; engagement_score: number };

function cellCounts(heatmapCells: Cell[]): Array<[string, number, number]> {
  return heatmapCells.map((c) => [`${c.day_of_week}/${c.time_period}`, c.emails_sent, c.emails_opened]);
}

function oracleCounts(expected: ReturnType<typeof oracle>): Array<[string, number, number]> {
  return [...expected.cells.entries()].map(([key, c]) => [key, c.sent, c.opened]);
}

describe("GET …/analytics/engagement-heatmap", () => {
  it("answers all 28 cells, Monday to Sunday, periods in time order, in the workspace zone by default", async () => {
    const { status, body } = await heatmap();
    expect(status).toBe(200);
    expect(Object.keys(body.data)).toEqual(["workspace_id", "timezone", "optimal_send_time", "heatmap"]);
    expect(body.data.timezone).toBe("America/New_York");
    const cells = body.data.heatmap as Cell[];
    expect(cells.map((c) => `${c.day_of_week}/${c.time_period}`)).toEqual(DAYS.flatMap((d) => PERIODS.map((p) => `${d}/${p}`)));
    for (const cell of cells) expect(Object.keys(cell)).toEqual(["day_of_week", "time_period", "emails_sent", "emails_opened", "open_rate", "engagement_score"]);
    expect(Object.keys(body.data.optimal_send_time)).toEqual(["day_of_week", "hour", "engagement_score"]);
  });

  it.each(["30d", "90d"])("adds up to the overview totals for the same range (%s)", async (timeRange) => {
    const [{ body: h }, { body: o }] = await Promise.all([heatmap({ timeRange }), getJson(sandbox, "/analytics/overview", { timeRange })]);
    const cells = h.data.heatmap as Cell[];
    expect(cells.reduce((s, c) => s + c.emails_sent, 0)).toBe(o.data.summary.emails_sent);
    expect(cells.reduce((s, c) => s + c.emails_opened, 0)).toBe(o.data.summary.emails_opened);
  });

  it("adds up to each campaign's totals for the range, in any zone", async () => {
    for (const [campaign, timezone] of dataset.campaigns.map((c, i) => [c, ["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"][i % 4]!] as const)) {
      const [{ body: h }, { body: c }] = await Promise.all([
        heatmap({ campaignId: campaign.id, timeRange: "30d", timezone }),
        getJson(sandbox, `/campaigns/${campaign.id}/analytics`, { timeRange: "30d" }),
      ]);
      const cells = h.data.heatmap as Cell[];
      expect({ id: campaign.id, sent: cells.reduce((s, x) => s + x.emails_sent, 0) }).toEqual({ id: campaign.id, sent: c.data.summary.emails_sent });
      expect(cells.reduce((s, x) => s + x.emails_opened, 0)).toBe(c.data.summary.emails_opened);
    }
  });

  it("buckets by UTC hours with timezone=UTC", async () => {
    const { body } = await heatmap({ timezone: "UTC", timeRange: "90d" });
    expect(body.data.timezone).toBe("UTC");
    expect(cellCounts(body.data.heatmap)).toEqual(oracleCounts(oracle(dataset, dataset.campaigns, 90, () => 0)));
  });

  it("moves events by New York's offset across the fall-back change (90d up to 2025-11-26 spans 2025-11-02)", async () => {
    const { body } = await heatmap({ timezone: "America/New_York", timeRange: "90d" });
    const expected = oracle(dataset, dataset.campaigns, 90, newYork);
    expect(cellCounts(body.data.heatmap)).toEqual(oracleCounts(expected));
    // The change matters in this range: one fixed offset for all of it would put events elsewhere.
    expect(cellCounts(body.data.heatmap)).not.toEqual(oracleCounts(oracle(dataset, dataset.campaigns, 90, () => -4)));
    expect(cellCounts(body.data.heatmap)).not.toEqual(oracleCounts(oracle(dataset, dataset.campaigns, 90, () => -5)));
    // And the zone differs from UTC: Monday 00–04 UTC is Sunday evening in New York.
    const { body: utc } = await heatmap({ timezone: "UTC", timeRange: "90d" });
    expect(cellCounts(body.data.heatmap)).not.toEqual(cellCounts(utc.data.heatmap));
  });

  it("moves events by the offset across the spring-forward changes (New York and Berlin)", async () => {
    for (const [timezone, offset] of [
      ["America/New_York", newYork],
      ["Europe/Berlin", berlin],
    ] as const) {
      const { body } = await heatmap({ timezone, timeRange: "90d" }, spring);
      expect(cellCounts(body.data.heatmap)).toEqual(oracleCounts(oracle(springDataset, springDataset.campaigns, 90, offset)));
    }
  });

  it("fills a single campaign's Monday evening from the UTC hours New York's offset says", async () => {
    // Monday evening in New York is Monday 21:00Z–Tuesday 03:59Z before 11-02 (EDT), 22:00Z–04:59Z after (EST).
    const abc = dataset.campaignById("cmp_abc123")!;
    const { body: utc } = await heatmap({ campaignId: abc.id, timezone: "UTC", timeRange: "90d" });
    const { body: ny } = await heatmap({ campaignId: abc.id, timezone: "America/New_York", timeRange: "90d" });
    const sent = (cells: Cell[], day: string, period: string) => cells.find((c) => c.day_of_week === day && c.time_period === period)!.emails_sent;
    const expected = oracle(dataset, [abc], 90, newYork);
    expect(sent(ny.data.heatmap, "Monday", "evening")).toBe(expected.cells.get("Monday/evening")!.sent);
    expect(sent(utc.data.heatmap, "Monday", "evening")).toBe(oracle(dataset, [abc], 90, () => 0).cells.get("Monday/evening")!.sent);
    expect(sent(ny.data.heatmap, "Monday", "evening")).not.toBe(sent(utc.data.heatmap, "Monday", "evening"));
  });

  it("computes open rate and engagement score by the formula on a hand-computed cell", async () => {
    const abc = dataset.campaignById("cmp_abc123")!;
    // Tuesday office hours in UTC over the last 30 days: the Tuesdays' 09:00–16:59Z hours.
    const total = zeroCounts();
    for (let day = dataset.today - 30; day <= dataset.today; day++) {
      if (weekdayIndex(day) !== 1) continue;
      dataset.hourlyCounts(abc, day).forEach((counts, hour) => {
        if (hour >= 9 && hour < 17) addInto(total, counts);
      });
    }
    expect(total.sent).toBeGreaterThan(0);
    const { body } = await heatmap({ campaignId: abc.id, timezone: "UTC" });
    const cell = (body.data.heatmap as Cell[]).find((c) => c.day_of_week === "Tuesday" && c.time_period === "office_hours")!;
    expect(cell.emails_sent).toBe(total.sent);
    expect(cell.emails_opened).toBe(total.opened);
    const score = ((total.opened * 0.3 + total.clicked * 0.4 + total.replied * 0.3) / total.sent) * 100;
    expect(cell.engagement_score).toBeCloseTo(score, 2);
    expect(Math.abs(cell.engagement_score - score)).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(cell.open_rate).toBeCloseTo((total.opened / total.delivered) * 100, 2);
  });

  it("names the best cell as optimal_send_time, with the busiest hour inside it", async () => {
    for (const [timezone, offset] of [
      ["UTC", () => 0],
      ["America/New_York", newYork],
    ] as const) {
      const { body } = await heatmap({ timezone, timeRange: "90d" });
      const cells = body.data.heatmap as Cell[];
      const best = cells.filter((c) => c.emails_sent > 0).reduce((a, b) => (b.engagement_score > a.engagement_score ? b : a));
      const optimal = body.data.optimal_send_time;
      expect(optimal.day_of_week).toBe(best.day_of_week);
      expect(optimal.engagement_score).toBe(best.engagement_score);
      expect(periodOf(optimal.hour)).toBe(best.time_period);
      const { sentByHour } = oracle(dataset, dataset.campaigns, 90, offset);
      const inPeriod = Array.from({ length: 24 }, (_, h) => h).filter((h) => periodOf(h) === best.time_period);
      const busiest = inPeriod.reduce((a, h) => ((sentByHour.get(`${best.day_of_week}/${h}`) ?? 0) > (sentByHour.get(`${best.day_of_week}/${a}`) ?? 0) ? h : a));
      expect(optimal.hour).toBe(busiest);
    }
  });

  it("answers empty cells and Monday 00:00 for a campaign that never sent", async () => {
    const draft = dataset.campaigns.find((c) => c.firstSendDay === null)!;
    const { status, body } = await heatmap({ campaignId: draft.id });
    expect(status).toBe(200);
    expect(body.data.heatmap).toHaveLength(28);
    for (const cell of body.data.heatmap as Cell[]) expect(cell).toMatchObject({ emails_sent: 0, emails_opened: 0, open_rate: 0, engagement_score: 0 });
    expect(body.data.optimal_send_time).toEqual({ day_of_week: "Monday", hour: 0, engagement_score: 0 });
  });
});

describe("GET …/analytics/engagement-heatmap: errors", () => {
  it.each([["7d"], ["custom"]])("rejects timeRange=%s with a 400 listing 30d and 90d", async (timeRange) => {
    const { status, body } = await heatmap({ timeRange });
    expect(status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.message).toContain("timeRange must be one of: 30d, 90d");
  });

  it.each([["Mars/Olympus_Mons"], [""], ["+05:00"], ["America/New York"]])("rejects timezone=%j with a 400", async (timezone) => {
    const { status, body } = await heatmap({ timezone });
    expect(status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.message).toMatch(/^timezone must be an IANA time zone name/);
  });

  it("answers 404 CAMPAIGN_NOT_FOUND for an unknown campaign", async () => {
    const { status, body } = await heatmap({ campaignId: "cmp_nope00" });
    expect(status).toBe(404);
    expect(body).toEqual({ success: false, error: { code: "CAMPAIGN_NOT_FOUND", message: "Campaign with ID cmp_nope00 not found in workspace ws_xyz789" } });
  });
});
