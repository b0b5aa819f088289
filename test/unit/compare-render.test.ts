import { describe, expect, it } from "vitest";
import type { CompareResult } from "../../src/providers/shapes.js";
import { BEST_MARK, NO_WINNER, barBaseline, bestRows, compareMetrics, displayWidth, fitText, formatPValue, renderCompare, windowLabel } from "../../src/render/compare.js";
import { createTheme } from "../../src/render/theme.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = createTheme(0);
const coloured = createTheme(1);
const strip = (line: string): string => line.replace(ANSI, "");

const NAMES = [
  "Q4 Outreach Campaign",
  "Product Launch",
  "Enterprise Follow-up",
  "Webinar Invitation - December",
  "SaaS Founders Cold Outreach",
  "Re-engagement: Dormant Leads",
  "Partner Program Recruitment",
  "Customer Case Study Nurture",
  "Series A CTO Outreach",
  "Event Follow-up: Web Summit",
];
const ALL_METRICS = ["open_rate", "click_rate", "reply_rate", "delivery_rate", "click_to_open_rate", "bounce_rate", "spam_rate", "unsubscribe_rate"];

/** n campaigns with distinct values; the API's winner is the highest (lowest for the three lower-is-better rates). */
function sample(n: number, metrics: readonly string[] = ["open_rate", "click_rate", "reply_rate", "delivery_rate"]): CompareResult {
  const comparison = Array.from({ length: n }, (_, i) => ({
    campaign_id: `cmp_${String(i).padStart(6, "0")}`,
    campaign_name: NAMES[i % NAMES.length]!,
    metrics: Object.fromEntries(metrics.map((metric, m) => [metric, Math.round((10 + ((i * 7 + m * 3) % 23) * 3.77) * 100) / 100])),
  }));
  const statistical_significance = metrics.map((metric) => {
    const values = comparison.map((row) => row.metrics[metric]!);
    const lower = ["bounce_rate", "spam_rate", "unsubscribe_rate"].includes(metric);
    const best = lower ? Math.min(...values) : Math.max(...values);
    return { metric, winner: comparison[values.indexOf(best)]!.campaign_id, p_value: 0.0004, is_significant: true };
  });
  return { comparison, statistical_significance };
}

const view = (columns: number, extra: Partial<Parameters<typeof renderCompare>[1]> = {}) => ({
  columns,
  theme: plain,
  window: { timeRange: "30d" },
  ...extra,
});

function expectWithin(lines: readonly string[], columns: number): void {
  for (const line of lines) expect([...strip(line)].length, line).toBeLessThanOrEqual(columns);
}

describe("formatPValue: one format everywhere, three significant digits", () => {
  it.each([
    [0, "<0.001"],
    [1e-300, "<0.001"],
    [0.000999, "<0.001"],
    [0.001, "0.00100"],
    [0.0123, "0.0123"],
    [0.00259, "0.00259"],
    [0.52, "0.520"],
    [0.04951, "0.0495"],
    [0.0504, "0.0504"],
    [0.05, "0.0500"],
    [1, "1.00"],
    [Number.NaN, "–"],
  ])("%s → %s", (p, text) => {
    expect(formatPValue(p)).toBe(text);
  });

  it("never prints a p just under or just over 0.05 the same as 0.05 itself", () => {
    expect(formatPValue(0.049996)).toBe("0.049996");
    expect(formatPValue(0.050004)).toBe("0.050004");
    expect(formatPValue(0.0499999999)).not.toBe(formatPValue(0.05));
    expect(Number(formatPValue(0.0499999999))).toBeLessThan(0.05);
  });
});

describe("text fitting", () => {
  it("cuts with an ellipsis by display width, wide characters counting two", () => {
    expect(fitText("Product Launch", 20)).toBe("Product Launch");
    expect(fitText("Webinar Invitation - December", 12)).toBe("Webinar Inv…");
    expect(displayWidth("日本語キャンペーン")).toBe(18);
    expect(displayWidth(fitText("日本語キャンペーン", 7))).toBeLessThanOrEqual(7);
    expect(fitText("日本語キャンペーン", 7)).toBe("日本語…");
  });
});

describe("windowLabel", () => {
  it("names relative and custom windows", () => {
    expect(windowLabel({ timeRange: "7d" })).toBe("last 7 days");
    expect(windowLabel({ timeRange: "custom", startDate: "2025-11-01", endDate: "2025-11-15" })).toBe("2025-11-01 → 2025-11-15");
  });
});

