import { describe, expect, it } from "vitest";
import type { CampaignAnalytics } from "../../src/providers/tenant/schemas.js";
import type { GroupBy } from "../../src/providers/vocabulary.js";
import { bucketSeries, dataToday } from "../../src/render/buckets.js";
import { type CampaignView, renderCampaign } from "../../src/render/campaign.js";
import { PARTIAL_MARK } from "../../src/render/chart.js";
import { createTheme } from "../../src/render/theme.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const strip = (line: string): string => line.replace(ANSI, "");
const width = (line: string): number => [...strip(line)].length;

const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A daily series from `from` for `days` days, ending on the range's end. */
function campaign(days: number, options: { name?: string; start?: string; period?: string } = {}): CampaignAnalytics {
  const startMs = Date.parse(`${options.start ?? "2025-10-27"}T00:00:00Z`);
  const endMs = startMs + days * DAY_MS - 1000;
  return {
    campaign_id: "cmp_abc123",
    campaign_name: options.name ?? "Q4 Outreach Campaign",
    time_range: { start: new Date(startMs).toISOString().slice(0, 19) + "Z", end: new Date(endMs).toISOString().slice(0, 19) + "Z", period: options.period ?? "30d" },
    summary: { emails_sent: 5000, emails_delivered: 4900, emails_bounced: 100, emails_opened: 1470, emails_clicked: 245, emails_replied: 98, spam_complaints: 5, unsubscribes: 12 },
    rates: { delivery_rate: 98, open_rate: 30, click_rate: 5, click_to_open_rate: 16.67, reply_rate: 2, bounce_rate: 2, spam_rate: 0.1, unsubscribe_rate: 0.24 },
    time_series: Array.from({ length: days }, (_, i) => ({
      date: isoDay(startMs + i * DAY_MS),
      sent: 100 + (i % 7) * 20,
      delivered: 98,
      opened: 30 + (i % 5),
      clicked: 5,
      replied: i % 3,
    })),
  };
}

/** The 90-day monthly view of the issue: 2026-09-03 → 2026-12-02, today 2026-12-02. */
function monthly(): CampaignAnalytics {
  return {
    ...campaign(1),
    time_range: { start: "2026-09-03T00:00:00Z", end: "2026-12-02T23:59:59Z", period: "90d" },
    time_series: [
      { date: "2026-09-01", sent: 1421, delivered: 1400, opened: 709, clicked: 50, replied: 20 },
      { date: "2026-10-01", sent: 1627, delivered: 1600, opened: 800, clicked: 51, replied: 31 },
      { date: "2026-11-01", sent: 1532, delivered: 1500, opened: 782, clicked: 49, replied: 28 },
      { date: "2026-12-01", sent: 121, delivered: 119, opened: 60, clicked: 5, replied: 1 },
    ],
  };
}

const view = (extra: Partial<CampaignView> = {}): CampaignView => ({
  columns: 80,
  theme: createTheme(0),
  chart: true,
  groupBy: "day",
  today: "2025-11-25",
  ...extra,
});

describe("renderCampaign: the funnel", () => {
  it("shows the document's example as counts with their rates", () => {
    const text = renderCampaign(campaign(31), view({ chart: false })).join("\n");
    expect(text).toMatch(/│ Sent\s+│\s+5,000 │/);
    expect(text).toMatch(/│ Click-to-open\s+│\s+│\s+16\.67% │ of opened/);
    expect(text).toMatch(/│ Unsubscribed\s+│\s+12 │\s+0\.24% │ of sent/);
  });

  it("prints n/a, never 0.00%, for rates of nothing", () => {
    const data = campaign(7);
    data.summary = { emails_sent: 0, emails_delivered: 0, emails_bounced: 0, emails_opened: 0, emails_clicked: 0, emails_replied: 0, spam_complaints: 0, unsubscribes: 0 };
    data.rates = { delivery_rate: 0, open_rate: 0, click_rate: 0, click_to_open_rate: 0, reply_rate: 0, bounce_rate: 0, spam_rate: 0, unsubscribe_rate: 0 };
    const text = renderCampaign(data, view({ chart: false })).join("\n");
    expect(text).not.toContain("0.00%");
    for (const label of ["Delivered", "Opened", "Clicked", "Click-to-open", "Replied", "Bounced"]) expect(text).toMatch(new RegExp(`│ ${label}\\s+│[^│]*│\\s+n/a │`));
  });

  it("prints n/a only where the denominator is zero (delivered 0, sent 10)", () => {
    const data = campaign(7);
    data.summary = { ...data.summary, emails_sent: 10, emails_delivered: 0, emails_bounced: 10, emails_opened: 0, emails_clicked: 0, emails_replied: 0 };
    data.rates = { ...data.rates, delivery_rate: 0, bounce_rate: 100, open_rate: 0 };
    const text = renderCampaign(data, view({ chart: false })).join("\n");
    expect(text).toMatch(/│ Delivered\s+│\s+0 │\s+0\.00% │/);
    expect(text).toMatch(/│ Opened\s+│\s+0 │\s+n\/a │/);
  });
});

