/**
 * `analytics timeline` as text: the window, one chart per count the provider reports (whatever its
 * names: sent, messages, events, …), then one row per day. Pure: data in, lines out.
 */
import { timelineColumns, timelineCounts } from "../commands/timeline.js";
import type { Timeline } from "../providers/shapes.js";
import { basisNote } from "./basis.js";
import { chartHeight, renderChart } from "./chart.js";
import { formatCount, formatDay, truncate } from "./format.js";
import { sanitize } from "./sanitize.js";
import { renderTable } from "./table.js";
import type { Theme } from "./theme.js";

export interface TimelineView {
  columns: number;
  /** Terminal height (charts take theirs from it); 24 when unknown. */
  rows?: number | undefined;
  theme: Theme;
  chart: boolean;
}

const LABELS: Record<string, string> = {
  date: "Date",
  sent: "Sent",
  delivered: "Delivered",
  opened: "Opened",
  clicked: "Clicked",
  replied: "Replied",
  bounced: "Bounced",
  delivery_rate: "Deliv. %",
  open_rate: "Open %",
  click_rate: "Click %",
  reply_rate: "Reply %",
  bounce_rate: "Bounce %",
};

/** A known column's label, else the key itself made readable (`messages` → "Messages"). */
function label(column: string): string {
  const known = LABELS[column];
  if (known) return known;
  const words = sanitize(column).replace(/_/g, " ");
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
const numberOf = (value: string | number | undefined): number => (typeof value === "number" ? value : 0);

function charts(data: Timeline, view: TimelineView): string[] {
  const points = data.time_series;
  const labels = points.map((point) => sanitize(String(point.date)));
  const drawn = timelineCounts(points);
  // One chart per series: replies are a few percent of sends and would lie flat on a shared scale.
  return drawn.flatMap((key) => [
    "",
    ...renderChart(
      points.map((point) => ({ value: numberOf(point[key]) })),
      { title: `${label(key)} per day`, labels, pointNoun: "day", width: view.columns, height: chartHeight(view.rows ?? 24), theme: view.theme, integer: true },
    ),
  ]);
}

function dayTable(data: Timeline, view: TimelineView): string[] {
  let columns = timelineColumns(data.time_series);
  // Each column costs at least its header plus borders; drop trailing rate columns before anything wraps.
  const cost = (list: readonly string[]): number => list.reduce((sum, column) => sum + Math.max(label(column).length, column === "date" ? 10 : 6) + 3, 1);
  while (cost(columns) > view.columns && columns.length > 2) columns = columns.slice(0, -1);
  const cell = (column: string, value: string | number | undefined): string => {
    if (value === undefined) return "–";
    if (column === "date") return sanitize(formatDay(String(value)));
    if (typeof value !== "number") return sanitize(String(value));
    return column.endsWith("_rate") ? value.toFixed(2) : formatCount(value);
  };
  return renderTable({
    head: columns.map((column) => view.theme.bold(label(column))),
    rows: data.time_series.map((point) => columns.map((column) => cell(column, point[column]))),
    align: columns.map((column) => (column === "date" ? "left" : "right")),
  });
}

export function renderTimeline(data: Timeline, view: TimelineView): string[] {
  const { theme } = view;
  const days = data.time_series.length;
  const title = `Timeline ${formatDay(data.time_range.start)} → ${formatDay(data.time_range.end)} · ${formatCount(days)} day${days === 1 ? "" : "s"}`;
  const lines = [theme.bold(truncate(sanitize(title), view.columns))];
  if (days === 0) return [...lines, theme.dim("No days in this range.")];
  if (view.chart) lines.push(...charts(data, view));
  lines.push("", ...dayTable(data, view));
  const rates = timelineColumns(data.time_series).filter((column) => column.endsWith("_rate"));
  const note = basisNote(rates, data.rate_basis);
  if (note) lines.push(theme.dim(truncate(note, view.columns)));
  return lines;
}
