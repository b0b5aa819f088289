/**
 * GET /v1/campaigns/{id}/analytics (document 004): the campaign, its stats, per-step analytics with
 * A/B variants, the lead status breakdown and the total replied count, for the whole campaign.
 */
import { ApiError, type ApiResult, ok } from "../../envelope.js";
import type { RouteContext } from "../../router.js";
import { campaignHeader, campaignTotals, sendkitIds, statusBreakdown, stepRows } from "./sequence.js";

export function sendkitCampaignAnalytics(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const id = ctx.params.id ?? "";
  const campaign = sendkitIds(dataset).campaignOf(id);
  if (!campaign) throw new ApiError(404, "CAMPAIGN_NOT_FOUND", `Campaign ${id.slice(0, 64)} not found`);
  const totals = campaignTotals(dataset, campaign);
  const steps = stepRows(dataset.seed, campaign, totals);
  return ok({
    campaign: campaignHeader(dataset, campaign),
    stats: {
      sent: totals.sent,
      delivered: totals.delivered,
      opened: totals.opened,
      clicked: totals.clicked,
      replied: totals.replied,
      bounced: totals.bounced,
      unsubscribed: totals.unsubscribes,
    },
    stepAnalytics: steps,
    statusBreakdown: statusBreakdown(dataset.seed, campaign, totals, steps),
    totalReplied: totals.replied,
  });
}
