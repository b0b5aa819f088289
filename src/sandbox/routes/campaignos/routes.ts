/**
 * The six CampaignOS endpoints (document 002), each answering a bare JSON object from the shared
 * dataset and the CampaignOS world derived from it (world.ts).
 */
import type { Counts } from "../../counts.js";
import { isoDate } from "../../calendar.js";
import { ApiError, type ApiResult } from "../../envelope.js";
import type { Dataset } from "../../dataset.js";
import type { RouteContext, RouteDefinition } from "../../router.js";
import { badRequest, daysParam, periodParam } from "./query.js";
import * as world from "./world.js";

export const CAMPAIGNOS_BASE = "/api/workspaces/:workspaceId/analytics";

const bare = (body: unknown): ApiResult => ({ status: 200, body });

/** A fraction rounded to 4 decimals, as the document's examples are (0.018, 0.30). */
const fraction = (numerator: number, denominator: number): number => (denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : 0);

function windowMs(dataset: Dataset, days: number): [number, number] {
  return [(dataset.today - days + 1) * 86_400_000, dataset.nowMs];
}

function overview({ dataset }: RouteContext): ApiResult {
  const [start, end] = windowMs(dataset, 30);
  const days = world.lookbackDays(dataset, 30);
  let sent = 0;
  let opened = 0;
  let clicked = 0;
  let failed = 0;
  for (const campaign of dataset.campaigns) {
    const counts = dataset.sumRange(campaign, start, end);
    sent += counts.sent;
    opened += counts.opened;
    clicked += counts.clicked;
    failed += world.failedFor(dataset, campaign, counts.sent);
  }
  return bare({
    contacts: { total: world.contactsUntil(dataset, dataset.today), new: days.reduce((sum, day) => sum + world.signups(dataset, day), 0) },
    campaigns: { total: dataset.campaigns.length, active: dataset.campaigns.filter((c) => c.status === "active").length },
    // The document's overview rates are over sent (0.30 = 43500 / 145000).
    messages: { total: sent + failed, sent, opened, clicked, openRate: fraction(opened, sent), clickRate: fraction(clicked, sent) },
    events: { total: days.reduce((sum, day) => sum + world.allEvents(dataset, day), 0) },
  });
}

function messagesJson(total: number, counts: Counts, failed: number) {
  // The document's campaign rates are over delivered (0.30 = 3360 / 11200, 0.018 = 200 / 11200).
  return {
    total,
    sent: counts.sent,
    delivered: counts.delivered,
    opened: counts.opened,
    clicked: counts.clicked,
    bounced: counts.bounced,
    failed,
    openRate: fraction(counts.opened, counts.delivered),
    clickRate: fraction(counts.clicked, counts.delivered),
    bounceRate: fraction(counts.bounced, counts.delivered),
  };
}

function campaign({ dataset, params, query }: RouteContext): ApiResult {
  const days = periodParam(query);
  const id = params.campaignId ?? "";
  const found = world.campaignByOsId(dataset, id);
  if (!found) throw new ApiError(404, "NOT_FOUND", `Campaign not found: ${id.slice(0, 64)}`);
  const counts = dataset.sumRange(found, ...windowMs(dataset, days));
  const failed = world.failedFor(dataset, found, counts.sent);
  const total = counts.sent + failed;
  const push = Math.round(total * world.pushShare(dataset, found));
  const ever = dataset.sumRange(found, dataset.firstDay * 86_400_000, dataset.nowMs);
  return bare({
    campaign: { id: world.campaignOsId(found), name: found.name },
    enrollments: world.enrollments(dataset, found, ever.sent),
    messages: messagesJson(total, counts, failed),
    statusBreakdown: [
      { status: "DELIVERED", _count: counts.delivered },
      { status: "OPENED", _count: counts.opened },
      { status: "CLICKED", _count: counts.clicked },
      { status: "BOUNCED", _count: counts.bounced },
      { status: "FAILED", _count: failed },
    ],
    channelBreakdown: [
      { channel: "EMAIL", _count: total - push },
      ...(push > 0 ? [{ channel: "PUSH", _count: push }] : []),
    ],
    abTests: world.abTests(dataset, found, counts),
  });
}

