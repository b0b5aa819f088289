/** `analytics overview`: workspace summary, rates and top campaigns. */
import { need } from "../providers/provider.js";
import { RELATIVE_RANGES } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface OverviewOptions extends FormatFlags, TimeWindowFlags {}

/** CSV columns: the top campaigns, ranked as the API ranked them. */
export const OVERVIEW_CSV_HEADER = ["rank", "campaign_id", "campaign_name", "open_rate", "reply_rate"] as const;

export async function run(options: OverviewOptions, ctx: Context): Promise<void> {
  const window = resolveTimeWindow(options, RELATIVE_RANGES);
  const format = resolveFormat(options);
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching the workspace overview…", format === "table", () => need(api, "overview")(window));

  if ("provider" in data && data.provider === "campaignos") {
    return (await import("./campaign-messages.js")).printMessagesOverview(ctx, format, data as import("../providers/views.js").MessagesOverview);
  }
  await printData(ctx, format, data as Exclude<typeof data, import("../providers/views.js").MessagesOverview>, {
    csv: (d) => ({ header: OVERVIEW_CSV_HEADER, rows: (d.top_campaigns ?? []).map((c, i) => [i + 1, c.campaign_id, c.campaign_name, c.open_rate, c.reply_rate]) }),
    table: async (d, view) => (await import("../render/overview.js")).renderOverview(d, view),
  });
}
