import { describe, expect, it } from "vitest";
import type { EngagementHeatmap } from "../../src/providers/tenant/schemas.js";
import { DAYS_OF_WEEK, HEATMAP_METRICS, TIME_PERIODS } from "../../src/providers/vocabulary.js";
import { FEW_SENDS_MARK, SHADES, bestRankedCell, periodOfHour, renderHeatmap, scaleFraction, shadeIndex, viridis } from "../../src/render/heatmap.js";
import { createTheme } from "../../src/render/theme.js";

// eslint-disable-next-line no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-9;]*m/g;
const visible = (line: string): number => [...line.replace(ANSI_SEQUENCE, "")].length;

/** 28 cells with open rates rising through the week; Sunday nighttime sent nothing. */
function sample(overrides: Partial<EngagementHeatmap> = {}): EngagementHeatmap {
  const heatmap = DAYS_OF_WEEK.flatMap((day, d) =>
    TIME_PERIODS.map((period, p) => {
      const sent = day === "Sunday" && period === "nighttime" ? 0 : 1000 + 100 * d + 10 * p;
      const rate = sent === 0 ? 0 : 10 + d * 4 + p;
      return {
        day_of_week: day,
        time_period: period,
        emails_sent: sent,
        emails_opened: Math.round((sent * rate) / 100),
        open_rate: rate,
        engagement_score: sent === 0 ? 0 : rate / 2,
      };
    }),
  );
  return {
    workspace_id: "ws_xyz789",
    timezone: "America/New_York",
    optimal_send_time: { day_of_week: "Saturday", hour: 7, engagement_score: 18.5 },
    heatmap,
    ...overrides,
  };
}

const cellText = (lines: string[], day: string): string => lines.find((line) => line.replace(ANSI_SEQUENCE, "").startsWith(day)) ?? "";

describe("heatmap scale helpers", () => {
  it("maps values to fractions and quarters", () => {
    expect(scaleFraction(10, 10, 20)).toBe(0);
    expect(scaleFraction(20, 10, 20)).toBe(1);
    expect(scaleFraction(15, 10, 20)).toBe(0.5);
    expect(scaleFraction(5, 5, 5)).toBe(1);
    expect([0, 0.24, 0.25, 0.5, 0.75, 0.99, 1].map(shadeIndex)).toEqual([0, 0, 1, 2, 3, 3, 3]);
  });

  it("runs viridis from dark purple to yellow", () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    const middle = viridis(0.5);
    expect(middle[1]).toBeGreaterThan(100);
  });

  it("knows the documented periods of the hours", () => {
    expect([0, 5, 6, 8, 9, 16, 17, 23].map(periodOfHour)).toEqual([
      "nighttime",
      "nighttime",
      "early_morning",
      "early_morning",
      "office_hours",
      "office_hours",
      "evening",
      "evening",
    ]);
  });
});

