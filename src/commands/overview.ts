/** `analytics overview`: workspace summary, rates and top campaigns. */
import { type AnalyticsProvider, need } from "../providers/provider.js";
import { RELATIVE_RANGES } from "../providers/vocabulary.js";
import type { Context } from "../context.js";
import { type TimeWindow, type TimeWindowFlags, resolveTimeWindow } from "../options/dates.js";
import type { WorkspaceDocument } from "../providers/shapes.js";
import type { MessagesOverview } from "../providers/views.js";
import { type FormatFlags, resolveFormat } from "../options/format.js";
import type { ManyProfilesFlags } from "../profiles/many.js";
import { wantsManyProfiles } from "../profiles/select.js";
import { printData } from "../render/print.js";
import { withSpinner } from "../render/spinner.js";

export interface OverviewOptions extends FormatFlags, TimeWindowFlags, ManyProfilesFlags {}

/** CSV columns: the top campaigns, ranked as the API ranked them. */
export const OVERVIEW_CSV_HEADER = ["rank", "campaign_id", "campaign_name", "open_rate", "reply_rate"] as const;

/**
 * What each top campaign sent in the window: the overview ranks by rates alone, and a rate from a
 * handful of emails should look like one. A campaign whose counts cannot be had shows "–".
 */
async function sentVolumes(api: AnalyticsProvider, data: WorkspaceDocument, window: TimeWindow): Promise<Map<string, number>> {
  const top = data.top_campaigns ?? [];
  // A provider that says what each top campaign sent (ColdSend) costs no extra request.
  if (top.every((c) => typeof (c as { emails_sent?: unknown }).emails_sent === "number")) {
    return new Map(top.map((c) => [c.campaign_id, (c as { emails_sent: number }).emails_sent]));
  }
  const entries = await Promise.all(
    top.map(({ campaign_id: campaignId }) =>
      api.campaign({ campaignId, window, groupBy: "month" }).then(
        (analytics) => (analytics.summary.emails_sent === undefined ? undefined : ([campaignId, analytics.summary.emails_sent] as const)),
        () => undefined,
      ),
    ),
  );
  return new Map(entries.filter((entry) => entry !== undefined));
}

export async function run(options: OverviewOptions, ctx: Context): Promise<void> {
  const window = resolveTimeWindow(options, RELATIVE_RANGES, { now: ctx.now() });
  const format = resolveFormat(options);
  if (wantsManyProfiles(options)) {
    const { runOverviewRollup } = await import("../profiles/overview.js");
    return runOverviewRollup(options, window, format, ctx);
  }
  const api = await ctx.api();
  const data = await withSpinner(ctx.io, "Fetching the workspace overview…", format === "table", () => need(api, "overview")(window));
  if (data.provider === "campaignos") {
    // Messages of every channel, with contacts and events: not the email overview (README: "Messages are not emails").
    return (await import("./overview-messages.js")).printMessagesOverview(ctx, format, data as MessagesOverview);
  }
  const sent = format === "table" ? await withSpinner(ctx.io, "Fetching the top campaigns' volumes…", true, () => sentVolumes(api, data, window)) : undefined;

  await printData(ctx, format, data, {
    csv: (d) => ({ header: OVERVIEW_CSV_HEADER, rows: (d.top_campaigns ?? []).map((c, i) => [i + 1, c.campaign_id, c.campaign_name, c.open_rate, c.reply_rate]) }),
    table: async (d, view) => (await import("../render/overview.js")).renderOverview(d, { ...view, sent }),
  });
}
