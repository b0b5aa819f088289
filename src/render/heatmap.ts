/**
 * `analytics heatmap` as text: a 7 × 4 grid (Monday … Sunday × nighttime … evening), each cell
 * showing the chosen metric's value and coloured on a sequential scale, a legend with the scale's
 * range, and the optimal send time. Pure: data in, lines out.
 *
 * The scale runs from the lowest to the highest value among cells that sent anything (cells with no
 * sends show "–" and stay out of the scale). Colours follow viridis (dark blue → yellow, readable for
 * colour-blind users) at the stream's colour level: continuous RGB with truecolor, an 8-step ramp
 * with 256 colours, 4 steps (blue, cyan, green, yellow) with 16 colours, where the cells also carry
 * the shading characters. Without colour, the shading characters ░▒▓█ (quarters of the scale) carry
 * the scale on their own, next to each value.
 */
import type { EngagementHeatmap } from "../providers/tenant/schemas.js";
import { DAYS_OF_WEEK, type HeatmapMetric, TIME_PERIODS, TIME_PERIOD_HOURS, type TimePeriod } from "../providers/vocabulary.js";
import { formatCount, plural, truncate, wrap } from "./format.js";
import { sanitize } from "./sanitize.js";
import type { Theme } from "./theme.js";

export interface HeatmapView {
  columns: number;
  theme: Theme;
  metric: HeatmapMetric;
  /** The timeRange asked for (the response carries no time range). */
  range?: string | undefined;
  /** `--campaign`: the campaign the grid is limited to (the response does not say). */
  campaign?: { id: string; name?: string | undefined } | undefined;
}

type Cell = EngagementHeatmap["heatmap"][number];

/** Shading characters from the lowest to the highest quarter of the scale. */
export const SHADES = ["░", "▒", "▓", "█"] as const;

const METRIC_LABELS: Record<HeatmapMetric, { name: string; meaning: string }> = {
  open_rate: { name: "open rate", meaning: "opened / delivered" },
  engagement_score: { name: "engagement score", meaning: "(opens×0.3 + clicks×0.4 + replies×0.3) / sent × 100" },
  emails_sent: { name: "emails sent", meaning: "sends in that slot" },
  emails_opened: { name: "emails opened", meaning: "opens of mail sent in that slot" },
};

const PERIOD_NAMES: Record<TimePeriod, { long: string; short: string }> = {
  nighttime: { long: "nighttime", short: "night" },
  early_morning: { long: "early morning", short: "early" },
  office_hours: { long: "office hours", short: "office" },
  evening: { long: "evening", short: "evening" },
};

/**
 * A slot is ranked (can be the best time, sets the colour scale) only with at least this many
 * emails and this share of all sends: a handful of sends at 5 am beats thousands at 8 am by chance.
 */
export const MIN_SLOT_SENDS = 30;
export const MIN_SLOT_SHARE = 0.01;
/** The rule in words, for the view and the README. */
export const SLOT_RULE = `≥ ${MIN_SLOT_SENDS} emails and ≥ ${MIN_SLOT_SHARE * 100}% of all sends`;
/** Marks a slot with too few sends to rank, in place of the shading. */
export const FEW_SENDS_MARK = "·";

const RANGE_WORDS: Record<string, string> = { "30d": "last 30 days", "90d": "last 90 days" };

/** Viridis, sampled at 10 stops (low → high). */
const VIRIDIS: ReadonlyArray<readonly [number, number, number]> = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 73, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [110, 206, 88],
  [181, 222, 43],
  [253, 231, 37],
];
/** The same scale in the xterm 256-colour cube (low → high). */
export const ANSI256_RAMP = [54, 61, 25, 31, 37, 35, 113, 226] as const;
/** The same idea in 16 colours: blue, cyan, green, yellow. */
const ANSI16_RAMP = ["bgBlue", "bgCyan", "bgGreen", "bgYellow"] as const;

/** Where `value` sits between `min` and `max` (0–1); 1 when the scale is a single value. */
export function scaleFraction(value: number, min: number, max: number): number {
  if (!(max > min)) return 1;
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}

/** The quarter of the scale a fraction falls in (0–3). */
export function shadeIndex(fraction: number): number {
  return Math.min(SHADES.length - 1, Math.floor(fraction * SHADES.length));
}