describe("renderHeatmap without colour", () => {
  const theme = createTheme(0);

  it("draws Monday…Sunday rows and the periods in time order, values with shading", () => {
    const lines = renderHeatmap(sample(), { columns: 80, theme, metric: "open_rate", range: "30d" });
    const text = lines.join("\n");
    expect(text).not.toMatch(ANSI_SEQUENCE);
    expect(lines[0]).toBe("Engagement heatmap · last 30 days · America/New_York");
    const dayRows = lines.filter((line) => DAYS_OF_WEEK.some((day) => line.startsWith(day)));
    expect(dayRows.map((line) => line.split(" ")[0])).toEqual([...DAYS_OF_WEEK]);
    const header = lines.find((line) => line.includes("nighttime"))!;
    expect(header.indexOf("nighttime")).toBeLessThan(header.indexOf("early morning"));
    expect(header.indexOf("office hours")).toBeLessThan(header.indexOf("evening"));
    // Lowest value (Monday nighttime, 10%) is in the lowest quarter, highest (Sunday evening, 37%) in the top one.
    expect(cellText(lines, "Monday")).toContain("░░ 10.00%");
    expect(cellText(lines, "Wednesday")).toContain("▒▒ 19.00%");
    expect(cellText(lines, "Sunday")).toContain("██ 37.00%");
    // Sunday nighttime sent nothing: a dash, and it does not stretch the scale down to 0.
    expect(cellText(lines, "Sunday")).toMatch(/^Sunday\s+–/);
    expect(text).toContain("Scale: 10.00% ░ ▒ ▓ █ 37.00%");
  });

  it("marks the best slot in the grid and calls it out, with the hour when it is the API's optimum", () => {
    const data = sample({ optimal_send_time: { day_of_week: "Sunday", hour: 19, engagement_score: 18.5 } });
    const lines = renderHeatmap(data, { columns: 80, theme, metric: "open_rate" });
    expect(cellText(lines, "Sunday")).toContain("37.00% ★");
    expect(lines.filter((line) => line.includes("★"))).toHaveLength(2);
    const text = lines.join("\n").replace(/\s+/g, " ");
    expect(text).toContain("★ Best time to send: Sunday around 19:00 (evening, America/New_York)");
    expect(text).toContain("engagement score 18.50, from 1,630 emails sent in that slot");
    expect(text).not.toContain("The API's optimum");
  })

  it.each([40, 50, 60, 80, 100, 120, 200])("keeps every line within %i columns for every metric", (columns) => {
    for (const metric of HEATMAP_METRICS) {
      const big = sample({
        heatmap: sample().heatmap.map((cell) => ({ ...cell, emails_sent: cell.emails_sent * 12_345, emails_opened: cell.emails_opened * 12_345 })),
      });
      for (const data of [sample(), big]) {
        const lines = renderHeatmap(data, { columns, theme, metric, range: "90d" });
        for (const line of lines) expect({ line, width: visible(line) }).toEqual({ line, width: Math.min(visible(line), columns) });
        // Every cell that sent keeps a shading character, however narrow.
        for (const day of DAYS_OF_WEEK.slice(0, 6)) {
          const row = cellText(lines, columns >= 60 ? day : day.slice(0, 3));
          expect(SHADES.some((shade) => row.includes(shade))).toBe(true);
        }
      }
    }
  });

  it("shows the engagement score and counts when asked", () => {
    const score = renderHeatmap(sample(), { columns: 80, theme, metric: "engagement_score" }).join("\n");
    expect(score).toContain("Cells: engagement score");
    expect(score).toContain("Scale: 5.00 ░ ▒ ▓ █ 18.50");
    const sent = renderHeatmap(sample(), { columns: 80, theme, metric: "emails_sent" }).join("\n");
    expect(sent).toContain("1,000");
    expect(sent).toContain("Scale: 1,000 ░ ▒ ▓ █ 1,630");
  });

  it("neutralises control characters in the server's time zone", () => {
    const lines = renderHeatmap(sample({ timezone: "Evil/\u001b[2JZone" }), { columns: 80, theme, metric: "open_rate" });
    expect(lines.join("\n")).not.toContain("\u001b");
    expect(lines[0]).toContain("Evil/\\x1b[2JZone");
  });

  it("says so when nothing was sent, and tolerates missing cells", () => {
    const empty = sample({ heatmap: sample().heatmap.map((cell) => ({ ...cell, emails_sent: 0, emails_opened: 0, open_rate: 0, engagement_score: 0 })) });
    const lines = renderHeatmap(empty, { columns: 80, theme, metric: "open_rate" });
    expect(lines.join("\n")).toContain("No emails were sent in this range");
    expect(lines.join("\n")).not.toContain("Best time");
    const partial = sample({ heatmap: sample().heatmap.filter((cell) => cell.time_period === "office_hours") });
    const partialLines = renderHeatmap(partial, { columns: 80, theme, metric: "open_rate" });
    expect(cellText(partialLines, "Monday")).toMatch(/^Monday\s+–\s+–\s+░░ 12\.00%\s+–$/);
  });
});

describe("renderHeatmap with colour", () => {
  it.each([
    [1, "\u001b[44m", "\u001b[43m"],
    [2, "\u001b[48;5;54m", "\u001b[48;5;226m"],
    [3, "\u001b[48;2;68;1;84m", "\u001b[48;2;253;231;37m"],
  ] as const)("uses a sequential scale at level %i", (level, lowest, highest) => {
    const lines = renderHeatmap(sample(), { columns: 80, theme: createTheme(level), metric: "open_rate" });
    expect(cellText(lines, "Monday")).toContain(lowest);
    expect(cellText(lines, "Sunday")).toContain(highest);
    for (const line of lines) expect(visible(line)).toBeLessThanOrEqual(80);
    // The values stay readable inside the coloured cells.
    expect(cellText(lines, "Monday").replace(ANSI_SEQUENCE, "")).toContain("10.00%");
    const legend = lines.find((line) => line.startsWith("Scale: 10.00%"))!;
    expect(legend).toContain(lowest);
    expect(legend).toContain(highest);
  });

  it("leaves the no-sends cell uncoloured", () => {
    const lines = renderHeatmap(sample(), { columns: 80, theme: createTheme(3), metric: "open_rate" });
    const sunday = cellText(lines, "Sunday");
    const firstCell = sunday.slice(0, sunday.indexOf("–") + 1);
    expect(firstCell).not.toContain("48;2;");
  });
});

