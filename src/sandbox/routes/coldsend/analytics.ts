/**
 * ColdSend's two analytics endpoints (document 003) over the sandbox's one dataset:
 *
 * - `GET /api/public/v1/analytics/campaigns`: `workspace_kpis` (workspace-wide, whatever the
 *   filters) and the campaigns that `status` (DRAFT, ACTIVE, PAUSED, COMPLETED, FAILED; any case)
 *   and `from_date`/`to_date` (launch = creation date, inclusive) select, with lifetime counts.
 *   Rates are fractions over sent, 4 decimals (169 / 498 → 0.3394); `avg_*_rate` are means over the
 *   campaigns that sent anything.
 * - `GET /api/public/v1/analytics/campaigns/timeline`: every day from `from_date` to `to_date`
 *   (default the last 90 days, today included), zeros on quiet days — gap-free, as documented.
 */
import { type ApiResult, validationError } from "../../envelope.js";
import { CAMPAIGN_STATUSES, type SandboxCampaign } from "../../catalog.js";
import type { Counts } from "../../counts.js";
import type { Dataset } from "../../dataset.js";
import type { RouteContext } from "../../router.js";
import { dayEndMs, dayNumber, dayStartMs, isoDate } from "../../calendar.js";
import { lifetimeCounts, selectCampaigns } from "../tenant/campaigns.js";
import { coldsendId } from "./ids.js";

/** The statuses ColdSend's `status` filter takes (document 003). */
export const COLDSEND_STATUSES = ["DRAFT", "ACTIVE", "PAUSED", "COMPLETED", "FAILED"] as const;
/** Longest timeline one request may ask for. */
export const MAX_TIMELINE_DAYS = 366;
const DEFAULT_TIMELINE_DAYS = 90;

/** A fraction with 4 decimals, as the document shows them; 0 without sends. */
export function fraction(numerator: number, sent: number): number {
  return sent > 0 ? Math.round((numerator / sent) * 10_000) / 10_000 : 0;
}

/** Leads a campaign was given: what it sent plus a few it could not send to (the document: 500 leads, 498 sent). */
function totalLeads(campaign: SandboxCampaign, counts: Counts): number {
  return counts.sent + 2 + ((campaign.index * 7) % 5);
}

function campaignJson(dataset: Dataset, campaign: SandboxCampaign, counts: Counts) {
  return {
    campaign_id: coldsendId(dataset.seed, campaign),
    campaign_name: campaign.name,
    status: campaign.status.toUpperCase(),
    total_leads: totalLeads(campaign, counts),
    total_sent: counts.sent,
    total_opened: counts.opened,
    total_replied: counts.replied,
    total_bounced: counts.bounced,
    open_rate: fraction(counts.opened, counts.sent),
    reply_rate: fraction(counts.replied, counts.sent),
    bounce_rate: fraction(counts.bounced, counts.sent),
    created_at: campaign.createdAt,
  };
}

const mean = (values: readonly number[]): number => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10_000) / 10_000 : 0);

export function coldsendCampaigns(ctx: RouteContext): ApiResult {
  const { dataset } = ctx;
  const all = dataset.campaigns.map((campaign) => ({ campaign, counts: lifetimeCounts(dataset, campaign) }));
  const selected = new Set(selectCampaigns(dataset, ctx.query, [...CAMPAIGN_STATUSES, "failed"]));
  const sending = all.filter(({ counts }) => counts.sent > 0);
  return {
    status: 200,
    body: {
      workspace_kpis: {
        total_campaigns: all.length,
        total_sends: all.reduce((sum, { counts }) => sum + counts.sent, 0),
        avg_open_rate: mean(sending.map(({ counts }) => fraction(counts.opened, counts.sent))),
        avg_reply_rate: mean(sending.map(({ counts }) => fraction(counts.replied, counts.sent))),
        avg_bounce_rate: mean(sending.map(({ counts }) => fraction(counts.bounced, counts.sent))),
      },
      campaigns: all.filter(({ campaign }) => selected.has(campaign)).map(({ campaign, counts }) => campaignJson(dataset, campaign, counts)),
    },
  };
}

function dayParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) throw validationError(`${name} must be an ISO 8601 date (YYYY-MM-DD)`);
  return dayNumber(ms);
}

export function coldsendTimeline(ctx: RouteContext): ApiResult {
  const { dataset, query } = ctx;
  const today = dayNumber(dataset.nowMs);
  const to = dayParam(query, "to_date") ?? today;
  const from = dayParam(query, "from_date") ?? to - (DEFAULT_TIMELINE_DAYS - 1);
  if (from > to) throw validationError("from_date must not be after to_date");
  if (to - from + 1 > MAX_TIMELINE_DAYS) throw validationError(`a timeline spans at most ${MAX_TIMELINE_DAYS} days`);
  const timeline = [];
  for (let day = from; day <= to; day++) {
    const counts = dataset.sumRange(dataset.campaigns, dayStartMs(day), dayEndMs(day));
    timeline.push({
      date: isoDate(day),
      sent: counts.sent,
      opened: counts.opened,
      replied: counts.replied,
      bounced: counts.bounced,
      open_rate: fraction(counts.opened, counts.sent),
      reply_rate: fraction(counts.replied, counts.sent),
      bounce_rate: fraction(counts.bounced, counts.sent),
    });
  }
  return { status: 200, body: { timeline, from_date: isoDate(from), to_date: isoDate(to) } };
}