describe("best value per metric", () => {
  it("follows the API's winner when the difference is significant", () => {
    const data = sample(3);
    data.statistical_significance[0]!.winner = "cmp_000002";
    expect([...bestRows(data, "open_rate")]).toEqual([2]);
  });

  it("marks nothing where the difference is not significant, however the values differ", () => {
    const data = sample(3);
    data.statistical_significance[0] = { ...data.statistical_significance[0]!, p_value: 0.52, is_significant: false };
    expect([...bestRows(data, "open_rate")]).toEqual([]);
    // A server that calls p = 0.05 significant disagrees with p < 0.05: no winner either.
    data.statistical_significance[0] = { ...data.statistical_significance[0]!, p_value: 0.05, is_significant: true };
    expect([...bestRows(data, "open_rate")]).toEqual([]);
    data.statistical_significance[0] = { ...data.statistical_significance[0]!, p_value: 0.0499, is_significant: true };
    expect([...bestRows(data, "open_rate")]).toHaveLength(1);
  });

  it("takes the columns from the request, else from the rows", () => {
    const data = sample(2, ["spam_rate", "open_rate"]);
    expect(compareMetrics(data)).toEqual(["spam_rate", "open_rate"]);
    expect(compareMetrics(data, ["open_rate"])).toEqual(["open_rate"]);
  });
});