/** The truecolor background for a fraction of the scale. */
export function viridis(fraction: number): [number, number, number] {
  const position = Math.min(1, Math.max(0, fraction)) * (VIRIDIS.length - 1);
  const low = Math.floor(position);
  const high = Math.min(VIRIDIS.length - 1, low + 1);
  const t = position - low;
  const a = VIRIDIS[low] ?? VIRIDIS[0]!;
  const b = VIRIDIS[high] ?? a;
  return [0, 1, 2].map((i) => Math.round((a[i] ?? 0) + ((b[i] ?? 0) - (a[i] ?? 0)) * t)) as [number, number, number];
}

function isLight([r, g, b]: readonly [number, number, number]): boolean {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b >= 140;
}

/** Paint `text` as a cell at `fraction` of the scale, at the theme's colour level. */
export function paintCell(theme: Theme, fraction: number, text: string): string {
  const { chalk } = theme;
  switch (theme.level) {
    case 3: {
      const rgb = viridis(fraction);
      return (isLight(rgb) ? chalk.black : chalk.whiteBright).bgRgb(...rgb)(text);
    }
    case 2: {
      const step = Math.min(ANSI256_RAMP.length - 1, Math.floor(fraction * ANSI256_RAMP.length));
      return (step >= 4 ? chalk.black : chalk.whiteBright).bgAnsi256(ANSI256_RAMP[step] ?? 226)(text);
    }
    case 1: {
      const step = shadeIndex(fraction);
      return (step === 0 ? chalk.whiteBright : chalk.black)[ANSI16_RAMP[step] ?? "bgYellow"](text);
    }
    default:
      return text;
  }
}

function metricValue(cell: Cell, metric: HeatmapMetric): number {
  return cell[metric];
}

