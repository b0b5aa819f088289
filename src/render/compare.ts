/**
 * `analytics compare` as text: campaigns × metrics with the best value per metric marked (★ and
 * colour) and a bar per value, then the significance table. Pure: data in, lines out.
 *
 * Both tables are borderless (gh style) so four metrics with bars fit 80 columns next to names and
 * ids. Nothing ever wraps: bars shrink first, then names (with an ellipsis); when even the smallest
 * layout is too wide, the metrics are split over several tables.
 */
import Table from "cli-table3";
import type { CompareResult } from "../providers/shapes.js";
import { LOWER_IS_BETTER, type RateMetric } from "../providers/vocabulary.js";
import type { TimeWindow } from "../options/dates.js";
import { bar } from "./format.js";
import { sanitize } from "./sanitize.js";
import type { Theme } from "./theme.js";

export interface CompareView {
  columns: number;
  theme: Theme;
  /** The window the command asked for (the response does not echo it). */
  window: TimeWindow;
  /** The metrics asked for, in order; by default every metric the response carries. */
  metrics?: readonly string[] | undefined;
}

/** Marks the best value of a metric; survives NO_COLOR. */
export const BEST_MARK = "★";

const SHORT_LABELS: Record<string, string> = {
  open_rate: "Open %",
  click_rate: "Click %",
  reply_rate: "Reply %",
  delivery_rate: "Deliv. %",
  click_to_open_rate: "CTO %",
  bounce_rate: "Bounce %",
  spam_rate: "Spam %",
  unsubscribe_rate: "Unsub. %",
};

const LONG_LABELS: Record<string, string> = {
  open_rate: "Open rate",
  click_rate: "Click rate",
  reply_rate: "Reply rate",
  delivery_rate: "Delivery rate",
  click_to_open_rate: "Click-to-open rate",
  bounce_rate: "Bounce rate",
  spam_rate: "Spam rate",
  unsubscribe_rate: "Unsubscribe rate",
};

const shortLabel = (metric: string): string => SHORT_LABELS[metric] ?? sanitize(metric);
const longLabel = (metric: string): string => LONG_LABELS[metric] ?? sanitize(metric);
const lowerIsBetter = (metric: string): boolean => LOWER_IS_BETTER.has(metric as RateMetric);

// Display widths: combining marks take none, East Asian wide characters and emoji two columns.
const ZERO_WIDTH = /^\p{M}$/u;
const WIDE =
  /^[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]$/u;

function charWidth(char: string): number {
  return ZERO_WIDTH.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
}

/** Terminal columns `text` takes (plain text, no escape sequences). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Cut plain text to `width` columns, ending in an ellipsis when something was cut. */
export function fitText(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/** `<0.001` for tiny p-values, else three decimals (four when three would round onto 0.050). */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return "–";
  if (p < 0.001) return "<0.001";
  const fixed = p.toFixed(3);
  return fixed === "0.050" && p !== 0.05 ? p.toFixed(4) : fixed;
}

/** The metrics to show: those asked for, else every key of the rows' `metrics` and verdicts, first seen first. */
export function compareMetrics(data: CompareResult, requested?: readonly string[]): string[] {
  if (requested?.length) return [...requested];
  const seen = new Set<string>();
  for (const row of data.comparison) for (const key of Object.keys(row.metrics)) seen.add(key);
  // A metric no campaign has a value for (nothing sent) still has its verdict.
  for (const entry of data.statistical_significance) seen.add(entry.metric);
  return [...seen];
}

/**
 * Which rows hold the best value of `metric`: the API's winner when it names a compared campaign
 * (it judges the exact counts, so the mark agrees with the significance table); otherwise every
 * row with the best shown value (lowest for bounce, spam and unsubscribe rates).
 */
