/**
 * The report's charts as inline SVG, drawn by Observable Plot on the server with linkedom as its
 * document. This module is the only one that imports them, and only `report` imports it (lazily):
 * nothing here loads for --help, --version or any other command (test/e2e/report-modules.test.ts).
 *
 * Plot over Vega-Lite (measured, see docs/report.md): ~6 ms against ~32 ms per chart, a third of
 * the SVG bytes, and axes drawn in `currentColor`, so one chart reads in light and dark mode.
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { Deliverability, EngagementHeatmap } from "../providers/tenant/schemas.js";
import { DAYS_OF_WEEK, TIME_PERIODS, TIME_PERIOD_HOURS } from "../providers/vocabulary.js";
import type { ChartMarkup, SizedChart } from "./html.js";
import type { ReportData, TimelineData } from "./model.js";

/** Two sizes of every chart: the page shows the one that fits (CSS), so text stays readable on a phone. */
export type ChartSize = "wide" | "narrow";
const WIDTHS: Record<ChartSize, number> = { wide: 720, narrow: 360 };
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** What we read of the element Plot returns (the project compiles without the DOM lib). */
interface Markup {
  tagName: string;
  outerHTML: string;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): Iterable<Markup>;
}

/** A fresh linkedom document for Plot to draw into (typed loosely: Plot's types name the DOM's). */
function newDocument(): never {
  return parseHTML("<!doctype html><html><head></head><body></body></html>").document as never;
}

/** Plot's element as markup, namespaced so it is also a valid standalone SVG. */
function markup(element: Markup): string {
  if (element.tagName.toLowerCase() === "svg") element.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  for (const svg of element.querySelectorAll("svg")) svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return element.outerHTML;
}

const utcDate = (day: string): Date => new Date(`${day}T00:00:00Z`);

/** Daily lines, one per metric; the days still arriving dashed and ringed. */
export function timelineChart(data: TimelineData, size: ChartSize = "wide"): string {
  const partial = new Set(data.partialDays);
  const rows = data.days.flatMap((day) => data.metrics.map((metric) => ({ date: utcDate(day.date), metric, value: day.values[metric] ?? 0, partial: partial.has(day.date) })));
  const firstPartial = data.days.findIndex((day) => partial.has(day.date));
  // The dashed tail starts at the last complete day, so the two lines join.
  const tailFrom = firstPartial > 0 ? data.days[firstPartial - 1]!.date : undefined;
  const solid = rows.filter((row) => !row.partial);
  const tail = tailFrom ? rows.filter((row) => row.partial || row.date.getTime() === utcDate(tailFrom).getTime()) : [];
  return markup(
    Plot.plot({
      document: newDocument(),
      width: WIDTHS[size],
      height: 260,
      marginLeft: 56,
      style: { fontFamily: FONT, fontSize: "12px", background: "transparent" },
      ariaLabel: `Daily ${data.metrics.join(", ")}`,
      x: { type: "utc", label: null },
      y: { grid: true, label: "per day", nice: true, zero: true },
      color: { legend: false, domain: data.metrics, range: SERIES_COLOURS },
      marks: [
        Plot.ruleY([0]),
        Plot.lineY(solid, { x: "date", y: "value", stroke: "metric", strokeWidth: 2 }),
        Plot.lineY(tail, { x: "date", y: "value", stroke: "metric", strokeWidth: 2, strokeDasharray: "4,4" }),
        Plot.dot(rows.filter((row) => row.partial), { x: "date", y: "value", stroke: "metric", fill: "none", r: 4 }),
      ],
    }) as unknown as Markup,
  );
}

/** The colour each timeline metric gets (Plot's default categorical scheme, in domain order). */
export const SERIES_COLOURS = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7"];