describe("renderCampaign: buckets", () => {
  it("starts the monthly axis and table at the range's start, and marks the cut month and today's as partial", () => {
    const lines = renderCampaign(monthly(), view({ groupBy: "month", today: "2026-12-02" }));
    const text = lines.join("\n");
    expect(text).not.toContain("2026-09-01");
    expect(text).toMatch(/│ 2026-09-03 → 09-30 \* │\s+1,421 │/);
    expect(text).toMatch(/│ 2026-10-01 → 10-31\s+│\s+1,627 │/);
    expect(text).toMatch(/│ 2026-12-01 → 12-02 \* │\s+121 │/);
    expect(text).toContain("* 2026-09-03 → 09-30: 28 of 30 days of the month (the range cuts it)");
    expect(text).toContain("* 2026-12-01 → 12-02: today's data is still arriving");
    const axes = lines.filter((line) => line.startsWith(" ") && line.trimStart().startsWith("2026-09-03"));
    expect(axes).toHaveLength(4);
    // December's 121 is a dot, not the end of a line falling to the bottom.
    const sentChart = lines.slice(lines.indexOf("Sent per month"), lines.indexOf("Sent per month") + 10);
    const bottom = sentChart.find((line) => line.trimStart().startsWith("0 ┤"))!;
    expect(bottom.split(" ┤")[1]).toMatch(new RegExp(`^ +${PARTIAL_MARK}+$`));
  });

  it("marks today's day as partial in a daily view and draws it apart from the line", () => {
    const data = campaign(31);
    const today = data.time_series.at(-1)!.date;
    data.time_series.at(-1)!.sent = 3;
    const lines = renderCampaign(data, view({ today }));
    const text = lines.join("\n");
    expect(text).toContain(`${PARTIAL_MARK} ${today}: today's data is still arriving`);
    const sent = lines.slice(lines.indexOf("Sent per day") + 1, lines.indexOf("Sent per day") + 9);
    expect(sent.at(-1)).toMatch(new RegExp(`${PARTIAL_MARK}+$`));
  });

  it("leaves out days after today and says so", () => {
    const data = campaign(20, { start: "2026-11-20", period: "custom" });
    const lines = renderCampaign(data, view({ today: "2026-12-02" }));
    const text = lines.join("\n");
    expect(text).toContain("Not shown: 2026-12-03 → 2026-12-09, after today (no data yet)");
    expect(text).not.toContain("2026-12-05");
  });

  it("lists few buckets as a table, many only as charts", () => {
    expect(renderCampaign(campaign(7), view({ chart: false })).join("\n")).toMatch(/│ Day\s+│\s+Sent │/);
    expect(renderCampaign(campaign(31), view({ chart: false })).join("\n")).not.toMatch(/│ Day\s+│/);
  });

  it("draws no chart for a one-day range, one line saying why", () => {
    const lines = renderCampaign(campaign(1), view());
    expect(lines).toContain("Sent per day: no chart for 1 day (a trend needs at least 3)");
    expect(lines.filter((line) => line.includes(" ┤"))).toEqual([]);
  });

  it("draws no chart of all zeros", () => {
    const data = campaign(10);
    for (const point of data.time_series) point.clicked = 0;
    expect(renderCampaign(data, view()).join("\n")).toContain("Clicked per day: no chart: 0 in every day of this range");
  });
});