describe("the best time only from slots with enough sends", () => {
  /** The case: Sunday nighttime at 75% from 4 emails, the API's optimum. */
  function withTinySlot(sends = 4): EngagementHeatmap {
    const data = sample();
    const tiny = data.heatmap.find((c) => c.day_of_week === "Monday" && c.time_period === "nighttime")!;
    Object.assign(tiny, { emails_sent: sends, emails_opened: Math.min(sends, 3), open_rate: 75, engagement_score: 50 });
    data.optimal_send_time = { day_of_week: "Monday", hour: 4, engagement_score: 50 };
    return data;
  }

  it.each([40, 80, 120])("at %i columns, gives the headline and ★ to the best ranked slot, the API's pick beside it", (columns) => {
    for (const level of [0, 3] as const) {
      const lines = renderHeatmap(withTinySlot(), { columns, theme: createTheme(level), metric: "open_rate", range: "30d" }).map((l) => l.replace(ANSI_SEQUENCE, ""));
      const text = lines.join("\n").replace(/\s+/g, " ");
      expect(text).toContain("★ Best time to send: Sunday evening (17–24, America/New_York)");
      expect(text).toContain("ranked among slots with ≥ 30 emails and ≥ 1% of all sends");
      expect(text).toContain("The API's optimum: Monday around 04:00 (nighttime, America/New_York), engagement score 50.00, from 4 emails: too few to rank");
      const star = lines.filter((line) => line.includes("★") && !line.includes("Best time"));
      if (columns >= 80) expect(star.every((line) => !line.startsWith("Mon"))).toBe(true);
      for (const line of lines) expect(visible(line)).toBeLessThanOrEqual(columns);
    }
  });

  it("says email, not emails, for one", () => {
    const text = renderHeatmap(withTinySlot(1), { columns: 80, theme: createTheme(0), metric: "open_rate" }).join("\n").replace(/\s+/g, " ");
    expect(text).toContain("from 1 email: too few to rank");
    expect(text).not.toContain("1 emails");
  });

  it("dims tiny slots and keeps them off the colour scale", () => {
    const plainLines = renderHeatmap(withTinySlot(), { columns: 80, theme: createTheme(0), metric: "open_rate" });
    expect(cellText(plainLines, "Monday")).toContain(`${FEW_SENDS_MARK}${FEW_SENDS_MARK} 75.00%`);
    // The 75% outlier does not stretch the scale: it still runs 11%–37% over the ranked slots.
    expect(plainLines.join("\n")).toContain("Scale: 11.00% ░ ▒ ▓ █ 37.00%");
    expect(plainLines.join("\n")).toContain("under 30 emails or under 1% of all sends: too few to rank");
    const colour = renderHeatmap(withTinySlot(), { columns: 80, theme: createTheme(3), metric: "open_rate" });
    const monday = cellText(colour, "Monday");
    const first = monday.slice(0, monday.indexOf("75.00%") + 6);
    expect(first).toContain("\u001b[2m");
    expect(first).not.toContain("48;2;");
  });

  it("names no best time when no slot has enough sends", () => {
    const data = sample({ heatmap: sample().heatmap.map((cell) => ({ ...cell, emails_sent: Math.min(cell.emails_sent, 20) })) });
    expect(bestRankedCell(data)).toBeUndefined();
    const text = renderHeatmap(data, { columns: 80, theme: createTheme(0), metric: "open_rate" }).join("\n").replace(/\s+/g, " ");
    expect(text).toContain("No slot has ≥ 30 emails and ≥ 1% of all sends: too few sends to name a best time.");
    expect(text).toContain("The API's optimum: Saturday around 07:00");
    expect(text).not.toContain("★ Best time");
  });

  it("names the campaign in the header of a --campaign view", () => {
    const lines = renderHeatmap(sample(), { columns: 120, theme: createTheme(0), metric: "open_rate", range: "90d", campaign: { id: "cmp_abc123", name: "Q4 Outreach Campaign" } });
    expect(lines[0]).toBe("Engagement heatmap · Q4 Outreach Campaign (cmp_abc123) · last 90 days · America/New_York");
    const idOnly = renderHeatmap(sample(), { columns: 120, theme: createTheme(0), metric: "open_rate", campaign: { id: "cmp_abc123" } });
    expect(idOnly[0]).toBe("Engagement heatmap · campaign cmp_abc123 · America/New_York");
  });
});
