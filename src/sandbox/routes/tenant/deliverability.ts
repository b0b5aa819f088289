/**
 * GET …/analytics/deliverability: inbox placement, spam and bounce rates, the health score, bounces
 * by type and reason, the reputation trend and the blacklist status.
 *
 * Filters: `campaignId` and `domainId` both apply when both are given (a campaign that sends from
 * another domain then yields zero counts). Unknown ids are 404 CAMPAIGN_NOT_FOUND / DOMAIN_NOT_FOUND.
 * `timeRange` is 7d, 30d or 90d (README decision 3); custom dates are a 400.
 *
 * - `estimated_inbox_placement_rate` = (sent − bounced − spam_complaints) / sent × 100 (decision 4).
 * - Every rate is a percentage of sent, 2 decimals, 0 when nothing was sent (decision 5).
 * - `top_bounce_reasons`: every reason with at least one bounce, by count descending, then reason
 *   name; counts add up to hard + soft bounces; percentages are of all bounces, each rounded to 2
 *   decimals (so they sum to 100 within rounding).
 * - `health_score`, `reputation_trend` and `blacklist_status`: see ../reputation.ts.
 */
import { DELIVERABILITY_RANGES } from "../../../providers/vocabulary.js";
import { dayNumber } from "../../calendar.js";
import type { SandboxCampaign, SandboxDomain } from "../../catalog.js";
import type { Dataset } from "../../dataset.js";
import { ApiError, type ApiResult, ok, validationError } from "../../envelope.js";
import { percent } from "../../metrics.js";
import { blacklistStatus, healthRates, healthScore, reputationTrend } from "../../reputation.js";
import type { RouteContext } from "../../router.js";
import { type ResolvedTimeRange, resolveTimeRange, timeRangeJson } from "../../time-range.js";

export function deliverability(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const range = resolveTimeRange(ctx.query, { allowed: DELIVERABILITY_RANGES, nowMs: dataset.nowMs });
  const campaign = optionalCampaign(dataset, ctx.query.get("campaignId"));
  const domain = optionalDomain(dataset, ctx.query.get("domainId"));

  const campaigns = dataset.campaigns.filter((c) => (!campaign || c === campaign) && (!domain || c.domainId === domain.id));
  const counts = dataset.sumRange(campaigns, range.startMs, range.endMs);
  const checkedDomains = domain ? [domain] : campaign ? dataset.domains.filter((d) => d.id === campaign.domainId) : dataset.domains;
  const blacklist = blacklistStatus(dataset, checkedDomains);
  const rates = healthRates(counts);

  return ok({
    workspace_id: dataset.workspace.id,
    time_range: timeRangeJson(range, false),
    overall: {
      estimated_inbox_placement_rate: percent(counts.sent - counts.bounced - counts.spamComplaints, counts.sent),
      spam_rate: rates.spam_rate,
      bounce_rate: percent(counts.bounced, counts.sent),
      health_score: healthScore(rates, blacklist.any_ip_blacklisted),
    },
    bounce_analysis: {
      hard_bounces: counts.hardBounced,
      soft_bounces: counts.softBounced,
      hard_bounce_rate: rates.hard_bounce_rate,
      soft_bounce_rate: rates.soft_bounce_rate,
      top_bounce_reasons: topBounceReasons(dataset, campaigns, range),
    },
    reputation_trend: reputationTrend(dataset, campaigns, range),
    blacklist_status: blacklist,
  });
}

function optionalCampaign(dataset: Dataset, id: string | null): SandboxCampaign | undefined {
  if (id === null) return undefined;
  if (id === "") throw validationError("campaignId must not be empty");
  const campaign = dataset.campaignById(id);
  if (!campaign) throw new ApiError(404, "CAMPAIGN_NOT_FOUND", `Campaign with ID ${id} not found in workspace ${dataset.workspace.id}`);
  return campaign;
}

function optionalDomain(dataset: Dataset, id: string | null): SandboxDomain | undefined {
  if (id === null) return undefined;
  if (id === "") throw validationError("domainId must not be empty");
  const domain = dataset.domainById(id);
  if (!domain) throw new ApiError(404, "DOMAIN_NOT_FOUND", `Domain with ID ${id} not found in workspace ${dataset.workspace.id}`);
  return domain;
}

/**
 * Bounce reasons over the range. `Nd` ranges are whole UTC days, so the per-day reason splits (which
 * sum to each day's hard and soft bounces) add up to the range's bounces exactly.
 */
function topBounceReasons(dataset: Dataset, campaigns: readonly SandboxCampaign[], range: ResolvedTimeRange) {
  const byReason = new Map<string, number>();
  const firstDay = Math.max(dayNumber(range.startMs), dataset.firstDay);
  const lastDay = Math.min(dayNumber(range.endMs), dataset.today);
  for (const campaign of campaigns) {
    for (let day = firstDay; day <= lastDay; day++) {
      if (campaign.firstSendDay === null || day < campaign.firstSendDay || (campaign.lastSendDay !== null && day > campaign.lastSendDay)) continue;
      for (const entry of dataset.bounceReasons(campaign, day)) {
        if (entry.count > 0) byReason.set(entry.reason, (byReason.get(entry.reason) ?? 0) + entry.count);
      }
    }
  }
  const total = [...byReason.values()].reduce((sum, count) => sum + count, 0);
  return [...byReason.entries()]
    .sort(([reasonA, a], [reasonB, b]) => b - a || (reasonA < reasonB ? -1 : 1))
    .map(([reason, count]) => ({ reason, count, percentage: percent(count, total) }));
}
