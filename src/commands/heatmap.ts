/** `analytics heatmap`: engagement by day of the week × time of day, and the best time to send. */
import { type AnalyticsProvider, need } from "../providers/provider.js";
import { HEATMAP_METRICS, HEATMAP_RANGES, type HeatmapMetric } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface HeatmapOptions extends FormatFlags {
  range?: string;
  campaign?: string;
  tz?: string;
  metric?: string;
}

/** CSV columns: one row per cell with every metric. */
export const HEATMAP_CSV_HEADER = ["day_of_week", "time_period", "emails_sent", "emails_opened", "open_rate", "engagement_score"] as const;

/** An IANA zone name this runtime's Intl knows (the same check the API applies). */
export function checkTimeZone(raw: string): string {
  let known = raw.trim() !== "";
  if (known) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: raw });
    } catch {
      known = false;
    }
  }
  if (!known) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    throw new UsageError(`invalid --tz ${JSON.stringify(shown)}: valid values are IANA time zone names, e.g. America/New_York, Europe/Berlin, Asia/Tokyo, UTC`, {
      hint: "list them with: node -p \"Intl.supportedValuesOf('timeZone').join('\\n')\"",
    });
  }
  return raw;
}

function checkChoice<T extends string>(value: string, choices: readonly T[], flag: string): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`invalid ${flag} "${value}": valid values are ${choices.join(", ")}`);
  }
  return value as T;
}

function campaignName(api: AnalyticsProvider, campaignId: string, range: string): Promise<string | undefined> {
  return api.campaign({ campaignId, window: { timeRange: range }, groupBy: "month" }).then(
    (analytics) => analytics.campaign_name,
    () => undefined,
  );
}

export async function run(options: HeatmapOptions, ctx: Context): Promise<void> {
  const range = checkChoice(options.range ?? "30d", HEATMAP_RANGES, "--range");
  const metric: HeatmapMetric = checkChoice(options.metric ?? "open_rate", HEATMAP_METRICS, "--metric");
  const campaignId = options.campaign === undefined ? undefined : checkId(options.campaign, "campaign id");
  const timezone = options.tz === undefined ? undefined : checkTimeZone(options.tz);
  const format = resolveFormat(options);
  const api = await ctx.api();
  // The heatmap does not name its campaign; the table asks for the name alongside (a failure there only costs the name).
  const name = format === "table" && campaignId ? campaignName(api, campaignId, range) : undefined;
  const data = await withSpinner(ctx.io, "Fetching the engagement heatmap…", format === "table", () => need(api, "heatmap")({ range, campaignId, timezone }));
  await ctx.rememberCampaigns(campaignId ? [campaignId] : []);
  const campaign = campaignId ? { id: campaignId, name: await name } : undefined;

  await printData(ctx, format, data, {
    csv: (d) => ({ header: HEATMAP_CSV_HEADER, rows: d.heatmap.map((cell) => HEATMAP_CSV_HEADER.map((key) => cell[key])) }),
    table: async (d, view) => (await import("../render/heatmap.js")).renderHeatmap(d, { ...view, metric, range, campaign }),
  });
}