function timeseries({ dataset, query }: RouteContext): ApiResult {
  const days = daysParam(query);
  return bare({
    period: `${days}d`,
    series: world.lookbackDays(dataset, days).map((day) => {
      const messages = world.dayMessages(dataset, day);
      const failed = dataset.campaigns.reduce((sum, c) => sum + world.failedFor(dataset, c, dataset.dailyCounts(c, day).sent), 0);
      return {
        date: isoDate(day),
        events: world.allEvents(dataset, day, messages),
        contacts: world.signups(dataset, day),
        messages: messages.sent + failed,
        opens: messages.opened,
        clicks: messages.clicked,
      };
    }),
  });
}

function attribution({ dataset, query }: RouteContext): ApiResult {
  const days = daysParam(query);
  const result = world.attribution(dataset, world.lookbackDays(dataset, days));
  return bare({ period: `${days}d`, sources: result.rows, totalAttributedEvents: result.totalAttributedEvents, conversions: result.conversions });
}

function eventTypes(raw: string | null, name: string): world.EventType[] {
  if (raw === null || raw.trim() === "") throw badRequest(`${name} is required: comma-separated event types, e.g. page_view,signup,purchase`);
  return raw.split(",").map((step) => {
    const type = step.trim();
    if (!world.isEventType(type)) throw badRequest(`Unknown event type ${JSON.stringify(type.slice(0, 40))}; known types: ${world.EVENT_TYPES.join(", ")}`);
    return type;
  });
}

function funnel({ dataset, query }: RouteContext): ApiResult {
  const steps = eventTypes(query.get("steps"), "steps");
  const days = daysParam(query);
  const counts = world.funnelCounts(dataset, steps, world.lookbackDays(dataset, days));
  return bare({
    period: `${days}d`,
    steps: steps.map((step, i) => {
      const previous = i === 0 ? (counts[0] ?? 0) : (counts[i - 1] ?? 0);
      const count = counts[i] ?? 0;
      return { step, count, dropoff: previous - count, conversionFromPrevious: i === 0 ? 1 : fraction(count, previous) };
    }),
    overallConversion: fraction(counts.at(-1) ?? 0, counts[0] ?? 0),
  });
}

function cohorts({ dataset, query }: RouteContext): ApiResult {
  const days = daysParam(query);
  const metric = query.get("metric") ?? "events";
  if (metric !== "events" && !world.isEventType(metric)) throw badRequest(`Unknown metric ${JSON.stringify(metric.slice(0, 40))}; use events or an event type`);
  return bare({
    period: `${days}d`,
    metric,
    // Retention values are counts of contacts (the sandbox's reading of the document's ambiguous example).
    cohorts: world.cohorts(dataset, days, metric).map((cohort) => {
      const active = cohort.retained.at(-1) ?? 0;
      return {
        cohort: isoDate(cohort.startDay),
        size: cohort.size,
        activeContacts: active,
        retentionRate: fraction(active, cohort.size),
        retention: Object.fromEntries(cohort.retained.map((value, week) => [`week_${week}`, value])),
      };
    }),
  });
}

export const CAMPAIGNOS_ROUTES: readonly RouteDefinition[] = [
  { method: "GET", path: CAMPAIGNOS_BASE, rateClass: "overview", handler: overview },
  { method: "GET", path: `${CAMPAIGNOS_BASE}/campaigns/:campaignId`, rateClass: "campaign", handler: campaign },
  { method: "GET", path: `${CAMPAIGNOS_BASE}/timeseries`, rateClass: "overview", handler: timeseries },
  { method: "GET", path: `${CAMPAIGNOS_BASE}/attribution`, rateClass: "overview", handler: attribution },
  { method: "GET", path: `${CAMPAIGNOS_BASE}/funnel`, rateClass: "overview", handler: funnel },
  { method: "GET", path: `${CAMPAIGNOS_BASE}/cohorts`, rateClass: "overview", handler: cohorts },
];
