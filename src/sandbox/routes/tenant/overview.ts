/**
 * GET …/analytics/overview: workspace totals over every campaign and the top campaigns.
 */
import { TIME_RANGES } from "../../../providers/vocabulary.js";
import type { SandboxCampaign } from "../../catalog.js";
import { type Counts, addInto, zeroCounts } from "../../counts.js";
import { type ApiResult, ok } from "../../envelope.js";
import { percent } from "../../metrics.js";
import type { RouteContext } from "../../router.js";
import { resolveTimeRange, timeRangeJson } from "../../time-range.js";

/** How many campaigns `top_campaigns` lists at most. */
export const TOP_CAMPAIGNS = 5;

interface RankedCampaign {
  campaign_id: string;
  campaign_name: string;
  open_rate: number;
  reply_rate: number;
}

export function workspaceOverview(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const range = resolveTimeRange(ctx.query, { allowed: TIME_RANGES, nowMs: dataset.nowMs });

  const total: Counts = zeroCounts();
  const ranked: RankedCampaign[] = [];
  for (const campaign of dataset.campaigns) {
    const counts = dataset.sumRange(campaign, range.startMs, range.endMs);
    addInto(total, counts);
    if (counts.sent > 0) ranked.push(rankEntry(campaign, counts));
  }

  return ok({
    workspace_id: dataset.workspace.id,
    time_range: timeRangeJson(range),
    summary: {
      total_campaigns: dataset.campaigns.length,
      active_campaigns: dataset.campaigns.filter((campaign) => campaign.status === "active").length,
      emails_sent: total.sent,
      emails_delivered: total.delivered,
      emails_opened: total.opened,
      emails_clicked: total.clicked,
      emails_replied: total.replied,
    },
    rates: {
      delivery_rate: percent(total.delivered, total.sent),
      open_rate: percent(total.opened, total.delivered),
      click_rate: percent(total.clicked, total.delivered),
      reply_rate: percent(total.replied, total.delivered),
    },
    top_campaigns: topCampaigns(ranked),
  });
}

function rankEntry(campaign: SandboxCampaign, counts: Counts): RankedCampaign {
  return {
    campaign_id: campaign.id,
    campaign_name: campaign.name,
    open_rate: percent(counts.opened, counts.delivered),
    reply_rate: percent(counts.replied, counts.delivered),
  };
}

/**
 * Ranking: campaigns that sent in the range, by reply_rate descending, then open_rate descending,
 * then campaign_id ascending. The rounded rates the response shows are compared, so the order is
 * the one a reader can verify from the numbers.
 */
export function topCampaigns(entries: readonly RankedCampaign[]): RankedCampaign[] {
  return [...entries]
    .sort((a, b) => b.reply_rate - a.reply_rate || b.open_rate - a.open_rate || (a.campaign_id < b.campaign_id ? -1 : 1))
    .slice(0, TOP_CAMPAIGNS);
}