function formatValue(value: number, metric: HeatmapMetric, compact: boolean): string {
  if (metric === "open_rate") return `${value.toFixed(compact ? 1 : 2)}%`;
  if (metric === "engagement_score") return value.toFixed(compact ? 1 : 2);
  if (!compact) return formatCount(value);
  if (value >= 999_500) return `${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 10_000) return `${Math.round(value / 1000)}k`;
  return formatCount(value);
}

/** The period a local hour belongs to. */
export function periodOfHour(hour: number): TimePeriod {
  return TIME_PERIODS.find((p) => hour >= TIME_PERIOD_HOURS[p][0] && hour < TIME_PERIOD_HOURS[p][1]) ?? "evening";
}

interface Layout {
  labelWidth: number;
  /** Width of a cell (a one-space gap precedes each). */
  cellWidth: number;
  /** Shading characters before the value (1 or 2), then `gap` spaces. */
  shadeCount: number;
  gap: number;
  compact: boolean;
  valueWidth: number;
  /** 2 when the optimal cell is marked with " ★" inside the grid, else 0. */
  starSlot: number;
  /** Width of a cell's content (shades, gap, value, star), centred in the cell. */
  contentWidth: number;
}

/**
 * The widest layout that fits: two shading characters, one, then without the ★ mark (the callout
 * still names the slot), then compact values, then no gap. A cell always keeps a shading character.
 */
function layout(values: string[], compactValues: string[], hasStar: boolean, view: HeatmapView): Layout {
  const labelWidth = view.columns >= 60 ? 10 : 4;
  const cellWidth = Math.min(16, Math.floor((view.columns - labelWidth) / TIME_PERIODS.length) - 1);
  const widest = (list: string[]): number => Math.max(1, ...list.map((v) => v.length));
  const star = hasStar ? 2 : 0;
  const candidates: Array<[shadeCount: number, gap: number, compact: boolean, starSlot: number]> = [
    [2, 1, false, star],
    [1, 1, false, star],
    [1, 1, false, 0],
    [1, 1, true, 0],
    [1, 0, true, 0],
  ];
  for (const [shadeCount, gap, compact, starSlot] of candidates) {
    const valueWidth = widest(compact ? compactValues : values);
    const contentWidth = shadeCount + gap + valueWidth + starSlot;
    if (contentWidth <= cellWidth || (compact && gap === 0)) {
      return { labelWidth, cellWidth, shadeCount, gap, compact, valueWidth, starSlot, contentWidth: Math.min(contentWidth, cellWidth) };
    }
  }
  throw new Error("unreachable");
}

/** Whether a slot has enough sends to be ranked (SLOT_RULE). */
export function isRanked(cell: Cell, totalSends: number): boolean {
  return cell.emails_sent >= MIN_SLOT_SENDS && cell.emails_sent >= totalSends * MIN_SLOT_SHARE;
}

/** The ranked slot with the highest engagement score (ties: earlier day, then earlier period). */
export function bestRankedCell(data: EngagementHeatmap): Cell | undefined {
  const total = data.heatmap.reduce((sum, c) => sum + c.emails_sent, 0);
  const order = (cell: Cell): number => DAYS_OF_WEEK.indexOf(cell.day_of_week) * TIME_PERIODS.length + TIME_PERIODS.indexOf(cell.time_period);
  let best: Cell | undefined;
  for (const cell of data.heatmap) {
    if (!isRanked(cell, total)) continue;
    if (!best || cell.engagement_score > best.engagement_score || (cell.engagement_score === best.engagement_score && order(cell) < order(best))) best = cell;
  }
  return best;
}

export function renderHeatmap(data: EngagementHeatmap, view: HeatmapView): string[] {
  const { theme, metric } = view;
  const label = METRIC_LABELS[metric];
  const byKey = new Map<string, Cell>(data.heatmap.map((cell) => [`${cell.day_of_week}/${cell.time_period}`, cell]));
  const total = data.heatmap.reduce((sum, c) => sum + c.emails_sent, 0);
  const withSends = data.heatmap.filter((cell) => cell.emails_sent > 0);
  const ranked = withSends.filter((cell) => isRanked(cell, total));
  // Slots with few sends keep their value but stay out of the scale: one lucky email would stretch it.
  const scaled = (ranked.length > 0 ? ranked : withSends).map((cell) => metricValue(cell, metric));
  const min = scaled.length ? Math.min(...scaled) : 0;
  const max = scaled.length ? Math.max(...scaled) : 0;
  const best = bestRankedCell(data);
  const isBest = (cell: Cell): boolean => cell === best;
  const values = withSends.map((cell) => metricValue(cell, metric));

  const fit = layout(
    values.map((v) => formatValue(v, metric, false)),
    values.map((v) => formatValue(v, metric, true)),
    best !== undefined,
    view,
  );
  const { labelWidth, cellWidth } = fit;
  const width = (text: string): number => [...text].length;
  const padEnd = (text: string, to: number): string => text + " ".repeat(Math.max(0, to - width(text)));
  // Content is centred in its cell; headers start where the content starts, so they line up.
  const indent = Math.floor((cellWidth - fit.contentWidth) / 2);
  const place = (content: string): string => padEnd(" ".repeat(indent) + content, cellWidth);

  const fitsLong = TIME_PERIODS.every((p) => PERIOD_NAMES[p].long.length <= cellWidth - indent);
  const header = (pick: (period: TimePeriod) => string): string =>
    " ".repeat(labelWidth) + TIME_PERIODS.map((period) => ` ${place(truncate(pick(period), cellWidth - indent))}`).join("");
  const hours = (p: TimePeriod): string => TIME_PERIOD_HOURS[p].map((h) => String(h).padStart(2, "0")).join("–");
  const shadesShown = theme.level <= 1;

  const rows = DAYS_OF_WEEK.map((day) => {
    const dayLabel = padEnd(labelWidth >= 10 ? day : day.slice(0, 3), labelWidth);
    const cells = TIME_PERIODS.map((period) => {
      const cell = byKey.get(`${day}/${period}`);
      const lead = " ".repeat(fit.shadeCount + fit.gap);
      if (!cell || cell.emails_sent === 0) return ` ${theme.dim(place(`${lead}${"–".padStart(fit.valueWidth)}`))}`;
      const value = metricValue(cell, metric);
      const shown = formatValue(value, metric, fit.compact).padStart(fit.valueWidth);
      const star = fit.starSlot ? (isBest(cell) ? " ★" : "  ") : "";
      if (!isRanked(cell, total)) {
        const mark = `${FEW_SENDS_MARK.repeat(fit.shadeCount)}${" ".repeat(fit.gap)}`;
        return ` ${theme.dim(truncate(place(`${mark}${shown}${star}`), cellWidth))}`;
      }
      const fraction = scaleFraction(value, min, max);
      const shades = shadesShown ? `${(SHADES[shadeIndex(fraction)] ?? "█").repeat(fit.shadeCount)}${" ".repeat(fit.gap)}` : lead;
      return ` ${paintCell(theme, fraction, truncate(place(`${shades}${shown}${star}`), cellWidth))}`;
    });
    return `${theme.bold(dayLabel)}${cells.join("")}`;
  });

  const rangeWords = view.range ? (RANGE_WORDS[view.range] ?? view.range) : undefined;
  const campaign = view.campaign ? (view.campaign.name ? `${sanitize(view.campaign.name)} (${sanitize(view.campaign.id)})` : `campaign ${sanitize(view.campaign.id)}`) : undefined;
  const title = ["Engagement heatmap", campaign, rangeWords, sanitize(data.timezone)].filter(Boolean).join(" · ");
  const lines = [
    ...wrap(title, view.columns).map((line) => theme.bold(line)),
    ...wrap(`Cells: ${label.name} (${label.meaning}), by the local time mail was sent`, view.columns).map((line) => theme.dim(line)),
    "",
    theme.bold(header((p) => (fitsLong ? PERIOD_NAMES[p].long : PERIOD_NAMES[p].short))),
    theme.dim(header(hours)),
    ...rows,
    "",
    ...legend(view, min, max, values.length > 0, fit.compact),
    ...(ranked.length < withSends.length ? wrap(`${FEW_SENDS_MARK} under ${MIN_SLOT_SENDS} emails or under ${MIN_SLOT_SHARE * 100}% of all sends: too few to rank, dimmed, off the scale`, view.columns).map((line) => theme.dim(line)) : []),
    ...callout(data, view, best, total),
  ];
  // Padding at the end of a line is invisible without colour; with colour it sits inside a cell.
  return lines.map((line) => line.trimEnd());
}

function legend(view: HeatmapView, min: number, max: number, hasData: boolean, compact: boolean): string[] {
  const { theme, metric } = view;
  if (!hasData) return [];
  const low = formatValue(min, metric, compact);
  const high = formatValue(max, metric, compact);
  let scale: string;
  let scaleWidth: number;
  if (theme.level === 0) {
    scale = SHADES.join(" ");
    scaleWidth = scale.length;
  } else if (theme.level === 1) {
    scale = SHADES.map((shade, i) => paintCell(theme, i / (SHADES.length - 1), ` ${shade} `)).join("");
    scaleWidth = 3 * SHADES.length;
  } else {
    const steps = theme.level === 3 ? 16 : ANSI256_RAMP.length;
    const block = theme.level === 3 ? " " : "  ";
    scale = Array.from({ length: steps }, (_, i) => paintCell(theme, i / (steps - 1), block)).join("");
    scaleWidth = steps * block.length;
  }
  const note = "(low → high; – no sends)";
  const head = `Scale: ${low} `;
  const tail = ` ${high}`;
  if (head.length + scaleWidth + tail.length + 2 + note.length <= view.columns) return [`${head}${scale}${tail}  ${theme.dim(note)}`];
  return [`${head}${scale}${tail}`, theme.dim(note)];
}

function slotWords(cell: { day_of_week: string }, period: TimePeriod, hour: number | undefined, timezone: string): string {
  const when = hour === undefined ? `${PERIOD_NAMES[period].long} (${TIME_PERIOD_HOURS[period].map((h) => String(h).padStart(2, "0")).join("–")}` : `around ${String(hour).padStart(2, "0")}:00 (${PERIOD_NAMES[period].long}`;
  return `${cell.day_of_week} ${when}, ${sanitize(timezone)})`;
}

/**
 * The headline names the best ranked slot; the API's own optimum (the single highest score,
 * however few emails) follows when it is another slot.
 */
function callout(data: EngagementHeatmap, view: HeatmapView, best: Cell | undefined, total: number): string[] {
  const { theme } = view;
  if (total === 0) return [theme.dim("No emails were sent in this range: there is no best time to send yet.")];
  const optimal = data.optimal_send_time;
  const optimalPeriod = periodOfHour(optimal.hour);
  const apiCell = data.heatmap.find((c) => c.day_of_week === optimal.day_of_week && c.time_period === optimalPeriod);
  const sameSlot = best !== undefined && best.day_of_week === optimal.day_of_week && best.time_period === optimalPeriod;
  const lines: string[] = [];
  const say = (text: string, style: (t: string) => string): void => void lines.push(...wrap(text, view.columns).map((line) => style(line)));
  if (best) {
    say(`★ Best time to send: ${slotWords(best, best.time_period, sameSlot ? optimal.hour : undefined, data.timezone)}`, (t) => theme.accent(theme.bold(t)));
    say(`  engagement score ${best.engagement_score.toFixed(2)}, from ${plural(best.emails_sent, "email")} sent in that slot; ranked among slots with ${SLOT_RULE}`, theme.dim);
  } else {
    say(`No slot has ${SLOT_RULE}: too few sends to name a best time.`, theme.bold);
  }
  if (!sameSlot) {
    const sends = apiCell ? `, from ${plural(apiCell.emails_sent, "email")}${isRanked(apiCell, total) ? "" : ": too few to rank"}` : "";
    say(`  The API's optimum: ${slotWords(optimal, optimalPeriod, optimal.hour, data.timezone)}, engagement score ${optimal.engagement_score.toFixed(2)}${sends}`, (t) => t);
  }
  return lines;
}