describe("renderCompare", () => {
  it("shows one row per campaign with name, id, values, a bar, and ★ on each column's best", () => {
    const data = sample(3);
    const lines = renderCompare(data, view(80));
    const text = lines.join("\n");
    expect(lines[0]).toBe("Comparing 3 campaigns · last 30 days");
    expect(text).toMatch(/^Campaign\s+ID\s+Open\s+Click\s+Reply\s+Deliv\.$/m);
    for (const row of data.comparison) {
      const line = lines.find((l) => l.includes(row.campaign_id));
      expect(line, row.campaign_id).toBeDefined();
      expect(line).toContain(row.campaign_name);
      for (const value of Object.values(row.metrics)) expect(line).toContain(value.toFixed(2));
      expect(line).toMatch(/[█▏▎▍▌▋▊▉]/);
    }
    // One mark per metric column in the table, plus the one in the legend.
    const tableLines = lines.filter((l) => /cmp_\d{6}/.test(l) && !l.includes("("));
    expect(tableLines.join("").split(BEST_MARK).length - 1).toBe(4);
    for (const entry of data.statistical_significance) {
      const winnerLine = tableLines.find((l) => l.includes(entry.winner!))!;
      const value = data.comparison.find((row) => row.campaign_id === entry.winner)!.metrics[entry.metric]!;
      expect(winnerLine).toContain(`${BEST_MARK}${value.toFixed(2)}`);
    }
    expect(text).toContain(`${BEST_MARK} significant winner (p < 0.05)`);
    expectWithin(lines, 80);
  });

  it("draws longer bars for larger values in a column", () => {
    const data: CompareResult = {
      comparison: [
        { campaign_id: "cmp_a", campaign_name: "A", metrics: { open_rate: 40 } },
        { campaign_id: "cmp_b", campaign_name: "B", metrics: { open_rate: 10 } },
      ],
      statistical_significance: [{ metric: "open_rate", winner: "cmp_a", p_value: 0.2, is_significant: false }],
    };
    const lines = renderCompare(data, view(80));
    const barOf = (id: string): number => [...(lines.find((l) => l.includes(id) && !l.includes("("))!.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? "")].length;
    expect(barOf("cmp_a")).toBeGreaterThan(barOf("cmp_b") * 3);
  });

  it("prints the significance table: metric, winner name and id, p-value, yes/no in words", () => {
    const data = sample(3);
    data.statistical_significance[1] = { ...data.statistical_significance[1]!, p_value: 0.2345, is_significant: false };
    const lines = renderCompare(data, view(80));
    expect(lines).toContainEqual(expect.stringMatching(/^Metric\s+Winner\s+p-value\s+Significant$/));
    const winner = data.comparison.find((row) => row.campaign_id === data.statistical_significance[0]!.winner)!;
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Open rate\\s+${winner.campaign_name} \\(${winner.campaign_id}\\)\\s+<0\\.001\\s+yes$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^Click rate\\s+${NO_WINNER}\\s+${formatPValue(0.2345).replace(".", "\\.")}\\s+no$`)));
  });

  it.each([
    [2, 80],
    [10, 80],
    [10, 60],
    [10, 40],
    [2, 40],
    [10, 200],
    [3, 120],
  ])("%i campaigns fit %i columns without wrapping, with or without colour", (n, columns) => {
    const data = sample(n);
    const lines = renderCompare(data, view(columns));
    expectWithin(lines, columns);
    expect(renderCompare(data, view(columns, { theme: coloured })).map(strip)).toEqual(lines);
    // Every campaign is on exactly one line of the table: nothing wrapped onto a second line.
    for (const row of data.comparison) {
      expect(lines.filter((l) => l.includes(row.campaign_id) && !l.includes("(")).length).toBeGreaterThanOrEqual(1);
    }
  });

  it("truncates long names with an ellipsis and keeps ids whole at 80 columns with 10 campaigns", () => {
    const lines = renderCompare(sample(10), view(80));
    expect(lines.some((l) => /Webinar Invi[^…]*…\s+cmp_000003/.test(l))).toBe(true);
    for (let i = 0; i < 10; i++) expect(lines.some((l) => l.includes(`cmp_${String(i).padStart(6, "0")}`))).toBe(true);
    // Still with bars.
    expect(lines.filter((l) => /cmp_0000\d\d/.test(l) && /[█▏▎▍▌▋▊▉]/.test(l)).length).toBeGreaterThanOrEqual(9);
  });

  it("splits all eight metrics over several tables rather than wrap at 80 columns", () => {
    const data = sample(10, ALL_METRICS);
    const lines = renderCompare(data, view(80, { metrics: ALL_METRICS }));
    expectWithin(lines, 80);
    const headers = lines.filter((l) => l.startsWith("Campaign "));
    expect(headers.length).toBeGreaterThan(1);
    for (const label of ["Open", "Click", "Reply", "Deliv.", "CTO", "Bounce", "Spam", "Unsub."]) {
      expect(headers.filter((h) => h.includes(label))).toHaveLength(1);
    }
    expect(lines.join("\n")).toContain("lowest for Bounce, Spam, Unsub.");
  });

  it("colours only with a colour theme, and keeps ★ without one", () => {
    const data = sample(3);
    const noColour = renderCompare(data, view(80));
    expect(noColour.join("\n")).not.toMatch(ANSI);
    expect(noColour.join("\n")).toContain(BEST_MARK);
    const withColour = renderCompare(data, view(80, { theme: coloured }));
    expect(withColour.join("\n")).toMatch(ANSI);
    expect(withColour.map(strip)).toEqual(noColour);
  });

  it("neutralises control characters in server strings", () => {
    const data = sample(2);
    data.comparison[0]!.campaign_name = "Evil\u001b[2J\u001b]0;pwned\u0007 name";
    data.comparison[1]!.campaign_id = "cmp_\u001b[31mred";
    data.statistical_significance[0]!.winner = data.comparison[0]!.campaign_id;
    const text = renderCompare(data, view(120)).join("\n");
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
    expect(text).toContain("Evil\\x1b[2J");
  });

  it("shows a dash for a metric a row lacks, and says so when there is nothing to compare", () => {
    const data = sample(2);
    delete data.comparison[1]!.metrics.open_rate;
    const line = renderCompare(data, view(80)).find((l) => l.includes("cmp_000001") && !l.includes("("))!;
    expect(line).toMatch(/cmp_000001\s+–/);
    expect(renderCompare({ comparison: [], statistical_significance: [] }, view(80))).toContain("Nothing to compare.");
  });
});

describe("renderCompare: no winner that could be chance", () => {
  /** The case: click rates 3.34 vs 3.74, p = 0.520. */
  function notSignificant(): CompareResult {
    return {
      comparison: [
        { campaign_id: "cmp_abc123", campaign_name: "Q4 Outreach Campaign", metrics: { click_rate: 3.34 } },
        { campaign_id: "cmp_def456", campaign_name: "Product Launch", metrics: { click_rate: 3.74 } },
      ],
      statistical_significance: [{ metric: "click_rate", winner: "cmp_def456", p_value: 0.5203, is_significant: false }],
    };
  }

  it.each([40, 80, 120])("prints no clear winner and no ★ at %i columns", (columns) => {
    for (const theme of [plain, coloured]) {
      const lines = renderCompare(notSignificant(), view(columns, { theme })).map(strip);
      const text = lines.join("\n");
      expect(text).not.toContain(BEST_MARK + "3.74");
      expect(lines.filter((line) => line.includes("cmp_") && line.includes(BEST_MARK))).toEqual([]);
      expect(text).toMatch(/^Click( rate)?\s+no clear winner\s+0\.520\s+no$/m);
      expect(text).not.toMatch(/Product Launch \(cmp_def456\)/);
      expect(text).toContain("no difference is significant");
    }
  });

  it("names no winner when nothing was sent, and prints n/a rather than 0.00", () => {
    const data: CompareResult = {
      comparison: [
        { campaign_id: "cmp_a", campaign_name: "A", metrics: { open_rate: 0, delivery_rate: 0 } },
        { campaign_id: "cmp_b", campaign_name: "B", metrics: { open_rate: 0, delivery_rate: 0 } },
      ],
      statistical_significance: [
        { metric: "open_rate", winner: "cmp_a", p_value: 1, is_significant: false },
        { metric: "delivery_rate", winner: "cmp_a", p_value: 1, is_significant: false },
      ],
    };
    const zero = { emails_sent: 0, emails_delivered: 0, emails_bounced: 0, emails_opened: 0, emails_clicked: 0, emails_replied: 0, spam_complaints: 0, unsubscribes: 0 };
    const counts = new Map([
      ["cmp_a", zero],
      ["cmp_b", zero],
    ]);
    const text = renderCompare(data, view(80, { counts })).join("\n");
    expect(text).not.toContain("0.00");
    expect(text).not.toContain(BEST_MARK + "0");
    expect(text).toMatch(/^A\s+cmp_a\s+n\/a\s+n\/a$/m);
    expect(text.match(/no clear winner/g)).toHaveLength(2);
    expect(text).toContain("n/a: nothing sent");
  });

  it("tells p just under 0.05 from p = 0.05 in the table", () => {
    const data = notSignificant();
    data.statistical_significance[0] = { metric: "click_rate", winner: "cmp_def456", p_value: 0.049996, is_significant: true };
    const under = renderCompare(data, view(80)).join("\n");
    expect(under).toMatch(/Product Launch \(cmp_def456\)\s+0\.049996\s+yes$/m);
    data.statistical_significance[0] = { metric: "click_rate", winner: "cmp_def456", p_value: 0.05, is_significant: false };
    const at = renderCompare(data, view(80)).join("\n");
    expect(at).toMatch(/no clear winner\s+0\.0500\s+no$/m);
  });
});

describe("renderCompare: bars and headers", () => {
  it("starts bars for rates all near 100% from a baseline that shows the difference, and says so", () => {
    expect(barBaseline([97.5, 98.8])).toBe(95);
    expect(barBaseline([40, 98])).toBe(0);
    expect(barBaseline([99.1])).toBe(0);
    const data: CompareResult = {
      comparison: [
        { campaign_id: "cmp_a", campaign_name: "A", metrics: { delivery_rate: 97.5 } },
        { campaign_id: "cmp_b", campaign_name: "B", metrics: { delivery_rate: 98.8 } },
      ],
      statistical_significance: [{ metric: "delivery_rate", winner: "cmp_b", p_value: 0.001, is_significant: true }],
    };
    const lines = renderCompare(data, view(80));
    const barOf = (id: string): number => [...(lines.find((l) => l.includes(id) && !l.includes("("))!.match(/[█▏▎▍▌▋▊▉]+/)?.[0] ?? "")].length;
    expect(barOf("cmp_a")).toBeLessThan(barOf("cmp_b") * 0.75);
    expect(lines.join("\n")).toContain("Deliv. bars start at 95%");
  });

  it.each([40, 80, 120])("right-aligns each header over its numbers at %i columns", (columns) => {
    const data = sample(3);
    data.comparison[0]!.metrics.open_rate = 9.5;
    const lines = renderCompare(data, view(columns));
    const header = lines.find((l) => l.startsWith("Campaign "))!;
    const end = header.indexOf("Open") + "Open".length;
    for (const row of data.comparison) {
      const line = lines.find((l) => l.includes(row.campaign_id) && !l.includes("("))!;
      const text = row.metrics.open_rate!.toFixed(2);
      expect(line.indexOf(text) + text.length, line).toBe(end);
    }
  });
});
