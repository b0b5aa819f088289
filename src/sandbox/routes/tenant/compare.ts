/**
 * POST …/analytics/compare: the requested rates of 2–10 campaigns side by side, with a significance
 * test per rate (see ../significance.ts for the tests, the winner and the tie rule).
 *
 * Body (document 001, README decision 7): `campaign_ids` (2–10 distinct ids, required),
 * `time_range` (`7d|30d|90d|custom`, default `30d`), `start_date`/`end_date` for custom ranges
 * (dates alone imply custom, as on the query-string endpoints), `metrics` (AnalyticsRates names,
 * default open, click, reply and delivery rate). Unknown fields are ignored. Checks run in that
 * order and the first problem answers 400 VALIDATION_ERROR naming the field (INVALID_TIME_RANGE for
 * a start not before the end); only a valid request looks campaigns up, and the first unknown id in
 * request order answers 404 CAMPAIGN_NOT_FOUND.
 */
import { COMPARE_MAX_CAMPAIGNS, COMPARE_MIN_CAMPAIGNS, DEFAULT_COMPARE_METRICS, RATE_METRICS, TIME_RANGES, type RateMetric } from "../../../providers/vocabulary.js";
import { ApiError, type ApiResult, ok, quoteValue, validationError } from "../../envelope.js";
import { analyticsRates } from "../../metrics.js";
import type { RouteContext } from "../../router.js";
import { type ComparedCampaign, metricSignificance } from "../../significance.js";
import { type ResolvedTimeRange, resolveBodyTimeRange } from "../../time-range.js";


export interface CompareRequest {
  campaignIds: string[];
  metrics: RateMetric[];
  range: ResolvedTimeRange;
}

export function compareCampaigns(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const request = parseCompareBody(ctx.body, dataset.nowMs);

  const campaigns = request.campaignIds.map((id) => {
    const campaign = dataset.campaignById(id);
    if (!campaign) {
      const shown = id.length > 128 ? `${id.slice(0, 128)}…` : id;
      throw new ApiError(404, "CAMPAIGN_NOT_FOUND", `Campaign with ID ${shown} not found in workspace ${dataset.workspace.id}`);
    }
    return campaign;
  });

  const compared: ComparedCampaign[] = campaigns.map((campaign) => ({
    id: campaign.id,
    counts: dataset.sumRange(campaign, request.range.startMs, request.range.endMs),
  }));

  return ok({
    comparison: campaigns.map((campaign, index) => {
      const rates = analyticsRates(compared[index]!.counts);
      return {
        campaign_id: campaign.id,
        campaign_name: campaign.name,
        metrics: Object.fromEntries(request.metrics.map((metric) => [metric, rates[metric]])),
      };
    }),
    statistical_significance: request.metrics.map((metric) => metricSignificance(metric, compared)),
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Validates the request body; throws the 400 envelope for the first problem. */
export function parseCompareBody(body: unknown, nowMs: number): CompareRequest {
  if (!isRecord(body)) throw validationError("Request body must be a JSON object");
  return {
    campaignIds: parseCampaignIds(body.campaign_ids),
    metrics: parseMetrics(body.metrics),
    range: resolveBodyTimeRange(body, { allowed: TIME_RANGES, nowMs }),
  };
}

function parseCampaignIds(raw: unknown): string[] {
  if (raw === undefined || raw === null) {
    throw validationError(`campaign_ids is required: a list of ${COMPARE_MIN_CAMPAIGNS} to ${COMPARE_MAX_CAMPAIGNS} campaign ids`);
  }
  if (!Array.isArray(raw)) throw validationError("campaign_ids must be an array of campaign ids");
  const seen = new Set<string>();
  raw.forEach((id: unknown, index) => {
    if (typeof id !== "string" || id === "") throw validationError(`campaign_ids[${index}] must be a non-empty string`);
    if (seen.has(id)) throw validationError(`campaign_ids lists ${quoteValue(id)} more than once; ids must be distinct`);
    seen.add(id);
  });
  if (raw.length < COMPARE_MIN_CAMPAIGNS) {
    throw validationError(`campaign_ids must list at least ${COMPARE_MIN_CAMPAIGNS} campaigns (got ${raw.length})`);
  }
  if (raw.length > COMPARE_MAX_CAMPAIGNS) {
    throw validationError(`campaign_ids must list at most ${COMPARE_MAX_CAMPAIGNS} campaigns (got ${raw.length})`);
  }
  return raw as string[];
}

function parseMetrics(raw: unknown): RateMetric[] {
  if (raw === undefined || raw === null) return [...DEFAULT_COMPARE_METRICS];
  if (!Array.isArray(raw)) throw validationError(`metrics must be an array of metric names: ${RATE_METRICS.join(", ")}`);
  if (raw.length === 0) throw validationError(`metrics must list at least one of: ${RATE_METRICS.join(", ")}`);
  const metrics: RateMetric[] = [];
  raw.forEach((value: unknown, index) => {
    const metric = RATE_METRICS.find((name) => name === value);
    if (!metric) {
      const shown = typeof value === "string" ? quoteValue(value) : JSON.stringify(value) ?? String(value);
      throw validationError(`metrics[${index}] ${shown} is not a comparable metric; valid metrics: ${RATE_METRICS.join(", ")}`);
    }
    if (metrics.includes(metric)) throw validationError(`metrics lists ${quoteValue(metric)} more than once`);
    metrics.push(metric);
  });
  return metrics;
}

