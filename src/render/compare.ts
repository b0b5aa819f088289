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
import type { AnalyticsSummary } from "../providers/tenant/schemas.js";
import { LOWER_IS_BETTER, type RateMetric } from "../providers/vocabulary.js";
import type { TimeWindow } from "../options/dates.js";
import { ALPHA, NO_RATE, RATE_DENOMINATORS, bar, formatPValue, wrap } from "./format.js";
import { sanitize } from "./sanitize.js";
import type { Theme } from "./theme.js";

export interface CompareView {
  columns: number;
  theme: Theme;
  /** The window the command asked for (the response does not echo it). */
  window: TimeWindow;
  /** The metrics asked for, in order; by default every metric the response carries. */
  metrics?: readonly string[] | undefined;
  /**
   * Each campaign's counts over the same window, by id, when known: a rate whose denominator is 0
   * prints n/a (the compare response carries rates only, and sends 0 for them).
   */
  counts?: ReadonlyMap<string, Partial<AnalyticsSummary>> | undefined;
}

/** Marks a metric's significant winner; survives NO_COLOR. */
export const BEST_MARK = "★";

/** Column headers; the title says the values are percentages, so a header is no wider than its numbers. */
const SHORT_LABELS: Record<string, string> = {
  open_rate: "Open",
  click_rate: "Click",
  reply_rate: "Reply",
  delivery_rate: "Deliv.",
  click_to_open_rate: "CTO",
  bounce_rate: "Bounce",
  spam_rate: "Spam",
  unsubscribe_rate: "Unsub.",
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

export { formatPValue };

/** The metrics to show: those asked for, else every key of the rows' `metrics`, first seen first. */
export function compareMetrics(data: CompareResult, requested?: readonly string[]): string[] {
  if (requested?.length) return [...requested];
  const seen = new Set<string>();
  for (const row of data.comparison) for (const key of Object.keys(row.metrics)) seen.add(key);
  // A metric no campaign has a value for (nothing sent) still has its verdict.
  for (const entry of data.statistical_significance) seen.add(entry.metric);
  return [...seen];
}

/** Whether a significance entry names a winner: significant (p < α, as the API also says) and something to judge. */
export function hasClearWinner(entry: CompareResult["statistical_significance"][number] | undefined): entry is CompareResult["statistical_significance"][number] & { winner: string } {
  // A local compare names no winner where nothing is significant or nothing was sent.
  return entry !== undefined && entry.winner !== undefined && entry.is_significant && entry.p_value < ALPHA;
}

/**
 * Which row is the significant winner of `metric`: the API's winner, only when the difference is
 * significant (it judges the exact counts); none otherwise: a bigger number that could be chance is
 * not a winner.
 */
export function bestRows(data: CompareResult, metric: string): Set<number> {
  const entry = data.statistical_significance.find((e) => e.metric === metric);
  if (!hasClearWinner(entry)) return new Set();
  const winnerRow = data.comparison.findIndex((row) => row.campaign_id === entry?.winner);
  return winnerRow >= 0 ? new Set([winnerRow]) : new Set();
}

/**
 * Where a column's bars start: 0, or for rates that all sit near 100 % (delivery) a round value
 * below the lowest, so that 97.5 against 98.8 shows as a difference rather than two full bars.
 */
export function barBaseline(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (low < 80) return 0;
  return Math.max(0, Math.floor((low - Math.max(high - low, 1)) / 5) * 5);
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
  /** A value, or null for a rate of nothing (n/a), or undefined when the row lacks it. */
  values: Array<number | null | undefined>;
  /** Width of the number field: the widest value or the label, both right-aligned in it. */
  fieldWidth: number;
  /** Bars run from `baseline` to `max`. */
  baseline: number;
  max: number;
  best: Set<number>;
}

const BAR_MAX = 10;
const BAR_PREFERRED_MIN = 3;
const BAR_MIN = 2;
const NAME_PREFERRED_MIN = 12;
const NAME_MIN = 10;
const ID_MAX = 24;
/** After the name column; the ID column is followed by 1 space and the marker slot. */
const NAME_GAP = 2;

/** The count a rate divides by, for a campaign, when the counts are known. */
function denominator(view: CompareView, campaignId: string, metric: string): number | undefined {
  const field = RATE_DENOMINATORS[metric as RateMetric];
  const count: unknown = field ? view.counts?.get(campaignId)?.[field] : undefined;
  return typeof count === "number" ? count : undefined;
}

function metricColumn(data: CompareResult, metric: string, view: CompareView): MetricColumn {
  const values = data.comparison.map((row) => {
    const value = row.metrics[metric];
    if (!Number.isFinite(value)) return undefined;
    return denominator(view, row.campaign_id, metric) === 0 ? null : value;
  });
  const shown = values.filter((v): v is number => typeof v === "number");
  const label = shortLabel(metric);
  const texts = values.map((v) => (v === null ? NO_RATE : v === undefined ? "–" : v.toFixed(2)));
  return {
    metric,
    label,
    values,
    fieldWidth: Math.max(displayWidth(label), ...texts.map((t) => t.length)),
    baseline: barBaseline(shown),
    max: Math.max(0, ...shown),
    best: bestRows(data, metric),
  };
}

/** Content width of a metric column: marker slot, number field, space, bar. */
function metricWidth(column: MetricColumn, barWidth: number): number {
  return 1 + column.fieldWidth + (barWidth > 0 ? 1 + barWidth : 0);
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
  if (value === undefined || value === null) return ` ${theme.dim((value === null ? NO_RATE : "–").padStart(column.fieldWidth))}`;
  const best = column.best.has(row);
  const text = value.toFixed(2);
  // The mark sits just before the number, both right-aligned under the header.
  const number = `${" ".repeat(column.fieldWidth - text.length)}${best ? `${theme.good(BEST_MARK)}${theme.good(theme.bold(text))}` : ` ${text}`}`;
  if (layout.barWidth === 0) return number;
  const span = column.max - column.baseline;
  const drawn = bar(span > 0 ? (value - column.baseline) / span : 0, layout.barWidth);
  return `${number} ${theme.accent(drawn)}`;
}

function comparisonTable(data: CompareResult, columns: readonly MetricColumn[], view: CompareView): string[] {
  const { theme } = view;
  const names = data.comparison.map((row) => sanitize(row.campaign_name));
  const ids = data.comparison.map((row) => fitText(sanitize(row.campaign_id), ID_MAX));
  const naturalName = Math.max(displayWidth("Campaign"), ...names.map(displayWidth));
  const idWidth = Math.max(2, ...ids.map(displayWidth));
  const lines: string[] = [];
  for (const group of groupMetrics(naturalName, idWidth, columns, view.columns)) {
    const { layout } = group;
    if (lines.length > 0) lines.push("");
    lines.push(
      ...plainTable({
        widths: [layout.nameWidth + NAME_GAP - 1, idWidth, ...group.columns.map((column) => metricWidth(column, layout.barWidth))],
        rules: [layout.nameWidth],
        gap: 1,
        // Headers are right-aligned over their numbers.
        head: ["Campaign", "ID", ...group.columns.map((column) => ` ${column.label.padStart(column.fieldWidth)}`)],
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
/** What the Winner column says where the difference could be chance, or nothing was sent. */
export const NO_WINNER = "no clear winner";
const SIGNIFICANT_HEADER = "Significant";

function winnerText(name: string | undefined, id: string, width: number): string {
  if (name === undefined) return fitText(id, width);
  const suffix = ` (${id})`;
  const room = width - displayWidth(suffix);
  return room >= 4 ? `${fitText(name, room)}${suffix}` : fitText(id, width);
}

function significanceTable(data: CompareResult, view: CompareView): string[] {
  const { theme } = view;
  const entries = data.statistical_significance;
  const namesById = new Map(data.comparison.map((row) => [row.campaign_id, sanitize(row.campaign_name)]));
  const pValues = entries.map((entry) => formatPValue(entry.p_value));
  const pWidth = Math.max(P_HEADER.length, ...pValues.map((p) => p.length));
  const gap = 2;
  // A narrow terminal gets "Sig." so that "no clear winner" keeps its room.
  const significantHeader = view.columns - (pWidth + SIGNIFICANT_HEADER.length + 3 * gap) - 6 < NO_WINNER.length ? "Sig." : SIGNIFICANT_HEADER;
  const fixed = pWidth + significantHeader.length + 3 * gap;
  const naturalWinner = Math.max(
    "Winner".length,
    NO_WINNER.length,
    ...entries.map((entry) => (hasClearWinner(entry) ? displayWidth(winnerText(namesById.get(entry.winner), sanitize(entry.winner), Number.MAX_SAFE_INTEGER)) : 0)),
  );
  let labels = entries.map((entry) => longLabel(entry.metric));
  let metricWidth = Math.max("Metric".length, ...labels.map(displayWidth));
  if (view.columns - fixed - metricWidth < Math.min(naturalWinner, 24)) {
    labels = entries.map((entry) => shortLabel(entry.metric));
    metricWidth = Math.max("Metric".length, ...labels.map(displayWidth));
  }
  const winnerWidth = Math.max(4, Math.min(naturalWinner, view.columns - fixed - metricWidth));
  return plainTable({
    widths: [metricWidth, winnerWidth, pWidth, significantHeader.length],
    gap,
    align: ["left", "left", "right", "left"],
    head: ["Metric", "Winner", P_HEADER, significantHeader],
    rows: entries.map((entry, index) => [
      fitText(labels[index] ?? "", metricWidth),
      hasClearWinner(entry) ? winnerText(namesById.get(entry.winner), sanitize(entry.winner), winnerWidth) : theme.dim(fitText(NO_WINNER, winnerWidth)),
      pValues[index] ?? "",
      hasClearWinner(entry) ? theme.good("yes") : theme.dim("no"),
    ]),
    theme,
  });
}

/** Join note fragments with " · ", starting a new line rather than passing `width` (a fragment too long on its own wraps). */
function noteLines(parts: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const part of parts.flatMap((p) => (displayWidth(p) > width ? wrap(p, width) : [p]))) {
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
  // A provider's local compare names the range its counts cover, or the lookback it was asked for
  // (CampaignOS: `period`), or covers all time when it names neither.
  const range = data.time_range
    ? `${sanitize(data.time_range.start.slice(0, 10))} → ${sanitize(data.time_range.end.slice(0, 10))}`
    : data.provider && data.period === undefined
      ? `all time, as ${sanitize(data.provider)} reports it`
      : windowLabel(view.window);
  const title = fitText(`Comparing ${count} campaign${count === 1 ? "" : "s"} · ${range}`, view.columns);
  const lines = [theme.bold(title), ""];
  if (count === 0 || metrics.length === 0) return [...lines, "Nothing to compare."];

  const columns = metrics.map((metric) => metricColumn(data, metric, view));
  lines.push(...comparisonTable(data, columns, view));
  const marked = columns.filter((column) => column.best.size > 0);
  const lowerBetter = marked.map((column) => column.metric).filter(lowerIsBetter).map(shortLabel);
  const notes = [
    marked.length > 0
      ? `${BEST_MARK} significant winner (p < ${ALPHA})${lowerBetter.length ? `, lowest for ${lowerBetter.join(", ")}` : ""}`
      : `no ${BEST_MARK}: no difference is significant (p < ${ALPHA})`,
    "values are rates in %, bars relative to each column's highest",
    ...columns.filter((column) => column.baseline > 0).map((column) => `${column.label} bars start at ${column.baseline}%`),
    ...(columns.some((column) => column.values.includes(null)) ? [`${NO_RATE}: nothing sent (or delivered, opened) to divide by`] : []),
  ];
  lines.push(...noteLines(notes, view.columns).map((line) => theme.dim(line)));

  if (data.statistical_significance.length > 0) {
    lines.push("", ...significanceTable(data, view));
    const significance = [`significant: p < ${ALPHA}`, "a difference this large is unlikely to be chance"];
    lines.push(...noteLines(significance, view.columns).map((line) => theme.dim(line)));
  }
  return lines;
}
