/** `analytics campaign <id>`: one campaign's summary, rates and time series. */
import { RELATIVE_RANGES, type GroupBy } from "../api/vocabulary.js";
import type { Context } from "../context.js";
import { type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
import { withSpinner } from "../render/spinner.js";

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

  if (format === "json") {
    const { jsonText } = await import("../render/output.js");
    return ctx.io.out(jsonText(data));
  }
  if (format === "csv") {
    const { csvText } = await import("../render/output.js");
    const header = ["date", "sent", "delivered", "opened", "clicked", "replied", "bounced", "spam_complaints"] as const;
    return ctx.io.out(csvText(header, data.time_series.map((point) => header.map((key) => point[key]))));
  }
  const [{ renderCampaign }, { createTheme }] = await Promise.all([import("../render/campaign.js"), import("../render/theme.js")]);
  const lines = renderCampaign(data, { columns: ctx.io.columns, theme: createTheme(ctx.io.stdoutColor), chart: options.chart !== false, groupBy });
  ctx.io.out(`${lines.join("\n")}\n`);
}
