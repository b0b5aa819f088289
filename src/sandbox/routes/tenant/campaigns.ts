/**
 * GET …/campaigns — INFERRED: the Campaign Management API's list, which document 000 references
 * but no document specifies. One object per campaign: `id`, `name`, `status`, `created_at`, and
 * the lifetime counts and rates (percent, README decision 5) under the Tenant's names. `status`
 * filters (any case); `from_date`/`to_date` bound the creation date (inclusive days).
 */
import { type ApiResult, ok, validationError } from "../../envelope.js";
import { analyticsRates, analyticsSummary } from "../../metrics.js";
import type { RouteContext } from "../../router.js";
import { CAMPAIGN_STATUSES } from "../../catalog.js";
import type { Dataset } from "../../dataset.js";
import type { SandboxCampaign } from "../../catalog.js";

const DAY_MS = 86_400_000;

/** A campaign's counts over all of the dataset's history (the sandbox's "lifetime"). */
export function lifetimeCounts(dataset: Dataset, campaign: SandboxCampaign) {
  return dataset.sumRange(campaign, 0, dataset.nowMs);
}

/** `from_date`/`to_date` (YYYY-MM-DD, inclusive) as a ms window; 400 for anything else. */
export function launchWindow(query: URLSearchParams): { fromMs: number; toMs: number } {
  const parse = (name: string, fallback: number, end: boolean): number => {
    const raw = query.get(name);
    if (raw === null || raw === "") return fallback;
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) throw validationError(`${name} must be an ISO 8601 date (YYYY-MM-DD)`);
    return end ? ms + DAY_MS - 1 : ms;
  };
  return { fromMs: parse("from_date", Number.NEGATIVE_INFINITY, false), toMs: parse("to_date", Number.POSITIVE_INFINITY, true) };
}

/** The campaigns `status` (any case) and the launch window select, catalogue order. */
export function selectCampaigns(dataset: Dataset, query: URLSearchParams, statuses: readonly string[]): SandboxCampaign[] {
  const status = query.get("status");
  if (status !== null && status !== "" && !statuses.includes(status.toLowerCase())) {
    throw validationError(`status must be one of ${statuses.map((s) => s.toUpperCase()).join(", ")}`);
  }
  const { fromMs, toMs } = launchWindow(query);
  return dataset.campaigns.filter((campaign) => {
    if (status && campaign.status !== status.toLowerCase()) return false;
    const created = Date.parse(campaign.createdAt);
    return created >= fromMs && created <= toMs;
  });
}

export function listCampaigns(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const campaigns = selectCampaigns(dataset, ctx.query, [...CAMPAIGN_STATUSES, "failed"]).map((campaign) => {
    const counts = lifetimeCounts(dataset, campaign);
    const summary = analyticsSummary(counts);
    const rates = analyticsRates(counts);
    return {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      created_at: campaign.createdAt,
      emails_sent: summary.emails_sent,
      emails_delivered: summary.emails_delivered,
      emails_opened: summary.emails_opened,
      emails_clicked: summary.emails_clicked,
      emails_replied: summary.emails_replied,
      emails_bounced: summary.emails_bounced,
      open_rate: rates.open_rate,
      click_rate: rates.click_rate,
      reply_rate: rates.reply_rate,
      bounce_rate: rates.bounce_rate,
    };
  });
  return ok({ campaigns });
}
