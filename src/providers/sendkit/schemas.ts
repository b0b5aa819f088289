/**
 * The answer of SendKit's one endpoint (document 004), checked on arrival. Counts only: the API
 * sends no rates.
 */
import * as v from "valibot";

const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const StepRowSchema = v.looseObject({
  _id: v.looseObject({
    sequenceStep: count,
    /** null: no A/B test on this step. */
    variant: v.nullable(v.string()),
  }),
  sent: count,
  opened: count,
  clicked: count,
  bounced: count,
});

export const SendkitAnalyticsSchema = v.looseObject({
  campaign: v.looseObject({
    id: v.string(),
    name: v.string(),
    status: v.string(),
    startedAt: v.nullish(v.string()),
  }),
  stats: v.looseObject({
    sent: count,
    delivered: count,
    opened: count,
    clicked: count,
    replied: count,
    bounced: count,
    unsubscribed: count,
  }),
  stepAnalytics: v.array(StepRowSchema),
  statusBreakdown: v.looseObject({
    active: count,
    completed: count,
    bounced: count,
    unsubscribed: count,
    replied: count,
    removed: count,
  }),
  totalReplied: count,
});

export type StepRow = v.InferOutput<typeof StepRowSchema>;
export type SendkitAnalytics = v.InferOutput<typeof SendkitAnalyticsSchema>;
