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
  const window = resolveTimeWindow(options, RELATIVE_RANGES);
  const format = resolveFormat(options);
  const groupBy = options.groupBy ?? "day";
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, `Fetching ${campaignId}…`, format === "table", () => api.campaign({ campaignId, window, groupBy }));
  await ctx.rememberCampaigns([campaignId]);

  if ("provider" in data && data.provider === "campaignos") {
    return (await import("./campaign-messages.js")).printMessagesCampaign(ctx, format, data as import("../providers/views.js").MessagesCampaign);
  }
  await printData(ctx, format, data as Exclude<typeof data, import("../providers/views.js").MessagesCampaign>, {
    csv: (d) => ({ header: CAMPAIGN_CSV_HEADER, rows: d.time_series.map((point) => CAMPAIGN_CSV_HEADER.map((key) => point[key])) }),
    table: async (d, view) => (await import("../render/campaign.js")).renderCampaign(d, { ...view, chart: options.chart !== false, groupBy }),
  });
}
