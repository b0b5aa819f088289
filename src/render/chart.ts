/**
 * Time-series line charts with asciichart, fitted to the terminal width. With colour, all series
 * share one chart and a coloured legend; without colour the lines could not be told apart, so each
 * series gets a small chart of its own.
 */
import * as asciichart from "asciichart";
import type { Theme } from "./theme.js";

export interface Series {
  name: string;
  values: number[];
}

export interface ChartOptions {
  title: string;
  /** Labels for the first and last point (dates). */
  firstLabel: string;
  lastLabel: string;
  width: number;
  height: number;
  theme: Theme;
  /** The y-axis range; default 0 to the highest value. A score that moves between 82 and 86 needs a zoomed axis to show its shape. */
  min?: number;
  max?: number;
}

const SERIES_COLORS = [asciichart.cyan, asciichart.magenta, asciichart.green, asciichart.yellow, asciichart.blue, asciichart.red];
const SERIES_STYLES: Array<(theme: Theme, text: string) => string> = [
  (t, s) => t.chalk.cyan(s),
  (t, s) => t.chalk.magenta(s),
  (t, s) => t.chalk.green(s),
  (t, s) => t.chalk.yellow(s),
  (t, s) => t.chalk.blue(s),
  (t, s) => t.chalk.red(s),
];

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

/** A y-axis label; one decimal when the axis spans less than 10, so labels stay distinct. */
function axisLabel(value: number, labelWidth: number, span: number): string {
  const text = Math.abs(value) >= 10_000 ? `${(value / 1000).toFixed(0)}k` : value.toFixed(span < 10 ? 1 : 0);
  return text.padStart(labelWidth);
}

function plot(series: number[][], options: ChartOptions, height: number, colors: boolean): { lines: string[]; plotWidth: number; offset: number } {
  const min = options.min ?? 0;
  const max = options.max ?? Math.max(min + 1, ...series.flat());
  const labelWidth = Math.max(4, axisLabel(max, 0, max - min).length);
  const offset = labelWidth + 2;
  const fitted = series.map((values) => resample(values, Math.max(10, options.width - offset - 1)));
  const plotWidth = Math.max(...fitted.map((values) => values.length));
  const text = asciichart.plot(fitted, {
    height,
    min,
    max,
    offset: 2,
    format: (value) => axisLabel(value, labelWidth, max - min),
    ...(colors ? { colors: SERIES_COLORS.slice(0, series.length) } : {}),
  });
  return { lines: text.split("\n").map((line) => line.trimEnd()), plotWidth, offset };
}

function xAxis(options: ChartOptions, offset: number, plotWidth: number): string {
  const gap = Math.max(1, plotWidth - options.firstLabel.length - options.lastLabel.length);
  return `${" ".repeat(offset)}${options.firstLabel}${" ".repeat(gap)}${options.lastLabel}`;
}

/** Render `series` as lines no wider than `options.width`. */
export function renderChart(series: readonly Series[], options: ChartOptions): string[] {
  const { theme } = options;
  const pointCount = Math.max(0, ...series.map((s) => s.values.length));
  if (pointCount === 0) return [theme.dim(`${options.title}: no data in this range`)];
  if (theme.level > 0) {
    const legend = series.map((s, i) => (SERIES_STYLES[i % SERIES_STYLES.length] as (t: Theme, s: string) => string)(theme, `━━ ${s.name}`)).join("  ");
    const { lines, plotWidth, offset } = plot(series.map((s) => s.values), options, options.height, true);
    return [theme.bold(options.title), legend, ...lines, theme.dim(xAxis(options, offset, plotWidth))];
  }
  const out = [options.title];
  const smallHeight = Math.max(3, Math.floor(options.height / 2) - 1);
  for (const s of series) {
    const { lines, plotWidth, offset } = plot([s.values], options, smallHeight, false);
    out.push(`${s.name}:`, ...lines, xAxis(options, offset, plotWidth));
  }
  return out;
}
