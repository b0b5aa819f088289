/** `analytics attribution [--days N]`: traffic and conversions by UTM source / medium / campaign (CampaignOS). */
import type { Context } from "../context.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { type LookbackFlags, resolveLookback } from "../options/lookback.js";
import { need } from "../providers/provider.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface AttributionOptions extends FormatFlags, LookbackFlags {}

export const ATTRIBUTION_CSV_HEADER = ["source", "medium", "campaign", "unique_visitors", "total_events"] as const;

export async function run(options: AttributionOptions, ctx: Context): Promise<void> {
  const days = resolveLookback(options);
  const format = resolveFormat(options);
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching attribution…", format === "table", () => need(api, "attribution")({ days }));
  await printData(ctx, format, data, {
    csv: (d) => ({ header: ATTRIBUTION_CSV_HEADER, rows: d.sources.map((s) => [s.source, s.medium, s.campaign, s.unique_visitors, s.total_events]) }),
    table: async (d, view) => (await import("../render/attribution.js")).renderAttribution(d, view),
  });
}
