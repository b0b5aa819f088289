import { describe, expect, it } from "vitest";
import { type ChartPoint, PARTIAL_MARK, chartHeight, chooseAxis, renderChart, tickLabel, xAxisLine } from "../../src/render/chart.js";
import { createTheme } from "../../src/render/theme.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const strip = (line: string): string => line.replace(ANSI, "");

const labels = (n: number): string[] => Array.from({ length: n }, (_, i) => `2026-11-${String(i + 1).padStart(2, "0")}`);

function chart(values: readonly number[], options: { width?: number; level?: 0 | 1 | 3; integer?: boolean; zoom?: boolean; partial?: number[]; height?: number } = {}): string[] {
  const points: ChartPoint[] = values.map((value, i) => ({ value, partial: options.partial?.includes(i) }));
  return renderChart(points, {
    title: "Sent per day",
    labels: labels(values.length),
    pointNoun: "day",
    width: options.width ?? 80,
    height: options.height ?? 8,
    theme: createTheme(options.level ?? 0),
    integer: options.integer ?? true,
    zoom: options.zoom,
    floor: options.zoom ? 0 : undefined,
    ceiling: options.zoom ? 100 : undefined,
  });
}

/** The plot rows of a rendered chart: label text and the plot columns after "┤". */
function plotRows(lines: readonly string[]): Array<{ label: number; cells: string[] }> {
  return lines
    .map(strip)
    .filter((line) => line.includes("┤"))
    .map((line) => {
      const [label, plot] = line.split(" ┤");
      return { label: Number((label ?? "").replace(/,/g, "")), cells: [...(plot ?? "")] };
    });
}

/** The label of the row each point is drawn on (read from a flat column inside its block). */
function drawnLabels(lines: readonly string[], count: number): number[] {
  const rows = plotRows(lines);
  const width = Math.max(...rows.map((row) => row.cells.length));
  const perPoint = Math.floor(width / count) || 1;
  return Array.from({ length: count }, (_, i) => {
    const column = i * perPoint + Math.floor((perPoint - 1) / 2);
    const row = rows.find((r) => r.cells[column] === "─" || r.cells[column] === PARTIAL_MARK);
    return row ? row.label : Number.NaN;
  });
}

describe("chart height", () => {
  it("comes from the terminal: at least 8 rows, more on a tall one, capped", () => {
    expect(chartHeight(10)).toBe(8);
    expect(chartHeight(24)).toBe(8);
    expect(chartHeight(45)).toBe(15);
    expect(chartHeight(200)).toBe(16);
  });

  it("is the same with colour on or off, and the text is identical once colour is stripped", () => {
    for (const level of [1, 3] as const) {
      const plain = chart([1421, 1627, 1532, 1200, 900]);
      const coloured = chart([1421, 1627, 1532, 1200, 900], { level });
      expect(coloured.map(strip)).toEqual(plain);
      expect(plotRows(plain)).toHaveLength(8);
    }
  });
});

