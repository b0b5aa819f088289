/** `analytics cohorts [--days N] [--metric M]`: retention by signup cohort, week by week (CampaignOS). */
import type { Context } from "../context.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import { type LookbackFlags, checkEventType, resolveLookback } from "../options/lookback.js";
import { need } from "../providers/provider.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface CohortsOptions extends FormatFlags, LookbackFlags {
  metric?: string;
}

/** One row per cohort and week: `retained`/`retention` when the unit is known, `value` as sent when not. */
export const COHORTS_CSV_HEADER = ["cohort", "size", "week", "retained", "retention", "value"] as const;

export async function run(options: CohortsOptions, ctx: Context): Promise<void> {
  const days = resolveLookback(options);
  const metric = options.metric === undefined ? undefined : checkEventType(options.metric, "--metric");
  const format = resolveFormat(options);
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching cohorts…", format === "table", () => need(api, "cohorts")({ days, metric }));
  await printData(ctx, format, data, {
    csv: (d) => ({
      header: COHORTS_CSV_HEADER,
      rows: d.cohorts.flatMap((c) => c.weeks.map((w) => [c.cohort, c.size, w.week, w.retained, w.retention, w.value])),
    }),
    table: async (d, view) => (await import("../render/cohorts.js")).renderCohorts(d, view),
  });
}
