/** `analytics timeline`: the workspace's daily series as a chart and a table (`--csv`: the rows). */
import type { Context } from "../context.js";
import { type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { need } from "../providers/provider.js";
import type { TimelinePoint } from "../providers/shapes.js";
import { RELATIVE_RANGES } from "../providers/vocabulary.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

/**
 * The columns of the series: `date`, then the provider's own keys in the order its mapping gives
 * them (ColdSend: sent, opened, …, rates; CampaignOS: events, contacts, messages, …). Whatever a
 * provider reports is shown; nothing is keyed to one provider's names.
 */
export function timelineColumns(points: readonly TimelinePoint[]): string[] {
  const present = new Set(points.flatMap((point) => Object.keys(point)));
  present.delete("date");
  return ["date", ...present];
}

/** The counts among the columns (what the charts draw): every numeric column that is not a rate. */
export function timelineCounts(points: readonly TimelinePoint[]): string[] {
  return timelineColumns(points).filter((column) => column !== "date" && !column.endsWith("_rate") && points.some((point) => typeof point[column] === "number"));
}

export interface TimelineOptions extends FormatFlags, TimeWindowFlags {
  /** commander's `--no-chart` sets chart: false. */
  chart?: boolean;
}

export async function run(options: TimelineOptions, ctx: Context): Promise<void> {
  // Default: the last 90 days, which is also ColdSend's own default (its clock decides what "today" is).
  const window = resolveTimeWindow(options, RELATIVE_RANGES, { now: ctx.now(), defaultRange: "90d" });
  const format = resolveFormat(options);
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching the timeline…", format === "table", () => need(api, "timeline")(window));

  await printData(ctx, format, data, {
    csv: (d) => {
      const columns = timelineColumns(d.time_series);
      return { header: columns, rows: d.time_series.map((point) => columns.map((column) => point[column])) };
    },
    table: async (d, view) => (await import("../render/timeline.js")).renderTimeline(d, { ...view, chart: options.chart !== false }),
  });
}
