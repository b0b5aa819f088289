/** `analytics campaign <id>`: one campaign's summary, rates and time series. */
import { RELATIVE_RANGES, type GroupBy } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

/** CSV columns: the time series. */
export const CAMPAIGN_CSV_HEADER = ["date", "sent", "delivered", "opened", "clicked", "replied", "bounced", "spam_complaints"] as const;

export interface CampaignOptions extends FormatFlags, TimeWindowFlags {
  campaignId: string;
  groupBy?: GroupBy;
  /** commander's `--no-chart` sets chart: false. */
  chart?: boolean;
}

export async function run(options: CampaignOptions, ctx: Context): Promise<void> {
  const campaignId = checkId(options.campaignId, "campaign id");
  const window = resolveTimeWindow(options, RELATIVE_RANGES, { now: ctx.now() });
  const format = resolveFormat(options);
  const groupBy = options.groupBy ?? "day";
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, `Fetching ${campaignId}…`, format === "table", () => api.campaign({ campaignId, window, groupBy }));
  await ctx.rememberCampaigns([campaignId]);

  await printData(ctx, format, data, {
    csv: (d) => ({ header: CAMPAIGN_CSV_HEADER, rows: d.time_series.map((point) => CAMPAIGN_CSV_HEADER.map((key) => point[key])) }),
    table: async (d, view) => {
      const [{ renderCampaign }, { dataToday }] = await Promise.all([import("../render/campaign.js"), import("../render/buckets.js")]);
      return renderCampaign(d, { ...view, chart: options.chart !== false, groupBy, today: dataToday(d.time_range, ctx.now()) });
    },
  });
}
