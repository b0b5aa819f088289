/**
 * One series per chart, drawn with asciichart and fitted to the terminal: the same chart whether
 * colour is on or off (colour only tints it), so two series never collide or depend on colour to
 * be told apart.
 *
 * The y-axis is a grid of `height` rows with a round step (1, 2, 2.5 or 5 × 10ⁿ; whole numbers for
 * counts). Each value is placed on the row of the nearest tick before asciichart sees it, so a
 * point always sits on the row whose label is closest to it (exactly on it when the step allows).
 * Points marked partial (a bucket the range cuts, or today's, still filling) are drawn as dots,
 * apart from the line, so an unfinished bucket never reads as a drop.
 */
import * as asciichart from "asciichart";
import { wrap } from "./format.js";
import type { Theme } from "./theme.js";

export interface ChartPoint {
  value: number;
  /** Drawn as dots, not joined to the line. Only the first and last points may be partial. */
  partial?: boolean | undefined;
}

export interface ChartOptions {
  /** `Sent per month`. */
  title: string;
  /** One x label per point (dates); the first, middle and last are shown. */
  labels: readonly string[];
  /** What a point is, for the "too few points" line: `day`, `week`, `month`. */
  pointNoun: string;
  width: number;
  /** Rows of the plot; see chartHeight. */
  height: number;
  theme: Theme;
  /** Counts: whole-number ticks. */
  integer: boolean;
  /** Fit the axis to the data instead of starting at 0 (a score moving between 82 and 86). */
  zoom?: boolean | undefined;
  /** Lowest and highest values the axis may show (a score: 0 and 100). */
  floor?: number | undefined;
  ceiling?: number | undefined;
}

/** Fewer points than this draw no chart: two points are a comparison, not a trend. */
export const MIN_CHART_POINTS = 3;
export const MIN_CHART_HEIGHT = 8;
const MAX_CHART_HEIGHT = 16;
/** The glyph of a partial point. */
export const PARTIAL_MARK = "·";

/** Plot rows for a terminal of `rows` lines: a third of it, 8 to 16. */
export function chartHeight(rows: number): number {
  return Math.max(MIN_CHART_HEIGHT, Math.min(MAX_CHART_HEIGHT, Math.floor(rows / 3)));
}

/** Stretch or shrink a series to exactly `width` points (averaging when shrinking). */
export function resample(values: readonly number[], width: number): number[] {
  if (values.length === 0 || width <= 0) return [];
  if (values.length === 1) return Array.from({ length: Math.min(width, 2) }, () => values[0] as number);
  if (values.length <= width) {
    const repeat = Math.max(1, Math.floor(width / values.length));
    return values.flatMap((value) => Array.from({ length: repeat }, () => value));
  }
  const out: number[] = [];
  for (let column = 0; column < width; column++) {
    const from = Math.floor((column * values.length) / width);
    const to = Math.max(from + 1, Math.floor(((column + 1) * values.length) / width));
    const slice = values.slice(from, to);
    out.push(slice.reduce((sum, v) => sum + v, 0) / slice.length);
  }
  return out;
}

/** The y-axis: `intervals` steps of `step` from `min`. */
export interface Axis {
  min: number;
  step: number;
  intervals: number;
  /** Decimals the tick labels need to be exact. */
  decimals: number;
}

const MANTISSAS = [1, 2, 2.5, 5];

function decimalsOf(step: number): number {
  const text = String(step);
  return text.includes("e-") ? Number(text.split("e-")[1]) : (text.split(".")[1]?.length ?? 0);
}

/** The smallest round step ≥ `raw` (whole numbers ≥ 1 for counts). */
function niceStep(raw: number, integer: boolean): number {
  if (integer && raw <= 1) return 1;
  const safe = raw > 0 ? raw : 1;
  let power = 10 ** Math.floor(Math.log10(safe));
  for (;;) {
    for (const mantissa of MANTISSAS) {
      const step = Number((mantissa * power).toPrecision(12));
      if (step >= safe - 1e-12 && (!integer || Number.isInteger(step))) return step;
    }
    power *= 10;
  }
}

/** An axis of `height` rows (`height − 1` steps) that holds every value. */
export function chooseAxis(values: readonly number[], height: number, options: Pick<ChartOptions, "integer" | "zoom" | "floor" | "ceiling">): Axis {
  const intervals = Math.max(1, height - 1);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (!options.zoom) low = Math.min(0, low);
  if (high === low) high = low + (options.integer ? intervals : 1);
  let step = niceStep((high - low) / intervals, options.integer);
  let min = Math.floor(low / step) * step;
  while (min + intervals * step < high) {
    step = niceStep(step * 1.0001, options.integer);
    min = Math.floor(low / step) * step;
  }
  if (options.zoom) {
    // Centre the data in the spare rows, within the axis's natural bounds.
    const spare = intervals - Math.ceil((high - min) / step);
    min -= Math.floor(spare / 2) * step;
    if (options.floor !== undefined && min < options.floor) min = Math.ceil(options.floor / step) * step;
    if (options.ceiling !== undefined && min + intervals * step > options.ceiling) {
      min = Math.max(Math.floor((options.ceiling - intervals * step) / step) * step, Math.floor(low / step) * step);
    }
  }
  return { min: Number(min.toPrecision(12)), step, intervals, decimals: decimalsOf(step) };
}

/** The row (0 = bottom) a value is drawn on: the nearest tick. */
export function tickIndex(value: number, axis: Axis): number {
  return Math.min(axis.intervals, Math.max(0, Math.round((value - axis.min) / axis.step)));
}