export function bestRows(data: CompareResult, metric: string): Set<number> {
  const winner = data.statistical_significance.find((entry) => entry.metric === metric)?.winner;
  const winnerRow = data.comparison.findIndex((row) => row.campaign_id === winner);
  if (winnerRow >= 0) return new Set([winnerRow]);
  const values = data.comparison.map((row) => row.metrics[metric]).filter((v): v is number => Number.isFinite(v));
  if (values.length === 0) return new Set();
  const best = lowerIsBetter(metric) ? Math.min(...values) : Math.max(...values);
  return new Set(data.comparison.flatMap((row, index) => (row.metrics[metric] === best ? [index] : [])));
}

export function windowLabel(window: TimeWindow): string {
  if ("startDate" in window) return `${sanitize(window.startDate)} → ${sanitize(window.endDate)}`;
  const days = /^(\d+)d$/.exec(window.timeRange);
  return days ? `last ${days[1]} days` : sanitize(window.timeRange);
}

// ── borderless tables ──

const BLANK_CHARS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
};

interface PlainTable {
  widths: number[];
  /** Width of the rule under each column (default: the column's width). */
  rules?: number[];
  /** Columns between cells. */
  gap: number;
  align?: Array<"left" | "right">;
  head: string[];
  rows: string[][];
  theme: Theme;
}

/** Header, a dim rule under each column, the rows; cells are cut to their widths, never wrapped. */
function plainTable(spec: PlainTable): string[] {
  const table = new Table({
    chars: { ...BLANK_CHARS, middle: " ".repeat(spec.gap) },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
    colWidths: spec.widths,
    ...(spec.align ? { colAligns: spec.align } : {}),
    wordWrap: false,
  });
  table.push(
    spec.head.map((h) => spec.theme.bold(h)),
    spec.widths.map((w, i) => spec.theme.dim("─".repeat(spec.rules?.[i] ?? w))),
    ...spec.rows,
  );
  return table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd());
}

// ── campaigns × metrics ──

interface MetricColumn {
  metric: string;
  label: string;
  values: Array<number | undefined>;
  /** Width of the widest formatted value. */
  valueWidth: number;
  /** Largest value: bars are drawn relative to it. */
  max: number;
  best: Set<number>;
}

const BAR_MAX = 10;
const BAR_PREFERRED_MIN = 4;
const BAR_MIN = 2;
const NAME_PREFERRED_MIN = 12;
const NAME_MIN = 10;
const ID_MAX = 24;
/** After the name column; the ID column is followed by 1 space and the marker slot. */
const NAME_GAP = 2;

function metricColumn(data: CompareResult, metric: string): MetricColumn {
  const values = data.comparison.map((row) => {
    const value = row.metrics[metric];
    return Number.isFinite(value) ? value : undefined;
  });
  const shown = values.filter((v): v is number => v !== undefined);
  return {
    metric,
    label: shortLabel(metric),
    values,
    valueWidth: Math.max(1, ...shown.map((v) => v.toFixed(2).length)),
    max: Math.max(0, ...shown),
    best: bestRows(data, metric),
  };
}

/** Content width of a metric column: marker slot, value, space, bar; at least the header (after the slot). */
function metricWidth(column: MetricColumn, barWidth: number): number {
  return Math.max(1 + displayWidth(column.label), 1 + column.valueWidth + (barWidth > 0 ? 1 + barWidth : 0));
}

interface Layout {
  nameWidth: number;
  barWidth: number;
}

function layoutWidth(layout: Layout, idWidth: number, columns: readonly MetricColumn[]): number {
  return layout.nameWidth + NAME_GAP + idWidth + columns.reduce((sum, column) => sum + 1 + metricWidth(column, layout.barWidth), 0);
}

/** Bars shrink first, then names; undefined when even names of NAME_MIN and bars of BAR_MIN are too wide. */
function fitLayout(naturalName: number, idWidth: number, columns: readonly MetricColumn[], width: number): Layout | undefined {
  const layout: Layout = { nameWidth: naturalName, barWidth: BAR_MAX };
  const fits = (): boolean => layoutWidth(layout, idWidth, columns) <= width;
  const shrink = (key: keyof Layout, floor: number): void => {
    while (!fits() && layout[key] > floor) layout[key]--;
  };
  shrink("barWidth", BAR_PREFERRED_MIN);
  shrink("nameWidth", Math.min(naturalName, NAME_PREFERRED_MIN));
  shrink("barWidth", BAR_MIN);
  shrink("nameWidth", Math.min(naturalName, NAME_MIN));
  return fits() ? layout : undefined;
}

