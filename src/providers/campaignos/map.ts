/**
 * CampaignOS answers → the common shapes (views.ts, shapes.ts). Also the checks a schema cannot
 * express: a funnel that grows, retention above the cohort's size, attributed events that exceed
 * their total. Each is a `Malformed` (exit 1, one line).
 */
import { verdict } from "../../stats/significance.js";
import type { Timeline } from "../shapes.js";
import type { AbTest, Attribution, Cohorts, CohortRow, Funnel, MessagesCampaign, MessagesOverview, RetentionUnit } from "../views.js";
import type { RawAttribution, RawCampaign, RawCohorts, RawFunnel, RawOverview, RawTimeseries } from "./schemas.js";

/** A body that passed its schema but contradicts itself. */
export class Malformed extends Error {}

/** A fraction as a percentage: ×100, with the float noise of the multiplication removed (0.07 → 7, not 7.000000000000001). */
export function percent(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}

const lower = (value: string): string => value.toLowerCase();

export function mapOverview(raw: RawOverview, workspaceId: string): MessagesOverview {
  const m = raw.messages;
  return {
    provider: "campaignos",
    workspace_id: workspaceId,
    // The document: "Returns summary metrics for the last 30 days"; it takes no period.
    period: "30d",
    summary: {
      total_campaigns: raw.campaigns.total,
      active_campaigns: raw.campaigns.active,
      messages_total: m.total,
      messages_sent: m.sent,
      messages_opened: m.opened,
      messages_clicked: m.clicked,
    },
    rates: { open_rate: percent(m.openRate), click_rate: percent(m.clickRate) },
    rate_basis: { open_rate: "sent", click_rate: "sent" },
    contacts: { total: raw.contacts.total, new: raw.contacts.new },
    events: { total: raw.events.total },
  };
}

function abTest(test: NonNullable<RawCampaign["abTests"]>[number]): AbTest {
  for (const variant of test.variants) {
    if (variant.opened > variant.sent) throw new Malformed(`A/B test ${test.id}: variant "${variant.name}" opened ${variant.opened} of ${variant.sent} sent`);
  }
  const variants = test.variants.map((variant) => ({
    name: variant.name,
    sent: variant.sent,
    opened: variant.opened,
    ...(variant.sent > 0 ? { open_rate: (variant.opened / variant.sent) * 100 } : {}),
  }));
  const groups = test.variants.filter((variant) => variant.sent > 0).map((variant) => ({ id: variant.name, successes: variant.opened, trials: variant.sent }));
  if (groups.length < 2) return { id: test.id, name: test.name, variants };
  const result = verdict(groups, false);
  return {
    id: test.id,
    name: test.name,
    variants,
    statistical_significance: {
      metric: "open_rate",
      ...(result.is_significant && result.leader !== undefined ? { winner: result.leader } : {}),
      p_value: result.p_value,
      is_significant: result.is_significant,
      test: result.test,
    },
  };
}

export function mapCampaign(raw: RawCampaign, period: string): MessagesCampaign {
  const m = raw.messages;
  if (m.delivered !== undefined && m.delivered > m.sent) throw new Malformed(`messages.delivered ${m.delivered} is more than messages.sent ${m.sent}`);
  const basis = m.delivered !== undefined ? "delivered" : "sent";
  return {
    provider: "campaignos",
    campaign_id: raw.campaign.id,
    campaign_name: raw.campaign.name,
    period,
    summary: {
      ...(m.total !== undefined ? { messages_total: m.total } : {}),
      messages_sent: m.sent,
      ...(m.delivered !== undefined ? { messages_delivered: m.delivered } : {}),
      messages_opened: m.opened,
      messages_clicked: m.clicked,
      ...(m.bounced !== undefined ? { messages_bounced: m.bounced } : {}),
      ...(m.failed !== undefined ? { messages_failed: m.failed } : {}),
    },
    rates: { open_rate: percent(m.openRate), click_rate: percent(m.clickRate), ...(m.bounceRate !== undefined ? { bounce_rate: percent(m.bounceRate) } : {}) },
    // The document's campaign rates are over delivered (0.30 = 3360 / 11200; 0.018 = 200 / 11200).
    rate_basis: { open_rate: basis, click_rate: basis, ...(m.bounceRate !== undefined ? { bounce_rate: basis } : {}) },
    ...(raw.enrollments ? { enrollments: { total: raw.enrollments.total, active: raw.enrollments.active, completed: raw.enrollments.completed } } : {}),
    ...(raw.statusBreakdown ? { statuses: raw.statusBreakdown.map((s) => ({ status: lower(s.status), messages: s._count })) } : {}),
    ...(raw.channelBreakdown ? { channels: raw.channelBreakdown.map((c) => ({ channel: lower(c.channel), messages: c._count })) } : {}),
    ...(raw.abTests ? { ab_tests: raw.abTests.map(abTest) } : {}),
  };
}

export function mapTimeline(raw: RawTimeseries): Timeline {
  const first = raw.series[0]?.date;
  const last = raw.series.at(-1)?.date;
  return {
    provider: "campaignos",
    ...(first && last ? { time_range: { start: first, end: last } } : { time_range: { start: "", end: "" } }),
    time_series: raw.series.map((point) => ({
      date: point.date,
      events: point.events,
      contacts: point.contacts,
      messages: point.messages,
      opened: point.opens,
      clicked: point.clicks,
    })),
  };
}