/** The value a tick row stands for, as its label prints it. */
export function tickLabel(index: number, axis: Axis): string {
  const value = axis.min + index * axis.step;
  return value.toLocaleString("en-US", { minimumFractionDigits: axis.decimals, maximumFractionDigits: axis.decimals });
}

/** Why there is no chart, or undefined when there is one. */
function noChartReason(points: readonly ChartPoint[], options: ChartOptions): string | undefined {
  const n = points.length;
  if (n === 0) return `no ${options.pointNoun}s in this range`;
  if (n < MIN_CHART_POINTS) return `no chart for ${n} ${options.pointNoun}${n === 1 ? "" : "s"} (a trend needs at least ${MIN_CHART_POINTS})`;
  if (points.every((p) => p.value === 0)) return `no chart: 0 in every ${options.pointNoun} of this range`;
  return undefined;
}

/** The line through the whole points as `width` columns of text rows (top row first). */
function lineRows(values: readonly number[], width: number, axis: Axis): string[] {
  const blank = Array.from({ length: axis.intervals + 1 }, () => " ".repeat(width));
  if (values.length === 0 || width <= 0) return blank;
  const ticks = resample(values, width).map((value) => tickIndex(value, axis));
  // asciichart draws the step from point x to x+1 in column x: one extra point fills the last column.
  const text = asciichart.plot([...ticks, ticks.at(-1) as number], {
    min: 0,
    max: axis.intervals,
    height: axis.intervals,
    offset: 2,
    format: () => " ",
  });
  return text.split("\n").map((line) => line.slice(2, 2 + ticks.length).padEnd(width));
}

/** The partial points' dots, `width` columns wide. */
function dotRows(value: number, width: number, axis: Axis): string[] {
  const row = axis.intervals - tickIndex(value, axis);
  return Array.from({ length: axis.intervals + 1 }, (_, i) => (i === row ? PARTIAL_MARK.repeat(width) : " ".repeat(width)));
}

/** First, middle and last labels under `plotWidth` columns, the middle one only when it fits clear of the others. */
export function xAxisLine(labels: readonly string[], plotWidth: number): string {
  const first = labels[0] ?? "";
  const last = labels.length > 1 ? (labels.at(-1) ?? "") : "";
  const width = Math.max(plotWidth, first.length + (last ? last.length + 1 : 0));
  const line = Array.from({ length: width }, () => " ");
  const put = (text: string, at: number): void => [...text].forEach((char, i) => (line[at + i] = char));
  put(first, 0);
  if (last) put(last, width - last.length);
  const midIndex = Math.floor((labels.length - 1) / 2);
  const middle = labels.length >= 3 ? (labels[midIndex] ?? "") : "";
  if (middle) {
    const centre = Math.floor(((midIndex + 0.5) * plotWidth) / labels.length);
    const at = Math.max(0, centre - Math.floor(middle.length / 2));
    if (at >= first.length + 2 && at + middle.length + 2 <= width - last.length) put(middle, at);
  }
  return line.join("");
}

/** Render one series as lines no wider than `options.width`, or one line saying why there is no chart. */
export function renderChart(points: readonly ChartPoint[], options: ChartOptions): string[] {
  const { theme } = options;
  const reason = noChartReason(points, options);
  // One line, wrapped only on a terminal too narrow for it.
  if (reason) return wrap(`${options.title}: ${reason}`, options.width).map((line) => theme.dim(line));

  const axis = chooseAxis(
    points.map((p) => p.value),
    Math.max(MIN_CHART_HEIGHT, options.height),
    options,
  );
  const labelWidth = Math.max(...Array.from({ length: axis.intervals + 1 }, (_, i) => tickLabel(i, axis).length));
  const offset = labelWidth + 2;
  const plotWidth = Math.max(10, options.width - offset - 1);

  const leading = points.findIndex((p) => !p.partial);
  const lead = leading < 0 ? points.length : leading;
  const trail = leading < 0 ? 0 : points.length - 1 - points.findLastIndex((p) => !p.partial);
  const whole = points.slice(lead, points.length - trail);
  const perPoint = points.length <= plotWidth ? Math.floor(plotWidth / points.length) : 1;
  const lineWidth = points.length <= plotWidth ? whole.length * perPoint : plotWidth - (lead + trail) * perPoint;

  const blocks = [
    ...points.slice(0, lead).map((p) => dotRows(p.value, perPoint, axis)),
    lineRows(
      whole.map((p) => p.value),
      lineWidth,
      axis,
    ),
    ...points.slice(points.length - trail).map((p) => dotRows(p.value, perPoint, axis)),
  ];
  const drawnWidth = (lead + trail) * perPoint + lineWidth;
  const rows = Array.from({ length: axis.intervals + 1 }, (_, i) => {
    const label = tickLabel(axis.intervals - i, axis).padStart(labelWidth);
    // Block `lead` is the line; the others are partial points. Trailing blanks go before colouring.
    let room = blocks.map((block) => block[i] ?? "").join("").trimEnd().length;
    const plot = blocks.map((block, b) => {
      const cells = (block[i] ?? "").slice(0, Math.max(0, room));
      room -= cells.length;
      return cells === "" ? "" : b === lead ? theme.accent(cells) : theme.warn(cells);
    });
    return `${theme.dim(`${label} ┤`)}${plot.join("")}`;
  });
  return [theme.bold(options.title), ...rows, theme.dim(`${" ".repeat(offset)}${xAxisLine(options.labels, drawnWidth)}`.trimEnd())];
}
