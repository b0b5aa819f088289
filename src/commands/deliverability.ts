/** `analytics deliverability`: health score, inbox placement, bounces, reputation trend, blacklists. */
import { need } from "../providers/provider.js";
import { DELIVERABILITY_RANGES } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface DeliverabilityOptions extends FormatFlags {
  range?: string;
  campaign?: string;
  domain?: string;
}

/** CSV columns: the reputation trend. */
export const DELIVERABILITY_CSV_HEADER = ["date", "score"] as const;

export async function run(options: DeliverabilityOptions, ctx: Context): Promise<void> {
  const range = options.range ?? "30d";
  if (!(DELIVERABILITY_RANGES as readonly string[]).includes(range)) {
    throw new UsageError(`invalid --range "${range}": valid values are ${DELIVERABILITY_RANGES.join(", ")}`);
  }
  const campaignId = options.campaign === undefined ? undefined : checkId(options.campaign, "campaign id");
  const domainId = options.domain === undefined ? undefined : checkId(options.domain, "domain id");
  const format = resolveFormat(options);
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching deliverability…", format === "table", () => need(api, "deliverability")({ range, campaignId, domainId }));
  await ctx.rememberCampaigns(campaignId ? [campaignId] : []);

  await printData(ctx, format, data, {
    csv: (d) => ({ header: DELIVERABILITY_CSV_HEADER, rows: d.reputation_trend.map((point) => [point.date, point.score]) }),
    table: async (d, view) => (await import("../render/deliverability.js")).renderDeliverability(d, { ...view, campaignId, domainId, range }),
  });
}