/** The reputation score over time, 0–100. */
export function reputationChart(trend: Deliverability["reputation_trend"], size: ChartSize = "wide"): string {
  const rows = trend.map((point) => ({ date: utcDate(point.date.slice(0, 10)), score: point.score }));
  return markup(
    Plot.plot({
      document: newDocument(),
      width: WIDTHS[size],
      height: 200,
      marginLeft: 40,
      style: { fontFamily: FONT, fontSize: "12px", background: "transparent" },
      ariaLabel: "Reputation score per day",
      x: { type: "utc", label: null },
      y: { grid: true, label: "score", domain: [0, 100] },
      marks: [Plot.areaY(rows, { x: "date", y: "score", fill: "#3ca951", fillOpacity: 0.15 }), Plot.lineY(rows, { x: "date", y: "score", stroke: "#3ca951", strokeWidth: 2 })],
    }) as unknown as Markup,
  );
}

const PERIOD_LABELS = TIME_PERIODS.map((period) => {
  const [from, to] = TIME_PERIOD_HOURS[period];
  return `${period.replace(/_/g, " ")} ${from}–${to}h`;
});

const SHORT_PERIOD_LABELS = TIME_PERIODS.map((period) => `${TIME_PERIOD_HOURS[period][0]}–${TIME_PERIOD_HOURS[period][1]}h`);

/** Day of week × time of day, coloured by open rate, each cell labelled with its value. */
export function heatmapChart(data: EngagementHeatmap, size: ChartSize = "wide"): string {
  const labels = size === "wide" ? PERIOD_LABELS : SHORT_PERIOD_LABELS;
  const label = (period: string): string => labels[TIME_PERIODS.indexOf(period as (typeof TIME_PERIODS)[number])] ?? period;
  const cells = data.heatmap.map((cell) => ({ ...cell, day_of_week: size === "wide" ? cell.day_of_week : cell.day_of_week.slice(0, 3), period: label(cell.time_period), text: cell.emails_sent === 0 ? "n/a" : `${cell.open_rate.toFixed(1)}%` }));
  const rates = cells.filter((cell) => cell.emails_sent > 0).map((cell) => cell.open_rate);
  const [low, high] = rates.length ? [Math.min(...rates), Math.max(...rates)] : [0, 1];
  const middle = (low + high) / 2;
  return markup(
    Plot.plot({
      document: newDocument(),
      width: WIDTHS[size],
      height: 300,
      marginLeft: size === "wide" ? 90 : 40,
      padding: 0.06,
      style: { fontFamily: FONT, fontSize: "12px", background: "transparent" },
      ariaLabel: "Open rate by day of week and time of day",
      x: { domain: labels, label: null, axis: "top" },
      y: { domain: size === "wide" ? [...DAYS_OF_WEEK] : DAYS_OF_WEEK.map((d) => d.slice(0, 3)), label: null },
      color: { type: "linear", scheme: "blues", domain: [low, high] },
      marks: [
        Plot.cell(cells.filter((cell) => cell.emails_sent > 0), { x: "period", y: "day_of_week", fill: "open_rate", inset: 0.5 }),
        Plot.cell(cells.filter((cell) => cell.emails_sent === 0), { x: "period", y: "day_of_week", fill: "#8884", inset: 0.5 }),
        Plot.text(cells.filter((cell) => cell.emails_sent > 0 && cell.open_rate > middle), { x: "period", y: "day_of_week", text: "text", fill: "white" }),
        Plot.text(cells.filter((cell) => !(cell.emails_sent > 0 && cell.open_rate > middle)), { x: "period", y: "day_of_week", text: "text", fill: "black" }),
      ],
    }) as unknown as Markup,
  );
}

/** Every chart a report shows, each in both sizes (none for a section that is absent or empty). */
export function reportCharts(data: ReportData): ChartMarkup {
  const both = <T>(draw: (value: T, size: ChartSize) => string, value: T): SizedChart => ({ wide: draw(value, "wide"), narrow: draw(value, "narrow") });
  const { timeline, deliverability, heatmap } = data;
  return {
    timeline: timeline.state === "ok" && timeline.data.days.length > 0 ? both(timelineChart, timeline.data) : undefined,
    reputation: deliverability.state === "ok" && deliverability.data.reputation_trend.length > 0 ? both(reputationChart, deliverability.data.reputation_trend) : undefined,
    heatmap: heatmap.state === "ok" ? both(heatmapChart, heatmap.data) : undefined,
  };
}