/** The metrics in as few balanced groups as fit side by side; each group is one table. */
function groupMetrics(naturalName: number, idWidth: number, columns: readonly MetricColumn[], width: number): Array<{ columns: MetricColumn[]; layout: Layout }> {
  for (let groups = 1; groups <= columns.length; groups++) {
    const size = Math.ceil(columns.length / groups);
    const chunks: MetricColumn[][] = [];
    for (let start = 0; start < columns.length; start += size) chunks.push(columns.slice(start, start + size));
    const layouts = chunks.map((chunk) => fitLayout(naturalName, idWidth, chunk, width));
    if (layouts.every((layout) => layout !== undefined)) {
      // One layout for every table (the tightest: it fits them all), so the tables line up.
      const layout = { nameWidth: Math.min(...layouts.map((l) => l.nameWidth)), barWidth: Math.min(...layouts.map((l) => l.barWidth)) };
      return chunks.map((chunk) => ({ columns: chunk, layout }));
    }
  }
  // Narrower than any sensible layout: one metric per table, bare values, names as short as it takes.
  return columns.map((column) => {
    const spare = width - NAME_GAP - idWidth - 1 - metricWidth(column, 0);
    return { columns: [column], layout: { nameWidth: Math.max(4, Math.min(naturalName, spare)), barWidth: 0 } };
  });
}

function metricCell(column: MetricColumn, row: number, layout: Layout, theme: Theme): string {
  const value = column.values[row];
  if (value === undefined) return ` ${"–".padStart(column.valueWidth)}`;
  const best = column.best.has(row);
  const text = value.toFixed(2).padStart(column.valueWidth);
  const marker = best ? theme.good(BEST_MARK) : " ";
  if (layout.barWidth === 0) return `${marker}${best ? theme.good(theme.bold(text)) : text}`;
  const drawn = bar(column.max > 0 ? value / column.max : 0, layout.barWidth);
  return `${marker}${best ? theme.good(theme.bold(text)) : text} ${theme.accent(drawn)}`;
}

function comparisonTable(data: CompareResult, metrics: readonly string[], view: CompareView): string[] {
  const { theme } = view;
  const names = data.comparison.map((row) => sanitize(row.campaign_name));
  const ids = data.comparison.map((row) => fitText(sanitize(row.campaign_id), ID_MAX));
  const naturalName = Math.max(displayWidth("Campaign"), ...names.map(displayWidth));
  const idWidth = Math.max(2, ...ids.map(displayWidth));
  const columns = metrics.map((metric) => metricColumn(data, metric));
  const lines: string[] = [];
  for (const group of groupMetrics(naturalName, idWidth, columns, view.columns)) {
    const { layout } = group;
    if (lines.length > 0) lines.push("");
    lines.push(
      ...plainTable({
        widths: [layout.nameWidth + NAME_GAP - 1, idWidth, ...group.columns.map((column) => metricWidth(column, layout.barWidth))],
        rules: [layout.nameWidth],
        gap: 1,
        head: ["Campaign", "ID", ...group.columns.map((column) => ` ${column.label}`)],
        rows: data.comparison.map((_row, index) => [
          fitText(names[index] ?? "", layout.nameWidth),
          theme.dim(ids[index] ?? ""),
          ...group.columns.map((column) => metricCell(column, index, layout, theme)),
        ]),
        theme,
      }),
    );
  }
  return lines;
}

// ── significance ──

const P_HEADER = "p-value";
const SIGNIFICANT_HEADER = "Significant";

/** What the Winner column says when no winner is named (local compare: nothing significant or nothing sent). */
export const NO_WINNER = "no clear winner";

