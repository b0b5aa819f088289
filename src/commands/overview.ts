/** `analytics overview`: workspace summary, rates and top campaigns. */
import { RELATIVE_RANGES } from "../api/vocabulary.js";
import type { Context } from "../context.js";
import { type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { withSpinner } from "../render/spinner.js";

export interface OverviewOptions extends FormatFlags, TimeWindowFlags {}

/** CSV columns: the top campaigns, ranked as the API ranked them. */
export const OVERVIEW_CSV_HEADER = ["rank", "campaign_id", "campaign_name", "open_rate", "reply_rate"] as const;

export async function run(options: OverviewOptions, ctx: Context): Promise<void> {
  const window = resolveTimeWindow(options, RELATIVE_RANGES);
  const format = resolveFormat(options);
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching the workspace overview…", format === "table", () => api.overview(window));

  if (format === "json") {
    const { jsonText } = await import("../render/output.js");
    return ctx.io.out(jsonText(data));
  }
  if (format === "csv") {
    const { csvText } = await import("../render/output.js");
    const rows = data.top_campaigns.map((c, i) => [i + 1, c.campaign_id, c.campaign_name, c.open_rate, c.reply_rate]);
    return ctx.io.out(csvText(OVERVIEW_CSV_HEADER, rows));
  }
  const [{ renderOverview }, { createTheme }] = await Promise.all([import("../render/overview.js"), import("../render/theme.js")]);
  const lines = renderOverview(data, { columns: ctx.io.columns, theme: createTheme(ctx.io.stdoutColor) });
  ctx.io.out(`${lines.join("\n")}\n`);
}