describe("the y-axis", () => {
  it("has whole-number ticks for counts, even when they are small", () => {
    const axis = chooseAxis([4, 2, 3, 0], 8, { integer: true });
    expect(axis.step).toBe(1);
    const ticks = Array.from({ length: axis.intervals + 1 }, (_, i) => tickLabel(i, axis));
    expect(ticks).toEqual(["0", "1", "2", "3", "4", "5", "6", "7"]);
    for (const row of plotRows(chart([4, 2, 3, 1]))) expect(Number.isInteger(row.label)).toBe(true);
  });

  it("starts counts at 0 and uses a round step", () => {
    const axis = chooseAxis([1421, 1627, 1532], 8, { integer: true });
    expect(axis.min).toBe(0);
    expect([1, 2, 2.5, 5].map((m) => m * 10 ** Math.floor(Math.log10(axis.step)))).toContain(axis.step);
    expect(axis.min + axis.intervals * axis.step).toBeGreaterThanOrEqual(1627);
  });

  it.each([
    ["monthly sends", [1421, 1627, 1532, 74]],
    ["daily counts", [113, 75, 38, 0, 61, 90, 12, 45, 77, 101]],
    ["small counts", [4, 0, 2, 3, 1, 4]],
    ["big counts", [123_456, 98_765, 150_000, 20_001]],
  ])("draws every value of %s on the row whose label is nearest to it", (_name, values) => {
    for (const height of [8, 12, 16]) {
      const lines = chart(values, { height });
      const rows = plotRows(lines);
      const step = Math.abs((rows[0]?.label ?? 0) - (rows[1]?.label ?? 0));
      const drawn = drawnLabels(lines, values.length);
      values.forEach((value, i) => expect(Math.abs((drawn[i] as number) - value), `value ${value} on row ${drawn[i]}`).toBeLessThanOrEqual(step / 2));
    }
  });

  it("puts a reputation score exactly on its own row: 81 on the 81 row, not 79", () => {
    const scores = [84, 83, 81, 82, 85, 86, 84];
    const lines = chart(scores, { zoom: true });
    expect(drawnLabels(lines, scores.length)).toEqual(scores);
    const labelsShown = plotRows(lines).map((row) => row.label);
    expect(Math.min(...labelsShown)).toBeLessThanOrEqual(81);
    expect(Math.max(...labelsShown)).toBeGreaterThanOrEqual(86);
    expect(Math.max(...labelsShown)).toBeLessThanOrEqual(100);
  });
});

describe("the x-axis", () => {
  it("labels the start, the middle and the end", () => {
    const lines = chart([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const axis = strip(lines.at(-1) ?? "");
    expect(axis).toContain("2026-11-01");
    expect(axis).toContain("2026-11-05");
    expect(axis).toContain("2026-11-09");
    expect(axis.indexOf("2026-11-01")).toBeLessThan(axis.indexOf("2026-11-05"));
    expect(axis.indexOf("2026-11-05")).toBeLessThan(axis.indexOf("2026-11-09"));
  });

  it("leaves the middle label out where it would collide", () => {
    expect(xAxisLine(["2026-11-01", "2026-11-02", "2026-11-03"], 24)).toBe("2026-11-01    2026-11-03");
  });
});

describe("when there is no chart", () => {
  it.each([
    [[87], "no chart for 1 day (a trend needs at least 3)"],
    [[87, 90], "no chart for 2 days"],
    [[0, 0, 0, 0], "no chart: 0 in every day of this range"],
    [[], "no days in this range"],
  ])("%j prints one line saying why", (values, reason) => {
    const lines = chart(values);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(reason);
  });
});

describe("partial points", () => {
  it("are dots apart from the line: today's small count is not drawn as a plunge", () => {
    const lines = chart([100, 104, 98, 101, 7], { partial: [4] });
    const rows = plotRows(lines);
    // The line never comes down to the bottom rows; the dots do, in the last block only.
    const bottom = rows.at(-1)!;
    expect(bottom.cells.join("")).toMatch(new RegExp(`^ *${PARTIAL_MARK}+$`));
    expect(rows.map((row) => row.cells.join("")).join("\n")).not.toMatch(/[╰╯│]/);
    expect(lines.map(strip).join("\n").split(PARTIAL_MARK).length - 1).toBeGreaterThan(0);
  });

  it("can lead the chart too (a month the range starts inside)", () => {
    const lines = chart([1421, 1627, 1532, 74], { partial: [0, 3] });
    const drawn = drawnLabels(lines, 4);
    const rows = plotRows(lines);
    const firstColumn = rows.map((row) => row.cells[0]);
    expect(firstColumn).toContain(PARTIAL_MARK);
    expect(drawn[0]).toBeCloseTo(1421, -3);
  });
});

describe("widths", () => {
  it.each([40, 80, 120])("stays within %i columns, with and without colour, for 3 to 365 points", (columns) => {
    for (const count of [3, 7, 31, 91, 365]) {
      for (const level of [0, 3] as const) {
        const values = Array.from({ length: count }, (_, i) => 1000 + ((i * 37) % 500));
        for (const line of chart(values, { width: columns, level, partial: [count - 1] })) expect([...strip(line)].length).toBeLessThanOrEqual(columns);
      }
    }
  });
});