describe("bucketSeries and dataToday", () => {
  it("clips weeks to the range and finds the cut last week", () => {
    const range = { start: "2025-09-03T00:00:00Z", end: "2025-09-17T23:59:59Z" };
    const points = ["2025-09-01", "2025-09-08", "2025-09-15"].map((date) => ({ date }));
    const { buckets } = bucketSeries(points, range, "week" as GroupBy, "2025-11-26");
    expect(buckets.map((b) => [b.from, b.to, b.days, b.partial])).toEqual([
      ["2025-09-03", "2025-09-07", 5, "cut"],
      ["2025-09-08", "2025-09-14", 7, undefined],
      ["2025-09-15", "2025-09-17", 3, "cut"],
    ]);
  });

  it("takes today from a relative range's end, and from the clock for custom dates", () => {
    const now = new Date("2030-01-01T10:00:00Z");
    expect(dataToday({ end: "2025-11-26T23:59:59Z", period: "30d" }, now)).toBe("2025-11-26");
    expect(dataToday({ end: "2025-11-26T23:59:59Z", period: "custom" }, now)).toBe("2030-01-01");
  });
});

describe("renderCampaign: layout", () => {
  it.each([40, 80, 120])("keeps every line within %i columns, with and without colour, for 1 to 181 points", (columns) => {
    for (const days of [1, 7, 31, 181]) {
      for (const level of [0, 3] as const) {
        const lines = renderCampaign(campaign(days), view({ columns, theme: createTheme(level), today: campaign(days).time_series.at(-1)!.date }));
        for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(columns);
      }
    }
  });

  it.each([40, 80, 120])("at %i columns draws the same charts, of at least 8 rows, with colour on or off", (columns) => {
    const plain = renderCampaign(monthly(), view({ columns, groupBy: "month", today: "2026-12-02" }));
    for (const level of [1, 3] as const) {
      const coloured = renderCampaign(monthly(), view({ columns, groupBy: "month", today: "2026-12-02", theme: createTheme(level) }));
      expect(coloured.join("\n")).toMatch(ANSI);
      expect(coloured.map(strip)).toEqual(plain);
    }
    for (const title of ["Sent per month", "Opened per month", "Clicked per month", "Replied per month"]) {
      const at = plain.indexOf(title);
      expect(at, title).toBeGreaterThan(0);
      const rows = plain.slice(at + 1).findIndex((line) => !line.includes("┤"));
      expect(rows).toBeGreaterThanOrEqual(8);
    }
  });

  it("takes the chart height from the terminal", () => {
    const rowsOf = (lines: string[]): number => lines.slice(lines.indexOf("Sent per day") + 1).findIndex((line) => !line.includes("┤"));
    expect(rowsOf(renderCampaign(campaign(31), view({ rows: 24 })))).toBe(8);
    expect(rowsOf(renderCampaign(campaign(31), view({ rows: 48 })))).toBe(16);
  });

  it("gives each series its own titled chart: nothing depends on colour to tell them apart", () => {
    const text = renderCampaign(campaign(31), view({ theme: createTheme(1) })).map(strip).join("\n");
    for (const title of ["Sent per day", "Opened per day", "Clicked per day", "Replied per day"]) expect(text).toContain(title);
    expect(text).not.toContain("━━");
  });

  it("uses whole numbers on the count axes", () => {
    const lines = renderCampaign(campaign(31), view());
    const labels = lines.filter((line) => line.includes(" ┤")).map((line) => line.split(" ┤")[0]!.trim());
    expect(labels.length).toBeGreaterThan(30);
    for (const label of labels) expect(label).toMatch(/^[\d,]+$/);
  });

  it("neutralises control characters in the campaign name", () => {
    const lines = renderCampaign(campaign(3, { name: "\u001b[2J\u001b[HEvil\u0007" }), view());
    const text = lines.join("\n");
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(lines[0]).toBe("\\x1b[2J\\x1b[HEvil\\x07 (cmp_abc123)");
  });

  it("says so when there are no points", () => {
    const text = renderCampaign(campaign(0), view()).join("\n");
    expect(text).toContain("Sent per day: no days in this range");
  });
});
