/**
 * GET …/campaigns/{campaignId}/analytics: one campaign's summary, rates and time series.
 */
import { TIME_RANGES } from "../../../providers/vocabulary.js";
import { type Counts, addInto, zeroCounts } from "../../counts.js";
import { ApiError, type ApiResult, ok } from "../../envelope.js";
import { analyticsRates, analyticsSummary, timeSeriesPoint } from "../../metrics.js";
import type { RouteContext } from "../../router.js";
import { bucketsFor, parseGroupBy, resolveTimeRange, timeRangeJson } from "../../time-range.js";

export function campaignAnalytics(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const range = resolveTimeRange(ctx.query, { allowed: TIME_RANGES, nowMs: dataset.nowMs });
  const groupBy = parseGroupBy(ctx.query);
  const campaignId = ctx.params.campaignId ?? "";
  const campaign = dataset.campaignById(campaignId);
  if (!campaign) {
    throw new ApiError(404, "CAMPAIGN_NOT_FOUND", `Campaign with ID ${campaignId} not found in workspace ${dataset.workspace.id}`);
  }

  const total: Counts = zeroCounts();
  const timeSeries = bucketsFor(range, groupBy).map((bucket) => {
    const counts = dataset.sumRange(campaign, bucket.startMs, bucket.endMs);
    addInto(total, counts);
    return timeSeriesPoint(bucket.label, counts);
  });

  return ok({
    campaign_id: campaign.id,
    campaign_name: campaign.name,
    time_range: timeRangeJson(range),
    summary: analyticsSummary(total),
    rates: analyticsRates(total),
    time_series: timeSeries,
  });
}
