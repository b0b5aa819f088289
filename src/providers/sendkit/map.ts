/**
 * SendKit's answer → the common campaign shape. The API sends counts only, so every rate is the
 * CLI's, over the Tenant denominators (api-docs README decision 5), and `rate_basis` says so.
 *
 * Three reply figures (README, "SendKit"): the funnel uses `stats.replied` (counted like the other
 * stats, so the reply rate sits on the same basis as the open rate), the lead-status section uses
 * `statusBreakdown.replied` (leads whose status is replied), and `totalReplied` is kept as
 * `total_replied`. When they disagree the caller is told, never a silent pick.
 */
import { ApiError } from "../../errors.js";
import { verdict } from "../../stats/significance.js";
import type { RateTable } from "../local/compare.js";
import type { RateBasis } from "../shapes.js";
import type { SendkitAnalytics, StepRow } from "./schemas.js";
import { STEP_METRICS, type SendkitCampaign, type Step, type StepCounts, type StepMetric, type StepSignificance, type StepVariant } from "./shape.js";

/** Each rate as the CLI computes it from SendKit's counts (the Tenant denominators); also what local compare compares. */
export const SENDKIT_RATES = {
  delivery_rate: { successes: "emails_delivered", trials: "emails_sent", basis: "sent" },
  open_rate: { successes: "emails_opened", trials: "emails_delivered", basis: "delivered" },
  click_rate: { successes: "emails_clicked", trials: "emails_delivered", basis: "delivered" },
  click_to_open_rate: { successes: "emails_clicked", trials: "emails_opened", basis: "opened" },
  reply_rate: { successes: "emails_replied", trials: "emails_delivered", basis: "delivered" },
  bounce_rate: { successes: "emails_bounced", trials: "emails_sent", basis: "sent" },
  unsubscribe_rate: { successes: "unsubscribes", trials: "emails_sent", basis: "sent" },
} as const satisfies RateTable;

export const RATE_BASIS: RateBasis = Object.fromEntries(Object.entries(SENDKIT_RATES).map(([metric, definition]) => [metric, definition.basis]));

export const STEP_RATE_BASIS: RateBasis = { open_rate: "sent", click_rate: "sent", bounce_rate: "sent" };

/** Which count each step metric counts; bounces are better low. */
const STEP_METRIC_COUNT: Record<StepMetric, "opened" | "clicked" | "bounced"> = { open_rate: "opened", click_rate: "clicked", bounce_rate: "bounced" };

/** `{[name]: part / whole × 100}` at full precision, or nothing over a zero denominator (the key is absent). */
function rate(name: string, part: number, whole: number): Record<string, number> {
  return whole === 0 ? {} : { [name]: (part / whole) * 100 };
}

function stepCounts(rows: readonly StepRow[]): StepCounts {
  const sum = (key: "sent" | "opened" | "clicked" | "bounced"): number => rows.reduce((total, row) => total + row[key], 0);
  const sent = sum("sent");
  const opened = sum("opened");
  const clicked = sum("clicked");
  const bounced = sum("bounced");
  return { sent, opened, clicked, bounced, ...rate("open_rate", opened, sent), ...rate("click_rate", clicked, sent), ...rate("bounce_rate", bounced, sent) };
}

function significance(variants: readonly StepVariant[]): StepSignificance[] {
  return STEP_METRICS.map((metric) => {
    const key = STEP_METRIC_COUNT[metric];
    const result = verdict(
      variants.map((variant) => ({ id: variant.variant, successes: variant[key], trials: variant.sent })),
      metric === "bounce_rate",
    );
    return {
      metric,
      test: result.test,
      ...(result.is_significant && result.leader !== undefined ? { winner: result.leader } : {}),
      p_value: result.p_value,
      is_significant: result.is_significant,
    };
  });
}

/**
 * Groups the rows by step (ascending, numbers as sent: 0 and 2 stay 0 and 2). `variant: null`
 * means the step has no A/B test; two rows for one step and variant, or a step with both a
 * null and a lettered variant, is a malformed answer.
 */
export function groupSteps(rows: readonly StepRow[], label: string): Step[] {
  const byStep = new Map<number, StepRow[]>();
  for (const row of rows) {
    const list = byStep.get(row._id.sequenceStep) ?? [];
    const clash = list.find((other) => other._id.variant === row._id.variant);
    if (clash) {
      const variant = row._id.variant === null ? "without a variant" : `variant ${JSON.stringify(row._id.variant)}`;
      throw new ApiError(`malformed response to ${label}: stepAnalytics has two rows for step ${row._id.sequenceStep} ${variant}`);
    }
    list.push(row);
    byStep.set(row._id.sequenceStep, list);
  }
  return [...byStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, list]) => {
      const lettered = list.filter((row) => row._id.variant !== null);
      if (lettered.length === 0) return { step, ...stepCounts(list) };
      if (lettered.length !== list.length) {
        throw new ApiError(`malformed response to ${label}: step ${step} has rows both with and without a variant`);
      }
      const variants = lettered
        .map((row) => ({ variant: row._id.variant as string, ...stepCounts([row]) }))
        .sort((a, b) => a.variant.localeCompare(b.variant));
      return { step, ...stepCounts(list), variants, ...(variants.length >= 2 ? { significance: significance(variants) } : {}) };
    });
}

/** The one-line warning when the three reply figures disagree, or undefined when they agree. */
export function replyDisagreement(data: SendkitAnalytics): string | undefined {
  const figures = { "stats.replied": data.stats.replied, totalReplied: data.totalReplied, "statusBreakdown.replied": data.statusBreakdown.replied };
  if (new Set(Object.values(figures)).size === 1) return undefined;
  const listed = Object.entries(figures)
    .map(([name, value]) => `${name} ${value}`)
    .join(", ");
  return `SendKit's reply counts disagree (${listed}); the funnel uses stats.replied, lead status uses statusBreakdown.replied`;
}

/** The common campaign shape for one SendKit answer. */
export function toCampaign(data: SendkitAnalytics, label: string): SendkitCampaign {
  const { campaign, stats, statusBreakdown: leads } = data;
  return {
    provider: "sendkit",
    campaign_id: campaign.id,
    campaign_name: campaign.name,
    status: campaign.status.toLowerCase(),
    ...(campaign.startedAt ? { started_at: campaign.startedAt } : {}),
    summary: {
      emails_sent: stats.sent,
      emails_delivered: stats.delivered,
      emails_opened: stats.opened,
      emails_clicked: stats.clicked,
      emails_replied: stats.replied,
      emails_bounced: stats.bounced,
      unsubscribes: stats.unsubscribed,
    },
    rates: {
      ...rate("delivery_rate", stats.delivered, stats.sent),
      ...rate("open_rate", stats.opened, stats.delivered),
      ...rate("click_rate", stats.clicked, stats.delivered),
      ...rate("click_to_open_rate", stats.clicked, stats.opened),
      ...rate("reply_rate", stats.replied, stats.delivered),
      ...rate("bounce_rate", stats.bounced, stats.sent),
      ...rate("unsubscribe_rate", stats.unsubscribed, stats.sent),
    },
    rate_basis: RATE_BASIS,
    total_replied: data.totalReplied,
    steps: groupSteps(data.stepAnalytics, label),
    step_rate_basis: STEP_RATE_BASIS,
    lead_status: {
      active: leads.active,
      completed: leads.completed,
      bounced: leads.bounced,
      unsubscribed: leads.unsubscribed,
      replied: leads.replied,
      removed: leads.removed,
    },
  };
}