export function mapFunnel(raw: RawFunnel, days: number): Funnel {
  raw.steps.forEach((step, i) => {
    const previous = raw.steps[i - 1];
    if (previous && step.count > previous.count) {
      throw new Malformed(`funnel step "${step.step}" counts ${step.count}, more than the ${previous.count} of the step before it`);
    }
  });
  return {
    provider: "campaignos",
    period: raw.period ?? `${days}d`,
    steps: raw.steps.map((step) => ({ step: step.step, count: step.count, dropoff: step.dropoff, conversion_from_previous: percent(step.conversionFromPrevious) })),
    overall_conversion: percent(raw.overallConversion),
    rate_basis: { conversion_from_previous: "previous_step", overall_conversion: "first_step" },
  };
}

type RawCohort = RawCohorts["cohorts"][number];

function weekValues(cohort: RawCohort): Array<[number, number]> {
  return Object.entries(cohort.retention)
    .map(([key, value]): [number, number] => [Number(key.slice(5)), value])
    .sort((a, b) => a[0] - b[0]);
}

/**
 * What a cohort's values say about their unit. Counts: a value above 100, or week 0 equal to a
 * size other than 100. Percentages: a value above the size, or week 0 equal to 100 with a size
 * other than 100. A value above both is impossible either way.
 */
function evidence(cohort: RawCohort): RetentionUnit {
  const values = weekValues(cohort).map(([, value]) => value);
  const top = Math.max(0, ...values);
  if (top > Math.max(100, cohort.size)) {
    throw new Malformed(`cohort ${cohort.cohort}: retention ${top} is above both its size ${cohort.size} and 100%`);
  }
  const week0 = cohort.retention.week_0;
  if (top > 100 || (cohort.size !== 100 && week0 === cohort.size)) return "count";
  if (top > cohort.size || (cohort.size !== 100 && week0 === 100)) return "percent";
  return "unknown";
}

/** The unit of the whole answer: one reading must fit every cohort. */
export function retentionUnit(cohorts: readonly RawCohort[]): RetentionUnit {
  const seen = new Set(cohorts.map(evidence));
  seen.delete("unknown");
  if (seen.size > 1) throw new Malformed("cohort retention reads as counts in one cohort and as percentages in another");
  return [...seen][0] ?? "unknown";
}

function cohortRow(cohort: RawCohort, unit: RetentionUnit): CohortRow {
  const weeks = weekValues(cohort).map(([week, value]) => {
    if (unit === "count") return { week, retained: value, ...(cohort.size > 0 ? { retention: (value / cohort.size) * 100 } : {}) };
    if (unit === "percent") return { week, retention: value };
    return { week, value };
  });
  return {
    cohort: cohort.cohort,
    size: cohort.size,
    ...(cohort.activeContacts !== undefined ? { active_contacts: cohort.activeContacts } : {}),
    ...(cohort.retentionRate !== undefined ? { retention_rate: percent(cohort.retentionRate) } : {}),
    weeks,
  };
}

export function mapCohorts(raw: RawCohorts, days: number, metric: string): Cohorts {
  for (const cohort of raw.cohorts) {
    if (cohort.activeContacts !== undefined && cohort.activeContacts > cohort.size) {
      throw new Malformed(`cohort ${cohort.cohort}: ${cohort.activeContacts} active contacts out of ${cohort.size}`);
    }
  }
  const unit = retentionUnit(raw.cohorts);
  return {
    provider: "campaignos",
    period: raw.period ?? `${days}d`,
    metric: raw.metric ?? metric,
    retention_unit: unit,
    cohorts: raw.cohorts.map((cohort) => cohortRow(cohort, unit)),
    rate_basis: { retention_rate: "cohort_size", ...(unit === "unknown" ? {} : { retention: "cohort_size" }) },
  };
}

export function mapAttribution(raw: RawAttribution, days: number): Attribution {
  const listed = raw.sources.reduce((sum, source) => sum + source.totalEvents, 0);
  if (listed > raw.totalAttributedEvents) {
    throw new Malformed(`attribution sources add up to ${listed} events, more than totalAttributedEvents ${raw.totalAttributedEvents}`);
  }
  for (const source of raw.sources) {
    if (source.uniqueVisitors > source.totalEvents) {
      throw new Malformed(`attribution source ${source.source ?? "(none)"}: ${source.uniqueVisitors} visitors but only ${source.totalEvents} events`);
    }
  }
  return {
    provider: "campaignos",
    period: raw.period ?? `${days}d`,
    sources: raw.sources
      .map((source) => ({
        source: source.source ?? "(none)",
        medium: source.medium ?? "(none)",
        campaign: source.campaign ?? "(none)",
        unique_visitors: source.uniqueVisitors,
        total_events: source.totalEvents,
      }))
      .sort((a, b) => b.unique_visitors - a.unique_visitors || b.total_events - a.total_events),
    total_attributed_events: raw.totalAttributedEvents,
    conversions: raw.conversions,
  };
}
