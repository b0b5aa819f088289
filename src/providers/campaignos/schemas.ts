/**
 * CampaignOS's answers (document 002) as valibot schemas: bare objects, rates as fractions 0–1.
 * Checked on arrival, so a missing field or a rate above 1 is a one-line error (exit 1).
 */
import * as v from "valibot";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const fraction = v.pipe(v.number(), v.minValue(0, "a rate must be a fraction from 0 to 1"), v.maxValue(1, "a rate must be a fraction from 0 to 1"));
const label = v.pipe(v.string(), v.maxLength(200));

export const OverviewSchema = v.looseObject({
  contacts: v.looseObject({ total: count, new: count }),
  campaigns: v.looseObject({ total: count, active: count }),
  messages: v.looseObject({ total: count, sent: count, opened: count, clicked: count, openRate: fraction, clickRate: fraction }),
  events: v.looseObject({ total: count }),
});

export const CampaignSchema = v.looseObject({
  campaign: v.looseObject({ id: label, name: label }),
  enrollments: v.optional(v.looseObject({ total: count, active: count, completed: count })),
  messages: v.looseObject({
    total: v.optional(count),
    sent: count,
    delivered: v.optional(count),
    opened: count,
    clicked: count,
    bounced: v.optional(count),
    failed: v.optional(count),
    openRate: fraction,
    clickRate: fraction,
    bounceRate: v.optional(fraction),
  }),
  statusBreakdown: v.optional(v.array(v.looseObject({ status: label, _count: count }))),
  channelBreakdown: v.optional(v.array(v.looseObject({ channel: label, _count: count }))),
  abTests: v.optional(
    v.array(v.looseObject({ id: label, name: label, variants: v.array(v.looseObject({ name: label, sent: count, opened: count })) })),
  ),
});

export const TimeseriesSchema = v.looseObject({
  period: v.optional(label),
  series: v.array(
    v.looseObject({ date: v.pipe(v.string(), v.isoDate()), events: count, contacts: count, messages: count, opens: count, clicks: count }),
  ),
});

export const AttributionSchema = v.looseObject({
  period: v.optional(label),
  sources: v.array(
    v.looseObject({ source: v.nullish(label), medium: v.nullish(label), campaign: v.nullish(label), uniqueVisitors: count, totalEvents: count }),
  ),
  totalAttributedEvents: count,
  conversions: count,
});

export const FunnelSchema = v.looseObject({
  period: v.optional(label),
  steps: v.pipe(
    v.array(v.looseObject({ step: label, count, dropoff: v.number(), conversionFromPrevious: fraction })),
    v.minLength(1, "a funnel needs at least one step"),
  ),
  overallConversion: fraction,
});

export const CohortsSchema = v.looseObject({
  period: v.optional(label),
  metric: v.optional(label),
  cohorts: v.array(
    v.looseObject({
      cohort: label,
      size: count,
      activeContacts: v.optional(count),
      retentionRate: v.optional(fraction),
      retention: v.record(v.pipe(v.string(), v.regex(/^week_\d{1,3}$/, "retention keys are week_N")), v.pipe(v.number(), v.minValue(0))),
    }),
  ),
});

export type RawOverview = v.InferOutput<typeof OverviewSchema>;
export type RawCampaign = v.InferOutput<typeof CampaignSchema>;
export type RawTimeseries = v.InferOutput<typeof TimeseriesSchema>;
export type RawAttribution = v.InferOutput<typeof AttributionSchema>;
export type RawFunnel = v.InferOutput<typeof FunnelSchema>;
export type RawCohorts = v.InferOutput<typeof CohortsSchema>;