function winnerText(name: string | undefined, id: string | undefined, width: number): string {
  if (id === undefined) return fitText(NO_WINNER, width);
  if (name === undefined) return fitText(id, width);
  const suffix = ` (${id})`;
  const room = width - displayWidth(suffix);
  return room >= 4 ? `${fitText(name, room)}${suffix}` : fitText(id, width);
}

function winnerCell(winner: string | undefined, namesById: ReadonlyMap<string, string>, width: number): string {
  return winnerText(winner === undefined ? undefined : namesById.get(winner), winner === undefined ? undefined : sanitize(winner), width);
}

function significanceTable(data: CompareResult, view: CompareView): string[] {
  const { theme } = view;
  const entries = data.statistical_significance;
  const namesById = new Map(data.comparison.map((row) => [row.campaign_id, sanitize(row.campaign_name)]));
  const pValues = entries.map((entry) => formatPValue(entry.p_value));
  const pWidth = Math.max(P_HEADER.length, ...pValues.map((p) => p.length));
  const gap = 2;
  const fixed = pWidth + SIGNIFICANT_HEADER.length + 3 * gap;
  const naturalWinner = Math.max(
    "Winner".length,
    ...entries.map((entry) => displayWidth(winnerCell(entry.winner, namesById, Number.MAX_SAFE_INTEGER))),
  );
  let labels = entries.map((entry) => longLabel(entry.metric));
  let metricWidth = Math.max("Metric".length, ...labels.map(displayWidth));
  if (view.columns - fixed - metricWidth < Math.min(naturalWinner, 24)) {
    labels = entries.map((entry) => shortLabel(entry.metric));
    metricWidth = Math.max("Metric".length, ...labels.map(displayWidth));
  }
  const winnerWidth = Math.max(4, Math.min(naturalWinner, view.columns - fixed - metricWidth));
  return plainTable({
    widths: [metricWidth, winnerWidth, pWidth, SIGNIFICANT_HEADER.length],
    gap,
    align: ["left", "left", "right", "left"],
    head: ["Metric", "Winner", P_HEADER, SIGNIFICANT_HEADER],
    rows: entries.map((entry, index) => [
      fitText(labels[index] ?? "", metricWidth),
      winnerCell(entry.winner, namesById, winnerWidth),
      pValues[index] ?? "",
      entry.is_significant ? theme.good("yes") : theme.dim("no"),
    ]),
    theme,
  });
}

/** Join note fragments with " · ", starting a new line rather than passing `width`. */
function noteLines(parts: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const part of parts) {
    const next = current ? `${current} · ${part}` : part;
    if (current && displayWidth(next) > width) {
      lines.push(current);
      current = part;
    } else {
      current = next;
    }
  }
  if (current) lines.push(current);
  return lines.map((line) => fitText(line, width));
}

export function renderCompare(data: CompareResult, view: CompareView): string[] {
  const { theme } = view;
  const metrics = compareMetrics(data, view.metrics);
  const count = data.comparison.length;
  const title = fitText(`Comparing ${count} campaign${count === 1 ? "" : "s"} · ${windowLabel(view.window)}`, view.columns);
  const lines = [theme.bold(title), ""];
  if (count === 0 || metrics.length === 0) return [...lines, "Nothing to compare."];

  lines.push(...comparisonTable(data, metrics, view));
  const lowerBetter = metrics.filter(lowerIsBetter).map(shortLabel);
  const notes = [
    `${BEST_MARK} best per metric${lowerBetter.length ? ` (lowest for ${lowerBetter.join(", ")})` : ""}`,
    "bars relative to each column's highest value",
  ];
  lines.push(...noteLines(notes, view.columns).map((line) => theme.dim(line)));

  if (data.statistical_significance.length > 0) {
    lines.push("", ...significanceTable(data, view));
    const significance = ["significant: p < 0.05", "a difference this large is unlikely to be chance"];
    lines.push(...noteLines(significance, view.columns).map((line) => theme.dim(line)));
  }
  return lines;
}
