/** `analytics deliverability`: health score, inbox placement, bounces, reputation trend, blacklists. */
import { DELIVERABILITY_RANGES } from "../api/vocabulary.js";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { checkId } from "../options/ids.js";
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
  const data = await withSpinner(ctx.io, "Fetching deliverability…", format === "table", () => api.deliverability({ range, campaignId, domainId }));
  await ctx.rememberCampaigns(campaignId ? [campaignId] : []);

  if (format === "json") {
    const { jsonText } = await import("../render/output.js");
    return ctx.io.out(jsonText(data));
  }
  if (format === "csv") {
    const { csvText } = await import("../render/output.js");
    return ctx.io.out(csvText(DELIVERABILITY_CSV_HEADER, data.reputation_trend.map((point) => [point.date, point.score])));
  }
  const [{ renderDeliverability }, { createTheme }] = await Promise.all([import("../render/deliverability.js"), import("../render/theme.js")]);
  const lines = renderDeliverability(data, { columns: ctx.io.columns, theme: createTheme(ctx.io.stdoutColor), campaignId, domainId, range });
  ctx.io.out(`${lines.join("\n")}\n`);
}
